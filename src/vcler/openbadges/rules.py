"""Open Badges 3.0 / CLR 2.0 rules that the JSON Schemas do not (or only loosely) express.

Every violation is a :class:`vcler.Problem` with the code ``MALFORMED_VALUE_ERROR`` and a JSON
pointer to the offending value. :func:`identification_problems` is the rule the OB 3.0
verification steps themselves state (a credential breaking it does not conform);
:func:`rule_problems` are the data model's other rules, which vcler checks beyond those steps.
The walk follows the data model (credential, subject, achievement, result...) rather than
guessing objects by their ``type``, so a misplaced object is never mistaken for another.

Spec: https://www.imsglobal.org/spec/ob/v3p0/#data-models
Spec: https://www.imsglobal.org/spec/clr/v2p0/#data-model
"""

from __future__ import annotations

import json
import re
from collections.abc import Hashable, Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from .. import codes
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

__all__ = ["MALFORMED_VALUE_ERROR", "identification_problems", "is_url", "rule_problems"]

#: The problem code for a value that breaks an Open Badges / CLR rule.
MALFORMED_VALUE_ERROR = codes.MALFORMED_VALUE_ERROR

Path = tuple[str | int, ...]

_IDENTITY_HASH = re.compile(r"(sha256\$[0-9A-Fa-f]{64}|md5\$[0-9A-Fa-f]{32})")
_URL_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
# Any character str.isspace() calls whitespace (the regular expression engine uses the same
# Unicode test for \s in a str pattern).
_WHITESPACE = re.compile(r"\s")


def _problem(path: Path, message: str) -> Problem:
    return Problem(MALFORMED_VALUE_ERROR, message, json_pointer(*path))


def _items(value: Any, path: Path) -> list[tuple[dict[str, Any], Path]]:
    """The objects of a value that is an object or an array of objects, with their paths."""
    if isinstance(value, dict):
        return [(value, path)]
    if isinstance(value, list):
        return [
            (item, (*path, index)) for index, item in enumerate(value) if isinstance(item, dict)
        ]
    return []


def is_url(value: Any) -> bool:
    """True for an absolute URL with an authority (``https://host/...``), without whitespace.

    Spec: https://www.imsglobal.org/spec/ob/v3p0/#derived-types (URL: "A URI that represents
    a Uniform Resource Locator")
    """
    if not isinstance(value, str) or not value:
        return False
    # The same URLs (skills, frameworks, issuers) come back in credential after credential.
    if len(value) <= _REMEMBERED_URL_LENGTH:
        return _is_url_text(value)
    return _is_url_text.__wrapped__(value)


_REMEMBERED_URL_LENGTH = 512


