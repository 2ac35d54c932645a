"""JSON-LD expansion and conversion to RDF, in safe mode, over pyld with a static loader.

This is the seam: :func:`to_dataset` takes a JSON-LD document and returns RDF quads, and
nothing else in vcler calls pyld for that. A faster implementation can replace what is behind it.

Two paths sit behind the seam. The fast path (:mod:`._walk`) converts the JSON document to
quads in one pass with compiled, per-loader cached contexts (:mod:`._contexts`) and plans of
maps (:mod:`._plans`); whatever it does not cover, or anything safe mode would object to, it
hands to the general path (pyld expansion, node map, toRdf, through :mod:`._pyld`) before
returning anything, so results and errors are the general path's. Both give the same
canonical N-Quads (checked by ``tests/jsonld/test_differential.py``).

Options are fixed to what Data Integrity implementations use, so canonical forms match theirs
byte for byte: JSON-LD 1.1 processing mode, no base IRI, and ``rdfDirection`` ``i18n-datatype``
(so a value's ``@direction`` is covered by the proof rather than lost). Pyld's own exceptions
never escape: each becomes a :class:`vcler.errors.JsonLdError` (or subclass) with a pointer.

Spec: https://www.w3.org/TR/json-ld11-api/#expansion-algorithm
Spec: https://www.w3.org/TR/json-ld11-api/#deserialize-json-ld-to-rdf-algorithm
Spec: https://www.w3.org/TR/vc-data-integrity/#securing-data-losslessly
"""

from __future__ import annotations

from typing import Any

from .._cache import BoundedCache
from .._json import check_json
from ..errors import DataLossError, DocumentLoaderError, JsonLdError, ParsingError, VclerError
from ..rdf import Quad, Statement, statement_of
from ..results import Problem
from . import _pyld
from ._contexts import context_cache
from ._fallback import FastPathFallback, FastPathStats
from ._walk import Statements, document_statements, statements_to_quads
from .loader import StaticDocumentLoader, default_loader
from .safe import dropped_value, expanded_problems, locate_value

__all__ = [
    "compact",
    "expand",
    "fast_path_stats",
    "safe_mode_problems",
    "to_dataset",
    "to_statements",
]


def _context_pointer(document: Any, url: str | None) -> str:
    """Pointer to where ``url`` is named in the document's contexts (``/@context`` if unknown)."""
    if url and isinstance(document, dict):
        contexts = document.get("@context")
        if contexts == url:
            return "/@context"
        if isinstance(contexts, list) and url in contexts:
            return f"/@context/{contexts.index(url)}"
        found = locate_value(document, url)
        if found:
            return found
    return "/@context" if isinstance(document, dict) and "@context" in document else ""


def _translate(error: Exception, document: Any) -> VclerError:
    """A pyld (or loader) exception as a vcler exception with a pointer."""
    # Step 1: our own loader's error, possibly wrapped by pyld: keep it, add the pointer.
    for cause in _pyld.causes(error):
        if isinstance(cause, DocumentLoaderError):
            return DocumentLoaderError(
                cause.message, url=cause.url, pointer=_context_pointer(document, cause.url)
            )
        if isinstance(cause, RecursionError):
            return ParsingError("document is nested too deeply for JSON-LD processing")
    # Step 2: the innermost pyld error carries the most specific code and message.
    innermost = _pyld.innermost_error(error)
    message = innermost.message
    pointer = ""
    for key in ("term", "iri", "value", "context", "url"):
        value = innermost.details.get(key)
        if isinstance(value, str):
            pointer = locate_value(document, value) or (
                _context_pointer(document, None) if key in ("term", "context") else ""
            )
            message = f"{message} ({key}: {value!r})"
            break
    return JsonLdError(
        f"JSON-LD processing failed: {message}",
        pointer=pointer,
        jsonld_code=innermost.code or innermost.type,
    )


def _expand(document: Any, loader: StaticDocumentLoader) -> tuple[Any, list[Any]]:
    """Expand ``document``; return the expanded form and what expansion dropped (properties,
    and :class:`~vcler.jsonld.safe.DroppedValue` values)."""
    if not isinstance(document, dict):
        raise JsonLdError("a JSON-LD document must be a JSON object", pointer="")
    check_json(document)
    dropped: list[Any] = []

    def on_element(element: Any, expanded: Any, inside_list: bool, free_floating: bool) -> None:
        found = dropped_value(
            element, expanded, inside_list=inside_list, free_floating=free_floating
        )
        if found is not None:
            dropped.append(found)

    try:
        expanded = _pyld.expand(
            document, loader=loader, on_dropped_property=dropped.append, on_element=on_element
        )
    except VclerError:
        raise
    except Exception as error:  # pyld raises many kinds; none may escape raw
        raise _translate(error, document) from error
    return expanded, dropped


def _raise_first(problems: list[Problem]) -> None:
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        error = DataLossError(first.message + more, pointer=first.pointer)
        error.problems = problems
        raise error


