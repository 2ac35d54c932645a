"""One fetch as a sans-IO state machine: the drivers do the I/O, this decides everything else.

The sync and the async fetcher both run the same loop::

    exchange = Exchange(url, policy=..., started=monotonic())
    while True:
        request = exchange.next_request(now=monotonic())      # URL, headers, timeouts
        ...send it, get the status line and headers...
        step = exchange.receive_head(status, headers)        # Redirect or ReadBody
        if isinstance(step, Redirect): continue
        for chunk in body: exchange.receive_chunk(len(chunk), now=monotonic())
        return exchange.finish(body, headers)                # FetchedDocument

Any failure is raised here as :class:`~vcler.errors.FetchError` (or its subclass
:class:`~vcler.errors.FetchPolicyError`), naming the URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import FetchError
from ._cache import FetchedDocument, cache_lifetime
from ._policy import (
    FetchPolicy,
    check_content_type,
    check_declared_length,
    check_url,
    redirect_target,
)

__all__ = [
    "DEFAULT_ACCEPT",
    "Exchange",
    "FetchStatusError",
    "ReadBody",
    "Redirect",
    "Request",
]

#: The ``Accept`` header sent when the caller names none.
DEFAULT_ACCEPT = (
    "application/did+ld+json, application/did+json, application/ld+json;q=0.9, "
    "application/json;q=0.8"
)


class FetchStatusError(FetchError):
    """The server answered with an HTTP error status; ``status_code`` and ``url`` say which."""

    def __init__(self, message: str, *, status_code: int, url: str) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.url = url


@dataclass(frozen=True)
class Request:
    """What the driver must send next: a GET of ``url`` with these headers and timeouts."""

    url: str
    headers: Mapping[str, str]
    connect_timeout: float
    read_timeout: float


@dataclass(frozen=True)
class Redirect:
    """The response was a redirect the policy allows: request ``url`` next."""

    url: str


@dataclass(frozen=True)
class ReadBody:
    """The response is acceptable so far: read its body (at most ``limit`` bytes)."""

    limit: int


class Exchange:
    """The state of one fetch, from the first request to the accepted body. Does no I/O."""

    def __init__(
        self, url: str, *, policy: FetchPolicy, started: float, accept: str | None = None
    ) -> None:
        check_url(url, policy=policy)
        self.policy = policy
        self.url = url
        self._accept = accept or DEFAULT_ACCEPT
        self._deadline = started + policy.total_timeout
        self._seen: tuple[str, ...] = ()
        self._current = url
        self._received = 0
        self._media_type = ""

    @property
    def current_url(self) -> str:
        """The URL being requested now (after any redirects)."""
        return self._current

    def _remaining(self, now: float) -> float:
        remaining = self._deadline - now
        if remaining <= 0:
            raise FetchError(
                f"fetching {self.url} took longer than {self.policy.total_timeout} seconds"
            )
        return remaining

    def next_request(self, *, now: float) -> Request:
        """The request to send now; raises when the total deadline has passed."""
        remaining = self._remaining(now)
        self._seen += (self._current,)
        self._received = 0
        return Request(
            url=self._current,
            headers={"Accept": self._accept, "User-Agent": self.policy.user_agent},
            connect_timeout=min(self.policy.connect_timeout, remaining),
            read_timeout=min(self.policy.read_timeout, remaining),
        )

    def receive_head(self, status: int, headers: Mapping[str, str]) -> Redirect | ReadBody:
        """Judge a status line and headers: follow a redirect, or read the body, or raise."""
        url = self._current
        # Step 1: redirects, each checked like the first URL.
        target = redirect_target(
            url,
            status=status,
            location=headers.get("location"),
            seen=self._seen,
            policy=self.policy,
        )
        if target is not None:
            self._current = target
            return Redirect(target)
        # Step 2: only 200 carries a document.
        if status != 200:
            where = url if url == self.url else f"{url} (redirected from {self.url})"
            raise FetchStatusError(
                f"{where} answered HTTP {status}", status_code=status, url=self.url
            )
        # Step 3: the media type and the declared size.
        self._media_type = check_content_type(
            headers.get("content-type"), url=url, policy=self.policy
        )
        check_declared_length(headers, url=url, policy=self.policy)
        return ReadBody(self.policy.max_bytes)

    def receive_chunk(self, size: int, *, now: float) -> None:
        """Count ``size`` more body bytes; raises past the size cap or the deadline."""
        self._received += size
        if self._received > self.policy.max_bytes:
            raise FetchError(
                f"response from {self._current} is larger than the limit of "
                f"{self.policy.max_bytes} bytes"
            )
        self._remaining(now)

    def finish(self, body: bytes, headers: Mapping[str, str]) -> FetchedDocument:
        """The accepted response."""
        return FetchedDocument(
            url=self.url,
            final_url=self._current,
            content_type=self._media_type,
            body=body,
            cache_lifetime=cache_lifetime(headers, policy=self.policy),
        )
