"""did:jwk: a DID that is a base64url-encoded public JWK, resolved offline.

Spec: https://github.com/quartzjer/did-jwk/blob/main/spec.md
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from typing import Any

from .. import codes
from .._json import dumps_compact, load_json
from ..errors import ParsingError, ResolutionError
from ..keys.encoding import b64url_length
from .syntax import parse_did

__all__ = [
    "MAX_JWK_BYTES",
    "MAX_JWK_DEPTH",
    "JwkResolver",
    "did_jwk_from_jwk",
    "jwk_from_did_jwk",
    "resolve_did_jwk",
]

#: The largest JWK a did:jwk identifier may encode (64 KiB: any public key with room for its
#: optional members); a longer identifier is refused before it is decoded.
MAX_JWK_BYTES = 64 * 1024
#: The deepest nesting of the encoded JWK (a JWK is a flat object; ``x5c`` is one level more).
MAX_JWK_DEPTH = 8

_BASE64URL = re.compile(r"[A-Za-z0-9_-]+", re.ASCII)
# Members that only a private or symmetric key carries (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037).
_PRIVATE_MEMBERS = ("d", "p", "q", "dp", "dq", "qi", "oth", "k")
# Coordinate lengths in bytes, per key type and curve (RFC 7518 §6.2.1, RFC 8037 §2).
_EC_CURVES = {"P-256": 32, "P-384": 48, "P-521": 66, "secp256k1": 32}
_OKP_CURVES = {"Ed25519": 32, "Ed448": 57, "X25519": 32, "X448": 56}
_ALL_RELATIONSHIPS = (
    "assertionMethod",
    "authentication",
    "capabilityInvocation",
    "capabilityDelegation",
    "keyAgreement",
)
_CONTEXT = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"]


def _b64decode(value: str) -> bytes:
    """base64url without padding, strictly (no other characters)."""
    if not _BASE64URL.fullmatch(value) or len(value) % 4 == 1:
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def _coordinate(jwk: Mapping[str, Any], name: str, size: int, did: str) -> None:
    value = jwk.get(name)
    if not isinstance(value, str):
        raise ResolutionError(f"{did}: the JWK has no {name!r} member", error=codes.INVALID_DID)
    try:
        raw = _b64decode(value)
    except (ValueError, binascii.Error) as e:
        raise ResolutionError(
            f"{did}: the JWK member {name!r} is not base64url", error=codes.INVALID_DID
        ) from e
    if len(raw) != size:
        raise ResolutionError(
            f"{did}: the JWK member {name!r} is {len(raw)} bytes, expected {size} for "
            f"{jwk.get('crv')}",
            error=codes.INVALID_PUBLIC_KEY_LENGTH,
        )


# Curves whose points vcler's key objects check (the others are resolved as given).
_POINT_CHECKED_CURVES = frozenset({"P-256", "P-384", "P-521", "secp256k1", "Ed25519"})


def _check_point(jwk: dict[str, Any], did: str) -> None:
    """The key's point must lie on its curve (an EC ``x``/``y`` pair, an Ed25519 ``x``).

    Spec: https://www.rfc-editor.org/rfc/rfc8032#section-5.1.3 (decoding an Ed25519 point)
    Spec: https://www.secg.org/sec1-v2.pdf (section 3.2.2.1, validating an EC public key)
    """
    from ..errors import InvalidKeyError
    from ..keys import PublicKey

    key_members: dict[str, Any] = {n: jwk[n] for n in ("kty", "crv", "x", "y") if n in jwk}
    try:
        PublicKey.from_jwk(key_members)  # the point alone ("alg" and the like are not read here)
    except InvalidKeyError as error:
        raise ResolutionError(f"{did}: {error.message}", error=codes.INVALID_PUBLIC_KEY) from error


def _validate_jwk(jwk: Any, did: str) -> dict[str, Any]:
    """Read step 4: a public JWK of a known key type and curve, with well-formed members."""
    if not isinstance(jwk, dict):
        raise ResolutionError(
            f"{did}: the decoded value is not a JSON object", error=codes.INVALID_DID
        )
    # Private key material must be rejected (spec "Security").
    private = [name for name in _PRIVATE_MEMBERS if name in jwk]
    if private:
        raise ResolutionError(
            f"{did}: the JWK contains private or secret key material ({', '.join(private)}); "
            "only public keys may be used",
            error=codes.INVALID_DID,
        )
    kty = jwk.get("kty")
    if not isinstance(kty, str):
        raise ResolutionError(f"{did}: the JWK has no 'kty' member", error=codes.INVALID_DID)
    crv = jwk.get("crv")
    if kty == "EC":
        if crv not in _EC_CURVES:
            raise ResolutionError(
                f"{did}: EC curve {crv!r} is not supported", error=codes.UNSUPPORTED_PUBLIC_KEY_TYPE
            )
        _coordinate(jwk, "x", _EC_CURVES[crv], did)
        _coordinate(jwk, "y", _EC_CURVES[crv], did)
    elif kty == "OKP":
        if crv not in _OKP_CURVES:
            raise ResolutionError(
                f"{did}: OKP curve {crv!r} is not supported",
                error=codes.UNSUPPORTED_PUBLIC_KEY_TYPE,
            )
        _coordinate(jwk, "x", _OKP_CURVES[crv], did)
    elif kty == "RSA":
        for name in ("n", "e"):
            value = jwk.get(name)
            if not isinstance(value, str) or not _BASE64URL.fullmatch(value):
                raise ResolutionError(
                    f"{did}: the RSA JWK has no valid {name!r} member", error=codes.INVALID_DID
                )
    else:
        raise ResolutionError(
            f"{did}: key type {kty!r} is not supported", error=codes.UNSUPPORTED_PUBLIC_KEY_TYPE
        )
    if crv in _POINT_CHECKED_CURVES:
        _check_point(jwk, did)
    use = jwk.get("use")
    if use is not None and not isinstance(use, str):
        raise ResolutionError(
            f"{did}: the JWK 'use' member is not a string", error=codes.INVALID_DID
        )
    return jwk


def jwk_from_did_jwk(did: str) -> dict[str, Any]:
    """The public JWK a did:jwk DID encodes (Read steps 1-4); raises ``ResolutionError``.

    Spec: https://github.com/quartzjer/did-jwk/blob/main/spec.md#read
    """
    method, identifier = parse_did(did)
    if method != "jwk":
        raise ResolutionError(f"{did} is not a did:jwk DID", error=codes.INVALID_DID)
    # Step 1 and 2: remove the prefix, decode base64url (of at most MAX_JWK_BYTES bytes).
    longest = b64url_length(MAX_JWK_BYTES)
    if len(identifier) > longest:
        raise ResolutionError(
            f"the did:jwk identifier is too long: {len(identifier)} characters, more than the "
            f"{longest} of a JWK of {MAX_JWK_BYTES} bytes",
            error=codes.INVALID_DID,
        )
    try:
        raw = _b64decode(identifier)
    except (ValueError, binascii.Error) as e:
        raise ResolutionError(
            f"{did}: the method-specific identifier is not base64url", error=codes.INVALID_DID
        ) from e
    # Step 3: parse as UTF-8 JSON.
    try:
        jwk = load_json(raw, max_bytes=MAX_JWK_BYTES, max_depth=MAX_JWK_DEPTH)
    except ParsingError as e:
        raise ResolutionError(
            f"{did}: the decoded JWK is not JSON: {e}", error=codes.INVALID_DID
        ) from e
    # Step 4: validate the JWK.
    return _validate_jwk(jwk, did)


def resolve_did_jwk(did: str) -> dict[str, Any]:
    """The DID document of the did:jwk ``did`` (Read step 5); raises ``ResolutionError``.

    One verification method ``#0`` of type ``JsonWebKey2020``; the relationships follow the
    JWK's ``use``: ``sig`` drops ``keyAgreement``, ``enc`` keeps only ``keyAgreement``.

    Spec: https://github.com/quartzjer/did-jwk/blob/main/spec.md#to-create-the-did-document
    """
    jwk = jwk_from_did_jwk(did)
    method_id = f"{did}#0"
    if jwk.get("use") == "sig":
        relationships: tuple[str, ...] = _ALL_RELATIONSHIPS[:-1]
    elif jwk.get("use") == "enc":
        relationships = ("keyAgreement",)
    else:
        relationships = _ALL_RELATIONSHIPS
    document: dict[str, Any] = {
        "@context": list(_CONTEXT),
        "id": did,
        "verificationMethod": [
            {"id": method_id, "type": "JsonWebKey2020", "controller": did, "publicKeyJwk": jwk}
        ],
    }
    for relationship in relationships:
        document[relationship] = [method_id]
    return document


def did_jwk_from_jwk(jwk: Mapping[str, Any]) -> str:
    """The did:jwk DID of a public ``jwk`` (Create); raises ``ResolutionError`` for a bad key.

    The JWK is serialized compactly in the given member order (the spec requires no
    canonical form; pass a sorted mapping for a stable DID).

    Spec: https://github.com/quartzjer/did-jwk/blob/main/spec.md#to-create-the-did
    """
    text = dumps_compact(dict(jwk))
    identifier = base64.urlsafe_b64encode(text.encode("utf-8")).rstrip(b"=").decode("ascii")
    did = f"did:jwk:{identifier}"
    _validate_jwk(dict(jwk), did)
    return did


class JwkResolver:
    """did:jwk, resolved offline."""

    def read(self, did: str, *, options: Mapping[str, Any]) -> dict[str, Any]:
        """The DID document of ``did``."""
        return resolve_did_jwk(did)
