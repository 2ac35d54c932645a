"""The verifier page in a real headless Chromium (Debian's, driven by Playwright): a verified
Open Badge with its skills, a tampered one with its reason, a revoked one dropped as a file, a
presentation, and input that is not a credential. Every request the page makes goes to the
server that served it.

Without Chromium or Playwright these tests are skipped, except under ``CI=true``, where they
must run (``.ci/run`` installs Chromium). ``VCLER_SCREENSHOTS=DIR`` saves the pictures the
documentation shows.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import vcler
from tests.server.conftest import start_uvicorn
from vcler.cli._demo import example_credential
from vcler.server import create_app, load_config

pytestmark = pytest.mark.network

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def _missing(message: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = os.environ.get("VCLER_CHROMIUM") or shutil.which("chromium")
    if chromium is None:
        _missing("no chromium (apt-get install chromium; .ci/run installs it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("no playwright (pip install playwright)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


class Site:
    def __init__(self, url: str, key: Any) -> None:
        self.url = url
        self.key = key

    def issue(self, **changes: Any) -> dict[str, Any]:
        credential = example_credential()
        credential["issuer"]["id"] = self.key.controller
        credential["id"] = f"urn:uuid:{uuid.uuid4()}"
        credential.update(changes)
        response = httpx.post(
            f"{self.url}/issuers/college/credentials/issue", json={"credential": credential}
        )
        assert response.status_code == 201, response.text
        signed: dict[str, Any] = response.json()["verifiableCredential"]
        return signed


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("page")
    key = vcler.generate_key("Ed25519")
    (folder / "key.json").write_text(json.dumps(key.to_json()), encoding="utf-8")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    (folder / "server.toml").write_text(
        f'base_url = "{url}"\n[store]\nurl = "store.db"\n'
        '[[issuer]]\nname = "college"\nkey = "key.json"\nstatus = { purpose = "revocation" }\n',
        encoding="utf-8",
    )
    running, thread = start_uvicorn(create_app(load_config(folder / "server.toml")), sock)
    try:
        yield Site(url, key)
    finally:
        running.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture
def page(browser: Any, site: Site) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 900, "height": 1000})
    opened = context.new_page()
    requested: list[str] = []
    opened.on("request", lambda request: requested.append(request.url))
    opened.goto(f"{site.url}/verify")
    yield opened
    context.close()
    assert requested and all(url.startswith(site.url + "/") for url in requested), requested


def verify(page: Any, text: str) -> str:
    page.fill("#input", text)
    page.click("#verify")
    page.wait_for_selector("#verdict")
    return str(page.inner_text("#result"))


def screenshot(page: Any, name: str) -> None:
    folder = os.environ.get("VCLER_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def test_a_verified_badge_with_its_skills(page: Any, site: Site) -> None:
    signed = site.issue()
    shown = verify(page, json.dumps(signed, indent=2))
    assert page.inner_text("#verdict") == "✓ Verified"
    assert "Riverside Community College" in shown
    assert "Data Analysis with Python" in shown
    skills = page.inner_text("table.skills")
    assert "Data Analysis" in skills and "Open Skills Network" in skills and "DA-101" in skills
    assert "valid now" in shown and "not revoked or suspended" in shown
    assert "Problems" not in shown
    screenshot(page, "verifier-verified.png")


def test_a_tampered_badge_with_its_reason(page: Any, site: Site) -> None:
    tampered = copy.deepcopy(site.issue())
    tampered["credentialSubject"]["achievement"]["name"] = "Machine Learning Engineering"
    shown = verify(page, json.dumps(tampered, indent=2))
    assert page.inner_text("#verdict") == "✗ Not verified"
    problems = page.inner_text("ul.problems")
    assert "Proof verification error" in problems and "/verifiableCredential/proof" in problems
    assert "Machine Learning Engineering" in shown  # what the document claims, shown as text
    screenshot(page, "verifier-tampered.png")


def test_a_revoked_badge_dropped_as_a_file(page: Any, site: Site, tmp_path: Path) -> None:
    signed = site.issue(id="urn:uuid:page-revoked")
    revoke = {
        "credentialId": "urn:uuid:page-revoked",
        "credentialStatus": {"type": "BitstringStatusListEntry"},
        "status": True,
    }
    assert httpx.post(f"{site.url}/issuers/college/credentials/status", json=revoke).is_success
    (tmp_path / "badge.json").write_text(json.dumps(signed), encoding="utf-8")
    page.set_input_files("#file", str(tmp_path / "badge.json"))
    page.wait_for_selector("#verdict")
    assert page.inner_text("#verdict") == "✗ Not verified"
    shown = page.inner_text("#result")
    assert "revoked" in shown and "Credential revoked" in shown


def test_a_presentation_shows_each_credential(page: Any, site: Site) -> None:
    holder = vcler.generate_key("Ed25519")
    challenge = httpx.post(f"{site.url}/challenges").json()["challenge"]
    presentation = vcler.present([site.issue()], signer=holder, challenge=challenge)
    shown = verify(page, json.dumps(presentation))
    assert page.inner_text("#verdict") == "✓ Verified", shown
    assert "holding 1 credential(s)" in shown and "Open Skills Network" in shown
    # The challenge was used up: the same presentation again is refused, with its reason.
    again = verify(page, json.dumps(presentation))
    assert "already used" in again


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "Paste or drop a credential"),
        ("hello", "neither JSON nor a JWT"),
        ('{"type": ', "not valid JSON"),
        ("<img src=x onerror=alert(1)>", "neither JSON nor a JWT"),
    ],
)
def test_input_that_is_not_a_credential(page: Any, text: str, message: str) -> None:
    shown = verify(page, text)
    assert message in shown and page.locator("#result img").count() == 0


def test_a_script_in_the_document_stays_text(page: Any, site: Site) -> None:
    signed = site.issue(name="<img src=x onerror=document.title='owned'>")
    shown = verify(page, json.dumps(signed))
    assert "<img src=x" in shown and page.locator("#result img").count() == 0
    assert page.title() == "Verify a credential"


def test_a_browser_asking_for_the_root_gets_the_page(page: Any, site: Site) -> None:
    page.goto(site.url + "/")
    assert page.title() == "Verify a credential"
    assert httpx.get(site.url + "/").json()["page"] == "/verify"  # JSON to API clients
    headers = httpx.get(site.url + "/verify").headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_a_jwt_is_sent_as_an_enveloped_credential(page: Any, site: Site) -> None:
    """A VC-JOSE-COSE token: shown from its payload, and verified by the server as an
    ``EnvelopedVerifiableCredential`` holding it in a ``data:`` URL."""
    from jwcrypto import jwk, jws

    credential = example_credential()
    credential["issuer"]["id"] = site.key.controller
    signing = jwk.JWK.generate(kty="OKP", crv="Ed25519")
    token = jws.JWS(json.dumps(credential).encode())
    token.add_signature(signing, protected={"alg": "EdDSA", "typ": "vc+jwt"})
    compact = token.serialize(compact=True)
    sent: list[dict[str, Any]] = []
    page.on(
        "request",
        lambda request: (
            sent.append(json.loads(request.post_data)) if request.method == "POST" else None
        ),
    )
    shown = verify(page, compact)
    assert sent[-1]["verifiableCredential"] == {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": f"data:application/vc+jwt,{compact}",
        "type": "EnvelopedVerifiableCredential",
    }
    assert "Riverside Community College" in shown and "Open Skills Network" in shown
    # Signed by a key the issuer does not name: never verified.
    assert page.inner_text("#verdict") == "✗ Not verified"


@pytest.mark.parametrize("format", ["jwt", "sd-jwt", "vc-jwt"])
def test_a_token_verifies_with_its_skills(page: Any, site: Site, format: str) -> None:
    credential = example_credential()
    credential["issuer"]["id"] = site.key.controller
    token = vcler.issue_envelope(credential, signer=site.key, format=format)
    shown = verify(page, token)
    assert page.inner_text("#verdict") == "✓ Verified", shown
    assert "Riverside Community College" in shown and "Open Skills Network" in shown
