"""vcler's one kind of in-memory cache: bounded, least recently used, thread-safe.

:class:`BoundedCache` is :mod:`cachetools`' LRU (or, with lifetimes, TLRU) cache under a lock,
so every cache of vcler (dereferenced verification methods, processed JSON-LD contexts, HTTP
responses, verified status lists) is bounded the same way and safe to share between threads.
An entry put with a lifetime is dropped once it expires, measured by the injectable ``clock``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from cachetools import TLRUCache

__all__ = ["BoundedCache"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_FOREVER = float("inf")


class BoundedCache(Generic[K, V]):
    """At most ``max_entries`` values, the least recently used dropped first; a value put with
    a ``lifetime`` (seconds by ``clock``, default :func:`time.time`) expires after it. With
    ``max_entries`` 0 nothing is kept."""

    def __init__(self, max_entries: int, *, clock: Callable[[], float] | None = None) -> None:
        self.max_entries = max_entries
        self._cache: TLRUCache[K, tuple[float, V]] | None = (
            TLRUCache(max_entries, ttu=_expires, timer=clock or time.time)
            if max_entries > 0
            else None
        )
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        """The fresh value of ``key``, or ``None`` (it then counts as used)."""
        if self._cache is None:
            return None
        with self._lock:
            entry = self._cache.get(key)
        return None if entry is None else entry[1]

    def put(self, key: K, value: V, *, lifetime: float | None = None) -> None:
        """Keep ``value`` under ``key`` (for ``lifetime`` seconds when given; not kept at all
        for a lifetime of 0 or less)."""
        if self._cache is None or (lifetime is not None and lifetime <= 0):
            return
        with self._lock:
            now = self._cache.timer()
            self._cache[key] = (_FOREVER if lifetime is None else now + lifetime, value)

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
            self._cache.expire()
            return len(self._cache)


def _expires(key: object, entry: tuple[float, object], now: float) -> float:
    return entry[0]
