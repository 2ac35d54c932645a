"""Plans of maps for the fast path: what expansion decides from a map's keys and types alone.

For a map met in a compiled context, the reverted, property-scoped, embedded and type-scoped
contexts, which key is ``@id`` or ``@type``, which keys are keywords of a value object (and
the IRI of its datatype), and for each property its predicate and the context and term
definition its values are expanded with, depend only on the context, the map's keys (a
:class:`Plan`) and its ``@type`` values (a :class:`Layout`), never on its other values. They
are computed once and memoized on the compiled context, bounded here and across the loader
(:data:`~._contexts.PLANS_PER_LOADER`); the walk in :mod:`._walk` decides the rest per map.

Spec: https://www.w3.org/TR/json-ld11-api/#expansion-algorithm (steps 7, 8, 9, 11, 13)
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from ._contexts import (
    MEMO_KEY_LENGTH,
    MEMO_SIZE,
    CompiledContext,
    TermDefinition,
    local_context_key,
)
from ._fallback import FastPathFallback
from .safe import ABSOLUTE_IRI

__all__ = [
    "LAYOUTS_PER_PLAN",
    "PLAN_KEY_LENGTH",
    "Layout",
    "Plan",
    "PropertyPlan",
    "embedded_plan",
    "plan_of",
    "property_plan",
    "revert",
]

#: Plans are remembered for maps whose keys total at most this many characters; each plan
#: keeps at most this many layouts (one per distinct tuple of ``@type`` values).
PLAN_KEY_LENGTH = 1000
LAYOUTS_PER_PLAN = 32


def revert(context: CompiledContext, keys: tuple[str, ...]) -> CompiledContext:
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


class Plan:
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
        self.layouts: dict[tuple[str, ...], Layout] = {}

    def layout(self, types: tuple[str, ...]) -> Layout:
        """The layout of a map with these keys and ``@type`` values (memoized, bounded)."""
        layout = self.layouts.get(types)
        if layout is None:
            layout = Layout(self, types)
            if len(self.layouts) >= LAYOUTS_PER_PLAN:
                self.layouts.clear()
            if sum(map(len, types)) <= MEMO_KEY_LENGTH:
                self.type_scoped.note_plan()
                self.layouts[types] = layout
        return layout


@dataclass(frozen=True, slots=True)
class PropertyPlan:
    """One property of a node: how the walk emits the statements of its values.

    (A slotted dataclass: the walk reads its fields for every value, and reading a slot is
    the fastest attribute access there is, faster than a named tuple's.)

    Spec: https://www.w3.org/TR/json-ld11-api/#expansion-algorithm (steps 13.5-13.7)
    """

    #: The key in the map.
    name: str
    #: The IRI the key denotes as a property, in N-Quads form (``<...>``).
    predicate: str
    #: The active context the values are expanded in (the term's scoped context applied).
    context: CompiledContext
    #: The term's definition there.
    definition: TermDefinition
    #: Whether the values are graph objects (an ``@graph`` container).
    graph: bool
    #: Whether a string value is a plain ``xsd:string`` literal (no coercion, language,
    #: direction or graph).
    plain: bool


class Layout:
    """What expansion decides from a map's keys and ``@type`` values: steps 11 and 13.

    ``active`` is the context after the type-scoped contexts; ``keywords`` maps ``@value``,
    ``@language`` and ``@direction`` to their keys in a value object (``None`` for a node
    object) and ``datatype`` is the IRI of its one ``@type``, if that expands to an absolute
    IRI; ``properties`` the plan of each property; ``type_iris`` the node's types (in N-Quads form);
    ``repeats`` whether two keys or types give the same statement.
    """

    __slots__ = (
        "active",
        "datatype",
        "identifier_key",
        "keywords",
        "properties",
        "repeats",
        "type_iris",
        "typed",
    )

    def __init__(self, plan: Plan, types: tuple[str, ...]) -> None:
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
        self.properties: tuple[PropertyPlan, ...] = ()
        self.type_iris: tuple[str, ...] = ()
        self.repeats = False
        self.datatype: str | None = None
        # Step 15: a value object.
        if keywords is not None:
            if "@value" not in keywords or properties or self.identifier_key is not None:
                raise FastPathFallback("invalid value object")
            if self.typed and len(types) == 1:
                self.datatype = _datatype(type_scoped, types[0])
            return
        # A node object: its types and properties.
        if self.typed:
            self.type_iris = tuple(type_scoped.type_iri(type_) for type_ in types)
        self.properties = tuple(property_plan(active, name) for name, _ in properties)
        self.repeats = len(set(self.type_iris)) < len(self.type_iris) or len(
            {expanded for _, expanded in properties}
        ) < len(properties)


def _datatype(context: CompiledContext, type_: str) -> str | None:
    """The IRI of a value object's ``@type``, or ``None`` unless it is an absolute IRI."""
    datatype = context.expand_vocab(type_)
    if not datatype or datatype[:2] == "_:" or ABSOLUTE_IRI.match(datatype) is None:
        return None
    return datatype


def _remember(context: CompiledContext, key: Hashable, plan: Plan, length: int) -> None:
    """Memoize ``plan`` on ``context`` for a map whose keys total ``length`` characters."""
    if length > PLAN_KEY_LENGTH:
        return
    plans = context.plans
    if len(plans) >= MEMO_SIZE:
        plans.clear()
    context.note_plan()
    plans[key] = plan


def _entered(
    context: CompiledContext, definition: TermDefinition | None, keys: tuple[str, ...]
) -> CompiledContext:
    """Steps 7 and 8: the context a map with these keys is entered in, as the value of a
    property with ``definition`` (``None`` at the top)."""
    # Step 7: revert a type-scoped context.
    active = revert(context, keys)
    # Steps 3, 8: apply the property-scoped context of the active property.
    if definition is not None and definition.scoped is not None:
        active = active.process(definition.scoped, definition.scoped_key, override_protected=True)
    return active


def plan_of(
    context: CompiledContext,
    definition: TermDefinition | None,
    keys: tuple[str, ...],
) -> Plan:
    """Steps 7 and 8 for a map without its own context, as a memoized :class:`Plan`.

    ``definition`` is the active property's term definition in ``context``.
    """
    scope = None if definition is None else definition.scoped_key
    memo_key = (scope, keys)
    plan: Plan | None = context.plans.get(memo_key)
    if plan is None:
        plan = Plan(_entered(context, definition, keys), keys)
        _remember(context, memo_key, plan, sum(map(len, keys)))
    return plan


def embedded_plan(
    context: CompiledContext,
    definition: TermDefinition | None,
    keys: tuple[str, ...],
    local: Any,
) -> Plan:
    """Steps 7-9 for a map with its own context ``local``, as a memoized :class:`Plan`.

    The plan is remembered on the context the map's own context gives. ``local`` has been
    checked by the walk (plain JSON within limits, counted).
    """
    active = _entered(context, definition, keys)
    # Step 9: the map's own context (URLs, or inline context definitions).
    if type(local) is dict and len(local) == 1 and "@context" in local:
        raise FastPathFallback("invalid local context")
    active = active.process(local, local_context_key(local, checked=True))
    memo_key = ("@context", keys)
    plan: Plan | None = active.plans.get(memo_key)
    if plan is None:
        plan = Plan(active, keys)
        _remember(active, memo_key, plan, sum(map(len, keys)))
    return plan


def property_plan(active: CompiledContext, name: str) -> PropertyPlan:
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
    return PropertyPlan(
        name=name,
        predicate=predicate,
        context=term_context,
        definition=term_definition,
        graph=graph,
        plain=term_definition.plain and not graph,
    )
