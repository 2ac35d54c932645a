"""The one seam through which external documents reach verification, as typed protocols.

Verifying needs documents vcler does not hold: controller documents (DID documents, https
controller documents) for verification methods, and status list credentials. They all come
through a :class:`DocumentSource` (or, for async code, an :class:`AsyncDocumentSource`): one
``url -> JSON`` interface, so that a verifier, the DID dereferencer and the status checker ask
for documents the same way and a caller can answer them from anywhere. vcler's own source,
:class:`vcler.sources.Documents`, composes the caller's documents, DID resolution and the
policy-checked network fetcher (:class:`JsonFetcher`, which :class:`vcler.net.Fetcher` is).

Network-free steps ask for a fetch with a :class:`FetchNeeded` value instead of performing it
(sans-IO): the driver that holds a fetcher, sync or async, performs it. This is what lets the
sync and the async verifier share every step.

This module defines the shapes only; it imports nothing of vcler.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeAlias, runtime_checkable

__all__ = [
    "AsyncDocumentSource",
    "AsyncJsonFetcher",
    "DocumentSource",
    "FetchNeeded",
    "JsonFetcher",
    "JsonValue",
]

#: A parsed JSON value, as :func:`json.loads` returns it.
JsonValue: TypeAlias = dict[str, "JsonValue"] | list["JsonValue"] | str | int | float | bool | None


@runtime_checkable
class JsonFetcher(Protocol):
    """Blocking HTTP GET of JSON under a fetch policy (:class:`vcler.net.Fetcher` is one)."""

    def get_json(self, url: str, *, accept: str | None = None) -> JsonValue:
        """The parsed JSON at ``url``; raises :class:`vcler.errors.FetchError` when it fails."""
        ...


@runtime_checkable
class AsyncJsonFetcher(Protocol):
    """Async HTTP GET of JSON under a fetch policy (:class:`vcler.net.AsyncFetcher` is one)."""

    async def get_json(self, url: str, *, accept: str | None = None) -> JsonValue:
        """The parsed JSON at ``url``; raises :class:`vcler.errors.FetchError` when it fails."""
        ...


@dataclass(frozen=True)
class FetchNeeded:
    """A network-free step's request: GET ``url`` (as ``accept``) and pass the JSON to
    ``complete``, which returns the document or raises a :class:`vcler.errors.VclerError`."""

    url: str
    complete: Callable[[JsonValue], JsonValue]
    accept: str = "application/did+json, application/did+ld+json, application/json;q=0.9"


@runtime_checkable
class DocumentSource(Protocol):
    """Where verification gets the documents it names by URL (DIDs, https URLs).

    ``get`` returns the document (for a DID, its resolved DID document) or raises a
    :class:`vcler.errors.VclerError` saying why it cannot: a
    :class:`vcler.errors.ResolutionError` whose ``error`` is the DID Resolution error
    (``notFound``, ``invalidDid``, ``internalError`` for a network lookup that is needed but not
    allowed or failed...).
    """

    def get(self, url: str) -> JsonValue:
        """The document at ``url``."""
        ...


@runtime_checkable
class AsyncDocumentSource(Protocol):
    """The async form of :class:`DocumentSource` (``aget`` awaits what ``get`` blocks on)."""

    async def aget(self, url: str) -> JsonValue:
        """The document at ``url``."""
        ...
