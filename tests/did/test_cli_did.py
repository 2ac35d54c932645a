"""``vcler did resolve``: output and exit codes (offline, and against the HTTPS server)."""

from __future__ import annotations

import json

import pytest

from tests.net.server import LocalServer, json_route
from vcler.cli import main

DID_JWK = (
    "did:jwk:eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIiwieCI6ImFjYklRaXVNczNpOF91c3pFakoydHBUdFJNNEVVM3l6"
    "OTFQSDZDZEgyVjAiLCJ5IjoiX0tjeUxqOXZXTXB0bm1LdG00NkdxRHo4d2Y3NEk1TEtncmwyR3pIM25TRSJ9"
)


def test_resolve_prints_the_document(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["did", "resolve", DID_JWK]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == DID_JWK


def test_resolve_json_prints_the_result(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["did", "resolve", DID_JWK, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"didDocument", "didResolutionMetadata", "didDocumentMetadata"}
    assert result["didDocument"]["id"] == DID_JWK


@pytest.mark.parametrize(
    ("did", "error"),
    [
        ("did:nope", "invalidDid"),
        ("did:example:123", "methodNotSupported"),
        ("did:web:example.com", "internalError"),
    ],
)
def test_resolution_errors_exit_1(did: str, error: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["did", "resolve", did]) == 1
    assert capsys.readouterr().out.startswith(error + ":")
    assert main(["did", "resolve", did, "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["didResolutionMetadata"]["error"] == error


def test_network_needed_message(capsys: pytest.CaptureFixture[str]) -> None:
    main(["did", "resolve", "did:web:example.com"])
    assert "--allow-network" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["did", "resolve"],
        ["did", "resolve", DID_JWK, "--allow-private-hosts"],
        ["did", "resolve", DID_JWK, "--allow-network", "--ca-bundle", "/no/such/file.pem"],
        ["did"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    try:
        code = main(argv)
    except SystemExit as e:  # argparse
        code = int(e.code or 0)
    assert code == 2
    capsys.readouterr()


@pytest.mark.network
def test_resolve_did_web_with_the_network(
    https_server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    did = https_server.did + ":cli"
    document = {"@context": ["https://www.w3.org/ns/did/v1"], "id": did}
    https_server.routes["/cli/did.json"] = json_route(document)
    base = ["did", "resolve", did, "--json", "--allow-network"]
    assert main([*base, "--allow-private-hosts", "--ca-bundle", https_server.ca_bundle]) == 0
    assert json.loads(capsys.readouterr().out)["didDocument"] == document
    # Without --allow-private-hosts the loopback server is refused.
    assert main([*base, "--ca-bundle", https_server.ca_bundle]) == 1
    metadata = json.loads(capsys.readouterr().out)["didResolutionMetadata"]
    assert "loopback" in metadata["errorMessage"]
