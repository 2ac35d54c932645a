"""The bitstring codec: round trips, bit order, boundaries, malformed input and GZIP bombs."""

from __future__ import annotations

import base64
import gzip
import random
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vcler.status import (
    MIN_LIST_LENGTH,
    MalformedValueError,
    StatusRangeError,
    compress_bitstring,
    expand_bitstring,
    new_bitstring,
    read_status,
    write_status,
)

MIN_BYTES = MIN_LIST_LENGTH // 8


@st.composite
def lists(draw: st.DrawFn) -> tuple[int, int, dict[int, int]]:
    """(status_size, length, {index: value}) with length >= the minimum."""
    size = draw(st.integers(1, 8))
    length = MIN_LIST_LENGTH + 8 * draw(st.integers(0, 64))
    last = length - 1
    indexes = draw(st.lists(st.integers(0, last), max_size=40))
    indexes += draw(st.lists(st.sampled_from([0, 1, 7, 8, last - 1, last]), max_size=3))
    values = {i: draw(st.integers(0, (1 << size) - 1)) for i in indexes}
    return size, length, values


@given(lists(), st.booleans())
def test_round_trip_every_status_size(
    case: tuple[int, int, dict[int, int]], multibase: bool
) -> None:
    size, length, values = case
    bitstring = new_bitstring(length, status_size=size)
    for index, value in values.items():
        write_status(bitstring, index, value, status_size=size)
    encoded = compress_bitstring(bitstring, multibase=multibase)
    assert encoded.startswith("u") == multibase
    assert "=" not in encoded and "+" not in encoded and "/" not in encoded
    expanded = expand_bitstring(encoded, multibase=multibase)
    assert expanded == bytes(bitstring)
    assert len(expanded) * 8 == length * size
    for index, value in values.items():
        assert read_status(expanded, index, status_size=size) == value
    # Entries never written read 0, including both ends when untouched.
    for index in (0, length - 1, length // 2):
        assert read_status(expanded, index, status_size=size) == values.get(index, 0)


@given(st.integers(0, 2**32 - 1), st.integers(0, 64))
def test_random_bit_patterns_read_msb_first(seed: int, extra: int) -> None:
    rng = random.Random(seed)
    data = rng.randbytes(MIN_BYTES + extra)
    assert expand_bitstring(compress_bitstring(data)) == data
    for index in [0, len(data) * 8 - 1, *(rng.randrange(len(data) * 8) for _ in range(50))]:
        expected = (data[index // 8] >> (7 - index % 8)) & 1
        assert read_status(data, index) == expected


@given(st.integers(1, 8), st.data())
def test_index_boundaries(size: int, data: st.DataObject) -> None:
    length = MIN_LIST_LENGTH
    bitstring = new_bitstring(length, status_size=size)
    top = (1 << size) - 1
    write_status(bitstring, length - 1, top, status_size=size)
    write_status(bitstring, 0, top, status_size=size)
    assert read_status(bitstring, length - 1, status_size=size) == top
    assert read_status(bitstring, 0, status_size=size) == top
    assert bitstring[0] >> (8 - size) == top  # index 0 is the left-most bits
    assert bitstring[-1] & top == top  # the last index is the right-most bits
    beyond = data.draw(st.integers(length, length * 4))
    with pytest.raises(StatusRangeError):
        read_status(bitstring, beyond, status_size=size)
    with pytest.raises(StatusRangeError):
        write_status(bitstring, beyond, 0, status_size=size)
    with pytest.raises(StatusRangeError):
        write_status(bitstring, 0, top + 1, status_size=size)


def test_bit_order_is_the_specs() -> None:
    bitstring = new_bitstring(MIN_LIST_LENGTH)
    write_status(bitstring, 0, 1)
    write_status(bitstring, 9, 1)
    assert bitstring[:2] == bytes([0b1000_0000, 0b0100_0000])
    two_bit = new_bitstring(MIN_LIST_LENGTH, status_size=2)
    write_status(two_bit, 1, 2, status_size=2)  # bits 2..3 = "10"
    assert two_bit[0] == 0b0010_0000
    assert read_status(two_bit, 1, status_size=2) == 2


def test_status_list_2021_accepts_either_base64_alphabet_and_padding() -> None:
    data = random.Random(7).randbytes(MIN_BYTES)
    raw = gzip.compress(data)
    for text in (
        base64.b64encode(raw).decode(),
        base64.urlsafe_b64encode(raw).decode(),
        base64.urlsafe_b64encode(raw).decode().rstrip("="),
    ):
        assert expand_bitstring(text, multibase=False) == data


@pytest.mark.parametrize(
    "encoded",
    [
        "H4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA",  # no 'u'
        "zH4sIAAAAAAAAA",  # another multibase
        "uH4sI+AAA/",  # not base64url
        "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA==",  # padding
        "u" + base64.urlsafe_b64encode(zlib.compress(b"\0" * 16)).decode().rstrip("="),  # zlib
        "u" + base64.urlsafe_b64encode(gzip.compress(b"\0" * 16384)[:-9]).decode().rstrip("="),
        "u" + base64.urlsafe_b64encode(gzip.compress(b"")).decode().rstrip("="),  # empty list
        "uA",  # impossible length
    ],
)
def test_malformed_lists_are_refused(encoded: str) -> None:
    with pytest.raises(MalformedValueError) as caught:
        expand_bitstring(encoded)
    assert caught.value.code == "MALFORMED_VALUE_ERROR"


def _bomb(megabytes: int) -> str:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b"\0" * (1 << 20)
    parts = [compressor.compress(chunk) for _ in range(megabytes)]
    parts.append(compressor.flush())
    return "u" + base64.urlsafe_b64encode(b"".join(parts)).decode().rstrip("=")


def test_gzip_bomb_is_refused() -> None:
    bomb = _bomb(256)  # 256 MiB of zeros in ~250 KB
    assert len(bomb) < 600_000
    with pytest.raises(MalformedValueError, match="more than"):
        expand_bitstring(bomb)
    with pytest.raises(MalformedValueError, match="more than 65536 bytes"):
        expand_bitstring(_bomb(1), max_bytes=65536)


def test_multi_member_gzip_counts_against_the_cap() -> None:
    member = gzip.compress(b"\0" * 40_000)
    encoded = "u" + base64.urlsafe_b64encode(member * 3).decode().rstrip("=")
    assert len(expand_bitstring(encoded)) == 120_000
    with pytest.raises(MalformedValueError, match="more than"):
        expand_bitstring(encoded, max_bytes=100_000)


def test_oversized_input_is_refused_before_decoding() -> None:
    with pytest.raises(MalformedValueError, match="characters long"):
        expand_bitstring("u" + "A" * 2000, max_chars=1000)


def test_new_bitstring_needs_whole_bytes_and_a_supported_size() -> None:
    with pytest.raises(MalformedValueError):
        new_bitstring(MIN_LIST_LENGTH + 3)
    with pytest.raises(MalformedValueError):
        new_bitstring(MIN_LIST_LENGTH, status_size=0)
    with pytest.raises(MalformedValueError):
        new_bitstring(MIN_LIST_LENGTH, status_size=17)


def test_compression_is_deterministic_and_small() -> None:
    bitstring = new_bitstring(MIN_LIST_LENGTH)
    assert compress_bitstring(bitstring) == compress_bitstring(bytes(bitstring))
    assert len(compress_bitstring(bitstring)) < 200
