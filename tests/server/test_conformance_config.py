"""The conformance server of ``docs/conformance.md``, as the page configures it: one issuer per
cryptosuite (eddsa-rdfc-2022, eddsa-jcs-2022, ecdsa-rdfc-2019 with P-256 and P-384,
ecdsa-sd-2023) and a status list issuer. It starts, and serves every endpoint the W3C suites
use, over HTTPS on 127.0.0.1: issuing with each issuer, verifying credentials and
presentations, deriving, the status list, DID resolution; and the verifier settings the page
argues for are the ones that let the suites' fixtures through.
"""

from __future__ import annotations

import socket
import ssl
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import vcler
from tests.docs_pages import blocks
from tests.net.server import make_certificates
from tests.server.conftest import start_uvicorn
from tests.vectors import read_json

pytestmark = pytest.mark.network

PAGE = "docs/conformance.md"
V2 = "https://www.w3.org/ns/credentials/v2"
EXAMPLES = "https://www.w3.org/ns/credentials/examples/v2"
# issuer name -> (key file, cryptosuite, key type)
ISSUERS = {
    "eddsa-rdfc-2022": ("ed25519", "eddsa-rdfc-2022", "Ed25519"),
    "eddsa-jcs-2022": ("ed25519", "eddsa-jcs-2022", "Ed25519"),
    "ecdsa-rdfc-2019-p256": ("p256", "ecdsa-rdfc-2019", "P-256"),
    "ecdsa-rdfc-2019-p384": ("p384", "ecdsa-rdfc-2019", "P-384"),
    "ecdsa-sd-2023": ("p256", "ecdsa-sd-2023", "P-256"),
    "status-list": ("ed25519", "eddsa-rdfc-2022", "Ed25519"),
}


def page_config() -> str:
    """The page's ``server.toml`` block."""
    [block] = [b for b in blocks(PAGE) if b.caption == "`server.toml`:"]
    return block.text


class Conformance:
    def __init__(self, base_url: str, ca: str, keys: dict[str, Any]) -> None:
        self.base_url = base_url
        self.ca = ca
        self.keys = keys

    def client(self) -> httpx.Client:
        tls = ssl.create_default_context(cafile=self.ca)
        return httpx.Client(base_url=self.base_url, verify=tls, timeout=30)

    def credential(self, issuer: str) -> dict[str, Any]:
        return {
            "@context": [V2, EXAMPLES],
            "id": f"urn:uuid:{uuid.uuid4()}",
            "type": ["VerifiableCredential"],
            "issuer": self.keys[ISSUERS[issuer][0]].controller,
            "validFrom": "2024-01-01T00:00:00Z",
            "credentialSubject": {"id": "did:example:ada", "name": "Ada", "degree": "BSc"},
        }


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Conformance]:
    from vcler.server import create_app, load_config

    folder = tmp_path_factory.mktemp("conformance")
    keys = {
        name: vcler.generate_key(key_type)
        for name, key_type in (("ed25519", "Ed25519"), ("p256", "P-256"), ("p384", "P-384"))
    }
    for name, key in keys.items():
        key.save(folder / f"{name}.json")
    ca_path, cert_path, key_path = make_certificates(folder)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    base_url = f"https://127.0.0.1:{sock.getsockname()[1]}"
    text = page_config().replace("https://localhost:40443", base_url)
    (folder / "server.toml").write_text(text, encoding="utf-8")
    config = load_config(folder / "server.toml")
    uvicorn_server, thread = start_uvicorn(
        create_app(config), sock, ssl_certfile=str(cert_path), ssl_keyfile=str(key_path)
    )
    try:
        yield Conformance(base_url, str(ca_path), keys)
    finally:
        uvicorn_server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def test_the_page_configures_one_issuer_per_suite(server: Conformance) -> None:
    with server.client() as client:
        index = client.get("/").json()
    assert [issuer["name"] for issuer in index["issuers"]] == list(ISSUERS)
    assert index["derive"] == "/credentials/derive"


