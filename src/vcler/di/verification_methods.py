"""The public key of a verification method, checked against the cryptosuite using it.

vcler reads the verification method types the Data Integrity suites use:

==============================  ======================  ===============================
type                            key member              keys
==============================  ======================  ===============================
``Multikey``                    ``publicKeyMultibase``  Ed25519, P-256, P-384 (any)
``Ed25519VerificationKey2020``  ``publicKeyMultibase``  Ed25519
``JsonWebKey``                  ``publicKeyJwk``        OKP Ed25519, EC, RSA (JOSE only)
``JsonWebKey2020``              ``publicKeyJwk``        as ``JsonWebKey``
``Ed25519VerificationKey2018``  ``publicKeyBase58``     Ed25519 (raw 32 bytes)
==============================  ======================  ===============================

``EcdsaSecp256k1VerificationKey2019`` (legacy proofs) holds a secp256k1 key in ``publicKeyJwk``
or, as a SEC1 point, in ``publicKeyBase58``.

A method that is malformed, holds secret key material, is revoked or expired, or whose key
does not fit the suite yields a :class:`~vcler.results.Problem` with the code
``INVALID_VERIFICATION_METHOD``.

Spec: https://www.w3.org/TR/cid-1.0/#verification-methods
Spec: https://www.w3.org/TR/cid-1.0/#multikey
Spec: https://www.w3.org/TR/cid-1.0/#jsonwebkey
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any

from .. import codes
from .._datetime import parse_date_time
from ..errors import VclerError
from ..keys import MAX_PUBLIC_KEY_BYTES, PublicKey
from ..keys.encoding import multibase_b58_decode
from ..keys.rsa import RsaPublicKey
from ..results import Problem
from .suites import Cryptosuite

__all__ = ["method_public_key", "public_key_of"]

# Verification method type → (key member, key type it must hold or None for any).
_METHOD_TYPES: dict[str, tuple[str, str | None]] = {
    "Multikey": ("publicKeyMultibase", None),
    "Ed25519VerificationKey2020": ("publicKeyMultibase", "Ed25519"),
    "JsonWebKey": ("publicKeyJwk", None),
    "JsonWebKey2020": ("publicKeyJwk", None),
    "Ed25519VerificationKey2018": ("publicKeyBase58", "Ed25519"),
    "EcdsaSecp256k1VerificationKey2019": ("publicKeyJwk", "secp256k1"),
}
# Legacy types that may carry their key as publicKeyBase58 instead of the member above.
_BASE58_TOO = frozenset({"EcdsaSecp256k1VerificationKey2019"})
_SECRET_MEMBERS = ("secretKeyMultibase", "privateKeyMultibase", "privateKeyJwk", "secretKeyJwk")


def _problem(message: str, detail: str | None = None) -> Problem:
    return Problem(codes.INVALID_VERIFICATION_METHOD, message, "/verificationMethod", detail)


# Decoding a key (base58, the curve point check, the key object) is a pure function of its
# text, and an issuer's key comes back with every credential it signed: memoized, bounded.
# A key that fails to decode raises, and is not remembered.
@lru_cache(maxsize=1024)
def _multibase_key(value: str) -> PublicKey:
    return PublicKey.from_multibase(value)


def _decode(method_type: str, member: str, value: Any) -> PublicKey:
    """The public key in ``value``; raises a :class:`VclerError` (or ``ValueError``)."""
    if member == "publicKeyMultibase":
        if not isinstance(value, str):
            raise ValueError("publicKeyMultibase must be a string")
        return _multibase_key(value)
    if member == "publicKeyJwk":
        if not isinstance(value, Mapping):
            raise ValueError("publicKeyJwk must be a JSON object")
        if "d" in value:
            raise ValueError("publicKeyJwk must not hold the private key ('d')")
        return PublicKey.from_jwk(value)
    if not isinstance(value, str) or not value:
        raise ValueError("publicKeyBase58 must be a non-empty string")
    raw = multibase_b58_decode("z" + value, max_bytes=MAX_PUBLIC_KEY_BYTES, what=member)
    key_type = "secp256k1" if method_type == "EcdsaSecp256k1VerificationKey2019" else "Ed25519"
    return PublicKey.from_public_bytes(key_type, raw)


def _lifetime_problem(method: Mapping[str, Any], now: datetime) -> Problem | None:
    """A problem when the method is revoked or expired at ``now``.

    Spec: https://www.w3.org/TR/cid-1.0/#verification-methods (expires, revoked)
    """
    for member in ("revoked", "expires"):
        if member not in method:
            continue
        moment = parse_date_time(method[member])
        if moment is None:
            return _problem(f"the verification method's {member!r} is not an XSD dateTime")
        if moment <= now:
            verb = "was revoked" if member == "revoked" else "expired"
            return _problem(f"the verification method {verb} at {method[member]}")
    return None


def method_public_key(method: object, *, now: datetime) -> PublicKey | RsaPublicKey | Problem:
    """The public key ``method`` holds (an RSA key only in a JWK), or the problem that
    prevents its use: an unknown type, a missing key member, secret key material, a revoked
    or expired method, a key that does not decode.

    Spec: https://www.w3.org/TR/cid-1.0/#verification-methods
    """
    if not isinstance(method, (dict, Mapping)):
        return _problem("the verification method is not a JSON object")
    # Step 1: a known type carrying its key member, and no secret key material.
    method_type = method.get("type")
    if not isinstance(method_type, str) or method_type not in _METHOD_TYPES:
        known = ", ".join(_METHOD_TYPES)
        return _problem(f"unsupported verification method type {method_type!r} (known: {known})")
    member, required_key_type = _METHOD_TYPES[method_type]
    if member not in method and method_type in _BASE58_TOO and "publicKeyBase58" in method:
        member = "publicKeyBase58"
    if member not in method:
        return _problem(f"a {method_type} verification method needs {member!r}")
    for secret in _SECRET_MEMBERS:
        if secret in method:
            return _problem(f"the verification method exposes secret key material ({secret!r})")
    # Step 2: not revoked, not expired.
    lifetime = _lifetime_problem(method, now)
    if lifetime is not None:
        return lifetime
    # Step 3: decode the key, of the type the method type requires.
    public_key: PublicKey | RsaPublicKey
    try:
        value = method[member]
        if member == "publicKeyJwk" and isinstance(value, Mapping) and value.get("kty") == "RSA":
            public_key = RsaPublicKey.from_jwk(value)
        else:
            public_key = _decode(method_type, member, value)
    except (VclerError, ValueError) as error:
        return _problem(f"the verification method's {member} is not a valid key", str(error))
    if required_key_type is not None and public_key.type != required_key_type:
        return _problem(
            f"a {method_type} must hold a {required_key_type} key, not {public_key.type}"
        )
    return public_key


def public_key_of(method: object, *, suite: Cryptosuite, now: datetime) -> PublicKey | Problem:
    """The public key of ``method`` for use with ``suite``, or the problem that prevents it.

    Spec: https://www.w3.org/TR/vc-data-integrity/#retrieve-verification-method
    """
    # Steps 1 to 3: the key the method holds.
    public_key = method_public_key(method, now=now)
    if isinstance(public_key, Problem):
        return public_key
    # Step 4: the key type fits the suite.
    if not isinstance(public_key, PublicKey) or public_key.type not in suite.hash_algorithms:
        return _problem(
            f"{suite.name} needs a {' or '.join(suite.key_types)} key; "
            f"the verification method holds a {public_key.type} key"
        )
    return public_key
