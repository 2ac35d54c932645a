"""did:web: the DID ↔ URL mapping and the checks on a fetched DID document (pure functions).

Spec: https://w3c-ccg.github.io/did-method-web/

Resolution needs one https GET; :class:`WebResolver` asks for it with a
:class:`~vcler._seam.FetchNeeded`, and :func:`vcler.did.resolve` (or
:func:`vcler.did.resolve_async`) performs it with the caller's fetcher, so this module does no
I/O and has no sync/async split.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from functools import partial
from typing import Any
from urllib.parse import unquote, urlsplit

from .. import codes
from .._seam import FetchNeeded
from ..errors import ResolutionError
from .document import check_document_id, check_methods_belong
from .syntax import parse_did

__all__ = ["WebResolver", "did_web_from_url", "did_web_to_url", "document_from_json"]

_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?", re.ASCII)
_PORT = re.compile(r"[0-9]{1,5}", re.ASCII)


def _invalid(did: str, reason: str) -> ResolutionError:
    return ResolutionError(f"{did} is not a valid did:web DID: {reason}", error=codes.INVALID_DID)


def _check_host(did: str, host: str) -> None:
    """A DNS host name (RFC 1035/1123 labels, ASCII only), never an IP address."""
    if len(host) > 253:
        raise _invalid(did, "the domain name is longer than 253 characters")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        raise _invalid(did, "the domain name must not be an IP address")
    labels = host.split(".")
    for label in labels:
        if not _LABEL.fullmatch(label):
            raise _invalid(did, f"{label!r} is not a valid domain name label")
    if labels[-1].isdigit():
        raise _invalid(did, "the top-level label of the domain name is numeric")


def _split_host(did: str, encoded: str) -> tuple[str, int | None]:
    """Step 2: the host and optional port (only ``%3A`` may be percent-encoded there)."""
    if "%" in encoded.replace("%3A", "").replace("%3a", ""):
        raise _invalid(
            did,
            "the domain name may only percent-encode the port colon; internationalized "
            "names must be given in their ASCII (xn--) form",
        )
    host, sep, port_text = encoded.replace("%3a", "%3A").partition("%3A")
    _check_host(did, host)
    if not sep:
        return host, None
    if not _PORT.fullmatch(port_text) or not 0 < int(port_text) < 65536:
        raise _invalid(did, f"{port_text!r} is not a valid port")
    return host, int(port_text)


def _check_segment(did: str, segment: str) -> str:
    """A path segment: not empty, no dot segment, no encoded separator."""
    decoded = unquote(segment)
    if not segment or decoded in (".", "..") or "/" in decoded or "\\" in decoded:
        raise _invalid(did, f"{segment!r} is not a valid path segment")
    return segment


def did_web_to_url(did: str) -> str:
    """The https URL of the DID document of the did:web ``did``.

    Raises ``ResolutionError(invalidDid)`` for a DID that is not did:web or whose domain, port or
    path cannot form the URL.

    Spec: https://w3c-ccg.github.io/did-method-web/#read-resolve
    """
    method, identifier = parse_did(did)
    if method != "web":
        raise _invalid(did, "the method is not web")
    # Step 1: ":" separates the domain name and the optional path segments.
    encoded_host, *path = identifier.split(":")
    # Step 2: percent-decode the port colon.
    host, port = _split_host(did, encoded_host)
    segments = [_check_segment(did, segment) for segment in path]
    # Step 3: https://
    authority = host.lower() if port is None else f"{host.lower()}:{port}"
    # Step 4: no path -> /.well-known
    location = "/" + "/".join(segments) if segments else "/.well-known"
    # Step 5: append /did.json
    return f"https://{authority}{location}/did.json"


def did_web_from_url(url: str) -> str:
    """The did:web DID whose document lives at ``url`` (the Create direction).

    ``https://example.com/.well-known/did.json`` → ``did:web:example.com``;
    ``https://example.com:3000/u/bob/did.json`` → ``did:web:example.com%3A3000:u:bob``.

    Spec: https://w3c-ccg.github.io/did-method-web/#create-register
    """
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment:
        raise ResolutionError(f"{url!r} is not an https URL of a did.json", error=codes.INVALID_DID)
    if not parts.path.endswith("/did.json"):
        raise ResolutionError(f"{url!r} does not end with /did.json", error=codes.INVALID_DID)
    path = parts.path[: -len("/did.json")]
    segments = [] if path in ("", "/.well-known") else path.lstrip("/").split("/")
    host = parts.hostname if parts.port is None else f"{parts.hostname}%3A{parts.port}"
    did = ":".join(["did:web", host, *segments])
    if did_web_to_url(did) != url:
        raise ResolutionError(f"{url!r} does not map to a did:web DID", error=codes.INVALID_DID)
    return did


def document_from_json(fetched: Any, *, did: str) -> dict[str, Any]:
    """The DID document of ``did`` from the JSON fetched at its URL, after the spec's checks.

    The document's ``id`` must be ``did`` (Read step 7), and every verification method must
    have an absolute id in ``did`` and ``did`` as its controller ("Whenever a DID URL is present
    within a did:web document, it must be an absolute URL"). A DID Resolution Document
    (``{"didDocument": ...}``, as newer drafts describe) is unwrapped first.

    Spec: https://w3c-ccg.github.io/did-method-web/#read-resolve
    """
    if isinstance(fetched, dict) and "id" not in fetched and "didDocument" in fetched:
        fetched = fetched["didDocument"]
    # Step 7: the document is the one of this DID.
    document = check_document_id(fetched, did)
    check_methods_belong(document, did, absolute=True)
    return document


class WebResolver:
    """did:web: maps the DID to its URL and checks what is fetched there."""

    def read(self, did: str, *, options: Mapping[str, Any]) -> FetchNeeded:
        """The fetch resolving ``did`` needs (no I/O here)."""
        url = did_web_to_url(did)
        accept = options.get("accept")
        complete = partial(document_from_json, did=did)
        if isinstance(accept, str):
            return FetchNeeded(url=url, complete=complete, accept=accept)
        return FetchNeeded(url=url, complete=complete)
