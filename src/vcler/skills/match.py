"""Matching a skills profile against required skills.

A requirement is ``{"skill": URL, "level": optional}`` (or just the URL). It is met when the
profile has evidence for that skill — directly, through an equivalent skill (``exactMatchOf``) or
through a child skill (``isChildOf``) — whose level reaches the required one (see
:mod:`vcler.skills.levels`). ``coverage`` is met / required (1.0 when nothing is required).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..openbadges.rules import is_url
from .crosswalk import Crosswalk
from .levels import RequiredLevel, meets
from .profile import Evidence, SkillsProfile, with_library
from .skill import canonical_skill_url

if TYPE_CHECKING:
    from .library import Library

__all__ = ["MatchResult", "Met", "Requirement", "match"]


@dataclass(frozen=True)
class Requirement:
    """One required skill, optionally at a level."""

    skill: str
    level: RequiredLevel | None = None

    @classmethod
    def parse(cls, value: Any) -> Requirement:
        """A requirement from ``"URL"`` or ``{"skill": URL, "level": ...}``."""
        if isinstance(value, Requirement):
            return value
        if isinstance(value, str):
            return cls(value)
        if isinstance(value, Mapping) and isinstance(value.get("skill"), str):
            level = value.get("level")
            if level is not None and (
                isinstance(level, bool) or not isinstance(level, (str, int, float))
            ):
                raise InputError(f"a required level must be a string or a number, not {level!r}")
            return cls(value["skill"], level)
        raise InputError(
            f"a requirement is a skill URL or {{'skill': URL, 'level': ...}}, not {value!r}"
        )


def resolved(requirements: Iterable[Any], library: Library | None) -> list[Requirement]:
    """The requirements parsed, each skill named by its URL (codes resolved in ``library``;
    :class:`~vcler.skills.library.UnknownSkillError` for a code it does not define)."""
    from .library import UnknownSkillError

    wanted = [Requirement.parse(item) for item in requirements]
    if library is not None:
        return [Requirement(library.resolve(r.skill), r.level) for r in wanted]
    for requirement in wanted:
        if not is_url(requirement.skill):
            raise UnknownSkillError(
                f"{requirement.skill!r} is not a skill URL (a framework code needs a library)"
            )
    return wanted


@dataclass(frozen=True)
class Met:
    """A met requirement and the evidence that meets it."""

    requirement: Requirement
    evidence: tuple[Evidence, ...]

    def to_json(self) -> dict[str, Any]:
        """``{"requirement": URL, "evidence": [...]}`` (plus ``level`` when one was required)."""
        out: dict[str, Any] = {"requirement": self.requirement.skill}
        if self.requirement.level is not None:
            out["level"] = self.requirement.level
        out["evidence"] = [e.to_json() for e in self.evidence]
        return out


@dataclass(frozen=True)
class MatchResult:
    """Which requirements are met (and by what), which are missing, and the coverage."""

    coverage: float
    met: tuple[Met, ...]
    missing: tuple[Requirement, ...]

    def to_json(self) -> dict[str, Any]:
        """``{"coverage": float, "met": [...], "missing": [URL, ...]}``."""
        return {
            "coverage": self.coverage,
            "met": [m.to_json() for m in self.met],
            "missing": [r.skill for r in self.missing],
        }


def crosswalks(
    profile: SkillsProfile,
    crosswalk: Crosswalk | Iterable[Mapping[str, Any]] | None,
    library: Library | None,
) -> tuple[Crosswalk, Crosswalk]:
    """``(extra, walk)``: the crosswalk given with the library's, and that on top of the
    profile's own."""
    extra = with_library(crosswalk, library)
    return extra, profile.crosswalk + extra


def match(
    profile: SkillsProfile,
    requirements: Iterable[Any],
    *,
    crosswalk: Crosswalk | Iterable[Mapping[str, Any]] | None = None,
    library: Library | None = None,
) -> MatchResult:
    """Match ``profile`` against ``requirements`` (skill URLs or ``{"skill", "level"}`` objects).

    ``crosswalk`` (a :class:`Crosswalk` or CLR 2.0 Associations) is used on top of the one the
    profile was built with. With a ``library`` (:class:`~vcler.skills.Library`), a required
    skill may also be named by its framework code, and the library's crosswalk applies too.
    """
    extra, walk = crosswalks(profile, crosswalk, library)
    skills = {skill.id: skill for skill in profile.skills(crosswalk=extra)}
    met: list[Met] = []
    missing: list[Requirement] = []
    wanted = resolved(requirements, library)
    for requirement in wanted:
        group = skills.get(walk.canonical(canonical_skill_url(requirement.skill)))
        evidence = (
            tuple(e for e in group.evidence if meets(e.level, requirement.level)) if group else ()
        )
        if evidence:
            met.append(Met(requirement, evidence))
        else:
            missing.append(requirement)
    coverage = len(met) / len(wanted) if wanted else 1.0
    return MatchResult(coverage, tuple(met), tuple(missing))
