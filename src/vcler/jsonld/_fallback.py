"""The fast path's contract with the general path: a signal to fall back, and its counts.

Every module of the fast path (:mod:`._walk` and what it stands on) raises
:class:`FastPathFallback` for whatever it does not cover or safe mode would object to, before
anything observable happens; :mod:`.processing` catches it, counts it in the loader's
:class:`FastPathStats`, and lets the general path give the result or the error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["FastPathFallback", "FastPathStats"]


class FastPathFallback(Exception):
    """Internal signal: this document (or construct) must take the general path.

    Raised before anything observable happens; never escapes :mod:`vcler.jsonld`.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class FastPathStats:
    """How many documents took the fast path and how many fell back (and why), per loader."""

    fast: int = 0
    fallback: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    def record_fallback(self, reason: str) -> None:
        """Count one fallback (reasons are a small fixed vocabulary, so this stays bounded)."""
        self.fallback += 1
        self.reasons[reason] = self.reasons.get(reason, 0) + 1

    def as_dict(self) -> dict[str, Any]:
        """The counters as plain JSON."""
        return {"fast": self.fast, "fallback": self.fallback, "reasons": dict(self.reasons)}
