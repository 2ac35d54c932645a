"""Concurrent fetches are not held back by a small connection pool."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import anyio

from tests.net.server import LocalServer, stalled_route
from vcler.net import AsyncFetcher, Fetcher, FetchPolicy

# More than httpcore's own default pool (10 connections), which a hand-built pool gets.
CONCURRENT = 25


def _policy(server: LocalServer) -> FetchPolicy:
    return FetchPolicy(allow_private_hosts=True, ca_bundle=server.ca_bundle, read_timeout=60)


def test_async_fetches_all_reach_the_server_at_once(https_server: LocalServer) -> None:
    release = threading.Event()
    https_server.routes["/pool/async.json"] = stalled_route(release, {"ok": True})

    async def run() -> list[object]:
        answers: list[object] = []
        async with AsyncFetcher(policy=_policy(https_server)) as fetcher:

            async def one() -> None:
                answers.append(await fetcher.get_json(https_server.url("/pool/async.json")))

            async with anyio.create_task_group() as group:
                for _ in range(CONCURRENT):
                    group.start_soon(one)
                # Every request reaches the server before any is answered.
                with anyio.fail_after(30):
                    while https_server.hits["/pool/async.json"] < CONCURRENT:
                        await anyio.sleep(0.01)
                release.set()
        return answers

    try:
        assert anyio.run(run) == [{"ok": True}] * CONCURRENT
    finally:
        release.set()


def test_threads_sharing_a_fetcher_all_reach_the_server_at_once(
    https_server: LocalServer,
) -> None:
    release = threading.Event()
    https_server.routes["/pool/sync.json"] = stalled_route(release, {"ok": True})
    with Fetcher(policy=_policy(https_server)) as fetcher, ThreadPoolExecutor(CONCURRENT) as pool:
        futures = [
            pool.submit(fetcher.get_json, https_server.url("/pool/sync.json"))
            for _ in range(CONCURRENT)
        ]
        try:
            reached = threading.Event()

            def watch() -> None:
                while https_server.hits["/pool/sync.json"] < CONCURRENT:
                    if release.wait(0.01):
                        return
                reached.set()

            watcher = threading.Thread(target=watch, daemon=True)
            watcher.start()
            assert reached.wait(30), https_server.hits["/pool/sync.json"]
        finally:
            release.set()
        assert [f.result() for f in futures] == [{"ok": True}] * CONCURRENT
