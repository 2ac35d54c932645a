"""The fetchers against a real HTTPS server on 127.0.0.1 (and MockTransport fault injection)."""

from __future__ import annotations

import asyncio
import gzip
import itertools
import json
import socket
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.net.server import (
    LocalServer,
    huge_route,
    json_route,
    raw_route,
    redirect_route,
    stalled_route,
)
from vcler.errors import FetchError, FetchPolicyError, ParsingError
from vcler.net import AsyncFetcher, Fetcher, FetchPolicy, FetchStatusError

pytestmark = pytest.mark.network

DOCUMENT = {"id": "https://example.org/doc", "value": [1, 2, 3]}


@pytest.fixture(scope="module")
def server(https_server: LocalServer) -> LocalServer:
    """The test server with this module's routes."""
    port = https_server.port
    https_server.routes.update(
        {
            "/ok.json": json_route(DOCUMENT, cache_control="max-age=60"),
            "/ld.json": json_route(DOCUMENT, content_type="application/ld+json; charset=utf-8"),
            "/no-store.json": json_route(DOCUMENT, cache_control="no-store"),
            "/short.json": json_route(DOCUMENT, cache_control="max-age=5"),
            "/html": raw_route(b"<html></html>", content_type="text/html"),
            "/broken.json": raw_route(b'{"id": '),
            "/deep.json": raw_route(b"[" * 100 + b"]" * 100),
            "/huge-declared.json": huge_route(20 * 1024 * 1024, declare_length=True),
            "/huge-streamed.json": huge_route(20 * 1024 * 1024, declare_length=False),
            "/huge-trickled.json": huge_route(256 * 1024, declare_length=False, pause=0.3),
            "/to-http": redirect_route(f"http://localhost:{port}/ok.json"),
            "/loop-a": redirect_route("/loop-b"),
            "/loop-b": redirect_route("/loop-a"),
            "/hop-1": redirect_route("/hop-2", status=301),
            "/hop-2": redirect_route("/ok.json", status=308),
            "/chain-0": redirect_route("/chain-1"),
            "/chain-1": redirect_route("/chain-2"),
            "/chain-2": redirect_route("/chain-3"),
            "/chain-3": redirect_route("/ok.json"),
            "/gone": json_route({}, status=410),
            "/error": json_route({}, status=500),
        }
    )
    return https_server


_stalled_paths = itertools.count()


@pytest.fixture
def stalled_url(server: LocalServer) -> Iterator[str]:
    """A URL whose answer waits until the test is over: any read timeout fires first."""
    release = threading.Event()
    path = f"/stalled-{next(_stalled_paths)}.json"
    server.routes[path] = stalled_route(release, DOCUMENT)
    yield server.url(path)
    release.set()


# Timeouts for tests that are not about time: generous, so that a loaded machine never turns
# the behaviour under test into a timeout (/huge-trickled.json plays a loaded machine).
GENEROUS = {"connect_timeout": 60.0, "read_timeout": 60.0, "total_timeout": 120.0}
HUGE = ["/huge-declared.json", "/huge-streamed.json", "/huge-trickled.json"]


def _policy(server: LocalServer, **policy: Any) -> FetchPolicy:
    options: dict[str, Any] = {"allow_private_hosts": True, "ca_bundle": server.ca_bundle}
    options.update(policy)
    return FetchPolicy(**options)


def _fetcher(server: LocalServer, **policy: Any) -> Fetcher:
    return Fetcher(policy=_policy(server, **policy))


# --- success, TLS, SNI and caching ----------------------------------------------------------


def test_get_json_over_verified_tls(server: LocalServer) -> None:
    with _fetcher(server) as fetcher:
        assert fetcher.get_json(server.url("/ld.json")) == DOCUMENT
        document = fetcher.fetch(server.url("/ld.json"))
    assert document.content_type == "application/ld+json"
    # The connection went to the checked 127.0.0.1, yet TLS still named the host (SNI).
    assert "localhost" in server.sni_names


def test_ip_literal_url_verifies_against_the_ip_san(server: LocalServer) -> None:
    with _fetcher(server) as fetcher:
        assert fetcher.get_json(server.url("/ld.json", host="127.0.0.1")) == DOCUMENT


