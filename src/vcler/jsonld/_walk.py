"""Direct JSON-LD to RDF: one recursive pass from a document's JSON to quads.

The fast path behind :func:`vcler.jsonld.to_dataset`. It walks the original document once,
following the JSON-LD 1.1 Expansion algorithm for what credentials and presentations use, and
emits the statements the Deserialize JSON-LD to RDF algorithm would produce from the expanded
form, without building the expanded document or the node map. Statements are written in
canonical N-Quads form from the start (each term as text: ``<iri>``, ``_:b0``, ``"..."``), so
canonicalization reads them as they are (:func:`vcler.canon.canonicalize_statements`) and
only :func:`document_to_quads` builds :class:`~vcler.rdf.Quad` objects. What depends on a context
alone is decided once per loader, below the walk: context transitions and term definitions
(:mod:`._contexts`), and the plans of maps and their properties (:mod:`._plans`); literals are
made by :mod:`._literals`. The walk decides what depends on the values.

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
from ..rdf import IRI, BlankNode, Literal, Quad, Statement, serialize_literal, serialize_string
from ._contexts import CompiledContext, ContextCache, TermDefinition, plain_json_size
from ._fallback import FastPathFallback
from ._literals import XSD_DOUBLE, direction_collision, literal, string_literal, value_object
from ._plans import PropertyPlan, embedded_plan, plan_of
from .safe import ABSOLUTE_IRI

__all__ = [
    "MAX_VALUES",
    "Statements",
    "document_statements",
    "document_to_quads",
    "statements_to_quads",
]

#: Documents with more JSON values than this take the general path (whose limit is 1,000,000).
MAX_VALUES = 900_000

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_NOT_COERCING = (None, "@id", "@vocab", "@none")
_STR_ONLY = frozenset({str})


class Statements:
    """What a walk emitted: the statements (each listed once) and the literals among their
    objects that are not plain strings written as they are (``literals``: N-Quads text →
    :class:`~vcler.rdf.Literal`; any other literal text is ``'"' + value + '"'``)."""

    __slots__ = ("literals", "statements")

    def __init__(self, statements: list[Statement], literals: dict[str, Literal]) -> None:
        self.statements = statements
        self.literals = literals


class _Walk:
    """The state of one conversion: the statements so far and the blank node labels issued."""

    __slots__ = (
        "directional",
        "identifiers",
        "keep",
        "labels",
        "literals",
        "next_label",
        "repeats",
        "statements",
        "values",
    )

    def __init__(self, *, keep: bool) -> None:
        #: Whether statements are kept (``False``: a safe-mode check only, nothing is built).
        self.keep = keep
        self.statements: list[Statement] = []
        self.literals: dict[str, Literal] = {}
        self.labels: dict[str, str] = {}
        self.next_label = 0
        self.values = 1
        self.identifiers: set[str] = set()
        #: Whether a statement may have been emitted twice (then the caller removes repeats).
        self.repeats = False
        #: Whether a literal with a base direction was emitted (see direction_collision).
        self.directional = False

    def seen(self, identifier: str) -> None:
        """Note a node's ``@id``: a node described twice may repeat statements."""
        if identifier in self.identifiers:
            self.repeats = True
        self.identifiers.add(identifier)

    def blank(self) -> str:
        """A fresh blank node (Generate Blank Node Identifier)."""
        node = f"_:b{self.next_label}"
        self.next_label += 1
        return node

    def node(self, identifier: str | None) -> str:
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
        if ABSOLUTE_IRI.match(identifier) is None:
            raise FastPathFallback("relative IRI")
        return f"<{identifier}>"

    def literal(self, term: Literal) -> str:
        """The N-Quads text of a literal made by :mod:`._literals`, remembered."""
        text = serialize_literal(term)
        self.literals[text] = term
        return text

    def plain(self, value: str) -> str:
        """The N-Quads text of a plain string (remembered when escapes change it)."""
        text = serialize_string(value)
        if len(text) != len(value) + 2:
            self.literals[text] = Literal(value)
        return text


