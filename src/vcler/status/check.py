"""The verifier side: check every ``credentialStatus`` entry of a credential.

:class:`StatusChecker` holds what does not change between credentials (supplied documents,
the fetcher, the function that verifies status list credentials, the clock, a
:class:`StatusListCache`); :func:`check_status` is the one-shot form. Each entry yields one
:class:`~vcler.results.StatusResult`:

- ``verified`` is true when the status was read and does not invalidate the credential.
- ``problems`` must fail verification: a malformed entry (``MALFORMED_VALUE_ERROR``), a set
  ``revocation`` bit (``CREDENTIAL_REVOKED``), a set ``suspension`` bit
  (``CREDENTIAL_SUSPENDED``), and — with ``fail_closed=True``, the default — every reason the
  status could not be checked: ``STATUS_RETRIEVAL_ERROR`` (list unreachable, or network needed
  but not allowed), ``STATUS_VERIFICATION_ERROR`` (bad proof, expired list, wrong type,
  purpose or issuer), ``STATUS_LIST_LENGTH_ERROR``, ``RANGE_ERROR``,
  ``MALFORMED_VALUE_ERROR`` (unreadable ``encodedList``).
- ``UNSUPPORTED_STATUS_TYPE``, an entry of a type vcler does not implement, is always a
  problem: a status that was never checked does not count as checked.
- ``warnings`` never fail verification: a set ``refresh`` bit (``CREDENTIAL_REFRESH_AVAILABLE``),
  a set bit of a purpose vcler does not know (``UNKNOWN_STATUS_PURPOSE``), and the
  could-not-check problems when ``fail_closed=False``. A ``message`` status is reported in
  ``value`` and ``message`` only.

Spec: https://www.w3.org/TR/vc-bitstring-status-list/#validate-algorithm
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from .. import codes
from ..errors import InputError, VclerError
from ..results import Problem, StatusResult
from ._errors import (
    MalformedValueError,
    StatusError,
    StatusListLengthError,
    StatusRetrievalError,
)
from .bitstring import MAX_DECOMPRESSED_BYTES, MIN_LIST_LENGTH, read_status
from .credential import (
    BITSTRING_STATUS_LIST,
    STATUS_LIST_2021,
    StatusList,
    read_status_list_credential,
)
from .entry import (
    BITSTRING_ENTRY,
    SUPPORTED_ENTRY_TYPES,
    StatusEntry,
    entry_types,
    parse_entry,
    status_entries,
)

if TYPE_CHECKING:
    from ..results import VerificationResult

__all__ = ["StatusChecker", "StatusListCache", "VerifyFunction", "check_status"]

#: Verifies a status list credential (proofs, validity period); ``Verifier.verify`` fits.
VerifyFunction = Callable[[dict[str, Any]], "VerificationResult"]

#: How long a verified list without ``ttl`` is reused by default (seconds).
DEFAULT_LIST_TTL = 300.0
_CLOCK_SKEW = timedelta(minutes=5)
_MAX_DEPTH = 4


class StatusListCache:
    """A bounded in-memory cache of verified, decoded status lists, keyed by URL and type.

    A list is kept for its ``ttl`` (else ``default_ttl`` seconds), never past its
    ``validUntil``. ``clock`` (seconds since the epoch) is injectable. Thread-safe.
    """

    def __init__(
        self,
        *,
        max_entries: int = 64,
        default_ttl: float = DEFAULT_LIST_TTL,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.max_entries = max_entries
        self.default_ttl = default_ttl
        self._clock = clock or time.time
        self._entries: OrderedDict[tuple[str, str], tuple[float, StatusList]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def get(self, url: str, list_type: str) -> StatusList | None:
        """The fresh cached list at ``url``, or ``None``."""
        now = self._clock()
        with self._lock:
            entry = self._entries.get((url, list_type))
            if entry is None:
                return None
            if now >= entry[0]:
                del self._entries[(url, list_type)]
                return None
            self._entries.move_to_end((url, list_type))
            return entry[1]

    def put(self, status_list: StatusList) -> None:
        """Keep ``status_list`` for its lifetime (nothing is kept for a lifetime of 0)."""
        now = self._clock()
        lifetime = status_list.ttl if status_list.ttl is not None else self.default_ttl
        expires = now + lifetime
        if status_list.valid_until is not None:
            expires = min(expires, status_list.valid_until.timestamp())
        if expires <= now or self.max_entries <= 0:
            return
        key = (status_list.url, status_list.type)
        with self._lock:
            self._entries[key] = (expires, status_list)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget every list."""
        with self._lock:
            self._entries.clear()


