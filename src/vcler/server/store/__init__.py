"""The server's store: one interface (:class:`ServerStore`), two backends.

- :class:`SQLiteServerStore` (:mod:`.sqlite`): one file, the embedded default; processes on
  one machine may share it. ``":memory:"`` keeps everything in one process until it stops.
- :class:`PostgresServerStore` (:mod:`.postgres`): PostgreSQL with psycopg 3 and a connection
  pool, for many workers on many machines.

Both run the same statements (:mod:`.sql`) and pass the same tests. :func:`open_store` picks
the backend from the configuration's ``[store] url``.
"""

from __future__ import annotations

from pathlib import Path

from .records import (
    DuplicateCredentialError,
    IdempotencyKeyReusedError,
    Issued,
    IssuedRecord,
    IssueRequest,
    ServerStore,
    SignFunction,
    StoreConflictError,
)
from .sql import IDEMPOTENCY_TTL, SqlServerStore
from .sqlite import SQLiteServerStore

__all__ = [
    "IDEMPOTENCY_TTL",
    "DuplicateCredentialError",
    "IdempotencyKeyReusedError",
    "IssueRequest",
    "Issued",
    "IssuedRecord",
    "SQLiteServerStore",
    "ServerStore",
    "SignFunction",
    "SqlServerStore",
    "StoreConflictError",
    "open_store",
]


def open_store(url: str | Path, *, pool_size: int | None = None) -> ServerStore:
    """The store at ``url``: a PostgreSQL URL (``postgresql://...``) or an SQLite file path
    (``":memory:"`` for memory). ``pool_size`` caps PostgreSQL's connections per process."""
    from .postgres import DEFAULT_POOL_SIZE, PostgresServerStore, is_postgres_url

    if isinstance(url, str) and is_postgres_url(url):
        return PostgresServerStore(url, pool_size=pool_size or DEFAULT_POOL_SIZE)
    return SQLiteServerStore(url)
