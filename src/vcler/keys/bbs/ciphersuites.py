"""The BBS ciphersuites and their utility operations: expand_message, hash_to_scalar,
hash_to_curve_g1, create_generators, messages_to_scalars, calculate_domain, serialize and the
mocked random scalars of the test vectors.

Two ciphersuites: ``BLS12-381-SHA-256`` (the one ``bbs-2023`` uses; RFC 9380's
``BLS12381G1_XMD:SHA-256_SSWU_RO_``, hashed to the curve by arkworks) and
``BLS12-381-SHAKE-256`` (``BLS12381G1_XOF:SHAKE-256_SSWU_RO_``: expand_message_xof here,
arkworks' simplified SWU map and cofactor clearing for each field element).

Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html#name-ciphersuites
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from ...errors import InputError
from ._curve import G1_BYTES, SCALAR_BYTES, P, R, arkworks

if TYPE_CHECKING:
    from py_arkworks_bls12381 import G1Point, G2Point

__all__ = [
    "BLS12_381_SHAKE_256",
    "BLS12_381_SHA_256",
    "CIPHERSUITES",
    "MAX_MESSAGES",
    "AsScalar",
    "Ciphersuite",
    "calculate_domain",
    "create_generators",
    "expand_message",
    "g2_base",
    "hash_to_curve_g1",
    "hash_to_scalar",
    "messages_to_scalars",
    "seeded_random_scalars",
    "serialize",
]

#: The most messages a signature or proof may have (the generators computed for a proof are
#: one per message): a ``bbs-2023`` credential signs one message per statement.
MAX_MESSAGES = 4096
_GENERATOR_BLOCK = 32


@dataclass(frozen=True)
class Ciphersuite:
    """One BBS ciphersuite.

    Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html#name-bls12-381-ciphersuites
    """

    name: str
    ciphersuite_id: bytes
    expand: Literal["xmd", "xof"]
    expand_len: int = 48

    @property
    def api_id(self) -> bytes:
        """The BBS Signatures Interface's ``api_id``: ``ciphersuite_id || "H2G_HM2S_"``."""
        return self.ciphersuite_id + b"H2G_HM2S_"

    @property
    def p1(self) -> G1Point:
        """The fixed point ``P1`` of the ciphersuite."""
        return _p1(self)


BLS12_381_SHA_256 = Ciphersuite("BLS12-381-SHA-256", b"BBS_BLS12381G1_XMD:SHA-256_SSWU_RO_", "xmd")
BLS12_381_SHAKE_256 = Ciphersuite(
    "BLS12-381-SHAKE-256", b"BBS_BLS12381G1_XOF:SHAKE-256_SSWU_RO_", "xof"
)
#: The ciphersuites, by name.
CIPHERSUITES = {suite.name: suite for suite in (BLS12_381_SHA_256, BLS12_381_SHAKE_256)}


def _i2osp(value: int, length: int) -> bytes:
    return value.to_bytes(length, "big")


