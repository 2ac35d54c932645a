"""verify_proofs: error codes and pointers for every way a proof can be wrong."""

from __future__ import annotations

import copy
from datetime import datetime, timezone
from typing import Any

import pytest

from vcler.di import add_proof, verify_proofs
from vcler.errors import InputError, ResolutionError
from vcler.keys import KeyPair

from ..compiled import misuse_error
from ..vectors import read_json
from ._helpers import (
    CREATED,
    NOW,
    SUITE_KEYS,
    codes,
    credential,
    ecdsa_key,
    eddsa_key,
    public_method,
    verified,
    verify,
)


def _signed(suite: str = "eddsa-rdfc-2022", **options: Any) -> dict[str, Any]:
    key = options.pop("signer", None) or eddsa_key()
    return add_proof(credential(), signer=key, suite=suite, created=CREATED, **options)


class _SignedBySuite(dict[tuple[str, str], dict[str, Any]]):
    """Signed credentials by (suite, key type), made when first asked for."""

    def __missing__(self, key: tuple[str, str]) -> dict[str, Any]:
        suite, key_type = key
        signer = KeyPair.generate(key_type)
        self[key] = add_proof(credential(), signer=signer, suite=suite, created=CREATED)
        return self[key]


@pytest.fixture(scope="module")
def signed_by_suite() -> dict[tuple[str, str], dict[str, Any]]:
    return _SignedBySuite()


# -- tamper tests, for every suite --------------------------------------------------------------


def _tamper_claim(document: dict[str, Any]) -> None:
    document["credentialSubject"]["alumniOf"] = "Another School"


def _tamper_proof_field(document: dict[str, Any]) -> None:
    document["proof"]["created"] = "2023-02-24T23:36:39Z"


def _tamper_proof_value(document: dict[str, Any]) -> None:
    value = document["proof"]["proofValue"]
    # Flip one signature byte: decode, change, re-encode.
    from vcler.keys import MAX_SIGNATURE_BYTES
    from vcler.keys.encoding import multibase_b58_decode, multibase_b58_encode

    raw = bytearray(multibase_b58_decode(value, max_bytes=MAX_SIGNATURE_BYTES))
    raw[10] ^= 0x01
    document["proof"]["proofValue"] = multibase_b58_encode(bytes(raw))


def _tamper_context(document: dict[str, Any]) -> None:
    # Same JSON, other meaning: the example terms now map to other IRIs.
    contexts = list(document["@context"])
    contexts[1] = {"@vocab": "https://evil.example/vocab#"}
    document["@context"] = contexts


TAMPERS = {
    "claim": (_tamper_claim, {"PROOF_VERIFICATION_ERROR"}),
    "proof-field": (_tamper_proof_field, {"PROOF_VERIFICATION_ERROR"}),
    "proof-value": (_tamper_proof_value, {"PROOF_VERIFICATION_ERROR"}),
    "context": (_tamper_context, {"PROOF_VERIFICATION_ERROR"}),
}


@pytest.mark.parametrize(("suite", "key_type"), SUITE_KEYS, ids=[f"{s}-{k}" for s, k in SUITE_KEYS])
def test_each_suite_round_trips(
    signed_by_suite: dict[tuple[str, str], dict[str, Any]], suite: str, key_type: str
) -> None:
    results = verify(signed_by_suite[suite, key_type])
    assert verified(results), [r.to_json() for r in results]


@pytest.mark.parametrize("tamper", sorted(TAMPERS))
@pytest.mark.parametrize(("suite", "key_type"), SUITE_KEYS, ids=[f"{s}-{k}" for s, k in SUITE_KEYS])
def test_each_suite_detects_tampering(
    signed_by_suite: dict[tuple[str, str], dict[str, Any]], suite: str, key_type: str, tamper: str
) -> None:
    document = copy.deepcopy(signed_by_suite[suite, key_type])
    change, expected = TAMPERS[tamper]
    change(document)
    results = verify(document)
    assert not results[0].verified
    assert codes(results) == expected, [r.to_json() for r in results]


