"""Durable storage for the issuer-side status registry: a small Protocol and its SQL stores.

:class:`StatusStore` is what :class:`~vcler.status.StatusRegistry` needs from a database.
:class:`SqlStatusStore` implements it once in portable SQL over any database that gives it
transactions (the VC-API server's PostgreSQL store is one); :class:`SQLiteStatusStore` keeps
everything in one SQLite file (stdlib ``sqlite3``): WAL journal, ``synchronous=FULL``, a busy
timeout, and every write in a ``BEGIN IMMEDIATE`` transaction, so that several processes can
allocate at once and an index returned by :meth:`~SqlStatusStore.allocate` is committed before
it is returned.

Allocation takes a random index (the caller's ``random_below``, e.g. :func:`secrets.randbelow`)
and claims it with an insert that does nothing on conflict with the ``(url, idx)`` primary key:
a claimed index can never be handed out twice. After a few taken probes (a fuller list) it
falls back to the first free index at or after a random start (then from 0), found through the
primary key index, so an allocation never reads the whole list. The list's ``allocated`` count
is raised last, guarded by its length, so that concurrent writers hold the list's row only for
the end of their transaction.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from ..errors import InputError
from ._errors import StatusListFullError, StatusStoreError

__all__ = [
    "STATUS_SCHEMA",
    "SQLiteStatusStore",
    "SqlCursor",
    "SqlStatusStore",
    "SqlTransaction",
    "StatusListRecord",
    "StatusStore",
]

_SCHEMA_VERSION = 1
_PROBES = 8
#: The status tables in portable SQL; ``{without_rowid}`` is SQLite's clustered-key option.
STATUS_SCHEMA = """
CREATE TABLE IF NOT EXISTS status_lists (
    url TEXT PRIMARY KEY,
    list_type TEXT NOT NULL,
    purpose TEXT NOT NULL,
    length INTEGER NOT NULL,
    status_size INTEGER NOT NULL,
    issuer TEXT NOT NULL,
    messages TEXT,
    reference TEXT,
    ttl BIGINT,
    validity BIGINT,
    allocated INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS status_entries (
    url TEXT NOT NULL REFERENCES status_lists (url),
    idx INTEGER NOT NULL,
    value INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (url, idx)
){without_rowid};
"""


@dataclass(frozen=True)
class StatusListRecord:
    """What a store keeps about one status list.

    ``messages`` is the ``statusMessage`` array (or ``None``); ``ttl`` is in milliseconds,
    ``validity`` in seconds (how long a published list stays valid); ``allocated`` counts the
    indexes handed out.
    """

    url: str
    list_type: str
    purpose: str
    length: int
    status_size: int
    issuer: str
    messages: tuple[dict[str, str], ...] | None = None
    reference: str | None = None
    ttl: int | None = None
    validity: int | None = None
    allocated: int = 0


@runtime_checkable
class StatusStore(Protocol):
    """The storage a :class:`~vcler.status.StatusRegistry` needs (all methods atomic)."""

    def create_list(self, record: StatusListRecord) -> None:
        """Store a new list; :class:`InputError` if the URL is taken."""

    def get_list(self, url: str) -> StatusListRecord:
        """The list at ``url``; :class:`InputError` if there is none."""

    def list_urls(self) -> list[str]:
        """The URLs of every list."""

    def allocate(self, url: str, *, random_below: Callable[[int], int]) -> int:
        """Claim a free index of the list, durably, before returning it (never one twice)."""

    def is_allocated(self, url: str, index: int) -> bool:
        """Whether ``index`` of the list was handed out."""

    def update_status(
        self, url: str, index: int, value: int, *, check: Callable[[int, int], None]
    ) -> None:
        """Set an allocated index's value; ``check(old, new)`` may refuse (raise) first."""

    def get_status(self, url: str, index: int) -> int:
        """The value of an allocated index."""

    def set_statuses(self, url: str) -> Iterator[tuple[int, int]]:
        """Every ``(index, value)`` of the list whose value is not 0."""

    def close(self) -> None:
        """Release the storage."""


class SqlCursor(Protocol):
    """The part of a DB-API cursor the SQL stores use."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class SqlTransaction(Protocol):
    """Runs statements written with ``?`` placeholders inside one transaction."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> SqlCursor: ...


class SqlStatusStore:
    """:class:`StatusStore` in portable SQL (the tables of :data:`STATUS_SCHEMA`).

    A subclass gives :meth:`_transaction` (an atomic unit of writes, rolled back on any
    exception), :meth:`_reading` (consistent reads), :meth:`close` and a ``description`` for
    messages; ``_lock_rows`` is the clause that locks the rows a ``SELECT`` reads until the
    transaction ends (``" FOR UPDATE"`` where the database has it; SQLite's writers hold the
    whole database).
    """

    description = "the status store"
    _lock_rows = ""

    def _transaction(self) -> contextlib.AbstractContextManager[SqlTransaction]:
        raise NotImplementedError

    def _reading(self) -> contextlib.AbstractContextManager[SqlTransaction]:
        raise NotImplementedError

    def close(self) -> None:
        """Release the storage."""
        raise NotImplementedError

    # -- lists ---------------------------------------------------------------------------------

    def create_list(self, record: StatusListRecord) -> None:
        """Store a new list; :class:`InputError` if the URL is taken."""
        messages = json.dumps(list(record.messages)) if record.messages is not None else None
        with self._transaction() as sql:
            created = sql.execute(
                "INSERT INTO status_lists (url, list_type, purpose, length, status_size, "
                "issuer, messages, reference, ttl, validity) VALUES (?,?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT DO NOTHING",
                (
                    record.url,
                    record.list_type,
                    record.purpose,
                    record.length,
                    record.status_size,
                    record.issuer,
                    messages,
                    record.reference,
                    record.ttl,
                    record.validity,
                ),
            )
            if created.rowcount != 1:
                raise InputError(f"a status list {record.url} already exists")

    def get_list(self, url: str) -> StatusListRecord:
        """The list at ``url``; :class:`InputError` if there is none."""
        with self._reading() as sql:
            row = sql.execute(
                "SELECT url, list_type, purpose, length, status_size, issuer, messages, "
                "reference, ttl, validity, allocated FROM status_lists WHERE url = ?",
                (url,),
            ).fetchone()
        if row is None:
            raise InputError(f"no status list {url} in {self.description}")
        messages = tuple(json.loads(row[6])) if row[6] is not None else None
        return StatusListRecord(
            url=row[0],
            list_type=row[1],
            purpose=row[2],
            length=row[3],
            status_size=row[4],
            issuer=row[5],
            messages=messages,
            reference=row[7],
            ttl=row[8],
            validity=row[9],
            allocated=row[10],
        )

    def list_urls(self) -> list[str]:
        """The URLs of every list, sorted."""
        with self._reading() as sql:
            rows = sql.execute("SELECT url FROM status_lists ORDER BY url").fetchall()
        return [row[0] for row in rows]

    # -- indexes -------------------------------------------------------------------------------

    def allocate(self, url: str, *, random_below: Callable[[int], int]) -> int:
        """Claim a random free index of the list; committed before it is returned."""
        with self._transaction() as sql:
            index = self._reserve_index(sql, url, random_below)
            self._count_allocation(sql, url)
        return index

    def _reserve_index(
        self, sql: SqlTransaction, url: str, random_below: Callable[[int], int]
    ) -> int:
        """Claim a free index inside the caller's transaction (counted by
        :meth:`_count_allocation` before it commits); :class:`StatusListFullError` when the
        list is full."""
        row = sql.execute(
            "SELECT length, allocated FROM status_lists WHERE url = ?", (url,)
        ).fetchone()
        if row is None:
            raise InputError(f"no status list {url} in {self.description}")
        length, allocated = int(row[0]), int(row[1])
        if allocated >= length:
            raise StatusListFullError(f"the status list {url} is full ({length} indexes allocated)")
        # Random probes: each is one primary-key insert, doing nothing when the index is taken.
        for _ in range(_PROBES):
            index = random_below(length)
            if self._claim(sql, url, index):
                return index
        # A full-ish list: the first free index after a random start, else after 0.
        for origin in (random_below(length), 0):
            free = self._first_free(sql, url, origin, length)
            if free is not None and self._claim(sql, url, free):
                return free
        raise StatusListFullError(f"the status list {url} has no free index")

    @staticmethod
    def _claim(sql: SqlTransaction, url: str, index: int) -> bool:
        inserted = sql.execute(
            "INSERT INTO status_entries (url, idx) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (url, index),
        )
        return inserted.rowcount == 1

    @staticmethod
    def _first_free(sql: SqlTransaction, url: str, origin: int, length: int) -> int | None:
        taken = sql.execute(
            "SELECT 1 FROM status_entries WHERE url = ? AND idx = ?", (url, origin)
        ).fetchone()
        if taken is None:
            return origin
        row = sql.execute(
            "SELECT e.idx + 1 FROM status_entries AS e WHERE e.url = ? AND e.idx >= ? "
            "AND e.idx + 1 < ? AND NOT EXISTS (SELECT 1 FROM status_entries AS f "
            "WHERE f.url = ? AND f.idx = e.idx + 1) ORDER BY e.idx LIMIT 1",
            (url, origin, length, url),
        ).fetchone()
        return None if row is None else int(row[0])

    @staticmethod
    def _count_allocation(sql: SqlTransaction, url: str) -> None:
        """Count one more allocated index of the list (last: it locks the list's row)."""
        counted = sql.execute(
            "UPDATE status_lists SET allocated = allocated + 1 WHERE url = ? "
            "AND allocated < length",
            (url,),
        )
        if counted.rowcount != 1:
            raise StatusListFullError(f"the status list {url} is full")

    def is_allocated(self, url: str, index: int) -> bool:
        """Whether ``index`` of the list was handed out."""
        with self._reading() as sql:
            row = sql.execute(
                "SELECT 1 FROM status_entries WHERE url = ? AND idx = ?", (url, index)
            ).fetchone()
        return row is not None

    def update_status(
        self, url: str, index: int, value: int, *, check: Callable[[int, int], None]
    ) -> None:
        """Set an allocated index's value; ``check(old, new)`` may refuse (raise) first."""
        with self._transaction() as sql:
            row = sql.execute(
                "SELECT value FROM status_entries WHERE url = ? AND idx = ?" + self._lock_rows,
                (url, index),
            ).fetchone()
            if row is None:
                raise InputError(f"index {index} of the status list {url} is not allocated")
            check(int(row[0]), value)
            sql.execute(
                "UPDATE status_entries SET value = ? WHERE url = ? AND idx = ?",
                (value, url, index),
            )

    def get_status(self, url: str, index: int) -> int:
        """The value of an allocated index (:class:`InputError` if it is not allocated)."""
        with self._reading() as sql:
            row = sql.execute(
                "SELECT value FROM status_entries WHERE url = ? AND idx = ?", (url, index)
            ).fetchone()
        if row is None:
            raise InputError(f"index {index} of the status list {url} is not allocated")
        return int(row[0])

    def set_statuses(self, url: str) -> Iterator[tuple[int, int]]:
        """Every ``(index, value)`` of the list whose value is not 0."""
        with self._reading() as sql:
            rows = sql.execute(
                "SELECT idx, value FROM status_entries WHERE url = ? AND value != 0", (url,)
            ).fetchall()
        return iter([(int(i), int(v)) for i, v in rows])


class SQLiteStatusStore(SqlStatusStore):
    """A :class:`StatusStore` in one SQLite file (created if absent).

    ``timeout`` is the busy timeout in seconds: how long a writer waits for another process's
    transaction. One connection per store, guarded by a lock, so a store may be shared by
    threads; every process opens its own.
    """

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 30.0) -> None:
        self.path = os.fspath(path)
        self.description = self.path
        self._lock = threading.RLock()
        try:
            self._db = sqlite3.connect(
                self.path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
            self._db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = FULL")
            self._db.execute("PRAGMA foreign_keys = ON")
            with self._transaction() as db:
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version not in (0, _SCHEMA_VERSION):
                    raise InputError(f"{self.path}: unknown status registry schema {version}")
                for statement in STATUS_SCHEMA.format(without_rowid=" WITHOUT ROWID").split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
        except sqlite3.Error as e:
            raise StatusStoreError(f"cannot open the status registry {self.path}: {e}") from e

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db, self._lock)

    @contextlib.contextmanager
    def _reading(self) -> Iterator[SqlTransaction]:
        with self._lock:
            try:
                yield self._db
            except sqlite3.Error as e:
                raise StatusStoreError(f"the status registry failed: {e}") from e

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._db.close()


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` (``ROLLBACK`` on any exception), under the lock.

    SQLite errors (a lock held past the busy timeout, a full disk) become
    :class:`StatusStoreError`.
    """

    def __init__(self, db: sqlite3.Connection, lock: threading.RLock) -> None:
        self._db = db
        self._lock = lock

    def __enter__(self) -> sqlite3.Connection:
        self._lock.acquire()
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as e:
            self._lock.release()
            raise StatusStoreError(f"the status registry is not available: {e}") from e
        except BaseException:
            self._lock.release()
            raise
        return self._db

    def __exit__(self, exc_type: Any, exc: Any, traceback: Any) -> None:
        try:
            if exc_type is None:
                try:
                    self._db.execute("COMMIT")
                except sqlite3.Error as e:
                    self._db.execute("ROLLBACK")
                    raise StatusStoreError(f"the status registry could not commit: {e}") from e
                return
            self._db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StatusStoreError(f"the status registry failed: {exc}") from exc
        finally:
            self._lock.release()
