"""The server's store in PostgreSQL: several processes on several machines share it.

psycopg 3 with a connection pool (``psycopg_pool``, part of the ``server`` extra): every
transaction takes a connection for its length and gives it back. The statements are
:class:`~vcler.status.store.SqlStatusStore`'s and :class:`~.sql.SqlServerStore`'s, unchanged;
the database's unique keys decide every race between processes (two issuers probing the same
index: the second waits for the first and moves on), and a transaction PostgreSQL aborts for
a deadlock or a serialization failure is tried again. The tables are made on first use, under
an advisory lock, so workers starting together do not trip over each other.

The URL is libpq's (``postgresql://user@host:5432/db``); a password is best kept out of it, in
``PGPASSWORD`` or ``~/.pgpass``, which libpq reads.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from ...status import StatusStoreError
from ...status.store import STATUS_SCHEMA, SqlCursor, SqlTransaction
from .records import StoreConflictError
from .sql import SqlServerStore

if TYPE_CHECKING:
    import psycopg

__all__ = ["DEFAULT_POOL_SIZE", "PostgresServerStore", "is_postgres_url"]

#: Connections each process keeps at most.
DEFAULT_POOL_SIZE = 10
# The advisory lock held while the tables are made (any constant both sides agree on).
_SCHEMA_LOCK = 0x7663_6C65_72


def is_postgres_url(url: str) -> bool:
    """Whether ``url`` names a PostgreSQL database (``postgresql://`` or ``postgres://``)."""
    return url.startswith(("postgresql://", "postgres://"))


def _redacted(url: str) -> str:
    """``url`` without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


@functools.lru_cache(maxsize=256)
def _pyformat(sql: str) -> str:
    """A statement written with ``?`` placeholders, in psycopg's ``%s`` style."""
    return sql.replace("?", "%s")


class _Statements:
    """Runs ``?``-style statements on one psycopg connection."""

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self._connection = connection

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> SqlCursor:
        return self._connection.execute(_pyformat(sql), parameters)


class PostgresServerStore(SqlServerStore):
    """:class:`~vcler.server.store.ServerStore` in the PostgreSQL database at ``url``.

    ``pool_size`` is the most connections this process opens; ``timeout`` (seconds) how long
    a request waits for one (and for the database at start) before it is refused.
    """

    _lock_rows = " FOR UPDATE"

    def __init__(
        self, url: str, *, pool_size: int = DEFAULT_POOL_SIZE, timeout: float = 30.0
    ) -> None:
        import psycopg
        from psycopg_pool import ConnectionPool, PoolTimeout

        self.description = _redacted(url)
        self._errors = psycopg
        self._pool_timeout = PoolTimeout
        self._pool: ConnectionPool[Any] = ConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            timeout=timeout,
            kwargs={"autocommit": True},
            check=ConnectionPool.check_connection,
            open=False,
            name="vcler",
        )
        try:
            self._pool.open(wait=True, timeout=timeout)
            with self._transaction() as sql:
                sql.execute("SELECT pg_advisory_xact_lock(?)", (_SCHEMA_LOCK,))
                for statement in STATUS_SCHEMA.format(without_rowid="").split(";"):
                    if statement.strip():
                        sql.execute(statement)
                self._create_server_tables(sql)
        except PoolTimeout as e:
            self._pool.close()
            raise StatusStoreError(f"cannot connect to {self.description}: {e}") from e
        except BaseException:
            self._pool.close()
            raise

    @contextlib.contextmanager
    def _connection(self, *, transaction: bool) -> Iterator[SqlTransaction]:
        errors = self._errors.errors
        try:
            with self._pool.connection() as connection:
                if transaction:
                    with connection.transaction():
                        yield _Statements(connection)
                else:
                    yield _Statements(connection)
        except (errors.DeadlockDetected, errors.SerializationFailure) as e:
            raise StoreConflictError(f"{self.description}: {e}") from e
        except self._errors.Error as e:
            raise StatusStoreError(f"{self.description} failed: {e}") from e
        except self._pool_timeout as e:
            raise StatusStoreError(f"{self.description} is not available: {e}") from e

    def _transaction(self) -> contextlib.AbstractContextManager[SqlTransaction]:
        return self._connection(transaction=True)

    def _reading(self) -> contextlib.AbstractContextManager[SqlTransaction]:
        return self._connection(transaction=False)

    def close(self) -> None:
        """Close the pool's connections."""
        self._pool.close()