@pytest.mark.parametrize("name", list(ISSUERS))
def test_every_issuer_issues_what_the_verifier_verifies(server: Conformance, name: str) -> None:
    key_file, suite, key_type = ISSUERS[name]
    with server.client() as client:
        response = client.post(
            f"/issuers/{name}/credentials/issue", json={"credential": server.credential(name)}
        )
        assert response.status_code == 201, response.text
        signed = response.json()["verifiableCredential"]
        assert signed["proof"]["cryptosuite"] == suite
        assert server.keys[key_file].algorithm == key_type
        assert signed["proof"]["verificationMethod"] == server.keys[key_file].id
        if suite == "ecdsa-sd-2023":  # a base proof: the holder derives, the verifier refuses
            derived = client.post(
                "/credentials/derive",
                json={
                    "verifiableCredential": signed,
                    "options": {"selectivePointers": ["/credentialSubject/name"]},
                },
            )
            assert derived.status_code == 201, derived.text
            refused = client.post("/credentials/verify", json={"verifiableCredential": signed})
            assert refused.status_code == 400
            signed = derived.json()
        verified = client.post(
            "/credentials/verify",
            json={"verifiableCredential": signed, "options": {"checks": ["proof", "status"]}},
        )
        assert verified.status_code == 200, verified.text
        assert verified.json()["verified"] is True


def test_selective_disclosure_over_http(server: Conformance) -> None:
    """The ecdsa suite's calls: issue with options.mandatoryPointers, derive with
    options.selectivePointers; a pointer that matches nothing is refused."""
    with server.client() as client:
        issued = client.post(
            "/issuers/ecdsa-sd-2023/credentials/issue",
            json={
                "credential": server.credential("ecdsa-sd-2023"),
                "options": {"mandatoryPointers": ["/issuer"]},
            },
        )
        assert issued.status_code == 201, issued.text
        base = issued.json()["verifiableCredential"]
        derived = client.post(
            "/credentials/derive",
            json={
                "verifiableCredential": base,
                "options": {"selectivePointers": ["/credentialSubject/degree"]},
            },
        ).json()
        assert derived["credentialSubject"] == {"id": "did:example:ada", "degree": "BSc"}
        assert "validFrom" not in derived
        assert vcler.verify(derived).verified
        bad = client.post(
            "/issuers/ecdsa-sd-2023/credentials/issue",
            json={
                "credential": server.credential("ecdsa-sd-2023"),
                "options": {"mandatoryPointers": ["/credentialSubject/invalidPointer"]},
            },
        )
        assert bad.status_code == 400
        assert bad.json()["code"] == "PROOF_GENERATION_ERROR"
        nothing = client.post(
            "/credentials/derive",
            json={"verifiableCredential": base, "options": {"selectivePointers": ["/nope"]}},
        )
        assert nothing.status_code == 400
        assert nothing.json()["errors"][0]["code"] == "PROOF_GENERATION_ERROR"
        unknown = client.post(
            "/credentials/derive",
            json={"verifiableCredential": base, "options": {"proofId": "x"}},
        )
        assert unknown.status_code == 400
        assert unknown.json()["code"] == "UNKNOWN_OPTION"


def test_the_spec_vectors_verify_under_the_page_policy(server: Conformance) -> None:
    """issuer_proofs = "none": the ECDSA specification's derived vector, whose issuer
    controls none of its keys, verifies, as the suite expects; an altered copy does not."""
    derived = read_json("di-ecdsa", "ecdsa-sd-2023", "employ", "derivedRevealDocument.json")
    assert not vcler.verify(derived).verified  # vcler's default binds proofs to issuers
    with server.client() as client:
        answer = client.post("/credentials/verify", json={"verifiableCredential": derived})
        assert answer.status_code == 200, answer.text
        derived["credentialSubject"]["birthCountry"] = "Utopia"
        altered = client.post("/credentials/verify", json={"verifiableCredential": derived})
        assert altered.status_code == 400


