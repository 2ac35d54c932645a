"""The CBOR proof values of the selective disclosure suites (``ecdsa-sd-2023``, ``bbs-2023``):
``u`` + base64url-no-pad(a three-byte header ‖ CBOR array of components).

The header is a CBOR tag written before the array (``0xd9 0x5d 0x00`` ... ``0x09``) and names
the kind of proof value; the components themselves carry no tags. Decoding accepts one tag
inside, 64 (a typed array of bytes), which some encoders write for byte strings, and refuses
every other.

Spec: https://www.w3.org/TR/vc-di-ecdsa/#serializebaseproofvalue
Spec: https://www.w3.org/TR/vc-di-bbs/#serializebaseproofvalue
"""

from __future__ import annotations

from typing import Any

from ...errors import InvalidKeyError, MalformedProofError
from ...keys.encoding import b64url_decode, b64url_encode

__all__ = ["decode_components", "encode_proof_value", "multibase_bytes"]


def _cbor() -> Any:
    import cbor2  # here, not at the top: only selective disclosure needs it

    return cbor2


def encode_proof_value(header: bytes, components: list[Any]) -> str:
    """``u`` + base64url(``header`` ‖ CBOR(``components``)), CBOR without tags (definite
    lengths, map keys in ascending order)."""
    encoded = _cbor().dumps(components, canonical=True)
    return "u" + b64url_encode(header + encoded)


def multibase_bytes(proof_value: object, *, max_bytes: int, suite: str) -> bytes:
    """The bytes of a ``u`` multibase proof value of at most ``max_bytes``;
    :class:`vcler.errors.MalformedProofError` (at ``/proofValue``) otherwise."""
    if not isinstance(proof_value, str) or not proof_value.startswith("u"):
        raise MalformedProofError(
            f"a {suite} proofValue is multibase base64url (it starts with 'u')",
            pointer="/proofValue",
        )
    try:
        return b64url_decode(proof_value[1:], max_bytes=max_bytes, what="proofValue")
    except InvalidKeyError as error:
        raise MalformedProofError(error.message, pointer="/proofValue") from error


def decode_components(data: bytes) -> Any:
    """The CBOR value of ``data`` (the bytes after the header); tag 64 is read as bytes and
    any other tag refused. :class:`vcler.errors.MalformedProofError` for what is not CBOR."""
    cbor2 = _cbor()

    def tag_hook(*args: Any) -> Any:
        # cbor2 5 calls (decoder, tag), cbor2 6 (tag, immutable).
        tag = next(arg for arg in args if isinstance(arg, cbor2.CBORTag))
        if tag.tag == 64 and isinstance(tag.value, bytes):  # a byte array, as typed array
            return tag.value
        raise ValueError(f"CBOR tag {tag.tag} inside the proof value")

    try:
        return cbor2.loads(data, tag_hook=tag_hook)
    except Exception as error:  # CBORDecodeError, RecursionError, ValueError...
        raise MalformedProofError(
            f"the proofValue is not CBOR the suite can read ({error})", pointer="/proofValue"
        ) from error
