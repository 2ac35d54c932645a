"""The verifier page: ``GET /verify`` (and ``GET /`` for a browser) serves a small page where
a person pastes or drops a credential or presentation and sees what this server makes of it.

Three files of the package (``verifier_page/verify.html``, ``.js``, ``.css``), served as they
are: no build step, no framework, nothing loaded from another origin. The answers forbid
anything else (``Content-Security-Policy``: this origin only, no inline script, no framing),
and the script writes every value of the document as text, never as HTML.
"""

from __future__ import annotations

import functools
from importlib import resources

__all__ = ["PAGE_HEADERS", "asset"]

#: The headers every answer of the page carries.
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}
_TYPES = {
    "verify.html": "text/html; charset=utf-8",
    "verify.js": "text/javascript; charset=utf-8",
    "verify.css": "text/css; charset=utf-8",
}


@functools.lru_cache(maxsize=len(_TYPES))
def asset(name: str) -> tuple[bytes, str] | None:
    """The bytes and media type of one of the page's files (``None`` for any other name)."""
    if name not in _TYPES:
        return None
    data = resources.files("vcler.server").joinpath("verifier_page", name).read_bytes()
    return data, _TYPES[name]
