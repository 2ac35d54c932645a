"""The bitstring codec: GZIP + base64url (multibase ``u``) lists, and status values in them.

A status list is a bitstring whose index 0 is the most significant (left-most) bit of the
first byte. An entry of ``status_size`` bits starts at bit ``index * status_size``; its bits
are read most significant first, so a 2-bit entry ``0b10`` holds the value 2.

- Bitstring Status List v1.0: ``encodedList`` is ``"u"`` + base64url (no padding) of the GZIP
  of the bitstring (a multibase string).
- StatusList2021: ``encodedList`` is the same GZIP in base64 without the multibase prefix; the
  published examples use the base64url alphabet without padding, so that is what vcler writes,
  and it reads either alphabet, padded or not.

Expansion refuses GZIP bombs: the input length is capped and decompression runs incrementally
with ``max_length``, so at most ``max_bytes + 1`` bytes are ever produced. The number of GZIP
members is capped too: each member hands the rest of the input on as a copy, so thousands of
tiny members would cost time quadratic in the input's length.

Spec: https://www.w3.org/TR/vc-bitstring-status-list/#bitstring-generation-algorithm
Spec: https://www.w3.org/TR/vc-bitstring-status-list/#bitstring-expansion-algorithm
"""

from __future__ import annotations

import base64
import gzip
import re
import zlib

from ._errors import MalformedValueError, StatusRangeError

__all__ = [
    "MAX_DECOMPRESSED_BYTES",
    "MAX_ENCODED_CHARS",
    "MAX_GZIP_MEMBERS",
    "MAX_STATUS_SIZE",
    "MIN_LIST_LENGTH",
    "compress_bitstring",
    "expand_bitstring",
    "new_bitstring",
    "read_status",
    "write_status",
]

#: The minimum number of entries in a status list (16 KB of 1-bit entries).
MIN_LIST_LENGTH = 131_072
#: The largest uncompressed bitstring accepted by default (16 MiB: 134 million 1-bit entries).
MAX_DECOMPRESSED_BYTES = 16 * 1024 * 1024
#: The longest ``encodedList`` accepted by default (characters).
MAX_ENCODED_CHARS = 8 * 1024 * 1024
#: The most GZIP members an ``encodedList`` may hold (a published list has one).
MAX_GZIP_MEMBERS = 16
#: The widest status entry vcler handles (a ``statusMessage`` needs ``2**statusSize`` items).
MAX_STATUS_SIZE = 16

_GZIP_WBITS = 16 + zlib.MAX_WBITS  # a GZIP wrapper, not zlib or raw deflate
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")
_BASE64_ANY = re.compile(r"[A-Za-z0-9_+/-]*={0,2}")