class StatusChecker:
    """Checks the ``credentialStatus`` entries of credentials under one configuration.

    - ``documents``: status list credentials (and anything else) keyed by URL; used first.
    - ``fetcher``: a :class:`vcler.net.Fetcher` for the lists not in ``documents``; without
      one, a list that is not supplied is a STATUS_RETRIEVAL_ERROR saying so.
    - ``verify``: verifies a status list credential (default: :func:`vcler.verify` with the
      same ``documents``, ``fetcher`` and ``now``).
    - ``now``: the clock (a datetime, a callable returning one, or ``None`` for real time).
    - ``cache``: a :class:`StatusListCache` (default: a new one, private to this checker).
    - ``fail_closed``: when a status cannot be checked, report a problem (``True``) or a
      warning (``False``).
    - ``require_same_issuer``: the list's issuer must be the credential's (the specification
      allows them to differ; vcler does not by default).
    - ``minimum_entries``: the smallest list accepted (an ecosystem may set another bound).
    """

    def __init__(
        self,
        *,
        documents: Mapping[str, Any] | None = None,
        fetcher: Any = None,
        verify: VerifyFunction | None = None,
        now: datetime | Callable[[], datetime] | None = None,
        cache: StatusListCache | None = None,
        fail_closed: bool = True,
        require_same_issuer: bool = True,
        minimum_entries: int = MIN_LIST_LENGTH,
        max_bytes: int = MAX_DECOMPRESSED_BYTES,
        clock_skew: timedelta = _CLOCK_SKEW,
    ) -> None:
        if isinstance(now, datetime) and now.tzinfo is None:
            raise InputError("now must be timezone-aware")
        self.documents = dict(documents or {})
        self.fetcher = fetcher
        self._verify = verify
        self._now = now
        self.cache = cache if cache is not None else StatusListCache()
        self.fail_closed = fail_closed
        self.require_same_issuer = require_same_issuer
        self.minimum_entries = minimum_entries
        self.max_bytes = max_bytes
        self.clock_skew = clock_skew
        self._local = threading.local()

    def now(self) -> datetime:
        """The checker's current time."""
        if self._now is None:
            return datetime.now(timezone.utc)
        return self._now if isinstance(self._now, datetime) else self._now()

    def check(self, credential: Mapping[str, Any]) -> list[StatusResult]:
        """One :class:`StatusResult` per ``credentialStatus`` entry of ``credential``."""
        issuer = _issuer_id(credential.get("issuer"))
        return [
            self._check_entry(raw, pointer=pointer, issuer=issuer)
            for pointer, raw in status_entries(credential)
        ]

    # -- one entry -----------------------------------------------------------------------------

    def _check_entry(self, raw: Any, *, pointer: str, issuer: str | None) -> StatusResult:
        types = entry_types(raw)
        try:
            entry = parse_entry(raw, pointer=pointer)
        except MalformedValueError as e:
            problem = Problem(e.code, e.message, e.pointer or pointer)
            result = StatusResult(verified=False, pointer=pointer, type=types[0] if types else None)
            if types and not any(t in SUPPORTED_ENTRY_TYPES for t in types):
                # Not malformed: a status mechanism vcler cannot check, which never counts as
                # checked (whatever fail_closed says of lists that could not be read).
                result.problems.append(
                    Problem(
                        codes.UNSUPPORTED_STATUS_TYPE,
                        f"credentialStatus type {types[0]!r} is not supported by vcler, so the "
                        "status was not checked",
                        pointer + "/type",
                    )
                )
            else:
                result.problems.append(problem)
            return result
        result = StatusResult(
            verified=False,
            pointer=pointer,
            type=entry.type,
            purpose=entry.purpose,
            list_url=entry.list_url,
            index=entry.index,
        )
        try:
            status_list = self._status_list(entry)
            value = self._read(entry, status_list, issuer=issuer)
        except StatusError as e:
            where = e.pointer if e.pointer is not None else "/statusListCredential"
            self._could_not_check(
                result, Problem(e.code, e.message, pointer + where, detail=e.detail)
            )
            return result
        return _judge(entry, value, result)

    def _could_not_check(self, result: StatusResult, problem: Problem) -> None:
        (result.problems if self.fail_closed else result.warnings).append(problem)

    def _read(self, entry: StatusEntry, status_list: StatusList, *, issuer: str | None) -> int:
        """The status value of ``entry`` in a verified ``status_list``.

        Spec: https://www.w3.org/TR/vc-bitstring-status-list/#validate-algorithm
        """
        # (vcler) The list's issuer must be the credential's, unless configured otherwise.
        if self.require_same_issuer and status_list.issuer != issuer:
            raise StatusError(
                f"the status list {entry.list_url} is issued by {status_list.issuer!r}, "
                f"not by the credential's issuer {issuer!r}"
            )
        # Step 5: the entry's purpose is one of the list's purposes.
        if entry.purpose not in status_list.purposes:
            raise StatusError(
                f"statusPurpose {entry.purpose!r} is not a purpose of the status list "
                f"{entry.list_url} ({', '.join(status_list.purposes)})",
                pointer="/statusPurpose",
            )
        # Step 9: the list holds at least minimumNumberOfEntries entries of statusSize bits.
        entries = status_list.bit_length // entry.status_size
        if entries < self.minimum_entries:
            raise StatusListLengthError(
                f"the status list {entry.list_url} has {entries} entries of "
                f"{entry.status_size} bit(s); at least {self.minimum_entries} are required"
            )
        # Step 10: the value at credentialIndex * statusSize (RANGE_ERROR outside the list).
        try:
            return read_status(status_list.bitstring, entry.index, status_size=entry.status_size)
        except StatusError as e:
            raise type(e)(e.message, pointer="/statusListIndex", detail=e.detail) from e

    # -- the status list -----------------------------------------------------------------------

    def _status_list(self, entry: StatusEntry) -> StatusList:
        """The verified, decoded status list of ``entry`` (from the cache when fresh)."""
        list_type = BITSTRING_STATUS_LIST if entry.type == BITSTRING_ENTRY else STATUS_LIST_2021
        url = entry.list_url
        cached = self.cache.get(url, list_type)
        if cached is not None:
            return cached
        in_progress: set[str] = getattr(self._local, "urls", set())
        if url in in_progress or len(in_progress) >= _MAX_DEPTH:
            raise StatusError(f"the status list {url} depends on itself (status cycle)")
        # Step 4: dereference the statusListCredential URL and verify every proof.
        document = self._retrieve(url)
        self._local.urls = in_progress | {url}
        try:
            verification = self._verify_list(document)
        finally:
            self._local.urls = in_progress
        status_list = read_status_list_credential(
            document, url=url, list_type=list_type, max_bytes=self.max_bytes
        )
        if not verification.verified:
            raise StatusError(
                f"the status list credential {url} does not verify",
                detail="; ".join(
                    f"{p.code} at {p.pointer or '/'}: {p.message}"
                    for p in verification.problems[:3]
                ),
            )
        self._check_validity(status_list)
        self.cache.put(status_list)
        return status_list

    def _retrieve(self, url: str) -> Any:
        if url in self.documents:
            return self.documents[url]
        if self.fetcher is None:
            raise StatusRetrievalError(
                f"the status list {url} was not supplied, and a network lookup is needed "
                "but not allowed"
            )
        try:
            return self.fetcher.get_json(url)
        except VclerError as e:
            raise StatusRetrievalError(
                f"the status list {url} could not be retrieved", detail=str(e)[:300]
            ) from e

    def _verify_list(self, document: Any) -> VerificationResult:
        if self._verify is not None:
            return self._verify(document)
        from .._api import verify

        return verify(document, documents=self.documents, fetcher=self.fetcher, now=self.now())

    def _check_validity(self, status_list: StatusList) -> None:
        """The list's validity period against the clock (whatever ``verify`` checked)."""
        now = self.now()
        if status_list.valid_from is not None and now + self.clock_skew < status_list.valid_from:
            raise StatusError(f"the status list {status_list.url} is not valid yet")
        if status_list.valid_until is not None and now - self.clock_skew > status_list.valid_until:
            raise StatusError(f"the status list {status_list.url} has expired")


