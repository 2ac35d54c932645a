"""Dereferencing a verification method: from a DID URL (or https URL) with a fragment to the
verification method object, checked against its controller document.

Spec: https://www.w3.org/TR/cid-1.0/#retrieve-verification-method (Retrieve Verification Method)
and https://www.w3.org/TR/did-core/#fragment

The controller document comes from a document source (:class:`~vcler._seam.DocumentSource`):
by default a :class:`~vcler.did.sources.Documents` that tries, in this order, the caller's
``documents`` mapping (id → document; for DIDs too, so a credential of a did:web issuer verifies
offline when its document is supplied), DID resolution (did:key and did:jwk offline; did:web
with a fetcher), and, for an https controller document (as Open Badges issuers publish), the
fetcher. Failures raise
:class:`~vcler.errors.ResolutionError` whose ``error`` is the CID error type
(``INVALID_VERIFICATION_METHOD_URL``, ``INVALID_CONTROLLED_IDENTIFIER_DOCUMENT``,
``INVALID_CONTROLLED_IDENTIFIER_DOCUMENT_ID``, ``INVALID_VERIFICATION_METHOD``,
``INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD``) or the DID Resolution error of the controller
DID (``notFound``, ``invalidDid``...).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from .. import codes
from .._seam import AsyncDocumentSource, AsyncJsonFetcher, DocumentSource, JsonFetcher
from ..errors import InputError, ResolutionError
from .document import absolute_id, verification_methods
from .resolver import MethodResolver
from .sources import Documents as SourceDocuments
from .syntax import is_did, parse_did_url

__all__ = [
    "dereference_verification_method",
    "dereference_verification_method_async",
    "split_verification_method_id",
]

Documents = Mapping[str, Mapping[str, Any]]


def split_verification_method_id(vm_identifier: str) -> tuple[str, str]:
    """``(controller_document_url, fragment)`` of a verification method identifier.

    Steps 1-3 of Retrieve Verification Method: the identifier must be a DID URL or an https
    URL with a non-empty fragment.
    """
    if not isinstance(vm_identifier, str):
        raise InputError("a verification method identifier must be a string")
    # Step 1: a valid URL.
    base, sep, fragment = vm_identifier.partition("#")
    if base.startswith("did:"):
        try:
            parse_did_url(vm_identifier)
        except ResolutionError as e:
            raise ResolutionError(e.message, error=codes.INVALID_VERIFICATION_METHOD_URL) from e
    else:
        parts = urlsplit(base)
        if parts.scheme not in ("https", "http") or not parts.netloc:
            raise ResolutionError(
                f"{vm_identifier!r} is neither a DID URL nor an https URL",
                error=codes.INVALID_VERIFICATION_METHOD_URL,
            )
    if not sep or not fragment:
        raise ResolutionError(
            f"{vm_identifier!r} has no fragment naming a verification method",
            error=codes.INVALID_VERIFICATION_METHOD_URL,
        )
    # Steps 2 and 3: the primary resource and the fragment.
    return base, fragment


def _check_controller_document(document: Any, controller_url: str) -> Mapping[str, Any]:
    """Steps 5 and 6: a JSON object whose ``id`` is the controller document URL."""
    if not isinstance(document, Mapping):
        raise ResolutionError(
            f"the controller document of {controller_url} is not a JSON object",
            error=codes.INVALID_CONTROLLED_IDENTIFIER_DOCUMENT,
        )
    if document.get("id") != controller_url:
        raise ResolutionError(
            f"the controller document retrieved for {controller_url} has id {document.get('id')!r}",
            error=codes.INVALID_CONTROLLED_IDENTIFIER_DOCUMENT_ID,
        )
    return document


def _select(
    vm_identifier: str,
    controller_url: str,
    document: Any,
    purpose: str | None,
) -> dict[str, Any]:
    """Steps 5-12 of Retrieve Verification Method, on the retrieved controller document."""
    document = _check_controller_document(document, controller_url)
    # Step 7: dereference the fragment (methods listed or embedded in a relationship).
    method: Any = None
    for _, candidate in verification_methods(document):
        if (
            isinstance(candidate, Mapping)
            and isinstance(candidate.get("id"), str)
            and absolute_id(candidate["id"], controller_url) == vm_identifier
        ):
            method = candidate
            break
    if method is None:
        raise ResolutionError(
            f"{controller_url} has no verification method {vm_identifier}",
            error=codes.DID_NOT_FOUND,
        )
    # Step 8: a conforming verification method (id, type and controller are strings).
    if not all(isinstance(method.get(name), str) for name in ("id", "type", "controller")):
        raise ResolutionError(
            f"verification method {vm_identifier} lacks a string id, type or controller",
            error=codes.INVALID_VERIFICATION_METHOD,
        )
    # Step 9 holds by construction of step 7. Step 10: the controller is the document's.
    if method["controller"] != controller_url:
        raise ResolutionError(
            f"verification method {vm_identifier} is controlled by {method['controller']}, "
            f"not by {controller_url}",
            error=codes.INVALID_VERIFICATION_METHOD,
        )
    # Step 11: listed, by reference or by value, under the verification relationship.
    if purpose is not None:
        entries = document.get(purpose)
        entries = entries if isinstance(entries, list) else [] if entries is None else [entries]
        listed = any(
            (isinstance(entry, str) and absolute_id(entry, controller_url) == vm_identifier)
            or (
                isinstance(entry, Mapping)
                and isinstance(entry.get("id"), str)
                and absolute_id(entry["id"], controller_url) == vm_identifier
            )
            for entry in entries
        )
        if not listed:
            raise ResolutionError(
                f"verification method {vm_identifier} is not authorized for {purpose} by "
                f"{controller_url}",
                error=codes.INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD,
            )
    # Step 12: the method (a copy, with its id made absolute).
    result = copy.deepcopy(dict(method))
    result["id"] = vm_identifier
    return result


def _check_purpose(purpose: str | None) -> None:
    if purpose is not None and not isinstance(purpose, str):
        raise InputError("purpose must be a verification relationship name such as assertionMethod")


def dereference_verification_method(
    vm_identifier: str,
    *,
    source: DocumentSource | None = None,
    documents: Documents | None = None,
    resolvers: Mapping[str, MethodResolver] | None = None,
    fetcher: JsonFetcher | None = None,
    purpose: str | None = None,
    options: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The verification method ``vm_identifier`` names, checked against its controller document.

    ``vm_identifier`` is a DID URL (``did:web:example.com#key-1``) or an https URL with a
    fragment. The controller document comes from ``source`` (a
    :class:`~vcler._seam.DocumentSource`); without one, from a
    :class:`~vcler.did.sources.Documents` over ``documents`` (id → document, used before
    anything is resolved or fetched), ``resolvers``, ``fetcher`` and the DID resolution
    ``options``. With ``purpose`` (``assertionMethod``, ``authentication``...), the method must
    be listed under that verification relationship. Raises
    :class:`~vcler.errors.ResolutionError`.

    Spec: https://www.w3.org/TR/cid-1.0/#retrieve-verification-method
    """
    _check_purpose(purpose)
    controller_url = _controller_url(vm_identifier)
    if source is None:
        source = SourceDocuments(documents, resolvers=resolvers, fetcher=fetcher, options=options)
    # Step 4: dereference the controller document URL.
    document = source.get(controller_url)
    return _select(vm_identifier, controller_url, document, purpose)


async def dereference_verification_method_async(
    vm_identifier: str,
    *,
    source: AsyncDocumentSource | None = None,
    documents: Documents | None = None,
    resolvers: Mapping[str, MethodResolver] | None = None,
    fetcher: AsyncJsonFetcher | None = None,
    purpose: str | None = None,
    options: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The async twin of :func:`dereference_verification_method` (only retrieval is awaited)."""
    _check_purpose(purpose)
    controller_url = _controller_url(vm_identifier)
    if source is None:
        source = SourceDocuments(
            documents, resolvers=resolvers, async_fetcher=fetcher, options=options
        )
    # Step 4: dereference the controller document URL.
    document = await source.aget(controller_url)
    return _select(vm_identifier, controller_url, document, purpose)


def _controller_url(vm_identifier: str) -> str:
    """Steps 1-3: the controller document URL (a DID, not a DID URL with a path or query)."""
    controller_url, _ = split_verification_method_id(vm_identifier)
    if controller_url.startswith("did:") and not is_did(controller_url):
        raise ResolutionError(
            f"{controller_url} is a DID URL with a path or query; supply its document",
            error=codes.INVALID_VERIFICATION_METHOD_URL,
        )
    return controller_url
