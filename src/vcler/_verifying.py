"""The verifying side of the recipes: :class:`Verifier` and :class:`AsyncVerifier`.

Both are drivers over the same steps (:mod:`vcler._steps`) under one
:class:`~vcler.context.VerificationContext`. :class:`Verifier` lets the steps ask its document
source directly, which may block on the network; :class:`AsyncVerifier` first awaits every
document the steps will need (concurrently), then runs them — in a worker thread by default,
so that neither a fetch nor the CPU work holds up the event loop.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

from ._seam import AsyncDocumentSource, AsyncJsonFetcher, FetchNeeded, JsonFetcher, JsonValue
from ._steps import Caches, Steps, needed_documents
from .context import DEFAULT_CLOCK_SKEW, StatusPolicy, VerificationContext, VerificationPolicy
from .errors import InputError, VclerError
from .results import VerificationResult

if TYPE_CHECKING:
    from .did.resolver import MethodResolver
    from .jsonld import StaticDocumentLoader

__all__ = ["DEFAULT_CLOCK_SKEW", "AsyncVerifier", "Verifier"]

# How many rounds of retrieval the async verifier makes ahead (a status list's own keys are
# the second round); what a deeper chain needs is reported as not retrieved.
_RETRIEVAL_ROUNDS = 4


def _context(
    context: VerificationContext | None,
    *,
    documents: Mapping[str, Any] | None,
    resolvers: Mapping[str, MethodResolver] | None,
    fetcher: JsonFetcher | None,
    async_fetcher: AsyncJsonFetcher | None,
    loader: StaticDocumentLoader | None,
    now: datetime | Callable[[], datetime] | None,
    options: Mapping[str, Any],
) -> VerificationContext:
    """The context a verifier runs under: ``context`` as given, or one built from the
    keyword arguments of the recipes (``options`` are policy fields; ``None`` is "default")."""
    sources = (documents, resolvers, fetcher, async_fetcher, loader, now)
    # Only what differs from the defaults is built: a verifier given nothing (one-shot
    # vcler.verify calls) shares one frozen default context.
    changed = {k: v for k, v in options.items() if v is not None and v != _DEFAULTS[k]}
    if context is None and not changed and all(value is None for value in sources):
        return _default_context()
    if context is not None:
        given = [k for k, v in options.items() if v is not None]
        names = ("documents", "resolvers", "fetcher", "async_fetcher", "loader", "now")
        given += [name for name, value in zip(names, sources, strict=True) if value is not None]
        if given:
            raise InputError(f"with a context, {', '.join(sorted(given))} come from it")
        return context
    if documents is not None and not isinstance(documents, Mapping):
        raise InputError("documents must be a mapping from id to document")
    status_fields = {k: v for k, v in changed.items() if k in _STATUS_FIELDS}
    policy_fields = {k: v for k, v in changed.items() if k not in _STATUS_FIELDS}
    policy = VerificationPolicy(status=StatusPolicy(**status_fields)) if status_fields else None
    from .did.sources import Documents

    source = Documents(
        documents,
        resolvers=resolvers,
        fetcher=fetcher,
        async_fetcher=async_fetcher,
        snapshot=True,
    )
    return VerificationContext.create(
        source=source, loader=loader, now=now, policy=policy, **policy_fields
    )


@lru_cache(maxsize=1)
def _default_context() -> VerificationContext:
    """The context of a verifier given nothing (offline, bundled contexts, the real clock,
    the default policy): frozen over an empty source that cannot change, so one serves all."""
    from .did.sources import Documents

    return VerificationContext.create(source=Documents(snapshot=True))


_STATUS_FIELDS = frozenset({"check", "fail_closed", "list_issuers", "list_id_must_match"})
# The default of every option the verifiers take (policy and status policy fields).
_DEFAULTS: dict[str, Any] = {
    **{name: getattr(StatusPolicy(), name) for name in _STATUS_FIELDS},
    **{
        name: getattr(VerificationPolicy(), name)
        for name in ("allowed_suites", "clock_skew", "strict", "require_challenge")
    },
    "holder_binding": "none",
    "issuer_proofs": VerificationPolicy().issuer_proofs,
}


class Verifier:
    """Verifies credentials and presentations under one configuration; never raises for a
    document (every finding is in the :class:`~vcler.results.VerificationResult`).

    Pass a :class:`~vcler.context.VerificationContext`, or the keyword arguments it is built
    from:

    - ``documents``: documents keyed by their ``id`` (DID documents, controller documents,
      status lists), used before anything is resolved or fetched, so that a credential from a
      did:web or https-controller issuer verifies fully offline. The verifier keeps its own
      copy.
    - ``loader`` serves JSON-LD contexts (default: the bundled ones).
    - ``now`` is the clock (a timezone-aware datetime, or a function returning one).
    - ``fetcher`` allows network lookups (did:web, https controller documents, status lists);
      without one, verification stays offline and says when a lookup was needed.
    - ``resolvers``: DID method resolvers (default: did:key, did:jwk, did:web).
    - The policy (see :class:`~vcler.context.VerificationPolicy`): ``clock_skew``,
      ``allowed_suites``, ``strict``, ``require_challenge``, ``holder_binding``,
      ``issuer_proofs``; and the status
      policy: ``check_status`` (on by default), ``status_fail_closed`` (a status that cannot be
      checked is a problem, the default, or a warning), ``status_list_issuers`` and
      ``status_list_id_must_match`` (see :class:`~vcler.context.StatusPolicy`).

    One verifier keeps, across verifications, the verification methods of its documents and
    the status lists it verified (for their ``ttl``): reuse it for batches.
    """

    def __init__(
        self,
        context: VerificationContext | None = None,
        *,
        documents: Mapping[str, Any] | None = None,
        loader: StaticDocumentLoader | None = None,
        now: datetime | Callable[[], datetime] | None = None,
        clock_skew: timedelta | None = None,
        allowed_suites: Sequence[Any] | None = None,
        fetcher: JsonFetcher | None = None,
        resolvers: Mapping[str, MethodResolver] | None = None,
        check_status: bool | None = None,
        status_fail_closed: bool | None = None,
        status_list_issuers: Any = None,
        status_list_id_must_match: bool | None = None,
        strict: bool | None = None,
        require_challenge: bool | None = None,
        holder_binding: str | None = None,
        issuer_proofs: str | None = None,
    ) -> None:
        self.context = _context(
            context,
            documents=documents,
            resolvers=resolvers,
            fetcher=fetcher,
            async_fetcher=None,
            loader=loader,
            now=now,
            options={
                "clock_skew": clock_skew,
                "allowed_suites": allowed_suites,
                "check": check_status,
                "fail_closed": status_fail_closed,
                "list_issuers": status_list_issuers,
                "list_id_must_match": status_list_id_must_match,
                "strict": strict,
                "require_challenge": require_challenge,
                "holder_binding": holder_binding,
                "issuer_proofs": issuer_proofs,
            },
        )
        self._caches = Caches()

    @property
    def loader(self) -> StaticDocumentLoader | None:
        """The JSON-LD document loader (``None``: the bundled contexts)."""
        return self.context.loader

    def now(self) -> datetime:
        """The verifier's current time."""
        return self.context.now()

    def verify(
        self,
        document: Any,
        *,
        challenge: str | None = None,
        domain: str | None = None,
        media_type: str | None = None,
        recipient: str | None = None,
    ) -> VerificationResult:
        """Verify a credential or presentation (a presentation's proofs against
        ``challenge`` and ``domain``); never raises for a bad document.

        ``document`` is a JSON object, or an envelope: a JWS, an SD-JWT or a COSE_Sign1
        (bytes or base64 text), recognised by content unless ``media_type`` says what it is
        (``"application/vc+jwt"``...; see :mod:`vcler.jose`). It may also be an Open Badges
        2.0 assertion (hosted JSON, its URL, or a signed assertion's JWS; see
        :mod:`vcler.openbadges.v2`), whose recipient is checked against ``recipient`` (the
        learner's email).
        """
        return Steps(self.context, self._caches).verify(
            document, challenge=challenge, domain=domain, media_type=media_type, recipient=recipient
        )


