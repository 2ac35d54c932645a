"""bbs-2023 proof values: the CBOR encodings of base and derived proofs.

A base proof value is ``u`` + base64url(``0xd9 0x5d 0x02`` + CBOR([bbsSignature, bbsHeader,
publicKey, hmacKey, mandatoryPointers])); a derived one ``u`` + base64url(``0xd9 0x5d 0x03`` +
CBOR([bbsProof, compressedLabelMap, mandatoryIndexes, selectiveIndexes,
presentationHeader])). Those are the ``baseline`` feature, which vcler implements. The
headers of the optional features (anonymous holder binding ``0x04``/``0x05``, pseudonyms
``0x06``/``0x07``, both ``0x08``/``0x09``) are recognised and refused by name.

Parsing is strict: every component must have its type and, where fixed, its length
(80-byte signature, 64-byte header, 96-byte public key, 32-byte HMAC key), label map keys
and values are non-negative integers, index lists increase; anything else, or a proof value
over :data:`MAX_PROOF_VALUE_BYTES`, is a :class:`vcler.errors.MalformedProofError`.

Spec: https://www.w3.org/TR/vc-di-bbs/#bbs-2023-functions
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ....errors import InputError, MalformedProofError
from ....keys.bbs.ciphersuites import MAX_MESSAGES
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
]

#: The header of a baseline base proof value.
BASE_PROOF_HEADER = b"\xd9\x5d\x02"
#: The header of a baseline derived (disclosure) proof value.
DERIVED_PROOF_HEADER = b"\xd9\x5d\x03"
#: The largest proof value accepted, decoded: 1 MiB (a proof hiding MAX_MESSAGES statements
#: is some 131 kB, its label map and indexes a few kB more).
MAX_PROOF_VALUE_BYTES = 1024 * 1024

# The optional features' headers (base, derived), recognised to be refused by name.
_FEATURES = {
    b"\xd9\x5d\x04": "anonymous_holder_binding",
    b"\xd9\x5d\x05": "anonymous_holder_binding",
    b"\xd9\x5d\x06": "pseudonym",
    b"\xd9\x5d\x07": "pseudonym",
    b"\xd9\x5d\x08": "holder_binding_pseudonym",
    b"\xd9\x5d\x09": "holder_binding_pseudonym",
}
_SIGNATURE_BYTES = 80
_HEADER_BYTES = 64
_PUBLIC_KEY_BYTES = 96
_HMAC_KEY_BYTES = 32


@dataclass(frozen=True)
class BaseProofValue:
    """The components of a baseline base proof value.

    Spec: https://www.w3.org/TR/vc-di-bbs/#parsebaseproofvalue
    """

    bbs_signature: bytes
    bbs_header: bytes
    public_key: bytes
    hmac_key: bytes
    mandatory_pointers: list[str]


@dataclass(frozen=True)
class DerivedProofValue:
    """The components of a baseline derived proof value; ``label_map`` is decompressed
    (``c14nN`` → ``bM``).

    Spec: https://www.w3.org/TR/vc-di-bbs/#parsederivedproofvalue
    """

    bbs_proof: bytes
    label_map: dict[str, str]
    mandatory_indexes: list[int]
    selective_indexes: list[int]
    presentation_header: bytes


def serialize_base_proof_value(value: BaseProofValue) -> str:
    """The base proof value of its components (the baseline feature).

    Spec: https://www.w3.org/TR/vc-di-bbs/#serializebaseproofvalue
    """
    # Steps 1-3
    return encode_proof_value(
        BASE_PROOF_HEADER,
        [
            value.bbs_signature,
            value.bbs_header,
            value.public_key,
            value.hmac_key,
            list(value.mandatory_pointers),
        ],
    )


def _label_number(label: str, prefix: str) -> int:
    number = label.removeprefix(prefix)
    if not label.startswith(prefix) or not number.isascii() or not number.isdigit():
        raise InputError(f"a label map entry is {prefix}N, not {label!r}")
    return int(number)


def compress_label_map(label_map: Mapping[str, str]) -> dict[int, int]:
    """``c14nN`` → ``bM`` as ``N`` → ``M``.

    Spec: https://www.w3.org/TR/vc-di-bbs/#compresslabelmap
    """
    return dict(
        sorted(
            (_label_number(key, "c14n"), _label_number(value, "b"))
            for key, value in label_map.items()
        )
    )


def decompress_label_map(compressed: Mapping[int, int]) -> dict[str, str]:
    """``N`` → ``M`` as ``c14nN`` → ``bM``.

    Spec: https://www.w3.org/TR/vc-di-bbs/#decompresslabelmap
    """
    return {f"c14n{key}": f"b{value}" for key, value in compressed.items()}


def serialize_derived_proof_value(value: DerivedProofValue) -> str:
    """The derived proof value of its components (the baseline feature).

    Spec: https://www.w3.org/TR/vc-di-bbs/#serializederivedproofvalue
    """
    # Step 1
    compressed = compress_label_map(value.label_map)
    # Steps 2-4
    return encode_proof_value(
        DERIVED_PROOF_HEADER,
        [
            value.bbs_proof,
            compressed,
            list(value.mandatory_indexes),
            list(value.selective_indexes),
            value.presentation_header,
        ],
    )


# -- parsing -----------------------------------------------------------------------------------


def _malformed(message: str) -> MalformedProofError:
    return MalformedProofError(message, pointer="/proofValue")


def _components(proof_value: object, header: bytes, kind: str, count: int) -> list[Any]:
    """Steps 1-4 of parsing: the CBOR components after ``header``."""
    # Steps 1-2
    data = multibase_bytes(proof_value, max_bytes=MAX_PROOF_VALUE_BYTES, suite="bbs-2023")
    # Step 3: the header names the kind of proof value and the feature.
    if not data.startswith(header):
        feature = _FEATURES.get(data[:3])
        if feature is not None:
            raise _malformed(f"the bbs-2023 {feature} feature is not supported by vcler")
        if data[:3] in (BASE_PROOF_HEADER, DERIVED_PROOF_HEADER):
            other = "a base" if data[:3] == BASE_PROOF_HEADER else "a derived"
            raise _malformed(f"the proofValue is {other} proof value, not {kind} one")
        raise _malformed(f"the proofValue does not start with a bbs-2023 {kind} proof header")
    # Step 4: CBOR, an array of the components.
    components = decode_components(data[len(header) :])
    if not isinstance(components, list) or len(components) != count:
        raise _malformed(f"the proofValue's CBOR is not an array of {count} components")
    return components


def _bytes(value: Any, length: int | None, what: str) -> bytes:
    if not isinstance(value, bytes) or (length is not None and len(value) != length):
        size = f" of {length} bytes" if length is not None else ""
        raise _malformed(f"{what} must be a byte string{size}")
    return value


def _indexes(value: Any, what: str) -> list[int]:
    if (
        not isinstance(value, list)
        or len(value) > 2 * MAX_MESSAGES
        or not all(type(i) is int and 0 <= i < 2**32 for i in value)
        or any(a >= b for a, b in itertools.pairwise(value))
    ):
        raise _malformed(f"{what} must be non-negative integers in increasing order")
    return value


def is_base_proof_value(proof_value: object) -> bool:
    """Whether ``proof_value`` is (by its header) a baseline base proof value."""
    try:
        data = multibase_bytes(proof_value, max_bytes=MAX_PROOF_VALUE_BYTES, suite="bbs-2023")
    except MalformedProofError:
        return False
    return data.startswith(BASE_PROOF_HEADER)


def parse_base_proof_value(proof_value: object) -> BaseProofValue:
    """The components of a base proof value.

    Raises :class:`vcler.errors.MalformedProofError` for anything else (a derived proof value,
    an optional feature's among them).

    Spec: https://www.w3.org/TR/vc-di-bbs/#parsebaseproofvalue
    """
    signature, header, public_key, hmac_key, pointers = _components(
        proof_value, BASE_PROOF_HEADER, "a base", 5
    )
    if not isinstance(pointers, list) or not all(isinstance(p, str) for p in pointers):
        raise _malformed("mandatoryPointers must be an array of strings")
    # Step 5
    return BaseProofValue(
        bbs_signature=_bytes(signature, _SIGNATURE_BYTES, "bbsSignature"),
        bbs_header=_bytes(header, _HEADER_BYTES, "bbsHeader"),
        public_key=_bytes(public_key, _PUBLIC_KEY_BYTES, "publicKey"),
        hmac_key=_bytes(hmac_key, _HMAC_KEY_BYTES, "hmacKey"),
        mandatory_pointers=pointers,
    )


def parse_derived_proof_value(proof_value: object) -> DerivedProofValue:
    """The components of a derived proof value, the label map decompressed.

    Raises :class:`vcler.errors.MalformedProofError` for anything else: the label map must map
    distinct non-negative integers to distinct non-negative integers, the index lists must
    increase.

    Spec: https://www.w3.org/TR/vc-di-bbs/#parsederivedproofvalue
    """
    proof, compressed, mandatory, selective, presentation_header = _components(
        proof_value, DERIVED_PROOF_HEADER, "a derived", 5
    )
    if not isinstance(compressed, dict) or not all(
        type(k) is int and type(v) is int and 0 <= k < 2**32 and 0 <= v < 2**32
        for k, v in compressed.items()
    ):
        raise _malformed("the label map must map non-negative integers to non-negative integers")
    if len(set(compressed.values())) != len(compressed):
        raise _malformed("the label map gives two blank nodes the same label")
    # Steps 5-6
    return DerivedProofValue(
        bbs_proof=_bytes(proof, None, "bbsProof"),
        label_map=decompress_label_map(compressed),
        mandatory_indexes=_indexes(mandatory, "mandatoryIndexes"),
        selective_indexes=_indexes(selective, "selectiveIndexes"),
        presentation_header=_bytes(presentation_header, None, "presentationHeader"),
    )
