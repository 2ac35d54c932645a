"""The issuer side: a durable registry of status lists, their indexes and statuses.

::

    reg = StatusRegistry("status.db")                  # SQLite file, created if absent
    reg.create_list(url, purpose="revocation", signer=key)
    index = reg.allocate(url)                          # random, never handed out twice
    credential, index = add_status_entry(credential, reg, url)
    reg.set_status(url, index, 1)
    signed_list = reg.publish(url)                     # a signed status list credential

Indexes are allocated in random order (:func:`secrets.randbelow`), as the specification
advises, so an index says nothing about when it was assigned. ``revocation`` and ``refresh``
statuses are not reversible: setting one back to 0 is refused.

The signer given to :meth:`StatusRegistry.create_list` is kept in memory only (private keys do
not belong in a status database); the database records the issuer (the signer's controller).
:meth:`StatusRegistry.publish` needs a signer with that controller: the one held, or
``signer=``.

Spec: https://www.w3.org/TR/vc-bitstring-status-list/#generate-algorithm
"""

from __future__ import annotations

import copy
import os
import secrets
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ._errors import MalformedValueError
from .bitstring import MIN_LIST_LENGTH, new_bitstring, write_status
from .credential import (
    BITSTRING_STATUS_LIST,
    STATUS_LIST_2021,
    STATUS_LIST_2021_CONTEXT,
    V1_CONTEXT,
    build_status_list_credential,
)
from .entry import BITSTRING_ENTRY, STATUS_LIST_2021_ENTRY, parse_status_messages
from .store import SQLiteStatusStore, StatusListRecord, StatusStore

if TYPE_CHECKING:
    from ..keys import Signer

__all__ = [
    "IRREVERSIBLE_PURPOSES",
    "SignFunction",
    "StatusRegistry",
    "add_status_entry",
    "status_entry",
    "with_status_entry",
]

#: Adds a proof to a status list credential: ``sign(credential, signer=..., suite=...)``.
SignFunction = Callable[..., dict[str, Any]]

#: Purposes whose set status cannot be unset (the specification: "not reversible").
IRREVERSIBLE_PURPOSES = frozenset({"revocation", "refresh"})
_STATUS_V1_CONTEXT = "https://www.w3.org/ns/credentials/status/v1"
_LIST_TYPES = {
    "BitstringStatusList": BITSTRING_STATUS_LIST,
    "bitstring": BITSTRING_STATUS_LIST,
    "StatusList2021": STATUS_LIST_2021,
    "statuslist2021": STATUS_LIST_2021,
}


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


