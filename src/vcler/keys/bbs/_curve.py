"""BLS12-381 through the arkworks binding: strict point decoding, scalars, pairings.

Group and pairing arithmetic is arkworks' (``py-arkworks-bls12381``, the optional extra
``vcler[bbs]``), imported only when a BBS key, signature or proof is used. What this module
adds is strictness at the boundary: arkworks' compressed decoding accepts an identity point
with stray bits and the ``0xe0`` flag combination, so every encoding is first held to the
format of the draft (and of the pairing-friendly-curves draft it follows) here, and a point
that fails is refused with the reason (:data:`NOT_ON_CURVE`, :data:`NOT_IN_SUBGROUP`,
:data:`IDENTITY`, :data:`BAD_ENCODING`).

Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html#name-point-de-serialization
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ...errors import InvalidKeyError

if TYPE_CHECKING:
    from py_arkworks_bls12381 import G1Point, G2Point, Scalar

__all__ = [
    "BAD_ENCODING",
    "G1_BYTES",
    "G2_BYTES",
    "IDENTITY",
    "NOT_IN_SUBGROUP",
    "NOT_ON_CURVE",
    "SCALAR_BYTES",
    "SCALAR_RANGE",
    "InvalidPoint",
    "P",
    "R",
    "arkworks",
    "available",
    "g1_from_octets",
    "g2_from_octets",
    "scalar",
]

#: The base field modulus p of BLS12-381.
P = int(
    "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf"
    "6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab",
    16,
)
#: The prime order r of G1 and G2.
R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001
#: octet_point_length (a compressed G1 point), a compressed G2 point, octet_scalar_length.
G1_BYTES = 48
G2_BYTES = 96
SCALAR_BYTES = 32

# Why an encoding is refused (the ``reason`` of :class:`InvalidPoint` and of the BBS errors).
BAD_ENCODING = "bad-encoding"
NOT_ON_CURVE = "not-on-curve"
NOT_IN_SUBGROUP = "not-in-subgroup"
IDENTITY = "identity"
SCALAR_RANGE = "scalar-out-of-range"


class InvalidPoint(ValueError):
    """An octet string that is no acceptable point; ``reason`` says why."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@lru_cache(maxsize=1)
def arkworks() -> Any:
    """The ``py_arkworks_bls12381`` module; :class:`InvalidKeyError` when it is not installed."""
    try:
        import py_arkworks_bls12381
    except ImportError as error:  # the optional extra is not installed
        raise InvalidKeyError(
            "BLS12-381 keys and BBS proofs need the optional extra: pip install 'vcler[bbs]'"
        ) from error
    return py_arkworks_bls12381


def available() -> bool:
    """Whether the BLS12-381 binding is installed (``vcler[bbs]``)."""
    try:
        arkworks()
    except InvalidKeyError:
        return False
    return True


def scalar(value: int) -> Scalar:
    """An arkworks scalar of an integer (taken mod r)."""
    result: Scalar = arkworks().Scalar(value % R)
    return result


def _x_of(data: bytes, field_elements: int) -> None:
    """Steps 1-4 of point de-serialization: the flag bits, the identity, x below p."""
    flags = data[0] & 0xE0
    # The compression bit must be set (only compressed points are used); 0x20, 0x60 and 0xE0
    # are never valid.
    if flags in (0x20, 0x60, 0xE0) or not flags & 0x80:
        raise InvalidPoint(
            BAD_ENCODING, "the point's flag bits are not those of a compressed point"
        )
    body = bytes([data[0] & 0x1F]) + data[1:]
    if flags & 0x40:  # the identity: every other bit zero
        if any(body):
            raise InvalidPoint(BAD_ENCODING, "an identity point encoding with non-zero bits")
        raise InvalidPoint(IDENTITY, "the point is the identity")
    size = len(body) // field_elements
    for index in range(field_elements):
        if int.from_bytes(body[index * size : (index + 1) * size], "big") >= P:
            raise InvalidPoint(BAD_ENCODING, "a coordinate of the point is not below p")


def _decode(data: bytes, cls: Any, length: int, field_elements: int, what: str) -> Any:
    if not isinstance(data, bytes | bytearray) or len(data) != length:
        raise InvalidPoint(BAD_ENCODING, f"a {what} point is {length} bytes")
    data = bytes(data)
    _x_of(data, field_elements)
    try:
        point = cls.from_compressed_bytes_unchecked(data)
    except ValueError as error:  # x^3 + b is not a square: no point has this x
        raise InvalidPoint(NOT_ON_CURVE, f"the {what} point is not on the curve") from error
    if not point.is_in_subgroup():
        raise InvalidPoint(NOT_IN_SUBGROUP, f"the {what} point is not in the prime-order subgroup")
    return point


def g1_from_octets(data: bytes) -> G1Point:
    """``octets_to_point_E1`` with the subgroup check and the identity refused.

    Raises :class:`InvalidPoint` with the reason.
    """
    point: G1Point = _decode(data, arkworks().G1Point, G1_BYTES, 1, "G1")
    return point


@lru_cache(maxsize=1024)
def g2_from_octets(data: bytes) -> G2Point:
    """``octets_to_point_E2`` with the subgroup check and the identity refused (the checks of
    ``octets_to_pubkey``; memoized, as the draft allows, since public keys come back).

    Raises :class:`InvalidPoint` with the reason.
    """
    point: G2Point = _decode(data, arkworks().G2Point, G2_BYTES, 2, "G2")
    return point
