"""JSON Web Key (RFC 7517) fields for the key types vcler reads: OKP (RFC 8037) and EC (RFC 7518).

These functions work on plain bytes; :meth:`vcler.keys.PublicKey.from_jwk`,
:meth:`vcler.keys.PrivateKey.from_jwk` and the ``to_jwk`` methods build on them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import InvalidKeyError
from ._curves import EC_CURVES, KeyType
from .encoding import b64url_decode, b64url_encode

__all__ = ["JwkFields", "jwk_fields", "make_jwk"]

_OKP_CURVES: dict[str, KeyType] = {"Ed25519": "Ed25519", "X25519": "X25519"}
_EC_CRV: dict[str, KeyType] = {
    "P-256": "P-256",
    "P-384": "P-384",
    "P-521": "P-521",
    "secp256k1": "secp256k1",
}
# The JOSE "alg" each key type may carry (RFC 7518 section 3.4, RFC 8037, RFC 8812).
_ALGS: dict[str, frozenset[str]] = {
    "Ed25519": frozenset({"EdDSA", "Ed25519"}),
    "X25519": frozenset({"ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW"}),
    "P-256": frozenset({"ES256", "ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW"}),
    "P-384": frozenset({"ES384", "ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW"}),
    "P-521": frozenset({"ES512", "ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW"}),
    "secp256k1": frozenset({"ES256K"}),
}


@dataclass(frozen=True)
class JwkFields:
    """The key material of a JWK.

    ``public`` is the raw OKP public key, or the uncompressed SEC1 point ``04 || x || y`` for
    EC keys (not yet checked to be on the curve); ``private`` is ``d`` when present.
    """

    key_type: KeyType
    public: bytes
    private: bytes | None


def _fixed(jwk: Mapping[str, Any], name: str, size: int) -> bytes:
    """A base64url member of exactly ``size`` bytes (RFC 7518 sections 6.2.1.2, 6.2.2.1)."""
    if name not in jwk:
        raise InvalidKeyError(f"JWK lacks the {name!r} member")
    data = b64url_decode(jwk[name], max_bytes=size, what=f"JWK member {name!r}")
    if len(data) != size:
        raise InvalidKeyError(f"JWK member {name!r} must be {size} bytes, not {len(data)}")
    return data


def jwk_fields(jwk: Mapping[str, Any]) -> JwkFields:
    """The key type and key bytes of a public or private JWK.

    Spec: https://www.rfc-editor.org/rfc/rfc7517#section-4,
    https://www.rfc-editor.org/rfc/rfc8037#section-2,
    https://www.rfc-editor.org/rfc/rfc7518#section-6.2
    """
    if not isinstance(jwk, Mapping):
        raise InvalidKeyError("a JWK must be a JSON object")
    kty, crv = jwk.get("kty"), jwk.get("crv")
    # Step 1: the key type and curve select the layout.
    if kty == "OKP" and isinstance(crv, str) and crv in _OKP_CURVES:
        key_type = _OKP_CURVES[crv]
        public = _fixed(jwk, "x", 32)
        private = _fixed(jwk, "d", 32) if "d" in jwk else None
    elif kty == "EC" and isinstance(crv, str) and crv in _EC_CRV:
        key_type = _EC_CRV[crv]
        size = EC_CURVES[key_type].size
        public = b"\x04" + _fixed(jwk, "x", size) + _fixed(jwk, "y", size)
        private = _fixed(jwk, "d", size) if "d" in jwk else None
    else:
        raise InvalidKeyError(f"unsupported JWK: kty {kty!r} with crv {crv!r}")
    # Step 2: an "alg" member, when present, must fit the key.
    alg = jwk.get("alg")
    if alg is not None and alg not in _ALGS[key_type]:
        raise InvalidKeyError(f"JWK alg {alg!r} does not fit a {key_type} key")
    return JwkFields(key_type, public, private)


def make_jwk(key_type: KeyType, public: bytes, private: bytes | None = None) -> dict[str, str]:
    """A JWK for a key; ``public`` as in :class:`JwkFields` (EC points uncompressed).

    Spec: https://www.rfc-editor.org/rfc/rfc8037#section-2,
    https://www.rfc-editor.org/rfc/rfc7518#section-6.2.1
    """
    jwk: dict[str, str]
    if key_type in _OKP_CURVES:
        jwk = {"kty": "OKP", "crv": key_type, "x": b64url_encode(public)}
    else:
        size = EC_CURVES[key_type].size
        jwk = {
            "kty": "EC",
            "crv": key_type,
            "x": b64url_encode(public[1 : 1 + size]),
            "y": b64url_encode(public[1 + size :]),
        }
    if private is not None:
        jwk["d"] = b64url_encode(private)
    return jwk