class StatusRegistry:
    """Status lists kept in a :class:`StatusStore` (default: an SQLite file at ``store``).

    ``now`` is the clock used for ``validFrom`` when publishing; ``random_below`` picks
    candidate indexes (default :func:`secrets.randbelow`).
    """

    def __init__(
        self,
        store: str | os.PathLike[str] | StatusStore,
        *,
        now: Callable[[], datetime] = _utcnow,
        random_below: Callable[[int], int] = secrets.randbelow,
        timeout: float = 30.0,
    ) -> None:
        if isinstance(store, str | os.PathLike):
            self.store: StatusStore = SQLiteStatusStore(store, timeout=timeout)
        elif isinstance(store, StatusStore):
            self.store = store
        else:
            raise InputError("store must be a file path or a StatusStore")
        self._now = now
        self._random_below = random_below
        self._signers: dict[str, Signer] = {}

    def close(self) -> None:
        """Close the store."""
        self.store.close()

    def __enter__(self) -> StatusRegistry:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- lists ---------------------------------------------------------------------------------

    def create_list(
        self,
        url: str,
        *,
        purpose: str = "revocation",
        length: int = MIN_LIST_LENGTH,
        status_size: int = 1,
        signer: Signer | None = None,
        issuer: str | None = None,
        list_type: str = BITSTRING_STATUS_LIST,
        messages: Sequence[str | Mapping[str, str]] | None = None,
        reference: str | None = None,
        ttl: int | None = None,
        validity: timedelta | None = None,
    ) -> None:
        """Create an empty status list published at ``url``.

        - ``purpose``: ``revocation``, ``suspension``, ``message``, ``refresh`` (or another
          string, which verifiers report without interpreting).
        - ``length``: entries in the list, at least 131,072 and a multiple of 8.
        - ``status_size``: bits per entry; above 1, ``messages`` is required with
          ``2**status_size`` items: strings (the message of each value in order) or
          ``{"status": "0x..", "message": ...}`` objects.
        - ``signer`` / ``issuer``: the list's issuer is the signer's controller (or
          ``issuer``); the signer is kept in memory for :meth:`publish`.
        - ``list_type``: ``"BitstringStatusList"`` (VC 2.0) or ``"StatusList2021"`` (VC 1.1,
          1-bit ``revocation`` or ``suspension`` lists only).
        - ``ttl`` (milliseconds, Bitstring Status List only) and ``validity`` (how long each
          published list is valid: sets ``validUntil``).
        """
        kind = _LIST_TYPES.get(list_type)
        if kind is None:
            raise InputError(f"unknown status list type {list_type!r}")
        if not isinstance(url, str) or ":" not in url or any(c.isspace() for c in url):
            raise InputError(f"status list URL {url!r} is not a URL")
        if not isinstance(purpose, str) or not purpose or any(c.isspace() for c in purpose):
            raise InputError(f"status purpose {purpose!r} is not a word")
        if isinstance(length, bool) or not isinstance(length, int) or length < MIN_LIST_LENGTH:
            raise InputError(f"a status list needs at least {MIN_LIST_LENGTH} entries")
        if length % 8:
            raise InputError("a status list length must be a multiple of 8")
        try:
            new_bitstring(8, status_size=status_size)  # the size check
        except MalformedValueError as e:
            raise InputError(e.message) from e
        if kind == STATUS_LIST_2021 and (
            status_size != 1 or purpose not in ("revocation", "suspension") or messages or ttl
        ):
            raise InputError(
                "StatusList2021 lists are 1-bit revocation or suspension lists without "
                "messages or ttl"
            )
        statuses = _status_messages(messages, status_size=status_size)
        if ttl is not None and (isinstance(ttl, bool) or not isinstance(ttl, int) or ttl < 0):
            raise InputError("ttl is a number of milliseconds")
        owner = issuer or (getattr(signer, "controller", None) if signer is not None else None)
        if not isinstance(owner, str) or not owner:
            raise InputError("create_list needs a signer (with a controller) or an issuer")
        self.store.create_list(
            StatusListRecord(
                url=url,
                list_type=kind,
                purpose=purpose,
                length=length,
                status_size=status_size,
                issuer=owner,
                messages=statuses,
                reference=reference,
                ttl=ttl,
                validity=int(validity.total_seconds()) if validity is not None else None,
            )
        )
        if signer is not None:
            self._signers[url] = signer

    def get_list(self, url: str) -> StatusListRecord:
        """What the registry knows about the list at ``url``."""
        return self.store.get_list(url)

    def list_urls(self) -> list[str]:
        """The URLs of every list in the registry."""
        return self.store.list_urls()

    # -- indexes and statuses ------------------------------------------------------------------

    def allocate(self, url: str) -> int:
        """A random free index of the list, durably recorded before it is returned."""
        return self.store.allocate(url, random_below=self._random_below)

    def set_status(self, url: str, index: int, value: int) -> None:
        """Set the status of an allocated ``index`` (``1`` revokes on a revocation list)."""
        record = self.store.get_list(url)
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError("a status value is an integer")
        if not 0 <= value < (1 << record.status_size):
            raise InputError(f"status value {value} does not fit in {record.status_size} bit(s)")

        def check(old: int, new: int) -> None:
            if record.purpose in IRREVERSIBLE_PURPOSES and old != 0 and new != old:
                raise InputError(
                    f"a {record.purpose} status is not reversible (index {index} of {url})"
                )

        self.store.update_status(url, _index(index), value, check=check)

    def get_status(self, url: str, index: int) -> int:
        """The status of an allocated ``index``."""
        return self.store.get_status(url, _index(index))

    def entry(self, url: str, index: int) -> dict[str, Any]:
        """The ``credentialStatus`` entry for an allocated ``index`` of the list.

        Spec: https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistentry
        """
        record = self.store.get_list(url)
        if not self.store.is_allocated(url, _index(index)):
            raise InputError(f"index {index} of the status list {url} is not allocated")
        return status_entry(record, index)

    def bitstring(self, url: str) -> bytearray:
        """The list's current uncompressed bitstring.

        Spec: https://www.w3.org/TR/vc-bitstring-status-list/#bitstring-generation-algorithm
        """
        record = self.store.get_list(url)
        # Step 1: every bit 0.
        bitstring = new_bitstring(record.length, status_size=record.status_size)
        # Step 2: each set status at statusListIndex * statusSize.
        for index, value in self.store.set_statuses(url):
            write_status(bitstring, index, value, status_size=record.status_size)
        return bitstring

    def status_list_credential(self, url: str, *, now: datetime | None = None) -> dict[str, Any]:
        """The list as an unsigned status list credential, valid from ``now``."""
        record = self.store.get_list(url)
        valid_from = now or self._now()
        valid_until = (
            valid_from + timedelta(seconds=record.validity) if record.validity is not None else None
        )
        return build_status_list_credential(
            url,
            bitstring=bytes(self.bitstring(url)),
            purpose=record.purpose,
            issuer=record.issuer,
            list_type=record.list_type,
            valid_from=valid_from,
            valid_until=valid_until,
            ttl=record.ttl,
        )

    def publish(
        self,
        url: str,
        *,
        signer: Signer | None = None,
        suite: str | None = None,
        now: datetime | None = None,
        sign: SignFunction | None = None,
    ) -> dict[str, Any]:
        """The list as a signed status list credential (sign it with ``signer`` or the one
        given to :meth:`create_list`, with ``suite`` or the signer's default suite).

        ``sign(credential, signer=..., suite=...)`` adds the proof (default: a Data Integrity
        proof by :func:`vcler.di.add_proof`; :func:`vcler.issue` fits too, and validates the
        list credential first).

        Spec: https://www.w3.org/TR/vc-bitstring-status-list/#generate-algorithm (step 5)
        """
        from ..di import add_proof
        from ..di.suites import default_suite

        signer = signer or self._signers.get(url)
        if signer is None:
            raise InputError(f"publishing {url} needs signer= (no signer is held for it)")
        credential = self.status_list_credential(url, now=now)
        controller = getattr(signer, "controller", None)
        if controller != credential["issuer"]:
            raise InputError(
                f"the signer's controller {controller!r} is not the list's issuer "
                f"{credential['issuer']!r}"
            )
        if sign is not None:
            return sign(credential, signer=signer, suite=suite)
        return add_proof(credential, signer=signer, suite=suite or default_suite(signer))


