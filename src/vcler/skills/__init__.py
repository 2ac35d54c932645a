"""Skills from verified learning and employment credentials.

- :class:`Skill`: a skill of a framework (RSD, Lightcast, CASE, CTDL, any URL) and its OB 3.0
  ``Alignment`` form.
- :func:`profile`: the skills verified credentials show, per learner, with their evidence.
- :func:`match`: which required skills (and levels) a profile meets, and the coverage.
- :class:`Crosswalk`: equivalences and parents between frameworks, from CLR 2.0 Associations.
"""

from .crosswalk import Crosswalk, associations_of
from .levels import Level, meets
from .match import MatchResult, Met, Requirement, match
from .profile import Evidence, ProfileSkill, Rejected, SkillsProfile, profile
from .skill import LIGHTCAST_SKILL_URL, Skill, canonical_skill_url

__all__ = [
    "LIGHTCAST_SKILL_URL",
    "Crosswalk",
    "Evidence",
    "Level",
    "MatchResult",
    "Met",
    "ProfileSkill",
    "Rejected",
    "Requirement",
    "Skill",
    "SkillsProfile",
    "associations_of",
    "canonical_skill_url",
    "match",
    "meets",
    "profile",
]