# -- required members -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "member", ["type", "verificationMethod", "proofPurpose", "proofValue", "cryptosuite"]
)
def test_missing_member_is_malformed(member: str) -> None:
    document = _signed()
    del document["proof"][member]
    (result,) = verify(document)
    assert not result.verified
    assert codes([result]) == {"MALFORMED_PROOF_ERROR"}
    assert result.problems[0].pointer == f"/proof/{member}"


def test_unknown_cryptosuite_is_unsupported() -> None:
    document = _signed()
    document["proof"]["cryptosuite"] = "bbs-2099"
    (result,) = verify(document)
    assert not result.verified
    assert [p.code for p in result.problems] == ["UNSUPPORTED_CRYPTOSUITE"]
    assert result.problems[0].pointer == "/proof/cryptosuite"
    assert "not supported" in result.problems[0].message


def test_unknown_proof_type_is_unsupported() -> None:
    document = _signed()
    document["proof"]["type"] = "RsaSignature2018"
    (result,) = verify(document)
    assert not result.verified
    assert [p.code for p in result.problems] == ["UNSUPPORTED_CRYPTOSUITE"]
    assert result.problems[0].pointer == "/proof/type"


@pytest.mark.parametrize(
    "proof",
    [
        # Legacy JWS proofs of suites vcler does not implement.
        {"type": "EcdsaSecp256k1Signature2019", "jws": "eyJhbGciOiJFUzI1NksifQ..c2ln"},
        {"type": "RsaSignature2018", "jws": "eyJhbGciOiJQUzI1NiJ9..c2ln"},
        # A suite vcler does not know, whose proof lacks nothing a DataIntegrityProof needs.
        {"type": "DataIntegrityProof", "cryptosuite": "bbs-2099"},
        {"type": "DataIntegrityProof", "cryptosuite": "ecdsa-xi-2023", "proofValue": 7},
    ],
)
def test_unsupported_proofs_are_said_before_any_field_check(proof: dict[str, Any]) -> None:
    document = _signed()
    document["proof"] = {**proof, "proofPurpose": "assertionMethod"}
    (result,) = verify(document)
    assert not result.verified
    assert [p.code for p in result.problems] == ["UNSUPPORTED_CRYPTOSUITE"]


def test_a_proof_without_a_type_is_still_malformed() -> None:
    document = _signed()
    del document["proof"]["type"]
    (result,) = verify(document)
    assert "MALFORMED_PROOF_ERROR" in codes([result])


def test_suite_not_allowed() -> None:
    document = _signed()
    (result,) = verify(document, allowed_suites=["ecdsa-rdfc-2019"])
    assert codes([result]) == {"PROOF_VERIFICATION_ERROR"}
    assert verified(verify(document, allowed_suites=["eddsa-rdfc-2022"]))


@pytest.mark.parametrize("value", ["yesterday", "2023-02-30T00:00:00Z", 17, "2023-02-24"])
def test_malformed_created(value: Any) -> None:
    document = _signed()
    document["proof"]["created"] = value
    (result,) = verify(document)
    assert codes([result]) == {"MALFORMED_PROOF_ERROR"}
    assert result.problems[0].pointer == "/proof/created"


def test_created_without_offset_is_utc_and_accepted_as_syntax() -> None:
    """A created without offset is read as UTC: not malformed (the signature then decides)."""
    document = add_proof(credential(), signer=eddsa_key(), created=False)
    document["proof"]["created"] = "2023-02-24T23:36:38"
    assert codes(verify(document)) == {"PROOF_VERIFICATION_ERROR"}


def test_expires() -> None:
    document = _signed(expires="2024-06-01T00:00:00Z")
    assert verified(verify(document, now=datetime(2024, 5, 31, tzinfo=timezone.utc)))
    (result,) = verify(document, now=datetime(2024, 6, 2, tzinfo=timezone.utc))
    assert codes([result]) == {"MALFORMED_PROOF_ERROR"}
    assert result.problems[0].pointer == "/proof/expires"
    document["proof"]["expires"] = "soon"
    assert codes(verify(document)) == {"MALFORMED_PROOF_ERROR"}


