"""Status list entries: read a ``credentialStatus`` entry into a checked :class:`StatusEntry`.

Two entry types are understood: ``BitstringStatusListEntry`` (Bitstring Status List v1.0) and
``StatusList2021Entry`` (its predecessor). A Bitstring Status List ``statusListIndex`` must be
a string of base-10 digits; a StatusList2021 one may also be a JSON integer, as some
published credentials write it.

Spec: https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistentry
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .._documents import types_of
from ..results import json_pointer
from ._errors import MalformedValueError
from .bitstring import MAX_STATUS_SIZE

__all__ = [
    "BITSTRING_ENTRY",
    "STATUS_LIST_2021_ENTRY",
    "SUPPORTED_ENTRY_TYPES",
    "StatusEntry",
    "entry_types",
    "parse_entry",
    "parse_status_messages",
    "status_entries",
]

BITSTRING_ENTRY = "BitstringStatusListEntry"
STATUS_LIST_2021_ENTRY = "StatusList2021Entry"
SUPPORTED_ENTRY_TYPES = (BITSTRING_ENTRY, STATUS_LIST_2021_ENTRY)

_DIGITS = re.compile(r"[0-9]{1,32}")
_HEX = re.compile(r"0x[0-9a-fA-F]{1,8}")


@dataclass(frozen=True)
class StatusEntry:
    """A checked status entry.

    ``messages`` maps each possible status value to its ``statusMessage`` message (``None``
    when the entry has no ``statusMessage``); ``pointer`` is the entry's JSON pointer in the
    credential.
    """

    type: str
    purpose: str
    index: int
    list_url: str
    status_size: int = 1
    messages: Mapping[int, str] | None = None
    reference: Any = None
    pointer: str = "/credentialStatus"

    @property
    def multibase(self) -> bool:
        """Whether the list's ``encodedList`` carries the multibase ``u`` prefix."""
        return self.type == BITSTRING_ENTRY

    def message_for(self, value: int) -> str | None:
        """The message of ``value``: from ``statusMessage``, else "set"/"unset" for one bit."""
        if self.messages is not None:
            return self.messages.get(value)
        if self.status_size == 1:
            return "set" if value else "unset"
        return None


def status_entries(credential: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """The ``credentialStatus`` entries of ``credential`` with their JSON pointers."""
    value = credential.get("credentialStatus")
    if value is None:
        return []
    if isinstance(value, list):
        return [(json_pointer("credentialStatus", i), item) for i, item in enumerate(value)]
    return [("/credentialStatus", value)]


def entry_types(entry: Any) -> list[str]:
    """The ``type`` values of an entry (a string or a list of strings)."""
    return types_of(entry)


def parse_entry(entry: Any, *, pointer: str = "/credentialStatus") -> StatusEntry:
    """``entry`` as a :class:`StatusEntry`; :class:`MalformedValueError` (with a pointer) if it
    breaks the data model.

    Spec: https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistentry
    """
    if not isinstance(entry, Mapping):
        raise MalformedValueError("a credentialStatus entry must be an object", pointer=pointer)
    # The type MUST be BitstringStatusListEntry (or, for the predecessor, StatusList2021Entry).
    kinds = [t for t in entry_types(entry) if t in SUPPORTED_ENTRY_TYPES]
    if not kinds:
        raise MalformedValueError(
            f"unsupported credentialStatus type {entry.get('type')!r}",
            pointer=pointer + "/type",
        )
    kind = kinds[0]
    # statusPurpose MUST be a string.
    purpose = entry.get("statusPurpose")
    if not isinstance(purpose, str) or not purpose:
        raise MalformedValueError(
            "statusPurpose must be a non-empty string", pointer=pointer + "/statusPurpose"
        )
    # statusListIndex MUST be an integer >= 0 expressed as a base-10 string.
    index = _index(entry.get("statusListIndex"), kind=kind, pointer=pointer + "/statusListIndex")
    # statusListCredential MUST be a URL.
    url = entry.get("statusListCredential")
    if not isinstance(url, str) or ":" not in url or any(c.isspace() for c in url):
        raise MalformedValueError(
            "statusListCredential must be a URL", pointer=pointer + "/statusListCredential"
        )
    # statusSize, when present, MUST be an integer greater than zero (StatusList2021: 1).
    size = 1
    if kind == BITSTRING_ENTRY and "statusSize" in entry:
        size = entry["statusSize"]
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise MalformedValueError(
                "statusSize must be an integer greater than zero", pointer=pointer + "/statusSize"
            )
        if size > MAX_STATUS_SIZE:
            raise MalformedValueError(
                f"statusSize {size} is not supported (at most {MAX_STATUS_SIZE})",
                pointer=pointer + "/statusSize",
            )
    # statusMessage MUST be present when statusSize > 1, with 2**statusSize items.
    messages = None
    if kind == BITSTRING_ENTRY and ("statusMessage" in entry or size > 1):
        messages = parse_status_messages(
            entry.get("statusMessage"), size=size, pointer=pointer + "/statusMessage"
        )
    return StatusEntry(
        type=kind,
        purpose=purpose,
        index=index,
        list_url=url,
        status_size=size,
        messages=messages,
        reference=entry.get("statusReference"),
        pointer=pointer,
    )


def _index(value: Any, *, kind: str, pointer: str) -> int:
    if kind == STATUS_LIST_2021_ENTRY and isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise MalformedValueError("statusListIndex must not be negative", pointer=pointer)
        return value
    if not isinstance(value, str) or not _DIGITS.fullmatch(value):
        raise MalformedValueError(
            "statusListIndex must be a non-negative integer written as a base-10 string",
            pointer=pointer,
        )
    return int(value)


def parse_status_messages(
    value: Any, *, size: int, pointer: str = "/statusMessage"
) -> dict[int, str]:
    """A ``statusMessage`` array as ``{value: message}``; :class:`MalformedValueError` unless
    it has ``2**size`` items, each with a ``0x`` hexadecimal ``status`` and a ``message``.

    Spec: https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistentry
    """
    expected = 1 << size
    if not isinstance(value, list):
        raise MalformedValueError(
            f"statusMessage must be an array of {expected} items (statusSize {size})",
            pointer=pointer,
        )
    if len(value) != expected:
        raise MalformedValueError(
            f"statusMessage has {len(value)} items; statusSize {size} needs {expected}",
            pointer=pointer,
        )
    messages: dict[int, str] = {}
    for i, item in enumerate(value):
        where = json_pointer(i)
        if not isinstance(item, Mapping):
            raise MalformedValueError(
                "a statusMessage item must be an object", pointer=pointer + where
            )
        status, message = item.get("status"), item.get("message")
        if not isinstance(status, str) or not _HEX.fullmatch(status):
            raise MalformedValueError(
                "statusMessage status must be a hexadecimal string prefixed with 0x",
                pointer=pointer + where + "/status",
            )
        if not isinstance(message, str):
            raise MalformedValueError(
                "statusMessage message must be a string", pointer=pointer + where + "/message"
            )
        number = int(status, 16)
        if number >= expected or number in messages:
            raise MalformedValueError(
                f"statusMessage status {status} is out of range or repeated",
                pointer=pointer + where + "/status",
            )
        messages[number] = message
    return messages
