"""ecdsa-sd-2023 proof values: the CBOR encodings of base and derived proofs.

A base proof value is ``u`` + base64url(``0xd9 0x5d 0x00`` + CBOR([baseSignature, publicKey,
hmacKey, signatures, mandatoryPointers])); a derived one is ``u`` + base64url(``0xd9 0x5d
0x01`` + CBOR([baseSignature, publicKey, signatures, compressedLabelMap, mandatoryIndexes])).
The three header bytes are the CBOR tag 0x5d00 / 0x5d01 written before the array; the
components themselves carry no tags.

Parsing is strict: a proof value of the other kind, one over :data:`MAX_PROOF_VALUE_BYTES`,
one that is not CBOR, or whose components are not exactly what the specification lists (byte
strings of the right lengths, integers where integers belong) is refused with
:class:`vcler.errors.MalformedProofError`. The one tag accepted inside is 64 (a typed array of
bytes), which some encoders write for byte strings.

Spec: https://www.w3.org/TR/vc-di-ecdsa/#ecdsa-sd-2023-functions
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ....errors import InputError, MalformedProofError
from ....keys.encoding import b64url_decode, b64url_encode
from ...selective.cbor import decode_components, encode_proof_value, multibase_bytes

__all__ = [
    "BASE_PROOF_HEADER",
    "DERIVED_PROOF_HEADER",
    "MAX_PROOF_VALUE_BYTES",
    "BaseProofValue",
    "DerivedProofValue",
    "compress_label_map",
    "decompress_label_map",
    "is_base_proof_value",
    "parse_base_proof_value",
    "parse_derived_proof_value",
    "serialize_base_proof_value",
    "serialize_derived_proof_value",
    "serialize_sign_data",
]

#: The CBOR tag (as bytes) that starts a base proof value.
BASE_PROOF_HEADER = b"\xd9\x5d\x00"
#: The CBOR tag (as bytes) that starts a derived (disclosure) proof value.
DERIVED_PROOF_HEADER = b"\xd9\x5d\x01"
#: The largest proof value accepted, decoded: 8 MiB, some 130,000 signed statements.
MAX_PROOF_VALUE_BYTES = 8 * 1024 * 1024

# The proof-scoped key: a P-256 Multikey (varint 0x1200, then the compressed point).
_P256_MULTIKEY_HEADER = b"\x80\x24"
_PROOF_KEY_BYTES = 35
# Lengths by curve: base signature (r || s) and HMAC key / label digest.
_BASE_SIGNATURE_BYTES = (64, 96)
_HMAC_BYTES = (32, 48)
_SIGNATURE_BYTES = 64  # ES256, by the proof-scoped P-256 key


@dataclass(frozen=True)
class BaseProofValue:
    """The components of a base proof value.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#parsebaseproofvalue
    """

    base_signature: bytes
    public_key: bytes
    hmac_key: bytes
    signatures: list[bytes]
    mandatory_pointers: list[str]


@dataclass(frozen=True)
class DerivedProofValue:
    """The components of a derived proof value; ``label_map`` is decompressed (``c14nN`` →
    ``u`` + base64url digest).

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#parsederivedproofvalue
    """

    base_signature: bytes
    public_key: bytes
    signatures: list[bytes]
    label_map: dict[str, str]
    mandatory_indexes: list[int]


def serialize_sign_data(proof_hash: bytes, public_key: bytes, mandatory_hash: bytes) -> bytes:
    """What the issuer's key signs: ``proofHash || publicKey || mandatoryHash``.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#serializesigndata
    """
    return proof_hash + public_key + mandatory_hash


def serialize_base_proof_value(value: BaseProofValue) -> str:
    """The base proof value of its components.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#serializebaseproofvalue
    """
    # Steps 1-4.
    return encode_proof_value(
        BASE_PROOF_HEADER,
        [
            value.base_signature,
            value.public_key,
            value.hmac_key,
            list(value.signatures),
            list(value.mandatory_pointers),
        ],
    )


def compress_label_map(label_map: Mapping[str, str]) -> dict[int, bytes]:
    """``c14nN`` → ``u``-digest as ``N`` → digest bytes.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#compresslabelmap
    """
    compressed = {}
    for key, value in label_map.items():
        number = key.removeprefix("c14n")
        if not key.startswith("c14n") or not number.isascii() or not number.isdigit():
            raise InputError(f"a label map key is a canonical label c14nN, not {key!r}")
        if not value.startswith("u"):
            raise InputError(f"a label map value is a u-prefixed base64url digest, not {value!r}")
        compressed[int(number)] = b64url_decode(value[1:], max_bytes=64, what="a label")
    return dict(sorted(compressed.items()))


def decompress_label_map(compressed: Mapping[int, bytes]) -> dict[str, str]:
    """``N`` → digest bytes as ``c14nN`` → ``u``-digest.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#decompresslabelmap
    """
    return {f"c14n{key}": "u" + b64url_encode(value) for key, value in compressed.items()}


def serialize_derived_proof_value(value: DerivedProofValue) -> str:
    """The derived proof value of its components.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#serializederivedproofvalue
    """
    # Step 1
    compressed = compress_label_map(value.label_map)
    # Steps 2-5
    return encode_proof_value(
        DERIVED_PROOF_HEADER,
        [
            value.base_signature,
            value.public_key,
            list(value.signatures),
            compressed,
            list(value.mandatory_indexes),
        ],
    )


# -- parsing -----------------------------------------------------------------------------------


def _malformed(message: str) -> MalformedProofError:
    return MalformedProofError(message, pointer="/proofValue")


def _decoded(proof_value: object) -> bytes:
    """Steps 1-2 of parsing: the bytes of a ``u`` multibase value."""
    return multibase_bytes(proof_value, max_bytes=MAX_PROOF_VALUE_BYTES, suite="ecdsa-sd-2023")


def is_base_proof_value(proof_value: object) -> bool:
    """Whether ``proof_value`` is (by its header) a base proof value."""
    try:
        return _decoded(proof_value).startswith(BASE_PROOF_HEADER)
    except MalformedProofError:
        return False


def _components(proof_value: object, header: bytes, kind: str, other: str) -> list[Any]:
    """Steps 1-4 of parsing: the five CBOR components after ``header``."""
    data = _decoded(proof_value)
    # Step 3: the header says which kind of proof value this is.
    if not data.startswith(header):
        if data.startswith((BASE_PROOF_HEADER, DERIVED_PROOF_HEADER)):
            raise _malformed(f"the proofValue is {other} proof value, not {kind} one")
        raise _malformed(f"the proofValue does not start with the {kind} proof header")
    # Step 4: CBOR, an array of five.
    components = decode_components(data[len(header) :])
    if not isinstance(components, list) or len(components) != 5:
        raise _malformed("the proofValue's CBOR is not an array of five components")
    return components


def _bytes(value: Any, lengths: Sequence[int], what: str) -> bytes:
    if not isinstance(value, bytes) or len(value) not in lengths:
        sizes = " or ".join(str(n) for n in lengths)
        raise _malformed(f"{what} must be a byte string of {sizes} bytes")
    return value


def _proof_key(value: Any) -> bytes:
    key = _bytes(value, (_PROOF_KEY_BYTES,), "the proof-scoped public key")
    if not key.startswith(_P256_MULTIKEY_HEADER):
        raise _malformed("the proof-scoped public key must be a P-256 Multikey")
    return key


def _signatures(value: Any) -> list[bytes]:
    if not isinstance(value, list):
        raise _malformed("signatures must be an array of byte strings")
    return [_bytes(item, (_SIGNATURE_BYTES,), "each signature") for item in value]


def parse_base_proof_value(proof_value: object) -> BaseProofValue:
    """The components of a base proof value.

    Raises :class:`vcler.errors.MalformedProofError` for anything else (a derived proof
    value among them).

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#parsebaseproofvalue
    """
    signature, public_key, hmac_key, signatures, pointers = _components(
        proof_value, BASE_PROOF_HEADER, "a base", "a derived"
    )
    if not isinstance(pointers, list) or not all(isinstance(p, str) for p in pointers):
        raise _malformed("mandatoryPointers must be an array of strings")
    # Step 5
    return BaseProofValue(
        base_signature=_bytes(signature, _BASE_SIGNATURE_BYTES, "baseSignature"),
        public_key=_proof_key(public_key),
        hmac_key=_bytes(hmac_key, _HMAC_BYTES, "hmacKey"),
        signatures=_signatures(signatures),
        mandatory_pointers=pointers,
    )


def parse_derived_proof_value(proof_value: object) -> DerivedProofValue:
    """The components of a derived proof value, the label map decompressed.

    Raises :class:`vcler.errors.MalformedProofError` for anything else (a base proof value
    among them): the label map must map distinct non-negative integers to digests of one
    length, and the mandatory indexes must be non-negative integers in increasing order.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#parsederivedproofvalue
    """
    signature, public_key, signatures, compressed, indexes = _components(
        proof_value, DERIVED_PROOF_HEADER, "a derived", "a base"
    )
    # Step 4: the components' types and lengths.
    if not isinstance(compressed, dict):
        raise _malformed("the label map must be a map of integers to byte strings")
    lengths = {len(v) for v in compressed.values() if isinstance(v, bytes)}
    for key, value in compressed.items():
        if type(key) is not int or key < 0:
            raise _malformed("the label map's keys must be non-negative integers")
        _bytes(value, _HMAC_BYTES, "each label")
    if len(lengths) > 1:
        raise _malformed("the label map's digests must all have one length")
    if (
        not isinstance(indexes, list)
        or not all(type(i) is int and i >= 0 for i in indexes)
        or any(a >= b for a, b in itertools.pairwise(indexes))
    ):
        raise _malformed("mandatoryIndexes must be non-negative integers in increasing order")
    # Steps 5-6: the label map decompressed.
    return DerivedProofValue(
        base_signature=_bytes(signature, _BASE_SIGNATURE_BYTES, "baseSignature"),
        public_key=_proof_key(public_key),
        signatures=_signatures(signatures),
        label_map=decompress_label_map(compressed),
        mandatory_indexes=indexes,
    )