# -- purposes, challenge, domain --------------------------------------------------------------


def test_purpose_mismatch() -> None:
    document = _signed()
    (result,) = verify(document, expected_purpose="authentication")
    assert codes([result]) == {"MISMATCHED_PROOF_PURPOSE_ERROR"}
    assert result.problems[0].pointer == "/proof/proofPurpose"
    assert verified(verify(document, expected_purpose=None))


def test_authentication_with_challenge_and_domain() -> None:
    document = _signed(purpose="authentication", challenge="abc123", domain="example.org")
    assert document["proof"]["challenge"] == "abc123"
    ok = verify(
        document, expected_purpose="authentication", challenge="abc123", domain="example.org"
    )
    assert verified(ok)
    wrong_challenge = verify(document, expected_purpose="authentication", challenge="other")
    assert codes(wrong_challenge) == {"INVALID_CHALLENGE_ERROR"}
    wrong_domain = verify(document, expected_purpose="authentication", domain="evil.example")
    assert codes(wrong_domain) == {"INVALID_DOMAIN_ERROR"}
    assert wrong_domain[0].problems[0].pointer == "/proof/domain"


def test_missing_challenge_and_domain_when_expected() -> None:
    document = _signed(purpose="authentication")
    results = verify(document, expected_purpose="authentication", challenge="c", domain="d")
    assert codes(results) == {"INVALID_CHALLENGE_ERROR", "INVALID_DOMAIN_ERROR"}


def test_domain_set_must_match() -> None:
    document = _signed(purpose="authentication", domain=["a.example", "b.example"])
    assert verified(verify(document, expected_purpose=None, domain=["b.example", "a.example"]))
    assert codes(verify(document, expected_purpose=None, domain="a.example")) == {
        "INVALID_DOMAIN_ERROR"
    }


def test_tampered_challenge_fails_the_signature() -> None:
    document = _signed(purpose="authentication", challenge="abc")
    document["proof"]["challenge"] = "xyz"
    assert codes(verify(document, expected_purpose="authentication", challenge="xyz")) == {
        "PROOF_VERIFICATION_ERROR"
    }


# -- contexts ---------------------------------------------------------------------------------


def test_jcs_proof_context_must_begin_the_document_context() -> None:
    document = _signed("eddsa-jcs-2022")
    document["proof"]["@context"] = ["https://www.w3.org/ns/credentials/examples/v2"]
    (result,) = verify(document)
    assert codes([result]) == {"PROOF_VERIFICATION_ERROR"}
    assert result.problems[0].pointer == "/proof/@context"


def test_jcs_document_may_add_contexts_after_the_proofs() -> None:
    """Verify Proof (eddsa-jcs-2022) step 4: the proof's @context is a prefix of the document's."""
    document = _signed("eddsa-jcs-2022")
    document["@context"] = [*document["@context"], "https://w3id.org/citizenship/v4rc1"]
    assert verified(verify(document))


def test_rdfc_document_without_suite_context() -> None:
    document = _signed()
    document["@context"] = "https://www.w3.org/2018/credentials/v1"
    (result,) = verify(document)
    assert "MALFORMED_PROOF_ERROR" in codes([result])
    assert any(p.pointer == "/@context" for p in result.problems)


def test_data_loss_in_document_is_reported() -> None:
    document = _signed()
    document["credentialSubject"]["id"] = "relative-iri"  # dropped by JSON-LD to RDF
    (result,) = verify(document)
    assert codes([result]) == {"DATA_LOSS_DETECTION_ERROR"}
    assert result.problems[0].pointer == "/credentialSubject/id"


def test_context_change_that_keeps_the_meaning_keeps_an_rdfc_proof() -> None:
    """RDFC proofs secure the statements, not the JSON: an extra context defining nothing
    the document uses leaves them valid (a JCS proof would fail)."""
    document = _signed()
    document["@context"] = [
        document["@context"][0],
        "https://www.w3.org/ns/credentials/undefined-terms/v2",
        document["@context"][1],
    ]
    assert verified(verify(document))


