"""Crosswalks between skills frameworks, given as CLR 2.0 ``Association`` objects.

Two association types are used; the others (``isRelatedTo``, ``isPeerOf``, ``precedes``,
``replacedBy``, ``isPartOf``) do not make one skill count for another and are ignored:

- ``exactMatchOf``: source and target are the same skill. Equivalence is symmetric and
  transitive; each group of equivalent skills is named by one representative: the smallest
  (by code point) id that is the target of an ``exactMatchOf``.
- ``isChildOf`` (and its inverse ``isParentOf``): evidence of the child skill counts toward its
  parent, transitively up the hierarchy (cycles are harmless).

Spec: https://www.imsglobal.org/spec/clr/v2p0/#association
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from ..errors import InputError
from .skill import canonical_skill_url

__all__ = ["Crosswalk", "associations_of"]


def associations_of(document: Any) -> list[dict[str, Any]]:
    """The Association objects of a crosswalk document.

    Accepted: a list of associations; an object with an ``association`` list (a ClrSubject);
    a ClrCredential (its ``credentialSubject.association``); or a single Association.
    """
    if isinstance(document, Mapping) and isinstance(document.get("credentialSubject"), Mapping):
        document = document["credentialSubject"]
    if isinstance(document, Mapping) and "association" in document:
        document = document["association"]
    elif isinstance(document, Mapping):
        document = [document]
    if not isinstance(document, list) or not all(isinstance(a, Mapping) for a in document):
        raise InputError("a crosswalk is a list of CLR 2.0 Association objects")
    return [dict(a) for a in document]


def _plain(association: Mapping[str, Any] | BaseModel) -> Mapping[str, Any]:
    if isinstance(association, BaseModel):
        dumped: Mapping[str, Any] = association.model_dump(by_alias=True)
        return dumped
    return association


@dataclass(frozen=True)
class Crosswalk:
    """Skill equivalences and parents, computed once from associations (immutable)."""

    associations: tuple[tuple[str, str, str], ...] = ()
    _representative: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    _parents: Mapping[str, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_associations(
        cls, associations: Iterable[Mapping[str, Any] | BaseModel] = ()
    ) -> Crosswalk:
        """A crosswalk from CLR 2.0 Association objects (dicts or models)."""
        triples: list[tuple[str, str, str]] = []
        for association in associations:
            data = _plain(association)
            kind = data.get("associationType")
            source, target = data.get("sourceId"), data.get("targetId")
            if not (isinstance(kind, str) and isinstance(source, str) and isinstance(target, str)):
                raise InputError("an Association needs associationType, sourceId and targetId")
            triples.append((kind, canonical_skill_url(source), canonical_skill_url(target)))
        return cls._from_triples(tuple(triples))

    @classmethod
    def _from_triples(cls, triples: tuple[tuple[str, str, str], ...]) -> Crosswalk:
        # Step 1: group exactMatchOf skills (union-find on a local table).
        leader: dict[str, str] = {}

        def find(node: str) -> str:
            leader.setdefault(node, node)
            while leader[node] != node:
                leader[node] = leader[leader[node]]
                node = leader[node]
            return node

        targets = {t for kind, _, t in triples if kind == "exactMatchOf"}
        for kind, source, target in triples:
            if kind == "exactMatchOf":
                a, b = find(source), find(target)
                if a != b:
                    leader[max(a, b)] = min(a, b)
        groups: dict[str, list[str]] = {}
        for node in list(leader):
            groups.setdefault(find(node), []).append(node)
        representative: dict[str, str] = {}
        for members in groups.values():
            preferred = sorted(m for m in members if m in targets) or sorted(members)
            representative.update({m: preferred[0] for m in members})
        # Step 2: parents, between representatives.
        parents: dict[str, set[str]] = {}
        for kind, source, target in triples:
            if kind in {"isChildOf", "isParentOf"}:
                child, parent = (source, target) if kind == "isChildOf" else (target, source)
                child, parent = representative.get(child, child), representative.get(parent, parent)
                if child != parent:
                    parents.setdefault(child, set()).add(parent)
        return cls(triples, representative, {k: frozenset(v) for k, v in parents.items()})

    def __add__(self, other: Crosswalk) -> Crosswalk:
        return Crosswalk._from_triples(self.associations + other.associations)

    def canonical(self, skill_id: str) -> str:
        """The representative of the skills equivalent to ``skill_id``."""
        skill_id = canonical_skill_url(skill_id)
        return self._representative.get(skill_id, skill_id)

    def equivalents(self, skill_id: str) -> frozenset[str]:
        """Every skill id equivalent to ``skill_id`` (itself included)."""
        representative = self.canonical(skill_id)
        same = {k for k, v in self._representative.items() if v == representative}
        return frozenset(same | {representative, canonical_skill_url(skill_id)})

    def ancestors(self, skill_id: str) -> tuple[str, ...]:
        """The representatives of every skill ``skill_id`` counts toward, nearest first."""
        start = self.canonical(skill_id)
        seen = {start}
        order: list[str] = []
        frontier = [start]
        while frontier:
            following: list[str] = []
            for node in frontier:
                for parent in sorted(self._parents.get(node, ())):
                    if parent not in seen:
                        seen.add(parent)
                        order.append(parent)
                        following.append(parent)
            frontier = following
        return tuple(order)
