"""Open Badges 3.0 / CLR 2.0 rules that the JSON Schemas do not (or only loosely) express.

Every violation is a :class:`vcler.Problem` with the code ``MALFORMED_VALUE_ERROR`` and a JSON
pointer to the offending value. The walk follows the data model (credential, subject,
achievement, result...) rather than guessing objects by their ``type``, so a misplaced object
is never mistaken for another.

Spec: https://www.imsglobal.org/spec/ob/v3p0/#data-models
Spec: https://www.imsglobal.org/spec/clr/v2p0/#data-model
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from ..results import Problem, json_pointer
from .vocabulary import (
    ACHIEVEMENT_CREDENTIAL_TYPES,
    ACHIEVEMENT_TYPES,
    ALIGNMENT_TARGET_TYPES,
    ASSOCIATION_TYPES,
    IDENTIFIER_TYPES,
    RESULT_TYPES,
    is_extension_term,
    type_names,
)

__all__ = ["MALFORMED_VALUE_ERROR", "is_url", "rule_problems"]

#: The problem code for a value that breaks an Open Badges / CLR rule.
MALFORMED_VALUE_ERROR = "MALFORMED_VALUE_ERROR"

Path = tuple[str | int, ...]

_IDENTITY_HASH = re.compile(r"(sha256\$[0-9A-Fa-f]{64}|md5\$[0-9A-Fa-f]{32})")
_URL_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
# Any character str.isspace() calls whitespace (the regular expression engine uses the same
# Unicode test for \s in a str pattern).
_WHITESPACE = re.compile(r"\s")


def _problem(path: Path, message: str) -> Problem:
    return Problem(MALFORMED_VALUE_ERROR, message, json_pointer(*path))


def _items(value: Any, path: Path) -> Iterator[tuple[Mapping[str, Any], Path]]:
    """The objects of a value that is an object or an array of objects, with their paths."""
    if isinstance(value, Mapping):
        yield value, path
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, Mapping):
                yield item, (*path, index)


def is_url(value: Any) -> bool:
    """True for an absolute URL with an authority (``https://host/...``), without whitespace.

    Spec: https://www.imsglobal.org/spec/ob/v3p0/#derived-types (URL: "A URI that represents
    a Uniform Resource Locator")
    """
    if not isinstance(value, str) or not value or _WHITESPACE.search(value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return bool(_URL_SCHEME.fullmatch(parts.scheme)) and bool(parts.netloc)


def _type_includes(obj: Mapping[str, Any], expected: str, path: Path) -> Iterator[Problem]:
    """A present ``type`` must include ``expected`` (a missing one is the schema's business)."""
    if "type" in obj and expected not in type_names(obj["type"]):
        yield _problem((*path, "type"), f"type must include {expected!r}")


def _vocabulary(value: Any, terms: frozenset[str], what: str, path: Path) -> Iterator[Problem]:
    if value is None:
        return
    if not isinstance(value, str) or not (value in terms or is_extension_term(value)):
        yield _problem(path, f"{what} {value!r} is neither a defined term nor an 'ext:' term")


def _alignment(obj: Mapping[str, Any], path: Path) -> Iterator[Problem]:
    """Spec: https://www.imsglobal.org/spec/ob/v3p0/#alignment"""
    yield from _type_includes(obj, "Alignment", path)
    target_type = obj.get("targetType")
    yield from _vocabulary(target_type, ALIGNMENT_TARGET_TYPES, "targetType", (*path, "targetType"))
    if "targetUrl" in obj and not is_url(obj["targetUrl"]):
        yield _problem((*path, "targetUrl"), "targetUrl must be a URL")


def _alignments(obj: Mapping[str, Any], path: Path) -> Iterator[Problem]:
    for item, item_path in _items(obj.get("alignment"), (*path, "alignment")):
        yield from _alignment(item, item_path)


def _identity(obj: Mapping[str, Any], path: Path) -> Iterator[Problem]:
    """Spec: https://www.imsglobal.org/spec/ob/v3p0/#identityobject"""
    if "type" in obj and "IdentityObject" not in type_names(obj["type"]):
        yield _problem((*path, "type"), "type must be 'IdentityObject'")
    yield from _vocabulary(
        obj.get("identityType"), IDENTIFIER_TYPES, "identityType", (*path, "identityType")
    )
    if obj.get("hashed") is True:
        value = obj.get("identityHash")
        if not isinstance(value, str) or not _IDENTITY_HASH.fullmatch(value):
            yield _problem(
                (*path, "identityHash"),
                "a hashed identityHash must be 'sha256$' + 64 hex digits or 'md5$' + 32",
            )


def _profile(obj: Mapping[str, Any], path: Path) -> Iterator[Problem]:
    """Spec: https://www.imsglobal.org/spec/ob/v3p0/#profile"""
    yield from _type_includes(obj, "Profile", path)
    for parent, parent_path in _items(obj.get("parentOrg"), (*path, "parentOrg")):
        yield from _profile(parent, parent_path)
    yield from _endorsements(obj, path)


def _endorsements(obj: Mapping[str, Any], path: Path) -> Iterator[Problem]:
    for item, item_path in _items(obj.get("endorsement"), (*path, "endorsement")):
        yield from _credential(item, item_path)


def _levels(description: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    levels = description.get("rubricCriterionLevel")
    return (
        [level for level in levels if isinstance(level, Mapping)]
        if isinstance(levels, list)
        else []
    )


def _result_description(obj: Mapping[str, Any], path: Path) -> Iterator[Problem]:
    """Spec: https://www.imsglobal.org/spec/ob/v3p0/#resultdescription"""
    yield from _type_includes(obj, "ResultDescription", path)
    yield from _alignments(obj, path)
    yield from _vocabulary(obj.get("resultType"), RESULT_TYPES, "resultType", (*path, "resultType"))
    level_ids = {level.get("id") for level in _levels(obj)}
    required_level = obj.get("requiredLevel")
    if required_level is not None and required_level not in level_ids:
        yield _problem(
            (*path, "requiredLevel"),
            "requiredLevel must be the id of one of this result description's rubric levels",
        )
    allowed = obj.get("allowedValue")
    required_value = obj.get("requiredValue")
    if isinstance(allowed, list) and allowed and required_value not in (None, *allowed):
        yield _problem((*path, "requiredValue"), "requiredValue must be an allowedValue")
    for level, level_path in _items(
        obj.get("rubricCriterionLevel"), (*path, "rubricCriterionLevel")
    ):
        yield from _type_includes(level, "RubricCriterionLevel", level_path)
        yield from _alignments(level, level_path)


def _result(
    obj: Mapping[str, Any], path: Path, descriptions: Mapping[str, Mapping[str, Any]]
) -> Iterator[Problem]:
    """Spec: https://www.imsglobal.org/spec/ob/v3p0/#result"""
    yield from _type_includes(obj, "Result", path)
    yield from _alignments(obj, path)
    linked: Mapping[str, Any] | None = None
    reference = obj.get("resultDescription")
    if reference is not None:
        linked = descriptions.get(reference) if isinstance(reference, str) else None
        if linked is None:
            yield _problem(
                (*path, "resultDescription"),
                "resultDescription must be the id of a result description of the achievement",
            )
    achieved = obj.get("achievedLevel")
    if achieved is not None:
        # With a broken resultDescription reference (reported above) there is nothing to check.
        pool = [linked] if linked is not None else list(descriptions.values())
        checkable = reference is None or linked is not None
        if checkable and not any(achieved == lv.get("id") for rd in pool for lv in _levels(rd)):
            yield _problem(
                (*path, "achievedLevel"),
                "achievedLevel must be the id of a rubric criterion level of the linked "
                "result description",
            )
    if linked is not None:
        if linked.get("resultType") == "Status" and "status" not in obj:
            yield _problem(path, "a result of a 'Status' result description needs a status")
        allowed = linked.get("allowedValue")
        value = obj.get("value")
        if isinstance(allowed, list) and allowed and value is not None and value not in allowed:
            yield _problem((*path, "value"), "value must be one of the allowedValue entries")


def _descriptions(achievement: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {
        rd["id"]: rd
        for rd, _ in _items(achievement.get("resultDescription"), ())
        if isinstance(rd.get("id"), str)
    }


def _achievement(obj: Mapping[str, Any], path: Path) -> Iterator[Problem]:
    """Spec: https://www.imsglobal.org/spec/ob/v3p0/#achievement"""
    yield from _type_includes(obj, "Achievement", path)
    yield from _vocabulary(
        obj.get("achievementType"),
        ACHIEVEMENT_TYPES,
        "achievementType",
        (*path, "achievementType"),
    )
    yield from _alignments(obj, path)
    for creator, creator_path in _items(obj.get("creator"), (*path, "creator")):
        yield from _profile(creator, creator_path)
    for rd, rd_path in _items(obj.get("resultDescription"), (*path, "resultDescription")):
        yield from _result_description(rd, rd_path)
    yield from _endorsements(obj, path)


def _achievement_subject(obj: Mapping[str, Any], path: Path) -> Iterator[Problem]:
    """Spec: https://www.imsglobal.org/spec/ob/v3p0/#achievementsubject"""
    yield from _type_includes(obj, "AchievementSubject", path)
    identifiers = obj.get("identifier")
    if "id" not in obj and not (isinstance(identifiers, list) and identifiers):
        yield _problem(path, "an AchievementSubject needs an id or at least one identifier")
    for item, item_path in _items(identifiers, (*path, "identifier")):
        yield from _identity(item, item_path)
    for source, source_path in _items(obj.get("source"), (*path, "source")):
        yield from _profile(source, source_path)
    achievement = obj.get("achievement")
    descriptions: dict[str, Mapping[str, Any]] = {}
    if isinstance(achievement, Mapping):
        yield from _achievement(achievement, (*path, "achievement"))
        descriptions = _descriptions(achievement)
    for result, result_path in _items(obj.get("result"), (*path, "result")):
        yield from _result(result, result_path, descriptions)


def _clr_achievement_ids(subject: Mapping[str, Any]) -> set[str]:
    """Ids of every achievement a CLR holds: its own list and its credentials' achievements."""
    ids = {a.get("id") for a, _ in _items(subject.get("achievement"), ())}
    for credential, _ in _items(subject.get("verifiableCredential"), ()):
        for nested, _ in _items(credential.get("credentialSubject"), ()):
            achievement = nested.get("achievement")
            if isinstance(achievement, Mapping):
                ids.add(achievement.get("id"))
    return {value for value in ids if isinstance(value, str)}


def _clr_subject(obj: Mapping[str, Any], path: Path) -> Iterator[Problem]:
    """Spec: https://www.imsglobal.org/spec/clr/v2p0/#clrsubject"""
    yield from _type_includes(obj, "ClrSubject", path)
    for item, item_path in _items(obj.get("identifier"), (*path, "identifier")):
        yield from _identity(item, item_path)
    for achievement, achievement_path in _items(obj.get("achievement"), (*path, "achievement")):
        yield from _achievement(achievement, achievement_path)
    present = _clr_achievement_ids(obj)
    for association, a_path in _items(obj.get("association"), (*path, "association")):
        yield from _vocabulary(
            association.get("associationType"),
            ASSOCIATION_TYPES,
            "associationType",
            (*a_path, "associationType"),
        )
        for end in ("sourceId", "targetId"):
            if end in association and association[end] not in present:
                yield _problem(
                    (*a_path, end), f"{end} must be the id of an achievement in this CLR"
                )


def _credential(obj: Mapping[str, Any], path: Path) -> Iterator[Problem]:
    """The rules for one credential (OB, endorsement or CLR), nested credentials excepted."""
    types = set(type_names(obj.get("type")))
    for issuer, issuer_path in _items(obj.get("issuer"), (*path, "issuer")):
        yield from _profile(issuer, issuer_path)
    for evidence, evidence_path in _items(obj.get("evidence"), (*path, "evidence")):
        yield from _type_includes(evidence, "Evidence", evidence_path)
    yield from _endorsements(obj, path)
    subjects = list(_items(obj.get("credentialSubject"), (*path, "credentialSubject")))
    for subject, subject_path in subjects:
        if "ClrCredential" in types:
            yield from _clr_subject(subject, subject_path)
        elif "EndorsementCredential" in types:
            yield from _type_includes(subject, "EndorsementSubject", subject_path)
        elif types & ACHIEVEMENT_CREDENTIAL_TYPES:
            yield from _achievement_subject(subject, subject_path)


def rule_problems(document: Mapping[str, Any]) -> list[Problem]:
    """The rule violations of an OB 3.0 credential, endorsement, CLR 2.0 credential or Profile.

    Spec: https://www.imsglobal.org/spec/ob/v3p0/#data-models
    """
    types = set(type_names(document.get("type")))
    if types & {"ClrCredential", "EndorsementCredential"} or types & ACHIEVEMENT_CREDENTIAL_TYPES:
        return list(_credential(document, ()))
    return list(_profile(document, ()))
