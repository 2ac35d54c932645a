"""The VC-API server and envelopes: issuers configured with ``format = "vc+jwt"`` (and the
other envelopes) answer with an EnvelopedVerifiableCredential; ``/credentials/verify`` and
``/presentations/verify`` accept enveloped credentials and presentations."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import vcler
from tests.server.conftest import start_uvicorn
from vcler.server import ConfigError, create_app, load_config

FORMATS = {"jwt": "vc+jwt", "sd-jwt": "vc+sd-jwt", "cose": "vc+cose", "ob": "vc-jwt"}


def write(folder: Path, key: Any, extra: str = "") -> Path:
    (folder / "key.json").write_text(json.dumps(key.to_json()))
    text = 'base_url = "http://127.0.0.1"\n'
    for name, format in FORMATS.items():
        text += f'[[issuer]]\nname = "{name}"\nkey = "key.json"\nformat = "{format}"\n'
        if format == "vc+sd-jwt":
            text += 'disclose = ["credentialSubject.name"]\n'
    text += extra
    path = folder / "server.toml"
    path.write_text(text + "[verifier]\nrequire_challenge = false\n")
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[httpx.Client, Any]]:
    folder = tmp_path_factory.mktemp("vc-api-jose")
    key = vcler.generate_key("P-256")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server, thread = start_uvicorn(create_app(load_config(write(folder, key))), sock)
    with httpx.Client(base_url=f"http://127.0.0.1:{sock.getsockname()[1]}", timeout=30) as client:
        yield client, key
    server.should_exit = True
    thread.join(10)


def credential(issuer: str) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner", "name": "Ada"},
    }


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_an_envelope_issuer_answers_with_an_enveloped_credential(
    server: tuple[httpx.Client, Any], name: str
) -> None:
    client, key = server
    answer = client.post(
        f"/issuers/{name}/credentials/issue", json={"credential": credential(key.controller)}
    )
    assert answer.status_code == 201, answer.text
    enveloped = answer.json()["verifiableCredential"]
    assert enveloped["type"] == "EnvelopedVerifiableCredential"
    assert enveloped["id"].startswith("data:application/")
    verified = client.post("/credentials/verify", json={"verifiableCredential": enveloped})
    assert verified.status_code == 200, verified.text
    assert verified.json()["verified"] is True
    # A tampered envelope is refused with the code.
    tampered = {
        **enveloped,
        "id": enveloped["id"][:-6]
        + ("AAAAAA" if not enveloped["id"].endswith("AAAAAA") else "BBBBBB"),
    }
    refused = client.post("/credentials/verify", json={"verifiableCredential": tampered})
    assert refused.status_code == 400


def test_an_enveloped_presentation_is_verified(server: tuple[httpx.Client, Any]) -> None:
    client, key = server
    issued = client.post(
        "/issuers/jwt/credentials/issue", json={"credential": credential(key.controller)}
    )
    token = issued.json()["verifiableCredential"]["id"].split(",", 1)[1]
    holder = vcler.generate_key("Ed25519")
    challenge = client.post("/challenges", json={}).json()["challenge"]
    presented = vcler.present_envelope([token], signer=holder, format="jwt", challenge=challenge)
    body = {
        "verifiablePresentation": {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": "data:application/vp+jwt," + presented,
            "type": "EnvelopedVerifiablePresentation",
        },
        "options": {"challenge": challenge},
    }
    answer = client.post("/presentations/verify", json=body)
    assert answer.status_code == 200, answer.text
    assert answer.json()["credentialResults"][0]["verified"] is True


def test_an_unknown_format_or_stray_disclose_is_a_config_error(tmp_path: Path) -> None:
    key = vcler.generate_key("P-256")
    path = write(tmp_path, key, '[[issuer]]\nname = "x"\nkey = "key.json"\nformat = "jwt-vc"\n')
    with pytest.raises(ConfigError, match="format"):
        load_config(path)
    path = write(tmp_path, key, '[[issuer]]\nname = "x"\nkey = "key.json"\ndisclose = ["a"]\n')
    with pytest.raises(ConfigError, match="disclose"):
        load_config(path)