def test_untrusted_certificate_is_refused(server: LocalServer) -> None:
    with (
        Fetcher(policy=FetchPolicy(allow_private_hosts=True)) as fetcher,  # default CAs
        pytest.raises(FetchError, match=r"certificate verification failed") as info,
    ):
        fetcher.get_json(server.url("/ok.json"))
    assert server.url("/ok.json") in str(info.value)


def test_pinned_address_keeps_host_name_verification(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "evil.test" resolves to the server, but the certificate does not name it: the connection
    # goes to the checked address and TLS still verifies the URL's host name.
    real = socket.getaddrinfo
    looked_up: list[str] = []

    def fake(host: str, *args: Any, **kwargs: Any) -> Any:
        looked_up.append(host)
        return real("127.0.0.1" if host == "evil.test" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    with (
        _fetcher(server) as fetcher,
        pytest.raises(
            FetchError,
            match=r"certificate verification failed.*evil\.test|"
            r"evil\.test.*certificate verification failed",
        ),
    ):
        fetcher.get_json(server.url("/ok.json", host="evil.test"))
    # One name lookup; the connection itself only "resolves" the checked IP literal.
    assert looked_up[0] == "evil.test" and set(looked_up[1:]) <= {"127.0.0.1"}


def test_second_fetch_is_served_from_the_cache(server: LocalServer) -> None:
    before = server.hits["/ok.json"]
    with _fetcher(server) as fetcher:
        assert fetcher.get_json(server.url("/ok.json")) == DOCUMENT
        assert fetcher.get_json(server.url("/ok.json")) == DOCUMENT
    assert server.hits["/ok.json"] - before == 1


def test_cached_entry_expires_with_the_clock(server: LocalServer) -> None:
    now = [0.0]
    fetcher = Fetcher(
        policy=FetchPolicy(allow_private_hosts=True, ca_bundle=server.ca_bundle),
        clock=lambda: now[0],
    )
    before = server.hits["/short.json"]
    with fetcher:
        fetcher.get_json(server.url("/short.json"))
        now[0] = 4.0
        fetcher.get_json(server.url("/short.json"))
        assert server.hits["/short.json"] - before == 1
        now[0] = 6.0
        fetcher.get_json(server.url("/short.json"))
    assert server.hits["/short.json"] - before == 2


def test_no_store_is_not_cached(server: LocalServer) -> None:
    before = server.hits["/no-store.json"]
    with _fetcher(server) as fetcher:
        fetcher.get_json(server.url("/no-store.json"))
        fetcher.get_json(server.url("/no-store.json"))
    assert server.hits["/no-store.json"] - before == 2


def test_redirects_are_followed_within_the_limit(server: LocalServer) -> None:
    with _fetcher(server) as fetcher:
        document = fetcher.fetch(server.url("/hop-1"))
    assert document.final_url == server.url("/ok.json")
    assert json.loads(document.body) == DOCUMENT


# --- refusals -------------------------------------------------------------------------------


def test_private_addresses_are_refused_by_default(server: LocalServer) -> None:
    before = sum(server.hits.values())
    with Fetcher(policy=FetchPolicy(ca_bundle=server.ca_bundle)) as fetcher:
        # An IP literal is refused before any connection...
        with pytest.raises(FetchPolicyError, match="loopback"):
            fetcher.get_json(server.url("/ok.json", host="127.0.0.1"))
        # ...and a host name is refused on the address it resolves to.
        with pytest.raises(FetchPolicyError, match=r"loopback address"):
            fetcher.get_json(server.url("/ok.json"))
    assert sum(server.hits.values()) == before


def test_http_is_refused(server: LocalServer) -> None:
    with _fetcher(server) as fetcher, pytest.raises(FetchPolicyError, match="only https"):
        fetcher.get_json(f"http://localhost:{server.port}/ok.json")


def test_not_found_and_server_errors(server: LocalServer) -> None:
    fetcher = _fetcher(server)
    with pytest.raises(FetchStatusError, match="HTTP 404") as info:
        fetcher.get_json(server.url("/nothing-here.json"))
    assert info.value.status_code == 404
    with pytest.raises(FetchStatusError, match="HTTP 410"):
        fetcher.get_json(server.url("/gone"))
    with pytest.raises(FetchStatusError, match="HTTP 500"):
        fetcher.get_json(server.url("/error"))
    fetcher.close()


def test_wrong_content_type_is_refused(server: LocalServer) -> None:
    with (
        _fetcher(server) as fetcher,
        pytest.raises(FetchError, match=r"/html returned content type text/html"),
    ):
        fetcher.get_json(server.url("/html"))


def test_invalid_and_too_deep_json(server: LocalServer) -> None:
    fetcher = _fetcher(server)
    with pytest.raises(ParsingError, match=r"broken\.json is not usable JSON"):
        fetcher.get_json(server.url("/broken.json"))
    with pytest.raises(ParsingError, match="nested deeper"):
        fetcher.get_json(server.url("/deep.json"))
    fetcher.close()


@pytest.mark.parametrize("path", HUGE)
def test_huge_bodies_are_refused_by_the_cap(server: LocalServer, path: str) -> None:
    with (
        _fetcher(server, max_bytes=64 * 1024, **GENEROUS) as fetcher,
        pytest.raises(FetchError, match="larger than the limit of 65536 bytes"),
    ):
        fetcher.get_json(server.url(path))


def test_slow_response_times_out(server: LocalServer, stalled_url: str) -> None:
    with (
        _fetcher(server, read_timeout=0.2) as fetcher,
        pytest.raises(FetchError, match=r"timed out waiting for .*/stalled-\d+\.json"),
    ):
        fetcher.get_json(stalled_url)


def test_redirect_to_http_is_refused(server: LocalServer) -> None:
    with (
        _fetcher(server, allow_http=True) as fetcher,
        pytest.raises(FetchPolicyError, match="redirects must stay on https"),
    ):
        fetcher.get_json(server.url("/to-http"))


def test_redirect_loop_is_refused(server: LocalServer) -> None:
    before = server.hits["/loop-a"]
    with _fetcher(server) as fetcher, pytest.raises(FetchError, match="redirect loop"):
        fetcher.get_json(server.url("/loop-a"))
    assert server.hits["/loop-a"] - before == 1


def test_too_many_redirects(server: LocalServer) -> None:
    with (
        _fetcher(server, max_redirects=2) as fetcher,
        pytest.raises(FetchError, match=r"too many redirects .*chain-0"),
    ):
        fetcher.get_json(server.url("/chain-0"))
    with _fetcher(server, max_redirects=4) as fetcher:
        assert fetcher.get_json(server.url("/chain-0")) == DOCUMENT


# --- async ----------------------------------------------------------------------------------


def test_async_fetch_cache_and_errors(server: LocalServer) -> None:
    async def scenario() -> None:
        policy = FetchPolicy(allow_private_hosts=True, ca_bundle=server.ca_bundle)
        before = server.hits["/ok.json"]
        async with AsyncFetcher(policy=policy) as fetcher:
            assert await fetcher.get_json(server.url("/ok.json")) == DOCUMENT
            assert await fetcher.get_json(server.url("/ok.json")) == DOCUMENT
            assert server.hits["/ok.json"] - before == 1
            with pytest.raises(FetchStatusError):
                await fetcher.get_json(server.url("/nothing.json"))
            with pytest.raises(FetchError, match="redirect loop"):
                await fetcher.get_json(server.url("/loop-a"))
        async with AsyncFetcher(policy=FetchPolicy(ca_bundle=server.ca_bundle)) as fetcher:
            with pytest.raises(FetchPolicyError, match="loopback"):
                await fetcher.get_json(server.url("/ok.json"))

    asyncio.run(scenario())


def _async_fetcher(server: LocalServer, **policy: Any) -> AsyncFetcher:
    return AsyncFetcher(policy=_policy(server, **policy))


def test_async_slow_response_times_out(server: LocalServer, stalled_url: str) -> None:
    async def scenario() -> None:
        async with _async_fetcher(server, read_timeout=0.2) as fetcher:
            with pytest.raises(FetchError, match=r"timed out waiting for .*/stalled-\d+\.json"):
                await fetcher.get_json(stalled_url)

    asyncio.run(scenario())


@pytest.mark.parametrize("path", HUGE)
def test_async_huge_bodies_are_refused_by_the_cap(server: LocalServer, path: str) -> None:
    async def scenario() -> None:
        async with _async_fetcher(server, max_bytes=64 * 1024, **GENEROUS) as fetcher:
            with pytest.raises(FetchError, match="larger than the limit of 65536 bytes"):
                await fetcher.get_json(server.url(path))

    asyncio.run(scenario())


# --- fault injection with MockTransport -----------------------------------------------------


def _mock(handler: Any, **policy: Any) -> Fetcher:
    return Fetcher(policy=FetchPolicy(**policy), transport=httpx.MockTransport(handler))


def test_transport_errors_are_translated() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(FetchError, match=r"could not connect to fetch https://a\.example/x"):
        _mock(refuse).get_json("https://a.example/x")

    def stall(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("stalled", request=request)

    with pytest.raises(FetchError, match=r"timed out waiting for https://a\.example/x"):
        _mock(stall).get_json("https://a.example/x")


def test_gzip_bodies_are_capped_after_decoding() -> None:
    bomb = gzip.compress(b"[" + b" " * 200_000 + b"]")

    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"content-type": "application/json", "content-encoding": "gzip"}
        return httpx.Response(200, content=bomb, headers=headers)

    assert len(bomb) < 10_000
    with pytest.raises(FetchError, match="larger than the limit of 100000 bytes"):
        _mock(handler, max_bytes=100_000).get_json("https://a.example/x")


def test_total_deadline_covers_redirects() -> None:
    ticks = iter(range(0, 1000, 4))

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"location": f"{request.url}x"})

    fetcher = Fetcher(
        policy=FetchPolicy(total_timeout=10, max_redirects=20),
        transport=httpx.MockTransport(handler),
        monotonic=lambda: float(next(ticks)),
    )
    with pytest.raises(FetchError, match="took longer than 10"):
        fetcher.get_json("https://a.example/x")


