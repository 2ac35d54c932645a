"""Skolemization: every node of a JSON-LD document named by a URN, so that a selection of the
document (a fragment in its own right) still names the same nodes, and the statements of the
selection can be matched with those of the whole document.

vcler's skolem URNs are ``urn:bnid:<random>:<label>``, the random part fresh for each
document, so that a document's own IRIs can never be mistaken for them; a node without an
identifier gets the label ``_<n>``, a blank node ``_:b0`` keeps ``b0``. Deskolemization turns
exactly those IRIs back into blank nodes, working on RDF terms rather than on N-Quads text.

Spec: https://www.w3.org/TR/vc-di-ecdsa/#skolemizeexpandedjsonld
Spec: https://www.w3.org/TR/vc-di-ecdsa/#skolemizecompactjsonld
Spec: https://www.w3.org/TR/vc-di-ecdsa/#todeskolemizednquads
"""

from __future__ import annotations

import copy
import itertools
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ...errors import InputError
from ...jsonld import StaticDocumentLoader, compact, expand, to_dataset
from ...rdf import IRI, BlankNode, Quad

__all__ = [
    "Skolemized",
    "deskolemize_quads",
    "new_urn_prefix",
    "skolemize_compact_json_ld",
    "skolemize_expanded_json_ld",
    "to_deskolemized_quads",
]

# Keys of an expanded object that make it something other than a node object.
_NOT_NODES = ("@value", "@list", "@set")


def new_urn_prefix() -> str:
    """A fresh skolem URN prefix, ``urn:bnid:<random>:``."""
    return f"urn:bnid:{uuid.uuid4()}:"


def skolemize_expanded_json_ld(
    expanded: list[Any], *, urn_prefix: str, count: Iterator[int]
) -> list[Any]:
    """A copy of an expanded document whose every node object has an ``@id``: ``urn_prefix``
    + ``_<n>`` (``n`` from ``count``) for a node without one, ``urn_prefix`` + ``label`` for a
    blank node ``_:label``.

    Value, list and set objects (and ``@reverse`` maps) are not nodes: their contents are
    skolemized, they get no ``@id``.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#skolemizeexpandedjsonld
    """
    # Step 1
    skolemized: list[Any] = []
    # Step 2
    for element in expanded:
        # Step 2.1: values (and anything not an object) are copied.
        if not isinstance(element, Mapping) or "@value" in element:
            skolemized.append(copy.deepcopy(element))
            continue
        # Step 2.2: each member, skolemized.
        node = {key: _skolemize_member(value, urn_prefix, count) for key, value in element.items()}
        if not any(key in node for key in _NOT_NODES):
            identifier = node.get("@id")
            # Step 2.3: a node without an identifier gets a fresh URN.
            if identifier is None:
                node["@id"] = f"{urn_prefix}_{next(count)}"
            # Step 2.4: a blank node keeps its label inside the URN.
            elif isinstance(identifier, str) and identifier.startswith("_:"):
                node["@id"] = urn_prefix + identifier[2:]
        # Step 2.5
        skolemized.append(node)
    return skolemized


def _skolemize_member(value: Any, urn_prefix: str, count: Iterator[int]) -> Any:
    if isinstance(value, list):
        return skolemize_expanded_json_ld(value, urn_prefix=urn_prefix, count=count)
    if isinstance(value, Mapping) and not any(key.startswith("@") for key in value):
        # an @reverse map: property → nodes
        return {key: _skolemize_member(item, urn_prefix, count) for key, item in value.items()}
    return skolemize_expanded_json_ld([value], urn_prefix=urn_prefix, count=count)[0]


@dataclass(frozen=True)
class Skolemized:
    """A document skolemized: its ``expanded`` and ``compact`` forms, and the URN prefix of
    its skolem identifiers."""

    expanded: list[Any]
    compact: dict[str, Any]
    urn_prefix: str


def skolemize_compact_json_ld(
    document: Mapping[str, Any],
    *,
    loader: StaticDocumentLoader,
    urn_prefix: str | None = None,
) -> Skolemized:
    """The skolemized expanded and compact forms of a compact JSON-LD ``document`` (with one
    ``@context``, at the top), expanded in safe mode.

    Raises the JSON-LD errors of :func:`vcler.jsonld.expand` (``DataLossError``...).

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#skolemizecompactjsonld
    """
    if not isinstance(document, Mapping) or "@context" not in document:
        raise InputError("a document to select from is a JSON-LD object with an @context")
    prefix = urn_prefix or new_urn_prefix()
    # Step 1: expand.
    expanded = expand(dict(document), loader=loader)
    # Step 2: skolemize.
    skolemized = skolemize_expanded_json_ld(expanded, urn_prefix=prefix, count=itertools.count())
    # Step 3: compact again, in the document's context.
    compacted = compact(skolemized, document["@context"], loader=loader)
    # Step 4
    return Skolemized(expanded=skolemized, compact=compacted, urn_prefix=prefix)


def deskolemize_quads(quads: list[Quad], *, urn_prefix: str) -> list[Quad]:
    """``quads`` with every IRI ``urn_prefix + label`` turned back into the blank node
    ``_:label``.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#deskolemizenquads
    """

    def term(node: Any) -> Any:
        if type(node) is IRI and node.value.startswith(urn_prefix):
            return BlankNode(node.value[len(urn_prefix) :])
        return node

    return [
        Quad(term(quad.subject), quad.predicate, term(quad.object), term(quad.graph))
        for quad in quads
    ]


def to_deskolemized_quads(
    skolemized_document: Any, *, urn_prefix: str, loader: StaticDocumentLoader
) -> list[Quad]:
    """The statements of a skolemized document (compact, or expanded: a list), deskolemized.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#todeskolemizednquads
    """
    document = (
        {"@graph": skolemized_document}
        if isinstance(skolemized_document, list)
        else skolemized_document
    )
    # Step 1: to RDF (in safe mode).
    quads = to_dataset(document, loader=loader)
    # Steps 2-3: skolem IRIs back to blank nodes.
    return deskolemize_quads(quads, urn_prefix=urn_prefix)
