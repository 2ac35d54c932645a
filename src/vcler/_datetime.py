"""XML Schema ``dateTime`` / ``dateTimeStamp`` values: one reading, two forms.

One lexical parser (the regular expression the VC Data Model gives for ``dateTimeStamp``, with
the time zone optional for ``dateTime``, then the calendar check the expression alone lets
through) serves the data-model validator, which needs any year (:func:`parse_datetime`, an
exact :class:`DateTime`), and the proof and validity checks, which compare with the clock
(:func:`parse_date_time`, an aware UTC ``datetime`` for the years it can hold).

A proof's ``created`` and ``expires`` are ``dateTimeStamp`` strings; a value written without a
time zone offset "MUST be interpreted as UTC", so a reader accepts it, while vcler always
writes ``YYYY-MM-DDThh:mm:ssZ``.

Spec: https://www.w3.org/TR/xmlschema11-2/#dateTime
Spec: https://www.w3.org/TR/vc-data-model-2.0/#representing-time
Spec: https://www.w3.org/TR/vc-data-integrity/#proofs (created, expires)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

__all__ = [
    "DateTime",
    "format_date_time_stamp",
    "is_date_time_stamp",
    "parse_date_time",
    "parse_datetime",
]

# XML Schema 1.1 dateTime lexical form; the time zone is optional for dateTime and required
# for dateTimeStamp. The VC 2.0 specification reproduces this expression for dateTimeStamp.
_DATETIME = re.compile(
    r"(?P<year>-?(?:[1-9][0-9]{3,}|0[0-9]{3}))"
    r"-(?P<month>0[1-9]|1[0-2])"
    r"-(?P<day>0[1-9]|[12][0-9]|3[01])"
    r"T(?:(?P<hour>[01][0-9]|2[0-3]):(?P<minute>[0-5][0-9]):(?P<second>[0-5][0-9])"
    r"(?P<fraction>\.[0-9]+)?|(?P<midnight>24:00:00(?:\.0+)?))"
    r"(?P<tz>Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
)


class _Fields(NamedTuple):
    """A lexically valid dateTime on a real calendar day, as its fields."""

    year: int
    month: int
    day: int
    hour: int  # 24 for the end of the day
    minute: int
    second: int
    fraction: str  # the digits after the point ("" if none)
    offset: int  # minutes east of UTC (0 when there is no time zone)
    has_timezone: bool


# The longest date-time whose reading is remembered: a verification reads each of a
# credential's dates twice (the data model's format check, then the validity period), and a
# batch meets the same ones again; longer (hostile) values are read each time, never kept.
_MEMO_LENGTH = 64


def _fields(value: object) -> _Fields | None:
    """The fields of an XML Schema 1.1 ``dateTime``; ``None`` if ``value`` is not one.

    Spec: https://www.w3.org/TR/xmlschema11-2/#dateTime-lexical-mapping
    """
    if not isinstance(value, str):
        return None
    if len(value) <= _MEMO_LENGTH:
        return _remembered_fields(value)
    return _read_fields(value)


@lru_cache(maxsize=1024)
def _remembered_fields(value: str) -> _Fields | None:
    return _read_fields(value)


def _read_fields(value: str) -> _Fields | None:
    # Step 1: the lexical form.
    match = _DATETIME.fullmatch(value)
    if match is None:
        return None
    # Step 2: a day the calendar has (no 31 April, 29 February only in leap years).
    year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    if day > _days_in_month(year, month):
        return None
    # Step 3: the time of day, 24:00:00 being the end of the day.
    if match["midnight"]:
        hour, minute, second, fraction = 24, 0, 0, ""
    else:
        hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"])
        fraction = (match["fraction"] or ".")[1:]
    # Step 4: the time zone offset.
    zone = match["tz"]
    offset = 0
    if zone and zone != "Z":
        offset = (-1 if zone[0] == "-" else 1) * (int(zone[1:3]) * 60 + int(zone[4:6]))
    return _Fields(year, month, day, hour, minute, second, fraction, offset, zone is not None)


@dataclass(frozen=True)
class DateTime:
    """A parsed XML Schema date-time: its point on the time line and whether it had a zone.

    ``instant`` counts seconds from 1970-01-01T00:00:00Z on the proleptic Gregorian calendar
    (times without a zone are taken as UTC, as VC 2.0 requires).
    """

    instant: Decimal
    has_timezone: bool


def parse_datetime(value: object) -> DateTime | None:
    """Parse an XML Schema 1.1 ``dateTime`` of any year; ``None`` if it is not one.

    The lexical form is checked with the regular expression the specifications give; the
    value is then checked against the calendar, which the regular expression alone lets
    through.

    Spec: https://www.w3.org/TR/xmlschema11-2/#dateTime
    Spec: https://www.w3.org/TR/vc-data-model-2.0/#representing-time
    """
    # A DateTime is immutable: the same text (validFrom, validUntil of a batch) parses once.
    if isinstance(value, str) and len(value) <= _MEMO_LENGTH:
        return _remembered_datetime(value)
    return _datetime(value)


@lru_cache(maxsize=1024)
def _remembered_datetime(value: str) -> DateTime | None:
    return _datetime(value)


def _datetime(value: object) -> DateTime | None:
    fields = _fields(value)
    if fields is None:
        return None
    seconds = (
        _days_from_civil(fields.year, fields.month, fields.day) * 86400
        + fields.hour * 3600
        + fields.minute * 60
        + fields.second
        - fields.offset * 60
    )
    fraction = Decimal(f"0.{fields.fraction}") if fields.fraction else Decimal(0)
    return DateTime(Decimal(seconds) + fraction, has_timezone=fields.has_timezone)


def parse_date_time(value: object) -> datetime | None:
    """``value`` as an aware UTC ``datetime``, or ``None`` when it is not an XSD ``dateTime``.

    A missing time zone offset means UTC; ``24:00:00`` is midnight of the next day; fractions
    of a second finer than microseconds are cut off. A moment outside the years 1 to 9999 in
    UTC (which ``datetime`` cannot hold) is ``None`` too.
    """
    if isinstance(value, str) and len(value) <= _MEMO_LENGTH:
        return _remembered_date_time(value)
    return _date_time(value)


@lru_cache(maxsize=1024)
def _remembered_date_time(value: str) -> datetime | None:
    return _date_time(value)


def _date_time(value: object) -> datetime | None:
    fields = _fields(value)
    if fields is None:
        return None
    microsecond = int((fields.fraction + "000000")[:6])
    try:
        moment = datetime(
            fields.year,
            fields.month,
            fields.day,
            0 if fields.hour == 24 else fields.hour,
            fields.minute,
            fields.second,
            microsecond,
            tzinfo=timezone.utc,
        )
        if fields.hour == 24:
            moment += timedelta(days=1)
        if fields.offset:
            moment -= timedelta(minutes=fields.offset)
    except (ValueError, OverflowError):  # year 0 or beyond 9999, before or after the offset
        return None
    return moment


def is_date_time_stamp(value: object) -> bool:
    """Whether ``value`` is an XSD ``dateTimeStamp`` (a ``dateTime`` with a time zone) that
    ``datetime`` can hold."""
    fields = _fields(value)
    return fields is not None and fields.has_timezone and parse_date_time(value) is not None


def format_date_time_stamp(moment: datetime) -> str:
    """``moment`` as ``YYYY-MM-DDThh:mm:ssZ`` in UTC, without fractional seconds.

    A naive ``datetime`` is taken to be in UTC.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _days_from_civil(year: int, month: int, day: int) -> int:
    """Days from 1970-01-01 to the given proleptic Gregorian date (any integer year)."""
    year -= month <= 2
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468
