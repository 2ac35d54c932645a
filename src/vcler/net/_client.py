"""The fetchers: thin sync and async drivers of the sans-IO :class:`~._exchange.Exchange`.

All decisions (policy, redirects, size and time limits, content type, caching) are made by the
pure functions the exchange and the cache call; the two classes below only move bytes. httpx is
imported when a fetcher first needs it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any

from .._json import load_json
from ..errors import ParsingError
from ._cache import FetchedDocument, ResponseCache
from ._exchange import Exchange, ReadBody, Redirect
from ._policy import FetchPolicy

if TYPE_CHECKING:
    import httpx

__all__ = ["AsyncFetcher", "Fetcher"]


def _parse(document: FetchedDocument, policy: FetchPolicy) -> Any:
    """The body of ``document`` as JSON, within the policy's limits."""
    try:
        return load_json(document.body, max_bytes=policy.max_bytes, max_depth=policy.max_json_depth)
    except ParsingError as e:
        raise ParsingError(f"response from {document.final_url} is not usable JSON: {e}") from e


class _Base:
    def __init__(
        self,
        *,
        policy: FetchPolicy | None,
        cache: ResponseCache | None,
        clock: Callable[[], float] | None,
        monotonic: Callable[[], float] | None,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self.cache = (
            cache
            if cache is not None
            else ResponseCache(max_entries=self.policy.cache_max_entries, clock=clock)
        )
        self._monotonic = monotonic or time.monotonic

    def __getstate__(self) -> dict[str, Any]:
        # Pickled (for a worker process) without its connections; its response cache arrives
        # empty (see BoundedCache).
        state = dict(self.__dict__)
        state["_client"] = None
        return state


class Fetcher(_Base):
    """Fetch JSON documents over https under a :class:`FetchPolicy` (blocking).

    ``transport`` replaces the network (e.g. ``httpx.MockTransport`` in tests); the policy's
    URL checks still apply, but the resolved-address guard lives in the default transport.
    ``cache`` (default: a new :class:`ResponseCache`) may be shared; ``clock`` drives cache
    expiry and ``monotonic`` the deadlines. Use as a context manager, or call :meth:`close`.
    """

    def __init__(
        self,
        *,
        policy: FetchPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        cache: ResponseCache | None = None,
        clock: Callable[[], float] | None = None,
        monotonic: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(policy=policy, cache=cache, clock=clock, monotonic=monotonic)
        self._transport = transport
        self._client: httpx.Client | None = None

    def _http(self) -> httpx.Client:
        if self._client is None:
            import httpx

            from . import _transport

            transport = self._transport or _transport.sync_transport(self.policy)
            self._client = httpx.Client(
                transport=transport, trust_env=False, follow_redirects=False
            )
        return self._client

    def fetch(self, url: str, *, accept: str | None = None) -> FetchedDocument:
        """GET ``url`` under the policy (from the cache when fresh); raises ``FetchError``."""
        cached = self.cache.get(url)
        if cached is not None:
            return cached
        exchange = Exchange(url, policy=self.policy, started=self._monotonic(), accept=accept)
        client = self._http()
        import httpx

        from . import _transport

        while True:
            request = exchange.next_request(now=self._monotonic())
            try:
                with client.stream(
                    "GET",
                    request.url,
                    headers=dict(request.headers),
                    timeout=_transport.timeout(request.connect_timeout, request.read_timeout),
                ) as response:
                    step = exchange.receive_head(response.status_code, response.headers)
                    if isinstance(step, Redirect):
                        continue
                    assert isinstance(step, ReadBody)
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        exchange.receive_chunk(len(chunk), now=self._monotonic())
                        body += chunk
                    document = exchange.finish(bytes(body), response.headers)
                    break
            except httpx.HTTPError as e:
                raise _transport.translate_error(e, request.url) from e
        self.cache.put(document)
        return document

    def get_json(self, url: str, *, accept: str | None = None) -> Any:
        """GET ``url`` and parse it as JSON (``ParsingError`` if it is not usable JSON)."""
        return _parse(self.fetch(url, accept=accept), self.policy)

    def close(self) -> None:
        """Close the connections (the cache is kept)."""
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class AsyncFetcher(_Base):
    """The async twin of :class:`Fetcher` (same policy, cache and exchange; awaits the I/O)."""

    def __init__(
        self,
        *,
        policy: FetchPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        cache: ResponseCache | None = None,
        clock: Callable[[], float] | None = None,
        monotonic: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(policy=policy, cache=cache, clock=clock, monotonic=monotonic)
        self._transport = transport
        self._client: httpx.AsyncClient | None = None

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            import httpx

            from . import _transport

            transport = self._transport or _transport.async_transport(self.policy)
            self._client = httpx.AsyncClient(
                transport=transport, trust_env=False, follow_redirects=False
            )
        return self._client

    async def fetch(self, url: str, *, accept: str | None = None) -> FetchedDocument:
        """GET ``url`` under the policy (from the cache when fresh); raises ``FetchError``."""
        cached = self.cache.get(url)
        if cached is not None:
            return cached
        exchange = Exchange(url, policy=self.policy, started=self._monotonic(), accept=accept)
        client = self._http()
        import httpx

        from . import _transport

        while True:
            request = exchange.next_request(now=self._monotonic())
            try:
                async with client.stream(
                    "GET",
                    request.url,
                    headers=dict(request.headers),
                    timeout=_transport.timeout(request.connect_timeout, request.read_timeout),
                ) as response:
                    step = exchange.receive_head(response.status_code, response.headers)
                    if isinstance(step, Redirect):
                        continue
                    assert isinstance(step, ReadBody)
                    body = bytearray()
                    async for chunk in response.aiter_bytes():
                        exchange.receive_chunk(len(chunk), now=self._monotonic())
                        body += chunk
                    document = exchange.finish(bytes(body), response.headers)
                    break
            except httpx.HTTPError as e:
                raise _transport.translate_error(e, request.url) from e
        self.cache.put(document)
        return document

    async def get_json(self, url: str, *, accept: str | None = None) -> Any:
        """GET ``url`` and parse it as JSON (``ParsingError`` if it is not usable JSON)."""
        return _parse(await self.fetch(url, accept=accept), self.policy)

    async def aclose(self) -> None:
        """Close the connections (the cache is kept)."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def __aenter__(self) -> AsyncFetcher:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
