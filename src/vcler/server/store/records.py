"""What the server's store keeps, and the one interface both of its backends implement.

:class:`ServerStore` is a :class:`~vcler.status.StatusStore` (the status lists, which a
:class:`~vcler.status.StatusRegistry` runs over) with the server's own records: the credentials
each issuer issued, the answers given to ``Idempotency-Key`` requests, the challenges used by
presentations, and secrets every worker shares.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from ... import codes
from ...errors import InputError
from ...status import StatusStore, StatusStoreError

__all__ = [
    "DuplicateCredentialError",
    "IdempotencyKeyReusedError",
    "IssueRequest",
    "Issued",
    "IssuedRecord",
    "ServerStore",
    "StoreConflictError",
]


class DuplicateCredentialError(InputError):
    """A credential with this id was already issued by this issuer."""

    code = codes.DUPLICATE_CREDENTIAL_ID


class IdempotencyKeyReusedError(InputError):
    """An ``Idempotency-Key`` already answered a different request."""

    code = codes.IDEMPOTENCY_KEY_REUSED


class StoreConflictError(StatusStoreError):
    """The database aborted a transaction that ran into another (a deadlock, a serialization
    failure): trying it again is safe."""


@dataclass(frozen=True)
class IssueRequest:
    """One issuance: by ``issuer``, on the status list at ``list_url`` (``None``: no status
    entry), recorded under ``credential_id`` (``None``: not recorded), answering
    ``idempotency_key`` (``None``: none) for the request whose digest is ``fingerprint``."""

    issuer: str
    list_url: str | None = None
    credential_id: str | None = None
    idempotency_key: str | None = None
    fingerprint: str = ""


@dataclass(frozen=True)
class Issued:
    """A signed credential, the status list and index it got, and whether it is the answer
    recorded for an earlier request with the same ``Idempotency-Key`` (``replayed``)."""

    credential: dict[str, Any]
    list_url: str | None = None
    index: int | None = None
    replayed: bool = False


@dataclass(frozen=True)
class IssuedRecord:
    """What the store keeps of an issued credential: its status list entry, and the signed
    credential (``None`` once deleted, or when it was issued before credentials were kept)."""

    issuer: str
    credential_id: str
    list_url: str | None
    index: int | None
    credential: dict[str, Any] | None
    deleted: bool = False


#: Signs a credential given its status index (``None`` when it gets no status entry).
SignFunction = Callable[[int | None], dict[str, Any]]


@runtime_checkable
class ServerStore(StatusStore, Protocol):
    """The server's storage: status lists, issued credentials, idempotency records, used
    challenges and shared secrets. Every method is atomic and safe to call from several
    threads; several processes (and machines, for PostgreSQL) may share one store."""

    description: str

    def issue(
        self,
        request: IssueRequest,
        *,
        sign: SignFunction,
        random_below: Callable[[int], int],
        now: float,
    ) -> Issued:
        """Issue in one transaction: the ``Idempotency-Key`` answered before, or the recorded
        id checked new, a status index reserved, ``sign(index)`` called, and the signed
        credential recorded with both; nothing is kept when any step fails.

        Raises :class:`DuplicateCredentialError`, :class:`IdempotencyKeyReusedError` or
        :class:`~vcler.status.StatusListFullError` (nothing is kept)."""

    def issued(self, issuer: str, credential_id: str) -> IssuedRecord | None:
        """What ``issuer`` recorded under ``credential_id``."""

    def delete_issued(self, issuer: str, credential_id: str) -> bool:
        """Forget the signed credential (its status entry stays); ``False`` if it was gone."""

    def forget_idempotency(self, *, before: float) -> int:
        """Drop the idempotency records made before ``before`` (POSIX seconds)."""

    def shared_secret(self, name: str, make: Callable[[], bytes]) -> bytes:
        """The secret called ``name``, made with ``make`` by the first process to ask."""

    def claim_challenge(
        self, challenge: str, *, expiry: float, now: float, max_in_use: int
    ) -> str | None:
        """Reserve ``challenge`` for one verification: ``None`` when reserved, else why not
        (``"used"``, ``"busy"``: being verified, ``"full"``: too many in use)."""

    def settle_challenge(self, challenge: str, *, verified: bool) -> None:
        """A verified presentation uses the challenge up; otherwise it is released."""

    def challenges_in_use(self, *, now: float) -> int:
        """How many challenges are being verified or used up, and not expired."""
