"""Skills from verified learning and employment credentials.

- :class:`Skill`: a skill of a framework (RSD, Lightcast, CASE, CTDL, any URL) and its OB 3.0
  ``Alignment`` form.
- :func:`profile`: the skills verified credentials show, per learner, with their evidence.
- :func:`match`: which required skills (and levels) a profile meets, and the coverage.
- :class:`Crosswalk`: equivalences and parents between frameworks, from CLR 2.0 Associations.
- :class:`Library`: whole frameworks (CASE, OSMT RSDs, Lightcast, CTDL-ASN) read from their
  published JSON: lookup, search, versions, and their own associations as a crosswalk.
- :func:`gap`: the required skills a profile misses, and a small set of catalog achievements
  that would bring them.
"""

from .crosswalk import Crosswalk, associations_of
from .gap import GapResult, PathwayStep, gap
from .levels import Level, meets
from .library import Framework, Library, UnknownSkillError, framework_format
from .match import MatchResult, Met, Requirement, match
from .profile import Evidence, ProfileSkill, Rejected, SkillsProfile, profile
from .skill import LIGHTCAST_SKILL_URL, Skill, canonical_skill_url

__all__ = [
    "LIGHTCAST_SKILL_URL",
    "Crosswalk",
    "Evidence",
    "Framework",
    "GapResult",
    "Level",
    "Library",
    "MatchResult",
    "Met",
    "PathwayStep",
    "ProfileSkill",
    "Rejected",
    "Requirement",
    "Skill",
    "SkillsProfile",
    "UnknownSkillError",
    "associations_of",
    "canonical_skill_url",
    "framework_format",
    "gap",
    "match",
    "meets",
    "profile",
]
