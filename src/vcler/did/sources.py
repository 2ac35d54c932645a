"""Where verification's documents come from: :class:`Documents`, vcler's document source.

One :class:`Documents` answers every URL verification names (controller documents of
verification methods, status list credentials), from, in this order:

1. the caller's **supplied documents** (id → document; a server's own status lists belong
   here, so that they are never fetched from itself);
2. **DID resolution** for DIDs (did:key and did:jwk offline; did:web asks for one fetch);
3. the **network**, through a policy-checked fetcher (:class:`vcler.net.Fetcher` or
   :class:`vcler.net.AsyncFetcher`), for https URLs and did:web documents. Without a fetcher
   a lookup that needs the network fails, saying so.

:meth:`Documents.begin` is the network-free part (sans-IO): the document, or the
:class:`~vcler._seam.FetchNeeded` it waits for. :meth:`Documents.get` and
:meth:`Documents.aget` are its two drivers, blocking and async; nothing else differs between
them. Failures raise :class:`~vcler.errors.ResolutionError` with the DID Resolution error
(``notFound``, ``invalidDid``, ``internalError``...).

:class:`Retrieved` is what the async verifier hands the sync steps once it has awaited every
document they need: a source answering from those results, never from the network.

Spec: https://www.w3.org/TR/cid-1.0/#retrieve-verification-method (step 4: dereference)
Spec: https://w3c.github.io/did-resolution/#resolving
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal

from .. import codes
from .._seam import AsyncJsonFetcher, FetchNeeded, JsonFetcher, JsonValue
from ..errors import InputError, ResolutionError, VclerError
from .resolver import (
    MethodResolver,
    ResolutionResult,
    begin_resolution,
    complete_resolution,
    network_refused,
    resolution_failure,
)

__all__ = ["Documents", "Retrieved"]

# DID methods whose document is derived from the DID itself (nothing to fetch, nothing changes).
_DERIVED_DIDS = ("did:key:", "did:jwk:")
#: What an https document is fetched as.
_JSON_ACCEPT = "application/json, application/ld+json;q=0.9, */*;q=0.1"


def _document_of(result: ResolutionResult, did: str) -> JsonValue:
    """A resolution result's DID document; ResolutionError when resolving failed."""
    if result.error is not None or result.did_document is None:
        raise ResolutionError(
            f"could not resolve {did}: {result.error_message or result.error}",
            error=result.error or codes.DID_INTERNAL_ERROR,
        )
    return result.did_document


def _as_is(fetched: JsonValue) -> JsonValue:
    return fetched