def test_unknown_context_is_a_loading_problem() -> None:
    document = _signed()
    document["@context"] = [*document["@context"], "https://example.org/unknown/v1"]
    (result,) = verify(document)
    assert not result.verified
    assert result.problems[0].pointer == "/@context/2"


# -- verification methods ---------------------------------------------------------------------


def test_verification_method_types() -> None:
    key = eddsa_key()
    document = _signed(signer=key)
    raw = key.public_key.public_bytes()
    import base58

    methods = [
        public_method(key),
        {**public_method(key), "type": "Ed25519VerificationKey2020"},
        {
            "id": key.id,
            "type": "JsonWebKey",
            "controller": key.controller,
            "publicKeyJwk": key.public_key.to_jwk(),
        },
        {
            "id": key.id,
            "type": "JsonWebKey2020",
            "controller": key.controller,
            "publicKeyJwk": key.public_key.to_jwk(),
        },
        {
            "id": key.id,
            "type": "Ed25519VerificationKey2018",
            "controller": key.controller,
            "publicKeyBase58": base58.b58encode(raw).decode(),
        },
    ]
    for method in methods:
        results = verify(document, get_verification_method=lambda vm_id, *, purpose, m=method: m)
        assert verified(results), (method["type"], [r.to_json() for r in results])


@pytest.mark.parametrize(
    "method",
    [
        "not an object",
        {"type": "Multikey"},
        {"type": "UnknownKey2099", "publicKeyMultibase": "z6Mk"},
        {"type": "Multikey", "publicKeyMultibase": "not-multibase"},
        {
            "type": "Multikey",
            "publicKeyMultibase": "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
            "secretKeyMultibase": "z3u2",
        },
        {
            "type": "JsonWebKey",
            "publicKeyJwk": {"kty": "OKP", "crv": "Ed25519", "x": "AAAA", "d": "AAAA"},
        },
        {
            "type": "Ed25519VerificationKey2020",
            "publicKeyMultibase": "zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP",
        },
        {
            "type": "Multikey",
            "publicKeyMultibase": "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
            "revoked": "2020-01-01T00:00:00Z",
        },
        {
            "type": "Multikey",
            "publicKeyMultibase": "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
            "expires": "2020-01-01T00:00:00Z",
        },
    ],
)
def test_invalid_verification_methods(method: Any) -> None:
    document = _signed()
    (result,) = verify(document, get_verification_method=lambda vm_id, *, purpose: method)
    assert codes([result]) == {"INVALID_VERIFICATION_METHOD"}
    assert result.problems[0].pointer == "/proof/verificationMethod"


def test_key_type_must_fit_the_suite() -> None:
    """An eddsa proof whose verification method holds a P-256 key is refused."""
    document = _signed()
    p256 = ecdsa_key("p256")
    (result,) = verify(
        document, get_verification_method=lambda vm_id, *, purpose: public_method(p256)
    )
    assert codes([result]) == {"INVALID_VERIFICATION_METHOD"}


def test_retrieval_errors_become_problems() -> None:
    document = _signed()

    def refuse(vm_id: str, *, purpose: str) -> dict[str, Any]:
        raise ResolutionError("not for that", error="INVALID_PROOF_PURPOSE_FOR_VERIFICATION_METHOD")

    assert codes(verify(document, get_verification_method=refuse)) == {
        "INVALID_PROOF_PURPOSE_FOR_VERIFICATION_METHOD"
    }

    def not_found(vm_id: str, *, purpose: str) -> dict[str, Any]:
        raise ResolutionError("no such DID", error="notFound")

    (result,) = verify(document, get_verification_method=not_found)
    assert codes([result]) == {"INVALID_VERIFICATION_METHOD"}
    assert result.problems[0].detail == "notFound"

    def broken(vm_id: str, *, purpose: str) -> dict[str, Any]:
        raise KeyError(vm_id)

    assert codes(verify(document, get_verification_method=broken)) == {
        "INVALID_VERIFICATION_METHOD"
    }


