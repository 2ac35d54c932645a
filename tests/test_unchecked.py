"""The rule under ``verified: true``: nothing vcler cannot check counts as verified.

A proof of a suite vcler does not implement, an envelope it cannot open, a status mechanism it
does not know: each makes the result not verified, with a code that says "unsupported" and a
pointer to the spot — never a silent skip.
"""

from __future__ import annotations

import copy
from datetime import datetime, timezone
from typing import Any

import pytest

import vcler
from vcler.cli._demo import example_credential

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
CREATED = "2026-11-28T11:00:00Z"
V2 = "https://www.w3.org/ns/credentials/v2"
# A compact JWS with alg "none" (the envelope an attacker would choose), here only as the
# content of a data: URL whose media type vcler does not know.
ALG_NONE_JWT = "eyJhbGciOiJub25lIn0.eyJpc3MiOiJkaWQ6ZXhhbXBsZTppc3N1ZXIifQ."


@pytest.fixture(scope="module")
def key() -> vcler.KeyPair:
    return vcler.generate_key("Ed25519")


@pytest.fixture(scope="module")
def signed(key: vcler.KeyPair) -> dict[str, Any]:
    credential = example_credential()
    credential["issuer"]["id"] = key.controller
    return vcler.issue(credential, signer=key, created=CREATED)


def enveloped(media_type: str, payload: str = ALG_NONE_JWT) -> dict[str, Any]:
    return {
        "@context": [V2],
        "type": "EnvelopedVerifiableCredential",
        "id": f"data:{media_type},{payload}",
    }


def with_proof(signed: dict[str, Any], **proof: Any) -> dict[str, Any]:
    document = copy.deepcopy(signed)
    document["proof"] = {**document["proof"], **proof}
    return document


def with_status(signed: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
    document = copy.deepcopy(signed)
    document["credentialStatus"] = entry
    return document


def test_the_signed_credential_itself_verifies(signed: dict[str, Any]) -> None:
    assert vcler.verify(signed, now=NOW).verified


@pytest.mark.parametrize(
    ("make", "code", "pointer"),
    [
        (
            lambda s: with_proof(s, cryptosuite="mldsa44-rdfc-2024"),
            "UNSUPPORTED_CRYPTOSUITE",
            "/proof/cryptosuite",
        ),
        (
            lambda s: with_proof(s, type="RsaSignature2018", cryptosuite=None),
            "UNSUPPORTED_CRYPTOSUITE",
            "/proof/type",
        ),
        (lambda s: enveloped("application/x-unknown"), "UNSUPPORTED_ENVELOPE", ""),
        (
            lambda s: with_status(
                s,
                {
                    "id": "https://college.example/status#1",
                    "type": "RevocationList2020Status",
                    "revocationListIndex": "1",
                    "revocationListCredential": "https://college.example/status",
                },
            ),
            "UNSUPPORTED_STATUS_TYPE",
            "/credentialStatus/type",
        ),
    ],
    ids=[
        "unknown-cryptosuite",
        "legacy-proof-type",
        "enveloped-unknown-media-type",
        "unknown-status-type",
    ],
)
def test_what_vcler_cannot_check_is_not_verified(
    signed: dict[str, Any], make: Any, code: str, pointer: str
) -> None:
    document = make(signed)
    result = vcler.verify(document, now=NOW)
    assert not result.verified
    found = [p for p in result.problems if p.code == code]
    assert found, result.problems
    assert found[0].pointer == pointer
    # Even a lenient verifier (status failures as warnings) does not let it through.
    lenient = vcler.verify(document, now=NOW, status_fail_closed=False)
    assert not lenient.verified


def test_an_enveloped_credential_inside_a_presentation_fails_it(
    key: vcler.KeyPair, signed: dict[str, Any]
) -> None:
    presentation = vcler.present(
        [signed, enveloped("application/x-unknown")], signer=key, challenge="c-1"
    )
    result = vcler.verify(presentation, challenge="c-1", now=NOW)
    assert not result.verified
    assert [(p.code, p.pointer) for p in result.problems] == [
        ("UNSUPPORTED_ENVELOPE", "/verifiableCredential/1")
    ]
    assert [c.verified for c in result.credentials] == [True, False]


def test_status_checks_turned_off_leave_a_warning(signed: dict[str, Any]) -> None:
    document = with_status(
        signed,
        {
            "id": "https://college.example/status/1#5",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "5",
            "statusListCredential": "https://college.example/status/1",
        },
    )
    # (the proof no longer covers the added status: only the warning is looked at here)
    result = vcler.verify(document, now=NOW, check_status=False)
    assert [w.code for w in result.warnings] == ["STATUS_NOT_CHECKED"]
