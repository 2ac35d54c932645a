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

The expressions below match character classes, with ``%`` among them, and every ``%`` is then
checked to start a ``pct-encoded`` triple: the same language as the ABNF, matched in time
linear in the text's length (one alternation per character made Python's ``re`` take seconds
on a DID URL of a megabyte).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import codes
from ..errors import ResolutionError

__all__ = ["DidUrl", "is_did", "parse_did", "parse_did_url"]

# idchar, with "%" standing for the pct-encoded triples it starts (checked by _BAD_PERCENT).
_IDCHAR = r"[A-Za-z0-9._%-]"
# *( *idchar ":" ) 1*idchar: idchars and colons, ending with an idchar.
_DID = rf"did:(?P<method>[a-z0-9]+):(?P<msi>[A-Za-z0-9._%:-]*{_IDCHAR})"
# RFC 3986 pchar = unreserved / pct-encoded / sub-delims / ":" / "@" ("%" as above)
_PCHAR = r"A-Za-z0-9._~!$&'()*+,;=:@%-"
_DID_RE = re.compile(_DID, re.ASCII)
_DID_URL_RE = re.compile(
    rf"(?P<did>{_DID})(?P<path>(?:/[{_PCHAR}]*)*)"
    rf"(?:\?(?P<query>[{_PCHAR}/?]*))?(?:#(?P<fragment>[{_PCHAR}/?]*))?",
    re.ASCII,
)
# A "%" that does not start a pct-encoded triple ("%" HEXDIG HEXDIG).
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


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
    return _DID_RE.fullmatch(text) is not None and not _BAD_PERCENT.search(text)


def parse_did(text: str) -> tuple[str, str]:
    """``(method, method_specific_id)`` of the DID ``text``; ``ResolutionError(invalidDid)``."""
    match = _DID_RE.fullmatch(text)
    if match is None or _BAD_PERCENT.search(text):
        raise ResolutionError(f"{text!r} is not a valid DID", error=codes.INVALID_DID)
    return match["method"], match["msi"]


def parse_did_url(text: str) -> DidUrl:
    """The parts of the DID URL ``text``; raises ``ResolutionError(invalidDidUrl)``.

    Spec: https://www.w3.org/TR/did-core/#did-url-syntax
    """
    match = _DID_URL_RE.fullmatch(text)
    if match is None or _BAD_PERCENT.search(text):
        raise ResolutionError(f"{text!r} is not a valid DID URL", error=codes.INVALID_DID_URL)
    return DidUrl(
        did=match["did"],
        method=match["method"],
        method_specific_id=match["msi"],
        path=match["path"],
        query=match["query"],
        fragment=match["fragment"],
    )
