"""Pydantic models of the Open Badges 3.0 and CLR 2.0 data models.

The models are open-world (unknown properties are kept), use snake_case attributes with the
specification's camelCase names as aliases, and keep every value as its JSON form (dates stay
strings, numbers keep their int/float kind), so that ``Model.model_validate(doc).to_json()``
gives back ``doc`` exactly. They validate and build; they are never the signing input.

Spec: https://www.imsglobal.org/spec/ob/v3p0/#data-models
Spec: https://www.imsglobal.org/spec/clr/v2p0/#data-model
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import ConfigDict, Field

from ..models import VcModel

__all__ = [
    "Achievement",
    "AchievementCredential",
    "AchievementSubject",
    "Alignment",
    "Association",
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
]

# JSON values as they appear in the documents (never converted).
TypeValue = str | list[str]
Context = str | dict[str, Any] | list[str | dict[str, Any]]
Number = int | float
Image = str | dict[str, Any]


class OBModel(VcModel):
    """Base of every Open Badges / CLR model: vcler's one model base
    (:class:`vcler.models.VcModel`: open-world, camelCase aliases, key order kept), dumped by
    alias."""

    model_config = ConfigDict(serialize_by_alias=True)

    def to_json(self, *, defaults: bool = False) -> dict[str, Any]:
        """This object as JSON, by alias.

        By default only the properties that were set are written, so a parsed document comes
        back exactly. With ``defaults=True`` (for objects built in Python) defaulted properties
        such as ``type`` are written too and properties that are ``None`` are left out.
        """
        if defaults:
            dumped = self.model_dump(mode="json", by_alias=True, exclude_none=True)
            assert isinstance(dumped, dict)
            return dumped
        return super().to_json()


class Alignment(OBModel):
    """Spec: https://www.imsglobal.org/spec/ob/v3p0/#alignment"""

    type: TypeValue = Field(default_factory=lambda: ["Alignment"])
    target_name: str
    target_url: str
    target_code: str | None = None
    target_description: str | None = None
    target_framework: str | None = None
    target_type: str | None = None


class Criteria(OBModel):
    """Spec: https://www.imsglobal.org/spec/ob/v3p0/#criteria"""

    id: str | None = None
    narrative: str | None = None


class IdentityObject(OBModel):
    """Spec: https://www.imsglobal.org/spec/ob/v3p0/#identityobject"""

    type: TypeValue = "IdentityObject"
    hashed: bool
    identity_hash: str
    identity_type: str
    salt: str | None = None


class Profile(OBModel):
    """Spec: https://www.imsglobal.org/spec/ob/v3p0/#profile"""

    id: str
    type: TypeValue = Field(default_factory=lambda: ["Profile"])
    name: str | None = None
    url: str | None = None
    phone: str | None = None
    description: str | None = None
    endorsement: list[EndorsementCredential] | None = None
    endorsement_jwt: list[str] | None = None
    image: Image | None = None
    email: str | None = None
    address: dict[str, Any] | None = None
    other_identifier: list[dict[str, Any]] | None = None
    official: str | None = None
    parent_org: Profile | None = None
    family_name: str | None = None
    given_name: str | None = None
    additional_name: str | None = None
    patronymic_name: str | None = None
    honorific_prefix: str | None = None
    honorific_suffix: str | None = None
    family_name_prefix: str | None = None
    date_of_birth: str | None = None


class RubricCriterionLevel(OBModel):
    """Spec: https://www.imsglobal.org/spec/ob/v3p0/#rubriccriterionlevel"""

    id: str
    type: TypeValue = Field(default_factory=lambda: ["RubricCriterionLevel"])
    name: str
    alignment: list[Alignment] | None = None
    description: str | None = None
    level: str | None = None
    points: str | None = None


class ResultDescription(OBModel):
    """Spec: https://www.imsglobal.org/spec/ob/v3p0/#resultdescription"""

    id: str
    type: TypeValue = Field(default_factory=lambda: ["ResultDescription"])
    name: str
    result_type: str
    alignment: list[Alignment] | None = None
    allowed_value: list[str] | None = None
    required_level: str | None = None
    required_value: str | None = None
    rubric_criterion_level: list[RubricCriterionLevel] | None = None
    value_max: str | None = None
    value_min: str | None = None


class Result(OBModel):
    """Spec: https://www.imsglobal.org/spec/ob/v3p0/#result"""

    type: TypeValue = Field(default_factory=lambda: ["Result"])
    achieved_level: str | None = None
    alignment: list[Alignment] | None = None
    result_description: str | None = None
    status: str | None = None
    value: str | None = None


