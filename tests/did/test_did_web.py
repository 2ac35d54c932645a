"""did:web: the DID ↔ URL mapping (spec vectors), the document checks, and resolution against a
real HTTPS server on 127.0.0.1 (``did:web:localhost%3A<port>``)."""

from __future__ import annotations

import asyncio
import copy
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.net.server import LocalServer, huge_route, json_route, raw_route, slow_route
from tests.vectors import read_json, read_text
from vcler._json import load_json
from vcler.did import (
    did_web_from_url,
    did_web_to_url,
    resolve,
    resolve_async,
)
from vcler.did.web import document_from_json
from vcler.errors import ParsingError, ResolutionError
from vcler.net import AsyncFetcher, Fetcher, FetchPolicy


def _mappings() -> list[dict[str, str]]:
    return list(read_json("did-web", "did-to-url.derived.json")["mappings"])


def _example(name: str) -> Any:
    return read_json("did-web", "spec-examples", name)


def _rebased(document: Any, did: str) -> Any:
    """The spec example document with ``did:web:example.com`` replaced by ``did``."""
    return json.loads(json.dumps(document).replace("did:web:example.com", did))


# --- the mapping ----------------------------------------------------------------------------


@pytest.mark.parametrize("row", range(5))
def test_did_to_url_vectors(row: int) -> None:
    mapping = _mappings()[row]
    assert did_web_to_url(mapping["did"]) == mapping["url"]
    assert did_web_from_url(mapping["url"]) == mapping["did"]


def test_vector_count() -> None:
    assert len(_mappings()) == 5


@pytest.mark.parametrize(
    ("did", "url"),
    [
        ("did:web:xn--mnchen-3ya.de", "https://xn--mnchen-3ya.de/.well-known/did.json"),
        ("did:web:Example.COM:a", "https://example.com/a/did.json"),
        ("did:web:example.com%3a8443", "https://example.com:8443/.well-known/did.json"),
        ("did:web:localhost%3A8443", "https://localhost:8443/.well-known/did.json"),
        ("did:web:example.com:user%20x", "https://example.com/user%20x/did.json"),
    ],
)
def test_more_mappings(did: str, url: str) -> None:
    assert did_web_to_url(did) == url


@pytest.mark.parametrize(
    ("did", "reason"),
    [
        ("did:web:", "not a valid DID"),
        ("did:web:127.0.0.1", "IP address"),
        ("did:web:127.0.0.1%3A8443", "IP address"),
        ("did:web:exa_mple.com", "label"),
        ("did:web:-example.com", "label"),
        ("did:web:example..com", "label"),
        ("did:web:example.123", "numeric"),
        ("did:web:m%C3%BCnchen.de", "xn--"),
        ("did:web:example.com%3A", "port"),
        ("did:web:example.com%3A99999", "port"),
        ("did:web:example.com%3Aabc", "port"),
        ("did:web:example.com%2F..", "percent-encode"),
        ("did:web:example.com::alice", "path segment"),
        ("did:web:example.com:..:etc", "path segment"),
        ("did:web:example.com:%2E%2E", "path segment"),
        ("did:web:example.com:a%2Fb", "path segment"),
        ("did:web:example.com#key-1", "not a valid DID"),
        ("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", "not web"),
    ],
)
def test_invalid_did_web(did: str, reason: str) -> None:
    with pytest.raises(ResolutionError, match=reason) as info:
        did_web_to_url(did)
    assert info.value.error == "invalidDid"


_label = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)
_host = (
    st.lists(_label, min_size=1, max_size=3)
    .map(".".join)
    .filter(lambda h: not h.rsplit(".", 1)[-1].isdigit())
)
_segment = st.from_regex(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,6}", fullmatch=True).filter(
    lambda s: s not in (".", "..")
)


@given(_host, st.one_of(st.none(), st.integers(1, 65535)), st.lists(_segment, max_size=3))
def test_mapping_round_trips(host: str, port: int | None, path: list[str]) -> None:
    authority = host if port is None else f"{host}%3A{port}"
    did = ":".join(["did:web", authority, *path])
    url = did_web_to_url(did)
    assert url.startswith(f"https://{host}") and url.endswith("/did.json")
    assert did_web_from_url(url) == did


# --- the document checks --------------------------------------------------------------------


def test_spec_example_documents_are_accepted() -> None:
    for name in ("example-01.trailing-comma-removed.derived.json", "example-02.json"):
        document = _example(name)
        assert document_from_json(copy.deepcopy(document), did="did:web:example.com") == document


def test_published_example_01_is_not_json() -> None:
    # As published, example 1 has a trailing comma: resolution must not accept it.
    with pytest.raises(ParsingError, match="not valid JSON"):
        load_json(read_text("did-web", "spec-examples", "example-01.txt"))


def test_document_for_another_did_is_refused() -> None:
    document = _example("example-02.json")
    with pytest.raises(ResolutionError, match=r"has id 'did:web:example\.com'"):
        document_from_json(document, did="did:web:example.org")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["verificationMethod"][0].update(id="#key-0"), "absolute DID URL"),
        (lambda d: d["verificationMethod"][0].update(id="did:web:evil.com#key-0"), "absolute"),
        (lambda d: d["verificationMethod"][0].update(controller="did:web:evil.com"), "controller"),
        (lambda d: d["assertionMethod"].append("did:web:evil.com#k"), "outside the document"),
        (lambda d: d["authentication"].append({"id": "#x", "controller": "x"}), "absolute"),
        (lambda d: d.update(verificationMethod=["did:web:example.com#key-0"]), "not an object"),
    ],
)
def test_methods_must_belong_to_the_did(change: Any, message: str) -> None:
    document = _example("example-01.trailing-comma-removed.derived.json")
    change(document)
    with pytest.raises(ResolutionError, match=message):
        document_from_json(document, did="did:web:example.com")


