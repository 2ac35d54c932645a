"""XML Schema ``dateTime`` / ``dateTimeStamp`` values as Data Integrity proofs use them.

A proof's ``created`` and ``expires`` are ``dateTimeStamp`` strings; a value written without a
time zone offset "MUST be interpreted as UTC", so a reader accepts it, while vcler always
writes ``YYYY-MM-DDThh:mm:ssZ``.

Spec: https://www.w3.org/TR/vc-data-integrity/#proofs (created, expires)
Spec: https://www.w3.org/TR/xmlschema11-2/#dateTimeStamp
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

__all__ = ["format_date_time_stamp", "is_date_time_stamp", "parse_date_time"]

# Spec: https://www.w3.org/TR/xmlschema11-2/#dateTime-lexical-mapping (four-digit years only)
_DATE_TIME = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"T(?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2})(?P<fraction>\.\d+)?"
    r"(?P<zone>Z|[+-]\d{2}:\d{2})?$"
)


def parse_date_time(value: object) -> datetime | None:
    """``value`` as an aware UTC ``datetime``, or ``None`` when it is not an XSD ``dateTime``.

    A missing time zone offset means UTC; ``24:00:00`` is midnight of the next day. A moment
    outside the years 1 to 9999 in UTC (which ``datetime`` cannot hold) is ``None`` too.
    """
    if not isinstance(value, str):
        return None
    match = _DATE_TIME.match(value)
    if match is None:
        return None
    hour = int(match["hour"])
    end_of_day = hour == 24
    if end_of_day and (match["minute"] != "00" or match["second"] != "00" or match["fraction"]):
        return None
    fraction = match["fraction"] or ""
    microsecond = int((fraction[1:] + "000000")[:6]) if fraction else 0
    zone = match["zone"] or "Z"
    if zone == "Z":
        offset = None
    else:
        zone_hours, zone_minutes = int(zone[1:3]), int(zone[4:6])
        if zone_hours > 14 or zone_minutes > 59 or (zone_hours == 14 and zone_minutes):
            return None
        offset = timedelta(hours=zone_hours, minutes=zone_minutes)
        if zone[0] == "-":
            offset = -offset
    try:
        moment = datetime(
            int(match["year"]),
            int(match["month"]),
            int(match["day"]),
            0 if end_of_day else hour,
            int(match["minute"]),
            int(match["second"]),
            microsecond,
            tzinfo=timezone.utc if offset is None else timezone(offset),
        )
        if end_of_day:
            moment += timedelta(days=1)
        return moment if offset is None else moment.astimezone(timezone.utc)
    except (ValueError, OverflowError):  # no such day, or beyond the years datetime holds
        return None


def is_date_time_stamp(value: object) -> bool:
    """Whether ``value`` is an XSD ``dateTimeStamp`` (a ``dateTime`` with a time zone)."""
    return (
        isinstance(value, str)
        and parse_date_time(value) is not None
        and bool(_DATE_TIME.match(value)["zone"])  # type: ignore[index]
    )


def format_date_time_stamp(moment: datetime) -> str:
    """``moment`` as ``YYYY-MM-DDThh:mm:ssZ`` in UTC, without fractional seconds.

    A naive ``datetime`` is taken to be in UTC.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