class Achievement(OBModel):
    """Spec: https://www.imsglobal.org/spec/ob/v3p0/#achievement"""

    id: str
    type: TypeValue = Field(default_factory=lambda: ["Achievement"])
    name: str
    description: str
    criteria: Criteria
    alignment: list[Alignment] | None = None
    achievement_type: str | None = None
    creator: Profile | None = None
    credits_available: Number | None = None
    endorsement: list[EndorsementCredential] | None = None
    endorsement_jwt: list[str] | None = None
    field_of_study: str | None = None
    human_code: str | None = None
    image: Image | None = None
    in_language: str | None = None
    other_identifier: list[dict[str, Any]] | None = None
    related: list[dict[str, Any]] | None = None
    result_description: list[ResultDescription] | None = None
    specialization: str | None = None
    tag: list[str] | None = None
    version: str | None = None


class AchievementSubject(OBModel):
    """Spec: https://www.imsglobal.org/spec/ob/v3p0/#achievementsubject"""

    id: str | None = None
    type: TypeValue = Field(default_factory=lambda: ["AchievementSubject"])
    achievement: Achievement
    activity_end_date: str | None = None
    activity_start_date: str | None = None
    credits_earned: Number | None = None
    identifier: list[IdentityObject] | None = None
    image: Image | None = None
    license_number: str | None = None
    narrative: str | None = None
    result: list[Result] | None = None
    role: str | None = None
    source: Profile | None = None
    term: str | None = None


class Evidence(OBModel):
    """Spec: https://www.imsglobal.org/spec/ob/v3p0/#evidence"""

    id: str | None = None
    type: TypeValue = Field(default_factory=lambda: ["Evidence"])
    narrative: str | None = None
    name: str | None = None
    description: str | None = None
    genre: str | None = None
    audience: str | None = None


class EndorsementSubject(OBModel):
    """Spec: https://www.imsglobal.org/spec/ob/v3p0/#endorsementsubject"""

    id: str
    type: TypeValue = Field(default_factory=lambda: ["EndorsementSubject"])
    endorsement_comment: str | None = None


class _Credential(OBModel):
    """The properties every OB 3.0 / CLR 2.0 credential shares (VC Data Model 2.0 or 1.1)."""

    context: Context = Field(alias="@context")
    id: str | None = None
    type: TypeValue
    name: str | None = None
    description: str | None = None
    image: Image | None = None
    issuer: str | Profile
    valid_from: str | None = None
    valid_until: str | None = None
    issuance_date: str | None = None
    expiration_date: str | None = None
    awarded_date: str | None = None
    proof: dict[str, Any] | list[dict[str, Any]] | None = None
    credential_schema: dict[str, Any] | list[dict[str, Any]] | None = None
    credential_status: dict[str, Any] | list[dict[str, Any]] | None = None
    refresh_service: dict[str, Any] | list[dict[str, Any]] | None = None
    terms_of_use: dict[str, Any] | list[dict[str, Any]] | None = None
    evidence: Evidence | list[Evidence] | None = None
    endorsement: list[EndorsementCredential] | None = None
    endorsement_jwt: list[str] | None = None


class OpenBadgeCredential(_Credential):
    """An OpenBadgeCredential (also typed AchievementCredential, an alias).

    Spec: https://www.imsglobal.org/spec/ob/v3p0/#achievementcredential
    """

    type: TypeValue = Field(default_factory=lambda: ["VerifiableCredential", "OpenBadgeCredential"])
    credential_subject: AchievementSubject | list[AchievementSubject]


#: The specification's other name for :class:`OpenBadgeCredential`.
AchievementCredential = OpenBadgeCredential


class EndorsementCredential(_Credential):
    """Spec: https://www.imsglobal.org/spec/ob/v3p0/#endorsementcredential"""

    type: TypeValue = Field(
        default_factory=lambda: ["VerifiableCredential", "EndorsementCredential"]
    )
    credential_subject: EndorsementSubject | list[EndorsementSubject]


class Association(OBModel):
    """A semantic relationship between two achievements (or, in a crosswalk, two skills).

    Spec: https://www.imsglobal.org/spec/clr/v2p0/#association
    """

    type: TypeValue = "Association"
    association_type: str
    source_id: str
    target_id: str


class ClrSubject(OBModel):
    """Spec: https://www.imsglobal.org/spec/clr/v2p0/#clrsubject"""

    id: str | None = None
    type: TypeValue = Field(default_factory=lambda: ["ClrSubject"])
    identifier: list[IdentityObject] | None = None
    achievement: list[Achievement] | None = None
    verifiable_credential: list[
        Annotated[OpenBadgeCredential | dict[str, Any], Field(union_mode="left_to_right")]
    ]
    association: list[Association] | None = None


class ClrCredential(_Credential):
    """Spec: https://www.imsglobal.org/spec/clr/v2p0/#clrcredential"""

    type: TypeValue = Field(default_factory=lambda: ["VerifiableCredential", "ClrCredential"])
    partial: bool | None = None
    credential_subject: ClrSubject


for _model in (Profile, Achievement, _Credential, OpenBadgeCredential, EndorsementCredential):
    _model.model_rebuild()
ClrSubject.model_rebuild()
ClrCredential.model_rebuild()
