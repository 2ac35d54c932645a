"""Properties of the recipes: vcler.verify never raises and a result is always well formed."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import vcler
from vcler.cli._demo import example_credential

KEYS = (
    "@context",
    "id",
    "type",
    "issuer",
    "credentialSubject",
    "validFrom",
    "validUntil",
    "proof",
    "verifiableCredential",
    "holder",
    "credentialStatus",
    "name",
    "@id",
    "@type",
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(
        [
            "https://www.w3.org/ns/credentials/v2",
            "did:key:z6Mk",
            "VerifiableCredential",
            "VerifiablePresentation",
            "eddsa-rdfc-2022",
            "DataIntegrityProof",
        ]
    ),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), children, max_size=5)
    ),
    max_leaves=20,
)


@pytest.fixture(scope="module")
def signed() -> dict[str, Any]:
    key = vcler.generate_key("Ed25519")
    credential = example_credential()
    credential["issuer"]["id"] = key.controller
    return vcler.issue(credential, signer=key)


def _well_formed(result: vcler.VerificationResult) -> None:
    assert isinstance(result.verified, bool)
    assert result.verified == (not result.problems)
    for problem in result.problems:
        assert problem.code and isinstance(problem.message, str)
        # The last-resort guard in Verifier.verify must never be what answered: that would be
        # an exception escaping from below, i.e. a bug.
        assert not problem.message.startswith("the document could not be processed"), problem
        assert problem.pointer == "" or problem.pointer.startswith("/")
    result.to_json()


@given(json_values)
def test_verify_never_raises_on_any_json(document: Any) -> None:
    result = vcler.verify(document)
    _well_formed(result)
    assert not result.verified


@given(
    path=st.sampled_from(
        [
            ("name",),
            ("issuer", "name"),
            ("validFrom",),
            ("proof", "created"),
            ("proof", "verificationMethod"),
            ("proof", "proofPurpose"),
            ("credentialSubject", "achievement", "name"),
            ("@context", 1),
            ("credentialSubject", "id"),
            ("type", 1),
            ("proof", "proofValue"),
        ]
    ),
    value=json_values,
)
def test_any_change_to_a_signed_credential_fails_without_raising(
    signed: dict[str, Any], path: tuple[Any, ...], value: Any
) -> None:
    document = copy.deepcopy(signed)
    target: Any = document
    for step in path[:-1]:
        target = target[step]
    if target[path[-1]] == value:
        return
    target[path[-1]] = value
    result = vcler.verify(document)
    _well_formed(result)
    assert not result.verified
