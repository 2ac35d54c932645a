"""Records for employers: a skills profile as an HR Open Standards LER-RS document.

The Learning and Employment Record Resume Standard (LER-RS, HR Open Standards 4.4, from the
T3 Innovation Network's work) is the JSON an applicant-tracking system reads. No package
registry publishes its JSON Schemas, so vcler writes the document by the mapping below
(vcler's tests validate its output against the published ``LER-RSType.json`` 4.4); only
what verified is exported, since the profile keeps nothing else.

- ``type``: ``http://schema.hropenstandards.org/4.4/recruiting/json/ler-rs/LER-RSType.json``.
- ``person.name.formattedName``: the ``name`` given (left out without one).
- ``skills[]``: one per skill of the profile (equivalent skills merged through the
  crosswalk), sorted by id:

  - ``name``: the skill's name (the library's, else the alignment's ``targetName``), else
    its URL;
  - ``description``: the library's statement of the skill, when known;
  - ``schemeReference``: ``reference`` the skill's URL, ``scheme`` the URL of its framework
    when the library knows it;
  - ``comments[]``: one line per piece of evidence (achievement, issuer, date, result,
    level, and the child skill it counts through);
  - ``verifications[].Verification``: ``{"reference": id}`` of each credential that shows
    the skill (when its id is a URI).

- ``certifications[].verifications[]``: each verified credential whose achievement is a
  ``Certification``, ``Certificate`` or ``License``.
- ``educationAndLearnings[].verifications[]``: every other verified credential: an OB 3.0
  credential of the VC 1.1 data model as itself (LER-RS's ``1edtob3`` choice, whose schema
  is VC 1.1's), any other Verifiable Credential as ``{"otherW3CVerifiableCredential": ...}``,
  an Open Badges 2.0 assertion as ``{"reference": its id}``.

Empty lists are left out (the schema wants at least one item where a list is given).

Spec: https://github.com/hropenstandards (LER-RS 4.4, ``recruiting/json/LER-RSType.json``)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._documents import V1_CONTEXT, first_item
from ..openbadges.v2 import is_v2_assertion
from ..openbadges.vocabulary import ACHIEVEMENT_CREDENTIAL_TYPES, type_names
from .profile import Evidence, SkillsProfile
from .skill import is_uri

__all__ = ["LER_RS_TYPE", "ler_rs_document"]

#: The ``type`` of an LER-RS 4.4 document (the URL of its schema).
LER_RS_TYPE = "http://schema.hropenstandards.org/4.4/recruiting/json/ler-rs/LER-RSType.json"
_CERTIFICATIONS = frozenset({"Certification", "Certificate", "License"})


def _comment(evidence: Evidence) -> str:
    shown = evidence.to_json()
    parts = [evidence.achievement_name or evidence.achievement_id or "(achievement)"]
    for label, value in (
        ("issuer", evidence.issuer),
        ("date", evidence.date),
        ("result", shown.get("result")),
        ("level", shown.get("level")),
        ("via", evidence.via),
    ):
        if value is not None:
            parts.append(f"{label} {value}")
    return ", ".join(parts)


def _skills(profile: SkillsProfile) -> list[dict[str, Any]]:
    library = profile.library
    frameworks = {f.name: f.id for f in library.frameworks} if library is not None else {}
    skills: list[dict[str, Any]] = []
    for skill in profile.skills():
        known = library.named(skill.id) if library is not None else None
        entry: dict[str, Any] = {"name": skill.name or skill.id}
        if known is not None and known.statement:
            entry["description"] = known.statement
        reference: dict[str, str] = {"reference": skill.id}
        scheme = frameworks.get(skill.framework) if skill.framework else None
        if scheme:
            reference["scheme"] = scheme
        entry["schemeReference"] = reference
        entry["comments"] = [_comment(evidence) for evidence in skill.evidence]
        ids = dict.fromkeys(e.credential for e in skill.evidence if is_uri(e.credential))
        if ids:
            entry["verifications"] = [{"Verification": {"reference": i}} for i in ids]
        skills.append(entry)
    return skills


def _verification(credential: Mapping[str, Any]) -> dict[str, Any]:
    """How one verified credential is carried in LER-RS."""
    if is_v2_assertion(credential):
        return {"reference": str(credential["id"])}
    types = set(type_names(credential.get("type")))
    if (
        types & ACHIEVEMENT_CREDENTIAL_TYPES
        and first_item(credential.get("@context")) == V1_CONTEXT
    ):
        return dict(credential)  # the LER-RS "1edtob3" choice (an OB 3.0 of VC 1.1)
    return {"otherW3CVerifiableCredential": dict(credential)}


def _is_certification(credential: Mapping[str, Any]) -> bool:
    subject = credential.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, Mapping) else None
    kind = achievement.get("achievementType") if isinstance(achievement, Mapping) else None
    return kind in _CERTIFICATIONS


def ler_rs_document(profile: SkillsProfile, *, name: str | None = None) -> dict[str, Any]:
    """The LER-RS 4.4 document of a skills profile (see the module documentation for the
    mapping, field by field): its skills with their evidence, and the verified credentials."""
    document: dict[str, Any] = {"type": LER_RS_TYPE}
    if name:
        document["person"] = {"name": {"formattedName": name}}
    skills = _skills(profile)
    if skills:
        document["skills"] = skills
    certifications: list[dict[str, Any]] = []
    learnings: list[dict[str, Any]] = []
    seen: set[str] = set()
    for credential in profile.credentials:
        key = str(credential.get("id")) if credential.get("id") is not None else repr(credential)
        if key in seen:
            continue
        seen.add(key)
        entry = {"verifications": [_verification(credential)]}
        (certifications if _is_certification(credential) else learnings).append(entry)
    if certifications:
        document["certifications"] = certifications
    if learnings:
        document["educationAndLearnings"] = learnings
    return document
