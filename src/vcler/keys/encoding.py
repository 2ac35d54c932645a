"""Byte encodings used by key formats: base58btc multibase, unsigned varint, base64url.

Each decoder is strict (one canonical text for one byte string) and raises
:class:`vcler.errors.InvalidKeyError` with a sentence saying what is wrong.

Each decoder also takes the most bytes the value may hold (``max_bytes``: a signature, a key,
a digest have known sizes) and refuses a longer text before decoding it: base58btc decoding
is quadratic in the length of the text, so an uncapped value would let a few hundred
kilobytes cost minutes. The refusal says the value is *too long*.
"""

from __future__ import annotations

import base64
import binascii
import math
from functools import lru_cache

from ..errors import InvalidKeyError

__all__ = [
    "b64url_decode",
    "b64url_encode",
    "b64url_length",
    "base58btc_decode",
    "base58btc_encode",
    "base58btc_length",
    "multibase_b58_decode",
    "multibase_b58_encode",
    "varint_decode",
    "varint_encode",
]

_MAX_VARINT_BYTES = 9


# Spec: https://datatracker.ietf.org/doc/html/draft-msporny-base58-03 (the Bitcoin alphabet)
_BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BASE58_VALUES = {character: value for value, character in enumerate(_BASE58_ALPHABET)}
_LOG58_256 = math.log(256) / math.log(58)  # base58 digits per byte, about 1.37
# Every pair of digits, by value (0 to 58 * 58 - 1): the number is written two digits a step.
_BASE58_PAIRS = [a + b for a in _BASE58_ALPHABET for b in _BASE58_ALPHABET]
# For decoding: each ASCII character's digit value (0xff for a character outside the
# alphabet), for bytes.translate; the digits are then read ten at a time (58**10 < 2**63, a
# machine-size number), so the big number grows one step per ten digits, not one per digit.
_DIGIT_VALUES = bytes(_BASE58_VALUES.get(chr(code), 0xFF) for code in range(256))
_DECODE_CHUNK = 10
_DECODE_SCALES = [58**size for size in range(_DECODE_CHUNK + 1)]


def base58btc_encode(data: bytes) -> str:
    """``data`` in base58btc: each leading zero byte as ``1``, the rest as one big number.

    Spec: https://datatracker.ietf.org/doc/html/draft-msporny-base58-03#section-3
    """
    # Step 1: leading zero bytes are written as the zero digit, one each.
    zeros = len(data) - len(data.lstrip(b"\0"))
    # Step 2: the remaining bytes, as a big-endian number, written in base 58.
    number = int.from_bytes(data, "big")
    pairs = []
    while number:
        number, pair = divmod(number, 58 * 58)
        pairs.append(_BASE58_PAIRS[pair])
    # (the first pair may start with a zero digit, which is no digit of the number)
    return "1" * zeros + "".join(reversed(pairs)).lstrip("1")


class _TooLongError(ValueError):
    """A text longer than the bytes it may hold can take (the message says so)."""


@lru_cache(maxsize=256)
def base58btc_length(size: int) -> int:
    """The most characters base58btc writes for ``size`` bytes: the fewest digits ``d`` with
    ``58**d >= 256**size`` (``size`` bytes of ``0xff``; a zero byte takes one character).
    """
    limit = 256**size
    digits = math.ceil(size * _LOG58_256)
    while 58**digits < limit:  # the float estimate may be one off either way: settle it
        digits += 1
    while digits and 58 ** (digits - 1) >= limit:
        digits -= 1
    return digits