class Documents:
    """vcler's document source: supplied documents, then DID resolution, then the network.

    - ``supplied``: documents by id (any mapping; a live view is read at each lookup).
    - ``resolvers``: DID method resolvers (default: did:key, did:jwk, did:web).
    - ``fetcher`` / ``async_fetcher``: the network, for :meth:`get` / :meth:`aget`
      (``None``: offline).
    - ``options``: DID resolution options (``publicKeyFormat``...).

    Implements :class:`~vcler._seam.DocumentSource` and
    :class:`~vcler._seam.AsyncDocumentSource`.
    """

    def __init__(
        self,
        supplied: Mapping[str, Any] | None = None,
        *,
        resolvers: Mapping[str, MethodResolver] | None = None,
        fetcher: JsonFetcher | None = None,
        async_fetcher: AsyncJsonFetcher | None = None,
        options: Mapping[str, Any] | None = None,
        snapshot: bool = False,
    ) -> None:
        if supplied is not None and not isinstance(supplied, Mapping):
            raise InputError("supplied documents must be a mapping from id to document")
        supplied = supplied if supplied is not None else {}
        #: Whether ``supplied`` is this source's own copy, which cannot change.
        self.snapshot = snapshot
        self.supplied: Mapping[str, Any] = (
            MappingProxyType(dict(supplied)) if snapshot else supplied
        )
        self.resolvers = resolvers
        self.fetcher = fetcher
        self.async_fetcher = async_fetcher
        self.options: Mapping[str, Any] = options or {}

    def __getstate__(self) -> dict[str, Any]:
        # Sent to a worker process with a snapshot as a plain dict, read-only again on arrival.
        state = dict(self.__dict__)
        if self.snapshot:
            state["supplied"] = dict(self.supplied)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        if state["snapshot"]:
            state["supplied"] = MappingProxyType(state["supplied"])
        self.__dict__.update(state)

    def stability(self, url: str) -> Literal["derived", "supplied"] | None:
        """Whether the answer for ``url`` can change during this source's life.

        ``"derived"``: a did:key or did:jwk DID read by the built-in resolvers, a pure
        function of the DID. ``"supplied"``: a document of this source's own ``snapshot``.
        ``None``: anything else (network documents, a live mapping).
        """
        if url in self.supplied:
            return "supplied" if self.snapshot else None
        if self.resolvers is None and not self.options and url.startswith(_DERIVED_DIDS):
            return "derived"
        return None

    @property
    def offline(self) -> bool:
        """Whether no lookup can reach the network."""
        return self.fetcher is None and self.async_fetcher is None

    def begin(self, url: str) -> JsonValue | FetchNeeded:
        """The document at ``url``, or the fetch it needs (no I/O)."""
        if not isinstance(url, str):
            raise InputError("a document URL must be a string")
        # Step 1: the caller's documents.
        if url in self.supplied:
            return self.supplied[url]  # type: ignore[no-any-return]
        # Step 2: DID resolution (did:key and did:jwk offline; did:web asks for a fetch).
        if url.startswith("did:"):
            step = begin_resolution(url, self.resolvers, self.options)
            if isinstance(step, ResolutionResult):
                return _document_of(step, url)
            options = self.options

            def complete(fetched: JsonValue) -> JsonValue:
                return _document_of(complete_resolution(url, step, fetched, options), url)

            return FetchNeeded(step.url, complete=complete, accept=step.accept)
        # Step 3: anything else is a document on the network, as it is.
        return FetchNeeded(url, complete=_as_is, accept=_JSON_ACCEPT)

    def get(self, url: str) -> JsonValue:
        """The document at ``url``, fetching with ``fetcher`` when needed (blocking)."""
        step = self.begin(url)
        if not isinstance(step, FetchNeeded):
            return step
        if self.fetcher is None:
            raise _network_not_allowed(url, step)
        try:
            fetched = self.fetcher.get_json(step.url, accept=step.accept)
        except VclerError as error:
            raise _fetch_failed(url, error) from error
        return step.complete(fetched)

    async def aget(self, url: str) -> JsonValue:
        """The document at ``url``, fetching with ``async_fetcher`` when needed."""
        step = self.begin(url)
        if not isinstance(step, FetchNeeded):
            return step
        if self.async_fetcher is None:
            raise _network_not_allowed(url, step)
        try:
            fetched = await self.async_fetcher.get_json(step.url, accept=step.accept)
        except VclerError as error:
            raise _fetch_failed(url, error) from error
        return step.complete(fetched)


class Retrieved:
    """A source answering from documents already retrieved (``url → document or error``),
    then from ``fallback`` for what needs no network (supplied documents, did:key...).

    What neither holds fails, saying it was not retrieved ahead: the async verifier retrieves
    every document its steps will ask for before running them, so this never blocks.
    """

    def __init__(
        self,
        retrieved: Mapping[str, JsonValue | VclerError],
        *,
        fallback: Documents | None = None,
    ) -> None:
        self.retrieved = retrieved
        self.fallback = fallback

    def stability(self, url: str) -> Literal["derived", "supplied"] | None:
        """As :meth:`Documents.stability`, for what the fallback answers."""
        if url in self.retrieved or self.fallback is None:
            return None
        return self.fallback.stability(url)

    def get(self, url: str) -> JsonValue:
        """The retrieved document at ``url`` (or its failure, raised again)."""
        if url in self.retrieved:
            found = self.retrieved[url]
            if isinstance(found, VclerError):
                raise found
            return found
        step = self.fallback.begin(url) if self.fallback is not None else None
        if step is None or isinstance(step, FetchNeeded):
            raise ResolutionError(
                f"{url} was not retrieved ahead of verification", error=codes.DID_INTERNAL_ERROR
            )
        return step


def _network_not_allowed(url: str, step: FetchNeeded) -> ResolutionError:
    if url.startswith("did:"):
        return ResolutionError(network_refused(url, step).error_message or url)
    return ResolutionError(
        f"retrieving {url} needs a network lookup, but the network is not allowed (supply "
        "the document, or a fetcher: --allow-network on the command line)",
        error=codes.DID_INTERNAL_ERROR,
    )


def _fetch_failed(url: str, error: VclerError) -> ResolutionError:
    """A failed fetch as the resolution error it means (404 and 410: ``notFound``)."""
    if url.startswith("did:"):
        failure = resolution_failure(error, did=url)
        return ResolutionError(
            failure.error_message or url, error=failure.error or codes.DID_INTERNAL_ERROR
        )
    status = getattr(error, "status_code", None)
    code = codes.DID_NOT_FOUND if status in (404, 410) else codes.DID_INTERNAL_ERROR
    return ResolutionError(f"could not retrieve {url}: {error.message}", error=code)
