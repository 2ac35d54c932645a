"""The XSD dateTime helpers behind created / expires."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vcler._datetime import (
    format_date_time_stamp,
    is_date_time_stamp,
    parse_date_time,
    parse_datetime,
)

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


@pytest.mark.parametrize(
    "text",
    ["9999-12-31T24:00:00Z", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"],
)
def test_moments_beyond_datetime_are_none_not_errors(text: str) -> None:
    assert parse_date_time(text) is None


@given(
    st.integers(min_value=0, max_value=9999),
    st.integers(min_value=0, max_value=13),
    st.integers(min_value=0, max_value=32),
    st.integers(min_value=0, max_value=24),
    st.sampled_from(["Z", "", "+14:00", "-14:00", "+01:30", "-00:00"]),
)
def test_parse_never_raises_and_answers_in_utc(
    year: int, month: int, day: int, hour: int, zone: str
) -> None:
    text = f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:00:00{zone}"
    moment = parse_date_time(text)
    if moment is not None:
        assert moment.utcoffset() == timezone.utc.utcoffset(None)
        assert format_date_time_stamp(moment).endswith("Z")


@pytest.mark.parametrize(
    "text",
    [
        "2026-12-05T10:00:00Z\n",  # Python's $ would let a final newline through
        "٢٠٢٦-12-05T10:00:00Z",  # digits, but not ASCII digits
        "2026-12-05T10:00:00.Z",
    ],
)
def test_only_the_exact_lexical_form_is_read(text: str) -> None:
    assert parse_date_time(text) is None
    assert parse_datetime(text) is None


@given(
    st.datetimes(
        min_value=datetime(1, 1, 2),
        max_value=datetime(9999, 12, 30),
        timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=-14))]),
    )
)
def test_both_readings_agree(moment: datetime) -> None:
    text = moment.isoformat().replace("+00:00", "Z")
    parsed = parse_date_time(text)
    exact = parse_datetime(text)
    assert parsed == moment and exact is not None and exact.has_timezone
    epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)
    assert exact.instant == Decimal((moment - epoch) // timedelta(microseconds=1)) / 10**6