def expand(document: object, *, loader: StaticDocumentLoader | None = None) -> list[Any]:
    """Expand a JSON-LD document (a JSON object; anything else is a JsonLdError) in safe mode.

    Raises :class:`~vcler.errors.DataLossError` when anything would be dropped,
    :class:`~vcler.errors.DocumentLoaderError` for a context the loader does not hold, and
    :class:`~vcler.errors.JsonLdError` for any other JSON-LD error.
    """
    loader = default_loader() if loader is None else loader
    expanded, dropped = _expand(document, loader)
    _raise_first(expanded_problems(expanded, document, dropped))
    return list(expanded)


def compact(
    expanded: list[Any], context: Any, *, loader: StaticDocumentLoader | None = None
) -> dict[str, Any]:
    """Compact an expanded document (:func:`expand`'s result) with ``context`` (a document's
    ``@context`` value).

    Raises :class:`~vcler.errors.JsonLdError` (or :class:`~vcler.errors.DocumentLoaderError`)
    when it cannot.

    Spec: https://www.w3.org/TR/json-ld11-api/#compaction-algorithm
    """
    loader = default_loader() if loader is None else loader
    try:
        return _pyld.compact(expanded, context, loader=loader)
    except VclerError:
        raise
    except Exception as error:  # pyld raises many kinds; none may escape raw
        raise _translate(error, {"@context": context}) from error


def _fast_statements(
    document: Any, loader: StaticDocumentLoader, *, keep: bool = True
) -> Statements | None:
    """The fast path's statements, or ``None`` when the document must take the general path.

    With ``keep=False`` only the check is made (no statement when it passes).
    """
    cache = context_cache(loader)
    try:
        found = document_statements(document, cache, keep=keep)
    except FastPathFallback as signal:
        cache.stats.record_fallback(signal.reason)
        return None
    except Exception as error:  # anything unforeseen: the general path decides
        cache.stats.record_fallback(f"unexpected {type(error).__name__}")
        return None
    cache.stats.fast += 1
    return found


def derived_cache(loader: StaticDocumentLoader) -> BoundedCache[tuple[str, ...], Any]:
    """A bounded cache (LRU, 256 entries) that belongs to ``loader``, for results the layers
    above derive from JSON-LD read with it (the proof configurations' canonical forms). Keys
    must be content (strings), never object identities."""
    return context_cache(loader).derived


def fast_path_stats(loader: StaticDocumentLoader | None = None) -> FastPathStats:
    """How many documents ``loader`` converted on the fast path, and why others fell back."""
    return context_cache(default_loader() if loader is None else loader).stats


def to_dataset(
    document: dict[str, Any], *, loader: StaticDocumentLoader | None = None
) -> list[Quad]:
    """Deserialize a JSON-LD document to RDF quads, in safe mode.

    Blank nodes are labelled ``b0``, ``b1``...; the labels are arbitrary (they depend on the
    path taken), so canonicalize the result (``vcler.canon.canonicalize``) for a stable form.
    A statement is listed once. Errors as :func:`expand`.

    Spec: https://www.w3.org/TR/json-ld11-api/#deserialize-json-ld-to-rdf-algorithm
    """
    loader = default_loader() if loader is None else loader
    found = _fast_statements(document, loader)
    if found is not None:
        return statements_to_quads(found)
    return _general_dataset(document, loader)


def to_statements(
    document: dict[str, Any], *, loader: StaticDocumentLoader | None = None
) -> list[Statement]:
    """:func:`to_dataset` with each statement in N-Quads form (:data:`vcler.rdf.Statement`),
    as :func:`vcler.canon.canonicalize_statements` reads them: the fast path's statements as
    they are, the general path's quads written once. Errors as :func:`expand`.

    Spec: https://www.w3.org/TR/json-ld11-api/#deserialize-json-ld-to-rdf-algorithm
    """
    loader = default_loader() if loader is None else loader
    found = _fast_statements(document, loader)
    if found is not None:
        return found.statements
    return [statement_of(quad) for quad in _general_dataset(document, loader)]


def _general_dataset(document: Any, loader: StaticDocumentLoader) -> list[Quad]:
    """The general path: pyld expansion, node map and toRdf, then safe-mode checks."""
    expanded, dropped = _expand(document, loader)
    _raise_first(expanded_problems(expanded, document, dropped))
    try:
        # Relative graph names were refused above.
        return _pyld.to_quads(expanded, loader=loader)
    except VclerError:
        raise
    except Exception as error:
        raise _translate(error, document) from error


def safe_mode_problems(
    document: Any, *, loader: StaticDocumentLoader | None = None
) -> list[Problem]:
    """Every JSON-LD problem of ``document`` as a list (empty when processing is safe)."""
    loader = default_loader() if loader is None else loader
    if _fast_statements(document, loader, keep=False) is not None:
        return []
    try:
        expanded, dropped = _expand(document, loader)
    except VclerError as error:
        return list(getattr(error, "problems", None) or [error.to_problem()])
    return expanded_problems(expanded, document, dropped)
