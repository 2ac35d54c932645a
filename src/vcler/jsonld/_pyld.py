"""pyld behind one door: the only module of vcler that imports pyld.

vcler uses pyld for JSON-LD context processing (on both paths), and on the general path for
expansion, the node map and conversion to RDF. Part of what it needs is pyld's private API;
each such use is one small function here, and each is pinned by a test in
``tests/jsonld/test_pyld_adapter.py`` that names the behaviour and the pyld versions vcler
supports (:data:`PYLD_VERSIONS`, as ``pyproject.toml`` pins them). A pyld release that changes
one of them fails there, in one place, rather than somewhere in vcler.

What vcler relies on, beyond ``JsonLdProcessor.expand``:

- ``JsonLdProcessor._get_initial_context`` and ``_process_context`` (with ``propagate`` and
  ``override_protected``), which return a new active context and never change the one given
  but for adding its ``_uuid``; a non-propagated context's ``previousContext`` is the active
  context it was processed on (the very object), and contexts processed on it keep it;
- an active context's ``mappings``: a term's ``@id``, ``_prefix`` and ``reverse`` entries;
- ``_expand_iri`` (``vocab=True``) and ``get_context_value`` (a term's ``@type``,
  ``@container``, ``@context``, and its ``@language``/``@direction``, else the context's);
- ``_expand`` as the recursive step of expansion, with its parameters as named in
  :func:`expand` (overridden to see what each element expands to);
- ``_create_node_map`` and ``_graph_to_rdf``, and the shape of the RDF dataset they make
  (read by :func:`vcler.rdf.from_pyld`);
- ``context_resolver.ContextResolver(shared_cache, document_loader)``: documents tagged
  ``static`` by the loader keep their resolved (and processed) contexts in the shared cache
  across operations, keyed by URL; a resolver with an empty cache remembers nothing;
- ``JsonLdError``: ``type``, ``code`` and ``details`` (a dict naming the ``term``, ``iri``,
  ``context`` or ``url`` at fault), chained to its cause by ``__cause__``.

pyld loads lazily: importing this module does not import pyld (``import vcler`` stays light);
the first function that needs it does. Active contexts are pyld's dicts, opaque outside this
module and never changed by vcler.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeAlias

from ..rdf import Quad, from_pyld

if TYPE_CHECKING:
    from .loader import StaticDocumentLoader

__all__ = [
    "PROCESSING_MODE",
    "PYLD_VERSIONS",
    "ActiveContext",
    "ElementHook",
    "PyldError",
    "causes",
    "compact",
    "context_resolver",
    "expand",
    "expand_iri",
    "initial_context",
    "innermost_error",
    "is_reverse",
    "prefix_iris",
    "previous_context",
    "process_context",
    "term_value",
    "to_quads",
]

#: The pyld releases this module is written for (``pyproject.toml`` pins the same range).
PYLD_VERSIONS = ">=3.3,<4"
#: Processing mode of every operation (JSON-LD 1.1, as Data Integrity implementations use).
PROCESSING_MODE = "json-ld-1.1"

#: A processed active context (pyld's dict; opaque outside this module, never changed).
ActiveContext: TypeAlias = Mapping[str, Any]
#: Told of each element expansion expands (never an array): the element, what it expanded to,
#: whether it stands in a list, and whether it is free-floating (at the top, or directly the
#: value of ``@graph``).
ElementHook: TypeAlias = Callable[[Any, Any, bool, bool], None]


@cache
def _jsonld() -> ModuleType:
    from pyld import jsonld  # here, not at the top: pyld is heavy and only JSON-LD needs it

    module: ModuleType = jsonld
    return module


@cache
def _processor() -> Any:
    """A processor for context processing and IRI expansion (it keeps no state of its own)."""
    return _jsonld().JsonLdProcessor()


# -- context processing ------------------------------------------------------------------------


def initial_context() -> ActiveContext:
    """The initial active context in :data:`PROCESSING_MODE`.

    Spec: https://www.w3.org/TR/json-ld11-api/#the-context-processing-algorithm
    """
    context: ActiveContext = _processor()._get_initial_context({"processingMode": PROCESSING_MODE})
    return context


def process_context(
    active: ActiveContext,
    local: Any,
    *,
    loader: StaticDocumentLoader,
    propagate: bool = True,
    override_protected: bool = False,
) -> ActiveContext:
    """The active context after processing ``local`` on ``active`` (raises pyld's errors).

    A fresh context resolver for each call: pyld's own per-object caches (keyed by each
    active context's ``_uuid``) never decide a result; vcler caches by content instead.

    Spec: https://www.w3.org/TR/json-ld11-api/#context-processing-algorithm
    """
    from pyld.context_resolver import ContextResolver

    options = {
        "base": None,
        "documentLoader": loader,
        "contextResolver": ContextResolver({}, loader),
        "processingMode": PROCESSING_MODE,
    }
    processed: ActiveContext = _processor()._process_context(
        active, local, options, override_protected=override_protected, propagate=propagate
    )
    return processed


def previous_context(active: ActiveContext) -> ActiveContext | None:
    """The context a non-propagated (type-scoped) context reverts to, if any (the very object
    it was processed on).

    Spec: https://www.w3.org/TR/json-ld11-api/#expansion-algorithm (step 7)
    """
    previous: ActiveContext | None = active.get("previousContext")
    return previous


def expand_iri(active: ActiveContext, value: str) -> Any:
    """IRI expansion of a term, type or vocabulary-relative value (``vocab`` true, no base).

    Spec: https://www.w3.org/TR/json-ld11-api/#iri-expansion
    """
    return _processor()._expand_iri(active, value, vocab=True)


def term_value(active: ActiveContext, term: str, key: str) -> Any:
    """The ``key`` entry (``@type``, ``@container``, ``@context``...) of ``term``'s definition;
    for ``@language`` and ``@direction``, the context's default when the term has none."""
    return _jsonld().JsonLdProcessor.get_context_value(active, term, key)


def is_reverse(active: ActiveContext, term: str) -> bool:
    """Whether ``term`` is a reverse property."""
    mapping = active["mappings"].get(term)
    return mapping is not None and bool(mapping.get("reverse"))


def prefix_iris(active: ActiveContext) -> dict[str, str]:
    """Every term usable as the prefix of a compact IRI, with its IRI.

    Spec: https://www.w3.org/TR/json-ld11-api/#create-term-definition (step 21)
    """
    return {
        term: mapping["@id"]
        for term, mapping in active["mappings"].items()
        if mapping is not None and mapping.get("_prefix") and type(mapping["@id"]) is str
    }


def context_resolver(shared_cache: Any, loader: StaticDocumentLoader) -> Any:
    """pyld's context resolver over ``loader``, keeping resolved contexts in ``shared_cache``
    (a mutable mapping the caller owns and bounds)."""
    from pyld.context_resolver import ContextResolver

    return ContextResolver(shared_cache, loader)


# -- the general path --------------------------------------------------------------------------


def _options(loader: StaticDocumentLoader) -> dict[str, Any]:
    return {
        "base": None,  # no base IRI: relative IRIs stay relative, and safe mode refuses them
        "documentLoader": loader,
        "contextResolver": loader.context_resolver(),
        "processingMode": PROCESSING_MODE,
        "rdfDirection": "i18n-datatype",  # a value's @direction is in the statements
        "produceGeneralizedRdf": False,
    }


@cache
def _hooked_processor() -> type[Any]:
    """pyld's processor, telling a hook what each element expands to.

    pyld reports dropped properties (``on_property_dropped``) but not dropped values: this
    subclass hands each element and its expansion by ``_expand`` to the hook.
    """

    class HookedProcessor(_jsonld().JsonLdProcessor):  # type: ignore[misc]
        def __init__(self, on_dropped_property: Callable[[Any], None], on_element: ElementHook):
            super().__init__(on_property_dropped=on_dropped_property)
            self.on_element = on_element

        def _expand(
            self,
            active_ctx: Any,
            active_property: Any,
            element: Any,
            options: Any,
            inside_list: bool = False,
            inside_index: bool = False,
            type_scoped_ctx: Any = None,
        ) -> Any:
            result = super()._expand(
                active_ctx,
                active_property,
                element,
                options,
                inside_list,
                inside_index,
                type_scoped_ctx,
            )
            if element is not None and not isinstance(element, list):
                free_floating = (
                    active_property is None
                    or self._expand_iri(active_ctx, active_property, vocab=True) == "@graph"
                )
                self.on_element(element, result, inside_list, free_floating)
            return result

    return HookedProcessor


def expand(
    document: Any,
    *,
    loader: StaticDocumentLoader,
    on_dropped_property: Callable[[str | None], None],
    on_element: ElementHook,
) -> list[Any]:
    """Expand ``document``, telling ``on_dropped_property`` of each property expansion drops
    (``None`` for a term mapped to null) and ``on_element`` of each element's expansion.

    No base IRI, JSON-LD 1.1, ``loader`` for contexts (and its context resolver). Raises
    pyld's errors (see :func:`innermost_error`).

    Spec: https://www.w3.org/TR/json-ld11-api/#expansion-algorithm
    """
    processor = _hooked_processor()(on_dropped_property, on_element)
    expanded: list[Any] = processor.expand(document, _options(loader))
    return expanded


def to_quads(expanded: list[Any], *, loader: StaticDocumentLoader) -> list[Quad]:
    """The RDF statements of an expanded document: its node map, then each graph to RDF
    (``rdfDirection`` ``i18n-datatype``; blank nodes ``b0``, ``b1``...). Raises pyld's errors.

    Spec: https://www.w3.org/TR/json-ld11-api/#deserialize-json-ld-to-rdf-algorithm
    """
    from pyld.identifier_issuer import IdentifierIssuer

    processor = _processor()
    issuer = IdentifierIssuer("_:b")
    # Step 1: flatten into node maps, one per graph.
    node_map: dict[str, Any] = {"@default": {}}
    processor._create_node_map(expanded, node_map, "@default", issuer)
    # Step 2: each graph's nodes to triples.
    options = _options(loader)
    dataset = {
        graph_name: processor._graph_to_rdf(graph, issuer, options)
        for graph_name, graph in sorted(node_map.items())
    }
    return from_pyld(dataset)


def compact(expanded: list[Any], context: Any, *, loader: StaticDocumentLoader) -> dict[str, Any]:
    """The compact form of an expanded document in ``context`` (no base IRI, arrays of one
    item compacted to the item, as in the original documents). Raises pyld's errors.

    Spec: https://www.w3.org/TR/json-ld11-api/#compaction-algorithm
    """
    compacted: dict[str, Any] = _processor().compact(expanded, context, _options(loader))
    return compacted


# -- errors ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PyldError:
    """What vcler reads of a pyld error.

    ``type`` is pyld's kind (``jsonld.SyntaxError``...), ``code`` the JSON-LD API error code
    (``invalid local context``...) when pyld gives one, ``details`` what pyld names as being
    at fault (``term``, ``iri``, ``context``, ``url``...).

    Spec: https://www.w3.org/TR/json-ld11-api/#jsonldprocessingerror
    """

    type: str | None
    code: str | None
    message: str
    details: Mapping[str, Any]


def causes(error: BaseException) -> Iterator[BaseException]:
    """``error``, then what caused it, and so on (pyld chains its errors by ``__cause__``)."""
    cause: BaseException | None = error
    while cause is not None:
        yield cause
        cause = cause.__cause__


def innermost_error(error: BaseException) -> PyldError:
    """The innermost pyld error of ``error``'s chain (the most specific code and message)."""
    innermost: Any = error
    while innermost.__cause__ is not None and hasattr(innermost.__cause__, "type"):
        innermost = innermost.__cause__
    details = getattr(innermost, "details", None)
    return PyldError(
        type=getattr(innermost, "type", None),
        code=getattr(innermost, "code", None),
        message=innermost.args[0] if innermost.args else str(innermost),
        details=details if isinstance(details, Mapping) else {},
    )
