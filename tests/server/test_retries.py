"""Safe retries and lists that do not fill: Idempotency-Key on issue (over HTTPS), and an
issuer's status lists following each other when one is full (on both store backends)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

import vcler
from tests.server.conftest import RunningServer
from tests.server.test_store import _fill
from vcler.server import ApiError, ConfigError, VcApiService, load_config
from vcler.status import StatusRegistry

ISSUE = "/issuers/with-status/credentials/issue"


def test_a_retry_with_the_key_gets_the_same_credential(vc_api: RunningServer) -> None:
    body = {"credential": vc_api.credential(id="urn:uuid:retry-1")}
    with vc_api.client() as client:
        first = client.post(ISSUE, json=body, headers={"Idempotency-Key": "retry-1"})
        assert first.status_code == 201 and "idempotent-replayed" not in first.headers
        # The key in the draft's structured-field form ("...") is the same key.
        again = client.post(ISSUE, json=body, headers={"Idempotency-Key": '"retry-1"'})
        assert again.status_code == 201 and again.headers["idempotent-replayed"] == "true"
        assert again.json() == first.json()
        # Without the key, the same id is a duplicate.
        assert client.post(ISSUE, json=body).status_code == 409
        # The key with another request is refused.
        other = {"credential": vc_api.credential(id="urn:uuid:retry-2")}
        reused = client.post(ISSUE, json=other, headers={"Idempotency-Key": "retry-1"})
        assert reused.status_code == 422 and reused.json()["code"] == "IDEMPOTENCY_KEY_REUSED"
        # The credential is what GET /credentials/{id} answers.
        stored = client.get("/credentials/urn:uuid:retry-1")
        assert stored.json() == first.json()["verifiableCredential"]


def test_a_credential_without_an_id_is_replayed_too(vc_api: RunningServer) -> None:
    body = {"credential": vc_api.credential()}
    with vc_api.client() as client:
        first = client.post(
            "/issuers/plain/credentials/issue", json=body, headers={"Idempotency-Key": "k"}
        )
        again = client.post(
            "/issuers/plain/credentials/issue", json=body, headers={"Idempotency-Key": "k"}
        )
        assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
        # Another issuer's key space.
        third = client.post(ISSUE, json=body, headers={"Idempotency-Key": "k"})
        assert third.status_code == 201 and "idempotent-replayed" not in third.headers


@pytest.mark.parametrize("key", ["", '""', "x" * 256, "caf\u00e9"])
def test_unusable_keys_are_400(vc_api: RunningServer, key: str) -> None:
    body = {"credential": vc_api.credential()}
    headers = {"Idempotency-Key": key.encode("utf-8")}
    with vc_api.client() as client:
        response = client.post(ISSUE, json=body, headers=headers)  # type: ignore[arg-type]
    assert response.status_code == 400, response.text
    assert "Idempotency-Key" in response.json()["detail"]


def _service(
    folder: Path,
    store_url: str,
    key: Any,
    status: str = '{ purpose = "revocation", ttl = 60000 }',
    suite: str | None = None,
) -> VcApiService:
    (folder / "key.json").write_text(json.dumps(key.to_json()), encoding="utf-8")
    (folder / "server.toml").write_text(
        'base_url = "https://college.example"\n'
        f"[store]\nurl = {json.dumps(store_url)}\n"
        '[[issuer]]\nname = "degrees"\nkey = "key.json"\n'
        + (f"suite = {json.dumps(suite)}\n" if suite else "")
        + f"status = {status}\n",
        encoding="utf-8",
    )
    return VcApiService(load_config(folder / "server.toml"))


def _issue(service: VcApiService, key: Any, credential_id: str) -> dict[str, Any]:
    """A credential of issuer ``degrees`` (with ``key``), issued under ``credential_id``."""
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": credential_id,
        "type": ["VerifiableCredential"],
        "issuer": key.controller,
        "credentialSubject": {"id": "did:example:learner"},
    }
    return service.issue("degrees", {"credential": credential})["verifiableCredential"]


def test_a_full_list_is_followed_by_the_next(tmp_path: Path, store_url: str) -> None:
    key = vcler.generate_key("Ed25519")
    service = _service(tmp_path, store_url, key)
    first_list = "https://college.example/status/degrees/1"
    _fill(store_url, first_list, keep_free=4242)

    def issue(number: int) -> dict[str, Any]:
        return _issue(service, key, f"urn:uuid:degree-{number}")

    last, next_one = issue(1), issue(2)
    assert last["credentialStatus"]["statusListCredential"] == first_list
    assert last["credentialStatus"]["statusListIndex"] == "4242"
    second_list = "https://college.example/status/degrees/2"
    assert next_one["credentialStatus"]["statusListCredential"] == second_list
    # Both lists are served at their stable URLs, and both credentials verify.
    for number, url in ((1, first_list), (2, second_list)):
        answer = service.status_list("degrees", str(number))
        assert answer.status == 200 and answer.body["id"] == url
    for signed in (last, next_one):
        assert service.verify_credential({"verifiableCredential": signed})["verified"]
    # Revoking by id finds the right list; by index, the list must be named.
    entry = {"type": "BitstringStatusListEntry"}
    service.update_status(
        "degrees", {"credentialId": "urn:uuid:degree-2", "credentialStatus": entry, "status": True}
    )
    with pytest.raises(ApiError) as raised:
        service.verify_credential({"verifiableCredential": next_one})
    assert raised.value.code == "CREDENTIAL_REVOKED"
    with pytest.raises(ApiError, match="name one in statusListCredential"):
        service.update_status(
            "degrees", {"credentialStatus": {**entry, "statusListIndex": "4242"}, "status": True}
        )
    service.update_status(
        "degrees",
        {
            "credentialStatus": {
                **entry,
                "statusListIndex": "4242",
                "statusListCredential": first_list,
            },
            "status": True,
        },
    )
    with pytest.raises(ApiError):
        service.verify_credential({"verifiableCredential": last})
    with pytest.raises(ApiError) as missing:
        service.status_list("degrees", "3")
    assert missing.value.status == 404
    service.close()
    # A restart goes on with the newest list, and serves both.
    service = _service(tmp_path, store_url, key)
    try:
        third = service.issue(
            "degrees", {"credential": {**_unsigned(last), "id": "urn:uuid:degree-3"}}
        )["verifiableCredential"]
        assert third["credentialStatus"]["statusListCredential"] == second_list
        assert service.own_list(first_list) is not None
    finally:
        service.close()


def _unsigned(signed: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in signed.items() if k not in ("proof", "credentialStatus")}


def test_an_old_status_db_keeps_its_list_and_ids(tmp_path: Path) -> None:
    """A status.db written by an earlier server (the table of credential ids it kept then)."""
    key = vcler.generate_key("Ed25519")
    path = tmp_path / "status.db"
    with StatusRegistry(path) as registry:
        url = "https://college.example/status/degrees/1"
        registry.create_list(url, signer=key)
        index = registry.allocate(url)
    db = sqlite3.connect(path)
    with db:
        db.execute(
            "CREATE TABLE vcler_server_issued (issuer TEXT NOT NULL, credential_id TEXT NOT "
            "NULL, url TEXT NOT NULL, idx INTEGER NOT NULL, PRIMARY KEY (issuer, credential_id))"
        )
        db.execute(
            "INSERT INTO vcler_server_issued VALUES ('degrees', 'urn:old', ?, ?)", (url, index)
        )
    db.close()
    (tmp_path / "key.json").write_text(json.dumps(key.to_json()), encoding="utf-8")
    (tmp_path / "server.toml").write_text(
        'base_url = "https://college.example"\n'
        '[[issuer]]\nname = "degrees"\nkey = "key.json"\n'
        'status = { purpose = "revocation", db = "status.db" }\n',
        encoding="utf-8",
    )
    service = VcApiService(load_config(tmp_path / "server.toml"))
    try:
        entry = {"type": "BitstringStatusListEntry"}
        answer = service.update_status(
            "degrees", {"credentialId": "urn:old", "credentialStatus": entry, "status": True}
        )
        assert answer["credentialStatus"][0]["statusListIndex"] == str(index)
        with pytest.raises(ApiError) as raised:
            service.get_credential("urn:old")
        assert raised.value.status == 404 and "before this server kept" in raised.value.detail
    finally:
        service.close()


MESSAGES = ["unset", "pending", "accepted", "rejected"]
MESSAGE_STATUS = (
    '{ purpose = "message", size = 2, messages = ["unset", "pending", "accepted", "rejected"], '
    'reference = "https://college.example/status-codes" }'
)


def test_every_list_of_a_message_issuer_has_its_size_messages_and_reference(
    tmp_path: Path, store_url: str
) -> None:
    key = vcler.generate_key("Ed25519")
    service = _service(tmp_path, store_url, key, MESSAGE_STATUS)
    first_list = "https://college.example/status/degrees/1"
    _fill(store_url, first_list, keep_free=7)
    try:
        entries = []
        for number in (1, 2):
            signed = _issue(service, key, f"urn:uuid:message-{number}")
            assert service.verify_credential({"verifiableCredential": signed})["verified"]
            entries.append(signed["credentialStatus"])
        lists = [entry["statusListCredential"] for entry in entries]
        assert lists == [first_list, "https://college.example/status/degrees/2"]
        for entry in entries:
            assert entry["statusPurpose"] == "message" and entry["statusSize"] == 2
            assert [m["message"] for m in entry["statusMessage"]] == MESSAGES
            assert entry["statusReference"] == "https://college.example/status-codes"
        for number in ("1", "2"):
            subject = service.status_list("degrees", number).body["credentialSubject"]
            assert subject["statusPurpose"] == "message"
    finally:
        service.close()
    # The lists in the store are 2-bit lists: a configuration of 1-bit entries is refused.
    with pytest.raises(ConfigError, match=r"is a message \(2-bit\) list of .*, not a message list"):
        _service(
            tmp_path,
            store_url,
            key,
            '{ purpose = "message", messages = ["unset", "set"] }',
        )


def test_a_selective_disclosure_issuer_with_a_list_and_retries(
    tmp_path: Path, store_url: str
) -> None:
    """options.mandatoryPointers reach the base proof when the credential is recorded with
    its status entry and Idempotency-Key; a retry gets the same base proof, and what the
    holder derives from it discloses the mandatory claims (the status among them) and no
    other."""
    key = vcler.generate_key("P-256")
    service = _service(tmp_path, store_url, key, suite="ecdsa-sd-2023")
    credential = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://www.w3.org/ns/credentials/examples/v2",
        ],
        "id": "urn:uuid:sd-1",
        "type": ["VerifiableCredential"],
        "issuer": key.controller,
        "credentialSubject": {"id": "did:example:learner", "name": "Ada", "degree": "BSc"},
    }
    body = {
        "credential": credential,
        "options": {
            "mandatoryPointers": ["/issuer", "/credentialStatus", "/credentialSubject/degree"]
        },
    }
    try:
        first = service.issue_answer("degrees", body, idempotency_key="sd-1")
        again = service.issue_answer("degrees", body, idempotency_key="sd-1")
        assert again.headers == {"Idempotent-Replayed": "true"} and again.body == first.body
        base = first.body["verifiableCredential"]
        assert base["proof"]["cryptosuite"] == "ecdsa-sd-2023"
        assert service.get_credential("urn:uuid:sd-1") == base
        derived = service.derive({"verifiableCredential": base, "options": {}})
        assert derived["credentialSubject"] == {"id": "did:example:learner", "degree": "BSc"}
        assert derived["credentialStatus"] == base["credentialStatus"]
        assert service.verify_credential({"verifiableCredential": derived})["verified"]
        # Its status list is signed with a proof verifiers check (nobody derives a list).
        listed = service.status_list("degrees", "1").body
        assert listed["proof"]["cryptosuite"] == "ecdsa-rdfc-2019"
    finally:
        service.close()