def base58btc_decode(text: str, *, max_bytes: int, what: str = "base58btc text") -> bytes:
    """The bytes of a base58btc string of at most ``max_bytes`` bytes; ``ValueError`` for a
    character outside the alphabet or a text longer than ``max_bytes`` bytes can take.

    Spec: https://datatracker.ietf.org/doc/html/draft-msporny-base58-03#section-4
    """
    # Step 0: the length, checked before any (quadratic) arithmetic.
    _check_length(text, base58btc_length(max_bytes), max_bytes, what=what)
    # Step 1: the value of the digits after the leading zero digits, as one number.
    if not isinstance(text, str):
        raise ValueError(f"not a base58btc text: {type(text).__name__}")
    if not text.isascii():
        raise ValueError(f"not a base58btc character in {text[:20]!r}")
    digits = text.encode("ascii").translate(_DIGIT_VALUES)
    if b"\xff" in digits:
        raise ValueError(f"not a base58btc character in {text[:20]!r}")
    number = 0
    for start in range(0, len(digits), _DECODE_CHUNK):
        chunk = digits[start : start + _DECODE_CHUNK]
        value = 0
        for digit in chunk:
            value = value * 58 + digit
        number = number * _DECODE_SCALES[len(chunk)] + value
    # Step 2: one zero byte for each leading zero digit, then the number's big-endian bytes.
    zeros = len(text) - len(text.lstrip("1"))
    data = b"\0" * zeros + number.to_bytes((number.bit_length() + 7) // 8, "big")
    if len(data) > max_bytes:
        raise _TooLongError(
            f"{what} is too long: it decodes to {len(data)} bytes, more than {max_bytes}"
        )
    return data


def _check_length(text: object, max_chars: int, max_bytes: int, *, what: str) -> None:
    """Refuse ``text`` when it has more than ``max_chars`` characters (``max_bytes`` bytes)."""
    if isinstance(text, str) and len(text) > max_chars:
        raise _TooLongError(
            f"{what} is too long: {len(text)} characters, more than the {max_chars} "
            f"of a value of {max_bytes} bytes"
        )


def multibase_b58_encode(data: bytes) -> str:
    """``z`` + base58btc(``data``): the multibase form every Multikey value uses.

    Spec: https://www.w3.org/TR/cid-1.0/#multibase-0 (base58-btc, header ``z``)
    """
    return "z" + base58btc_encode(data)


def multibase_b58_decode(value: str, *, max_bytes: int, what: str = "value") -> bytes:
    """The bytes (at most ``max_bytes``) of a base58btc multibase string (``z...``).

    Spec: https://www.w3.org/TR/cid-1.0/#multibase-0
    """
    if not isinstance(value, str) or not value:
        raise InvalidKeyError(f"{what} must be a non-empty string")
    # Step 1: the multibase header names the base; only base58-btc ('z') is used for keys.
    if value[0] != "z":
        raise InvalidKeyError(
            f"{what} must be base58btc multibase (start with 'z'), not start with {value[0]!r}"
        )
    # Step 2: decode the rest with the Bitcoin base58 alphabet, within the length cap.
    try:
        _check_length(value, 1 + base58btc_length(max_bytes), max_bytes, what=what)
        data = base58btc_decode(value[1:], max_bytes=max_bytes, what=what)
    except _TooLongError as e:
        raise InvalidKeyError(str(e)) from None
    except ValueError as error:  # not `e` again: mypyc types a reused name once
        raise InvalidKeyError(f"{what} is not valid base58btc") from error
    return data


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


def b64url_length(size: int) -> int:
    """The characters base64url without padding writes for ``size`` bytes."""
    return (4 * size + 2) // 3


def b64url_decode(value: object, *, max_bytes: int, what: str = "value") -> bytes:
    """The bytes (at most ``max_bytes``) of a base64url string (RFC 7515 section 2); trailing
    ``=`` is tolerated."""
    if not isinstance(value, str):
        raise InvalidKeyError(f"{what} must be a base64url string")
    text = value.rstrip("=")
    try:
        _check_length(text, b64url_length(max_bytes), max_bytes, what=what)
    except _TooLongError as e:
        raise InvalidKeyError(str(e)) from None
    try:
        data = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError) as error:
        raise InvalidKeyError(f"{what} is not valid base64url") from error
    if b64url_encode(data) != text:
        raise InvalidKeyError(f"{what} is not canonical base64url")
    return data
