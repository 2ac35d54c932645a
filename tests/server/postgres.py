"""The PostgreSQL the tests use: the server `.ci/run` starts (`.ci/postgres start DIR`), found
through ``VCLER_TEST_POSTGRES_URL``. Each test gets a schema of its own, named in the URL it is
given (libpq's ``options=-csearch_path=...``), so tests never see each other's tables.

Without the variable the PostgreSQL tests are skipped, except under ``CI=true``, where a
missing database fails them: CI must run them.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

__all__ = ["ENV", "postgres_schema", "postgres_server_url"]

ENV = "VCLER_TEST_POSTGRES_URL"


def postgres_server_url() -> str:
    """The URL of the test PostgreSQL (skip, or fail under CI, without one)."""
    url = os.environ.get(ENV)
    if url:
        return url
    message = f"no PostgreSQL for the tests: set {ENV} (.ci/postgres start DIR prints one)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A URL whose connections work in a new, empty schema; the schema is dropped after."""
    psycopg = pytest.importorskip("psycopg")
    url = postgres_server_url()
    schema = f"test_{secrets.token_hex(6)}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA {schema} CASCADE")
