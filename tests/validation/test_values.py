"""URLs, date-times and digests: the value checks behind the rules."""

from __future__ import annotations

import base64
import hashlib
from decimal import Decimal

import base58
import pytest

from vcler.validation._digests import parse_digest_multibase, parse_digest_sri
from vcler.validation._values import is_data_url, is_url, parse_datetime


@pytest.mark.parametrize(
    "value",
    [
        "https://example.org/a?b#c",
        "http://localhost:8080",
        "did:example:123",
        "did:key:z6MksFxi8wnHkNq4zgEskSZF45SuWQ4HndWSAVYRRGe9qDks",
        "urn:uuid:0c07c1ce-57cb-41af-bef2-1b932b986873",
        "data:,hello",
        "https://example.org/café",
        "mailto:someone@example.org",
    ],
)
def test_urls(value: str) -> None:
    assert is_url(value)


@pytest.mark.parametrize(
    "value",
    [
        "example",
        "",
        "http:",
        "https://",
        "https:///path",
        "did:",
        "did:Example",
        "a b:c",
        "https://exa mple.org",
        "https://example.org/%zz",
        "1http://x",
        None,
        5,
        ["https://a"],
    ],
)
def test_not_urls(value: object) -> None:
    assert not is_url(value)


def test_data_urls() -> None:
    assert is_data_url("data:application/vc+jwt,eyJ.e30.sig")
    assert is_data_url("DATA:,x")
    assert not is_data_url("data:application/vc+jwt;eyJ")
    assert not is_data_url("https://example.org/,")


@pytest.mark.parametrize(
    ("value", "zone"),
    [
        ("2010-01-01T00:00:00Z", True),
        ("2010-01-01T00:00:00.123456789+14:00", True),
        ("-0044-03-15T12:00:00-13:59", True),
        ("12024-02-29T24:00:00Z", True),
        ("2024-02-29T23:59:59", False),
    ],
)
def test_datetimes(value: str, zone: bool) -> None:
    parsed = parse_datetime(value)
    assert parsed is not None
    assert parsed.has_timezone is zone


@pytest.mark.parametrize(
    "value",
    [
        "2010-01-01",
        "2010-01-01T00:00Z",
        "2010-13-01T00:00:00Z",
        "2023-02-29T00:00:00Z",
        "2010-04-31T00:00:00Z",
        "2010-01-01T24:00:01Z",
        "2010-01-01T00:00:00+14:01",
        "2010-01-01 00:00:00Z",
        "10-01-01T00:00:00Z",
        "2010-01-01T00:00:00z",
        20100101,
    ],
)
def test_not_datetimes(value: object) -> None:
    assert parse_datetime(value) is None


def test_datetime_instants_compare_across_zones() -> None:
    a = parse_datetime("2024-01-01T01:00:00+01:00")
    b = parse_datetime("2024-01-01T00:00:00Z")
    c = parse_datetime("2023-12-31T24:00:00Z")
    assert a is not None and b is not None and c is not None
    assert a.instant == b.instant == c.instant == Decimal(1704067200)
    epoch = parse_datetime("1970-01-01T00:00:00.5Z")
    assert epoch is not None and epoch.instant == Decimal("0.5")


DATA = b'{"@context": {}}'


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def test_sri_digests_match() -> None:
    for name in ("sha256", "sha384", "sha512"):
        value = f"{name}-" + base64.b64encode(hashlib.new(name, DATA).digest()).decode()
        digests = parse_digest_sri(value + "?opt")
        assert not isinstance(digests, str)
        assert [d.matches(DATA) for d in digests] == [True]
        assert [d.matches(DATA + b" ") for d in digests] == [False]
    two = parse_digest_sri(["sha256-" + "A" * 43 + "=", "sha512-" + "A" * 86 + "=="])
    assert not isinstance(two, str) and len(two) == 2


@pytest.mark.parametrize(
    "value", ["", "sha1-AAAA", "sha256-", "sha256-AAAA", "sha256-" + "A" * 44 + "!", [], 5, [1]]
)
def test_sri_malformed(value: object) -> None:
    assert isinstance(parse_digest_sri(value), str)


def test_multibase_digests() -> None:
    digest = hashlib.sha384(DATA).digest()
    multihash = bytes([0x20, 48]) + digest
    encoded = "u" + _b64url(multihash)
    for value in (encoded, "z" + base58.b58encode(multihash).decode()):
        parsed = parse_digest_multibase(value)
        assert not isinstance(parsed, str)
        assert parsed[0].algorithm == "sha384" and parsed[0].matches(DATA)
    unknown = parse_digest_multibase("u" + _b64url(b"\x99\x01\x02ab"))
    assert not isinstance(unknown, str) and unknown[0].matches(DATA) is None


@pytest.mark.parametrize(
    "value",
    [
        "",
        "u",
        "mEiB",
        "uEiB!",
        "u" + _b64url(b"\x12\x20abc"),
        "u" + _b64url(b"\x12\x03abc"),
        "z0OIl",
        3,
        [],
    ],
)
def test_multibase_malformed(value: object) -> None:
    assert isinstance(parse_digest_multibase(value), str)
