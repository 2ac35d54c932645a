"""The server's records in portable SQL, over either backend's transactions.

:class:`SqlServerStore` adds to :class:`~vcler.status.store.SqlStatusStore` (the status lists)
the tables of :data:`SERVER_SCHEMA`, and implements :class:`~.records.ServerStore` with
statements both SQLite and PostgreSQL run unchanged (``INSERT ... ON CONFLICT DO NOTHING`` and
its row count decide every race). The backends give the transactions.

Issuing is one transaction (:meth:`SqlServerStore.issue`): the ``Idempotency-Key`` row is
inserted first, so a second request with the same key waits for the first and then answers
with its credential; the credential id row next (a duplicate id stops the request before
anything is signed); then a status index is reserved, the credential is signed, both rows
receive it, and the list's allocation count is raised last. A crash at any point leaves
nothing: no index allocated without the credential that carries it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ...status.store import SqlStatusStore, SqlTransaction
from .records import (
    DuplicateCredentialError,
    IdempotencyKeyReusedError,
    Issued,
    IssuedRecord,
    IssueRequest,
    SignFunction,
    StoreConflictError,
)

__all__ = ["IDEMPOTENCY_TTL", "SERVER_SCHEMA", "SqlServerStore"]

#: Seconds an ``Idempotency-Key`` is remembered (a day).
IDEMPOTENCY_TTL = 86_400
# How often a transaction that ran into another is tried again.
_ATTEMPTS = 8

#: The server's tables, in SQL both backends read.
SERVER_SCHEMA = """
CREATE TABLE IF NOT EXISTS vcler_server_credentials (
    issuer TEXT NOT NULL,
    credential_id TEXT NOT NULL,
    url TEXT,
    idx INTEGER,
    credential TEXT,
    deleted INTEGER NOT NULL DEFAULT 0,
    issued_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (issuer, credential_id)
);
CREATE INDEX IF NOT EXISTS vcler_server_credentials_id
    ON vcler_server_credentials (credential_id);
CREATE TABLE IF NOT EXISTS vcler_server_idempotency (
    issuer TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    credential TEXT,
    url TEXT,
    idx INTEGER,
    created DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (issuer, idempotency_key)
);
CREATE INDEX IF NOT EXISTS vcler_server_idempotency_created
    ON vcler_server_idempotency (created);