def _expand_message_xmd(message: bytes, dst: bytes, length: int) -> bytes:
    """expand_message_xmd with SHA-256.

    Spec: https://www.rfc-editor.org/rfc/rfc9380#name-expand_message_xmd
    """
    # Steps 1-3 (a DST over 255 bytes is refused by the callers).
    ell = -(-length // 32)
    if ell > 255 or length > 65535 or len(dst) > 255:
        raise ValueError("expand_message_xmd: output or DST too long")
    dst_prime = dst + _i2osp(len(dst), 1)
    # Steps 4-7
    b_0 = hashlib.sha256(bytes(64) + message + _i2osp(length, 2) + b"\x00" + dst_prime).digest()
    # Steps 8-10
    blocks = [hashlib.sha256(b_0 + b"\x01" + dst_prime).digest()]
    for i in range(2, ell + 1):
        mixed = bytes(x ^ y for x, y in zip(b_0, blocks[-1], strict=True))
        blocks.append(hashlib.sha256(mixed + _i2osp(i, 1) + dst_prime).digest())
    # Steps 11-12
    return b"".join(blocks)[:length]


def _expand_message_xof(message: bytes, dst: bytes, length: int) -> bytes:
    """expand_message_xof with SHAKE-256.

    Spec: https://www.rfc-editor.org/rfc/rfc9380#name-expand_message_xof
    """
    if length > 65535 or len(dst) > 255:
        raise ValueError("expand_message_xof: output or DST too long")
    dst_prime = dst + _i2osp(len(dst), 1)
    return hashlib.shake_256(message + _i2osp(length, 2) + dst_prime).digest(length)


def expand_message(suite: Ciphersuite, message: bytes, dst: bytes, length: int) -> bytes:
    """The suite's expand_message (xmd with SHA-256, or xof with SHAKE-256)."""
    if suite.expand == "xmd":
        return _expand_message_xmd(message, dst, length)
    return _expand_message_xof(message, dst, length)


def hash_to_scalar(suite: Ciphersuite, message: bytes, dst: bytes) -> int:
    """hash_to_scalar: ``OS2IP(expand_message(msg, dst, expand_len)) mod r``.

    Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html#name-hash-to-scalar
    """
    # ABORT if length(dst) > 255
    if len(dst) > 255:
        raise ValueError("hash_to_scalar: the DST is over 255 bytes")
    # Steps 1-2
    return int.from_bytes(expand_message(suite, message, dst, suite.expand_len), "big") % R


def hash_to_curve_g1(suite: Ciphersuite, message: bytes, dst: bytes) -> G1Point:
    """hash_to_curve for G1 of the suite's hash-to-curve suite.

    Spec: https://www.rfc-editor.org/rfc/rfc9380#name-encoding-byte-strings-to-el
    """
    g1 = arkworks().G1Point
    if suite.expand == "xmd":
        point: G1Point = g1.hash_to_curve(message, dst)
        return point
    # Step 1: hash_to_field(msg, 2) with L = 64.
    uniform = expand_message(suite, message, dst, 128)
    u = [int.from_bytes(uniform[i * 64 : (i + 1) * 64], "big") % P for i in (0, 1)]
    # Steps 2-6: map_to_curve (which clears the cofactor, a linear map) of each, added.
    mapped: G1Point = g1.map_from_fp_be(_i2osp(u[0], G1_BYTES)) + g1.map_from_fp_be(
        _i2osp(u[1], G1_BYTES)
    )
    return mapped


@lru_cache(maxsize=512)
def _generator_block(
    suite: Ciphersuite, start: int, v: bytes, seed_dst: bytes, generator_dst: bytes
) -> tuple[tuple[G1Point, ...], bytes]:
    """Generators ``start + 1 .. start + _GENERATOR_BLOCK`` from ``v`` (the chain value before
    them), and the chain value after them."""
    points = []
    for i in range(start + 1, start + _GENERATOR_BLOCK + 1):
        # Step 3
        v = expand_message(suite, v + _i2osp(i, 8), seed_dst, suite.expand_len)
        # Step 4
        points.append(hash_to_curve_g1(suite, v, generator_dst))
    return tuple(points), v


def _generators(
    suite: Ciphersuite,
    count: int,
    *,
    seed_dst: bytes,
    generator_dst: bytes,
    generator_seed: bytes,
) -> list[G1Point]:
    # Step 1
    v = expand_message(suite, generator_seed, seed_dst, suite.expand_len)
    # Steps 2-5, a block of generators at a time (each block memoized: the generators are
    # constants of the suite, and the draft allows caching them).
    generators: list[G1Point] = []
    start = 0
    while len(generators) < count:
        block, v = _generator_block(suite, start, v, seed_dst, generator_dst)
        generators.extend(block)
        start += _GENERATOR_BLOCK
    return generators[:count]


def create_generators(suite: Ciphersuite, count: int, *, api_id: bytes) -> list[G1Point]:
    """create_generators: ``count`` generators of G1 for ``api_id``.

    Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html#name-generators-calculation
    """
    # ABORT if count > 2^64 - 1 (vcler: more than MAX_MESSAGES + 1).
    if count > MAX_MESSAGES + 1:
        raise InputError(f"more than {MAX_MESSAGES} messages")
    # Definitions 1-3
    return _generators(
        suite,
        count,
        seed_dst=api_id + b"SIG_GENERATOR_SEED_",
        generator_dst=api_id + b"SIG_GENERATOR_DST_",
        generator_seed=api_id + b"MESSAGE_GENERATOR_SEED",
    )


@lru_cache(maxsize=4)
def _p1(suite: Ciphersuite) -> G1Point:
    """P1: create_generators(1) with the ciphersuite's own definitions.

    Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html#name-bls12-381-ciphersuites
    """
    prefix = suite.ciphersuite_id + b"H2G_HM2S_"
    return _generators(
        suite,
        1,
        seed_dst=prefix + b"SIG_GENERATOR_SEED_",
        generator_dst=prefix + b"SIG_GENERATOR_DST_",
        generator_seed=prefix + b"BP_MESSAGE_GENERATOR_SEED",
    )[0]


def messages_to_scalars(
    suite: Ciphersuite, messages: Sequence[bytes], *, api_id: bytes
) -> list[int]:
    """messages_to_scalars: each message hashed to a scalar with ``api_id ||
    "MAP_MSG_TO_SCALAR_AS_HASH_"``.

    Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html#name-messages-to-scalars
    """
    # ABORT if length(messages) > 2^64 - 1 (vcler: MAX_MESSAGES).
    if len(messages) > MAX_MESSAGES:
        raise InputError(f"more than {MAX_MESSAGES} messages")
    map_dst = api_id + b"MAP_MSG_TO_SCALAR_AS_HASH_"
    # Steps 1-4
    return [hash_to_scalar(suite, bytes(message), map_dst) for message in messages]


@dataclass(frozen=True)
class AsScalar:
    """An integer :func:`serialize` writes as a scalar (32 bytes) rather than as an 8-byte
    integer."""

    value: int


def serialize(items: Sequence[object]) -> bytes:
    """serialize: points compressed, scalars (:class:`AsScalar`) in 32 bytes, non-negative
    integers in 8 bytes.

    Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html#name-serialize
    """
    module = arkworks()
    out = bytearray()
    for item in items:
        if isinstance(item, module.G1Point | module.G2Point):
            out += item.to_compressed_bytes()
        elif isinstance(item, AsScalar):
            out += _i2osp(item.value % R, SCALAR_BYTES)
        elif isinstance(item, int) and 0 <= item < 2**64:
            out += _i2osp(item, 8)
        else:
            raise ValueError(f"serialize: cannot serialize {type(item).__name__}")
    return bytes(out)


def calculate_domain(
    suite: Ciphersuite,
    public_key: bytes,
    q_1: G1Point,
    h_points: Sequence[G1Point],
    header: bytes,
    *,
    api_id: bytes,
) -> int:
    """calculate_domain: the scalar binding the key, generators, header and ``api_id``.

    Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html#name-domain-calculation
    """
    # Step 1
    dom_array: list[object] = [len(h_points), q_1, *h_points]
    # Step 2
    dom_octs = serialize(dom_array) + api_id
    # Step 3
    dom_input = public_key + dom_octs + _i2osp(len(header), 8) + header
    # Step 4
    return hash_to_scalar(suite, dom_input, api_id + b"H2S_")


def seeded_random_scalars(suite: Ciphersuite, seed: bytes, dst: bytes, count: int) -> list[int]:
    """The test vectors' mocked random scalars: ``count`` scalars expanded from ``seed``.

    Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html#name-mocked-random-scalars
    """
    # ABORT if count * expand_len > 65535
    out_len = suite.expand_len * count
    if out_len > 65535:
        raise ValueError("seeded_random_scalars: too many scalars")
    # Steps 1-3
    v = expand_message(suite, seed, dst, out_len)
    # Steps 4-8
    return [
        int.from_bytes(v[i * suite.expand_len : (i + 1) * suite.expand_len], "big") % R
        for i in range(count)
    ]


def g2_base() -> G2Point:
    """BP2, the base point of G2."""
    point: G2Point = arkworks().G2Point()
    return point
