"""Byte encodings used by key formats: base58btc multibase, unsigned varint, base64url.

Each decoder is strict (one canonical text for one byte string) and raises
:class:`vcler.errors.InvalidKeyError` with a sentence saying what is wrong.
"""

from __future__ import annotations

import base64
import binascii

from ..errors import InvalidKeyError

__all__ = [
    "b64url_decode",
    "b64url_encode",
    "base58btc_decode",
    "base58btc_encode",
    "multibase_b58_decode",
    "multibase_b58_encode",
    "varint_decode",
    "varint_encode",
]

_MAX_VARINT_BYTES = 9


# Spec: https://datatracker.ietf.org/doc/html/draft-msporny-base58-03 (the Bitcoin alphabet)
_BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BASE58_VALUES = {character: value for value, character in enumerate(_BASE58_ALPHABET)}


def base58btc_encode(data: bytes) -> str:
    """``data`` in base58btc: each leading zero byte as ``1``, the rest as one big number.

    Spec: https://datatracker.ietf.org/doc/html/draft-msporny-base58-03#section-3
    """
    # Step 1: leading zero bytes are written as the zero digit, one each.
    zeros = len(data) - len(data.lstrip(b"\0"))
    # Step 2: the remaining bytes, as a big-endian number, written in base 58.
    number = int.from_bytes(data, "big")
    digits = []
    while number:
        number, digit = divmod(number, 58)
        digits.append(_BASE58_ALPHABET[digit])
    return "1" * zeros + "".join(reversed(digits))


def base58btc_decode(text: str) -> bytes:
    """The bytes of a base58btc string; ``ValueError`` for a character outside the alphabet.

    Spec: https://datatracker.ietf.org/doc/html/draft-msporny-base58-03#section-4
    """
    # Step 1: the value of the digits after the leading zero digits, as one number.
    number = 0
    try:
        for character in text:
            number = number * 58 + _BASE58_VALUES[character]
    except (KeyError, TypeError):
        raise ValueError(f"not a base58btc character in {text[:20]!r}") from None
    # Step 2: one zero byte for each leading zero digit, then the number's big-endian bytes.
    zeros = len(text) - len(text.lstrip("1"))
    return b"\0" * zeros + number.to_bytes((number.bit_length() + 7) // 8, "big")


def multibase_b58_encode(data: bytes) -> str:
    """``z`` + base58btc(``data``): the multibase form every Multikey value uses.

    Spec: https://www.w3.org/TR/cid-1.0/#multibase-0 (base58-btc, header ``z``)
    """
    return "z" + base58btc_encode(data)


def multibase_b58_decode(value: str, *, what: str = "value") -> bytes:
    """The bytes of a base58btc multibase string (``z...``).

    Spec: https://www.w3.org/TR/cid-1.0/#multibase-0
    """
    if not isinstance(value, str) or not value:
        raise InvalidKeyError(f"{what} must be a non-empty string")
    # Step 1: the multibase header names the base; only base58-btc ('z') is used for keys.
    if value[0] != "z":
        raise InvalidKeyError(
            f"{what} must be base58btc multibase (start with 'z'), not start with {value[0]!r}"
        )
    # Step 2: decode the rest with the Bitcoin base58 alphabet.
    try:
        return base58btc_decode(value[1:])
    except ValueError as e:
        raise InvalidKeyError(f"{what} is not valid base58btc") from e


def varint_encode(number: int) -> bytes:
    """The unsigned-varint (LEB128) encoding of ``number``.

    Spec: https://github.com/multiformats/unsigned-varint
    """
    if number < 0:
        raise ValueError("varint values are unsigned")
    out = bytearray()
    while True:
        byte = number & 0x7F
        number >>= 7
        if number:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def varint_decode(data: bytes) -> tuple[int, int]:
    """``(value, length)`` of the unsigned varint at the start of ``data``.

    Non-minimal encodings and values longer than 9 bytes are refused, as the spec requires.

    Spec: https://github.com/multiformats/unsigned-varint
    """
    value = 0
    for index, byte in enumerate(data[:_MAX_VARINT_BYTES]):
        value |= (byte & 0x7F) << (7 * index)
        if not byte & 0x80:
            if byte == 0 and index > 0:
                raise InvalidKeyError("multicodec varint is not minimally encoded")
            return value, index + 1
    if len(data) >= _MAX_VARINT_BYTES:
        raise InvalidKeyError("multicodec varint is longer than 9 bytes")
    raise InvalidKeyError("multicodec varint is truncated")


def b64url_encode(data: bytes) -> str:
    """base64url without padding (RFC 7515 section 2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(value: object, *, what: str = "value") -> bytes:
    """The bytes of a base64url string (RFC 7515 section 2); trailing ``=`` is tolerated."""
    if not isinstance(value, str):
        raise InvalidKeyError(f"{what} must be a base64url string")
    text = value.rstrip("=")
    try:
        data = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError) as e:
        raise InvalidKeyError(f"{what} is not valid base64url") from e
    if b64url_encode(data) != text:
        raise InvalidKeyError(f"{what} is not canonical base64url")
    return data
