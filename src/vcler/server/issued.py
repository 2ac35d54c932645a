"""Which status list index each issued credential got, so its status can be set later by id.

The VC-API status endpoint names a credential by ``credentialId`` (the credential's ``id``, or
the ``options.credentialId`` given when it was issued). :class:`IssuedCredentials` keeps
``(issuer, credential id) -> (list URL, index)`` in its own table of the issuer's status
database (the registry's tables are not touched), written with the same care as the registry:
WAL journal, ``synchronous=FULL``, a busy timeout, one connection guarded by a lock so that the
server's worker threads may share it.

Spec: https://w3c-ccg.github.io/vc-api/#update-status
"""

from __future__ import annotations

import os
import sqlite3
import threading

from .. import codes
from ..errors import InputError
from ..status import StatusStoreError

__all__ = ["DuplicateCredentialError", "IssuedCredentials"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS vcler_server_issued (
    issuer TEXT NOT NULL,
    credential_id TEXT NOT NULL,
    url TEXT NOT NULL,
    idx INTEGER NOT NULL,
    PRIMARY KEY (issuer, credential_id)
) WITHOUT ROWID
"""


class DuplicateCredentialError(InputError):
    """A credential with this id was already issued by this issuer."""

    code = codes.DUPLICATE_CREDENTIAL_ID


class IssuedCredentials:
    """The ``credential id -> (list URL, index)`` records of an SQLite status database."""

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 30.0) -> None:
        self.path = os.fspath(path)
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(
                self.path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
            self._db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = FULL")
            self._db.execute(_SCHEMA)
        except sqlite3.Error as e:
            raise StatusStoreError(f"cannot open {self.path}: {e}") from e

    def record(self, issuer: str, credential_id: str, *, url: str, index: int) -> None:
        """Remember that ``credential_id`` got ``index`` of the list at ``url``.

        Raises :class:`DuplicateCredentialError` when the id was recorded before.
        """
        with self._lock:
            try:
                self._db.execute(
                    "INSERT INTO vcler_server_issued (issuer, credential_id, url, idx) "
                    "VALUES (?, ?, ?, ?)",
                    (issuer, credential_id, url, index),
                )
            except sqlite3.IntegrityError:
                raise DuplicateCredentialError(
                    f"a credential with id {credential_id!r} was already issued by {issuer}"
                ) from None
            except sqlite3.Error as e:
                raise StatusStoreError(f"cannot record {credential_id!r}: {e}") from e

    def lookup(self, issuer: str, credential_id: str) -> tuple[str, int] | None:
        """``(list URL, index)`` of ``credential_id``, or ``None`` when it was not recorded."""
        with self._lock:
            try:
                row = self._db.execute(
                    "SELECT url, idx FROM vcler_server_issued WHERE issuer = ? AND "
                    "credential_id = ?",
                    (issuer, credential_id),
                ).fetchone()
            except sqlite3.Error as e:
                raise StatusStoreError(f"cannot look up {credential_id!r}: {e}") from e
        return None if row is None else (str(row[0]), int(row[1]))

    def exists(self, issuer: str, credential_id: str) -> bool:
        """Whether ``credential_id`` was recorded for ``issuer``."""
        return self.lookup(issuer, credential_id) is not None

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._db.close()
