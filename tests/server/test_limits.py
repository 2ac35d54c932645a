"""The VC-API with its default body cap (1 MiB): every endpoint that takes a body refuses
hostile values *for their size*, answers problem details (never 500), and its JSON answers
never fail to encode.

A server of its own (plain HTTP on 127.0.0.1), since the shared one caps bodies at 64 KiB.
"""

from __future__ import annotations

import json
import socket
import string
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

import vcler
from tests.server.conftest import start_uvicorn, write_config
from tests.status._helpers import credential
from vcler._json import MAX_DEPTH, MAX_INTEGER_DIGITS

pytestmark = pytest.mark.network

MIB = 1024 * 1024
# The endpoints that take a body, each with a well-formed body to start from.
ENDPOINTS = (
    "/issuers/plain/credentials/issue",
    "/issuers/with-status/credentials/status",
    "/credentials/verify",
    "/presentations/verify",
    "/challenges",
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    from vcler.server import create_app, load_config
    from vcler.server.config import DEFAULT_MAX_BODY_BYTES

    assert DEFAULT_MAX_BODY_BYTES == MIB
    folder = tmp_path_factory.mktemp("vc-api-limits")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    key = vcler.generate_key("Ed25519")
    config = load_config(write_config(folder, base_url, key))
    assert config.max_body_bytes == MIB
    running, thread = start_uvicorn(create_app(config), sock)
    try:
        yield base_url, key
    finally:
        running.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="module")
def client(server: tuple[str, Any]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server[0], timeout=60) as client:
        yield client


def _problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text[:2000]
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    return body


def _post(client: httpx.Client, path: str, text: str) -> httpx.Response:
    return client.post(path, content=text.encode(), headers={"content-type": "application/json"})


def _reasons(body: dict[str, Any]) -> str:
    """Every message and detail of a problem details body, as one text."""
    parts = [body.get("detail", "")]
    for error in body.get("errors", []):
        parts += [error.get("message", ""), error.get("detail") or ""]
    return "\n".join(parts)


@pytest.mark.parametrize("path", ENDPOINTS)
def test_a_body_over_the_cap_is_413(client: httpx.Client, path: str) -> None:
    response = _post(client, path, '{"a": "' + "x" * MIB + '"}')
    body = _problem(response, 413)
    assert body["code"] == "PAYLOAD_TOO_LARGE"
    assert f"larger than {MIB} bytes" in body["detail"]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_a_long_integer_is_400_parsing_error(client: httpx.Client, path: str) -> None:
    digits = MIB - 100
    body = _problem(_post(client, path, '{"credential": {"n": ' + "7" * digits + "}}"), 400)
    assert body["code"] == "PARSING_ERROR"
    assert f"has {digits} digits, more than the limit of {MAX_INTEGER_DIGITS}" in body["detail"]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_deep_nesting_is_400_parsing_error(client: httpx.Client, path: str) -> None:
    depth = MIB // 2 - 100
    body = _problem(_post(client, path, "[" * depth + "]" * depth), 400)
    assert body["code"] == "PARSING_ERROR"
    assert f"nested deeper than {MAX_DEPTH} levels" in body["detail"]


def _hostile(value_length: int) -> str:
    """A base58btc digit string that fills most of a 1 MiB body."""
    return "2" * value_length


def test_a_hostile_proof_value_is_refused_for_its_size(
    server: tuple[str, Any], client: httpx.Client
) -> None:
    _, key = server
    signed = vcler.issue(credential(key.controller), signer=key)
    signed["proof"]["proofValue"] = "z" + _hostile(MIB - 4096)
    response = client.post("/credentials/verify", json={"verifiableCredential": signed})
    body = _problem(response, 400)
    assert body["verified"] is False
    assert "proofValue is too long" in _reasons(body)

    presentation = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "verifiableCredential": [signed],
    }
    response = client.post(
        "/presentations/verify",
        json={"verifiablePresentation": presentation, "options": {"checks": ["proof"]}},
    )
    assert "proofValue is too long" in _reasons(_problem(response, 400))


@pytest.mark.parametrize(
    ("method", "reason"),
    [
        (f"did:key:z{'2' * (MIB // 2 - 4096)}#z{'2' * (MIB // 2 - 4096)}", "did:key value is too"),
        (f"did:jwk:{'e' * (MIB - 4096)}#0", "did:jwk identifier is too long"),
    ],
)
def test_a_hostile_verification_method_is_refused_for_its_size(
    server: tuple[str, Any], client: httpx.Client, method: str, reason: str
) -> None:
    _, key = server
    signed = vcler.issue(credential(key.controller), signer=key)
    signed["proof"]["verificationMethod"] = method
    response = client.post("/credentials/verify", json={"verifiableCredential": signed})
    assert reason in _reasons(_problem(response, 400))


def test_issuing_refuses_a_hostile_digest_for_its_size(
    server: tuple[str, Any], client: httpx.Client
) -> None:
    _, key = server
    resource = {"id": "https://example.com/context", "digestMultibase": "z" + _hostile(MIB - 4096)}
    unsigned = credential(key.controller, relatedResource=[resource])
    response = client.post("/issuers/plain/credentials/issue", json={"credential": unsigned})
    assert "digestMultibase is too long" in _reasons(_problem(response, 400))


@pytest.mark.parametrize(
    "member", ["cryptosuite", "verificationMethod", "\ud800"], ids=["value", "did", "name"]
)
def test_answers_quoting_a_lone_surrogate_are_json(
    server: tuple[str, Any], client: httpx.Client, member: str
) -> None:
    _, key = server
    signed = vcler.issue(credential(key.controller), signer=key)
    signed["proof"][member] = "did:key:\ud800" if member == "verificationMethod" else "\ud800"
    text = json.dumps({"verifiableCredential": signed})  # "\ud800" escaped: valid UTF-8
    response = _post(client, "/credentials/verify", text)
    assert response.status_code == 400, response.text
    body = json.loads(response.content)  # strict UTF-8 JSON, the surrogate as an escape
    assert body["verified"] is False
    assert set(response.content.decode("utf-8")) <= set(string.printable)
