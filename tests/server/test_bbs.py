"""bbs-2023 over the VC-API, on a real server (HTTPS on 127.0.0.1): an issuer configured with
a Bls12381G2 key and ``suite = "bbs-2023"`` issues base proofs (``options.mandatoryPointers``),
``POST /credentials/derive`` derives with ``options.selectivePointers`` and
``options.presentationHeader``, and the verifier accepts the derived credential, not the
base one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import vcler
from tests.server.conftest import V2, RunningServer, https_server

pytestmark = pytest.mark.network
pytest.importorskip("py_arkworks_bls12381")


@pytest.fixture(scope="module")
def bbs_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    from vcler.server import create_app, load_config

    folder = tmp_path_factory.mktemp("bbs")
    key = vcler.generate_key("Bls12381G2")
    key.save(folder / "bls.json")

    def make_app(base_url: str) -> Any:
        (folder / "server.toml").write_text(
            f'base_url = "{base_url}"\n[[issuer]]\nname = "bbs"\nkey = "bls.json"\n'
            'suite = "bbs-2023"\n',
            encoding="utf-8",
        )
        return create_app(load_config(folder / "server.toml"))

    with https_server(folder, key, make_app) as running:
        yield running


def _credential(server: RunningServer) -> dict[str, Any]:
    return {
        "@context": [V2, "https://www.w3.org/ns/credentials/examples/v2"],
        "type": ["VerifiableCredential"],
        "issuer": server.key.controller,
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:ada", "name": "Ada", "degree": "BSc"},
    }


def test_issue_derive_verify(bbs_server: RunningServer) -> None:
    with bbs_server.client() as client:
        issued = client.post(
            "/issuers/bbs/credentials/issue",
            json={"credential": _credential(bbs_server), "options": {"mandatoryPointers": []}},
        )
        assert issued.status_code == 201, issued.text
        base = issued.json()["verifiableCredential"]
        assert base["proof"]["cryptosuite"] == "bbs-2023"
        assert "created" not in base["proof"]
        refused = client.post("/credentials/verify", json={"verifiableCredential": base})
        assert refused.status_code == 400
        derived = client.post(
            "/credentials/derive",
            json={
                "verifiableCredential": base,
                "options": {
                    "selectivePointers": ["/credentialSubject/degree", "/issuer"],
                    "presentationHeader": "113377aa",
                },
            },
        )
        assert derived.status_code == 201, derived.text
        document = derived.json()
        assert document["credentialSubject"] == {"id": "did:example:ada", "degree": "BSc"}
        verified = client.post("/credentials/verify", json={"verifiableCredential": document})
        assert verified.status_code == 200, verified.text
        assert verified.json()["verified"] is True


def test_a_presentation_header_that_is_not_hex_is_refused(bbs_server: RunningServer) -> None:
    with bbs_server.client() as client:
        answer = client.post(
            "/credentials/derive",
            json={
                "verifiableCredential": _credential(bbs_server),
                "options": {"selectivePointers": ["/issuer"], "presentationHeader": "xyz"},
            },
        )
    assert answer.status_code == 400
    assert answer.json()["code"] == "MALFORMED_VALUE_ERROR"


def test_a_bbs_issuer_with_status_is_refused_at_start(tmp_path: Any) -> None:
    """Its key signs only bbs-2023 base proofs, which a status list cannot carry (nobody
    derives a status list): the server refuses the configuration rather than publish lists
    that never verify."""
    from vcler.server import ConfigError, create_app, load_config

    vcler.generate_key("Bls12381G2").save(tmp_path / "bls.json")
    (tmp_path / "server.toml").write_text(
        'base_url = "https://127.0.0.1:8443"\n[[issuer]]\nname = "bbs"\nkey = "bls.json"\n'
        'suite = "bbs-2023"\nstatus = { purpose = "revocation", db = "status.db" }\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"bbs-2023 base proofs.*no status"):
        create_app(load_config(tmp_path / "server.toml"))
