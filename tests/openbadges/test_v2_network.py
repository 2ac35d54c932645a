"""Open Badges 2.0 hosted assertions and skills frameworks read over real HTTPS (127.0.0.1).

The assertion, its BadgeClass, its Issuer and the issuer's revocation list are served by the
test server of ``tests/net`` at their ids; the verifier reads them only through the
policy-checked fetcher it is given.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

import vcler
from tests.net.server import LocalServer, json_route
from tests.vectors import read_json
from vcler.net import AsyncFetcher, Fetcher, FetchPolicy
from vcler.skills import Library, profile

pytestmark = pytest.mark.network

EMAIL = "ada@example.com"  # sha256 of the email and "canvas-salt-1"
IDENTITY = "sha256$b7f5660499924d092701bc5a252b1732c363c6f12e6aff531fde875172f11712"
OB2 = "https://w3id.org/openbadges/v2"


def _serve_badge(server: LocalServer, name: str, *, revoked: bool) -> str:
    """Serve a hosted assertion with its chain under /<name>/; the assertion's URL."""

    def url(path: str) -> str:
        return server.url(f"/{name}/{path}")

    assertion = {
        "@context": OB2,
        "type": "Assertion",
        "id": url("assertion"),
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": "canvas-salt-1",
            "identity": IDENTITY,
        },
        "badge": url("badge"),
        "issuedOn": "2016-05-01T00:00:00Z",
        "verification": {"type": "hosted"},
    }
    badge = {
        "@context": OB2,
        "type": "BadgeClass",
        "id": url("badge"),
        "name": "Information Security Basics",
        "description": "Security controls for small networks.",
        "image": url("badge.png"),
        "criteria": {"narrative": "Passed the module's assessment."},
        "issuer": url("issuer"),
        "alignment": [
            {
                "targetName": "Information Security Management",
                "targetUrl": "https://lightcast.io/open-skills/skills/KS1254M6N7QPZ96MGR0L",
            }
        ],
    }
    issuer = {
        "@context": OB2,
        "type": "Issuer",
        "id": url("issuer"),
        "name": "Example College Canvas",
        "revocationList": url("revocations"),
    }
    revocations = {
        "@context": OB2,
        "type": "RevocationList",
        "id": url("revocations"),
        "revokedAssertions": [{"id": url("assertion")}] if revoked else [],
    }
    for document in (assertion, badge, issuer, revocations):
        server.routes[f"/{name}/{document['id'].rsplit('/', 1)[1]}"] = json_route(document)
    return str(assertion["id"])


def _policy(server: LocalServer, **options: Any) -> FetchPolicy:
    return FetchPolicy(ca_bundle=server.ca_bundle, **options)


def test_a_hosted_assertion_is_fetched_with_its_chain(https_server: LocalServer) -> None:
    url = _serve_badge(https_server, "kept", revoked=False)
    with Fetcher(policy=_policy(https_server, allow_private_hosts=True)) as fetcher:
        result = vcler.verify(url, fetcher=fetcher, recipient=EMAIL)
        learner = profile(
            [url], verify=lambda document: vcler.verify(document, fetcher=fetcher, recipient=EMAIL)
        )
    assert result.verified, result.problems
    assert result.warnings == []
    assert result.proofs[0].type == "HostedBadge"
    issuer = result.document["badge"]["issuer"]  # type: ignore[index]
    assert issuer["name"] == "Example College Canvas"
    for path in ("assertion", "badge", "issuer", "revocations"):
        assert https_server.hits[f"/kept/{path}"] >= 1, path
    # The fetched BadgeClass's alignment feeds the skills profile.
    assert [skill.id for skill in learner.skills()] == [
        "https://lightcast.io/open-skills/skills/KS1254M6N7QPZ96MGR0L"
    ]


def test_the_revocation_list_is_fetched_and_applied(https_server: LocalServer) -> None:
    url = _serve_badge(https_server, "revoked", revoked=True)
    with Fetcher(policy=_policy(https_server, allow_private_hosts=True)) as fetcher:
        result = vcler.verify(url, fetcher=fetcher, recipient=EMAIL)
    assert [p.code for p in result.problems] == ["CREDENTIAL_REVOKED"]


def test_the_fetch_policy_is_applied_and_refusal_is_a_problem(https_server: LocalServer) -> None:
    url = _serve_badge(https_server, "private", revoked=False)
    with Fetcher(policy=_policy(https_server)) as fetcher:  # private addresses refused
        result = vcler.verify(url, fetcher=fetcher, recipient=EMAIL)
    assert not result.verified and result.problems
    assert https_server.hits["/private/assertion"] == 0
    # Without a fetcher, nothing is fetched at all.
    assert not vcler.verify(url, recipient=EMAIL).verified
    assert https_server.hits["/private/assertion"] == 0


def test_the_async_verifier_fetches_the_chain(https_server: LocalServer) -> None:
    url = _serve_badge(https_server, "async", revoked=False)

    async def run() -> vcler.VerificationResult:
        policy = _policy(https_server, allow_private_hosts=True)
        async with AsyncFetcher(policy=policy) as fetcher:
            return await vcler.averify(url, fetcher=fetcher, recipient="someone@example.com")

    result = asyncio.run(run())
    assert [p.code for p in result.problems] == ["RECIPIENT_MISMATCH"]
    assert https_server.hits["/async/revocations"] == 1


def test_a_library_is_fetched_through_the_fetcher(https_server: LocalServer) -> None:
    https_server.routes["/skills/9.33"] = json_route(read_json("lightcast", "skills.derived.json"))
    url = https_server.url("/skills/9.33")
    with Fetcher(policy=_policy(https_server, allow_private_hosts=True)) as fetcher:
        library = Library.fetch(url, fetcher=fetcher, version="9.33")
    python = library.get("KS125LS6N7WP4S6SFTCK")
    assert (python.name, python.version) == ("Python (Programming Language)", "9.33")
    with Fetcher(policy=_policy(https_server)) as fetcher, pytest.raises(vcler.VclerError):
        Library.fetch(url, fetcher=fetcher)  # a private address, refused by the policy
    assert https_server.hits["/skills/9.33"] == 1
