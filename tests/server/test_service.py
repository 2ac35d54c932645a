"""The service without HTTP: setup errors, offline documents, and a network-enabled verifier
reading another server's status list over HTTPS."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import vcler
from tests.server.conftest import RunningServer, write_config
from vcler.server import ApiError, ConfigError, VcApiService, load_config, parse_config


def test_a_missing_or_secretless_key_is_a_config_error(tmp_path: Path) -> None:
    data = {"base_url": "https://x.example", "issuer": [{"name": "a", "key": "k.json"}]}
    with pytest.raises(ConfigError, match="cannot read"):
        VcApiService(parse_config(data, base_dir=tmp_path))
    key = vcler.generate_key("Ed25519")
    (tmp_path / "k.json").write_text(json.dumps(key.to_json(include_secret=False)))
    with pytest.raises(ConfigError, match="no secret key"):
        VcApiService(parse_config(data, base_dir=tmp_path))
    (tmp_path / "k.json").write_text("{}")
    with pytest.raises(ConfigError, match="not a usable key file"):
        VcApiService(parse_config(data, base_dir=tmp_path))


def test_status_list_survives_a_restart_and_must_match(tmp_path: Path) -> None:
    key = vcler.generate_key("Ed25519")
    config = load_config(write_config(tmp_path, "https://x.example", key))
    service = VcApiService(config)
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:restart",
        "type": ["VerifiableCredential"],
        "issuer": key.controller,
        "credentialSubject": {"id": "did:example:learner"},
    }
    signed = service.issue("with-status", {"credential": credential})["verifiableCredential"]
    service.close()
    again = VcApiService(config)  # the list exists now: reused, and the id is remembered
    entry = {"type": "BitstringStatusListEntry", "statusPurpose": "revocation"}
    result = again.update_status(
        "with-status",
        {"credentialId": "urn:uuid:restart", "credentialStatus": entry, "status": True},
    )
    assert (
        result["credentialStatus"][0]["statusListIndex"]
        == signed["credentialStatus"]["statusListIndex"]
    )
    with pytest.raises(ApiError) as raised:
        again.verify_credential({"verifiableCredential": signed})
    assert raised.value.code == "CREDENTIAL_REVOKED"
    again.close()
    other = vcler.generate_key("Ed25519")
    with pytest.raises(ConfigError, match="is a revocation list of"):
        VcApiService(load_config(write_config(tmp_path, "https://x.example", other)))


def _did_web_document(key: Any) -> dict[str, Any]:
    method = key.to_json(include_secret=False)
    method.pop("@context", None)
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": key.controller,
        "verificationMethod": [method],
        "assertionMethod": [method["id"]],
    }


def test_supplied_documents_verify_a_did_web_issuer_offline(tmp_path: Path) -> None:
    key = vcler.keys.KeyPair.generate(
        "Ed25519", controller="did:web:college.example", id="did:web:college.example#key-1"
    )
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": key.controller,
        "credentialSubject": {"id": "did:example:learner"},
    }
    signed = vcler.issue(credential, signer=key)
    offline = VcApiService(parse_config({"base_url": "https://v.example"}, base_dir=tmp_path))
    with pytest.raises(ApiError) as raised:
        offline.verify_credential({"verifiableCredential": signed})
    assert raised.value.status == 400
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "college.json").write_text(json.dumps(_did_web_document(key)))
    data = {"base_url": "https://v.example", "verifier": {"documents": "docs"}}
    service = VcApiService(parse_config(data, base_dir=tmp_path))
    assert service.verify_credential({"verifiableCredential": signed})["verified"] is True


@pytest.mark.network
def test_network_verifier_reads_another_servers_list(vc_api: RunningServer, tmp_path: Path) -> None:
    with vc_api.client() as client:
        credential = vc_api.credential(id="urn:uuid:remote-list")
        response = client.post(
            "/issuers/with-status/credentials/issue", json={"credential": credential}
        )
        signed = response.json()["verifiableCredential"]
    offline = VcApiService(parse_config({"base_url": "https://v.example"}, base_dir=tmp_path))
    with pytest.raises(ApiError) as raised:
        offline.verify_credential({"verifiableCredential": signed})
    assert raised.value.code == "STATUS_RETRIEVAL_ERROR"
    data = {
        "base_url": "https://v.example",
        "verifier": {
            "allow_network": True,
            "allow_private_hosts": True,
            "ca_bundle": vc_api.ca_bundle,
        },
    }
    online = VcApiService(parse_config(data, base_dir=tmp_path))
    try:
        assert online.verify_credential({"verifiableCredential": signed})["checks"][-1] == "status"
    finally:
        online.close()


@pytest.mark.parametrize("did", ["did:web:example.com", "did:web:example.com#key-1"])
def test_offline_did_web_names_the_setting_that_allows_it(tmp_path: Path, did: str) -> None:
    service = VcApiService(parse_config({"base_url": "https://v.example"}, base_dir=tmp_path))
    answer = service.resolve(did)
    assert answer.status == 500
    detail = answer.body["detail"]
    assert "https://example.com/.well-known/did.json" in detail
    assert "[verifier] allow_network = true" in detail
    assert "--allow-network" not in json.dumps(answer.body)  # vcler serve has no such flag
