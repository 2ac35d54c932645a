"""DID and DID URL syntax (DID Core §3.1, §3.2), as pure functions.

Spec: https://www.w3.org/TR/did-core/#did-syntax

::

    did                = "did:" method-name ":" method-specific-id
    method-name        = 1*method-char
    method-char        = %x61-7A / DIGIT
    method-specific-id = *( *idchar ":" ) 1*idchar
    idchar             = ALPHA / DIGIT / "." / "-" / "_" / pct-encoded
    pct-encoded        = "%" HEXDIG HEXDIG
    did-url            = did path-abempty [ "?" query ] [ "#" fragment ]

``path-abempty``, ``query`` and ``fragment`` are those of RFC 3986.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import ResolutionError

__all__ = ["DidUrl", "is_did", "parse_did", "parse_did_url"]

_IDCHAR = r"(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})"
_DID = rf"did:(?P<method>[a-z0-9]+):(?P<msi>(?:{_IDCHAR}*:)*{_IDCHAR}+)"
# RFC 3986 pchar = unreserved / pct-encoded / sub-delims / ":" / "@"
_PCHAR = r"(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})"
_DID_RE = re.compile(_DID, re.ASCII)
_DID_URL_RE = re.compile(
    rf"(?P<did>{_DID})(?P<path>(?:/{_PCHAR}*)*)"
    rf"(?:\?(?P<query>(?:{_PCHAR}|[/?])*))?(?:#(?P<fragment>(?:{_PCHAR}|[/?])*))?",
    re.ASCII,
)


@dataclass(frozen=True)
class DidUrl:
    """The parts of a DID URL (``path`` is ``""`` when absent; ``query``/``fragment`` ``None``)."""

    did: str
    method: str
    method_specific_id: str
    path: str
    query: str | None
    fragment: str | None


def is_did(text: str) -> bool:
    """Whether ``text`` is a DID (not a DID URL): the whole string matches the ABNF."""
    return _DID_RE.fullmatch(text) is not None


def parse_did(text: str) -> tuple[str, str]:
    """``(method, method_specific_id)`` of the DID ``text``; ``ResolutionError(invalidDid)``."""
    match = _DID_RE.fullmatch(text)
    if match is None:
        raise ResolutionError(f"{text!r} is not a valid DID", error="invalidDid")
    return match["method"], match["msi"]


def parse_did_url(text: str) -> DidUrl:
    """The parts of the DID URL ``text``; raises ``ResolutionError(invalidDidUrl)``.

    Spec: https://www.w3.org/TR/did-core/#did-url-syntax
    """
    match = _DID_URL_RE.fullmatch(text)
    if match is None:
        raise ResolutionError(f"{text!r} is not a valid DID URL", error="invalidDidUrl")
    return DidUrl(
        did=match["did"],
        method=match["method"],
        method_specific_id=match["msi"],
        path=match["path"],
        query=match["query"],
        fragment=match["fragment"],
    )