def _index(index: int) -> int:
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        raise InputError(f"a status list index is a non-negative integer, not {index!r}")
    return index


def _status_messages(
    messages: Sequence[str | Mapping[str, str]] | None, *, status_size: int
) -> tuple[dict[str, str], ...] | None:
    """``messages`` as ``statusMessage`` items, checked against ``status_size``."""
    if messages is None:
        if status_size > 1:
            raise InputError(f"a {status_size}-bit status list needs {1 << status_size} messages")
        return None
    items = [
        {"status": hex(i), "message": m} if isinstance(m, str) else dict(m)
        for i, m in enumerate(messages)
    ]
    try:
        parse_status_messages(items, size=status_size, pointer="/statusMessage")
    except MalformedValueError as e:
        raise InputError(e.message) from e
    return tuple(items)


def status_entry(record: StatusListRecord, index: int) -> dict[str, Any]:
    """The ``credentialStatus`` entry for ``index`` of the list ``record`` describes.

    Spec: https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistentry
    """
    url = record.url
    bitstring_list = record.list_type == BITSTRING_STATUS_LIST
    entry: dict[str, Any] = {
        "id": f"{url}#{index}",
        "type": BITSTRING_ENTRY if bitstring_list else STATUS_LIST_2021_ENTRY,
        "statusPurpose": record.purpose,
        "statusListIndex": str(index),
        "statusListCredential": url,
    }
    if bitstring_list and record.status_size > 1:
        entry["statusSize"] = record.status_size
    if bitstring_list and record.messages is not None:
        entry["statusMessage"] = [dict(m) for m in record.messages]
    if bitstring_list and record.reference is not None:
        entry["statusReference"] = record.reference
    return entry


def add_status_entry(
    credential: Mapping[str, Any], registry: StatusRegistry, url: str
) -> tuple[dict[str, Any], int]:
    """A copy of ``credential`` with a new status entry of the list at ``url``, and its index.

    The index is allocated (and so never reused) even if the credential is not signed later.
    An existing ``credentialStatus`` becomes a list with the new entry last. The context the
    entry needs is appended when missing (see :func:`with_status_entry`).
    """
    if not isinstance(credential, Mapping):
        raise InputError("add_status_entry takes a credential (a JSON object)")
    index = registry.allocate(url)
    return with_status_entry(credential, registry.entry(url, index)), index


def with_status_entry(credential: Mapping[str, Any], entry: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``credential`` with ``entry`` (from :func:`status_entry`) in its
    ``credentialStatus`` (an existing one becomes a list, the new entry last), and the context
    the entry needs appended when missing: the StatusList2021 context, or the Bitstring Status
    List context for a VC 1.1 credential."""
    if not isinstance(credential, Mapping):
        raise InputError("with_status_entry takes a credential (a JSON object)")
    document = copy.deepcopy(dict(credential))
    entry = dict(entry)
    contexts = document.get("@context")
    context_list = list(contexts) if isinstance(contexts, list) else [contexts]
    needed = None
    if entry["type"] == STATUS_LIST_2021_ENTRY:
        needed = STATUS_LIST_2021_CONTEXT
    elif context_list and context_list[0] == V1_CONTEXT:
        needed = _STATUS_V1_CONTEXT
    if needed is not None and needed not in context_list:
        document["@context"] = [*context_list, needed]
    existing = document.get("credentialStatus")
    if existing is None:
        document["credentialStatus"] = entry
    elif isinstance(existing, list):
        document["credentialStatus"] = [*existing, entry]
    else:
        document["credentialStatus"] = [existing, entry]
    return document
