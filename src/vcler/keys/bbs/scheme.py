"""The BBS Signature Scheme: key generation, Sign / Verify, ProofGen / ProofVerify, their
core operations and the octet encodings of signatures, proofs and public keys.

The interface functions take octet strings as the draft does. ``verify`` and ``proof_verify``
answer ``True`` or ``False`` and never raise for a bad signature or proof; to learn *why* an
encoding is refused, decode it first with :func:`octets_to_signature`, :func:`octets_to_proof`
or :func:`octets_to_pubkey`, which raise :class:`BbsEncodingError` carrying the reason
(``not-on-curve``, ``not-in-subgroup``, ``identity``, ``scalar-out-of-range``,
``bad-encoding``, ``bad-length``).

Every operation costs in proportion to its input: the number of messages (and so of
generators, of scalars in a proof) is capped by :data:`MAX_MESSAGES`, and a proof's size says
how many undisclosed messages it has.

Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ... import codes
from ...errors import InvalidKeyError, VclerError
from ._curve import (
    BAD_ENCODING,
    G1_BYTES,
    SCALAR_BYTES,
    SCALAR_RANGE,
    InvalidPoint,
    R,
    arkworks,
    g1_from_octets,
    g2_from_octets,
    scalar,
)
from .ciphersuites import (
    BLS12_381_SHA_256,
    MAX_MESSAGES,
    AsScalar,
    Ciphersuite,
    calculate_domain,
    create_generators,
    g2_base,
    hash_to_scalar,
    messages_to_scalars,
    serialize,
)

if TYPE_CHECKING:
    from py_arkworks_bls12381 import G1Point, G2Point

__all__ = [
    "BAD_LENGTH",
    "BbsEncodingError",
    "Proof",
    "RandomScalars",
    "Signature",
    "core_proof_verify",
    "key_gen",
    "octets_to_proof",
    "octets_to_pubkey",
    "octets_to_signature",
    "proof_gen",
    "proof_to_octets",
    "proof_verify",
    "sign",
    "signature_to_octets",
    "sk_to_pk",
    "verify",
]

#: The reason of a signature or proof of the wrong length.
BAD_LENGTH = "bad-length"

#: ``count -> scalars``: the source of the random scalars of a proof (the draft's
#: calculate_random_scalars; the test vectors mock it).
RandomScalars = Callable[[int], Sequence[int]]


class BbsEncodingError(VclerError, ValueError):
    """A BBS signature, proof or public key that does not decode; ``reason`` says why
    (``not-on-curve``, ``not-in-subgroup``, ``identity``, ``scalar-out-of-range``,
    ``bad-encoding``, ``bad-length``)."""

    code = codes.MALFORMED_PROOF_ERROR

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Signature:
    """A decoded BBS signature ``(A, e)``."""

    a: G1Point
    e: int


@dataclass(frozen=True)
class Proof:
    """A decoded BBS proof ``(Abar, Bbar, D, e^, r1^, r3^, commitments, c)``."""

    a_bar: G1Point
    b_bar: G1Point
    d: G1Point
    e_hat: int
    r1_hat: int
    r3_hat: int
    commitments: tuple[int, ...]
    challenge: int


def _h2s_dst(api_id: bytes) -> bytes:
    return api_id + b"H2S_"


def _scalar_octets(value: int) -> bytes:
    return value.to_bytes(SCALAR_BYTES, "big")


def _msm(points: Sequence[G1Point], scalars: Sequence[int]) -> G1Point:
    """``points[0] * scalars[0] + ...`` (one multi-scalar multiplication)."""
    result: G1Point = arkworks().G1Point.multiexp_unchecked(
        list(points), [scalar(s) for s in scalars]
    )
    return result


# -- keys ----------------------------------------------------------------------------------


def key_gen(
    key_material: bytes,
    key_info: bytes = b"",
    key_dst: bytes | None = None,
    *,
    suite: Ciphersuite = BLS12_381_SHA_256,
) -> int:
    """KeyGen: a secret key (an integer ``0 < SK < r``) from at least 32 secret bytes.

    Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html#name-secret-key
    """
    dst = key_dst if key_dst is not None else suite.ciphersuite_id + b"KEYGEN_DST_"
    # Steps 1-2
    if len(key_material) < 32:
        raise InvalidKeyError("BBS key material is at least 32 bytes")
    if len(key_info) > 65535:
        raise InvalidKeyError("BBS key_info is at most 65535 bytes")
    # Steps 3-4
    derive_input = key_material + len(key_info).to_bytes(2, "big") + key_info
    secret = hash_to_scalar(suite, derive_input, dst)
    # Step 5
    if secret == 0:
        raise InvalidKeyError("BBS KeyGen gave 0; use other key material")
    return secret


def sk_to_pk(secret_key: int) -> bytes:
    """SkToPk: the public key, ``SK * BP2`` compressed (96 bytes).

    Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html#name-public-key
    """
    if not 0 < secret_key < R:
        raise InvalidKeyError("a BBS secret key is an integer in 1..r-1")
    public: bytes = (g2_base() * scalar(secret_key)).to_compressed_bytes()
    return public


def octets_to_pubkey(public_key: bytes) -> G2Point:
    """octets_to_pubkey: the G2 point of a public key, on the curve, in the subgroup, not the
    identity; :class:`BbsEncodingError` otherwise.

    Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html#name-octets-to-public-key
    """
    try:
        return g2_from_octets(bytes(public_key))
    except InvalidPoint as error:
        raise BbsEncodingError(error.reason, f"the BBS public key: {error}") from error


# -- encodings -----------------------------------------------------------------------------


def signature_to_octets(signature: Signature) -> bytes:
    """signature_to_octets: ``A || e`` (80 bytes).

    Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html#name-signature-to-octets
    """
    return serialize([signature.a, AsScalar(signature.e)])


def _point(data: bytes, what: str) -> G1Point:
    try:
        return g1_from_octets(data)
    except InvalidPoint as error:
        raise BbsEncodingError(error.reason, f"{what}: {error}") from error


def _scalar(data: bytes, what: str) -> int:
    value = int.from_bytes(data, "big")
    if value == 0 or value >= R:
        raise BbsEncodingError(SCALAR_RANGE, f"{what} is not a scalar in 1..r-1")
    return value


def octets_to_signature(data: bytes) -> Signature:
    """octets_to_signature: ``(A, e)``, ``A`` a point of G1 other than the identity and ``e``
    in 1..r-1; :class:`BbsEncodingError` otherwise.

    Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html#name-octets-to-signature
    """
    # Steps 1-2
    if not isinstance(data, bytes | bytearray) or len(data) != G1_BYTES + SCALAR_BYTES:
        raise BbsEncodingError(BAD_LENGTH, "a BBS signature is 80 bytes")
    data = bytes(data)
    # Steps 3-7
    a = _point(data[:G1_BYTES], "the signature's A")
    # Steps 8-12
    return Signature(a, _scalar(data[G1_BYTES:], "the signature's e"))


def proof_to_octets(proof: Proof) -> bytes:
    """proof_to_octets.

    Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html#name-proof-to-octets
    """
    scalars = [proof.e_hat, proof.r1_hat, proof.r3_hat, *proof.commitments, proof.challenge]
    return serialize([proof.a_bar, proof.b_bar, proof.d, *(AsScalar(s) for s in scalars)])


def octets_to_proof(data: bytes) -> Proof:
    """octets_to_proof: three points of G1 (none the identity), then scalars in 1..r-1;
    :class:`BbsEncodingError` otherwise. A proof has at most :data:`MAX_MESSAGES`
    commitments.

    Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html#name-octets-to-proof
    """
    if not isinstance(data, bytes | bytearray):
        raise BbsEncodingError(BAD_ENCODING, "a BBS proof is an octet string")
    data = bytes(data)
    # Steps 1-2 (and 17: whole scalars only; vcler: at most MAX_MESSAGES commitments).
    floor = 3 * G1_BYTES + 4 * SCALAR_BYTES
    if len(data) < floor or (len(data) - floor) % SCALAR_BYTES:
        raise BbsEncodingError(BAD_LENGTH, f"a BBS proof is {floor} + 32 * U bytes")
    if (len(data) - floor) // SCALAR_BYTES > MAX_MESSAGES:
        raise BbsEncodingError(BAD_LENGTH, f"a BBS proof hides at most {MAX_MESSAGES} messages")
    # Steps 3-9: the points.
    names = ("Abar", "Bbar", "D")
    points = [
        _point(data[i * G1_BYTES : (i + 1) * G1_BYTES], f"the proof's {names[i]}") for i in range(3)
    ]
    # Steps 10-16: the scalars.
    start = 3 * G1_BYTES
    scalars = [
        _scalar(data[index : index + SCALAR_BYTES], f"the proof's scalar {n}")
        for n, index in enumerate(range(start, len(data), SCALAR_BYTES))
    ]
    # Steps 18-20
    a_bar, b_bar, d = points
    e_hat, r1_hat, r3_hat = scalars[:3]
    return Proof(a_bar, b_bar, d, e_hat, r1_hat, r3_hat, tuple(scalars[3:-1]), scalars[-1])


# -- core operations -----------------------------------------------------------------------


def _b(
    suite: Ciphersuite, generators: Sequence[G1Point], domain: int, messages: Sequence[int]
) -> G1Point:
    """``B = P1 + Q_1 * domain + H_1 * msg_1 + ... + H_L * msg_L``."""
    return suite.p1 + _msm(generators, [domain, *messages])


def core_sign(
    secret_key: int,
    public_key: bytes,
    generators: Sequence[G1Point],
    header: bytes,
    messages: Sequence[int],
    *,
    api_id: bytes,
    suite: Ciphersuite,
) -> bytes:
    """CoreSign.

    Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html#name-coresign
    """
    # Deserialization 1-4
    if len(generators) != len(messages) + 1:
        raise ValueError("CoreSign: one generator more than messages")
    q_1, h_points = generators[0], generators[1:]
    # Step 1
    domain = calculate_domain(suite, public_key, q_1, h_points, header, api_id=api_id)
    # Step 2
    e = hash_to_scalar(
        suite,
        serialize([AsScalar(secret_key), *(AsScalar(m) for m in messages), AsScalar(domain)]),
        _h2s_dst(api_id),
    )
    # Step 3
    b = _b(suite, generators, domain, messages)
    # Step 4 (SK + e = 0 mod r would make A the identity: refused).
    if (secret_key + e) % R == 0:
        raise InvalidKeyError("CoreSign: SK + e = 0 mod r")
    a = b * scalar(pow(secret_key + e, -1, R))
    # Step 5
    return signature_to_octets(Signature(a, e))


def core_verify(
    public_key: bytes,
    signature: bytes,
    generators: Sequence[G1Point],
    header: bytes,
    messages: Sequence[int],
    *,
    api_id: bytes,
    suite: Ciphersuite,
) -> bool:
    """CoreVerify.

    Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html#name-coreverify
    """
    # Deserialization 1-9
    try:
        decoded = octets_to_signature(signature)
        w = octets_to_pubkey(public_key)
    except BbsEncodingError:
        return False
    if len(generators) != len(messages) + 1:
        return False
    # Step 1
    domain = calculate_domain(
        suite, bytes(public_key), generators[0], generators[1:], header, api_id=api_id
    )
    # Step 2
    b = _b(suite, generators, domain, messages)
    # Step 3: h(A, W) * h(A * e - B, BP2) == Identity_GT
    result: bool = arkworks().GT.pairing_check(
        [decoded.a, decoded.a * scalar(decoded.e) - b], [w, g2_base()]
    )
    return result


def _random_scalars(count: int) -> list[int]:
    """calculate_random_scalars: ``OS2IP(get_random(expand_len)) mod r``, ``count`` times.

    Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html#name-random-scalars
    """
    return [int.from_bytes(secrets.token_bytes(48), "big") % R for _ in range(count)]


@dataclass(frozen=True)
class _InitResult:
    a_bar: G1Point
    b_bar: G1Point
    d: G1Point
    t1: G1Point
    t2: G1Point
    domain: int


def _challenge(
    init: _InitResult,
    disclosed_messages: Sequence[int],
    disclosed_indexes: Sequence[int],
    presentation_header: bytes,
    *,
    api_id: bytes,
    suite: Ciphersuite,
) -> int:
    """ProofChallengeCalculate.

    Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html#name-challenge-calculation
    """
    # Step 1
    c_arr: list[object] = [len(disclosed_indexes)]
    for index, message in zip(disclosed_indexes, disclosed_messages, strict=True):
        c_arr += [index, AsScalar(message)]
    c_arr += [init.a_bar, init.b_bar, init.d, init.t1, init.t2, AsScalar(init.domain)]
    # Step 2
    c_octs = serialize(c_arr) + len(presentation_header).to_bytes(8, "big") + presentation_header
    # Step 3
    return hash_to_scalar(suite, c_octs, _h2s_dst(api_id))


def core_proof_gen(
    public_key: bytes,
    signature: bytes,
    generators: Sequence[G1Point],
    header: bytes,
    presentation_header: bytes,
    messages: Sequence[int],
    disclosed_indexes: Sequence[int],
    *,
    api_id: bytes,
    suite: Ciphersuite,
    random_scalars: RandomScalars | None = None,
) -> bytes:
    """CoreProofGen (with ProofInit and ProofFinalize).

    Raises :class:`BbsEncodingError` for a signature that does not decode, ``ValueError`` for
    disclosed indexes that are not increasing indexes of ``messages``.

    Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html#name-coreproofgen
    """
    # Deserialization 1-3
    decoded = octets_to_signature(signature)
    # Deserialization 4-13
    count = len(messages)
    disclosed = list(disclosed_indexes)
    if any(not 0 <= i < count for i in disclosed) or disclosed != sorted(set(disclosed)):
        raise ValueError("disclosed indexes must be increasing indexes of the messages")
    if len(generators) != count + 1:
        raise ValueError("CoreProofGen: one generator more than messages")
    disclosed_set = set(disclosed)
    undisclosed = [i for i in range(count) if i not in disclosed_set]
    # Step 1
    scalars = list((random_scalars or _random_scalars)(5 + len(undisclosed)))
    if len(scalars) != 5 + len(undisclosed):
        raise ValueError("the random scalars must be 5 more than the undisclosed messages")
    r1, r2, e_tilde, r1_tilde, r3_tilde = scalars[:5]
    m_tilde = scalars[5:]
    # Step 2: ProofInit.
    q_1, h_points = generators[0], generators[1:]
    domain = calculate_domain(suite, public_key, q_1, h_points, header, api_id=api_id)
    b = _b(suite, generators, domain, messages)
    d = b * scalar(r2)
    a_bar = decoded.a * scalar(r1 * r2)
    b_bar = d * scalar(r1) - a_bar * scalar(decoded.e)
    t1 = _msm([a_bar, d], [e_tilde, r1_tilde])
    t2 = _msm([d, *(h_points[j] for j in undisclosed)], [r3_tilde, *m_tilde])
    init = _InitResult(a_bar, b_bar, d, t1, t2, domain)
    # Step 4
    challenge = _challenge(
        init,
        [messages[i] for i in disclosed],
        disclosed,
        presentation_header,
        api_id=api_id,
        suite=suite,
    )
    # Step 6: ProofFinalize.
    r3 = pow(r2, -1, R)
    proof = Proof(
        a_bar,
        b_bar,
        d,
        (e_tilde + decoded.e * challenge) % R,
        (r1_tilde - r1 * challenge) % R,
        (r3_tilde - r3 * challenge) % R,
        tuple((m_tilde[n] + messages[j] * challenge) % R for n, j in enumerate(undisclosed)),
        challenge,
    )
    return proof_to_octets(proof)


def core_proof_verify(
    public_key: G2Point,
    public_key_octets: bytes,
    proof: Proof,
    generators: Sequence[G1Point],
    header: bytes,
    presentation_header: bytes,
    disclosed_messages: Sequence[int],
    disclosed_indexes: Sequence[int],
    *,
    api_id: bytes,
    suite: Ciphersuite,
) -> bool:
    """CoreProofVerify (with ProofVerifyInit) over a decoded proof and public key.

    Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html#name-coreproofverify
    """
    # ProofVerifyInit, deserialization 1-15.
    undisclosed_count = len(proof.commitments)
    disclosed_count = len(disclosed_indexes)
    total = disclosed_count + undisclosed_count
    indexes = list(disclosed_indexes)
    if any(not 0 <= i < total for i in indexes) or indexes != sorted(set(indexes)):
        return False
    if len(disclosed_messages) != disclosed_count or len(generators) != total + 1:
        return False
    disclosed_set = set(indexes)
    undisclosed = [j for j in range(total) if j not in disclosed_set]
    q_1, h_points = generators[0], generators[1:]
    # ProofVerifyInit, steps 1-4.
    domain = calculate_domain(suite, public_key_octets, q_1, h_points, header, api_id=api_id)
    t1 = _msm([proof.b_bar, proof.a_bar, proof.d], [proof.challenge, proof.e_hat, proof.r1_hat])
    bv = suite.p1 + _msm([q_1, *(h_points[i] for i in indexes)], [domain, *disclosed_messages])
    t2 = bv * scalar(proof.challenge) + _msm(
        [proof.d, *(h_points[j] for j in undisclosed)], [proof.r3_hat, *proof.commitments]
    )
    init = _InitResult(proof.a_bar, proof.b_bar, proof.d, t1, t2, domain)
    # CoreProofVerify, steps 3-5.
    challenge = _challenge(
        init, disclosed_messages, indexes, presentation_header, api_id=api_id, suite=suite
    )
    if challenge != proof.challenge:
        return False
    # Step 6: h(Abar, W) * h(Bbar, -BP2) == Identity_GT
    result: bool = arkworks().GT.pairing_check([proof.a_bar, proof.b_bar], [public_key, -g2_base()])
    return result


# -- the BBS Signatures Interface ------------------------------------------------------------


def _scalars_and_generators(
    suite: Ciphersuite, messages: Sequence[bytes], count: int
) -> tuple[list[int], list[G1Point]]:
    """Steps 1-2 of each interface operation: the messages as scalars (with the suite's
    api_id) and the generators of ``count`` messages (one more: Q_1)."""
    api_id = suite.api_id
    return (
        messages_to_scalars(suite, messages, api_id=api_id),
        create_generators(suite, count + 1, api_id=api_id),
    )


def sign(
    secret_key: int,
    public_key: bytes,
    header: bytes = b"",
    messages: Sequence[bytes] = (),
    *,
    suite: Ciphersuite = BLS12_381_SHA_256,
) -> bytes:
    """Sign: the 80-byte signature of ``messages`` and ``header``.

    Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html#name-signature-generation-sign
    """
    api_id = suite.api_id
    # Steps 1-2
    message_scalars, generators = _scalars_and_generators(suite, messages, len(messages))
    # Steps 3-5
    return core_sign(
        secret_key, public_key, generators, header, message_scalars, api_id=api_id, suite=suite
    )


def verify(
    public_key: bytes,
    signature: bytes,
    header: bytes = b"",
    messages: Sequence[bytes] = (),
    *,
    suite: Ciphersuite = BLS12_381_SHA_256,
) -> bool:
    """Verify: whether ``signature`` signs ``header`` and ``messages`` (in order).

    Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html#name-signature-verification-veri
    """
    if len(messages) > MAX_MESSAGES:
        return False
    api_id = suite.api_id
    # Steps 1-2
    message_scalars, generators = _scalars_and_generators(suite, messages, len(messages))
    # Steps 3-4
    return core_verify(
        public_key, signature, generators, header, message_scalars, api_id=api_id, suite=suite
    )


def proof_gen(
    public_key: bytes,
    signature: bytes,
    header: bytes = b"",
    presentation_header: bytes = b"",
    messages: Sequence[bytes] = (),
    disclosed_indexes: Sequence[int] = (),
    *,
    suite: Ciphersuite = BLS12_381_SHA_256,
    random_scalars: RandomScalars | None = None,
) -> bytes:
    """ProofGen: a zero-knowledge proof of ``signature`` disclosing the messages at
    ``disclosed_indexes`` (increasing). Each proof uses fresh random scalars (from
    :mod:`secrets`) unless ``random_scalars`` is given (the test vectors' mocked ones).

    Raises :class:`BbsEncodingError` for a signature that does not decode, ``ValueError``
    for indexes that are not increasing indexes of ``messages``.

    Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html#name-proof-generation-proofgen
    """
    api_id = suite.api_id
    # Steps 1-2
    message_scalars, generators = _scalars_and_generators(suite, messages, len(messages))
    # Steps 3-5
    return core_proof_gen(
        public_key,
        signature,
        generators,
        header,
        presentation_header,
        message_scalars,
        disclosed_indexes,
        api_id=api_id,
        suite=suite,
        random_scalars=random_scalars,
    )


def proof_verify(
    public_key: bytes,
    proof: bytes | Proof,
    header: bytes = b"",
    presentation_header: bytes = b"",
    disclosed_messages: Sequence[bytes] = (),
    disclosed_indexes: Sequence[int] = (),
    *,
    suite: Ciphersuite = BLS12_381_SHA_256,
) -> bool:
    """ProofVerify: whether ``proof`` (octets, or decoded by :func:`octets_to_proof`) proves
    knowledge of a signature by ``public_key`` of ``header`` and messages among which those at
    ``disclosed_indexes`` are ``disclosed_messages``, for ``presentation_header``. Never raises
    for a bad proof.

    Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html#name-proof-verification-proofver
    """
    # CoreProofVerify, deserialization 1-5.
    try:
        decoded = proof if isinstance(proof, Proof) else octets_to_proof(proof)
        w = octets_to_pubkey(public_key)
    except BbsEncodingError:
        return False
    # Deserialization 1-4
    total = len(decoded.commitments) + len(disclosed_indexes)
    if total > MAX_MESSAGES or len(disclosed_messages) != len(disclosed_indexes):
        return False
    api_id = suite.api_id
    # Steps 1-2
    message_scalars, generators = _scalars_and_generators(suite, disclosed_messages, total)
    # Steps 3-4
    return core_proof_verify(
        w,
        bytes(public_key),
        decoded,
        generators,
        header,
        presentation_header,
        message_scalars,
        disclosed_indexes,
        api_id=api_id,
        suite=suite,
    )
