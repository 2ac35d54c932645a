"""DID resolution and DID URL dereferencing over HTTP(S): ``GET /1.0/identifiers/{did}``.

The answer to a DID is the DID resolution result (``didDocument``, ``didResolutionMetadata``,
``didDocumentMetadata``); to a DID URL with a fragment, the dereferencing result
(``contentStream``, ``dereferencingMetadata``, ``contentMetadata``). A request whose
``Accept`` asks for a DID document representation (``application/did+json``,
``application/did+ld+json``) gets the document (or the dereferenced resource) alone.

A failure answers the result with ``didResolutionMetadata.error`` (or, for a DID URL,
``dereferencingMetadata.error``), the problem details members (``type``, ``title``,
``status``, ``detail``, ``code``) merged in, and the HTTP status the DID Resolution HTTP(S)
binding gives the error: ``invalidDid``/``invalidDidUrl`` and the did:key public key errors
400, ``notFound`` 404, ``representationNotSupported`` 406, ``deactivated`` 410,
``methodNotSupported`` 501, anything else 500.

Every result, success or failure, is a whole resolution (or dereferencing) result object:
``@context``, ``didDocument`` (empty on failure: ``{}``), ``didDocumentMetadata`` and the
metadata. A dereferencing result also carries the members the did:key test suite reads, the
names of an earlier draft: ``didDereferencingMetadata`` (the same as ``dereferencingMetadata``)
and, on success, the dereferenced resource as ``didDocument`` too.

The resolution options of the did:key method are query parameters: ``publicKeyFormat``,
``enableExperimentalPublicKeyTypes`` and ``enableEncryptionKeyDerivation`` (``true`` or
``false``).

The path carries the DID as written, with ``#`` (and ``?``) percent-encoded; a path with no
``:`` (a DID URL percent-encoded whole, as ``encodeURIComponent`` writes it) is decoded once.
A DID's own percent-encoding (the ``%3A`` before a did:web port) is kept.

Spec: https://w3c.github.io/did-resolution/#bindings-https
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from .. import codes
from ..did import JsonFetcher, ResolutionResult, is_did, parse_did_url, resolve
from ..did.document import absolute_id, verification_methods
from ..errors import FetchPolicyError, ResolutionError
from .problems import problem_type

__all__ = [
    "RESOLUTION_CONTEXT",
    "RESOLUTION_OPTIONS",
    "RESOLUTION_RESULT_TYPE",
    "HttpAnswer",
    "dereference_answer",
    "did_from_path",
    "http_status",
    "resolution_options",
]

#: The media type of a DID resolution result.
RESOLUTION_RESULT_TYPE = 'application/ld+json;profile="https://w3id.org/did-resolution"'
_REPRESENTATIONS = ("application/did+json", "application/did+ld+json")
#: The ``@context`` of DID resolution and dereferencing results.
RESOLUTION_CONTEXT = "https://w3id.org/did-resolution/v1"
#: The resolution options read from the query string (did:key's), and which are booleans.
RESOLUTION_OPTIONS = (
    "publicKeyFormat",
    "enableExperimentalPublicKeyTypes",
    "enableEncryptionKeyDerivation",
)
_BOOLEAN_OPTIONS = frozenset(RESOLUTION_OPTIONS[1:])

_STATUS_BY_ERROR = {
    codes.INVALID_DID: 400,
    codes.INVALID_DID_URL: 400,
    codes.INVALID_PUBLIC_KEY: 400,
    codes.INVALID_PUBLIC_KEY_LENGTH: 400,
    codes.INVALID_PUBLIC_KEY_TYPE: 400,
    codes.UNSUPPORTED_PUBLIC_KEY_TYPE: 400,
    codes.DID_NOT_FOUND: 404,
    codes.REPRESENTATION_NOT_SUPPORTED: 406,
    "deactivated": 410,
    codes.METHOD_NOT_SUPPORTED: 501,
}


@dataclass(frozen=True)
class HttpAnswer:
    """An HTTP answer: status, JSON body, content type and extra headers."""

    status: int
    body: Any
    content_type: str = "application/json"
    headers: Mapping[str, str] = field(default_factory=dict)


def http_status(error: str) -> int:
    """The HTTP status of a DID resolution ``error``.

    Spec: https://w3c.github.io/did-resolution/#bindings-https
    """
    return _STATUS_BY_ERROR.get(error, 500)


def did_from_path(raw_path: str) -> str:
    """The DID or DID URL of the path segment after ``/1.0/identifiers/`` (still encoded)."""
    if ":" not in raw_path and "%3a" in raw_path.lower():  # encoded whole
        return unquote(raw_path)
    return raw_path.replace("%23", "#").replace("%3F", "?").replace("%3f", "?")


def resolution_options(query: Mapping[str, str]) -> dict[str, Any]:
    """The DID resolution options of a request's query parameters (others are ignored):
    ``publicKeyFormat`` as given, the boolean options ``true`` or ``false``.

    Spec: https://w3c.github.io/did-resolution/#did-resolution-options
    """
    options: dict[str, Any] = {}
    for name in RESOLUTION_OPTIONS:
        value = query.get(name)
        if value is None:
            continue
        options[name] = value.lower() == "true" if name in _BOOLEAN_OPTIONS else value
    return options


def _failure(
    error: str,
    message: str,
    *,
    dereferencing: bool,
    result: Mapping[str, Any] | None = None,
) -> HttpAnswer:
    status = http_status(error)
    metadata = {"error": error, "errorMessage": message}
    body: dict[str, Any] = {
        "@context": RESOLUTION_CONTEXT,
        "didDocument": {},  # "empty" (DID Resolution), and present for the did:key suite
        "didDocumentMetadata": dict((result or {}).get("didDocumentMetadata") or {}),
    }
    if dereferencing:
        body["dereferencingMetadata"] = body["didDereferencingMetadata"] = metadata
        body.update({"contentStream": None, "contentMetadata": {}})
    else:
        given = (result or {}).get("didResolutionMetadata") or {}
        body["didResolutionMetadata"] = {**given, **metadata}
    body.update(
        {
            "type": problem_type(error),
            "title": error,
            "status": status,
            "detail": message,
            "code": error,
        }
    )
    return HttpAnswer(status, body, "application/problem+json")


class _Offline:
    """The fetcher of a server whose verifier is offline: it refuses every lookup, naming the
    setting that allows them (the engine's own message names the command line's flag, which
    ``vcler serve`` does not have)."""

    def get_json(self, url: str, *, accept: str | None = None) -> Any:
        raise FetchPolicyError(
            f"{url} needs a network lookup, and this server is offline "
            "([verifier] allow_network = true in its configuration allows lookups)"
        )


def _wanted_representation(accept: str | None) -> str | None:
    """The DID document media type ``accept`` asks for, unless it asks for a result."""
    if not accept or "did-resolution" in accept:
        return None
    for media in (part.split(";")[0].strip().lower() for part in accept.split(",")):
        if media in _REPRESENTATIONS:
            return media
    return None


def _resolution(result: ResolutionResult, accept: str | None) -> HttpAnswer:
    """A resolution result as an HTTP answer."""
    if result.error is not None or result.did_document is None:
        error = result.error or codes.DID_INTERNAL_ERROR
        return _failure(
            error,
            result.error_message or f"DID resolution failed: {error}",
            dereferencing=False,
            result=result.to_json(),
        )
    wanted = _wanted_representation(accept)
    if wanted is not None:
        return HttpAnswer(200, result.did_document, wanted)
    return HttpAnswer(
        200, {"@context": RESOLUTION_CONTEXT, **result.to_json()}, RESOLUTION_RESULT_TYPE
    )


def _select_fragment(document: Mapping[str, Any], did: str, did_url: str) -> Any:
    """The verification method or service of ``document`` whose id is ``did_url``."""
    candidates: list[Any] = [method for _, method in verification_methods(document)]
    services = document.get("service")
    candidates += services if isinstance(services, list) else [services] if services else []
    for candidate in candidates:
        if (
            isinstance(candidate, Mapping)
            and isinstance(candidate.get("id"), str)
            and absolute_id(candidate["id"], did) == did_url
        ):
            return candidate
    return None


def dereference_answer(
    did_url: str,
    *,
    fetcher: JsonFetcher | None = None,
    accept: str | None = None,
    options: Mapping[str, Any] | None = None,
) -> HttpAnswer:
    """Resolve a DID, or dereference a DID URL's fragment, as an HTTP answer.

    ``fetcher`` reaches the network; without one, a DID that needs a lookup (did:web) fails
    with ``internalError`` saying which configuration setting allows it. ``options`` are DID
    resolution options (:func:`resolution_options`).

    Spec: https://w3c.github.io/did-resolution/#dereferencing
    """
    if fetcher is None:
        fetcher = _Offline()
    options = dict(options or {})
    # Step 1: a DID is resolved; something with no path, query or fragment is a DID that is
    # not valid; anything else must parse as a DID URL.
    if is_did(did_url):
        return _resolution(resolve(did_url, fetcher=fetcher, options=options), accept)
    if not did_url.startswith("did:") or not any(c in did_url for c in "/?#"):
        return _resolution(
            ResolutionResult.failure(codes.INVALID_DID, f"{did_url!r} is not a DID"), accept
        )
    try:
        parts = parse_did_url(did_url)
    except ResolutionError as e:
        return _failure(e.error, e.message, dereferencing=True)
    # Step 2: vcler dereferences fragments of the DID document (no paths, queries, services).
    if parts.path or parts.query is not None or not parts.fragment:
        return _failure(
            codes.DID_NOT_FOUND,
            f"{did_url} has a path or query; only DID URL fragments are dereferenced here",
            dereferencing=True,
        )
    # Step 3: resolve the DID, then select the resource the fragment names.
    result = resolve(parts.did, fetcher=fetcher, options=options)
    if result.error is not None or result.did_document is None:
        error = result.error or codes.DID_INTERNAL_ERROR
        return _failure(
            error,
            result.error_message or f"DID resolution failed: {error}",
            dereferencing=True,
        )
    resource = _select_fragment(result.did_document, parts.did, did_url)
    if resource is None:
        return _failure(
            codes.DID_NOT_FOUND,
            f"{parts.did} has no resource with id {did_url}",
            dereferencing=True,
        )
    wanted = _wanted_representation(accept)
    if wanted is not None:
        return HttpAnswer(200, resource, wanted)
    content_type = result.did_resolution_metadata.get("contentType", "application/did+json")
    metadata = {"contentType": content_type}
    return HttpAnswer(
        200,
        {
            "@context": RESOLUTION_CONTEXT,
            "dereferencingMetadata": metadata,
            "contentStream": resource,
            "contentMetadata": {},
            # The names the did:key test suite reads (an earlier draft's).
            "didDereferencingMetadata": metadata,
            "didDocument": resource,
            "didDocumentMetadata": {},
        },
        "application/json",
    )
