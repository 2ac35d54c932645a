"""Fixtures of the network tests: a real HTTPS server on 127.0.0.1 (see ``server.py``)."""

from __future__ import annotations

from tests.net.server import https_server

__all__ = ["https_server"]
