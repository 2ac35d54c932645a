"""End to end over HTTPS: status lists published on a real server on 127.0.0.1 (test CA)."""

from __future__ import annotations

from typing import Any

import pytest

import vcler
from tests.net.server import LocalServer, json_route
from tests.status._helpers import credential
from vcler.net import Fetcher, FetchPolicy
from vcler.status import StatusChecker, StatusListCache, StatusRegistry, add_status_entry

pytestmark = pytest.mark.network


def _fetcher(server: LocalServer) -> Fetcher:
    return Fetcher(policy=FetchPolicy(allow_private_hosts=True, ca_bundle=server.ca_bundle))


def _publish_on(
    server: LocalServer,
    registry: StatusRegistry,
    key: Any,
    path: str,
    *,
    revoke: bool,
    cache_control: str = "max-age=60",
) -> tuple[str, dict[str, Any]]:
    """Create a list served at ``path``, issue one credential on it; (list URL, credential)."""
    url = server.url(path)
    registry.create_list(url, signer=key, ttl=60_000)
    document, index = add_status_entry(credential(key.controller), registry, url)
    if revoke:
        registry.set_status(url, index, 1)
    server.routes[path] = json_route(registry.publish(url), cache_control=cache_control)
    return url, vcler.issue(document, signer=key)


def test_revoked_over_https_and_second_check_from_cache(
    https_server: LocalServer, registry: StatusRegistry, key: Any
) -> None:
    path = "/status/revoked.json"
    url, revoked = _publish_on(https_server, registry, key, path, revoke=True)
    valid_doc, _ = add_status_entry(credential(key.controller), registry, url)
    valid = vcler.issue(valid_doc, signer=key)  # issued after publishing: its bit is 0
    with _fetcher(https_server) as fetcher:
        checker = StatusChecker(fetcher=fetcher)
        (bad,) = checker.check(revoked)
        (good,) = checker.check(valid)
    assert [p.code for p in bad.problems] == ["CREDENTIAL_REVOKED"]
    assert good.verified and good.value == 0
    assert https_server.hits[path] == 1


def test_fetcher_cache_control_serves_fresh_checkers(
    https_server: LocalServer, registry: StatusRegistry, key: Any
) -> None:
    path = "/status/cached.json"
    _url, signed = _publish_on(https_server, registry, key, path, revoke=False)
    with _fetcher(https_server) as fetcher:
        for _ in range(3):  # a new checker (and status cache) each time; one fetcher
            (result,) = StatusChecker(fetcher=fetcher).check(signed)
            assert result.verified
    assert https_server.hits[path] == 1


def test_status_cache_ttl_refetches_after_expiry(
    https_server: LocalServer, registry: StatusRegistry, key: Any
) -> None:
    path = "/status/no-store.json"
    _url, signed = _publish_on(
        https_server, registry, key, path, revoke=False, cache_control="no-store"
    )
    clock = [0.0]
    cache = StatusListCache(clock=lambda: clock[0])
    with _fetcher(https_server) as fetcher:
        checker = StatusChecker(fetcher=fetcher, cache=cache)
        checker.check(signed)
        clock[0] = 59.0  # within the list's ttl of 60 s
        checker.check(signed)
        assert https_server.hits[path] == 1
        clock[0] = 61.0
        checker.check(signed)
    assert https_server.hits[path] == 2


def test_unreachable_list_fails_closed(
    https_server: LocalServer, registry: StatusRegistry, key: Any
) -> None:
    url = https_server.url("/status/missing.json")  # the server answers 404
    registry.create_list(url, signer=key)
    document, _ = add_status_entry(credential(key.controller), registry, url)
    signed = vcler.issue(document, signer=key)
    with _fetcher(https_server) as fetcher:
        (closed,) = StatusChecker(fetcher=fetcher).check(signed)
        (opened,) = StatusChecker(fetcher=fetcher, fail_closed=False).check(signed)
    assert not closed.verified
    assert [p.code for p in closed.problems] == ["STATUS_RETRIEVAL_ERROR"]
    assert "404" in (closed.problems[0].detail or "")
    assert not opened.problems and [w.code for w in opened.warnings] == ["STATUS_RETRIEVAL_ERROR"]


def test_private_host_refused_by_the_default_policy(
    https_server: LocalServer, registry: StatusRegistry, key: Any
) -> None:
    path = "/status/private.json"
    _url, signed = _publish_on(https_server, registry, key, path, revoke=False)
    with Fetcher(policy=FetchPolicy(ca_bundle=https_server.ca_bundle)) as fetcher:
        (result,) = StatusChecker(fetcher=fetcher).check(signed)
    assert [p.code for p in result.problems] == ["STATUS_RETRIEVAL_ERROR"]
    assert https_server.hits[path] == 0