def test_mock_transport_still_gets_policy_checks() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        return httpx.Response(200, json={})

    with pytest.raises(FetchPolicyError):
        _mock(handler).get_json("https://192.168.1.1/x")
    assert calls == []


def test_redirect_to_a_metadata_address_is_refused() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        return httpx.Response(302, headers={"location": "https://169.254.169.254/latest/"})

    with pytest.raises(FetchPolicyError, match="link-local"):
        _mock(handler).get_json("https://a.example/did.json")
    assert calls == ["https://a.example/did.json"]


# --- name lookups that do not answer --------------------------------------------------------


def _hanging_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lookups of hang.test answer only after a second; others resolve normally."""
    import threading

    real = socket.getaddrinfo
    never = threading.Event()

    def lookup(host: str | bytes, *args: Any, **kwargs: Any) -> Any:
        if host in ("hang.test", b"hang.test"):  # anyio passes the IDNA-encoded bytes
            never.wait(1)  # (asyncio.run waits for its executor's threads at the end)
            raise socket.gaierror("gave up")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", lookup)


def test_a_name_lookup_that_hangs_times_out(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    _hanging_lookups(monkeypatch)
    start = time.monotonic()
    with (
        _fetcher(server, connect_timeout=0.3) as fetcher,
        pytest.raises(FetchError, match=r"could not resolve hang\.test: no answer within 0\.3"),
    ):
        fetcher.get_json(server.url("/ok.json", host="hang.test"))
    assert time.monotonic() - start < 3
    # Other hosts still resolve meanwhile.
    with _fetcher(server) as fetcher:
        assert fetcher.get_json(server.url("/ok.json")) == DOCUMENT


def test_an_async_name_lookup_that_hangs_times_out(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    _hanging_lookups(monkeypatch)

    async def scenario() -> None:
        policy = FetchPolicy(
            allow_private_hosts=True, ca_bundle=server.ca_bundle, connect_timeout=0.3
        )
        async with AsyncFetcher(policy=policy) as fetcher:
            with pytest.raises(FetchError, match=r"hang\.test: no answer within 0\.3"):
                await asyncio.wait_for(
                    fetcher.get_json(server.url("/ok.json", host="hang.test")), timeout=3
                )

    asyncio.run(scenario())


def test_a_lookup_error_says_which_host(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(host: str, *args: Any, **kwargs: Any) -> Any:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    with (
        Fetcher() as fetcher,
        pytest.raises(FetchError, match=r"could not resolve nowhere\.test: Name or service"),
    ):
        fetcher.get_json("https://nowhere.test/doc.json")
