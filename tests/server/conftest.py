"""A real VC-API server on 127.0.0.1 over HTTPS (uvicorn in a thread, test CA made at test time).

The configuration has three issuers sharing one Ed25519 did:key: ``plain`` (no status),
``with-status`` (revocation list in ``status.db``) and ``suspend`` (suspension list).
"""

from __future__ import annotations

import json
import signal
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

import vcler
from tests.net.server import make_certificates

pytest.importorskip("starlette")
uvicorn = pytest.importorskip("uvicorn")

V2 = "https://www.w3.org/ns/credentials/v2"


@dataclass
class RunningServer:
    """The running server: base URL, CA bundle, the issuer's key and the config folder."""

    base_url: str
    ca_bundle: str
    key: Any
    folder: Path

    def tls(self) -> ssl.SSLContext:
        """A client TLS context trusting the test CA."""
        return ssl.create_default_context(cafile=self.ca_bundle)

    def client(self, **options: Any) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, verify=self.tls(), timeout=30, **options)

    def credential(self, **extra: Any) -> dict[str, Any]:
        """An unsigned VC 2.0 credential from this server's issuer key."""
        document: dict[str, Any] = {
            "@context": [V2],
            "type": ["VerifiableCredential"],
            "issuer": self.key.controller,
            "validFrom": "2024-01-01T00:00:00Z",
            "credentialSubject": {"id": "did:example:learner", "name": "Ada"},
        }
        document.update(extra)
        return document


def write_config(folder: Path, base_url: str, key: Any, **extra: str) -> Path:
    """Write the key file and a server configuration in ``folder``; returns the config path."""
    (folder / "ed25519.json").write_text(json.dumps(key.to_json()), encoding="utf-8")
    text = f'base_url = "{base_url}"\n'
    text += "".join(f"{name} = {value}\n" for name, value in extra.items())
    text += (
        '[[issuer]]\nname = "plain"\nkey = "ed25519.json"\nsuite = "eddsa-rdfc-2022"\n'
        '[[issuer]]\nname = "with-status"\nkey = "ed25519.json"\n'
        'status = { purpose = "revocation", db = "status.db", ttl = 60000 }\n'
        '[[issuer]]\nname = "suspend"\nkey = "ed25519.json"\nsuite = "eddsa-jcs-2022"\n'
        'status = { purpose = "suspension", db = "status.db" }\n'
    )
    path = folder / "server.toml"
    path.write_text(text, encoding="utf-8")
    return path


def free_port() -> int:
    """A port of 127.0.0.1 nothing listens on (now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop(process: subprocess.Popen[bytes], *, timeout: float = 10) -> None:
    """Interrupt ``process`` (as Ctrl-C does) and wait for it; kill it if it lingers."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:  # pragma: no cover
        process.kill()
        process.wait()


def start_uvicorn(app: Any, sock: socket.socket, **options: Any) -> tuple[Any, threading.Thread]:
    """Run ``app`` with uvicorn on the bound ``sock`` in a thread, once it is listening."""
    config = uvicorn.Config(app, log_level="warning", ws="none", lifespan="on", **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    return server, thread


@pytest.fixture(scope="session")
def vc_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """The VC-API server over HTTPS on 127.0.0.1 (a free port)."""
    from vcler.server import create_app, load_config

    folder = tmp_path_factory.mktemp("vc-api")
    ca_path, cert_path, key_path = make_certificates(folder)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    base_url = f"https://127.0.0.1:{sock.getsockname()[1]}"
    key = vcler.generate_key("Ed25519")
    config = load_config(write_config(folder, base_url, key, max_body_bytes="65536"))
    server, thread = start_uvicorn(
        create_app(config),
        sock,
        ssl_certfile=str(cert_path),
        ssl_keyfile=str(key_path),
        limit_concurrency=1000,
        backlog=512,
    )
    try:
        yield RunningServer(base_url=base_url, ca_bundle=str(ca_path), key=key, folder=folder)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty server store: an SQLite file, then a PostgreSQL schema (the same
    tests run against both backends)."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    from tests.server.postgres import postgres_schema

    with postgres_schema() as url:
        yield url
