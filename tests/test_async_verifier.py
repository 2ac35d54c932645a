"""The async verifier: the same steps as the blocking one, its documents awaited ahead."""

from __future__ import annotations

import copy
import threading
from datetime import datetime, timezone
from typing import Any

import anyio
import pytest

import vcler
from tests.net.server import LocalServer, json_route, stalled_route
from vcler.cli._demo import example_credential
from vcler.net import AsyncFetcher, FetchPolicy
from vcler.status import StatusRegistry

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
CREATED = "2026-11-28T11:00:00Z"


def _credential(key: Any) -> dict[str, Any]:
    credential = example_credential()
    credential["issuer"]["id"] = key.controller
    return credential


def _did_web_key(server: LocalServer, name: str) -> tuple[Any, str]:
    """A key of the did:web issuer ``name`` on ``server``, and its did.json path."""
    did = f"{server.did}:issuers:{name}"
    key = vcler.generate_key("Ed25519", controller=did)
    path = f"/issuers/{name}/did.json"
    server.routes[path] = json_route(
        {
            "@context": ["https://www.w3.org/ns/did/v1"],
            "id": did,
            "verificationMethod": [key.to_json(include_secret=False)],
            "assertionMethod": [key.id],
            "authentication": [key.id],
        }
    )
    return key, path


def _results(result: vcler.VerificationResult) -> Any:
    return result.to_json()


def test_the_async_verifier_agrees_with_the_blocking_one() -> None:
    key = vcler.generate_key("Ed25519")
    signed = vcler.issue(_credential(key), signer=key, created=CREATED)
    tampered = copy.deepcopy(signed)
    tampered["name"] = "Forged"
    presentation = vcler.present([signed, tampered], signer=key, challenge="c-1")
    documents = [signed, tampered, presentation, "eyJhbGciOiJub25lIn0.e30.", {"proof": 1}, None]

    async def both() -> list[tuple[Any, Any]]:
        verifier = vcler.AsyncVerifier(now=NOW)
        pairs = []
        for document in documents:
            awaited = await verifier.verify(document, challenge="c-1")
            blocked = vcler.Verifier(now=NOW).verify(document, challenge="c-1")
            pairs.append((_results(awaited), _results(blocked)))
        return pairs

    for awaited, blocked in anyio.run(both):
        assert awaited == blocked


def test_did_web_documents_are_retrieved_ahead_and_concurrently(
    https_server: LocalServer,
) -> None:
    # Two issuers whose did.json answer only once both have been asked for: only a
    # verifier that fetches them at the same time can finish.
    release = threading.Event()
    first, first_path = _did_web_key(https_server, "async-first")
    second, second_path = _did_web_key(https_server, "async-second")
    routes = dict(https_server.routes)
    for path in (first_path, second_path):
        answer = routes[path]

        def route(handler: Any, answer: Any = answer) -> None:
            if https_server.hits[first_path] and https_server.hits[second_path]:
                release.set()
            release.wait(30)
            answer(handler)

        https_server.routes[path] = route
    holder = vcler.generate_key("Ed25519")
    presentation = vcler.present(
        [
            vcler.issue(_credential(first), signer=first, created=CREATED),
            vcler.issue(_credential(second), signer=second, created=CREATED),
        ],
        signer=holder,
        challenge="c-2",
    )
    policy = FetchPolicy(allow_private_hosts=True, ca_bundle=https_server.ca_bundle)

    async def run() -> vcler.VerificationResult:
        async with AsyncFetcher(policy=policy) as fetcher:
            verifier = vcler.AsyncVerifier(fetcher=fetcher, now=NOW)
            return await verifier.verify(presentation, challenge="c-2")

    result = anyio.run(run)
    assert result.verified, result.problems
    assert release.is_set()


def test_status_lists_and_their_keys_are_retrieved_ahead(
    https_server: LocalServer, tmp_path: Any
) -> None:
    key, _ = _did_web_key(https_server, "async-status")
    url = https_server.url("/status/async/1")
    with StatusRegistry(tmp_path / "status.db") as registry:
        registry.create_list(url, issuer=key.controller, purpose="revocation", signer=key)
        issued = vcler.issue(_credential(key), signer=key, status=(registry, url))
        https_server.routes["/status/async/1"] = json_route(registry.publish(url))
        policy = FetchPolicy(allow_private_hosts=True, ca_bundle=https_server.ca_bundle)

        async def run() -> vcler.VerificationResult:
            async with AsyncFetcher(policy=policy) as fetcher:
                return await vcler.averify(issued, fetcher=fetcher)

        assert anyio.run(run).verified
        index = int(issued["credentialStatus"]["statusListIndex"])
        registry.set_status(url, index, 1)
        https_server.routes["/status/async/1"] = json_route(registry.publish(url))
        revoked = anyio.run(run)
    assert [p.code for p in revoked.problems] == ["CREDENTIAL_REVOKED"]


def test_offline_the_async_verifier_says_a_lookup_was_needed(https_server: LocalServer) -> None:
    key, _ = _did_web_key(https_server, "async-offline")
    signed = vcler.issue(_credential(key), signer=key, created=CREATED)
    result = anyio.run(lambda: vcler.averify(signed, now=NOW))
    assert not result.verified
    assert any("network" in p.message for p in result.problems)


def test_a_source_without_aget_is_refused() -> None:
    class OnlySync:
        def get(self, url: str) -> Any:
            raise KeyError(url)

    context = vcler.VerificationContext(source=OnlySync())
    with pytest.raises(vcler.errors.InputError):
        vcler.AsyncVerifier(context)


def test_a_stalled_fetch_fails_after_the_fetcher_timeout_not_forever(
    https_server: LocalServer,
) -> None:
    did = f"{https_server.did}:issuers:stalled"
    key = vcler.generate_key("Ed25519", controller=did)
    release = threading.Event()
    https_server.routes["/issuers/stalled/did.json"] = stalled_route(release, {"id": did})
    signed = vcler.issue(_credential(key), signer=key, created=CREATED)
    policy = FetchPolicy(
        allow_private_hosts=True, ca_bundle=https_server.ca_bundle, read_timeout=0.5
    )

    async def run() -> vcler.VerificationResult:
        async with AsyncFetcher(policy=policy) as fetcher:
            return await vcler.averify(signed, fetcher=fetcher, now=NOW)

    try:
        result = anyio.run(run)
    finally:
        release.set()
    assert not result.verified
    assert result.problems[0].pointer == "/proof/verificationMethod"
