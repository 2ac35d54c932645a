"""Resource digests: ``digestSRI`` (Subresource Integrity) and ``digestMultibase`` (multihash).

Spec: https://www.w3.org/TR/vc-data-model-2.0/#integrity-of-related-resources
Spec: https://www.w3.org/TR/SRI/#the-integrity-attribute
Spec: https://www.w3.org/TR/vc-data-integrity/#resource-integrity
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from ..keys.encoding import b64url_length, base58btc_decode, base58btc_length

__all__ = ["MAX_MULTIHASH_BYTES", "Digest", "parse_digest_multibase", "parse_digest_sri"]

#: The longest Multihash a ``digestMultibase`` value may hold (144 bytes): a digest of up to
#: 128 bytes, twice SHA-512's, after its varint code and length. Hash functions vcler does not
#: know are accepted, so the cap leaves room; longer values are refused before decoding.
MAX_MULTIHASH_BYTES = 144

# SRI hash-algo values (SRI section 3.5) and their digest sizes.
_SRI_ALGORITHMS: dict[str, tuple[str, int]] = {
    "sha256": ("sha256", 32),
    "sha384": ("sha384", 48),
    "sha512": ("sha512", 64),
}

# Multihash codes (multiformats table) vcler can compute, with their digest sizes.
_MULTIHASH: dict[int, tuple[str, int]] = {
    0x12: ("sha256", 32),
    0x20: ("sha384", 48),
    0x13: ("sha512", 64),
    0x16: ("sha3_256", 32),
    0x15: ("sha3_384", 48),
    0x14: ("sha3_512", 64),
}


@dataclass(frozen=True)
class Digest:
    """One parsed digest: the hash function's name and the expected digest bytes."""

    algorithm: str | None
    value: bytes

    def matches(self, data: bytes) -> bool | None:
        """Whether ``data`` hashes to this digest; ``None`` if the algorithm is unknown."""
        if self.algorithm is None:
            return None
        return hashlib.new(self.algorithm, data).digest() == self.value


# hash-expression = hash-algo "-" base64-value [ "?" option-expression ]
_SRI_EXPRESSION = re.compile(r"^(sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})(\?[\x21-\x7e]*)?\Z")


def parse_digest_sri(value: Any) -> list[Digest] | str:
    """The digests in a ``digestSRI`` value, or a message saying why it is malformed.

    The value is one string holding one or more whitespace-separated SRI hash expressions
    (``sha384-<base64>``), or a list of such strings. Each base64 value must decode to a
    digest of the algorithm's size.

    Spec: https://www.w3.org/TR/SRI/#the-integrity-attribute
    """
    if isinstance(value, list):
        if not value:
            return "must hold at least one SRI hash expression"
        digests: list[Digest] = []
        for item in value:
            parsed = parse_digest_sri(item)
            if isinstance(parsed, str):
                return parsed
            digests += parsed
        return digests
    if not isinstance(value, str):
        return "must be a string of SRI hash expressions (like 'sha384-...')"
    expressions = value.split()
    if not expressions:
        return "must hold at least one SRI hash expression"
    digests = []
    for expression in expressions:
        match = _SRI_EXPRESSION.match(expression)
        if match is None:
            return f"{expression!r} is not an SRI hash expression 'sha256|sha384|sha512-<base64>'"
        algorithm, size = _SRI_ALGORITHMS[match.group(1)]
        try:
            raw = base64.b64decode(match.group(2), validate=True)
        except (binascii.Error, ValueError):
            return f"{expression!r} does not hold valid base64"
        if len(raw) != size:
            return f"{expression!r} holds {len(raw)} bytes, not the {size} of {match.group(1)}"
        digests.append(Digest(algorithm, raw))
    return digests


def parse_digest_multibase(value: Any) -> list[Digest] | str:
    """The digests in a ``digestMultibase`` value, or a message saying why it is malformed.

    Each value is a Multibase string (``u`` base64url without padding, or ``z`` base58btc)
    encoding a Multihash: varint hash code, varint length, digest. The value may be a list of
    such strings. Hash codes vcler cannot compute are accepted here (``algorithm`` None).

    Spec: https://www.w3.org/TR/vc-data-integrity/#resource-integrity
    Spec: https://www.w3.org/TR/cid-1.0/#multibase-0
    """
    if isinstance(value, list):
        if not value:
            return "must hold at least one Multibase-encoded Multihash"
        digests: list[Digest] = []
        for item in value:
            parsed = parse_digest_multibase(item)
            if isinstance(parsed, str):
                return parsed
            digests += parsed
        return digests
    if not isinstance(value, str) or len(value) < 2:
        return "must be a Multibase-encoded Multihash string (like 'uEiB...')"
    longest = 1 + max(b64url_length(MAX_MULTIHASH_BYTES), base58btc_length(MAX_MULTIHASH_BYTES))
    if len(value) > longest:
        return (
            f"is too long: {len(value)} characters, more than the {longest} of a Multihash "
            f"of {MAX_MULTIHASH_BYTES} bytes"
        )
    raw = _decode_multibase(value)
    if raw is None:
        return f"{value!r} is not Multibase base64url ('u') or base58btc ('z')"
    return _parse_multihash(raw, value)


def _decode_multibase(value: str) -> bytes | None:
    prefix, body = value[0], value[1:]
    try:
        if prefix == "u":
            if not re.fullmatch(r"[A-Za-z0-9_-]+", body) or len(body) % 4 == 1:
                return None
            return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        if prefix == "z":
            return base58btc_decode(body, max_bytes=MAX_MULTIHASH_BYTES)
    except (binascii.Error, ValueError):
        return None
    return None


def _parse_multihash(raw: bytes, text: str) -> list[Digest] | str:
    code, rest = _read_varint(raw)
    if code is None:
        return f"{text!r} does not start with a Multihash code"
    length, digest = _read_varint(rest)
    if length is None or length != len(digest):
        return f"{text!r} is not a Multihash: its length prefix does not match its digest"
    known = _MULTIHASH.get(code)
    if known is None:
        return [Digest(None, digest)]
    algorithm, size = known
    if length != size:
        return f"{text!r} holds a {length}-byte digest, not the {size} of {algorithm}"
    return [Digest(algorithm, digest)]


def _read_varint(data: bytes) -> tuple[int | None, bytes]:
    """An unsigned LEB128 varint (at most 9 bytes) and the bytes after it."""
    value = 0
    for index, byte in enumerate(data[:9]):
        value |= (byte & 0x7F) << (7 * index)
        if not byte & 0x80:
            return value, data[index + 1 :]
    return None, data
