"""The VC-API over real HTTPS: every endpoint, the error answers, and a bounded load test."""

from __future__ import annotations

import asyncio
import copy
from typing import Any
from urllib.parse import quote

import httpx
import pytest

import vcler
from tests.server.conftest import RunningServer
from vcler.status import read_status, read_status_list_credential

pytestmark = pytest.mark.network


def problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The problem details body of ``response``, checked to be RFC 9457 with ``code``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] and body["title"] and body["detail"]
    assert isinstance(body["errors"], list)
    return body


@pytest.fixture(scope="module")
def client(vc_api: RunningServer) -> Any:
    with vc_api.client() as client:
        yield client


def issue(client: httpx.Client, issuer: str, credential: dict[str, Any], **options: Any) -> Any:
    body: dict[str, Any] = {"credential": credential}
    if options:
        body["options"] = options
    return client.post(f"/issuers/{issuer}/credentials/issue", json=body)


# -- issuing -----------------------------------------------------------------------------------


def test_index_lists_the_issuers(client: httpx.Client) -> None:
    body = client.get("/").json()
    assert [i["name"] for i in body["issuers"]] == ["plain", "with-status", "suspend"]


def test_issue_then_verify(vc_api: RunningServer, client: httpx.Client) -> None:
    response = issue(client, "plain", vc_api.credential())
    assert response.status_code == 201
    signed = response.json()["verifiableCredential"]
    assert signed["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert "credentialStatus" not in signed
    assert vcler.verify(signed).verified
    verified = client.post("/credentials/verify", json={"verifiableCredential": signed})
    assert verified.status_code == 200
    assert verified.json() == {
        "verified": True,
        "checks": ["proof", "validity"],
        "warnings": [],
        "errors": [],
    }


def test_issue_refuses_a_credential_that_breaks_the_data_model(
    vc_api: RunningServer, client: httpx.Client
) -> None:
    credential = vc_api.credential()
    del credential["credentialSubject"]
    credential["validFrom"] = "yesterday"
    body = problem(issue(client, "plain", credential), 400, "MALFORMED_VALUE_ERROR")
    pointers = {e["pointer"] for e in body["errors"]}
    assert {"/credential/credentialSubject", "/credential/validFrom"} <= pointers
    assert all(e["type"] and e["code"] for e in body["errors"])


def test_issue_refuses_another_issuer(vc_api: RunningServer, client: httpx.Client) -> None:
    credential = vc_api.credential(issuer="did:example:someone-else")
    body = problem(issue(client, "plain", credential), 400, "MALFORMED_VALUE_ERROR")
    assert body["errors"][0]["pointer"] == "/credential/issuer"


def test_issue_refuses_unknown_options_and_data(
    vc_api: RunningServer, client: httpx.Client
) -> None:
    body = problem(
        issue(client, "plain", vc_api.credential(), colour="blue"), 400, "UNKNOWN_OPTION"
    )
    assert body["errors"][0]["pointer"] == "/options/colour"
    response = client.post(
        "/issuers/plain/credentials/issue", json={"credential": vc_api.credential(), "x": 1}
    )
    problem(response, 400, "UNKNOWN_DATA")
    problem(
        client.post("/issuers/plain/credentials/issue", json={"options": {}}),
        400,
        "MALFORMED_VALUE_ERROR",
    )
    signed = issue(client, "plain", vc_api.credential()).json()["verifiableCredential"]
    problem(issue(client, "plain", signed), 400, "MALFORMED_VALUE_ERROR")


def test_unknown_issuer_is_404(vc_api: RunningServer, client: httpx.Client) -> None:
    problem(issue(client, "nobody", vc_api.credential()), 404, "NOT_FOUND")
    problem(client.post("/issuers/nobody/credentials/status", json={}), 404, "NOT_FOUND")


def test_unknown_routes_and_methods_are_problems(client: httpx.Client) -> None:
    problem(client.get("/nowhere"), 404, "NOT_FOUND")
    problem(client.get("/presentations/verify"), 405, "METHOD_NOT_ALLOWED")
    problem(client.put("/credentials/urn:uuid:1"), 405, "METHOD_NOT_ALLOWED")


@pytest.mark.parametrize(
    "content, code",
    [
        (b"{not json", "PARSING_ERROR"),
        (b'{"credential": {}, "credential": {}}', "PARSING_ERROR"),
        (b"[" * 200 + b"]" * 200, "PARSING_ERROR"),
        (b'{"verifiableCredential": NaN}', "PARSING_ERROR"),
        (b"\xff\xfe", "PARSING_ERROR"),
        (b"[]", "PARSING_ERROR"),
    ],
)
def test_malformed_json_is_400(client: httpx.Client, content: bytes, code: str) -> None:
    response = client.post(
        "/credentials/verify", content=content, headers={"content-type": "application/json"}
    )
    problem(response, 400, code)


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_wrong_content_type_is_415(client: httpx.Client, content_type: str | None) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/credentials/verify", content=b"{}", headers=headers)
    problem(response, 415, "UNSUPPORTED_MEDIA_TYPE")


def test_json_with_charset_is_accepted(vc_api: RunningServer, client: httpx.Client) -> None:
    import json

    response = client.post(
        "/issuers/plain/credentials/issue",
        content=json.dumps({"credential": vc_api.credential()}).encode(),
        headers={"content-type": "application/json; charset=utf-8"},
    )
    assert response.status_code == 201


def test_oversized_bodies_are_413(vc_api: RunningServer, client: httpx.Client) -> None:
    big = {"credential": vc_api.credential(description="x" * 70_000)}
    problem(client.post("/issuers/plain/credentials/issue", json=big), 413, "PAYLOAD_TOO_LARGE")

    def chunks() -> Any:  # no Content-Length: the cap is enforced while reading
        yield b'{"verifiableCredential": {"a": "'
        for _ in range(20):
            yield b"y" * 8192
        yield b'"}}'

    with vc_api.client() as fresh:
        response = fresh.post(
            "/credentials/verify", content=chunks(), headers={"content-type": "application/json"}
        )
    problem(response, 413, "PAYLOAD_TOO_LARGE")
    # Far beyond the cap (and declared): refused before the body is read.
    with vc_api.client() as fresh:
        try:
            response = fresh.post(
                "/credentials/verify",
                content=b"{" + b" " * 2_000_000 + b"}",
                headers={"content-type": "application/json"},
            )
        except httpx.TransportError:
            return  # the server answered and closed while the client was still sending
    problem(response, 413, "PAYLOAD_TOO_LARGE")


# -- verifying ---------------------------------------------------------------------------------


def test_tampered_credential_is_400_never_200(vc_api: RunningServer, client: httpx.Client) -> None:
    signed = issue(client, "plain", vc_api.credential()).json()["verifiableCredential"]
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["name"] = "Mallory"
    response = client.post("/credentials/verify", json={"verifiableCredential": tampered})
    body = problem(response, 400, "PROOF_VERIFICATION_ERROR")
    assert body["verified"] is False
    assert body["type"] == "https://w3id.org/security#PROOF_VERIFICATION_ERROR"
    assert body["errors"][0]["pointer"].startswith("/verifiableCredential/proof")


def test_expired_credential_is_400(vc_api: RunningServer, client: httpx.Client) -> None:
    credential = vc_api.credential(validUntil="2024-06-01T00:00:00Z")
    signed = issue(client, "plain", credential).json()["verifiableCredential"]
    response = client.post("/credentials/verify", json={"verifiableCredential": signed})
    body = problem(response, 400, "CREDENTIAL_EXPIRED")
    assert body["errors"][0]["pointer"] == "/verifiableCredential/validUntil"


def test_verify_options(vc_api: RunningServer, client: httpx.Client) -> None:
    signed = issue(client, "plain", vc_api.credential()).json()["verifiableCredential"]
    ok = client.post(
        "/credentials/verify",
        json={"verifiableCredential": signed, "options": {"checks": ["proof"]}},
    )
    assert ok.status_code == 200
    bad = client.post(
        "/credentials/verify",
        json={"verifiableCredential": signed, "options": {"checks": ["astrology"]}},
    )
    problem(bad, 400, "UNKNOWN_OPTION")
    problem(
        client.post("/credentials/verify", json={"verifiableCredential": signed, "options": []}),
        400,
        "MALFORMED_VALUE_ERROR",
    )


def test_verify_presentation(vc_api: RunningServer, client: httpx.Client) -> None:
    signed = issue(client, "plain", vc_api.credential()).json()["verifiableCredential"]
    holder = vcler.generate_key("Ed25519")
    presentation = vcler.present([signed], signer=holder, challenge="c-123", domain="ats.example")
    options = {"challenge": "c-123", "domain": "ats.example"}
    response = client.post(
        "/presentations/verify",
        json={"verifiablePresentation": presentation, "options": options},
    )
    assert response.status_code == 200, response.text
    assert response.json()["verified"] is True
    assert response.json()["credentialResults"] == [{"verified": True, "warnings": []}]
    wrong = client.post(
        "/presentations/verify",
        json={"verifiablePresentation": presentation, "options": {**options, "challenge": "x"}},
    )
    problem(wrong, 400, "INVALID_CHALLENGE_ERROR")
    # A presentation sent to the credential endpoint (and the reverse) is refused.
    problem(
        client.post("/credentials/verify", json={"verifiableCredential": presentation}),
        400,
        "MALFORMED_VALUE_ERROR",
    )
    problem(
        client.post("/presentations/verify", json={"verifiablePresentation": signed}),
        400,
        "MALFORMED_VALUE_ERROR",
    )


def test_challenges_are_single_use(vc_api: RunningServer, client: httpx.Client) -> None:
    signed = issue(client, "plain", vc_api.credential()).json()["verifiableCredential"]
    holder = vcler.generate_key("Ed25519")
    # An empty body, or {}: both give a fresh challenge.
    first = client.post("/challenges")
    assert first.status_code == 200, first.text
    challenge = first.json()["challenge"]
    assert client.post("/challenges", json={}).json()["challenge"] != challenge
    problem(client.post("/challenges", json={"x": 1}), 400, "MALFORMED_VALUE_ERROR")
    problem(
        client.post("/challenges", content=b"x", headers={"content-type": "text/plain"}),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
    )

    def verify(presentation: dict[str, Any]) -> httpx.Response:
        return client.post(
            "/presentations/verify",
            json={"verifiablePresentation": presentation, "options": {"challenge": challenge}},
        )

    # A presentation that fails does not use the challenge up...
    tampered = vcler.present([signed], signer=holder, challenge=challenge)
    tampered["holder"] = "did:example:someone-else"
    problem(verify(tampered), 400, "INVALID_VERIFICATION_METHOD")
    # ...the one that verifies does, and cannot be replayed.
    presentation = vcler.present([signed], signer=holder, challenge=challenge)
    assert verify(presentation).status_code == 200
    replay = problem(verify(presentation), 400, "INVALID_CHALLENGE_ERROR")
    assert "already used" in replay["detail"]
    # A challenge the server did not issue is the caller's business, checked as before.
    own = vcler.present([signed], signer=holder, challenge="callers-own")
    for _ in range(2):
        response = client.post(
            "/presentations/verify",
            json={"verifiablePresentation": own, "options": {"challenge": "callers-own"}},
        )
        assert response.status_code == 200, response.text


# -- status ------------------------------------------------------------------------------------


def test_status_entry_and_published_list(vc_api: RunningServer, client: httpx.Client) -> None:
    credential = vc_api.credential(id="urn:uuid:0b4e1d5e-list-test")
    signed = issue(client, "with-status", credential).json()["verifiableCredential"]
    entry = signed["credentialStatus"]
    list_url = f"{vc_api.base_url}/status/with-status/1"
    assert entry["type"] == "BitstringStatusListEntry"
    assert entry["statusPurpose"] == "revocation"
    assert entry["statusListCredential"] == list_url
    assert isinstance(entry["statusListIndex"], str) and entry["statusListIndex"].isdigit()
    response = client.get("/status/with-status/1")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, max-age=60"
    status_list = response.json()
    assert vcler.verify(status_list).verified
    assert status_list["credentialSubject"]["ttl"] == 60000
    problem(client.get("/status/with-status/2"), 404, "NOT_FOUND")
    problem(client.get("/status/plain/1"), 404, "NOT_FOUND")
    verified = client.post("/credentials/verify", json={"verifiableCredential": signed})
    assert verified.status_code == 200, verified.text
    assert verified.json()["checks"] == ["proof", "validity", "status"]


def _bit(client: httpx.Client, path: str, url: str, index: int) -> int:
    decoded = read_status_list_credential(client.get(path).json(), url=url)
    return read_status(decoded.bitstring, index)


def test_revoke_by_credential_id(vc_api: RunningServer, client: httpx.Client) -> None:
    credential = vc_api.credential(id="urn:uuid:9d0f2a7c-revoke-me")
    signed = issue(client, "with-status", credential).json()["verifiableCredential"]
    index = int(signed["credentialStatus"]["statusListIndex"])
    url = signed["credentialStatus"]["statusListCredential"]
    assert _bit(client, "/status/with-status/1", url, index) == 0
    response = client.post(
        "/issuers/with-status/credentials/status",
        json={
            "credentialId": credential["id"],
            "credentialStatus": [
                {"type": "BitstringStatusListEntry", "statusPurpose": "revocation"}
            ],
            "status": True,
        },
    )
    assert response.status_code == 200, response.text
    assert response.json()["credentialStatus"][0]["statusListIndex"] == str(index)
    assert _bit(client, "/status/with-status/1", url, index) == 1
    verified = client.post("/credentials/verify", json={"verifiableCredential": signed})
    body = problem(verified, 400, "CREDENTIAL_REVOKED")
    assert body["errors"][0]["pointer"] == "/verifiableCredential/credentialStatus"
    # Revocation is not reversible.
    undo = client.post(
        "/issuers/with-status/credentials/status",
        json={
            "credentialId": credential["id"],
            "credentialStatus": {"type": "BitstringStatusListEntry"},
            "status": False,
        },
    )
    problem(undo, 409, "STATUS_UPDATE_REFUSED")
    # The status check can be left out on request.
    unchecked = client.post(
        "/credentials/verify",
        json={"verifiableCredential": signed, "options": {"checks": ["proof"]}},
    )
    assert unchecked.status_code == 200


def test_suspend_and_reinstate_by_index(vc_api: RunningServer, client: httpx.Client) -> None:
    signed = issue(client, "suspend", vc_api.credential()).json()["verifiableCredential"]
    assert signed["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    entry = signed["credentialStatus"]
    assert entry["statusPurpose"] == "suspension"

    def set_status(value: bool) -> httpx.Response:
        return client.post(
            "/issuers/suspend/credentials/status",
            json={"credentialStatus": {**entry, "status": value}},
        )

    assert set_status(True).status_code == 200
    verify = {"verifiableCredential": signed}
    problem(client.post("/credentials/verify", json=verify), 400, "CREDENTIAL_SUSPENDED")
    assert set_status(False).status_code == 200
    assert client.post("/credentials/verify", json=verify).status_code == 200


def test_status_update_errors(vc_api: RunningServer, client: httpx.Client) -> None:
    path = "/issuers/with-status/credentials/status"
    entry = {"type": "BitstringStatusListEntry", "statusPurpose": "revocation"}
    problem(
        client.post(
            path,
            json={
                "credentialId": "urn:uuid:never-issued",
                "credentialStatus": entry,
                "status": True,
            },
        ),
        404,
        "NOT_FOUND",
    )
    problem(
        client.post(
            path, json={"credentialStatus": {**entry, "statusListIndex": "7"}, "status": True}
        ),
        404,
        "NOT_FOUND",
    )
    problem(client.post(path, json={"credentialStatus": entry}), 400, "MALFORMED_VALUE_ERROR")
    problem(
        client.post(
            path,
            json={
                "credentialId": "x",
                "credentialStatus": {**entry, "statusPurpose": "suspension"},
                "status": True,
            },
        ),
        400,
        "MALFORMED_VALUE_ERROR",
    )
    problem(
        client.post(path, json={"credentialStatus": [], "status": True}),
        400,
        "MALFORMED_VALUE_ERROR",
    )
    problem(client.post(path, json={"nonsense": 1}), 400, "UNKNOWN_DATA")
    problem(client.post("/issuers/plain/credentials/status", json={}), 404, "NOT_FOUND")


def test_duplicate_credential_id_is_409(vc_api: RunningServer, client: httpx.Client) -> None:
    credential = vc_api.credential(id="urn:uuid:4e5c1e0a-duplicate")
    assert issue(client, "with-status", credential).status_code == 201
    problem(issue(client, "with-status", credential), 409, "DUPLICATE_CREDENTIAL_ID")
    other = vc_api.credential()
    assert (
        issue(client, "with-status", other, credentialId="urn:example:by-option").status_code == 201
    )
    problem(
        issue(client, "with-status", other, credentialId="urn:example:by-option"),
        409,
        "DUPLICATE_CREDENTIAL_ID",
    )


def test_concurrent_issuing_then_revoke_one(vc_api: RunningServer) -> None:
    """200 concurrent issue requests get 200 distinct indexes; one revoked shows revoked."""
    count = 200

    async def run() -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=count, max_keepalive_connections=count)
        async with httpx.AsyncClient(
            base_url=vc_api.base_url, verify=vc_api.tls(), timeout=60, limits=limits
        ) as client:
            return await asyncio.gather(
                *(
                    client.post(
                        "/issuers/with-status/credentials/issue",
                        json={"credential": vc_api.credential(id=f"urn:uuid:load-{i}")},
                    )
                    for i in range(count)
                )
            )

    responses = asyncio.run(run())
    assert [r.status_code for r in responses] == [201] * count
    credentials = [r.json()["verifiableCredential"] for r in responses]
    indexes = {c["credentialStatus"]["statusListIndex"] for c in credentials}
    assert len(indexes) == count
    with vc_api.client() as client:
        victim, bystander = credentials[17], credentials[42]
        response = client.post(
            "/issuers/with-status/credentials/status",
            json={
                "credentialId": victim["id"],
                "credentialStatus": {
                    "type": "BitstringStatusListEntry",
                    "statusPurpose": "revocation",
                },
                "status": True,
            },
        )
        assert response.status_code == 200
        revoked = client.post("/credentials/verify", json={"verifiableCredential": victim})
        problem(revoked, 400, "CREDENTIAL_REVOKED")
        fine = client.post("/credentials/verify", json={"verifiableCredential": bystander})
        assert fine.status_code == 200


# -- DIDs --------------------------------------------------------------------------------------


def test_resolve_did_key(vc_api: RunningServer, client: httpx.Client) -> None:
    did = vc_api.key.controller
    response = client.get(f"/1.0/identifiers/{did}")
    assert response.status_code == 200
    body = response.json()
    assert body["didDocument"]["id"] == did
    assert body["didResolutionMetadata"]["contentType"].startswith("application/did")
    assert body["didDocumentMetadata"] == {}
    document = client.get(f"/1.0/identifiers/{did}", headers={"accept": "application/did+json"})
    assert document.headers["content-type"].startswith("application/did+json")
    assert document.json()["id"] == did


def test_dereference_did_url(vc_api: RunningServer, client: httpx.Client) -> None:
    method_id = vc_api.key.id
    response = client.get("/1.0/identifiers/" + method_id.replace("#", "%23"))
    assert response.status_code == 200, response.text
    assert response.json()["contentStream"]["id"] == method_id
    encoded = httpx.URL("/1.0/identifiers/" + method_id.replace(":", "%3A").replace("#", "%23"))
    assert client.get(encoded).json()["contentStream"]["id"] == method_id
    missing = client.get("/1.0/identifiers/" + vc_api.key.controller + "%23nope")
    assert missing.status_code == 404
    assert missing.json()["dereferencingMetadata"]["error"] == "notFound"


@pytest.mark.parametrize(
    "did, status, error",
    [
        ("did:key:z6MkNOTBASE58lll", 400, "invalidDid"),
        ("not-a-did", 400, "invalidDid"),
        ("did:example:123", 501, "methodNotSupported"),
        ("did:web:example.com", 500, "internalError"),
    ],
)
def test_resolution_errors(client: httpx.Client, did: str, status: int, error: str) -> None:
    response = client.get(f"/1.0/identifiers/{did}")
    assert response.status_code == status
    body = response.json()
    assert body["didResolutionMetadata"]["error"] == error
    assert body["didDocument"] == {}  # "empty" on failure
    assert body["@context"] == "https://w3id.org/did-resolution/v1"
    assert body["didDocumentMetadata"] == {}
    assert body["code"] == error and body["status"] == status


# The requests of the did:key test suite (w3c-ccg/did-key-test-suite, tests/10-create.js): the
# DID URL encoded as encodeURIComponent writes it, resolution options as query parameters.
SUITE_DID = "did:key:z6MktKwz7Ge1Yxzr4JHavN33wiwa8y81QdcMRLXQsrH9T53b"
SUITE_KEY = SUITE_DID.removeprefix("did:key:")
SUITE_KEY_AGREEMENT = SUITE_DID + "#z6LSfHfAMAopsuBxaBzvp51GXrPf38Az13j2fmwqadbwwrzJ"
EXPERIMENTAL_OFF = {
    "publicKeyFormat": "Ed25519VerificationKey2018",
    "enableExperimentalPublicKeyTypes": "false",
}


@pytest.mark.parametrize(
    "did, query, status, metadata, error",
    [
        ("notDid:key:" + SUITE_KEY, {}, 400, "didResolutionMetadata", "invalidDid"),
        (
            "did:experimental:key:" + SUITE_KEY,
            {},
            501,
            "didResolutionMetadata",
            "methodNotSupported",
        ),
        ("did:key:-4:" + SUITE_KEY, {}, 400, "didResolutionMetadata", "invalidDid"),
        ("did:key:" + SUITE_KEY[1:], {}, 400, "didResolutionMetadata", "invalidDid"),
        ("did:key:@", {}, 400, "didResolutionMetadata", "invalidDid"),
        ("did:key:zTjsVPtY", {}, 400, "didResolutionMetadata", "invalidPublicKeyLength"),
        (
            f"{SUITE_DID}/^bar^/?query=`#{SUITE_KEY}",
            {},
            400,
            "didDereferencingMetadata",
            "invalidDidUrl",
        ),
        (
            SUITE_DID,
            {"publicKeyFormat": "unknown"},
            400,
            "didResolutionMetadata",
            "unsupportedPublicKeyType",
        ),
        (
            f"{SUITE_DID}#{SUITE_KEY}",
            EXPERIMENTAL_OFF,
            400,
            "didDereferencingMetadata",
            "invalidPublicKeyType",
        ),
        (
            SUITE_KEY_AGREEMENT,
            EXPERIMENTAL_OFF,
            400,
            "didDereferencingMetadata",
            "invalidPublicKeyType",
        ),
        (f"{SUITE_DID}#{SUITE_KEY}", {}, 200, "didDereferencingMetadata", None),
    ],
)
def test_the_did_key_suite_requests(
    client: httpx.Client,
    did: str,
    query: dict[str, str],
    status: int,
    metadata: str,
    error: str | None,
) -> None:
    encoded = quote(did, safe="!'()*-._~")  # encodeURIComponent
    response = client.get(
        httpx.URL("/1.0/identifiers/" + encoded),
        params=query,
        headers={"Accept": 'application/ld+json;profile="https://w3id.org/did-resolution"'},
    )
    assert response.status_code == status, response.text
    body = response.json()
    assert {"@context", "didDocument", "didDocumentMetadata", metadata} <= set(body)
    assert body["didDocument"] is not None
    assert body[metadata].get("error") == error
    if error is None:  # the dereferenced verification method, with its controller
        assert body["didDocument"]["controller"] == SUITE_DID
        assert body["contentStream"] == body["didDocument"]