def new_bitstring(length: int, *, status_size: int = 1) -> bytearray:
    """A zeroed bitstring for ``length`` entries of ``status_size`` bits.

    Spec: https://www.w3.org/TR/vc-bitstring-status-list/#bitstring-generation-algorithm
    """
    _check_size(status_size)
    # Step 1: a list of bits, every one initialized to 0.
    bits = length * status_size
    if length <= 0 or bits % 8:
        raise MalformedValueError(
            f"a list of {length} entries of {status_size} bits is not a whole number of bytes"
        )
    return bytearray(bits // 8)


def compress_bitstring(bitstring: bytes, *, multibase: bool = True) -> str:
    """The ``encodedList`` of ``bitstring``: GZIP, then base64url without padding.

    ``multibase=True`` (Bitstring Status List) prefixes the multibase code ``u``;
    ``multibase=False`` gives the StatusList2021 form. The GZIP header's time is zero, so the
    same bitstring always encodes to the same string.

    Spec: https://www.w3.org/TR/vc-bitstring-status-list/#bitstring-generation-algorithm
    """
    # Step 3: GZIP-compress the bitstring, then multibase-encode it as base64url, no padding.
    compressed = gzip.compress(bytes(bitstring), compresslevel=9, mtime=0)
    text = base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")
    return "u" + text if multibase else text


def expand_bitstring(
    encoded: str,
    *,
    multibase: bool = True,
    max_bytes: int = MAX_DECOMPRESSED_BYTES,
    max_chars: int = MAX_ENCODED_CHARS,
) -> bytes:
    """The bitstring inside an ``encodedList``; :class:`MalformedValueError` if unreadable.

    ``multibase=True`` requires the ``u`` prefix and the base64url alphabet without padding
    (Bitstring Status List); ``multibase=False`` reads StatusList2021 lists (no prefix, either
    base64 alphabet, optional padding). More than ``max_chars`` characters of input or
    ``max_bytes`` bytes of output are refused without decompressing the rest.

    Spec: https://www.w3.org/TR/vc-bitstring-status-list/#bitstring-expansion-algorithm
    """
    # Step 1: the compressed bitstring, within the input cap.
    if not isinstance(encoded, str):
        raise MalformedValueError("encodedList must be a string")
    if len(encoded) > max_chars:
        raise MalformedValueError(
            f"encodedList is {len(encoded)} characters long; at most {max_chars} are accepted"
        )
    # Step 2: multibase-decode, then GZIP-decompress.
    compressed = _decode_base64(encoded, multibase=multibase)
    bitstring = _gunzip(compressed, max_bytes=max_bytes)
    if not bitstring:
        raise MalformedValueError("encodedList decompresses to an empty bitstring")
    # Step 3: the uncompressed bitstring.
    return bitstring


def read_status(bitstring: bytes, index: int, *, status_size: int = 1) -> int:
    """The value of entry ``index`` (``status_size`` bits, most significant first).

    Raises :class:`StatusRangeError` when the entry lies outside the bitstring.

    Spec: https://www.w3.org/TR/vc-bitstring-status-list/#validate-algorithm (step 10)
    """
    first, last, shift = _span(len(bitstring), index, status_size)
    chunk = int.from_bytes(bitstring[first:last], "big")
    return (chunk >> shift) & ((1 << status_size) - 1)


def write_status(bitstring: bytearray, index: int, value: int, *, status_size: int = 1) -> None:
    """Set entry ``index`` of ``bitstring`` to ``value`` in place.

    Spec: https://www.w3.org/TR/vc-bitstring-status-list/#bitstring-generation-algorithm (step 2)
    """
    if not 0 <= value < (1 << status_size):
        raise StatusRangeError(f"status value {value} does not fit in {status_size} bits")
    first, last, shift = _span(len(bitstring), index, status_size)
    chunk = int.from_bytes(bitstring[first:last], "big")
    mask = ((1 << status_size) - 1) << shift
    chunk = (chunk & ~mask) | (value << shift)
    bitstring[first:last] = chunk.to_bytes(last - first, "big")


def _check_size(status_size: int) -> None:
    if isinstance(status_size, bool) or not isinstance(status_size, int):
        raise MalformedValueError("statusSize must be an integer")
    if not 1 <= status_size <= MAX_STATUS_SIZE:
        raise MalformedValueError(
            f"statusSize {status_size} is not supported (1 to {MAX_STATUS_SIZE})"
        )


def _span(byte_length: int, index: int, status_size: int) -> tuple[int, int, int]:
    """The bytes ``[first, last)`` holding an entry, and the right shift that isolates it."""
    _check_size(status_size)
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        raise StatusRangeError(f"status index {index!r} is not a non-negative integer")
    start = index * status_size
    end = start + status_size  # exclusive, in bits
    if end > byte_length * 8:
        raise StatusRangeError(
            f"status index {index} (bits {start}..{end - 1}) is outside a list of "
            f"{byte_length * 8} bits"
        )
    first, last = start // 8, (end + 7) // 8
    return first, last, (last - first) * 8 - (start - first * 8) - status_size


def _decode_base64(encoded: str, *, multibase: bool) -> bytes:
    if multibase:
        if not encoded.startswith("u"):
            raise MalformedValueError("encodedList must be multibase base64url (start with 'u')")
        body = encoded[1:]
        if not _BASE64URL.fullmatch(body):
            raise MalformedValueError("encodedList is not base64url without padding")
    else:
        if not _BASE64_ANY.fullmatch(encoded):
            raise MalformedValueError("encodedList is not base64")
        body = encoded.rstrip("=").replace("+", "-").replace("/", "_")
    if len(body) % 4 == 1:
        raise MalformedValueError("encodedList has an impossible base64 length")
    return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))


def _gunzip(data: bytes, *, max_bytes: int) -> bytes:
    """GZIP-decompress ``data`` (every member), producing at most ``max_bytes`` bytes."""
    out = bytearray()
    remaining = data
    try:
        for _ in range(MAX_GZIP_MEMBERS):
            inflater = zlib.decompressobj(wbits=_GZIP_WBITS)
            chunk = remaining
            while not inflater.eof:
                # At most one byte over the cap is ever produced: that is how a bomb shows.
                piece = inflater.decompress(chunk, max_bytes - len(out) + 1)
                out += piece
                if len(out) > max_bytes:
                    raise MalformedValueError(
                        f"encodedList expands to more than {max_bytes} bytes (refused)"
                    )
                if not chunk and not piece and not inflater.eof:
                    raise MalformedValueError("encodedList is truncated GZIP data")
                chunk = inflater.unconsumed_tail
            remaining = inflater.unused_data
            if not remaining.strip(b"\0"):  # trailing zero padding after the last member
                return bytes(out)
    except zlib.error as e:
        raise MalformedValueError(f"encodedList is not GZIP data: {e}") from e
    raise MalformedValueError(f"encodedList has more than {MAX_GZIP_MEMBERS} GZIP members")
