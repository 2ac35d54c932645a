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
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from .. import codes
from .._cache import BoundedCache
from .._documents import id_of
from .._seam import JsonFetcher
from ..context import StatusPolicy, VerificationContext
from ..errors import InputError, VclerError
from ..results import Problem, StatusResult, VerificationResult
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

__all__ = [
    "StatusChecker",
    "StatusListCache",
    "VerifyFunction",
    "check_status",
    "verify_list_proofs",
]

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
        self._entries: BoundedCache[tuple[str, str], StatusList] = BoundedCache(
            max_entries, clock=self._clock
        )

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, url: str, list_type: str) -> StatusList | None:
        """The fresh cached list at ``url``, or ``None``."""
        return self._entries.get((url, list_type))

    def holds(self, url: str) -> bool:
        """Whether a fresh list of any type is cached for ``url``."""
        return any(
            self.get(url, kind) is not None for kind in (BITSTRING_STATUS_LIST, STATUS_LIST_2021)
        )

    def put(self, status_list: StatusList) -> None:
        """Keep ``status_list`` for its lifetime (nothing is kept for a lifetime of 0)."""
        lifetime = status_list.ttl if status_list.ttl is not None else self.default_ttl
        if status_list.valid_until is not None:
            lifetime = min(lifetime, status_list.valid_until.timestamp() - self._clock())
        self._entries.put((status_list.url, status_list.type), status_list, lifetime=lifetime)

    def clear(self) -> None:
        """Forget every list."""
        self._entries.clear()


class StatusChecker:
    """Checks the ``credentialStatus`` entries of credentials under one configuration.

    ``context`` (a :class:`~vcler.context.VerificationContext`) supplies the document source
    status lists are retrieved from, the clock and the status policy
    (:class:`~vcler.context.StatusPolicy`: fail closed or open, whose lists are trusted,
    whether a list must name the URL it was retrieved from, the smallest list). ``verify``
    verifies a status list credential (a :class:`vcler.Verifier` passes its own ``verify``;
    default: every proof must verify, by keys the list's issuer controls — what the
    specification asks). ``cache`` is a :class:`StatusListCache` (default: a new one, private
    to this checker). ``max_bytes`` caps a list's expanded size.

    Without a context, one is made from the keywords of vcler 0.1: ``documents`` (lists by
    URL), ``fetcher``, ``now``, ``fail_closed``, ``require_same_issuer``, ``minimum_entries``
    and ``clock_skew``.
    """

    def __init__(
        self,
        context: VerificationContext | None = None,
        *,
        verify: VerifyFunction | None = None,
        cache: StatusListCache | None = None,
        max_bytes: int = MAX_DECOMPRESSED_BYTES,
        documents: Mapping[str, Any] | None = None,
        fetcher: JsonFetcher | None = None,
        now: datetime | Callable[[], datetime] | None = None,
        fail_closed: bool | None = None,
        require_same_issuer: bool | None = None,
        minimum_entries: int | None = None,
        clock_skew: timedelta | None = None,
    ) -> None:
        legacy = {
            "documents": documents,
            "fetcher": fetcher,
            "now": now,
            "fail_closed": fail_closed,
            "require_same_issuer": require_same_issuer,
            "minimum_entries": minimum_entries,
            "clock_skew": clock_skew,
        }
        given = sorted(name for name, value in legacy.items() if value is not None)
        if context is None:
            context = _context_from(legacy)
        elif given:
            raise InputError(f"with a context, {', '.join(given)} come from it")
        self.context = context
        self.policy = context.policy.status
        self._verify = verify
        self.cache = cache if cache is not None else StatusListCache()
        self.max_bytes = max_bytes
        self._local = threading.local()

    def now(self) -> datetime:
        """The checker's current time."""
        return self.context.now()

    def check(self, credential: Mapping[str, Any]) -> list[StatusResult]:
        """One :class:`StatusResult` per ``credentialStatus`` entry of ``credential``."""
        issuer = id_of(credential.get("issuer"))
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
        (result.problems if self.policy.fail_closed else result.warnings).append(problem)

    def _read(self, entry: StatusEntry, status_list: StatusList, *, issuer: str | None) -> int:
        """The status value of ``entry`` in a verified ``status_list``.

        Spec: https://www.w3.org/TR/vc-bitstring-status-list/#validate-algorithm
        """
        # (vcler) The list's issuer is one the policy trusts (by default, the credential's).
        if not self.policy.trusts_list_issuer(status_list.issuer, issuer):
            raise StatusError(
                f"the status list {entry.list_url} is issued by {status_list.issuer!r}, "
                f"not by the credential's issuer {issuer!r} (a verification policy can "
                "trust other list issuers)"
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
        minimum = self.policy.minimum_entries or MIN_LIST_LENGTH
        if entries < minimum:
            raise StatusListLengthError(
                f"the status list {entry.list_url} has {entries} entries of "
                f"{entry.status_size} bit(s); at least {minimum} are required"
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
            document,
            url=url,
            list_type=list_type,
            max_bytes=self.max_bytes,
            require_id=self.policy.list_id_must_match,
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
        """Step 4: dereference the statusListCredential URL (STATUS_RETRIEVAL_ERROR)."""
        try:
            return self.context.source.get(url)
        except VclerError as e:
            raise StatusRetrievalError(
                f"the status list {url} could not be retrieved: {e.message}",
                detail=str(e)[:300],
            ) from e

    def _verify_list(self, document: Any) -> VerificationResult:
        if self._verify is not None:
            return self._verify(document)
        return verify_list_proofs(document, self.context)

    def _check_validity(self, status_list: StatusList) -> None:
        """The list's validity period against the clock (whatever ``verify`` checked)."""
        now, skew = self.now(), self.context.policy.clock_skew
        if status_list.valid_from is not None and now + skew < status_list.valid_from:
            raise StatusError(f"the status list {status_list.url} is not valid yet")
        if status_list.valid_until is not None and now - skew > status_list.valid_until:
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
                codes.CREDENTIAL_REVOKED,
                f"the credential is revoked ({entry.list_url} index {entry.index})",
                where,
            )
        )
    elif entry.purpose == "suspension":
        result.verified = False
        result.problems.append(
            Problem(
                codes.CREDENTIAL_SUSPENDED,
                f"the credential is suspended ({entry.list_url} index {entry.index})",
                where,
            )
        )
    elif entry.purpose == "refresh":
        result.warnings.append(
            Problem(
                codes.CREDENTIAL_REFRESH_AVAILABLE,
                "an updated credential is available from its refresh service",
                where,
            )
        )
    else:
        result.warnings.append(
            Problem(
                codes.UNKNOWN_STATUS_PURPOSE,
                f"status {value} is set for the purpose {entry.purpose!r}, which vcler does not "
                "interpret",
                where,
            )
        )
    return result