CREATE TABLE IF NOT EXISTS vcler_server_challenges (
    challenge TEXT PRIMARY KEY,
    expiry DOUBLE PRECISION NOT NULL,
    used INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS vcler_server_challenges_expiry ON vcler_server_challenges (expiry);
CREATE TABLE IF NOT EXISTS vcler_server_secrets (
    name TEXT PRIMARY KEY,
    secret TEXT NOT NULL
);
"""


def _dump(document: dict[str, Any]) -> str:
    # ASCII with escapes: a lone surrogate from a request survives every database's text type.
    return json.dumps(document, separators=(",", ":"))


def _load(text: str | None) -> dict[str, Any] | None:
    return None if text is None else dict(json.loads(text))


class SqlServerStore(SqlStatusStore):
    """:class:`~.records.ServerStore` over a subclass's transactions (see the module)."""

    @staticmethod
    def _create_server_tables(sql: SqlTransaction) -> None:
        for statement in SERVER_SCHEMA.split(";"):
            if statement.strip():
                sql.execute(statement)

    # -- issuing -------------------------------------------------------------------------------

    def issue(
        self,
        request: IssueRequest,
        *,
        sign: SignFunction,
        random_below: Callable[[int], int],
        now: float,
    ) -> Issued:
        """Issue in one transaction (see the module docstring and
        :meth:`vcler.server.store.ServerStore.issue`)."""
        for attempt in range(_ATTEMPTS):
            try:
                with self._transaction() as sql:
                    return self._issue(sql, request, sign, random_below, now)
            except StoreConflictError:
                if attempt == _ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _issue(
        self,
        sql: SqlTransaction,
        request: IssueRequest,
        sign: SignFunction,
        random_below: Callable[[int], int],
        now: float,
    ) -> Issued:
        # Step 1: an Idempotency-Key answered before answers the same again.
        if request.idempotency_key is not None:
            earlier = self._claim_idempotency_key(sql, request, now)
            if earlier is not None:
                return earlier
        # Step 2: a recorded id is new for this issuer (a concurrent request waits here).
        if request.credential_id is not None:
            recorded = sql.execute(
                "INSERT INTO vcler_server_credentials (issuer, credential_id, issued_at) "
                "VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                (request.issuer, request.credential_id, now),
            )
            if recorded.rowcount != 1:
                raise DuplicateCredentialError(
                    f"a credential with id {request.credential_id!r} was already issued by "
                    f"{request.issuer}"
                )
        # Step 3: a status index, then the signature over the credential that carries it.
        url = request.list_url
        index = self._reserve_index(sql, url, random_below) if url is not None else None
        credential = sign(index)
        text = _dump(credential)
        # Step 4: the records receive the signed credential; the allocation is counted last.
        if request.credential_id is not None:
            sql.execute(
                "UPDATE vcler_server_credentials SET url = ?, idx = ?, credential = ? "
                "WHERE issuer = ? AND credential_id = ?",
                (url, index, text, request.issuer, request.credential_id),
            )
        if request.idempotency_key is not None:
            sql.execute(
                "UPDATE vcler_server_idempotency SET credential = ?, url = ?, idx = ? "
                "WHERE issuer = ? AND idempotency_key = ?",
                (text, url, index, request.issuer, request.idempotency_key),
            )
        if url is not None:
            self._count_allocation(sql, url)
        return Issued(credential, url, index)

    def _claim_idempotency_key(
        self, sql: SqlTransaction, request: IssueRequest, now: float
    ) -> Issued | None:
        """Insert the key's row, or return what the earlier request with it was answered."""
        key = (request.issuer, request.idempotency_key)
        for _ in range(2):
            inserted = sql.execute(
                "INSERT INTO vcler_server_idempotency (issuer, idempotency_key, fingerprint, "
                "created) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (*key, request.fingerprint, now),
            )
            if inserted.rowcount == 1:
                return None
            row = sql.execute(
                "SELECT fingerprint, credential, url, idx, created FROM "
                "vcler_server_idempotency WHERE issuer = ? AND idempotency_key = ?",
                key,
            ).fetchone()
            if row is None:  # pragma: no cover - forgotten between the two statements
                continue
            if float(row[4]) + IDEMPOTENCY_TTL > now:
                if row[0] != request.fingerprint:
                    raise IdempotencyKeyReusedError(
                        f"Idempotency-Key {request.idempotency_key!r} was used for another request"
                    )
                credential = _load(row[1])
                assert credential is not None  # written in the transaction that made the row
                return Issued(credential, row[2], row[3], replayed=True)
            sql.execute(
                "DELETE FROM vcler_server_idempotency WHERE issuer = ? AND idempotency_key = ?",
                key,
            )
        raise StoreConflictError("the idempotency record changed while it was read")

    def forget_idempotency(self, *, before: float) -> int:
        """Drop the idempotency records made before ``before`` (POSIX seconds)."""
        with self._transaction() as sql:
            deleted = sql.execute(
                "DELETE FROM vcler_server_idempotency WHERE created < ?", (before,)
            )
            return max(deleted.rowcount, 0)

    # -- issued credentials --------------------------------------------------------------------

    @staticmethod
    def _record(row: Any) -> IssuedRecord:
        return IssuedRecord(
            issuer=row[0],
            credential_id=row[1],
            list_url=row[2],
            index=None if row[3] is None else int(row[3]),
            credential=_load(row[4]),
            deleted=bool(row[5]),
        )

    def issued(self, issuer: str, credential_id: str) -> IssuedRecord | None:
        """What ``issuer`` recorded under ``credential_id``."""
        with self._reading() as sql:
            row = sql.execute(
                "SELECT issuer, credential_id, url, idx, credential, deleted FROM "
                "vcler_server_credentials WHERE issuer = ? AND credential_id = ?",
                (issuer, credential_id),
            ).fetchone()
        return None if row is None else self._record(row)

    def delete_issued(self, issuer: str, credential_id: str) -> bool:
        """Forget the signed credential (its status entry stays); ``False`` if it was gone."""
        with self._transaction() as sql:
            deleted = sql.execute(
                "UPDATE vcler_server_credentials SET credential = NULL, deleted = 1 "
                "WHERE issuer = ? AND credential_id = ? AND deleted = 0",
                (issuer, credential_id),
            )
            return deleted.rowcount == 1

    # -- shared secrets and challenges ---------------------------------------------------------

    def shared_secret(self, name: str, make: Callable[[], bytes]) -> bytes:
        """The secret called ``name``, made with ``make`` by the first process to ask."""
        with self._transaction() as sql:
            sql.execute(
                "INSERT INTO vcler_server_secrets (name, secret) VALUES (?, ?) "
                "ON CONFLICT DO NOTHING",
                (name, make().hex()),
            )
            row = sql.execute(
                "SELECT secret FROM vcler_server_secrets WHERE name = ?", (name,)
            ).fetchone()
        return bytes.fromhex(row[0])

    def claim_challenge(
        self, challenge: str, *, expiry: float, now: float, max_in_use: int
    ) -> str | None:
        """Reserve ``challenge`` for one verification: ``None`` when reserved, else
        ``"used"``, ``"busy"`` or ``"full"``."""
        try:
            with self._transaction() as sql:
                sql.execute("DELETE FROM vcler_server_challenges WHERE expiry <= ?", (now,))
                claimed = sql.execute(
                    "INSERT INTO vcler_server_challenges (challenge, expiry, used) "
                    "VALUES (?, ?, 0) ON CONFLICT DO NOTHING",
                    (challenge, expiry),
                )
                if claimed.rowcount != 1:
                    row = sql.execute(
                        "SELECT used FROM vcler_server_challenges WHERE challenge = ?",
                        (challenge,),
                    ).fetchone()
                    return "used" if row is not None and row[0] else "busy"
                count = sql.execute("SELECT count(*) FROM vcler_server_challenges").fetchone()
                if int(count[0]) > max_in_use:
                    raise _ChallengesFull  # rolls the claim back
        except _ChallengesFull:
            return "full"
        return None

    def settle_challenge(self, challenge: str, *, verified: bool) -> None:
        """A verified presentation uses the challenge up; otherwise it is released."""
        with self._transaction() as sql:
            if verified:
                sql.execute(
                    "UPDATE vcler_server_challenges SET used = 1 WHERE challenge = ?",
                    (challenge,),
                )
            else:
                sql.execute("DELETE FROM vcler_server_challenges WHERE challenge = ?", (challenge,))

    def challenges_in_use(self, *, now: float) -> int:
        """How many challenges are being verified or used up, and not expired."""
        with self._reading() as sql:
            row = sql.execute(
                "SELECT count(*) FROM vcler_server_challenges WHERE expiry > ?", (now,)
            ).fetchone()
        return int(row[0])


class _ChallengesFull(Exception):
    """Rolls back the claim that went over the bound."""
