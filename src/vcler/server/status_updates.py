"""The body of ``POST /issuers/{name}/credentials/status``, read into status changes.

::

    {"credentialId": "urn:uuid:...",
     "credentialStatus": [{"type": "BitstringStatusListEntry", "statusPurpose": "revocation"}],
     "status": true}

The credential is named by ``credentialId`` (looked up among the credentials the issuer
recorded) or by an entry's ``statusListIndex`` (with ``statusListCredential`` naming one of the
issuer's lists, which may be left out while the issuer has one); ``status`` (``true`` sets,
``false`` clears) is on the body or on each entry. Every refusal is an
:class:`~vcler.server.problems.ApiError` pointing at the member at fault.

Spec: https://w3c-ccg.github.io/vc-api/#update-status
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import codes
from ..results import Problem, json_pointer
from .bodies import bad_request
from .problems import ApiError

__all__ = ["STATUS_ENTRY_TYPES", "StatusChange", "read_status_update"]

#: The entry types a status update may name (the VC-API example uses the list's type).
STATUS_ENTRY_TYPES = frozenset({"BitstringStatusListEntry", "BitstringStatusList"})
_BODY = frozenset({"credentialId", "credentialStatus", "status"})
_ENTRY = frozenset(
    {"id", "type", "statusPurpose", "statusListIndex", "statusListCredential", "status"}
)
_INDEX = re.compile(r"[0-9]{1,12}")


@dataclass(frozen=True)
class StatusChange:
    """Set the status at ``index`` of the list at ``url`` to ``value`` (0 or 1), as asked at
    ``pointer``."""

    index: int
    value: int
    pointer: str
    url: str


def read_status_update(
    body: Any,
    *,
    issuer: str,
    purpose: str,
    lists: Sequence[str],
    lookup: Callable[[str], tuple[str, int] | None],
) -> list[StatusChange]:
    """The changes a status update asks of ``issuer``'s ``purpose`` lists (their URLs, in
    ``lists``).

    ``lookup`` gives the list URL and index recorded for a credential id (``None`` when
    unknown: 404).

    Spec: https://w3c-ccg.github.io/vc-api/#update-status
    """
    # Step 1: a JSON object with only the known members.
    if not isinstance(body, dict):
        raise bad_request(codes.PARSING_ERROR, "the request body must be a JSON object")
    unknown = sorted(set(body) - _BODY)
    if unknown:
        raise bad_request(
            codes.UNKNOWN_DATA, f"unknown request member(s): {', '.join(unknown)}", "/" + unknown[0]
        )
    # Step 2: one entry or a non-empty array of entries.
    entries = body.get("credentialStatus")
    if isinstance(entries, dict):
        located = [(entries, "/credentialStatus")]
    elif isinstance(entries, list) and entries:
        located = [(e, json_pointer("credentialStatus", i)) for i, e in enumerate(entries)]
    else:
        raise bad_request(
            codes.MALFORMED_VALUE_ERROR,
            "credentialStatus must be an entry or a non-empty array of entries",
            "/credentialStatus",
        )
    # Step 3: each entry, checked against the issuer's list.
    changes = []
    for entry, pointer in located:
        _check_entry(entry, pointer, issuer=issuer, purpose=purpose)
        url, index = _index(body, entry, pointer, issuer=issuer, lists=lists, lookup=lookup)
        changes.append(StatusChange(index, _value(body, entry, pointer), pointer, url))
    return changes


def _check_entry(entry: Any, pointer: str, *, issuer: str, purpose: str) -> None:
    if not isinstance(entry, dict):
        raise bad_request(
            codes.MALFORMED_VALUE_ERROR, "a credentialStatus entry is an object", pointer
        )
    unknown = sorted(set(entry) - _ENTRY)
    if unknown:
        raise bad_request(
            codes.UNKNOWN_DATA, f"unknown entry member(s): {', '.join(unknown)}", pointer
        )
    if entry.get("type") not in STATUS_ENTRY_TYPES:
        raise bad_request(
            codes.MALFORMED_VALUE_ERROR,
            f"credentialStatus type must be BitstringStatusListEntry, not {entry.get('type')!r}",
            pointer + "/type",
        )
    asked = entry.get("statusPurpose", purpose)
    if asked != purpose:
        raise bad_request(
            codes.MALFORMED_VALUE_ERROR,
            f"issuer {issuer!r} keeps a {purpose} list, not a {asked!r} one",
            pointer + "/statusPurpose",
        )


def _value(body: Mapping[str, Any], entry: Mapping[str, Any], pointer: str) -> int:
    """The new status: ``true`` (1) or ``false`` (0), on the entry or on the body."""
    status = entry.get("status", body.get("status"))
    if isinstance(status, bool):
        return int(status)
    if isinstance(status, int) and status in (0, 1):
        return status
    raise bad_request(
        codes.MALFORMED_VALUE_ERROR, "status must be true or false", pointer + "/status"
    )


def _index(
    body: Mapping[str, Any],
    entry: Mapping[str, Any],
    pointer: str,
    *,
    issuer: str,
    lists: Sequence[str],
    lookup: Callable[[str], tuple[str, int] | None],
) -> tuple[str, int]:
    """The list and index the entry names: its ``statusListIndex``, else the credential's."""
    named = entry.get("statusListCredential")
    if named is not None and named not in lists:
        raise ApiError(
            404,
            codes.NOT_FOUND,
            f"{named!r} is not a status list of issuer {issuer!r}",
            problems=[
                Problem(codes.NOT_FOUND, "unknown status list", pointer + "/statusListCredential")
            ],
        )
    if "statusListIndex" in entry:
        raw = entry["statusListIndex"]
        if not isinstance(raw, str) or not _INDEX.fullmatch(raw):
            raise bad_request(
                codes.MALFORMED_VALUE_ERROR,
                "statusListIndex must be a base-10 string",
                pointer + "/statusListIndex",
            )
        if named is None and len(lists) != 1:
            raise bad_request(
                codes.MALFORMED_VALUE_ERROR,
                f"issuer {issuer!r} has several status lists: name one in statusListCredential",
                pointer + "/statusListCredential",
            )
        return named or lists[0], int(raw)
    credential_id = body.get("credentialId")
    if not isinstance(credential_id, str):
        raise bad_request(
            codes.MALFORMED_VALUE_ERROR,
            "name the credential by credentialId or by the entry's statusListIndex",
            "/credentialId",
        )
    found = lookup(credential_id)
    if found is None:
        raise ApiError(404, codes.NOT_FOUND, f"issuer {issuer!r} issued no {credential_id!r}")
    if named is not None and named != found[0]:
        raise ApiError(
            404,
            codes.NOT_FOUND,
            f"{credential_id!r} has no entry in {named!r}",
            problems=[
                Problem(
                    codes.NOT_FOUND, "not this credential's list", pointer + "/statusListCredential"
                )
            ],
        )
    return found
