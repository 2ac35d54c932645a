"""The pure parts of the fetcher: policy checks, cache decisions, the exchange state machine."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vcler.errors import FetchError, FetchPolicyError, InputError
from vcler.net import FetchedDocument, FetchPolicy, ResponseCache, cache_lifetime
from vcler.net._exchange import Exchange, FetchStatusError, ReadBody, Redirect
from vcler.net._policy import (
    check_address,
    check_content_type,
    check_declared_length,
    check_url,
    redirect_target,
)

POLICY = FetchPolicy()


# --- URLs and addresses -------------------------------------------------------------------


def test_https_url_is_accepted() -> None:
    assert check_url("https://example.com/a.json", policy=POLICY) == ("https", "example.com", 443)
    assert check_url("https://example.com:8443/", policy=POLICY)[2] == 8443


def test_http_is_refused_unless_allowed() -> None:
    with pytest.raises(FetchPolicyError, match=r"http://example\.com/x.*only https"):
        check_url("http://example.com/x", policy=POLICY)
    assert check_url("http://example.com/x", policy=FetchPolicy(allow_http=True))[0] == "http"


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/x", "file:///etc/passwd", "https:///nohost", "https://u:p@example.com/"],
)
def test_other_urls_are_refused(url: str) -> None:
    with pytest.raises(FetchPolicyError):
        check_url(url, policy=POLICY)


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.1", "private"),
        ("172.16.5.4", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("::ffff:127.0.0.1", "loopback"),
        ("100.64.0.1", "non-global"),
        ("fc00::1", "private"),
    ],
)
def test_non_public_addresses_are_refused(address: str, kind: str) -> None:
    with pytest.raises(FetchPolicyError, match=kind):
        check_address(address, url="https://h/", policy=POLICY)
    check_address(address, url="https://h/", policy=FetchPolicy(allow_private_hosts=True))


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"])
def test_public_addresses_pass(address: str) -> None:
    check_address(address, url="https://h/", policy=POLICY)


def test_ip_literal_hosts_are_checked_in_the_url() -> None:
    with pytest.raises(FetchPolicyError, match="loopback"):
        check_url("https://127.0.0.1:8443/x", policy=POLICY)
    with pytest.raises(FetchPolicyError, match="loopback"):
        check_url("https://[::1]/x", policy=POLICY)


def test_policy_rejects_nonsense() -> None:
    with pytest.raises(InputError):
        FetchPolicy(read_timeout=0)
    with pytest.raises(InputError):
        FetchPolicy(max_bytes=0)
    with pytest.raises(InputError):
        FetchPolicy(max_redirects=-1)
    assert FetchPolicy(accepted_content_types={"a/b"}).accepted_content_types == frozenset({"a/b"})  # type: ignore[arg-type]


# --- redirects ----------------------------------------------------------------------------


def test_redirect_is_resolved_relative_to_the_url() -> None:
    target = redirect_target(
        "https://a.example/x/y",
        status=302,
        location="../z",
        seen=("https://a.example/x/y",),
        policy=POLICY,
    )
    assert target == "https://a.example/z"
    assert redirect_target("https://a/", status=200, location=None, seen=(), policy=POLICY) is None


def test_redirect_to_http_is_refused_even_when_http_is_allowed() -> None:
    with pytest.raises(FetchPolicyError, match="stay on https"):
        redirect_target(
            "https://a.example/",
            status=301,
            location="http://a.example/",
            seen=("https://a.example/",),
            policy=FetchPolicy(allow_http=True),
        )


def test_redirect_to_a_private_address_is_refused() -> None:
    with pytest.raises(FetchPolicyError, match="link-local"):
        redirect_target(
            "https://a.example/",
            status=307,
            location="https://169.254.169.254/latest/meta-data",
            seen=("https://a.example/",),
            policy=POLICY,
        )


def test_redirect_loop_and_count() -> None:
    with pytest.raises(FetchError, match="redirect loop"):
        redirect_target(
            "https://a/2",
            status=302,
            location="/1",
            seen=("https://a/1", "https://a/2"),
            policy=POLICY,
        )
    seen = tuple(f"https://a/{i}" for i in range(4))
    with pytest.raises(FetchError, match="too many redirects"):
        redirect_target("https://a/3", status=302, location="/9", seen=seen, policy=POLICY)
    with pytest.raises(FetchError, match="without a Location"):
        redirect_target(
            "https://a/", status=302, location=None, seen=("https://a/",), policy=POLICY
        )


# --- content type and size ----------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "application/json",
        "application/json; charset=utf-8",
        "Application/LD+JSON",
        "application/did+json",
        "application/did+ld+json",
    ],
)
def test_json_content_types_are_accepted(value: str) -> None:
    assert check_content_type(value, url="https://a/", policy=POLICY).endswith("json")


@pytest.mark.parametrize("value", ["text/html", "", None, "application/jsonx"])
def test_other_content_types_are_refused(value: str | None) -> None:
    with pytest.raises(FetchError, match=r"https://a/ returned content type"):
        check_content_type(value, url="https://a/", policy=POLICY)


def test_declared_length_over_the_cap_is_refused() -> None:
    policy = FetchPolicy(max_bytes=10)
    check_declared_length({"content-length": "10"}, url="https://a/", policy=policy)
    check_declared_length({"content-length": "junk"}, url="https://a/", policy=policy)
    with pytest.raises(FetchError, match="11 bytes, larger than the limit of 10"):
        check_declared_length({"content-length": "11"}, url="https://a/", policy=policy)


# --- caching ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "lifetime"),
    [
        ({}, 300.0),
        ({"cache-control": "max-age=60"}, 60.0),
        ({"cache-control": "public, max-age=60", "age": "20"}, 40.0),
        ({"cache-control": "max-age=999999"}, 3600.0),
        ({"cache-control": "no-store"}, 0.0),
        ({"cache-control": "max-age=60, no-cache"}, 0.0),
        ({"cache-control": 'max-age="60"'}, 60.0),
        ({"cache-control": "max-age=soon"}, 0.0),
        ({"cache-control": "max-age=10", "age": "30"}, 0.0),
        # Expires against Date, when there is no max-age (RFC 9111 §4.2.1).
        (
            {"date": "Sat, 05 Dec 2026 10:00:00 GMT", "expires": "Sat, 05 Dec 2026 10:02:00 GMT"},
            120.0,
        ),
        (
            {
                "cache-control": "max-age=30",
                "date": "Sat, 05 Dec 2026 10:00:00 GMT",
                "expires": "Sat, 05 Dec 2026 11:00:00 GMT",
            },
            30.0,
        ),
        ({"date": "Sat, 05 Dec 2026 10:00:00 GMT", "expires": "0"}, 0.0),
        (
            {"date": "Sat, 05 Dec 2026 10:00:00 GMT", "expires": "Fri, 04 Dec 2026 10:00:00 GMT"},
            0.0,
        ),
        (
            {"date": "Sat, 05 Dec 2026 10:00:00 GMT", "expires": "Sun, 06 Dec 2026 10:00:00 GMT"},
            3600.0,
        ),
        (
            {
                "date": "Sat, 05 Dec 2026 10:00:00 GMT",
                "expires": "Sat, 05 Dec 2026 10:02:00 GMT",
                "age": "100",
            },
            20.0,
        ),
    ],
)
def test_cache_lifetime(headers: dict[str, str], lifetime: float) -> None:
    assert cache_lifetime(headers, policy=POLICY) == lifetime


def test_expires_without_date_counts_from_now() -> None:
    headers = {"expires": "Sat, 05 Dec 2026 10:02:00 GMT"}
    now = 1796464800.0  # 2026-12-05T10:00:00Z
    assert cache_lifetime(headers, policy=POLICY, now=now) == 120.0


@given(st.text(max_size=40), st.text(max_size=40))
def test_cache_lifetime_never_raises_on_odd_dates(date: str, expires: str) -> None:
    lifetime = cache_lifetime({"date": date, "expires": expires}, policy=POLICY, now=0.0)
    assert 0.0 <= lifetime <= POLICY.cache_max_ttl


def _document(url: str, lifetime: float = 10.0) -> FetchedDocument:
    return FetchedDocument(url, url, "application/json", b"{}", lifetime)


def test_cache_expires_with_the_injected_clock() -> None:
    now = [1000.0]
    cache = ResponseCache(clock=lambda: now[0])
    cache.put(_document("https://a/"))
    assert cache.get("https://a/") is not None
    now[0] += 9.9
    assert cache.get("https://a/") is not None
    now[0] += 0.1
    assert cache.get("https://a/") is None
    assert len(cache) == 0


def test_cache_is_lru_bounded_and_skips_uncacheable() -> None:
    cache = ResponseCache(max_entries=2, clock=lambda: 0.0)
    cache.put(_document("https://a/"))
    cache.put(_document("https://b/"))
    assert cache.get("https://a/") is not None  # a is now the most recent
    cache.put(_document("https://c/"))
    assert cache.get("https://b/") is None
    assert cache.get("https://a/") is not None and cache.get("https://c/") is not None
    cache.put(_document("https://d/", lifetime=0))
    assert cache.get("https://d/") is None


@given(st.lists(st.sampled_from("abcdefgh"), max_size=40), st.integers(min_value=0, max_value=4))
def test_cache_never_exceeds_its_bound(keys: list[str], bound: int) -> None:
    cache = ResponseCache(max_entries=bound, clock=lambda: 0.0)
    for key in keys:
        cache.put(_document(f"https://{key}/"))
        assert len(cache) <= bound
    if keys and bound:
        assert cache.get(f"https://{keys[-1]}/") is not None


# --- the exchange -------------------------------------------------------------------------


def test_exchange_follows_a_redirect_then_reads() -> None:
    exchange = Exchange("https://a.example/x", policy=POLICY, started=0.0)
    first = exchange.next_request(now=0.0)
    assert first.url == "https://a.example/x" and "did+json" in first.headers["Accept"]
    assert exchange.receive_head(301, {"location": "/y"}) == Redirect("https://a.example/y")
    assert exchange.next_request(now=1.0).url == "https://a.example/y"
    assert isinstance(exchange.receive_head(200, {"content-type": "application/json"}), ReadBody)
    exchange.receive_chunk(2, now=1.0)
    document = exchange.finish(b"{}", {"cache-control": "max-age=5"})
    assert (document.url, document.final_url) == ("https://a.example/x", "https://a.example/y")
    assert document.cache_lifetime == 5.0


def test_exchange_reports_status_errors() -> None:
    exchange = Exchange("https://a.example/x", policy=POLICY, started=0.0)
    exchange.next_request(now=0.0)
    with pytest.raises(FetchStatusError, match=r"https://a\.example/x answered HTTP 404") as info:
        exchange.receive_head(404, {})
    assert info.value.status_code == 404


def test_exchange_enforces_size_and_deadline() -> None:
    policy = FetchPolicy(max_bytes=10, total_timeout=5)
    exchange = Exchange("https://a.example/x", policy=policy, started=100.0)
    request = exchange.next_request(now=102.0)
    assert request.read_timeout == 3.0 and request.connect_timeout == 3.0
    exchange.receive_head(200, {"content-type": "application/json"})
    exchange.receive_chunk(10, now=103.0)
    with pytest.raises(FetchError, match="larger than the limit of 10 bytes"):
        exchange.receive_chunk(1, now=103.0)
    late = Exchange("https://a.example/x", policy=policy, started=100.0)
    with pytest.raises(FetchError, match="took longer than 5"):
        late.next_request(now=105.0)
