"""vcler's one kind of in-memory cache: bounded, least recently used, thread-safe.

:class:`BoundedCache` is an ordered dict kept in use order (or, with lifetimes, :mod:`cachetools`'
TLRU cache) under a lock,
so every cache of vcler (dereferenced verification methods, processed JSON-LD contexts, HTTP
responses, verified status lists) is bounded the same way and safe to share between threads.
A cache given a ``clock`` drops an entry put with a lifetime once it expires. A cache sent to
another process (pickled) arrives empty.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from cachetools import TLRUCache

__all__ = ["BoundedCache"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_FOREVER = float("inf")
_MISSING = object()


class BoundedCache(Generic[K, V]):
    """At most ``max_entries`` values, the least recently used dropped first. With ``clock``
    (seconds, e.g. :func:`time.time`), a value put with a ``lifetime`` expires after it; without
    one, values live until they are the least recently used (the hot caches: no clock is read).
    With ``max_entries`` 0 nothing is kept."""

    def __init__(self, max_entries: int, *, clock: Callable[[], float] | None = None) -> None:
        self.max_entries = max_entries
        self._clock = clock
        self._expiring = clock is not None
        # Without a clock: an OrderedDict, least recently used first (the hot caches, read
        # for every document: two dict operations a hit). With one: cachetools' TLRUCache.
        self._cache: Any = None
        if max_entries > 0:
            self._cache = (
                TLRUCache(max_entries, ttu=_expires, timer=clock)
                if clock is not None
                else OrderedDict()
            )
        self._lock = threading.Lock()

    def __reduce__(self) -> tuple[Any, ...]:
        # A cache is this process's memory: sent to another process (a verifier's settings
        # going to a worker), it arrives empty, with the same bounds and clock.
        return (_empty, (self.max_entries, self._clock))

    def get(self, key: K) -> V | None:
        """The fresh value of ``key``, or ``None`` (it then counts as used)."""
        if self._cache is None:
            return None
        with self._lock:
            if not self._expiring:
                value = self._cache.get(key, _MISSING)
                if value is _MISSING:
                    return None
                self._cache.move_to_end(key)
                return value  # type: ignore[no-any-return]
            entry = self._cache.get(key)
        return None if entry is None else entry[1]

    def put(self, key: K, value: V, *, lifetime: float | None = None) -> None:
        """Keep ``value`` under ``key`` (for ``lifetime`` seconds when the cache has a clock;
        not kept at all for a lifetime of 0 or less)."""
        if self._cache is None or (lifetime is not None and lifetime <= 0):
            return
        with self._lock:
            if not self._expiring:
                self._cache[key] = value
                self._cache.move_to_end(key)
                if len(self._cache) > self.max_entries:
                    self._cache.popitem(last=False)
                return
            now = self._cache.timer()
            self._cache[key] = (_FOREVER if lifetime is None else now + lifetime, value)

    def values(self) -> list[V]:
        """A snapshot of the values (fresh ones only), least recently used first."""
        if self._cache is None:
            return []
        with self._lock:
            if self._expiring:
                self._cache.expire()
                return [entry[1] for entry in self._cache.values()]
            return list(self._cache.values())

    def pop(self, key: K) -> None:
        """Forget ``key``."""
        if self._cache is not None:
            with self._lock:
                self._cache.pop(key, None)

    def clear(self) -> None:
        """Forget everything."""
        if self._cache is not None:
            with self._lock:
                self._cache.clear()

    def __len__(self) -> int:
        if self._cache is None:
            return 0
        with self._lock:
            if self._expiring:
                self._cache.expire()
            return len(self._cache)


def _expires(key: object, entry: tuple[float, object], now: float) -> float:
    return entry[0]


def _empty(max_entries: int, clock: Callable[[], float] | None) -> BoundedCache[Any, Any]:
    """An empty cache (an unpickled one: see :meth:`BoundedCache.__reduce__`)."""
    return BoundedCache(max_entries, clock=clock)
