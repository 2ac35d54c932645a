"""did:key: every published vector resolves (or fails) as expected."""

from __future__ import annotations

from typing import Any

import base58
import pytest

from tests.compiled import misuse_error
from tests.vectors import read_json
from vcler.did.key import did_key_from_public_key, public_key_from_did_key, resolve_did_key
from vcler.errors import ResolutionError
from vcler.keys import KeyPair, PublicKey, generate_key

RELATIONSHIPS = (
    "authentication",
    "assertionMethod",
    "capabilityInvocation",
    "capabilityDelegation",
    "keyAgreement",
)
# Legacy verification method types whose publicKeyBase58 is the raw key of this type.
LEGACY_BASE58 = {
    "Ed25519VerificationKey2018": "Ed25519",
    "X25519KeyAgreementKey2019": "X25519",
    "EcdsaSecp256k1VerificationKey2019": "secp256k1",
    "P256Key2021": "P-256",
}
# Formats vcler can produce exactly (the rest are compared modulo representation).
EXACT_FORMATS = {
    "JsonWebKey2020",
    "Ed25519VerificationKey2018",
    "X25519KeyAgreementKey2019",
    "Ed25519VerificationKey2020",
    "X25519KeyAgreementKey2020",
}


def _key_of(method: dict[str, Any]) -> PublicKey:
    if "publicKeyBase58" in method:
        raw = base58.b58decode(method["publicKeyBase58"])
        return PublicKey.from_public_bytes(LEGACY_BASE58[method["type"]], raw)
    return KeyPair.from_json({k: v for k, v in method.items() if k != "type"}).public_key


def _normalize(document: dict[str, Any]) -> dict[str, Any]:
    """The document modulo representation: per relationship, the (id, controller, key) of each
    method, embedded or referenced."""
    by_id = {m["id"]: m for m in document.get("verificationMethod", [])}
    out: dict[str, Any] = {"id": document["id"]}
    for name in RELATIONSHIPS:
        if name in document:
            methods = [by_id[m] if isinstance(m, str) else m for m in document[name]]
            out[name] = [(m["id"], m["controller"], _key_of(m)) for m in methods]
    return out


def _embedded_to_references(document: dict[str, Any]) -> dict[str, Any]:
    """Move embedded relationship methods into verificationMethod (same meaning)."""
    document = {**document, "verificationMethod": list(document.get("verificationMethod", []))}
    for name in RELATIONSHIPS:
        if name in document:
            refs = []
            for entry in document[name]:
                if isinstance(entry, dict):
                    document["verificationMethod"].append(entry)
                    entry = entry["id"]
                refs.append(entry)
            document[name] = refs
    return document


def _vector_documents() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for name in ("ed25519-x25519.json", "secp256k1.json", "nist-curves.json"):
        out += [(did, entry["didDocument"]) for did, entry in read_json("did-key", name).items()]
    out += list(read_json("did-key", "x25519.json")["didDocument"].items())
    suite = read_json("did-key", "did-key-test-suite", "validDid.json")
    out.append((suite["did"], suite["expected"]["didDocument"]))
    return out


VECTORS = _vector_documents()


def test_every_vector_file_is_covered() -> None:
    assert len(VECTORS) == 5 + 6 + 7 + 4 + 1


@pytest.mark.parametrize(("did", "expected"), VECTORS, ids=[d[8:20] for d, _ in VECTORS])
def test_vectors_resolve_to_the_same_keys_as_multikey(did: str, expected: dict) -> None:
    document = resolve_did_key(did)
    assert document["id"] == did
    assert _normalize(document) == _normalize(expected)
    # The default Multikey representation: publicKeyMultibase of the signing method = the DID.
    assert document["@context"] == [
        "https://www.w3.org/ns/did/v1",
        "https://w3id.org/security/multikey/v1",
    ]
    assert all(m["type"] == "Multikey" for m in document["verificationMethod"])
    first = document["verificationMethod"][0]
    assert first["publicKeyMultibase"] == did.removeprefix("did:key:")
    assert first["id"] == f"{did}#{first['publicKeyMultibase']}"


def _formats(document: dict[str, Any]) -> set[str]:
    return {m["type"] for m in _embedded_to_references(document)["verificationMethod"]}


