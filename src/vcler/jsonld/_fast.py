"""Direct JSON-LD to RDF: one recursive pass from a document's JSON to quads.

The fast path behind :func:`vcler.jsonld.to_dataset`. It walks the original document once,
following the JSON-LD 1.1 Expansion algorithm for what credentials and presentations use, and
emits the quads the Deserialize JSON-LD to RDF algorithm would produce from the expanded
form, without building the expanded document or the node map. Context processing is
delegated to compiled contexts (:mod:`._contexts`), so each context transition is computed
once per loader.

It covers: URL and inline contexts at any level, type- and property-scoped contexts (with
their reverting rules), ``@vocab``, compact IRIs, type coercion (``@id``, ``@vocab``,
datatypes), ``@graph`` containers (``proof``, ``verifiableCredential``), ``@set``, arrays,
nested and labelled blank nodes, repeated ``@id`` values, value objects with
``@type``/``@language``/``@direction`` (``rdfDirection`` ``i18n-datatype``), numbers and
booleans. Anything else (``@list``, ``@json``, maps, ``@nest``, ``@reverse``, ``@included``,
``@graph`` as a keyword, ``@index``...) and anything safe mode would object to (a dropped term,
a relative IRI, a malformed language tag...) raises :class:`FastPathFallback` before
anything is returned: the general path then produces the result, or the error, exactly as it
always has. Blank node labels are ``b0``, ``b1``... in the order the walk meets them; each
statement is listed once.

Spec: https://www.w3.org/TR/json-ld11-api/#expansion-algorithm
Spec: https://www.w3.org/TR/json-ld11-api/#deserialize-json-ld-to-rdf-algorithm
Spec: https://www.w3.org/TR/json-ld11-api/#object-to-rdf-conversion
"""

from __future__ import annotations

import math
from typing import Any

from .._json import MAX_DEPTH
from ..rdf import IRI, RDF_LANGSTRING, XSD_STRING, BlankNode, Literal, Quad
from ._contexts import (
    LAYOUTS_PER_PLAN,
    MEMO_KEY_LENGTH,
    CompiledContext,
    ContextCache,
    FastPathFallback,
    TermDefinition,
    local_context_key,
    plain_json_size,
)
from .safe import _ABSOLUTE_IRI, _LANGUAGE_TAG, ambiguous_number

__all__ = ["MAX_VALUES", "document_to_quads"]

#: Documents with more JSON values than this take the general path (whose limit is 1,000,000).
MAX_VALUES = 900_000

