"""Per key type facts: curve, hash, sizes; Ed25519 point checks and the Ed25519 → X25519 map."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, get_args

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from ..errors import InvalidKeyError

__all__ = [
    "EC_CURVES",
    "KEY_TYPES",
    "MAX_PUBLIC_KEY_BYTES",
    "MAX_SIGNATURE_BYTES",
    "SIGNING_KEY_TYPES",
    "EcCurve",
    "KeyType",
    "check_key_type",
    "ed25519_point_is_valid",
    "ed25519_public_to_x25519",
]

#: The key types vcler reads; every one has a public form, all but X25519 can sign.
#: ``Bls12381G2`` keys (BBS signatures, ``bbs-2023``) need the extra ``vcler[bbs]``.
KeyType = Literal["Ed25519", "X25519", "P-256", "P-384", "P-521", "secp256k1", "Bls12381G2"]
KEY_TYPES: tuple[KeyType, ...] = get_args(KeyType)
#: The key types that sign bytes (``sign(data)``). A ``Bls12381G2`` key signs messages with a
#: header instead (``sign_messages``).
SIGNING_KEY_TYPES: tuple[KeyType, ...] = ("Ed25519", "P-256", "P-384", "P-521", "secp256k1")


@dataclass(frozen=True)
class EcCurve:
    """An ECDSA curve: the pyca curve, the hash ECDSA uses with it, the field size in bytes.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#algorithms (P-256 with SHA-256, P-384 with SHA-384)
    """

    jwk_crv: str
    curve: ec.EllipticCurve
    hash: type[hashes.HashAlgorithm]
    size: int

    @property
    def ecdsa(self) -> ec.ECDSA:
        """The ECDSA signature algorithm with the curve's hash (one object per curve)."""
        return _ECDSA[self.jwk_crv]


EC_CURVES: dict[str, EcCurve] = {
    "P-256": EcCurve("P-256", ec.SECP256R1(), hashes.SHA256, 32),
    "P-384": EcCurve("P-384", ec.SECP384R1(), hashes.SHA384, 48),
    "P-521": EcCurve("P-521", ec.SECP521R1(), hashes.SHA512, 66),
    "secp256k1": EcCurve("secp256k1", ec.SECP256K1(), hashes.SHA256, 32),
}
# Made once: verifying builds no algorithm objects.
_ECDSA: dict[str, ec.ECDSA] = {name: ec.ECDSA(c.hash()) for name, c in EC_CURVES.items()}

_ED25519_SIGNATURE_BYTES = 64  # RFC 8032 section 5.1.6
#: The longest raw public key of a supported type: an uncompressed SEC1 P-521 point (133
#: bytes). Encoded keys are capped by it before decoding.
MAX_PUBLIC_KEY_BYTES = 1 + 2 * max(curve.size for curve in EC_CURVES.values())
#: The longest signature of a supported key: P-521 ``r || s`` (132 bytes). A ``proofValue`` is
#: capped by it before decoding.
MAX_SIGNATURE_BYTES = max(_ED25519_SIGNATURE_BYTES, *(2 * c.size for c in EC_CURVES.values()))


def check_key_type(value: object) -> KeyType:
    """``value`` as a :data:`KeyType`; :class:`InvalidKeyError` if it names no known type."""
    for key_type in KEY_TYPES:
        if value == key_type:
            return key_type
    raise InvalidKeyError(f"unknown key type {value!r} (known: {', '.join(KEY_TYPES)})")


# Curve25519 / edwards25519 constants (RFC 7748 section 4.1, RFC 8032 section 5.1).
_P = 2**255 - 19
_D = (-121665 * pow(121666, -1, _P)) % _P


def _edwards_y(raw: bytes) -> tuple[int, int]:
    """``(y, sign of x)`` from an encoded edwards25519 point."""
    number = int.from_bytes(raw, "little")
    return number & ((1 << 255) - 1), number >> 255


# Both functions below are pure and cost modular exponentiations on 255-bit numbers; the
# same public keys come back with every credential an issuer signs, so their answers are
# memoized (bounded; a cache of a pure function changes no behaviour).
@lru_cache(maxsize=4096)
def ed25519_point_is_valid(raw: bytes) -> bool:
    """Whether 32 bytes decode to a point of edwards25519.

    Spec: https://www.rfc-editor.org/rfc/rfc8032#section-5.1.3
    """
    if len(raw) != 32:
        return False
    # Step 1: y is the low 255 bits; it must be below p.
    y, x_sign = _edwards_y(raw)
    if y >= _P:
        return False
    # Step 2: x^2 = (y^2 - 1) / (d y^2 + 1); the denominator never vanishes on this curve.
    y2 = y * y % _P
    x2 = (y2 - 1) * pow((_D * y2 + 1) % _P, -1, _P) % _P
    # Step 3: x = 0 with the sign bit set is not a valid encoding.
    if x2 == 0:
        return x_sign == 0
    # Step 4: x^2 must be a square mod p (Euler's criterion).
    return pow(x2, (_P - 1) // 2, _P) == 1


@lru_cache(maxsize=4096)
def ed25519_public_to_x25519(raw: bytes) -> bytes:
    """The X25519 public key birationally equivalent to an Ed25519 public key.

    ``u = (1 + y) / (1 - y) mod p``, encoded little-endian in 32 bytes.

    Spec: https://www.rfc-editor.org/rfc/rfc7748#section-4.1 (the map between the curves) and
    https://w3c-ccg.github.io/did-method-key/#derive-encryption-key-algorithm
    """
    if not ed25519_point_is_valid(raw):
        raise InvalidKeyError("not a valid Ed25519 public key: the point is not on the curve")
    y, _ = _edwards_y(raw)
    if y == 1:
        raise InvalidKeyError("the Ed25519 identity point has no X25519 equivalent")
    u = (1 + y) * pow((1 - y) % _P, -1, _P) % _P
    return u.to_bytes(32, "little")