def test_status_entries_with_messages(server: Conformance) -> None:
    with server.client() as client:
        response = client.post(
            "/issuers/status-list/credentials/issue",
            json={"credential": server.credential("status-list")},
        )
        assert response.status_code == 201, response.text
        issued = response.json()["verifiableCredential"]
        entry = issued["credentialStatus"]
        assert entry["statusPurpose"] == "message"
        assert entry["statusSize"] == 2
        assert [m["message"] for m in entry["statusMessage"]] == [
            "unset",
            "pending",
            "accepted",
            "rejected",
        ]
        assert entry["statusReference"].endswith("/status-codes")
        listed = client.get(entry["statusListCredential"].replace(server.base_url, ""))
        assert listed.status_code == 200
        assert listed.json()["credentialSubject"]["statusPurpose"] == "message"
        verified = client.post(
            "/credentials/verify",
            json={"verifiableCredential": issued, "options": {"checks": ["credentialStatus"]}},
        )
        assert verified.status_code == 200, verified.text


def test_presentations_without_a_challenge_and_did_resolution(server: Conformance) -> None:
    holder = vcler.generate_key("Ed25519")
    with server.client() as client:
        signed = client.post(
            "/issuers/eddsa-rdfc-2022/credentials/issue",
            json={"credential": server.credential("eddsa-rdfc-2022")},
        ).json()["verifiableCredential"]
        presentation = vcler.present([signed], signer=holder)
        answer = client.post("/presentations/verify", json={"verifiablePresentation": presentation})
        assert answer.status_code == 200, answer.text
        did = server.keys["p384"].controller
        resolved = client.get(f"/1.0/identifiers/{did}")
        assert resolved.status_code == 200
        assert resolved.json()["didDocument"]["id"] == did
        assert resolved.json()["@context"] == "https://w3id.org/did-resolution/v1"


def test_the_page_config_is_what_the_tests_start(tmp_path: Path) -> None:
    """The verifier settings the page argues for are in its configuration, and the page has
    a section for each W3C suite."""
    from vcler.server import parse_config

    page = Path(__file__).resolve().parents[2].joinpath(PAGE).read_text(encoding="utf-8")
    for suite in (
        "VC Data Model 2.0",
        "Data Integrity EdDSA",
        "Data Integrity ECDSA",
        "Bitstring Status List",
        "did:key",
    ):
        assert f"\n## {suite}\n" in page
    text = page_config()
    assert 'issuer_proofs = "none"' in text and "require_challenge = false" in text
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    config = parse_config(tomllib.loads(text), base_dir=tmp_path)
    policy = config.verifier.policy()
    assert policy.issuer_proofs == "none" and not policy.require_challenge
    assert policy.status.list_issuers == "any"
    suites = [suite for _, suite, _ in ISSUERS.values()]
    assert [i.suite for i in config.issuers] == [*suites[:-1], None]  # the status list: default


# The VC Data Model 2.0 suite's relatedResource fixture: digests of a pre-Recommendation
# version of the VC 2.0 context. vcler keeps the Recommendation's bytes (the page argues why).
DRAFT_SRI = "sha384-NSOcNpmdIVUxIJGvGUoe22FjTWrXiaXlsZ8q6912LdnR3KraQO2n75Ica4wK4Qeg"
RECOMMENDATION_SRI = "sha384-l/HrjlBCNWyAX91hr6LFV2Y3heB5Tcr6IeE4/Tje8YyzYBM8IhqjHWiWpr8+ZbYU"


def test_related_resource_digests_are_of_the_recommendation(server: Conformance) -> None:
    page = Path(__file__).resolve().parents[2].joinpath(PAGE).read_text(encoding="utf-8")
    assert DRAFT_SRI in page and RECOMMENDATION_SRI in page
    with server.client() as client:
        for digest, status in ((DRAFT_SRI, 400), (RECOMMENDATION_SRI, 201)):
            credential = server.credential("eddsa-rdfc-2022")
            credential["relatedResource"] = {"id": V2, "digestSRI": digest}
            answer = client.post(
                "/issuers/eddsa-rdfc-2022/credentials/issue", json={"credential": credential}
            )
            assert answer.status_code == status, answer.text
            if status == 400:
                assert (
                    answer.json()["errors"][0]["pointer"] == "/credential/relatedResource/digestSRI"
                )