class AsyncVerifier:
    """The async form of :class:`Verifier`: ``await verifier.verify(document)``.

    It takes the same arguments, with an async ``fetcher`` (:class:`vcler.net.AsyncFetcher`)
    or a context whose source is an :class:`~vcler._seam.AsyncDocumentSource`. Before the
    verification steps run, every document they will need (controller documents, status
    lists, the keys of those lists) is awaited, concurrently; the steps then run in a worker
    thread (``offload=False`` runs them on the event loop, for small documents or tests).
    """

    def __init__(
        self,
        context: VerificationContext | None = None,
        *,
        documents: Mapping[str, Any] | None = None,
        loader: StaticDocumentLoader | None = None,
        now: datetime | Callable[[], datetime] | None = None,
        clock_skew: timedelta | None = None,
        allowed_suites: Sequence[Any] | None = None,
        fetcher: AsyncJsonFetcher | None = None,
        resolvers: Mapping[str, MethodResolver] | None = None,
        check_status: bool | None = None,
        status_fail_closed: bool | None = None,
        status_list_issuers: Any = None,
        status_list_id_must_match: bool | None = None,
        strict: bool | None = None,
        require_challenge: bool | None = None,
        holder_binding: str | None = None,
        issuer_proofs: str | None = None,
        offload: bool = True,
    ) -> None:
        self.context = _context(
            context,
            documents=documents,
            resolvers=resolvers,
            fetcher=None,
            async_fetcher=fetcher,
            loader=loader,
            now=now,
            options={
                "clock_skew": clock_skew,
                "allowed_suites": allowed_suites,
                "check": check_status,
                "fail_closed": status_fail_closed,
                "list_issuers": status_list_issuers,
                "list_id_must_match": status_list_id_must_match,
                "strict": strict,
                "require_challenge": require_challenge,
                "holder_binding": holder_binding,
                "issuer_proofs": issuer_proofs,
            },
        )
        if not isinstance(self.context.source, AsyncDocumentSource):
            raise InputError("an AsyncVerifier's source must be an AsyncDocumentSource (aget)")
        self.offload = offload
        self._caches = Caches()

    def now(self) -> datetime:
        """The verifier's current time."""
        return self.context.now()

    async def verify(
        self,
        document: Any,
        *,
        challenge: str | None = None,
        domain: str | None = None,
        media_type: str | None = None,
        recipient: str | None = None,
    ) -> VerificationResult:
        """Verify a credential or presentation (or an envelope, or an Open Badges 2.0
        assertion, as :meth:`Verifier.verify`); never raises for a bad document."""
        from .did.sources import Documents, Retrieved

        source = self.context.source
        retrieved = await self.retrieve(document)
        fallback = source if isinstance(source, Documents) else None
        steps = Steps(
            self.context.replace(source=Retrieved(retrieved, fallback=fallback)), self._caches
        )
        run = partial(
            steps.verify,
            document,
            challenge=challenge,
            domain=domain,
            media_type=media_type,
            recipient=recipient,
        )
        if not self.offload:
            return run()
        import anyio.to_thread

        return await anyio.to_thread.run_sync(run)

    async def retrieve(self, document: Any) -> dict[str, JsonValue | VclerError]:
        """Every document the steps will ask for, awaited ahead (failures kept as errors)."""
        import anyio

        retrieved: dict[str, JsonValue | VclerError] = {}
        pending = needed_documents(document, self.context)
        for _ in range(_RETRIEVAL_ROUNDS):
            wanted = sorted(url for url in pending if self._to_retrieve(url, retrieved))
            if not wanted:
                break

            async def one(url: str) -> None:
                try:
                    retrieved[url] = await self.context.source.aget(url)  # type: ignore[attr-defined]
                except VclerError as error:
                    retrieved[url] = error

            async with anyio.create_task_group() as group:
                for url in wanted:
                    group.start_soon(one, url)
            # The next round: what the retrieved documents (status lists) need in turn.
            pending = set()
            for url in wanted:
                found = retrieved[url]
                if isinstance(found, dict) and "credentialSubject" in found:
                    pending |= needed_documents(found, self.context)
                elif isinstance(found, dict):  # an Open Badges 2.0 document names the next
                    from .openbadges.v2 import referenced_urls

                    pending |= referenced_urls(found)
        return retrieved

    def _to_retrieve(self, url: str, retrieved: Mapping[str, object]) -> bool:
        """Whether ``url`` must be awaited: not yet retrieved, not a status list this verifier
        holds, not answerable without I/O."""
        if url in retrieved or self._caches.status_lists.holds(url):
            return False
        begin = getattr(self.context.source, "begin", None)
        if callable(begin):
            try:
                return isinstance(begin(url), FetchNeeded)
            except VclerError:
                return False  # the steps will meet the same failure, offline
        return True
