"""Open Badges 3.0 and Comprehensive Learner Record 2.0: models, builders and validation.

- :mod:`~vcler.openbadges.models`: pydantic models (open-world, exact JSON round trip).
- :func:`build_achievement_credential`, :func:`build_endorsement_credential`,
  :func:`build_clr_credential`: valid unsigned credentials as dicts, ready to sign.
- :func:`check_open_badge`: what the OB 3.0 verification steps make a problem, and every
  deviation from the bundled 1EdTech JSON Schemas (those the credential names) and from the
  rules they cannot express as a warning (a problem with ``strict=True``);
  :func:`validate_open_badge` the problems alone; :func:`is_open_badge_document` tells whether
  a document is one of these credentials.
- :func:`bundle_clr`: a CLR 2.0 over a learner's verified achievements.
- :mod:`~vcler.openbadges.v2`: verifying Open Badges 2.0 assertions (hosted and signed);
  :mod:`~vcler.openbadges.baking`: badges baked in PNG and SVG images (:func:`bake`,
  :func:`unbake`).

Spec: https://www.imsglobal.org/spec/ob/v3p0/
Spec: https://www.imsglobal.org/spec/clr/v2p0/
"""

from .baking import Baked, BakingError, bake, unbake
from .builders import (
    build_achievement_credential,
    build_clr_credential,
    build_endorsement_credential,
)
from .bundle import ClrBundle, bundle_clr
from .models import (
    Achievement,
    AchievementCredential,
    AchievementSubject,
    Alignment,
    Association,
    ClrCredential,
    ClrSubject,
    Criteria,
    EndorsementCredential,
    EndorsementSubject,
    Evidence,
    IdentityObject,
    OpenBadgeCredential,
    Profile,
    Result,
    ResultDescription,
    RubricCriterionLevel,
)
from .rules import MALFORMED_VALUE_ERROR
from .schema import (
    SCHEMA_VALIDATION_ERROR,
    SCHEMA_VALIDATOR_TYPE,
    UNKNOWN_CREDENTIAL_SCHEMA,
    bundled_schemas,
)
from .validation import check_open_badge, is_open_badge_document, validate_open_badge
from .vocabulary import CLR_CONTEXTS, OB_CONTEXTS

__all__ = [
    "CLR_CONTEXTS",
    "MALFORMED_VALUE_ERROR",
    "OB_CONTEXTS",
    "SCHEMA_VALIDATION_ERROR",
    "SCHEMA_VALIDATOR_TYPE",
    "UNKNOWN_CREDENTIAL_SCHEMA",
    "Achievement",
    "AchievementCredential",
    "AchievementSubject",
    "Alignment",
    "Association",
    "Baked",
    "BakingError",
    "ClrBundle",
    "ClrCredential",
    "ClrSubject",
    "Criteria",
    "EndorsementCredential",
    "EndorsementSubject",
    "Evidence",
    "IdentityObject",
    "OpenBadgeCredential",
    "Profile",
    "Result",
    "ResultDescription",
    "RubricCriterionLevel",
    "bake",
    "build_achievement_credential",
    "build_clr_credential",
    "build_endorsement_credential",
    "bundle_clr",
    "bundled_schemas",
    "check_open_badge",
    "is_open_badge_document",
    "unbake",
    "validate_open_badge",
]