@lru_cache(maxsize=4096)
def _is_url_text(value: str) -> bool:
    if _WHITESPACE.search(value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return bool(_URL_SCHEME.fullmatch(parts.scheme)) and bool(parts.netloc)


def _type_includes(obj: Mapping[str, Any], expected: str, path: Path, out: list[Problem]) -> None:
    """A present ``type`` must include ``expected`` (a missing one is the schema's business)."""
    if "type" not in obj:
        return
    value = obj["type"]
    # (A string, or a list holding it; no other JSON value equals a string.)
    if value == expected or (isinstance(value, list) and expected in value):
        return
    out.append(_problem((*path, "type"), f"type must include {expected!r}"))


def _vocabulary(
    value: Any, terms: frozenset[str], what: str, path: Path, out: list[Problem]
) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not (value in terms or is_extension_term(value)):
        out.append(_problem(path, f"{what} {value!r} is neither a defined term nor an 'ext:' term"))


def _alignment(obj: Mapping[str, Any], path: Path, out: list[Problem]) -> None:
    """Spec: https://www.imsglobal.org/spec/ob/v3p0/#alignment"""
    _type_includes(obj, "Alignment", path, out)
    target_type = obj.get("targetType")
    _vocabulary(target_type, ALIGNMENT_TARGET_TYPES, "targetType", (*path, "targetType"), out)
    if "targetUrl" in obj and not is_url(obj["targetUrl"]):
        out.append(_problem((*path, "targetUrl"), "targetUrl must be a URL"))


def _alignments(obj: Mapping[str, Any], path: Path, out: list[Problem]) -> None:
    for item, item_path in _items(obj.get("alignment"), (*path, "alignment")):
        _alignment(item, item_path, out)


def _identity(obj: Mapping[str, Any], path: Path, out: list[Problem]) -> None:
    """Spec: https://www.imsglobal.org/spec/ob/v3p0/#identityobject"""
    if "type" in obj and "IdentityObject" not in type_names(obj["type"]):
        out.append(_problem((*path, "type"), "type must be 'IdentityObject'"))
    _vocabulary(
        obj.get("identityType"), IDENTIFIER_TYPES, "identityType", (*path, "identityType"), out
    )
    if obj.get("hashed") is True:
        value = obj.get("identityHash")
        if not isinstance(value, str) or not _IDENTITY_HASH.fullmatch(value):
            out.append(
                _problem(
                    (*path, "identityHash"),
                    "a hashed identityHash must be 'sha256$' + 64 hex digits or 'md5$' + 32",
                )
            )


def _profile(obj: Mapping[str, Any], path: Path, out: list[Problem]) -> None:
    """Spec: https://www.imsglobal.org/spec/ob/v3p0/#profile"""
    _type_includes(obj, "Profile", path, out)
    for parent, parent_path in _items(obj.get("parentOrg"), (*path, "parentOrg")):
        _profile(parent, parent_path, out)
    _endorsements(obj, path, out)


def _endorsements(obj: Mapping[str, Any], path: Path, out: list[Problem]) -> None:
    for item, item_path in _items(obj.get("endorsement"), (*path, "endorsement")):
        _credential(item, item_path, out)


def _levels(description: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    levels = description.get("rubricCriterionLevel")
    return (
        [level for level in levels if isinstance(level, Mapping)]
        if isinstance(levels, list)
        else []
    )


def _member_key(value: Any) -> Hashable:
    """A key under which equal JSON values meet in a set (arrays and objects by their JSON)."""
    if isinstance(value, list | dict):
        return ("json", json.dumps(value, sort_keys=True))
    key: Hashable = value
    return key


class _Description:
    """A result description with the ids of its rubric levels and its allowed values as sets
    (results are checked against them; a credential may hold thousands of each)."""

    __slots__ = ("allowed", "document", "level_ids")

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document
        self.level_ids = {_member_key(level.get("id")) for level in _levels(document)}
        allowed = document.get("allowedValue")
        self.allowed = (
            {_member_key(value) for value in allowed}
            if isinstance(allowed, list) and allowed
            else None
        )


def _result_description(obj: Mapping[str, Any], path: Path, out: list[Problem]) -> None:
    """Spec: https://www.imsglobal.org/spec/ob/v3p0/#resultdescription"""
    _type_includes(obj, "ResultDescription", path, out)
    _alignments(obj, path, out)
    _vocabulary(obj.get("resultType"), RESULT_TYPES, "resultType", (*path, "resultType"), out)
    description = _Description(obj)
    required_level = obj.get("requiredLevel")
    if required_level is not None and _member_key(required_level) not in description.level_ids:
        out.append(
            _problem(
                (*path, "requiredLevel"),
                "requiredLevel must be the id of one of this result description's rubric levels",
            )
        )
    required_value = obj.get("requiredValue")
    allowed = description.allowed
    if (
        allowed is not None
        and required_value is not None
        and _member_key(required_value) not in allowed
    ):
        out.append(_problem((*path, "requiredValue"), "requiredValue must be an allowedValue"))
    for level, level_path in _items(
        obj.get("rubricCriterionLevel"), (*path, "rubricCriterionLevel")
    ):
        _type_includes(level, "RubricCriterionLevel", level_path, out)
        _alignments(level, level_path, out)


def _result(
    obj: Mapping[str, Any],
    path: Path,
    descriptions: Mapping[str, _Description],
    all_level_ids: set[Hashable],
    out: list[Problem],
) -> None:
    """Spec: https://www.imsglobal.org/spec/ob/v3p0/#result"""
    _type_includes(obj, "Result", path, out)
    _alignments(obj, path, out)
    linked: _Description | None = None
    reference = obj.get("resultDescription")
    if reference is not None:
        linked = descriptions.get(reference) if isinstance(reference, str) else None
        if linked is None:
            out.append(
                _problem(
                    (*path, "resultDescription"),
                    "resultDescription must be the id of a result description of the achievement",
                )
            )
    achieved = obj.get("achievedLevel")
    if achieved is not None:
        # With a broken resultDescription reference (reported above) there is nothing to check.
        levels = linked.level_ids if linked is not None else all_level_ids
        checkable = reference is None or linked is not None
        if checkable and _member_key(achieved) not in levels:
            out.append(
                _problem(
                    (*path, "achievedLevel"),
                    "achievedLevel must be the id of a rubric criterion level of the linked "
                    "result description",
                )
            )
    if linked is not None:
        if linked.document.get("resultType") == "Status" and "status" not in obj:
            out.append(_problem(path, "a result of a 'Status' result description needs a status"))
        value = obj.get("value")
        if (
            linked.allowed is not None
            and value is not None
            and _member_key(value) not in linked.allowed
        ):
            out.append(_problem((*path, "value"), "value must be one of the allowedValue entries"))


def _descriptions(achievement: Mapping[str, Any]) -> dict[str, _Description]:
    return {
        rd["id"]: _Description(rd)
        for rd, _ in _items(achievement.get("resultDescription"), ())
        if isinstance(rd.get("id"), str)
    }


def _achievement(obj: Mapping[str, Any], path: Path, out: list[Problem]) -> None:
    """Spec: https://www.imsglobal.org/spec/ob/v3p0/#achievement"""
    _type_includes(obj, "Achievement", path, out)
    _vocabulary(
        obj.get("achievementType"),
        ACHIEVEMENT_TYPES,
        "achievementType",
        (*path, "achievementType"),
        out,
    )
    _alignments(obj, path, out)
    for creator, creator_path in _items(obj.get("creator"), (*path, "creator")):
        _profile(creator, creator_path, out)
    for rd, rd_path in _items(obj.get("resultDescription"), (*path, "resultDescription")):
        _result_description(rd, rd_path, out)
    _endorsements(obj, path, out)


def _achievement_subject(obj: Mapping[str, Any], path: Path, out: list[Problem]) -> None:
    """Spec: https://www.imsglobal.org/spec/ob/v3p0/#achievementsubject"""
    _type_includes(obj, "AchievementSubject", path, out)
    for item, item_path in _items(obj.get("identifier"), (*path, "identifier")):
        _identity(item, item_path, out)
    for source, source_path in _items(obj.get("source"), (*path, "source")):
        _profile(source, source_path, out)
    achievement = obj.get("achievement")
    descriptions: dict[str, _Description] = {}
    if isinstance(achievement, Mapping):
        _achievement(achievement, (*path, "achievement"), out)
        descriptions = _descriptions(achievement)
    all_level_ids = {key for rd in descriptions.values() for key in rd.level_ids}
    for result, result_path in _items(obj.get("result"), (*path, "result")):
        _result(result, result_path, descriptions, all_level_ids, out)


def _clr_achievement_ids(subject: Mapping[str, Any]) -> set[str]:
    """Ids of every achievement a CLR holds: its own list and its credentials' achievements."""
    ids = {a.get("id") for a, _ in _items(subject.get("achievement"), ())}
    for credential, _ in _items(subject.get("verifiableCredential"), ()):
        for nested, _ in _items(credential.get("credentialSubject"), ()):
            achievement = nested.get("achievement")
            if isinstance(achievement, Mapping):
                ids.add(achievement.get("id"))
    return {value for value in ids if isinstance(value, str)}


def _clr_subject(obj: Mapping[str, Any], path: Path, out: list[Problem]) -> None:
    """Spec: https://www.imsglobal.org/spec/clr/v2p0/#clrsubject"""
    _type_includes(obj, "ClrSubject", path, out)
    for item, item_path in _items(obj.get("identifier"), (*path, "identifier")):
        _identity(item, item_path, out)
    for achievement, achievement_path in _items(obj.get("achievement"), (*path, "achievement")):
        _achievement(achievement, achievement_path, out)
    present = _clr_achievement_ids(obj)
    for association, a_path in _items(obj.get("association"), (*path, "association")):
        _vocabulary(
            association.get("associationType"),
            ASSOCIATION_TYPES,
            "associationType",
            (*a_path, "associationType"),
            out,
        )
        for end in ("sourceId", "targetId"):
            if end in association and association[end] not in present:
                out.append(
                    _problem((*a_path, end), f"{end} must be the id of an achievement in this CLR")
                )


def _credential(obj: Mapping[str, Any], path: Path, out: list[Problem]) -> None:
    """The rules for one credential (OB, endorsement or CLR), nested credentials excepted."""
    types = set(type_names(obj.get("type")))
    for issuer, issuer_path in _items(obj.get("issuer"), (*path, "issuer")):
        _profile(issuer, issuer_path, out)
    for evidence, evidence_path in _items(obj.get("evidence"), (*path, "evidence")):
        _type_includes(evidence, "Evidence", evidence_path, out)
    _endorsements(obj, path, out)
    subjects = list(_items(obj.get("credentialSubject"), (*path, "credentialSubject")))
    for subject, subject_path in subjects:
        if "ClrCredential" in types:
            _clr_subject(subject, subject_path, out)
        elif "EndorsementCredential" in types:
            _type_includes(subject, "EndorsementSubject", subject_path, out)
        elif types & ACHIEVEMENT_CREDENTIAL_TYPES:
            _achievement_subject(subject, subject_path, out)


def _identified(subject: Mapping[str, Any]) -> bool:
    identifier = subject.get("identifier")
    return "id" in subject or (isinstance(identifier, list | dict) and bool(identifier))


def identification_problems(document: Mapping[str, Any]) -> list[Problem]:
    """An OpenBadgeCredential's ``credentialSubject`` must be identified by an ``id`` and/or an
    ``identifier`` (a single identifier object counts: its shape is the schema's business).

    Spec: https://www.imsglobal.org/spec/ob/v3p0/#verification (step 1)
    """
    types = set(type_names(document.get("type")))
    if types & {"ClrCredential", "EndorsementCredential"} or not (
        types & ACHIEVEMENT_CREDENTIAL_TYPES
    ):
        return []
    return [
        _problem(path, "the credentialSubject must be identified by an id and/or an identifier")
        for subject, path in _items(document.get("credentialSubject"), ("credentialSubject",))
        if not _identified(subject)
    ]


def rule_problems(document: Mapping[str, Any]) -> list[Problem]:
    """The rule violations of an OB 3.0 credential, endorsement, CLR 2.0 credential or Profile.

    Spec: https://www.imsglobal.org/spec/ob/v3p0/#data-models
    """
    types = set(type_names(document.get("type")))
    problems: list[Problem] = []
    if types & {"ClrCredential", "EndorsementCredential"} or types & ACHIEVEMENT_CREDENTIAL_TYPES:
        _credential(document, (), problems)
    else:
        _profile(document, (), problems)
    return problems
