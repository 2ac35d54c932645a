"""The response cache: how long a response may be kept (a pure function) and a bounded LRU store
(:class:`vcler._cache.BoundedCache`).

Spec: https://www.rfc-editor.org/rfc/rfc9111 (HTTP Caching). vcler is a private cache that never
revalidates: ``no-store`` and ``no-cache`` mean "do not keep", ``max-age`` (else ``Expires``
against ``Date``) is honoured up to the policy's cap, and a response with neither is kept for
the policy's default TTL.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timezone
from email.utils import parsedate_to_datetime

from .._cache import BoundedCache
from ._policy import FetchPolicy

__all__ = ["FetchedDocument", "ResponseCache", "cache_lifetime", "parse_cache_control"]


@dataclass(frozen=True)
class FetchedDocument:
    """A response the policy accepted: the URL asked for, the URL that answered, the media type
    (without parameters), the body bytes, and how many seconds it may be cached."""

    url: str
    final_url: str
    content_type: str
    body: bytes
    cache_lifetime: float = 0.0


def parse_cache_control(value: str) -> dict[str, str | None]:
    """``Cache-Control`` directives as a mapping (names lower-cased, quotes removed).

    Spec: https://www.rfc-editor.org/rfc/rfc9111#section-5.2
    """
    directives: dict[str, str | None] = {}
    for item in value.split(","):
        name, sep, argument = item.strip().partition("=")
        name = name.strip().lower()
        if not name:
            continue
        directives.setdefault(name, argument.strip().strip('"') if sep else None)
    return directives


def _http_date(value: str | None) -> float | None:
    """An HTTP-date as POSIX seconds, or ``None`` when it is not one.

    Spec: https://www.rfc-editor.org/rfc/rfc9110#section-5.6.7
    """
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)
        if moment.tzinfo is None:  # "-0000" or no zone: HTTP-dates are always GMT
            moment = moment.replace(tzinfo=timezone.utc)
        return moment.timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def cache_lifetime(
    headers: Mapping[str, str], *, policy: FetchPolicy, now: float | None = None
) -> float:
    """Seconds a response with ``headers`` may be served from the cache (0: do not keep it).

    ``now`` (POSIX seconds, default the current time) stands for the response's ``Date`` when
    it has none.

    Spec: https://www.rfc-editor.org/rfc/rfc9111#section-4.2.1
    """
    value = headers.get("cache-control")
    directives = parse_cache_control(value) if value else {}
    # Step 1: no-store and no-cache (vcler does not revalidate) forbid keeping it.
    if "no-store" in directives or "no-cache" in directives:
        return 0.0
    # Step 2: the freshness lifetime is max-age, else Expires minus Date, else the default.
    if "max-age" in directives:
        try:
            lifetime = float(int(directives["max-age"] or ""))
        except ValueError:
            return 0.0  # an invalid max-age makes the response stale (RFC 9111 §4.2.1)
    elif "expires" in headers:
        expires = _http_date(headers["expires"])
        if expires is None:
            return 0.0  # an invalid Expires (such as "0") means already expired (§5.3)
        date = _http_date(headers.get("date"))
        lifetime = expires - (date if date is not None else time.time() if now is None else now)
    else:
        lifetime = policy.cache_default_ttl
    # Step 3: minus the age it already has, capped by the policy.
    try:
        age = max(0, int(headers.get("age", "0")))
    except ValueError:
        age = 0
    return max(0.0, min(lifetime - age, policy.cache_max_ttl))


class ResponseCache:
    """A bounded LRU cache of :class:`FetchedDocument`, keyed by the URL asked for, each kept
    for its ``cache_lifetime``.

    ``clock`` (seconds, default :func:`time.time`) is injectable so tests can move time.
    Safe to share between threads and between a sync and an async fetcher.
    """

    def __init__(self, *, max_entries: int = 256, clock: Callable[[], float] | None = None):
        self._entries: BoundedCache[str, FetchedDocument] = BoundedCache(
            max_entries, clock=clock or time.time
        )

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, url: str) -> FetchedDocument | None:
        """The fresh cached response for ``url``, or ``None``."""
        return self._entries.get(url)

    def put(self, document: FetchedDocument) -> None:
        """Keep ``document`` for its ``cache_lifetime`` (nothing is kept for 0)."""
        self._entries.put(document.url, document, lifetime=document.cache_lifetime)

    def clear(self) -> None:
        """Forget everything."""
        self._entries.clear()
