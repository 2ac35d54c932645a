"""Fixtures of the status tests: the real HTTPS server of ``tests/net`` and a signing key."""

from __future__ import annotations

from typing import Any

import pytest

from tests.net.server import https_server

__all__ = ["https_server", "key", "registry"]


@pytest.fixture(scope="module")
def key() -> Any:
    """An Ed25519 did:key that issues the credentials and their status lists."""
    from vcler.keys import generate_key

    return generate_key("Ed25519")


@pytest.fixture
def registry(tmp_path: Any) -> Any:
    """A fresh SQLite status registry."""
    from vcler.status import StatusRegistry

    with StatusRegistry(tmp_path / "status.db") as reg:
        yield reg