def test_resolver_receives_the_proof_purpose() -> None:
    seen: list[tuple[str, str]] = []
    key = eddsa_key()

    def record(vm_id: str, *, purpose: str) -> Any:
        seen.append((vm_id, purpose))
        return public_method(key)

    verify(_signed(purpose="authentication"), get_verification_method=record, expected_purpose=None)
    assert seen == [(key.id, "authentication")]


def test_did_key_for_another_purpose_is_refused() -> None:
    """did:key lists its key under every signing relationship, but not under keyAgreement."""
    document = _signed(purpose="keyAgreement")
    results = verify(document, expected_purpose="keyAgreement")
    assert not results[0].verified


# -- shapes that are not proofs ------------------------------------------------------------------


@pytest.mark.parametrize("document", [None, [], "text", 3, [{"proof": {}}]])
def test_non_object_documents(document: Any) -> None:
    (result,) = verify_proofs(document, get_verification_method=lambda vm_id, *, purpose: {})
    assert codes([result]) == {"PARSING_ERROR"}


@pytest.mark.parametrize("proof", ["text", 3, None, True])
def test_non_object_proof(proof: Any) -> None:
    document = {**credential(), "proof": proof}
    (result,) = verify(document)
    assert codes([result]) == {"PARSING_ERROR"}
    assert result.pointer == "/proof"


def test_proof_list_items_are_checked_one_by_one() -> None:
    document = _signed()
    document["proof"] = [document["proof"], "junk", {"type": 1}]
    results = verify(document)
    assert [r.verified for r in results] == [True, False, False]
    assert [r.pointer for r in results] == ["/proof/0", "/proof/1", "/proof/2"]
    assert results[1].problems[0].code == "PARSING_ERROR"
    assert results[2].problems[0].code == "MALFORMED_PROOF_ERROR"


def test_no_proof_gives_no_results() -> None:
    assert verify(credential()) == []
    assert verify({**credential(), "proof": []}) == []


def test_malformed_proof_value() -> None:
    document = _signed()
    document["proof"]["proofValue"] = "uNotBase58btc"
    (result,) = verify(document)
    assert codes([result]) == {"MALFORMED_PROOF_ERROR"}
    assert result.problems[0].pointer == "/proof/proofValue"


@pytest.mark.parametrize("value", [17, [], ["x", 1], [""], {"id": "x"}])
def test_malformed_previous_proof(value: Any) -> None:
    document = _signed()
    document["proof"]["previousProof"] = value
    (result,) = verify(document)
    assert "MALFORMED_PROOF_ERROR" in codes([result])


def test_previous_proof_naming_a_missing_proof() -> None:
    document = _signed()
    document["proof"]["previousProof"] = "urn:uuid:missing"
    (result,) = verify(document)
    assert codes([result]) == {"MALFORMED_PROOF_ERROR"}
    assert result.problems[0].pointer == "/proof/previousProof"


def test_argument_misuse_raises() -> None:
    document = _signed()
    with pytest.raises(InputError):
        verify_proofs(document, get_verification_method="not callable")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        verify(document, domain=[1, 2])
    with pytest.raises(misuse_error("vcler.di.verification")):
        verify(document, challenge=5)


def test_result_fields() -> None:
    (result,) = verify(read_json("di-eddsa", "eddsa-rdfc-2022", "signedDataInt.json"))
    assert result.to_json()["cryptosuite"] == "eddsa-rdfc-2022"
    assert result.proof_purpose == "assertionMethod"
    assert result.created == CREATED
    assert result.verification_method and result.verification_method.startswith("did:key:")


def test_now_is_injected() -> None:
    document = _signed(expires="2023-06-01T00:00:00Z")
    assert not verified(verify(document))  # NOW is 2024
    assert verified(verify(document, now=datetime(2023, 5, 1)))  # naive = UTC
    assert NOW.year == 2024
