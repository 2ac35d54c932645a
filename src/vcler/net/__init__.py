"""The network seam: the only place vcler touches the network.

A :class:`Fetcher` (blocking) or :class:`AsyncFetcher` GETs JSON documents under a
:class:`FetchPolicy`: https only, TLS verified, timeouts and a total deadline, a body size cap
enforced while streaming, a bounded number of https-only redirects, no private, loopback,
link-local, multicast, reserved or unspecified addresses (checked on the resolved address the
connection then uses), an accepted content type, and a ``Cache-Control``-aware LRU cache.

::

    from vcler.net import Fetcher, FetchPolicy

    with Fetcher(policy=FetchPolicy(read_timeout=5)) as fetcher:
        document = fetcher.get_json("https://example.com/.well-known/did.json")

The decisions are pure functions (:mod:`vcler.net._policy`, :mod:`vcler.net._cache`,
:mod:`vcler.net._exchange`); the two fetchers only drive httpx. httpx is imported when a
fetcher first sends a request. See ``docs/security.md``.
"""

from __future__ import annotations

from ._cache import FetchedDocument, ResponseCache, cache_lifetime
from ._client import AsyncFetcher, Fetcher
from ._exchange import DEFAULT_ACCEPT, FetchStatusError
from ._policy import JSON_CONTENT_TYPES, FetchPolicy

__all__ = [
    "DEFAULT_ACCEPT",
    "JSON_CONTENT_TYPES",
    "AsyncFetcher",
    "FetchPolicy",
    "FetchStatusError",
    "FetchedDocument",
    "Fetcher",
    "ResponseCache",
    "cache_lifetime",
]