class _CheckWalk(_Walk):
    """A walk that only checks (``keep`` false): nodes are not built, nothing is kept."""

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__(keep=False)

    def seen(self, identifier: str) -> None:
        """Repeated statements do not matter when no statement is kept."""

    def blank(self) -> str:
        """A stand-in for a blank node (no label is issued)."""
        return _UNBUILT

    def node(self, identifier: str | None) -> str:
        """The checks of :meth:`_Walk.node`, with a stand-in for the node."""
        if type(identifier) is not str:
            raise FastPathFallback("identifier")
        if identifier[:2] != "_:" and ABSOLUTE_IRI.match(identifier) is None:
            raise FastPathFallback("relative IRI")
        return _UNBUILT

    def literal(self, term: Literal) -> str:
        """Nothing is written."""
        return ""


# What a checking walk returns where a node would be.
_UNBUILT = "_:unbuilt"


def document_statements(document: Any, cache: ContextCache, *, keep: bool = True) -> Statements:
    """The RDF statements of a JSON-LD document, or :class:`FastPathFallback`.

    With ``keep=False`` the document is only checked (it converts safely, or the signal is
    raised) and no statement is returned.

    Spec: https://www.w3.org/TR/json-ld11-api/#deserialize-json-ld-to-rdf-algorithm
    """
    if type(document) is not dict:
        raise FastPathFallback("not a JSON object")
    walk = _Walk(keep=True) if keep else _CheckWalk()
    # Expansion step 1-6 at the top: no active property, the document is a map.
    top = _element(walk, cache.initial, None, document, None, 1, free_floating=True)
    # Expansion step 19: a top-level value object is dropped (the general path decides).
    if type(top) is Literal:
        raise FastPathFallback("top-level value object")
    if walk.values > MAX_VALUES:
        raise FastPathFallback("too many values")
    statements = walk.statements
    if walk.directional and walk.keep and direction_collision(statements, walk.literals):
        raise FastPathFallback("values differing only by direction")
    if walk.repeats:
        statements = list(dict.fromkeys(statements))
    return Statements(statements, walk.literals)


def document_to_quads(document: Any, cache: ContextCache) -> list[Quad]:
    """The RDF quads of a JSON-LD document, or :class:`FastPathFallback`."""
    return statements_to_quads(document_statements(document, cache))


def statements_to_quads(found: Statements) -> list[Quad]:
    """The statements of a walk as :class:`~vcler.rdf.Quad` values (one term object per
    distinct term)."""
    literals = found.literals
    terms: dict[str | None, Any] = {None: None}

    def term(text: str) -> Any:
        first = text[0]
        if first == "<":
            made: Any = IRI(text[1:-1])
        elif first == "_":
            made = BlankNode(text[2:])
        else:
            made = literals.get(text) or Literal(text[1:-1])
        terms[text] = made
        return made

    known = terms.get
    return [
        Quad(
            known(s) or term(s),
            known(p) or term(p),
            known(o) or term(o),
            None if g is None else known(g) or term(g),
        )
        for s, p, o, g in found.statements
    ]


def _element(
    walk: _Walk,
    context: CompiledContext,
    definition: TermDefinition | None,
    element: dict[str, Any],
    graph: str | None,
    depth: int,
    free_floating: bool = False,
) -> str | Literal:
    """Expand one map and emit its statements; return the node (or the literal) it denotes.

    ``definition`` is the active property's term definition in ``context``.
    ``free_floating``: the map stands at the top, or is the value of a ``@graph`` container,
    where a node with nothing but an ``@id`` (or nothing at all) is dropped (by jsonld.js in
    graph containers too): the general path then reports it.

    What follows from the map's keys and types alone comes from a memoized plan
    (:class:`~._plans.Plan`, :class:`~._plans.Layout`); what depends on its values is decided
    here.

    Spec: https://www.w3.org/TR/json-ld11-api/#expansion-algorithm
    """
    if depth > MAX_DEPTH:
        raise FastPathFallback("too deep")
    walk.values += len(element)
    keys = tuple(element)
    # Steps 7-9: the plan of the map's keys (in the context its own @context gives, if any).
    if "@context" in element:
        local = element["@context"]
        if not (
            type(local) is str or (type(local) is list and _STR_ONLY.issuperset(map(type, local)))
        ):
            walk.values += plain_json_size(local, depth=depth + 1)
        plan = embedded_plan(context, definition, keys, local)
    else:
        plan = plan_of(context, definition, keys)
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
        if layout.typed and type_key is not None:
            values["@type"] = element[type_key]
        if "@direction" in values:
            walk.directional = True
        return value_object(values, layout.datatype)
    # Expansion step 19: a free-floating node that is empty or only an @id is dropped.
    if (
        free_floating
        and not layout.type_iris
        and all(element[prop.name] is None for prop in layout.properties)  # null: no value
    ):
        raise FastPathFallback("free-floating node")
    # A node object: its subject, then its statements (node map and RDF in one go).
    identifier_key = layout.identifier_key
    if identifier_key is None:
        subject = walk.blank()
    else:
        identifier = element[identifier_key]
        if type(identifier) is not str:
            raise FastPathFallback("@id")
        subject = walk.node(layout.active.expand_identifier(identifier))
        walk.seen(identifier)
    keep = walk.keep
    if keep:
        statements = walk.statements
        for iri in layout.type_iris:
            statements.append((subject, RDF_TYPE, iri, graph))
    if layout.repeats:
        walk.repeats = True
    depth += 1
    for prop in layout.properties:
        value = element[prop.name]
        kind = type(value)
        # The common case first: a plain string (value expansion step 5, no language).
        if kind is str and prop.plain:
            if keep:
                statements.append((subject, prop.predicate, walk.plain(value), graph))
            continue
        # An array's items one by one, or the single value.
        if kind is list:
            _values(walk, prop, value, subject, graph, depth)
        else:
            _value(walk, prop, value, subject, graph, depth)
    return subject


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


