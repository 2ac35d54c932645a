"""Value checks shared by the data-model rules: URLs, date-times, language values, lists.

Every function here is total on arbitrary JSON: it answers, it never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

__all__ = [
    "DateTime",
    "as_list",
    "is_data_url",
    "is_language_tag",
    "is_media_type",
    "is_url",
    "parse_datetime",
    "strings",
]

# Characters never allowed unescaped in a URL: controls, space and the WHATWG
# "forbidden" punctuation.
_FORBIDDEN = re.compile(r'[\x00-\x20\x7f<>"{}|\\^`]')
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):(.*)$", re.DOTALL)
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# Schemes whose URLs need an authority (WHATWG "special" schemes, minus file).
_NEEDS_HOST = frozenset({"http", "https", "ws", "wss", "ftp"})


def as_list(value: Any) -> list[Any]:
    """``value`` itself if it is a list, else a one-item list holding it."""
    return value if isinstance(value, list) else [value]


def strings(value: Any) -> list[str]:
    """The string items of ``value`` (one value or a list)."""
    return [item for item in as_list(value) if isinstance(item, str)]


def is_url(value: Any) -> bool:
    """Whether ``value`` is an absolute URL (a DID, URN or ``data:`` URL included).

    An absolute URL has a scheme followed by ``:`` and a non-empty rest, contains no spaces,
    controls or forbidden characters, escapes ``%`` properly, and — for ``http``, ``https``,
    ``ws``, ``wss`` and ``ftp`` — names a host after ``//``. Non-ASCII characters are
    allowed (IRIs).

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#identifiers
    Spec: https://url.spec.whatwg.org/#absolute-url-string
    """
    if not isinstance(value, str):
        return False
    # The same URLs (contexts, issuers, schemas, types) come back in every credential.
    if len(value) <= _REMEMBERED_URL_LENGTH:
        return _is_url_text(value)
    return _is_url_text.__wrapped__(value)


_REMEMBERED_URL_LENGTH = 512
_AUTHORITY_END = re.compile(r"[/?#]")
_DID_REST = re.compile(r"[a-z0-9]+:.+")


@lru_cache(maxsize=4096)
def _is_url_text(value: str) -> bool:
    if _FORBIDDEN.search(value) or _BAD_PERCENT.search(value):
        return False
    match = _SCHEME.match(value)
    if match is None or not match.group(2):
        return False
    scheme, rest = match.group(1).lower(), match.group(2)
    if scheme in _NEEDS_HOST:
        if not rest.startswith("//"):
            return False
        authority = _AUTHORITY_END.split(rest[2:], maxsplit=1)[0]
        host = authority.rsplit("@", 1)[-1]
        return bool(host) and not host.startswith(":")
    if scheme == "did":
        return _DID_REST.match(rest) is not None
    return True


_DATA_URL = re.compile(r"^data:[^,]*,", re.IGNORECASE | re.DOTALL)


def is_data_url(value: Any) -> bool:
    """Whether ``value`` is a ``data:`` URL (``data:[<mediatype>][;base64],<data>``).

    Spec: https://www.rfc-editor.org/rfc/rfc2397#section-3
    """
    return isinstance(value, str) and is_url(value) and _DATA_URL.match(value) is not None


_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")


def is_language_tag(value: Any) -> bool:
    """Whether ``value`` is a well-formed BCP 47 language tag (syntax only).

    Spec: https://www.rfc-editor.org/rfc/rfc5646#section-2.1
    """
    return isinstance(value, str) and _LANGUAGE_TAG.match(value) is not None


_TOKEN = r"[A-Za-z0-9][A-Za-z0-9!#$&\-^_.+]{0,126}"
_MEDIA_TYPE = re.compile(rf"^{_TOKEN}/{_TOKEN}(\s*;\s*[^;]+)*$")


def is_media_type(value: Any) -> bool:
    """Whether ``value`` is a syntactically valid media type (``type/subtype[;params]``).

    Spec: https://www.rfc-editor.org/rfc/rfc6838#section-4.2
    """
    return isinstance(value, str) and _MEDIA_TYPE.match(value) is not None


# XML Schema 1.1 dateTime lexical form; the time zone is optional for dateTime and required
# for dateTimeStamp. The VC 2.0 specification reproduces this expression for dateTimeStamp.
_DATETIME = re.compile(
    r"^(?P<year>-?(?:[1-9][0-9]{3,}|0[0-9]{3}))"
    r"-(?P<month>0[1-9]|1[0-2])"
    r"-(?P<day>0[1-9]|[12][0-9]|3[01])"
    r"T(?:(?P<hour>[01][0-9]|2[0-3]):(?P<minute>[0-5][0-9]):(?P<second>[0-5][0-9])"
    r"(?P<fraction>\.[0-9]+)?|(?P<midnight>24:00:00(?:\.0+)?))"
    r"(?P<tz>Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?$"
)


@dataclass(frozen=True)
class DateTime:
    """A parsed XML Schema date-time: its point on the time line and whether it had a zone.

    ``instant`` counts seconds from 1970-01-01T00:00:00Z on the proleptic Gregorian calendar
    (times without a zone are taken as UTC, as VC 2.0 requires).
    """

    instant: Decimal
    has_timezone: bool


def parse_datetime(value: Any) -> DateTime | None:
    """Parse an XML Schema 1.1 ``dateTime``; ``None`` if it is not one.

    The lexical form is checked with the regular expression the specifications give; the
    value is then checked against the calendar (no 31 April, 29 February only in leap
    years), which the regular expression alone lets through.

    Spec: https://www.w3.org/TR/xmlschema11-2/#dateTime
    Spec: https://www.w3.org/TR/vc-data-model-2.0/#representing-time
    """
    if not isinstance(value, str):
        return None
    match = _DATETIME.match(value)
    if match is None:
        return None
    year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    if day > _days_in_month(year, month):
        return None
    if match["midnight"]:
        hour, minute, second, fraction = 24, 0, 0, Decimal(0)
    else:
        hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"])
        fraction = Decimal(match["fraction"] or "0")
    offset = 0
    zone = match["tz"]
    if zone and zone != "Z":
        sign = -1 if zone[0] == "-" else 1
        offset = sign * (int(zone[1:3]) * 60 + int(zone[4:6]))
    seconds = (
        _days_from_civil(year, month, day) * 86400
        + hour * 3600
        + minute * 60
        + second
        - offset * 60
    )
    return DateTime(Decimal(seconds) + fraction, has_timezone=zone is not None)


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
