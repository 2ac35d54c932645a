"""Gaps and pathways: the required skills a profile misses, and the catalog achievements that
would bring them.

:func:`gap` matches the profile (:func:`vcler.skills.match`), then covers the missing skills
with achievements of a catalog (a college's courses, a bootcamp's programs: OB 3.0
``Achievement`` objects whose ``alignment`` names the skills they teach). An achievement
brings a missing skill when one of its aligned skills is that skill, an equivalent of it
(``exactMatchOf``) or a child of it (``isChildOf``), through the profile's crosswalk, the
library's and the one given.

Choosing the fewest achievements that cover a set of skills is the set cover problem, which is
NP-hard; :func:`gap` uses the **greedy** algorithm: it repeatedly takes the achievement that
brings the most skills still missing (the first in catalog order on a tie) until nothing more
can be covered. Its result is at most ln(n) + 1 times the smallest possible (n: the number of
missing skills), and is the smallest in the common cases where courses overlap little.
Required levels are not compared with catalog achievements: a course is taken to bring the
skill, at whatever level the requirement asks.

Spec: https://www.imsglobal.org/spec/ob/v3p0/#achievement (alignment)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .crosswalk import Crosswalk
from .match import Requirement, crosswalks, match
from .profile import SkillsProfile, aligned_skills

if TYPE_CHECKING:
    from .library import Library

__all__ = ["GapResult", "PathwayStep", "gap"]


@dataclass(frozen=True)
class PathwayStep:
    """One achievement of the pathway and the missing skills it brings (those not brought by
    an earlier step), as the requirements name them."""

    achievement: str
    name: str | None
    skills: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """``{"achievement": ID, "name"?: ..., "skills": [URL, ...]}``."""
        out: dict[str, Any] = {"achievement": self.achievement}
        if self.name is not None:
            out["name"] = self.name
        out["skills"] = list(self.skills)
        return out


@dataclass(frozen=True)
class GapResult:
    """The missing requirements, the pathway that covers them, and what no catalog achievement
    brings (``uncovered``)."""

    missing: tuple[Requirement, ...]
    pathway: tuple[PathwayStep, ...]
    uncovered: tuple[Requirement, ...]

    def to_json(self) -> dict[str, Any]:
        """``{"missing": [{"skill", "level"?}], "pathway": [...], "uncovered": [...]}``."""

        def requirement(r: Requirement) -> dict[str, Any]:
            out: dict[str, Any] = {"skill": r.skill}
            if r.level is not None:
                out["level"] = r.level
            return out

        return {
            "missing": [requirement(r) for r in self.missing],
            "pathway": [step.to_json() for step in self.pathway],
            "uncovered": [requirement(r) for r in self.uncovered],
        }


def _catalog(catalog: Iterable[Any]) -> list[Mapping[str, Any]]:
    achievements: list[Mapping[str, Any]] = []
    for index, item in enumerate(catalog):
        if hasattr(item, "model_dump"):
            item = item.model_dump(by_alias=True, exclude_none=True)
        if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
            raise InputError(f"catalog entry {index} is not an Achievement with an id")
        achievements.append(item)
    return achievements


def _brings(skill: str, wanted: str, walk: Crosswalk) -> bool:
    """Whether evidence of ``skill`` counts for ``wanted`` (same, equivalent or a child)."""
    target = walk.canonical(wanted)
    return walk.canonical(skill) == target or target in walk.ancestors(skill)


def gap(
    profile: SkillsProfile,
    requirements: Iterable[Any],
    catalog: Iterable[Any],
    *,
    crosswalk: Crosswalk | Iterable[Mapping[str, Any]] | None = None,
    library: Library | None = None,
) -> GapResult:
    """What ``profile`` misses of ``requirements`` and a smallest-found set of ``catalog``
    achievements that brings it (greedy set cover; see the module documentation).

    ``requirements`` are as :func:`vcler.skills.match` takes them (codes too, with a
    ``library``); ``catalog`` is OB 3.0 ``Achievement`` objects (dicts or models).
    """
    extra, walk = crosswalks(profile, crosswalk, library)
    # Step 1: what is missing.
    result = match(profile, requirements, crosswalk=extra, library=library)
    missing = list(result.missing)
    # Step 2: which missing requirements each achievement brings.
    offers: list[tuple[Mapping[str, Any], list[int]]] = []
    for achievement in _catalog(catalog):
        aligned = [skill.id for skill in aligned_skills(achievement.get("alignment"))]
        brought = [
            index
            for index, requirement in enumerate(missing)
            if any(_brings(skill, requirement.skill, walk) for skill in aligned)
        ]
        offers.append((achievement, brought))
    # Step 3: greedy set cover.
    remaining = set(range(len(missing)))
    pathway: list[PathwayStep] = []
    while remaining:
        best: Mapping[str, Any] | None = None
        gain: set[int] = set()
        for achievement, brought in offers:
            new = remaining.intersection(brought)
            if len(new) > len(gain):
                best, gain = achievement, new
        if best is None:
            break
        name = best.get("name")
        pathway.append(
            PathwayStep(
                str(best["id"]),
                name if isinstance(name, str) else None,
                tuple(missing[i].skill for i in sorted(gain)),
            )
        )
        remaining -= gain
    uncovered = tuple(missing[i] for i in sorted(remaining))
    return GapResult(tuple(missing), tuple(pathway), uncovered)
