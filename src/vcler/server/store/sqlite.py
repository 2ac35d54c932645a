"""The server's store in one SQLite file: the embedded default.

The status tables are :class:`~vcler.status.SQLiteStatusStore`'s, so a ``status.db`` made by
an earlier vcler (or by :class:`~vcler.status.StatusRegistry`) keeps working; the server's
tables are added beside them, and the credential ids an earlier server recorded
(``vcler_server_issued``) are carried over once. Every write takes the database's write lock
(``BEGIN IMMEDIATE``), so processes sharing the file take turns; ``":memory:"`` keeps
everything in the process, until it stops.
"""

from __future__ import annotations

import os

from ...status.store import SQLiteStatusStore, SqlTransaction
from .sql import SqlServerStore

__all__ = ["SQLiteServerStore"]


class SQLiteServerStore(SqlServerStore, SQLiteStatusStore):
    """:class:`~vcler.server.store.ServerStore` in the SQLite file at ``path`` (created if
    absent; ``":memory:"`` for one process's memory). ``timeout`` is the busy timeout in
    seconds."""

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 30.0) -> None:
        SQLiteStatusStore.__init__(self, path, timeout=timeout)
        try:
            with self._transaction() as sql:
                self._create_server_tables(sql)
                _carry_over_issued(sql)
        except BaseException:
            self.close()
            raise


def _carry_over_issued(sql: SqlTransaction) -> None:
    """Move the ``credential id -> (list, index)`` records of an earlier server's table."""
    old = sql.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'vcler_server_issued'"
    ).fetchone()
    if old is None:
        return
    sql.execute(
        "INSERT INTO vcler_server_credentials (issuer, credential_id, url, idx, issued_at) "
        "SELECT issuer, credential_id, url, idx, 0 FROM vcler_server_issued WHERE true "
        "ON CONFLICT DO NOTHING"
    )
    sql.execute("DROP TABLE vcler_server_issued")