def test_resolution_document_wrapper_is_unwrapped() -> None:
    document = _example("example-02.json")
    wrapped = {"@context": "https://w3id.org/did-resolution/v1", "didDocument": document}
    assert document_from_json(wrapped, did="did:web:example.com") == document


def test_without_a_fetcher_the_network_is_not_allowed() -> None:
    result = resolve("did:web:example.com:user:alice")
    assert result.error == "internalError"
    assert "needs a network lookup of https://example.com/user/alice/did.json" in (
        result.error_message or ""
    )
    assert "not allowed" in (result.error_message or "")


# --- against a real HTTPS server ------------------------------------------------------------


@pytest.fixture(scope="module")
def web(https_server: LocalServer) -> LocalServer:
    did = https_server.did
    example = _example("example-01.trailing-comma-removed.derived.json")
    https_server.routes.update(
        {
            "/.well-known/did.json": json_route(
                _rebased(example, did),
                content_type="application/did+json",
                cache_control="max-age=300",
            ),
            "/users/alice/did.json": json_route(_rebased(example, did + ":users:alice")),
            "/wrong/did.json": json_route(example),
            "/broken/did.json": raw_route(
                read_text("did-web", "spec-examples", "example-01.txt").encode()
            ),
            "/html/did.json": raw_route(b"<html/>", content_type="text/html"),
            "/huge/did.json": huge_route(20 * 1024 * 1024, declare_length=False),
            "/slow/did.json": slow_route(1.0, _rebased(example, did + ":slow")),
            "/relative/did.json": json_route(
                _rebased(
                    json.loads(json.dumps(example).replace('"did:web:example.com#', '"#')),
                    did + ":relative",
                )
            ),
        }
    )
    return https_server


def _fetcher(server: LocalServer, **policy: Any) -> Fetcher:
    options: dict[str, Any] = {"allow_private_hosts": True, "ca_bundle": server.ca_bundle}
    options.update(policy)
    return Fetcher(policy=FetchPolicy(**options))


@pytest.mark.network
def test_resolve_over_https_and_cache(web: LocalServer) -> None:
    before = web.hits["/.well-known/did.json"]
    with _fetcher(web) as fetcher:
        first = resolve(web.did, fetcher=fetcher)
        second = resolve(web.did, fetcher=fetcher)
    assert first.error is None, first.error_message
    assert first.did_document is not None and first.did_document["id"] == web.did
    assert first.did_document["assertionMethod"] == [web.did + "#key-0", web.did + "#key-2"]
    assert second.to_json() == first.to_json()
    assert web.hits["/.well-known/did.json"] - before == 1


@pytest.mark.network
def test_resolve_with_a_path(web: LocalServer) -> None:
    with _fetcher(web) as fetcher:
        result = resolve(web.did + ":users:alice", fetcher=fetcher)
    assert result.error is None and result.did_document is not None
    assert result.did_document["id"] == web.did + ":users:alice"


@pytest.mark.network
@pytest.mark.parametrize(
    ("suffix", "error", "message"),
    [
        (":missing", "notFound", "HTTP 404"),
        (":wrong", "internalError", "has id 'did:web:example.com'"),
        (":broken", "internalError", "not usable JSON"),
        (":html", "internalError", "content type text/html"),
        (":huge", "internalError", "larger than the limit of 65536 bytes"),
        (":slow", "internalError", "timed out"),
        (":relative", "internalError", "absolute DID URL"),
    ],
)
def test_resolution_errors(web: LocalServer, suffix: str, error: str, message: str) -> None:
    with _fetcher(web, max_bytes=65536, read_timeout=0.2) as fetcher:
        result = resolve(web.did + suffix, fetcher=fetcher)
    assert result.error == error
    assert message in (result.error_message or "")
    assert result.did_document is None


@pytest.mark.network
def test_private_host_refused_by_default(web: LocalServer) -> None:
    before = sum(web.hits.values())
    with Fetcher(policy=FetchPolicy(ca_bundle=web.ca_bundle)) as fetcher:
        result = resolve(web.did, fetcher=fetcher)
    assert result.error == "internalError"
    assert "refused by the fetch policy" in (result.error_message or "")
    assert "loopback" in (result.error_message or "")
    assert sum(web.hits.values()) == before


@pytest.mark.network
def test_resolve_async(web: LocalServer) -> None:
    async def scenario() -> None:
        policy = FetchPolicy(allow_private_hosts=True, ca_bundle=web.ca_bundle, read_timeout=0.2)
        async with AsyncFetcher(policy=policy) as fetcher:
            ok = await resolve_async(web.did + ":users:alice", fetcher=fetcher)
            missing = await resolve_async(web.did + ":missing", fetcher=fetcher)
            wrong = await resolve_async(web.did + ":wrong", fetcher=fetcher)
            slow = await resolve_async(web.did + ":slow", fetcher=fetcher)
        assert ok.error is None and ok.did_document is not None
        assert (missing.error, wrong.error, slow.error) == (
            "notFound",
            "internalError",
            "internalError",
        )
        assert await resolve_async(web.did) == resolve(web.did)  # both: network not allowed

    asyncio.run(scenario())
