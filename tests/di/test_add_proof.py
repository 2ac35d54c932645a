"""add_proof: options, proof sets and chains, context injection, misuse."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from vcler.di import SUITES, add_proof, get_suite
from vcler.errors import InputError, ProofError, UnknownSuiteError
from vcler.keys import KeyPair

from ._helpers import CREATED, credential, ecdsa_key, eddsa_key, verified, verify


def test_input_is_not_modified_and_output_is_new() -> None:
    document = credential()
    signed = add_proof(document, signer=eddsa_key(), created=CREATED)
    assert document == credential()
    assert "proof" not in document
    signed["credentialSubject"]["alumniOf"] = "changed"
    assert document["credentialSubject"]["alumniOf"] == "The School of Examples"


def test_created_defaults_to_now_without_fractional_seconds() -> None:
    now = datetime(2024, 3, 4, 5, 6, 7, 891011, tzinfo=timezone(timedelta(hours=2)))
    signed = add_proof(credential(), signer=eddsa_key(), now=now)
    assert signed["proof"]["created"] == "2024-03-04T03:06:07Z"
    naive = add_proof(credential(), signer=eddsa_key(), now=datetime(2024, 1, 2, 3, 4, 5))
    assert naive["proof"]["created"] == "2024-01-02T03:04:05Z"


def test_created_false_omits_it_and_datetime_is_formatted() -> None:
    signed = add_proof(credential(), signer=eddsa_key(), created=False)
    assert "created" not in signed["proof"]
    assert verified(verify(signed))
    moment = datetime(2023, 2, 24, 23, 36, 38, tzinfo=timezone.utc)
    assert (
        add_proof(credential(), signer=eddsa_key(), created=moment)["proof"]["created"] == CREATED
    )


@pytest.mark.parametrize("value", ["2023-02-24", "2023-02-24T23:36:38", "soon", 5])
def test_created_must_be_a_date_time_stamp(value: Any) -> None:
    with pytest.raises(ProofError):
        add_proof(credential(), signer=eddsa_key(), created=value)


def test_options_are_written_into_the_proof() -> None:
    signed = add_proof(
        credential(),
        signer=eddsa_key(),
        created=CREATED,
        expires="2030-01-01T00:00:00Z",
        purpose="authentication",
        challenge="c-1",
        domain=["a.example", "b.example"],
        proof_id="urn:uuid:1",
    )
    proof = signed["proof"]
    assert proof["id"] == "urn:uuid:1"
    assert proof["expires"] == "2030-01-01T00:00:00Z"
    assert proof["proofPurpose"] == "authentication"
    assert proof["challenge"] == "c-1"
    assert proof["domain"] == ["a.example", "b.example"]
    assert proof["verificationMethod"] == eddsa_key().id
    assert verified(
        verify(
            signed,
            expected_purpose="authentication",
            challenge="c-1",
            domain=["b.example", "a.example"],
        )
    )


def test_proof_set_and_chain() -> None:
    first = add_proof(credential(), signer=eddsa_key(), created=CREATED, proof_id="urn:proof:1")
    assert isinstance(first["proof"], dict)
    second = add_proof(first, signer=ecdsa_key("p256"), suite="ecdsa-rdfc-2019", created=CREATED)
    assert isinstance(second["proof"], list) and len(second["proof"]) == 2
    third = add_proof(
        second,
        signer=ecdsa_key("p384"),
        suite="ecdsa-jcs-2019",
        created=CREATED,
        previous_proof="urn:proof:1",
    )
    assert third["proof"][2]["previousProof"] == "urn:proof:1"
    results = verify(third)
    assert [r.verified for r in results] == [True, True, True], [r.to_json() for r in results]


def test_previous_proof_must_exist() -> None:
    first = add_proof(credential(), signer=eddsa_key(), created=CREATED, proof_id="urn:proof:1")
    with pytest.raises(ProofError):
        add_proof(first, signer=eddsa_key(), previous_proof="urn:proof:2")
    with pytest.raises(ProofError):
        add_proof(first, signer=eddsa_key(), previous_proof=["urn:proof:1", "urn:proof:2"])


def test_context_injection_for_a_v1_credential() -> None:
    document = {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer",
        "issuanceDate": "2020-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:subject"},
    }
    signed = add_proof(document, signer=eddsa_key(), created=CREATED)
    assert signed["@context"][-1] == "https://w3id.org/security/data-integrity/v2"
    assert verified(verify(signed))
    legacy = add_proof(document, signer=eddsa_key(), suite="Ed25519Signature2020", created=CREATED)
    assert legacy["@context"][-1] == "https://w3id.org/security/suites/ed25519-2020/v1"
    assert verified(verify(legacy))


def test_jcs_leaves_a_document_without_context_alone() -> None:
    document = {"hello": "world", "count": 3}
    signed = add_proof(document, signer=eddsa_key(), suite="eddsa-jcs-2022", created=CREATED)
    assert "@context" not in signed and "@context" not in signed["proof"]
    assert verified(verify(signed))
    signed["count"] = 4
    assert not verified(verify(signed))


def test_jcs_proof_carries_the_document_context() -> None:
    signed = add_proof(credential(), signer=eddsa_key(), suite="eddsa-jcs-2022", created=CREATED)
    assert signed["proof"]["@context"] == credential()["@context"]


def test_key_must_fit_the_suite() -> None:
    with pytest.raises(ProofError):
        add_proof(credential(), signer=ecdsa_key("p256"), suite="eddsa-rdfc-2022")
    with pytest.raises(ProofError):
        add_proof(credential(), signer=eddsa_key(), suite="ecdsa-jcs-2019")
    with pytest.raises(ProofError):
        add_proof(credential(), signer=KeyPair.generate("P-521"), suite="ecdsa-rdfc-2019")


def test_misuse() -> None:
    with pytest.raises(UnknownSuiteError):
        add_proof(credential(), signer=eddsa_key(), suite="eddsa-2022")
    with pytest.raises(InputError):
        add_proof(credential(), signer="not a signer")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        add_proof([], signer=eddsa_key())  # type: ignore[arg-type]
    with pytest.raises(InputError):
        add_proof(credential(), signer=eddsa_key(), proof_id="no-url")
    with pytest.raises(InputError):
        add_proof({**credential(), "proof": "junk"}, signer=eddsa_key())
    with pytest.raises(InputError):
        add_proof(credential(), signer=eddsa_key(), purpose="")


def test_signer_failure_is_a_proof_error() -> None:
    class Broken:
        id = "did:example:1#key"
        algorithm = "Ed25519"

        def sign(self, data: bytes) -> bytes:
            raise RuntimeError("HSM offline")

    with pytest.raises(ProofError, match="HSM offline"):
        add_proof(credential(), signer=Broken())


def test_data_loss_raises_on_signing() -> None:
    from vcler.errors import DataLossError

    document = credential()
    document["credentialSubject"]["id"] = "relative-iri"
    with pytest.raises(DataLossError):
        add_proof(document, signer=eddsa_key())


# -- registry ------------------------------------------------------------------------------------


def test_registry() -> None:
    assert sorted(SUITES) == [
        "Ed25519Signature2018",
        "Ed25519Signature2020",
        "JsonWebSignature2020",
        "bbs-2023",
        "ecdsa-jcs-2019",
        "ecdsa-rdfc-2019",
        "ecdsa-sd-2023",
        "eddsa-jcs-2022",
        "eddsa-rdfc-2022",
    ]
    for name, suite in SUITES.items():
        assert get_suite(name) is suite
        assert get_suite(suite) is suite
        assert suite.spec.startswith(("https://www.w3.org/TR/vc-di-", "https://w3c-ccg.github.io/"))
    assert get_suite("ecdsa-rdfc-2019").hash_algorithms == {"P-256": "sha256", "P-384": "sha384"}
    with pytest.raises(TypeError):
        SUITES["x"] = SUITES["eddsa-rdfc-2022"]  # type: ignore[index]


def test_own_suite_through_allowed_suites_and_shared_transformation() -> None:
    """A Cryptosuite value can be passed instead of a name; a proof set is transformed once."""
    base = get_suite("eddsa-rdfc-2022")
    calls: list[str] = []

    def counting(document: dict[str, Any], *, hash_algorithm: str, loader: Any) -> str:
        calls.append(hash_algorithm)
        return base.transformation(document, hash_algorithm=hash_algorithm, loader=loader)

    counted = dataclasses.replace(base, transformation=counting)
    signed = credential()
    for _ in range(3):
        signed = add_proof(
            signed, signer=KeyPair.generate("Ed25519"), suite=counted, created=CREATED
        )
    assert len(calls) == 3  # one per add_proof
    calls.clear()
    results = verify(signed, allowed_suites=[counted])
    assert [r.verified for r in results] == [True, True, True]
    assert calls == ["sha256"]  # one transformation serves the whole proof set
    assert not verified(verify(signed, allowed_suites=["ecdsa-rdfc-2019"]))
