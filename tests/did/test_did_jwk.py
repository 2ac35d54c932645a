"""did:jwk: the spec's examples, the use-based relationships, and the refusals."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vcler.did import did_jwk_from_jwk, jwk_from_did_jwk, resolve, resolve_did_jwk
from vcler.errors import ResolutionError

# The two examples of https://github.com/quartzjer/did-jwk/blob/main/spec.md#examples
P256_DID = (
    "did:jwk:eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIiwieCI6ImFjYklRaXVNczNpOF91c3pFakoydHBUdFJNNEVVM3l6"
    "OTFQSDZDZEgyVjAiLCJ5IjoiX0tjeUxqOXZXTXB0bm1LdG00NkdxRHo4d2Y3NEk1TEtncmwyR3pIM25TRSJ9"
)
P256_JWK = {
    "crv": "P-256",
    "kty": "EC",
    "x": "acbIQiuMs3i8_uszEjJ2tpTtRM4EU3yz91PH6CdH2V0",
    "y": "_KcyLj9vWMptnmKtm46GqDz8wf74I5LKgrl2GzH3nSE",
}
X25519_DID = (
    "did:jwk:eyJrdHkiOiJPS1AiLCJjcnYiOiJYMjU1MTkiLCJ1c2UiOiJlbmMiLCJ4IjoiM3A3YmZYdDl3YlRUVzJIQzdP"
    "UTFOei1EUThoYmVHZE5yZngtRkctSUswOCJ9"
)
CONTEXT = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"]
ALL = ["assertionMethod", "authentication", "capabilityInvocation", "capabilityDelegation"]


def _did(jwk: Any) -> str:
    raw = json.dumps(jwk, separators=(",", ":")).encode()
    return "did:jwk:" + base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def test_p256_example_document() -> None:
    # The spec's document, with its typo ("did:jwk:$eyJ..." in authentication) corrected.
    method_id = P256_DID + "#0"
    expected = {
        "@context": CONTEXT,
        "id": P256_DID,
        "verificationMethod": [
            {
                "id": method_id,
                "type": "JsonWebKey2020",
                "controller": P256_DID,
                "publicKeyJwk": P256_JWK,
            }
        ],
        **{name: [method_id] for name in [*ALL, "keyAgreement"]},
    }
    assert resolve_did_jwk(P256_DID) == expected


def test_x25519_example_document_has_only_key_agreement() -> None:
    document = resolve_did_jwk(X25519_DID)
    method_id = X25519_DID + "#0"
    assert document["verificationMethod"][0]["publicKeyJwk"] == {
        "kty": "OKP",
        "crv": "X25519",
        "use": "enc",
        "x": "3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08",
    }
    assert document["keyAgreement"] == [method_id]
    assert not any(name in document for name in ALL)


def test_use_sig_drops_key_agreement() -> None:
    document = resolve_did_jwk(_did({**P256_JWK, "use": "sig"}))
    assert "keyAgreement" not in document
    assert all(document[name] == [document["id"] + "#0"] for name in ALL)


def test_resolve_reports_content_type() -> None:
    result = resolve(P256_DID)
    assert result.error is None
    assert result.did_resolution_metadata["contentType"] == "application/did+ld+json"


@pytest.mark.parametrize(
    ("jwk", "error", "message"),
    [
        ({**P256_JWK, "d": "AAAA"}, "invalidDid", "private"),
        ({"kty": "oct", "k": "AAAA"}, "invalidDid", "secret"),
        ({"kty": "RSA", "n": "AQAB", "e": "AQAB", "p": "AQ"}, "invalidDid", "private"),
        ({"crv": "P-256", "x": P256_JWK["x"], "y": P256_JWK["y"]}, "invalidDid", "kty"),
        ({**P256_JWK, "crv": "P-192"}, "unsupportedPublicKeyType", "P-192"),
        ({"kty": "XYZ"}, "unsupportedPublicKeyType", "XYZ"),
        ({**P256_JWK, "x": "AAAA"}, "invalidPublicKeyLength", "3 bytes, expected 32"),
        ({"kty": "OKP", "crv": "Ed25519", "x": "A" * 42}, "invalidPublicKeyLength", "expected 32"),
        ({"kty": "OKP", "crv": "Ed25519"}, "invalidDid", "'x'"),
        ({"kty": "OKP", "crv": "Ed25519", "x": "a+b/"}, "invalidDid", "base64url"),
        ([1, 2], "invalidDid", "not a JSON object"),
    ],
)
def test_bad_keys_are_refused(jwk: Any, error: str, message: str) -> None:
    did = _did(jwk)
    with pytest.raises(ResolutionError, match=message) as info:
        resolve_did_jwk(did)
    assert info.value.error == error
    assert resolve(did).error == error


@pytest.mark.parametrize(
    "did",
    [
        "did:jwk:",
        "did:jwk:a",  # 1 mod 4: not base64
        "did:jwk:" + base64.urlsafe_b64encode(b"not json").rstrip(b"=").decode(),
        "did:jwk:" + base64.urlsafe_b64encode(b'{"kty":"EC",}').rstrip(b"=").decode(),
        "did:jwk:eyJr%41",
        "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
    ],
)
def test_bad_identifiers_are_invalid_dids(did: str) -> None:
    with pytest.raises(ResolutionError) as info:
        jwk_from_did_jwk(did)
    assert info.value.error == "invalidDid"


def test_create_refuses_private_keys() -> None:
    assert did_jwk_from_jwk(P256_JWK) == _did(P256_JWK)
    with pytest.raises(ResolutionError, match="private"):
        did_jwk_from_jwk({**P256_JWK, "d": "AAAA"})


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _off_curve_ed25519() -> bytes:
    """The first 32-byte encoding (y = 2, 3, ...) that is no point of edwards25519."""
    from vcler.keys._curves import ed25519_point_is_valid

    return next(
        raw
        for raw in (y.to_bytes(32, "little") for y in range(2, 100))
        if not ed25519_point_is_valid(raw)
    )


def _off_curve_p256() -> dict[str, Any]:
    y = bytearray(base64.urlsafe_b64decode(P256_JWK["y"] + "=="))
    y[-1] ^= 1
    return {**P256_JWK, "y": _b64(bytes(y))}


@pytest.mark.parametrize("curve", ["Ed25519", "P-256"])
def test_keys_off_their_curve_are_refused(curve: str) -> None:
    if curve == "P-256":
        jwk = _off_curve_p256()
    else:
        jwk = {"kty": "OKP", "crv": "Ed25519", "x": _b64(_off_curve_ed25519())}
    did = _did(jwk)
    with pytest.raises(ResolutionError, match="curve") as info:
        resolve_did_jwk(did)
    assert info.value.error == "invalidPublicKey"
    assert resolve(did).error == "invalidPublicKey"


@given(
    st.binary(min_size=32, max_size=32),
    st.sampled_from([None, "sig", "enc"]),
    st.dictionaries(st.sampled_from(["kid", "alg", "ext"]), st.text(max_size=8), max_size=2),
)
def test_create_read_round_trip(seed: bytes, use: str | None, extra: dict[str, str]) -> None:
    from vcler.keys import PrivateKey

    x = PrivateKey.from_private_bytes("Ed25519", seed).public_key.public_bytes()
    jwk: dict[str, Any] = {"kty": "OKP", "crv": "Ed25519", "x": _b64(x), **extra}
    if use is not None:
        jwk["use"] = use
    did = did_jwk_from_jwk(jwk)
    assert jwk_from_did_jwk(did) == jwk
    document = resolve_did_jwk(did)
    assert document["verificationMethod"][0]["publicKeyJwk"] == jwk
    assert ("keyAgreement" in document) == (use != "sig")
    assert ("assertionMethod" in document) == (use != "enc")
