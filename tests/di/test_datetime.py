"""The XSD dateTime helpers behind created / expires."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from vcler._datetime import format_date_time_stamp, is_date_time_stamp, parse_date_time

UTC = timezone.utc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-02-24T23:36:38Z", datetime(2023, 2, 24, 23, 36, 38, tzinfo=UTC)),
        ("2023-02-24T23:36:38", datetime(2023, 2, 24, 23, 36, 38, tzinfo=UTC)),
        ("2023-02-24T23:36:38.5+02:00", datetime(2023, 2, 24, 21, 36, 38, 500000, tzinfo=UTC)),
        ("2023-02-24T24:00:00Z", datetime(2023, 2, 25, tzinfo=UTC)),
        ("2023-02-24T00:00:00-14:00", datetime(2023, 2, 24, 14, tzinfo=UTC)),
    ],
)
def test_parse(text: str, expected: datetime) -> None:
    assert parse_date_time(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2023-02-30T00:00:00Z",
        "2023-02-24",
        "2023-02-24T24:00:01Z",
        "2023-02-24T10:00:00+15:00",
        "23-02-24T10:00:00Z",
        "2023-02-24 10:00:00Z",
        "",
        None,
        5,
    ],
)
def test_parse_refuses(text: object) -> None:
    assert parse_date_time(text) is None
    assert not is_date_time_stamp(text)


def test_date_time_stamp_needs_a_zone() -> None:
    assert is_date_time_stamp("2023-02-24T23:36:38Z")
    assert is_date_time_stamp("2023-02-24T23:36:38+01:00")
    assert not is_date_time_stamp("2023-02-24T23:36:38")


def test_format() -> None:
    assert (
        format_date_time_stamp(datetime(2023, 2, 24, 23, 36, 38, 999999)) == "2023-02-24T23:36:38Z"
    )
