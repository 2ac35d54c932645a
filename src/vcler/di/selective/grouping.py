"""Canonical statements with replaced blank node labels, grouped by JSON pointer selections.

A document's statements are canonicalized with RDFC-1.0 and their canonical blank node
labels replaced through a *label map factory*: an HMAC of each canonical label for an issuer
or a holder (so that the labels a verifier sees say nothing about the rest of the document),
or the label map a derived proof carries for a verifier. The statements are then grouped by
named selections of JSON pointers (mandatory, selective, combined): which canonical statements
each selection matches.

Spec: https://www.w3.org/TR/vc-di-ecdsa/#selective-disclosure-functions
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ...canon import canonicalize
from ...errors import InputError, ProofError
from ...jsonld import StaticDocumentLoader, to_dataset
from ...keys.encoding import b64url_encode
from ...rdf import BlankNode, Quad, serialize_quad
from .selection import select_json_ld
from .skolemization import skolemize_compact_json_ld, to_deskolemized_quads

__all__ = [
    "Group",
    "Grouping",
    "LabelMapFactory",
    "canonicalize_and_group",
    "create_hmac_id_label_map_function",
    "create_label_map_function",
    "hash_mandatory_nquads",
    "label_replacement_canonicalize_json_ld",
    "label_replacement_canonicalize_nquads",
    "relabel_blank_nodes",
    "select_canonical_nquads",
]

#: A label map factory: the canonical identifier map (input blank node label → canonical
#: label) to a blank node identifier map (input blank node label → new label).
LabelMapFactory = Callable[[Mapping[str, str]], dict[str, str]]


def create_hmac_id_label_map_function(key: bytes, *, hash_algorithm: str) -> LabelMapFactory:
    """A label map factory naming each blank node ``u`` + base64url(HMAC(key, canonical
    label)), with HMAC over ``hash_algorithm`` (``"sha256"``, ``"sha384"``).

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#createhmacidlabelmapfunction
    """
    digest = getattr(hashlib, hash_algorithm, None)
    if digest is None:
        raise InputError(f"unsupported hash algorithm {hash_algorithm!r}")

    def factory(canonical_id_map: Mapping[str, str]) -> dict[str, str]:
        # Steps 1.1-1.3
        return {
            label: "u" + b64url_encode(hmac.new(key, canonical.encode(), digest).digest())
            for label, canonical in canonical_id_map.items()
        }

    return factory


def create_label_map_function(label_map: Mapping[str, str]) -> LabelMapFactory:
    """A label map factory naming each blank node ``label_map[its canonical label]``.

    Raises :class:`vcler.errors.ProofError` when the label map lacks a canonical label the
    document has (a derived proof that does not fit its document).

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#createlabelmapfunction
    """

    def factory(canonical_id_map: Mapping[str, str]) -> dict[str, str]:
        missing = sorted(set(canonical_id_map.values()) - set(label_map))
        if missing:
            raise ProofError(f"the label map has no label for _:{missing[0]}")
        # Steps 1.1-1.3
        return {label: label_map[canonical] for label, canonical in canonical_id_map.items()}

    return factory


def label_replacement_canonicalize_nquads(
    quads: Sequence[Quad], factory: LabelMapFactory, *, hash_algorithm: str
) -> tuple[dict[str, str], list[str]]:
    """The label map (input label → new label) and the canonical N-Quads of ``quads``, each a
    line, with the new labels, sorted.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#labelreplacementcanonicalizenquads
    """
    # Step 1: canonicalize, keeping the canonical identifier map.
    canonical = canonicalize(quads, hash_algorithm=hash_algorithm)
    # Step 2: the new labels.
    label_map = factory(canonical.issued)
    # Step 3: the canonical statements with the new labels.
    by_canonical = {canonical.issued[label]: new for label, new in label_map.items()}
    return label_map, canonical.relabelled(by_canonical)


def label_replacement_canonicalize_json_ld(
    document: Mapping[str, Any],
    factory: LabelMapFactory,
    *,
    hash_algorithm: str,
    loader: StaticDocumentLoader,
) -> tuple[dict[str, str], list[str]]:
    """:func:`label_replacement_canonicalize_nquads` of a JSON-LD document's statements
    (JSON-LD to RDF in safe mode).

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#labelreplacementcanonicalizejsonld
    """
    quads = to_dataset(dict(document), loader=loader)
    return label_replacement_canonicalize_nquads(quads, factory, hash_algorithm=hash_algorithm)


def relabel_blank_nodes(quads: Sequence[Quad], label_map: Mapping[str, str]) -> list[str]:
    """``quads`` as N-Quads lines with each blank node label replaced by ``label_map[label]``.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#relabelblanknodes
    """

    def term(node: Any) -> Any:
        if type(node) is BlankNode:
            new = label_map.get(node.label)
            if new is None:  # a node the whole document does not have (an RDF list's cell)
                raise ProofError(
                    "a selected statement has a blank node the document's statements do not "
                    "(JSON pointers into RDF lists cannot be selected)"
                )
            return BlankNode(new)
        return node

    return [
        serialize_quad(
            Quad(term(quad.subject), quad.predicate, term(quad.object), term(quad.graph))
        )
        for quad in quads
    ]


@dataclass(frozen=True)
class Selection:
    """What :func:`select_canonical_nquads` returns."""

    document: dict[str, Any] | None
    deskolemized: list[Quad]
    nquads: list[str]


def select_canonical_nquads(
    pointers: Sequence[str],
    skolemized_compact: Mapping[str, Any],
    label_map: Mapping[str, str],
    *,
    urn_prefix: str,
    loader: StaticDocumentLoader,
) -> Selection:
    """The selection of ``pointers`` from a skolemized compact document, its deskolemized
    statements, and those statements relabelled with ``label_map``.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#selectcanonicalnquads
    """
    # Step 1 (the pointers are the document's; arrays of one item may be compacted away)
    selection = select_json_ld(pointers, skolemized_compact, compacted=True)
    # Step 2
    deskolemized = (
        []
        if selection is None
        else to_deskolemized_quads(selection, urn_prefix=urn_prefix, loader=loader)
    )
    # Step 3
    nquads = relabel_blank_nodes(deskolemized, label_map)
    # Step 4
    return Selection(selection, deskolemized, nquads)


@dataclass(frozen=True)
class Group:
    """One named selection: the canonical statements it ``matching`` and ``non_matching``
    (index in the canonical statements → statement), and its own ``deskolemized`` ones."""

    matching: dict[int, str]
    non_matching: dict[int, str]
    deskolemized: list[Quad]


@dataclass(frozen=True)
class Grouping:
    """What :func:`canonicalize_and_group` returns: the ``groups`` by name, the
    ``label_map`` (input label → new label) and the canonical ``nquads`` (new labels)."""

    groups: dict[str, Group]
    label_map: dict[str, str]
    nquads: list[str]
    skolemized_compact: dict[str, Any]
    deskolemized: list[Quad]


def canonicalize_and_group(
    document: Mapping[str, Any],
    factory: LabelMapFactory,
    group_definitions: Mapping[str, Sequence[str]],
    *,
    hash_algorithm: str,
    loader: StaticDocumentLoader,
) -> Grouping:
    """The canonical statements of ``document`` (blank nodes named by ``factory``), grouped
    by each named list of JSON pointers in ``group_definitions``.

    Raises :class:`vcler.errors.ProofError` (``PROOF_GENERATION_ERROR``) for a pointer that
    does not match the document, and the JSON-LD errors of safe mode.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#canonicalizeandgroup
    """
    # Step 1: skolemize.
    skolemized = skolemize_compact_json_ld(document, loader=loader)
    # Step 2: the whole document's statements, deskolemized.
    deskolemized = to_deskolemized_quads(
        skolemized.expanded, urn_prefix=skolemized.urn_prefix, loader=loader
    )
    # Step 3: canonicalized, with the factory's labels.
    label_map, nquads = label_replacement_canonicalize_nquads(
        deskolemized, factory, hash_algorithm=hash_algorithm
    )
    # Step 4: each selection's statements, with the same labels.
    selections = {
        name: select_canonical_nquads(
            pointers,
            skolemized.compact,
            label_map,
            urn_prefix=skolemized.urn_prefix,
            loader=loader,
        )
        for name, pointers in group_definitions.items()
    }
    # Step 5: each group's matching and non-matching statements.
    groups = {}
    for name, selection in selections.items():
        selected = set(selection.nquads)
        matching = {i: nq for i, nq in enumerate(nquads) if nq in selected}
        non_matching = {i: nq for i, nq in enumerate(nquads) if nq not in selected}
        if len(matching) != len(selected):  # never, unless the selection says something else
            raise ProofError(f"the {name} selection has statements the document does not")
        groups[name] = Group(matching, non_matching, selection.deskolemized)
    # Step 6
    return Grouping(groups, label_map, nquads, skolemized.compact, deskolemized)


def hash_mandatory_nquads(mandatory: Sequence[str], *, hash_algorithm: str) -> bytes:
    """The hash of the mandatory statements, joined, in UTF-8.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#hashmandatorynquads
    """
    return hashlib.new(hash_algorithm, "".join(mandatory).encode("utf-8")).digest()
