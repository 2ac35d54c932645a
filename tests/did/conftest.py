"""Fixtures of the DID tests: the HTTPS test server of ``tests/net/server.py``."""

from __future__ import annotations

from tests.net.server import https_server

__all__ = ["https_server"]