# Vectors in a representation vcler produces too; the others (EcdsaSecp256k1VerificationKey2019,
# P256Key2021) are covered modulo representation above.
EXACT_VECTORS = [(did, doc) for did, doc in VECTORS if _formats(doc) <= EXACT_FORMATS]


def test_most_vectors_are_compared_exactly() -> None:
    assert len(EXACT_VECTORS) == len(VECTORS) - 6


@pytest.mark.parametrize(
    ("did", "expected"), EXACT_VECTORS, ids=[d[8:20] for d, _ in EXACT_VECTORS]
)
def test_vectors_in_their_own_format_match_exactly(did: str, expected: dict) -> None:
    signature_format = expected["verificationMethod"][0]["type"]
    document = resolve_did_key(
        did, public_key_format=signature_format, enable_experimental_public_key_types=True
    )
    normalized = _embedded_to_references(expected)
    assert document["@context"] == normalized["@context"]
    assert sorted(document["verificationMethod"], key=lambda m: m["id"]) == sorted(
        normalized["verificationMethod"], key=lambda m: m["id"]
    )
    for name in RELATIONSHIPS:
        assert document.get(name) == normalized.get(name), name


def test_test_suite_valid_did_with_ed25519_2020_format() -> None:
    suite = read_json("did-key", "did-key-test-suite", "validDid.json")
    assert suite["negative"] is False
    document = resolve_did_key(suite["did"], public_key_format="Ed25519VerificationKey2020")
    assert document["@context"] == suite["expected"]["didDocument"]["@context"]
    agreement = document["verificationMethod"][1]
    assert agreement == suite["expected"]["didDocument"]["keyAgreement"][0]
    assert agreement["type"] == "X25519KeyAgreementKey2020"


@pytest.mark.parametrize("name", ["notMultibase.json", "incorrectEncoding.json"])
def test_test_suite_negative_cases_are_invalid_dids(name: str) -> None:
    case = read_json("did-key", "did-key-test-suite", name)
    assert case["negative"] is True
    with pytest.raises(ResolutionError) as raised:
        resolve_did_key(case["did"])
    assert raised.value.error == "invalidDid"


def test_too_short_for_an_ed25519_key() -> None:
    with pytest.raises(ResolutionError) as raised:
        resolve_did_key("did:key:zTjsVPtY")
    assert raised.value.error == "invalidPublicKeyLength"


def test_bls12_381_g1_and_rsa_keys_are_unsupported() -> None:
    vectors = {**read_json("did-key", "bls12381.json"), **read_json("did-key", "rsa.json")}
    dids = [did for did in vectors if not did.startswith("did:key:zUC7")]  # not G2
    assert len(dids) > 1
    for did in dids:
        with pytest.raises(ResolutionError) as raised:
            resolve_did_key(did)
        assert raised.value.error == "unsupportedPublicKeyType"


def test_bls12_381_g2_keys_resolve_to_multikeys() -> None:
    # bbs-2023 issuers' keys: the published vectors' G2 keys (written there as the older
    # Bls12381G2Key2020 with publicKeyBase58) resolve to Multikeys of the same bytes.
    pytest.importorskip("py_arkworks_bls12381")
    vectors = read_json("did-key", "bls12381.json")
    g2 = [did for did in vectors if did.startswith("did:key:zUC7")]
    assert len(g2) == 5
    for did in g2:
        document = resolve_did_key(did)
        (method,) = document["verificationMethod"]
        assert method["type"] == "Multikey"
        assert method["publicKeyMultibase"] == did.removeprefix("did:key:")
        assert "keyAgreement" not in document
        assert document["assertionMethod"] == [method["id"]]
        published = vectors[did]["verificationKeyPair"]["publicKeyBase58"]
        assert public_key_from_did_key(did).public_bytes() == base58.b58decode(published)
        with pytest.raises(ResolutionError) as raised:
            resolve_did_key(did, public_key_format="JsonWebKey2020")
        assert raised.value.error == "invalidPublicKeyType"


def _did(data: bytes) -> str:
    return "did:key:z" + base58.b58encode(data).decode()


def _off_curve_p256() -> bytes:
    from cryptography.hazmat.primitives.asymmetric import ec

    for x in range(1, 100):
        point = b"\x03" + x.to_bytes(32, "big")
        try:
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
        except ValueError:
            return point
    raise AssertionError


