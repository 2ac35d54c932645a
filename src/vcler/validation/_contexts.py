"""Every JSON-LD context a document needs that the document loader does not hold, at once.

JSON-LD processing stops at the first context it cannot load; a user fixing a document (or
adding contexts to a loader) wants the whole list. This walk finds every context URL the
document names — in any ``@context`` of the document, inside inline contexts (``@import``,
scoped contexts of term definitions) and, transitively, inside the contexts it loads — and
reports each one the loader lacks as ``LOADING_DOCUMENT_FAILED`` with the pointer of the
reference in the document. It runs only when processing found a context missing, so a document
whose contexts are all there pays nothing for it.

Spec: https://www.w3.org/TR/json-ld11-api/#context-processing-algorithm (steps 5.2, 5.6)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from .. import codes
from ..errors import VclerError
from ..problems import Problem, json_pointer

if TYPE_CHECKING:
    from ..jsonld import StaticDocumentLoader

__all__ = ["unavailable_contexts"]

# How many distinct context documents one walk opens (bundled contexts import a handful).
_MAX_CONTEXT_DOCUMENTS = 64


def unavailable_contexts(
    document: Any, *, loader: StaticDocumentLoader | None = None
) -> list[Problem]:
    """``LOADING_DOCUMENT_FAILED`` for each context URL ``document`` needs that ``loader``
    (default: the bundled contexts) does not hold, each URL once, in document order."""
    from ..jsonld import default_loader

    loader = loader if loader is not None else default_loader()
    problems: list[Problem] = []
    reported: set[str] = set()
    opened: dict[str, list[str]] = {}
    for pointer, url in _document_references(document, ()):
        for missing, via in _missing(url, loader, opened):
            if missing in reported:
                continue
            reported.add(missing)
            where = "" if via is None else f" (imported by {via!r})"
            # The loader's own words, so that the one JSON-LD processing met is said once.
            problems.append(
                Problem(
                    codes.LOADING_DOCUMENT_FAILED,
                    f"document {missing!r}{where} is not available offline: vcler never "
                    "fetches JSON-LD contexts; add it to the document loader",
                    pointer,
                )
            )
    return problems


def _document_references(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[str, str]]:
    """``(pointer, url)`` of every context URL named anywhere in a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "@context":
                yield from _context_references(item, (*path, key))
            else:
                yield from _document_references(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _document_references(item, (*path, index))


def _context_references(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[str, str]]:
    """``(pointer, url)`` of the context URLs inside one ``@context`` value."""
    if isinstance(value, str):
        yield json_pointer(*path), value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _context_references(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in ("@import", "@context"):
                yield from _context_references(item, (*path, key))
            elif isinstance(item, dict) and "@context" in item:  # a scoped context
                yield from _context_references(item["@context"], (*path, key, "@context"))


def _missing(
    url: str, loader: StaticDocumentLoader, opened: dict[str, list[str]]
) -> Iterator[tuple[str, str | None]]:
    """``(missing url, the context that imports it or None)`` for ``url`` and, transitively,
    the contexts it names. ``opened`` remembers what each available context needs."""
    from ..jsonld.loader import bundled_contexts

    if url not in loader:
        yield url, None
        return
    # The bundled contexts import only bundled contexts (a test holds them to it).
    pending = [] if url in bundled_contexts() else [url]
    while pending:
        current = pending.pop()
        if current in opened:
            continue
        if len(opened) >= _MAX_CONTEXT_DOCUMENTS:
            return
        try:
            context_document = loader.load(current)
        except VclerError:
            opened[current] = []
            continue
        inner = [
            urljoin(current, named)
            for _, named in _context_references(
                context_document.get("@context") if isinstance(context_document, dict) else None,
                (),
            )
        ]
        opened[current] = inner
        for named in inner:
            if named not in loader:
                yield named, current
            elif named not in bundled_contexts():
                pending.append(named)