def _judge(entry: StatusEntry, value: int, result: StatusResult) -> StatusResult:
    """Fill ``result`` from the status ``value``: revoked and suspended fail verification.

    Spec: https://www.w3.org/TR/vc-bitstring-status-list/#validate-algorithm (steps 11-15)
    """
    # Steps 11-12: the status and the purpose.
    result.value = value
    # Step 14: the message of the value (statusMessage, else "set"/"unset" for one bit).
    result.message = entry.message_for(value)
    # Step 13: valid when the status is 0; what a set status means depends on the purpose.
    result.verified = True
    if value == 0 or entry.purpose == "message":
        return result
    where = entry.pointer
    if entry.purpose == "revocation":
        result.verified = False
        result.problems.append(
            Problem(
                "CREDENTIAL_REVOKED",
                f"the credential is revoked ({entry.list_url} index {entry.index})",
                where,
            )
        )
    elif entry.purpose == "suspension":
        result.verified = False
        result.problems.append(
            Problem(
                "CREDENTIAL_SUSPENDED",
                f"the credential is suspended ({entry.list_url} index {entry.index})",
                where,
            )
        )
    elif entry.purpose == "refresh":
        result.warnings.append(
            Problem(
                "CREDENTIAL_REFRESH_AVAILABLE",
                "an updated credential is available from its refresh service",
                where,
            )
        )
    else:
        result.warnings.append(
            Problem(
                "UNKNOWN_STATUS_PURPOSE",
                f"status {value} is set for the purpose {entry.purpose!r}, which vcler does not "
                "interpret",
                where,
            )
        )
    return result


def _issuer_id(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping) and isinstance(value.get("id"), str):
        return str(value["id"])
    return None


def check_status(
    credential: Mapping[str, Any],
    *,
    documents: Mapping[str, Any] | None = None,
    fetcher: Any = None,
    verify: VerifyFunction | None = None,
    now: datetime | None = None,
    fail_closed: bool = True,
    cache: StatusListCache | None = None,
) -> list[StatusResult]:
    """Check every ``credentialStatus`` entry of ``credential`` (see :class:`StatusChecker`).

    Spec: https://www.w3.org/TR/vc-bitstring-status-list/#validate-algorithm
    """
    checker = StatusChecker(
        documents=documents,
        fetcher=fetcher,
        verify=verify,
        now=now,
        cache=cache,
        fail_closed=fail_closed,
    )
    return checker.check(credential)
