"""Compressed BLS12-381 encodings that are not group elements, for the hostile-input tests."""

from __future__ import annotations

from typing import Any


def _first(group: Any, size: int, *, on_curve: bool) -> bytes:
    """The first compressed encoding (x = 1, 2, ...) of ``group``'s curve (G1Point: 48 bytes,
    G2Point: 96) that is not a point (``on_curve=False``) or is a point outside the prime-order
    subgroup (``on_curve=True``)."""
    for x in range(1, 200):
        encoded = bytearray(x.to_bytes(size, "big"))
        encoded[0] |= 0x80
        try:
            point = group.from_compressed_bytes_unchecked(bytes(encoded))
        except ValueError:
            if not on_curve:
                return bytes(encoded)
            continue
        if on_curve and not point.is_in_subgroup():
            return bytes(encoded)
    raise AssertionError("no such x below 200")


def off_curve(group: Any, size: int) -> bytes:
    """An x with no point on the curve, compressed."""
    return _first(group, size, on_curve=False)


def off_subgroup(group: Any, size: int) -> bytes:
    """A point of the curve outside the prime-order subgroup, compressed."""
    return _first(group, size, on_curve=True)
