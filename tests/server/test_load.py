"""Many workers on one store: ``vcler serve --workers 4`` issuing and revoking concurrently on
127.0.0.1, one worker killed (SIGKILL) in the middle of the load.

Every request carries an ``Idempotency-Key``; a client whose request fails (the connection of
the killed worker) sends it again, as a real client would. Afterwards nothing is lost or
duplicated: every request has exactly one credential, every credential its own index, every
allocated index belongs to a credential the store holds (the one the client got), and the
published list shows exactly the revoked ones. The load is bounded in count and time.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

import vcler
from tests.server.conftest import free_port, stop
from vcler.status import expand_bitstring, read_status

pytestmark = [pytest.mark.network, pytest.mark.slow]

API_KEY = "load-test-key-0123456789abcdef"
WORKERS = 4


def _workers_of(pid: int) -> list[int]:
    """The worker processes uvicorn spawned under ``pid`` (not its resource tracker)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    found = []
    for child in map(int, children):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in command:
            found.append(child)
    return found


@contextmanager
def serving(folder: Path, store_url: str) -> Iterator[tuple[str, subprocess.Popen[bytes], Any]]:
    """``vcler serve --workers 4`` on a free port; yields its URL, process and issuer key."""
    key = vcler.generate_key("Ed25519")
    (folder / "key.json").write_text(json.dumps(key.to_json()), encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    digest = hashlib.sha256(API_KEY.encode()).hexdigest()
    (folder / "server.toml").write_text(
        f'base_url = "{url}"\n'
        f"[store]\nurl = {json.dumps(store_url)}\npool = 4\n"
        '[[issuer]]\nname = "load"\nkey = "key.json"\n'
        'status = { purpose = "revocation" }\n'
        f'[auth]\napi_keys = [{{ id = "load", sha256 = "{digest}", '
        'scopes = ["issue:load", "status:load", "read:load"] }]\n',
        encoding="utf-8",
    )
    log = (folder / "serve.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "vcler",
            "serve",
            "--config",
            str(folder / "server.toml"),
            "--port",
            str(port),
            "--workers",
            str(WORKERS),
        ],
        stdout=log,
        stderr=log,
    )
    try:
        deadline = time.monotonic() + 60
        while len(_workers_of(process.pid)) < WORKERS or not _answers(url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError((folder / "serve.log").read_text())
            time.sleep(0.2)
        yield url, process, key
    finally:
        stop(process, timeout=20)
        log.close()


def _answers(url: str) -> bool:
    try:
        return httpx.get(url + "/", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


class Client:
    """Sends each request until it is answered (the same Idempotency-Key every time)."""

    def __init__(self, url: str) -> None:
        self.local = threading.local()
        self.url = url
        self.retried = 0
        self.lock = threading.Lock()
        self.clients: list[httpx.Client] = []

    def close(self) -> None:
        for client in self.clients:
            client.close()

    def post(self, path: str, body: dict[str, Any], key: str | None = None) -> httpx.Response:
        headers = {"authorization": f"Bearer {API_KEY}"}
        if key is not None:
            headers["idempotency-key"] = key
        for _ in range(30):
            client = getattr(self.local, "client", None)
            if client is None:
                client = self.local.client = httpx.Client(base_url=self.url, timeout=30)
                with self.lock:
                    self.clients.append(client)
            try:
                response = client.post(path, json=body, headers=headers)
            except httpx.TransportError:
                response = None
                client.close()
                self.local.client = None
            if response is not None and response.status_code < 500:
                return response
            with self.lock:
                self.retried += 1
            time.sleep(0.1)
        raise AssertionError(f"{path} was never answered")


def _load(folder: Path, store_url: str, count: int) -> None:
    with serving(folder, store_url) as (url, process, key):
        client = Client(url)
        try:
            _run(client, url, process, key, count, store_url)
        finally:
            client.close()


def _run(client: Client, url: str, process: Any, key: Any, count: int, store_url: str) -> None:
    killed: list[int] = []

    def one(n: int) -> tuple[int, dict[str, Any]]:
        credential = {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": f"urn:uuid:load-{n}",
            "type": ["VerifiableCredential"],
            "issuer": key.controller,
            "credentialSubject": {"id": f"did:example:learner-{n}"},
        }
        issued = client.post(
            "/issuers/load/credentials/issue", {"credential": credential}, key=f"load-{n}"
        )
        assert issued.status_code == 201, issued.text
        if n % 10 == 0:  # revoked at once, while others are issued
            revoke = {
                "credentialId": f"urn:uuid:load-{n}",
                "credentialStatus": {"type": "BitstringStatusListEntry"},
                "status": True,
            }
            done = client.post("/issuers/load/credentials/status", revoke)
            assert done.status_code == 200, done.text
        if n == count // 3:  # a third in: one worker dies without a word
            victim = _workers_of(process.pid)[0]
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)
        return n, issued.json()["verifiableCredential"]

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = dict(pool.map(one, range(count)))
    assert killed and process.poll() is None

    # Exactly one credential per request, each with its own index.
    assert len(results) == count
    indexes = [
        (c["credentialStatus"]["statusListCredential"], c["credentialStatus"]["statusListIndex"])
        for c in results.values()
    ]
    assert len(set(indexes)) == count
    # Every allocated index belongs to a credential the store holds: the one sent.
    stored, allocated = _stored(store_url)
    assert allocated == count
    assert {f"urn:uuid:load-{n}": c for n, c in results.items()} == stored
    # A retry after the fact gets the original.
    credential = {**results[7]}
    for name in ("proof", "credentialStatus"):
        credential.pop(name)
    again = client.post("/issuers/load/credentials/issue", {"credential": credential}, key="load-7")
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json()["verifiableCredential"] == results[7]
    # The list shows exactly the revoked credentials.
    status_list = httpx.get(f"{url}/status/load/1", timeout=30).json()
    bits = expand_bitstring(status_list["credentialSubject"]["encodedList"])
    revoked = {
        n
        for n, c in results.items()
        if read_status(bits, int(c["credentialStatus"]["statusListIndex"]))
    }
    assert revoked == {n for n in range(count) if n % 10 == 0}


def _stored(store_url: str) -> tuple[dict[str, Any], int]:
    """The credentials the store holds by id, and how many indexes it allocated."""
    select = "SELECT credential_id, credential FROM vcler_server_credentials"
    count = "SELECT count(*) FROM status_entries"
    if store_url.startswith("postgresql"):
        import psycopg

        with psycopg.connect(store_url) as db:
            rows = db.execute(select).fetchall()
            allocated = db.execute(count).fetchone()
    else:
        db = sqlite3.connect(store_url)
        rows = db.execute(select).fetchall()
        allocated = db.execute(count).fetchone()
        db.close()
    assert allocated is not None
    return {row[0]: json.loads(row[1]) for row in rows}, int(allocated[0])


def test_four_workers_on_postgresql_issue_2000(tmp_path: Path) -> None:
    from tests.server.postgres import postgres_schema

    with postgres_schema() as url:
        _load(tmp_path, url, 2000)


def test_four_workers_on_one_sqlite_file(tmp_path: Path) -> None:
    _load(tmp_path, str(tmp_path / "store.db"), 300)
