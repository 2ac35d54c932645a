"""The DID resolver interface: pluggable method resolvers, one sync and one async driver.

Spec: https://www.w3.org/TR/did-core/#did-resolution and
https://w3c.github.io/did-resolution/#resolving

A method resolver does no I/O. Its ``read(did, options=...)`` returns either the DID document
(did:key, did:jwk compute it) or a :class:`FetchNeeded` — the URL to GET and a pure function
turning the fetched JSON into the DID document (did:web). :func:`resolve` and
:func:`resolve_async` are the only places that fetch, so no method logic exists twice
(:class:`FetchNeeded` and the fetcher protocols live in :mod:`vcler._seam`, the document seam).
Failures never raise: they come back as a :class:`ResolutionResult` whose
``did_resolution_metadata["error"]`` is the DID Resolution error code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from .. import codes
from .._seam import AsyncJsonFetcher, FetchNeeded, JsonFetcher
from ..errors import FetchError, FetchPolicyError, ParsingError, ResolutionError, VclerError
from .syntax import parse_did

__all__ = [
    "RESOLUTION_ERRORS",
    "AsyncJsonFetcher",
    "FetchNeeded",
    "JsonFetcher",
    "KeyResolver",
    "MethodResolver",
    "ResolutionResult",
    "begin_resolution",
    "complete_resolution",
    "default_resolvers",
    "network_refused",
    "resolution_failure",
    "resolve",
    "resolve_async",
]

#: The ``didResolutionMetadata.error`` values vcler produces.
RESOLUTION_ERRORS: frozenset[str] = frozenset(
    {
        codes.INVALID_DID,
        codes.DID_NOT_FOUND,
        codes.METHOD_NOT_SUPPORTED,
        codes.REPRESENTATION_NOT_SUPPORTED,
        codes.INVALID_PUBLIC_KEY_LENGTH,
        codes.INVALID_PUBLIC_KEY_TYPE,
        codes.UNSUPPORTED_PUBLIC_KEY_TYPE,
        codes.INVALID_PUBLIC_KEY,
        codes.DID_INTERNAL_ERROR,
    }
)

_DID_JSON = "application/did+json"
_DID_LD_JSON = "application/did+ld+json"
_REPRESENTATIONS = frozenset({_DID_JSON, _DID_LD_JSON, "application/ld+json", "application/json"})


@dataclass(frozen=True)
class ResolutionResult:
    """What resolving a DID gave: the document (or ``None``) and the two metadata objects.

    Spec: https://www.w3.org/TR/did-core/#did-resolution (didResolutionMetadata,
    didDocument, didDocumentMetadata).
    """

    did_document: dict[str, Any] | None
    did_resolution_metadata: dict[str, Any] = field(default_factory=dict)
    did_document_metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def error(self) -> str | None:
        """The DID Resolution error code, or ``None`` when the DID resolved."""
        value = self.did_resolution_metadata.get("error")
        return value if isinstance(value, str) else None

    @property
    def error_message(self) -> str | None:
        """A sentence saying what went wrong, or ``None``."""
        value = self.did_resolution_metadata.get("errorMessage")
        return value if isinstance(value, str) else None

    def to_json(self) -> dict[str, Any]:
        """The standard resolution result object (``didDocument``, ``didResolutionMetadata``,
        ``didDocumentMetadata``)."""
        return {
            "didDocument": self.did_document,
            "didResolutionMetadata": dict(self.did_resolution_metadata),
            "didDocumentMetadata": dict(self.did_document_metadata),
        }

    def raise_for_error(self) -> dict[str, Any]:
        """The DID document; raises :class:`~vcler.errors.ResolutionError` if resolution failed."""
        if self.error is not None or self.did_document is None:
            raise ResolutionError(
                self.error_message or f"DID resolution failed: {self.error}",
                error=self.error or codes.DID_INTERNAL_ERROR,
            )
        return self.did_document

    @classmethod
    def failure(cls, error: str, message: str) -> ResolutionResult:
        """A failed resolution with DID Resolution error ``error``."""
        return cls(None, {"error": error, "errorMessage": message}, {})


class MethodResolver(Protocol):
    """Resolves the DIDs of one method, without I/O (see :class:`FetchNeeded`)."""

    def read(self, did: str, *, options: Mapping[str, Any]) -> dict[str, Any] | FetchNeeded:
        """The DID document of ``did``, or the fetch it needs; raises ``ResolutionError``."""
        ...


def default_resolvers() -> dict[str, MethodResolver]:
    """The method resolvers vcler ships: ``key`` and ``jwk`` (offline), ``web`` (needs a
    fetcher; without one it answers that a network lookup was needed but not allowed)."""
    from .jwk import JwkResolver
    from .web import WebResolver

    return {"key": KeyResolver(), "jwk": JwkResolver(), "web": WebResolver()}


class KeyResolver:
    """did:key, computed offline by :func:`vcler.did.key.resolve_did_key`.

    The did:key resolution options ``publicKeyFormat`` (default ``Multikey``),
    ``enableEncryptionKeyDerivation`` and ``enableExperimentalPublicKeyTypes`` are passed on.
    """

    def read(self, did: str, *, options: Mapping[str, Any]) -> dict[str, Any]:
        """The DID document of the did:key ``did``."""
        from .key import resolve_did_key

        return resolve_did_key(
            did,
            public_key_format=options.get("publicKeyFormat", "Multikey"),
            enable_encryption_key_derivation=bool(
                options.get("enableEncryptionKeyDerivation", True)
            ),
            enable_experimental_public_key_types=bool(
                options.get("enableExperimentalPublicKeyTypes", False)
            ),
        )


def begin_resolution(
    did: str,
    resolvers: Mapping[str, MethodResolver] | None,
    options: Mapping[str, Any],
) -> ResolutionResult | FetchNeeded:
    """Steps 1-4 of resolving (syntax, method, representation, the method's read), without
    I/O: the result, or the fetch the method needs (then :func:`complete_resolution`)."""
    # Step 1: the DID must conform to the DID syntax.
    if not isinstance(did, str):
        return ResolutionResult.failure(codes.INVALID_DID, "a DID must be a string")
    try:
        method, _ = parse_did(did)
    except ResolutionError as e:
        return ResolutionResult.failure(e.error, e.message)
    # Step 2: the method must be supported.
    table = default_resolvers() if resolvers is None else resolvers
    resolver = table.get(method)
    if resolver is None:
        supported = ", ".join(sorted(table)) or "none"
        return ResolutionResult.failure(
            codes.METHOD_NOT_SUPPORTED,
            f"DID method {method!r} is not supported (supported: {supported})",
        )
    # Step 3: the requested representation must be one vcler produces.
    accept = options.get("accept")
    if accept is not None and accept not in _REPRESENTATIONS:
        return ResolutionResult.failure(
            codes.REPRESENTATION_NOT_SUPPORTED, f"representation {accept!r} is not supported"
        )
    # Step 4: the method's read operation.
    try:
        outcome = resolver.read(did, options=options)
    except VclerError as e:
        return resolution_failure(e, did=did)
    if isinstance(outcome, FetchNeeded):
        return outcome
    return _success(did, outcome, options)


def _success(did: str, document: dict[str, Any], options: Mapping[str, Any]) -> ResolutionResult:
    """Step 6: the result, with the content type of the representation."""
    accept = options.get("accept")
    if accept in (_DID_JSON, _DID_LD_JSON):
        content_type = accept
    else:
        content_type = _DID_LD_JSON if "@context" in document else _DID_JSON
    return ResolutionResult(document, {"contentType": content_type}, {})


def resolution_failure(error: VclerError, *, did: str) -> ResolutionResult:
    """A failure as a result: resolution errors keep their code, fetch errors are mapped."""
    if isinstance(error, ResolutionError):
        code = error.error if error.error in RESOLUTION_ERRORS else codes.DID_INTERNAL_ERROR
        return ResolutionResult.failure(code, error.message)
    status = getattr(error, "status_code", None)
    if status in (404, 410):
        return ResolutionResult.failure(
            codes.DID_NOT_FOUND, f"{did} was not found: {error.message}"
        )
    if isinstance(error, FetchPolicyError):
        return ResolutionResult.failure(
            codes.DID_INTERNAL_ERROR,
            f"resolving {did} was refused by the fetch policy: {error.message}",
        )
    if isinstance(error, (FetchError, ParsingError)):
        return ResolutionResult.failure(
            codes.DID_INTERNAL_ERROR, f"resolving {did}: {error.message}"
        )
    return ResolutionResult.failure(codes.DID_INTERNAL_ERROR, f"resolving {did}: {error}")


def network_refused(did: str, step: FetchNeeded) -> ResolutionResult:
    return ResolutionResult.failure(
        codes.DID_INTERNAL_ERROR,
        f"resolving {did} needs a network lookup of {step.url}, but the network is not "
        "allowed (pass a fetcher, or --allow-network on the command line)",
    )


def complete_resolution(
    did: str, step: FetchNeeded, fetched: Any, options: Mapping[str, Any]
) -> ResolutionResult:
    """Step 5: the method turns the fetched JSON into the DID document."""
    try:
        document = step.complete(fetched)
    except VclerError as e:
        return resolution_failure(e, did=did)
    if not isinstance(document, dict):
        return ResolutionResult.failure(
            codes.DID_INTERNAL_ERROR, f"resolving {did}: not a JSON object"
        )
    return _success(did, document, options)


def resolve(
    did: str,
    *,
    resolvers: Mapping[str, MethodResolver] | None = None,
    fetcher: JsonFetcher | None = None,
    options: Mapping[str, Any] | None = None,
) -> ResolutionResult:
    """Resolve ``did`` to a :class:`ResolutionResult`; never raises for a bad DID or document.

    ``resolvers`` maps method names to method resolvers (default: :func:`default_resolvers`).
    ``fetcher`` is used by methods that need the network (did:web); without one, such DIDs
    resolve to an ``internalError`` saying a network lookup was needed but not allowed.
    ``options`` are DID resolution options (``accept``, ``publicKeyFormat``...).

    Spec: https://w3c.github.io/did-resolution/#resolving
    """
    options = options or {}
    step = begin_resolution(did, resolvers, options)
    if isinstance(step, ResolutionResult):
        return step
    if fetcher is None:
        return network_refused(did, step)
    try:
        fetched = fetcher.get_json(step.url, accept=step.accept)
    except VclerError as e:
        return resolution_failure(e, did=did)
    return complete_resolution(did, step, fetched, options)


async def resolve_async(
    did: str,
    *,
    resolvers: Mapping[str, MethodResolver] | None = None,
    fetcher: AsyncJsonFetcher | None = None,
    options: Mapping[str, Any] | None = None,
) -> ResolutionResult:
    """The async twin of :func:`resolve` (same steps; only the fetch is awaited)."""
    options = options or {}
    step = begin_resolution(did, resolvers, options)
    if isinstance(step, ResolutionResult):
        return step
    if fetcher is None:
        return network_refused(did, step)
    try:
        fetched = await fetcher.get_json(step.url, accept=step.accept)
    except VclerError as e:
        return resolution_failure(e, did=did)
    return complete_resolution(did, step, fetched, options)
