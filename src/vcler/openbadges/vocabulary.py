"""Open Badges 3.0 and CLR 2.0 vocabulary: contexts, type names and enumerations.

Spec: https://www.imsglobal.org/spec/ob/v3p0/#data-models (B.1.28 to B.1.32)
Spec: https://www.imsglobal.org/spec/clr/v2p0/#clrcredential
"""

from __future__ import annotations

import re

from .._documents import strings

__all__ = [
    "ACHIEVEMENT_CREDENTIAL_TYPES",
    "ACHIEVEMENT_TYPES",
    "ALIGNMENT_TARGET_TYPES",
    "ASSOCIATION_TYPES",
    "CLR_CONTEXT",
    "CLR_CONTEXTS",
    "EXTENSION_TERM",
    "IDENTIFIER_TYPES",
    "OB_CONTEXT",
    "OB_CONTEXTS",
    "OB_EXTENSIONS_CONTEXT",
    "OPEN_BADGE_TYPES",
    "RESULT_STATUS_TYPES",
    "RESULT_TYPES",
    "VC_V1_CONTEXT",
    "VC_V2_CONTEXT",
    "is_extension_term",
    "type_names",
]

#: The VC Data Model 2.0 base context (first item of every OB 3.0 / CLR 2.0 credential).
VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
#: The VC Data Model 1.1 base context (OB 3.0 credentials made before OB 3.0.1).
VC_V1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
#: The current Open Badges 3.0 context.
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
#: The Open Badges 3.0 extensions context.
OB_EXTENSIONS_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
#: The current CLR 2.0 context.
CLR_CONTEXT = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"

#: ``@context`` of an OpenBadgeCredential / AchievementCredential / EndorsementCredential.
#: Spec: https://www.imsglobal.org/spec/ob/v3p0/#achievementcredential (``@context``)
OB_CONTEXTS: tuple[str, ...] = (VC_V2_CONTEXT, OB_CONTEXT)
#: ``@context`` of a ClrCredential: the VC, CLR 2.0.1 and OB 3.0.3 contexts, in that order.
#: Spec: https://www.imsglobal.org/spec/clr/v2p0/#clrcredential (``@context``)
CLR_CONTEXTS: tuple[str, ...] = (VC_V2_CONTEXT, CLR_CONTEXT, OB_CONTEXT)

#: Credential types that make a credential an Open Badge (one of them suffices).
ACHIEVEMENT_CREDENTIAL_TYPES = frozenset({"OpenBadgeCredential", "AchievementCredential"})
#: Every credential type :func:`vcler.openbadges.is_open_badge_document` recognises.
OPEN_BADGE_TYPES = ACHIEVEMENT_CREDENTIAL_TYPES | {"EndorsementCredential", "ClrCredential"}

#: Spec: https://www.imsglobal.org/spec/ob/v3p0/#achievementtype-enumeration
ACHIEVEMENT_TYPES = frozenset(
    {
        "Achievement",
        "ApprenticeshipCertificate",
        "Assessment",
        "Assignment",
        "AssociateDegree",
        "Award",
        "Badge",
        "BachelorDegree",
        "Certificate",
        "CertificateOfCompletion",
        "Certification",
        "CommunityService",
        "Competency",
        "Course",
        "CoCurricular",
        "Degree",
        "Diploma",
        "DoctoralDegree",
        "Fieldwork",
        "GeneralEducationDevelopment",
        "JourneymanCertificate",
        "LearningProgram",
        "License",
        "Membership",
        "ProfessionalDoctorate",
        "QualityAssuranceCredential",
        "MasterCertificate",
        "MasterDegree",
        "MicroCredential",
        "ResearchDoctorate",
        "SecondarySchoolDiploma",
    }
)

#: Spec: https://www.imsglobal.org/spec/ob/v3p0/#alignmenttargettype-enumeration
ALIGNMENT_TARGET_TYPES = frozenset(
    {
        "ceasn:Competency",
        "ceterms:Credential",
        "CFItem",
        "CFRubric",
        "CFRubricCriterion",
        "CFRubricCriterionLevel",
        "CTDL",
    }
)

#: Spec: https://www.imsglobal.org/spec/ob/v3p0/#resulttype-enumeration
RESULT_TYPES = frozenset(
    {
        "GradePointAverage",
        "LetterGrade",
        "Percent",
        "PerformanceLevel",
        "PredictedScore",
        "RawScore",
        "Result",
        "RubricCriterion",
        "RubricCriterionLevel",
        "RubricScore",
        "ScaledScore",
        "Status",
    }
)

#: Spec: https://www.imsglobal.org/spec/ob/v3p0/#resultstatustype-enumeration
RESULT_STATUS_TYPES = frozenset(
    {"Completed", "Enrolled", "Failed", "InProgress", "OnHold", "Provisional", "Withdrew"}
)

#: Spec: https://www.imsglobal.org/spec/ob/v3p0/#identifiertypeenum-enumeration
IDENTIFIER_TYPES = frozenset(
    {
        "name",
        "sourcedId",
        "systemId",
        "productId",
        "userName",
        "accountId",
        "emailAddress",
        "nationalIdentityNumber",
        "isbn",
        "issn",
        "lisSourcedId",
        "oneRosterSourcedId",
        "sisSourcedId",
        "ltiContextId",
        "ltiDeploymentId",
        "ltiToolId",
        "ltiPlatformId",
        "ltiUserId",
        "identifier",
    }
)

#: Spec: https://www.imsglobal.org/spec/clr/v2p0/#associationtype-enumeration
ASSOCIATION_TYPES = frozenset(
    {
        "exactMatchOf",
        "isChildOf",
        "isParentOf",
        "isPartOf",
        "isPeerOf",
        "isRelatedTo",
        "precedes",
        "replacedBy",
    }
)

#: An extension term of an extensible enumeration: ``ext:`` then at least one name character.
#: (The 1EdTech schemas use the unanchored pattern ``(ext:)[a-z|A-Z|0-9|.|-|_]+``, which accepts
#: far more; vcler checks this anchored form.)
EXTENSION_TERM = re.compile(r"ext:[A-Za-z0-9._-]+")


def is_extension_term(value: str) -> bool:
    """True when ``value`` is a proprietary term (``ext:`` + letters, digits, ``.``, ``-``, ``_``).

    Spec: https://www.imsglobal.org/spec/ob/v3p0/#achievementtype-enumeration ("The new terms
    must start with the substring 'ext:'")
    """
    return EXTENSION_TERM.fullmatch(value) is not None


#: The type names of a ``type`` value (a string or a list of strings); others are ignored.
type_names = strings
