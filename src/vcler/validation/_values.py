"""Value checks shared by the data-model rules: URLs, date-times, language values, lists.

Every function here is total on arbitrary JSON: it answers, it never raises.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .._datetime import DateTime, parse_datetime
from .._documents import strings

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
    """Whether ``value`` is a ``data:`` URL (``data:[<mediatype>][;base64],<data>``). A URL
    parser removes ASCII tabs and newlines first (long base64 is often wrapped), so they do
    not count here either.

    Spec: https://www.rfc-editor.org/rfc/rfc2397#section-3
    Spec: https://url.spec.whatwg.org/#concept-basic-url-parser (step 3)
    """
    if not isinstance(value, str):
        return False
    value = value.translate(_TAB_OR_NEWLINE)
    return is_url(value) and _DATA_URL.match(value) is not None


_TAB_OR_NEWLINE = {ord("\t"): None, ord("\n"): None, ord("\r"): None}


_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")


def is_language_tag(value: Any) -> bool:
    """Whether ``value`` is a well-formed BCP 47 language tag (syntax only).

    Spec: https://www.rfc-editor.org/rfc/rfc5646#section-2.1
    """
    return isinstance(value, str) and _LANGUAGE_TAG.fullmatch(value) is not None


_TOKEN = r"[A-Za-z0-9][A-Za-z0-9!#$&\-^_.+]{0,126}"
_MEDIA_TYPE = re.compile(rf"^{_TOKEN}/{_TOKEN}(\s*;\s*[^;]+)*$")


def is_media_type(value: Any) -> bool:
    """Whether ``value`` is a syntactically valid media type (``type/subtype[;params]``).

    Spec: https://www.rfc-editor.org/rfc/rfc6838#section-4.2
    """
    return isinstance(value, str) and _MEDIA_TYPE.fullmatch(value) is not None