RDF_TYPE = IRI("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
XSD_DOUBLE = "http://www.w3.org/2001/XMLSchema#double"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
I18N = "https://www.w3.org/ns/i18n#"
_NOT_COERCING = (None, "@id", "@vocab", "@none")
_STR_ONLY = frozenset({str})
_Term = IRI | BlankNode | Literal


class _Walk:
    """The state of one conversion: the quads so far and the blank node labels issued."""

    __slots__ = (
        "directional",
        "identifiers",
        "keep",
        "labels",
        "next_label",
        "quads",
        "repeats",
        "values",
    )

    def __init__(self, *, keep: bool) -> None:
        #: Whether statements are kept (``False``: a safe-mode check only, nothing is built).
        self.keep = keep
        self.quads: list[Quad] = []
        self.labels: dict[str, BlankNode] = {}
        self.next_label = 0
        self.values = 1
        self.identifiers: set[str] = set()
        #: Whether a statement may have been emitted twice (then the caller removes repeats).
        self.repeats = False
        #: Whether a literal with a base direction was emitted (see _direction_collision).
        self.directional = False

    def seen(self, identifier: str) -> None:
        """Note a node's ``@id``: a node described twice may repeat statements."""
        if identifier in self.identifiers:
            self.repeats = True
        self.identifiers.add(identifier)

    def blank(self) -> BlankNode:
        """A fresh blank node (Generate Blank Node Identifier)."""
        node = BlankNode(f"b{self.next_label}")
        self.next_label += 1
        return node

    def node(self, identifier: str | None) -> IRI | BlankNode:
        """The RDF node of an expanded ``@id``: a blank node (relabelled) or an absolute IRI.

        Anything else is a safe-mode problem on the general path: fall back.
        """
        if type(identifier) is not str:
            raise FastPathFallback("identifier")
        if identifier[:2] == "_:":
            node = self.labels.get(identifier)
            if node is None:
                node = self.labels[identifier] = self.blank()
            return node
        if _ABSOLUTE_IRI.match(identifier) is None:
            raise FastPathFallback("relative IRI")
        return IRI(identifier)


class _CheckWalk(_Walk):
    """A walk that only checks (``keep`` false): nodes are not built, nothing is kept."""

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__(keep=False)

    def seen(self, identifier: str) -> None:
        """Repeated statements do not matter when no statement is kept."""

    def blank(self) -> BlankNode:
        """A stand-in for a blank node (no label is issued)."""
        return _UNBUILT

    def node(self, identifier: str | None) -> IRI | BlankNode:
        """The checks of :meth:`_Walk.node`, with a stand-in for the node."""
        if type(identifier) is not str:
            raise FastPathFallback("identifier")
        if identifier[:2] != "_:" and _ABSOLUTE_IRI.match(identifier) is None:
            raise FastPathFallback("relative IRI")
        return _UNBUILT


# What a checking walk returns where a node would be.
_UNBUILT = BlankNode("unbuilt")


def document_to_quads(document: Any, cache: ContextCache, *, keep: bool = True) -> list[Quad]:
    """The RDF quads of a JSON-LD document, or :class:`FastPathFallback`.

    With ``keep=False`` the document is only checked (it converts safely, or the signal is
    raised) and the returned list is empty.

    Spec: https://www.w3.org/TR/json-ld11-api/#deserialize-json-ld-to-rdf-algorithm
    """
    if type(document) is not dict:
        raise FastPathFallback("not a JSON object")
    walk = _Walk(keep=True) if keep else _CheckWalk()
    # Expansion step 1-6 at the top: no active property, the document is a map.
    top = _element(walk, cache.initial, None, None, document, None, 1, free_floating=True)
    # Expansion step 19: a top-level value object is dropped (the general path decides).
    if type(top) is Literal:
        raise FastPathFallback("top-level value object")
    if walk.values > MAX_VALUES:
        raise FastPathFallback("too many values")
    if walk.directional and walk.keep and _direction_collision(walk.quads):
        raise FastPathFallback("values differing only by direction")
    return list(dict.fromkeys(walk.quads)) if walk.repeats else walk.quads


def _direction_collision(quads: list[Quad]) -> bool:
    """Whether a subject has two values of one property that differ only by base direction.

    The node map keeps one value object of a subject's property per ``@value``, ``@type``,
    ``@language`` and ``@index``: pyld and jsonld.js compare no ``@direction`` (the JSON-LD
    API leaves value equality to the implementations), so of ``"x"`` and ``{"@value": "x",
    "@direction": "ltr"}`` only the first one met becomes a statement. The general path
    reproduces that; the fast path, which emits both, gives such documents to it.

    Spec: https://www.w3.org/TR/json-ld11-api/#node-map-generation
    """
    seen: dict[tuple[Any, ...], bool] = {}
    for quad in quads:
        term = quad.object
        if type(term) is not Literal:
            continue
        datatype = term.datatype
        directional = datatype.startswith(I18N)
        if directional:
            language: str | None = datatype[len(I18N) :].rpartition("_")[0] or None
        elif datatype in (XSD_STRING, RDF_LANGSTRING):
            language = term.language
        else:
            continue  # a typed value differs by @type from a directional one
        key = (quad.subject, quad.predicate, quad.graph, term.value, language)
        if key in seen and (directional or seen[key]):
            return True
        seen[key] = seen.get(key, False) or directional
    return False


def _revert(context: CompiledContext, keys: tuple[str, ...]) -> CompiledContext:
    """Expansion step 7: leave a non-propagated (type-scoped) context when entering a node."""
    previous = context.previous
    if previous is None:
        return context
    if len(keys) <= 2 and "@context" not in keys:
        for name in keys:
            expanded = context.expand_vocab(name)
            # A value object, or a lone node reference, keeps the type-scoped context.
            if expanded == "@value" or (expanded == "@id" and len(keys) == 1):
                return context
    return previous


class _Plan:
    """What expansion decides from a map's keys alone, in one active context (memoized).

    ``type_scoped`` is the context after steps 7-9 (reverting, the property-scoped context,
    the map's own context), in which ``@type`` values expand; ``expanded`` the IRI expansion
    of each key in it; ``type_key`` the key that expands to ``@type``, if any. Layouts, what
    follows from the ``@type`` values too, are memoized per tuple of types.
    """

    __slots__ = ("expanded", "layouts", "names", "type_key", "type_scoped")

    def __init__(self, type_scoped: CompiledContext, keys: tuple[str, ...]) -> None:
        self.type_scoped = type_scoped
        self.names = tuple(name for name in keys if name != "@context")
        vocab = type_scoped.expand_vocab
        self.expanded = tuple(vocab(name) for name in self.names)
        self.type_key: str | None = None
        for name, expanded in zip(self.names, self.expanded, strict=True):
            if expanded == "@type":
                if self.type_key is not None:
                    raise FastPathFallback("several @type entries")
                self.type_key = name
        self.layouts: dict[tuple[str, ...], _Layout] = {}

    def layout(self, types: tuple[str, ...]) -> _Layout:
        """The layout of a map with these keys and ``@type`` values (memoized, bounded)."""
        layout = self.layouts.get(types)
        if layout is None:
            layout = _Layout(self, types)
            if len(self.layouts) >= LAYOUTS_PER_PLAN:
                self.layouts.clear()
            if sum(map(len, types)) <= MEMO_KEY_LENGTH:
                self.type_scoped.note_plan()
                self.layouts[types] = layout
        return layout


# One property of a node: key, predicate, the context and term definition its values are
# expanded with, whether they are graph objects, and whether a string value is a plain
# xsd:string literal.
_PropertyPlan = tuple[str, IRI, CompiledContext, TermDefinition, bool, bool]


class _Layout:
    """What expansion decides from a map's keys and ``@type`` values: steps 11 and 13.

    ``active`` is the context after the type-scoped contexts; ``keywords`` maps ``@value``,
    ``@language`` and ``@direction`` to their keys in a value object (``None`` for a node
    object); ``properties`` the plan of each property; ``type_iris`` the node's types;
    ``repeats`` whether two keys or types give the same statement.
    """

    __slots__ = (
        "active",
        "identifier_key",
        "keywords",
        "properties",
        "repeats",
        "type_iris",
        "typed",
    )

    def __init__(self, plan: _Plan, types: tuple[str, ...]) -> None:
        type_scoped = plan.type_scoped
        # Step 11: type-scoped contexts, in lexicographic order of the types.
        active = type_scoped
        for type_ in sorted(types) if len(types) > 1 else types:
            scoped = type_scoped.type_context(type_)
            if scoped is not None:
                active = active.process(scoped[0], scoped[1], propagate=False)
        self.active = active
        expanded_names = (
            plan.expanded
            if active is type_scoped
            else tuple(active.expand_vocab(name) for name in plan.names)
        )
        # Step 13: each entry.
        self.identifier_key: str | None = None
        self.typed = False
        keywords: dict[str, str] | None = None
        properties: list[tuple[str, str]] = []
        for name, expanded in zip(plan.names, expanded_names, strict=True):
            # Steps 13.2, 13.3: a key that does not expand to an IRI or keyword is dropped.
            if not expanded:
                raise FastPathFallback("dropped term")
            if expanded[0] != "@":
                properties.append((name, expanded))
            # Step 13.4: keywords.
            elif expanded == "@type":
                if name != plan.type_key:
                    raise FastPathFallback("several @type entries")
                self.typed = True
            elif expanded == "@id":
                if self.identifier_key is not None:
                    raise FastPathFallback("@id")
                self.identifier_key = name
            elif expanded in ("@value", "@language", "@direction"):
                keywords = keywords if keywords is not None else {}
                if expanded in keywords:
                    raise FastPathFallback("colliding keywords")
                keywords[expanded] = name
            else:
                raise FastPathFallback(expanded)
        self.keywords = keywords
        self.properties: tuple[_PropertyPlan, ...] = ()
        self.type_iris: tuple[IRI, ...] = ()
        self.repeats = False
        # Step 15: a value object.
        if keywords is not None:
            if "@value" not in keywords or properties or self.identifier_key is not None:
                raise FastPathFallback("invalid value object")
            return
        # A node object: its types and properties.
        if self.typed:
            self.type_iris = tuple(type_scoped.type_iri(type_) for type_ in types)
        self.properties = tuple(_property_plan(active, name) for name, _ in properties)
        self.repeats = len(set(self.type_iris)) < len(self.type_iris) or len(
            {expanded for _, expanded in properties}
        ) < len(properties)


def _plan(
    context: CompiledContext,
    definition: TermDefinition | None,
    keys: tuple[str, ...],
) -> _Plan:
    """Steps 7 and 8 for a map without its own context, as a memoized :class:`_Plan`."""
    scope = None if definition is None else definition.scoped_key
    memo_key = (scope, keys)
    plan = context.plans.get(memo_key)
    if plan is None:
        # Step 7: revert a type-scoped context.
        active = _revert(context, keys)
        # Steps 3, 8: apply the property-scoped context of the active property.
        if scope is not None:
            assert definition is not None
            active = active.process(definition.scoped, scope, override_protected=True)
        plan = _Plan(active, keys)
        context.remember_plan(memo_key, plan, sum(map(len, keys)))
    return plan


def _element(
    walk: _Walk,
    context: CompiledContext,
    active_property: str | None,
    definition: TermDefinition | None,
    element: dict[str, Any],
    graph: IRI | BlankNode | None,
    depth: int,
    free_floating: bool = False,
) -> _Term:
    """Expand one map and emit its statements; return the node (or the literal) it denotes.

    ``free_floating``: the map stands at the top, or is the value of a ``@graph`` container,
    where a node with nothing but an ``@id`` (or nothing at all) is dropped (by jsonld.js in
    graph containers too): the general path then reports it.

    ``definition`` is the active property's term definition in ``context``. What follows
    from the map's keys and types alone comes from a memoized plan (:class:`_Plan`,
    :class:`_Layout`); what depends on its values is decided here.

    Spec: https://www.w3.org/TR/json-ld11-api/#expansion-algorithm
    """
    if depth > MAX_DEPTH:
        raise FastPathFallback("too deep")
    walk.values += len(element)
    keys = tuple(element)
    if "@context" in element:
        # Steps 7-9 with the map's own context; the plan is made in the context that gives.
        active = _revert(context, keys)
        if definition is not None and definition.scoped is not None:
            active = active.process(
                definition.scoped, definition.scoped_key, override_protected=True
            )
        active = _embedded_context(walk, active, element["@context"], depth)
        plan = active.plans.get(("@context", keys))
        if plan is None:
            plan = _Plan(active, keys)
            active.remember_plan(("@context", keys), plan, sum(map(len, keys)))
    else:
        # (A term without a scoped context has no scoped_key.)
        plan = context.plans.get((None if definition is None else definition.scoped_key, keys))
        if plan is None:
            plan = _plan(context, definition, keys)
    # Steps 11, 13: the layout for the map's types.
    type_key = plan.type_key
    if type_key is None:
        layout = plan.layout(())
    else:
        type_value = element[type_key]
        if type(type_value) is str:
            layout = plan.layout((type_value,))
        else:
            layout = plan.layout(tuple(_type_values(walk, type_value, depth)))
    # Step 15: a value object.
    keywords = layout.keywords
    if keywords is not None:
        values = {keyword: element[name] for keyword, name in keywords.items()}
        datatype = element[type_key] if layout.typed and type_key is not None else None
        if "@direction" in values:
            walk.directional = True
        return _value_object(plan.type_scoped, values, datatype)
    # Expansion step 19: a free-floating node that is empty or only an @id is dropped.
    if (
        free_floating
        and not layout.type_iris
        and all(element[name] is None for name, *_ in layout.properties)  # null: no value
    ):
        raise FastPathFallback("free-floating node")
    # A node object: its subject, then its statements (node map and RDF in one go).
    identifier_key = layout.identifier_key
    if identifier_key is None:
        subject: IRI | BlankNode = walk.blank()
    else:
        identifier = element[identifier_key]
        if type(identifier) is not str:
            raise FastPathFallback("@id")
        subject = walk.node(layout.active.expand_identifier(identifier))
        walk.seen(identifier)
    if walk.keep:
        for iri in layout.type_iris:
            walk.quads.append(Quad(subject, RDF_TYPE, iri, graph))
    if layout.repeats:
        walk.repeats = True
    depth += 1
    keep = walk.keep
    for name, predicate, term_context, term_definition, graph_container, plain in layout.properties:
        value = element[name]
        kind = type(value)
        # The common case first: a plain string (value expansion step 5, no language).
        if kind is str and plain:
            if keep:
                walk.quads.append(Quad(subject, predicate, Literal(value), graph))
            continue
        # An array's items one by one, or the single value.
        emit = _values if kind is list else _value
        emit(
            walk,
            term_context,
            name,
            term_definition,
            value,
            subject,
            predicate,
            graph,
            graph_container,
            depth,
        )
    return subject


def _embedded_context(
    walk: _Walk, active: CompiledContext, local: Any, depth: int
) -> CompiledContext:
    """Step 9: process a map's own ``@context`` (URLs, or inline context definitions)."""
    if type(local) is dict and len(local) == 1 and "@context" in local:
        raise FastPathFallback("invalid local context")
    if not (type(local) is str or (type(local) is list and all(type(c) is str for c in local))):
        walk.values += plain_json_size(local, depth=depth + 1)
    return active.process(local, local_context_key(local))


def _type_values(walk: _Walk, value: Any, depth: int) -> list[str]:
    """The ``@type`` entry's values; a string or an array of strings (step 13.4.4)."""
    if type(value) is str:
        return [value]
    if type(value) is list and _STR_ONLY.issuperset(map(type, value)):
        if depth + 1 > MAX_DEPTH:
            raise FastPathFallback("too deep")
        walk.values += len(value)
        return value
    raise FastPathFallback("@type value")


def _property_plan(active: CompiledContext, name: str) -> _PropertyPlan:
    """Steps 13.5-13.7 for one property: its predicate and how its values are expanded."""
    definition = active.term(name)
    # A property that is not an absolute IRI produces no statement (safe mode refuses it).
    predicate = definition.predicate
    if predicate is None:
        raise FastPathFallback("property IRI")
    if not definition.handled:
        raise FastPathFallback("term definition")
    # Step 13.5: the term's scoped context for its values.
    term_context = active
    term_definition = definition
    if definition.scoped is not None:
        term_context = active.process(
            definition.scoped, definition.scoped_key, override_protected=True
        )
        # The values are read with the term as the scoped context defines it (if at all).
        term_definition = term_context.term(name)
        term_expanded = term_context.expand_vocab(name)
        if not term_definition.handled or (term_expanded and term_expanded[0] == "@"):
            raise FastPathFallback("term definition")
    graph = definition.graph
    return (
        name,
        predicate,
        term_context,
        term_definition,
        graph,
        term_definition.plain and not graph,
    )


def _values(
    walk: _Walk,
    context: CompiledContext,
    name: str,
    definition: TermDefinition,
    value: list[Any],
    subject: IRI | BlankNode,
    predicate: IRI,
    graph: IRI | BlankNode | None,
    graph_container: bool,
    depth: int,
) -> None:
    """Step 5: an array; its items are expanded one by one, nested arrays flattened."""
    if depth > MAX_DEPTH:
        raise FastPathFallback("too deep")
    walk.values += len(value)
    scalars = 0
    for item in value:
        kind = type(item)
        if kind is list:
            _values(
                walk,
                context,
                name,
                definition,
                item,
                subject,
                predicate,
                graph,
                graph_container,
                depth + 1,
            )
            walk.repeats = True
            continue
        if kind is not dict:
            scalars += 1
        _value(
            walk,
            context,
            name,
            definition,
            item,
            subject,
            predicate,
            graph,
            graph_container,
            depth + 1,
        )
    if scalars > 1:
        walk.repeats = True  # two equal scalars would be one statement


def _value(
    walk: _Walk,
    context: CompiledContext,
    name: str,
    definition: TermDefinition,
    item: Any,
    subject: IRI | BlankNode,
    predicate: IRI,
    graph: IRI | BlankNode | None,
    graph_container: bool,
    depth: int,
) -> None:
    """One non-array value: a map (node or value object) or a scalar, and its statement."""
    kind = type(item)
    # The common case first: a plain string (value expansion step 5, no language).
    if kind is str and definition.plain and not graph_container:
        if walk.keep:
            walk.quads.append(Quad(subject, predicate, Literal(item), graph))
        return
    # Step 1: null expands to nothing.
    if item is None:
        return
    obj: _Term
    if kind is dict:
        if graph_container:
            # Step 13.11: the value becomes a graph object, whose graph holds the node.
            graph_name = walk.blank()
            node = _element(
                walk, context, name, definition, item, graph_name, depth, free_floating=True
            )
            if type(node) is Literal:
                raise FastPathFallback("value in a graph container")
            if walk.keep:
                walk.quads.append(Quad(subject, predicate, graph_name, graph))
            return
        obj = _element(walk, context, name, definition, item, graph, depth)
    else:
        if graph_container:
            # A value or a lone node reference in a graph: dropped by jsonld.js (see
            # vcler.jsonld.safe.dropped_value); the general path reports it.
            raise FastPathFallback("value in a graph container")
        obj = _scalar(walk, context, definition, item)
    if walk.keep:
        walk.quads.append(Quad(subject, predicate, obj, graph))


def _scalar(walk: _Walk, context: CompiledContext, definition: TermDefinition, value: Any) -> _Term:
    """Value expansion of a scalar of a term with ``definition``, then its RDF term.

    Spec: https://www.w3.org/TR/json-ld11-api/#value-expansion
    """
    coercion = definition.coercion
    kind = type(value)
    if kind is str:
        # Step 1: @id coercion.
        if coercion == "@id":
            return walk.node(context.expand_identifier(value))
        # Step 2: @vocab coercion.
        if coercion == "@vocab":
            return walk.node(context.expand_vocab(value))
        # Step 4: a type mapping.
        if coercion not in _NOT_COERCING:
            return _literal(value, coercion, None, None)
        # Steps 5.1-5.3: the term's (or the context's) language and direction.
        language = definition.language
        if language is not None and _LANGUAGE_TAG.match(language) is None:
            raise FastPathFallback("language tag")
        if definition.direction is not None:
            walk.directional = True
        return _literal(value, None, language, definition.direction)
    if kind is bool or kind is int or (kind is float and math.isfinite(value)):
        if coercion not in _NOT_COERCING:
            return _literal(value, coercion, None, None)
        return _literal(value, None, None, None)
    raise FastPathFallback("not JSON")


def _value_object(
    context: CompiledContext, keywords: dict[str, Any], datatype_value: Any
) -> Literal:
    """A value object (``@value`` with ``@type``, ``@language`` or ``@direction``) as a literal.

    Spec: https://www.w3.org/TR/json-ld11-api/#expansion-algorithm (step 15)
    """
    value = keywords["@value"]
    kind = type(value)
    if not (kind is str or kind is bool or kind is int or (kind is float and math.isfinite(value))):
        raise FastPathFallback("@value")
    language = keywords.get("@language")
    if "@language" in keywords:
        if type(language) is not str or kind is not str:
            raise FastPathFallback("@language")
        language = language.lower()
        if _LANGUAGE_TAG.match(language) is None:
            raise FastPathFallback("language tag")
    direction = keywords.get("@direction")
    if "@direction" in keywords and direction not in ("ltr", "rtl"):
        raise FastPathFallback("@direction")
    datatype = None
    if datatype_value is not None:
        if type(datatype_value) is not str or language is not None or direction is not None:
            raise FastPathFallback("invalid value object")
        datatype = context.expand_vocab(datatype_value)
        if not datatype or datatype[:2] == "_:" or _ABSOLUTE_IRI.match(datatype) is None:
            raise FastPathFallback("datatype")
    return _literal(value, datatype, language, direction)


def _literal(
    value: Any, datatype: str | None, language: str | None, direction: str | None
) -> Literal:
    """Object to RDF Conversion of a value object (rdfDirection ``i18n-datatype``).

    Spec: https://www.w3.org/TR/json-ld11-api/#object-to-rdf-conversion
    """
    kind = type(value)
    # Step 9: booleans.
    if kind is bool:
        return Literal("true" if value else "false", datatype or XSD_BOOLEAN)
    if (kind is not str or datatype == XSD_DOUBLE) and ambiguous_number(value, datatype):
        raise FastPathFallback("ambiguous number")
    # Step 10: doubles: a fractional part, 1e21 or more, or an xsd:double datatype.
    if kind is float and not value.is_integer():
        return Literal(_canonical_double(value), datatype or XSD_DOUBLE)
    if datatype == XSD_DOUBLE:
        try:
            number = float(value)
        except ValueError:
            return Literal(value, XSD_DOUBLE)
        except OverflowError:
            raise FastPathFallback("number out of range") from None
        return Literal(_canonical_double(number), XSD_DOUBLE)
    if kind is int or kind is float:
        if abs(value) >= 1e21:
            return Literal(_canonical_double(value), datatype or XSD_DOUBLE)
        # Step 11: integers.
        return Literal(str(int(value)), datatype or XSD_INTEGER)
    # Step 13.1: the direction (and language) in an i18n datatype.
    if direction is not None:
        return Literal(value, f"{I18N}{language or ''}_{direction}")
    # Steps 12, 14: a language-tagged string, or a string with its datatype.
    if language is not None:
        return Literal(value, RDF_LANGSTRING, language)
    return Literal(value, datatype or XSD_STRING)


def _canonical_double(value: float | int) -> str:
    """The canonical lexical form of an xsd:double as JSON-LD writes it (``1.5E0``).

    Spec: https://www.w3.org/TR/json-ld11-api/#data-round-tripping
    """
    try:
        text = f"{value:1.15E}"
    except OverflowError:
        raise FastPathFallback("number out of range") from None
    mantissa, marker, exponent = text.partition("E")
    if not marker:  # INF, NAN
        return text
    whole, _, fraction = mantissa.partition(".")
    sign = "-" if exponent.startswith("-") else ""
    digits = exponent.lstrip("+-").lstrip("0") or "0"
    return f"{whole}.{fraction.rstrip('0') or '0'}E{sign}{digits}"