def verify_list_proofs(document: Any, context: VerificationContext) -> VerificationResult:
    """A status list credential's proofs: each must verify, by a key its issuer controls.

    Spec: https://www.w3.org/TR/vc-bitstring-status-list/#validate-algorithm (step 4)
    """
    from ..di import verify_proofs

    if not isinstance(document, dict) or "proof" not in document:
        problem = Problem(codes.MALFORMED_PROOF_ERROR, "the status list credential has no proof")
        return VerificationResult.from_problems([problem])
    proofs = verify_proofs(document, context=context, controller=id_of(document.get("issuer")))
    return VerificationResult.from_problems(
        [p for proof in proofs for p in proof.problems], document=document, proofs=proofs
    )


def _context_from(legacy: Mapping[str, Any]) -> VerificationContext:
    """A context from the keywords of vcler 0.1 (``None``: the default)."""
    fail_closed = legacy["fail_closed"]
    same_issuer = legacy["require_same_issuer"]
    status = StatusPolicy(
        fail_closed=True if fail_closed is None else fail_closed,
        list_issuers="any" if same_issuer is False else "credential",
        minimum_entries=legacy["minimum_entries"],
    )
    skew = legacy["clock_skew"]
    return VerificationContext.create(
        documents=legacy["documents"],
        fetcher=legacy["fetcher"],
        now=legacy["now"],
        status=status,
        **({} if skew is None else {"clock_skew": skew}),
    )


def check_status(
    credential: Mapping[str, Any],
    context: VerificationContext | None = None,
    *,
    verify: VerifyFunction | None = None,
    cache: StatusListCache | None = None,
    documents: Mapping[str, Any] | None = None,
    fetcher: JsonFetcher | None = None,
    now: datetime | None = None,
    fail_closed: bool | None = None,
) -> list[StatusResult]:
    """Check every ``credentialStatus`` entry of ``credential`` (see :class:`StatusChecker`).

    Spec: https://www.w3.org/TR/vc-bitstring-status-list/#validate-algorithm
    """
    checker = StatusChecker(
        context,
        verify=verify,
        cache=cache,
        documents=documents,
        fetcher=fetcher,
        now=now,
        fail_closed=fail_closed,
    )
    return checker.check(credential)