ED = "did:key:z6MktKwz7Ge1Yxzr4JHavN33wiwa8y81QdcMRLXQsrH9T53b"


@pytest.mark.parametrize(
    ("did", "kwargs", "error"),
    [
        ("did:web:example.com", {}, "methodNotSupported"),
        ("key:z6Mk", {}, "invalidDid"),
        ("did:key:", {}, "invalidDid"),
        (ED + "#frag", {}, "invalidDid"),
        ("did:key:0:" + ED[8:], {}, "invalidDid"),
        ("did:key:x:" + ED[8:], {}, "invalidDid"),
        ("did:key:1:2:" + ED[8:], {}, "invalidDid"),
        (_did(b"\x80"), {}, "invalidDid"),
        (_did(b"\x99\x99\x03" + bytes(32)), {}, "invalidPublicKeyType"),
        (_did(b"\x80\x26" + bytes(32)), {}, "invalidPublicKeyType"),  # a secret key
        (_did(b"\x80\x24" + b"\x04" + bytes(64)), {}, "invalidPublicKeyLength"),
        (_did(b"\x80\x24" + _off_curve_p256()), {}, "invalidPublicKey"),
        (_did(b"\xed\x01" + (2**255 - 19).to_bytes(32, "little")), {}, "invalidPublicKey"),
        (ED, {"public_key_format": "Nope2099"}, "unsupportedPublicKeyType"),
        (ED, {"public_key_format": "Ed25519VerificationKey2018"}, "invalidPublicKeyType"),
        (ED, {"public_key_format": "X25519KeyAgreementKey2020"}, "invalidPublicKeyType"),
        (
            "did:key:zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP",
            {"public_key_format": "Ed25519VerificationKey2020"},
            "invalidPublicKeyType",
        ),
    ],
)
def test_resolution_errors(did: str, kwargs: dict, error: str) -> None:
    with pytest.raises(ResolutionError) as raised:
        resolve_did_key(did, **kwargs)
    assert raised.value.error == error, raised.value


def test_version_component_and_no_key_agreement() -> None:
    document = resolve_did_key("did:key:1:" + ED[8:])
    assert document["id"] == "did:key:1:" + ED[8:]
    plain = resolve_did_key(ED, enable_encryption_key_derivation=False)
    assert "keyAgreement" not in plain and len(plain["verificationMethod"]) == 1
    p256 = "did:key:zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP"
    document = resolve_did_key(p256)
    assert len(document["verificationMethod"]) == 1
    assert document["keyAgreement"] == document["assertionMethod"]
    assert "keyAgreement" not in resolve_did_key(p256, enable_encryption_key_derivation=False)


def test_x25519_did_key_is_key_agreement_only() -> None:
    x25519_did = "did:key:z6LSfHfAMAopsuBxaBzvp51GXrPf38Az13j2fmwqadbwwrzJ"
    for derive in (True, False):
        document = resolve_did_key(x25519_did, enable_encryption_key_derivation=derive)
        assert set(document) == {"@context", "id", "verificationMethod", "keyAgreement"}


@pytest.mark.parametrize("key_type", ["Ed25519", "P-256", "P-384"])
def test_generated_keys_resolve_to_their_own_verification_method(key_type: str) -> None:
    key = generate_key(key_type)
    did = did_key_from_public_key(key)
    assert did == key.controller == did_key_from_public_key(key.public_key)
    document = resolve_did_key(did)
    assert document["verificationMethod"][0] == key.to_json(include_secret=False)
    assert document["assertionMethod"] == [key.id]
    assert public_key_from_did_key(key.id) == key.public_key
    jwk_document = resolve_did_key(did, public_key_format="JsonWebKey2020")
    assert jwk_document["verificationMethod"][0]["publicKeyJwk"] == key.public_key.to_jwk()
    assert KeyPair.from_json(jwk_document["verificationMethod"][0]).id == key.id


def test_resolution_error_carries_error_code() -> None:
    with pytest.raises(ResolutionError) as raised:
        public_key_from_did_key("did:key:")
    assert raised.value.error == "invalidDid"
    with pytest.raises(misuse_error("vcler.did.key", pure=ResolutionError)):
        public_key_from_did_key(123)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        did_key_from_public_key("z6Mk")  # type: ignore[arg-type]