def _values(
    walk: _Walk,
    prop: PropertyPlan,
    value: list[Any],
    subject: str,
    graph: str | None,
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
            _values(walk, prop, item, subject, graph, depth + 1)
            walk.repeats = True
            continue
        if kind is not dict:
            scalars += 1
        _value(walk, prop, item, subject, graph, depth + 1)
    if scalars > 1:
        walk.repeats = True  # two equal scalars would be one statement


def _value(
    walk: _Walk,
    prop: PropertyPlan,
    item: Any,
    subject: str,
    graph: str | None,
    depth: int,
) -> None:
    """One non-array value of the property ``prop``: a map (node or value object) or a
    scalar, and its statement."""
    kind = type(item)
    # The common case first: a plain string (value expansion step 5, no language).
    if kind is str and prop.plain:
        if walk.keep:
            walk.statements.append((subject, prop.predicate, walk.plain(item), graph))
        return
    # Step 1: null expands to nothing.
    if item is None:
        return
    obj: str | Literal
    if kind is dict:
        if prop.graph:
            # Step 13.11: the value becomes a graph object, whose graph holds the node.
            graph_name = walk.blank()
            node = _element(
                walk, prop.context, prop.definition, item, graph_name, depth, free_floating=True
            )
            if type(node) is Literal:
                raise FastPathFallback("value in a graph container")
            if walk.keep:
                walk.statements.append((subject, prop.predicate, graph_name, graph))
            return
        obj = _element(walk, prop.context, prop.definition, item, graph, depth)
    else:
        if prop.graph:
            # A value or a lone node reference in a graph: dropped by jsonld.js (see
            # vcler.jsonld.safe.dropped_value); the general path reports it.
            raise FastPathFallback("value in a graph container")
        obj = _scalar(walk, prop, item)
    if walk.keep:
        text = walk.literal(obj) if isinstance(obj, Literal) else obj
        walk.statements.append((subject, prop.predicate, text, graph))


def _scalar(walk: _Walk, prop: PropertyPlan, value: Any) -> str | Literal:
    """Value expansion of a scalar of the property ``prop``, then its RDF term.

    Spec: https://www.w3.org/TR/json-ld11-api/#value-expansion
    """
    definition = prop.definition
    coercion = definition.coercion
    kind = type(value)
    if kind is str:
        # Step 1: @id coercion.
        if coercion == "@id":
            return walk.node(prop.context.expand_identifier(value))
        # Step 2: @vocab coercion.
        if coercion == "@vocab":
            return walk.node(prop.context.expand_vocab(value))
        # Step 4: a type mapping. A string with any datatype but xsd:double converts
        # whatever it holds, so a checking walk has nothing to check (or build).
        if coercion not in _NOT_COERCING:
            if not walk.keep and coercion != XSD_DOUBLE:
                return ""
            return literal(value, coercion, None, None)
        # Steps 5.1-5.3: the term's (or the context's) language and direction.
        if definition.direction is not None:
            walk.directional = True
        return string_literal(value, definition.language, definition.direction)
    if kind is bool or kind is int or (kind is float and math.isfinite(value)):
        if coercion not in _NOT_COERCING:
            return literal(value, coercion, None, None)
        return literal(value, None, None, None)
    raise FastPathFallback("not JSON")
