"""The server verifies with the async verifier: a slow fetch holds up no other request; and
its verification policy comes from ``[verifier]``."""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

import vcler
from tests.net.server import LocalServer, make_certificates, stalled_route
from tests.server.conftest import V2, start_uvicorn, write_config

# More stalled requests than a thread pool (anyio's default limiter: 40) has threads: a server
# that waited for fetches in threads could not answer anything else while they hang.
STALLED = 48


def _serve(folder: Path, extra: dict[str, str]) -> Iterator[tuple[str, str, Any]]:
    from vcler.server import create_app, load_config

    ca_path, cert_path, key_path = make_certificates(folder)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    base_url = f"https://127.0.0.1:{sock.getsockname()[1]}"
    key = vcler.generate_key("Ed25519")
    config = load_config(write_config(folder, base_url, key, **extra))
    server, thread = start_uvicorn(
        create_app(config),
        sock,
        ssl_certfile=str(cert_path),
        ssl_keyfile=str(key_path),
        limit_concurrency=1000,
        backlog=512,
    )
    try:
        yield base_url, str(ca_path), key
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture
def networked(tmp_path: Path, https_server: LocalServer) -> Iterator[tuple[str, str, Any]]:
    """A VC-API server whose verifier may reach ``https_server`` (a private host)."""
    extra = {
        "[verifier]\nallow_network": "true",
        "allow_private_hosts": "true",
        "ca_bundle": f'"{https_server.ca_bundle}"',
    }
    yield from _serve(tmp_path, extra)


def _credential(controller: str) -> dict[str, Any]:
    return {
        "@context": [V2],
        "type": ["VerifiableCredential"],
        "issuer": controller,
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner", "name": "Ada"},
    }


def test_a_stalled_did_web_fetch_holds_up_no_other_request(
    networked: tuple[str, str, Any], https_server: LocalServer
) -> None:
    base_url, ca_bundle, _ = networked
    did = f"{https_server.did}:issuers:slow"
    key = vcler.generate_key("Ed25519", controller=did)
    release = threading.Event()
    document = {
        "@context": ["https://www.w3.org/ns/did/v1"],
        "id": did,
        "verificationMethod": [key.to_json(include_secret=False)],
        "assertionMethod": [key.id],
    }
    https_server.routes["/issuers/slow/did.json"] = stalled_route(release, document, limit=120)
    slow = vcler.issue(_credential(did), signer=key)
    quick_key = vcler.generate_key("Ed25519")
    quick = vcler.issue(_credential(quick_key.controller), signer=quick_key)
    order: list[str] = []

    async def run() -> list[int]:
        async with httpx.AsyncClient(
            base_url=base_url, verify=ssl.create_default_context(cafile=ca_bundle), timeout=120
        ) as client:
            statuses: list[int] = []

            async def stalled() -> None:
                response = await client.post(
                    "/credentials/verify", json={"verifiableCredential": slow}
                )
                statuses.append(response.status_code)
                order.append("slow")

            async with anyio.create_task_group() as group:
                for _ in range(STALLED):
                    group.start_soon(stalled)
                # Once every stalled request is waiting on its fetch...
                with anyio.fail_after(60):
                    while https_server.hits["/issuers/slow/did.json"] < STALLED:
                        await anyio.sleep(0.01)
                # ...another request is answered all the same.
                response = await client.post(
                    "/credentials/verify", json={"verifiableCredential": quick}
                )
                assert response.status_code == 200, response.text
                order.append("quick")
                release.set()
            return statuses

    try:
        statuses = anyio.run(run)
    finally:
        release.set()
    assert order[0] == "quick"
    assert statuses == [200] * STALLED


@pytest.fixture
def lenient(tmp_path: Path) -> Iterator[tuple[str, str, Any]]:
    yield from _serve(tmp_path, {"[verifier]\nrequire_challenge": "false"})


@pytest.fixture
def default_server(tmp_path: Path) -> Iterator[tuple[str, str, Any]]:
    yield from _serve(tmp_path, {})


def _presentation() -> dict[str, Any]:
    key = vcler.generate_key("Ed25519")
    signed = vcler.issue(_credential(key.controller), signer=key)
    return vcler.present([signed], signer=key)


def test_by_default_a_presentation_needs_a_challenge(
    default_server: tuple[str, str, Any],
) -> None:
    base_url, ca_bundle, _ = default_server
    with httpx.Client(
        base_url=base_url, verify=ssl.create_default_context(cafile=ca_bundle), timeout=30
    ) as client:
        response = client.post(
            "/presentations/verify", json={"verifiablePresentation": _presentation()}
        )
    assert response.status_code == 400
    assert response.json()["code"] == "INVALID_CHALLENGE_ERROR"
    assert response.json()["errors"][0]["pointer"] == "/verifiablePresentation/proof"


def test_without_require_challenge_it_verifies_with_a_warning(
    lenient: tuple[str, str, Any],
) -> None:
    base_url, ca_bundle, _ = lenient
    with httpx.Client(
        base_url=base_url, verify=ssl.create_default_context(cafile=ca_bundle), timeout=30
    ) as client:
        response = client.post(
            "/presentations/verify", json={"verifiablePresentation": _presentation()}
        )
    assert response.status_code == 200, response.text
    assert [w["code"] for w in response.json()["warnings"]] == ["NO_CHALLENGE"]
