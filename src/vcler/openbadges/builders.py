"""Builders: valid, unsigned Open Badges 3.0 and CLR 2.0 credentials as plain dicts.

Each builder fills in the ``@context``, the ``type`` values the specification requires of every
object it creates, and checks the result with :func:`validate_open_badge` (strict: schema and
rule deviations count); a result that would be invalid raises
:class:`vcler.errors.ValidationError` listing the problems. The dicts are ready for
``vcler.issue``.

Spec: https://www.imsglobal.org/spec/ob/v3p0/#achievementcredential
Spec: https://www.imsglobal.org/spec/clr/v2p0/#clrcredential
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

from pydantic import BaseModel

from ..errors import InputError, ValidationError
from .validation import validate_open_badge
from .vocabulary import CLR_CONTEXTS, OB_CONTEXTS, type_names

__all__ = [
    "build_achievement_credential",
    "build_clr_credential",
    "build_endorsement_credential",
]

JsonObject = Mapping[str, Any] | BaseModel


def _plain(value: JsonObject, what: str, *, exact: bool = False) -> dict[str, Any]:
    """A deep copy of ``value`` as a plain dict.

    Models are written with their defaults (``type``...), or exactly as parsed with ``exact``
    (signed credentials must not change).
    """
    if isinstance(value, BaseModel):
        if exact:
            return dict(value.model_dump(by_alias=True, exclude_unset=True))
        return dict(value.model_dump(by_alias=True, exclude_none=True))
    if isinstance(value, Mapping):
        return copy.deepcopy(dict(value))
    raise InputError(f"{what} must be a JSON object or a model, not {type(value).__name__}")


def _typed(obj: dict[str, Any], name: str) -> dict[str, Any]:
    """``obj`` with ``name`` in its ``type`` (added first when absent)."""
    names = type_names(obj.get("type"))
    if name not in names:
        obj["type"] = [name, *names]
    return obj


def _timestamp(value: str | datetime) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise InputError("datetimes must be timezone-aware")
        value = value.astimezone(timezone.utc).replace(microsecond=0)
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, str):
        return value
    raise InputError(f"a date must be a str or datetime, not {type(value).__name__}")


def _issuer(issuer: str | JsonObject) -> dict[str, Any]:
    if isinstance(issuer, str):
        return {"id": issuer, "type": ["Profile"]}
    return _typed(_plain(issuer, "issuer"), "Profile")


def _evidence(item: str | JsonObject) -> dict[str, Any]:
    if isinstance(item, str):
        return {"id": item, "type": ["Evidence"]}
    return _typed(_plain(item, "evidence"), "Evidence")


def _achievement(achievement: JsonObject) -> dict[str, Any]:
    data = _typed(_plain(achievement, "achievement"), "Achievement")
    for alignment in data.get("alignment") or []:
        if isinstance(alignment, dict):
            _typed(alignment, "Alignment")
    for rd in data.get("resultDescription") or []:
        if isinstance(rd, dict):
            _typed(rd, "ResultDescription")
            for level in rd.get("rubricCriterionLevel") or []:
                if isinstance(level, dict):
                    _typed(level, "RubricCriterionLevel")
    return data


def _checked(credential: dict[str, Any]) -> dict[str, Any]:
    problems = validate_open_badge(credential, strict=True)
    if problems:
        raise ValidationError("the built credential is not valid", problems)
    return credential


def _envelope(
    *,
    contexts: Sequence[str],
    extra_contexts: Iterable[str | Mapping[str, Any]],
    credential_type: str,
    id: str | None,
    name: str | None,
    issuer: str | JsonObject,
    valid_from: str | datetime,
    valid_until: str | datetime | None,
) -> dict[str, Any]:
    credential: dict[str, Any] = {
        "@context": [*contexts, *(c if isinstance(c, str) else dict(c) for c in extra_contexts)],
        "id": id if id is not None else f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", credential_type],
    }
    if name is not None:
        credential["name"] = name
    credential["issuer"] = _issuer(issuer)
    credential["validFrom"] = _timestamp(valid_from)
    if valid_until is not None:
        credential["validUntil"] = _timestamp(valid_until)
    return credential


def _subject(
    kind: str, subject_id: str | None, identifiers: Iterable[JsonObject]
) -> dict[str, Any]:
    """The start of a credential subject: its type, id and identity objects."""
    subject: dict[str, Any] = {"type": [kind]}
    if subject_id is not None:
        subject["id"] = subject_id
    identity = [_typed_identity(_plain(item, "identifier")) for item in identifiers]
    if identity:
        subject["identifier"] = identity
    return subject


def build_achievement_credential(
    *,
    issuer: str | JsonObject,
    subject_id: str | None,
    achievement: JsonObject,
    valid_from: str | datetime,
    id: str | None = None,
    name: str | None = None,
    description: str | None = None,
    results: Iterable[JsonObject] = (),
    evidence: Iterable[str | JsonObject] = (),
    identifiers: Iterable[JsonObject] = (),
    valid_until: str | datetime | None = None,
    credential_type: str = "OpenBadgeCredential",
    extra_contexts: Iterable[str | Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """An unsigned OpenBadgeCredential (or ``credential_type="AchievementCredential"``).

    ``issuer`` is a URL (made a ``Profile``) or a Profile object; ``achievement`` an Achievement
    object or model (``type`` filled in). ``id`` defaults to a fresh ``urn:uuid:``; ``name`` to
    the achievement's name. Results get ``type: ["Result"]``, evidence URLs become Evidence
    objects. Raises :class:`~vcler.errors.ValidationError` if the result is not valid.

    Spec: https://www.imsglobal.org/spec/ob/v3p0/#achievementcredential
    """
    if credential_type not in {"OpenBadgeCredential", "AchievementCredential"}:
        raise InputError("credential_type must be OpenBadgeCredential or AchievementCredential")
    achievement_data = _achievement(achievement)
    if name is None and isinstance(achievement_data.get("name"), str):
        name = achievement_data["name"]
    credential = _envelope(
        contexts=OB_CONTEXTS,
        extra_contexts=extra_contexts,
        credential_type=credential_type,
        id=id,
        name=name,
        issuer=issuer,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    if description is not None:
        credential["description"] = description
    subject = _subject("AchievementSubject", subject_id, identifiers)
    subject["achievement"] = achievement_data
    result_list = [_typed(_plain(item, "result"), "Result") for item in results]
    if result_list:
        subject["result"] = result_list
    credential["credentialSubject"] = subject
    evidence_list = [_evidence(item) for item in evidence]
    if evidence_list:
        credential["evidence"] = evidence_list
    return _checked(credential)


def _typed_identity(obj: dict[str, Any]) -> dict[str, Any]:
    obj.setdefault("type", "IdentityObject")
    return obj


def build_endorsement_credential(
    *,
    issuer: str | JsonObject,
    subject_id: str,
    name: str,
    valid_from: str | datetime,
    comment: str | None = None,
    id: str | None = None,
    valid_until: str | datetime | None = None,
    extra_contexts: Iterable[str | Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """An unsigned EndorsementCredential about ``subject_id`` (a profile, achievement, credential).

    Spec: https://www.imsglobal.org/spec/ob/v3p0/#endorsementcredential
    """
    credential = _envelope(
        contexts=OB_CONTEXTS,
        extra_contexts=extra_contexts,
        credential_type="EndorsementCredential",
        id=id,
        name=name,
        issuer=issuer,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    subject: dict[str, Any] = {"id": subject_id, "type": ["EndorsementSubject"]}
    if comment is not None:
        subject["endorsementComment"] = comment
    credential["credentialSubject"] = subject
    return _checked(credential)


def build_clr_credential(
    *,
    issuer: str | JsonObject,
    subject_id: str | None,
    credentials: Sequence[JsonObject],
    valid_from: str | datetime,
    name: str,
    id: str | None = None,
    description: str | None = None,
    achievements: Iterable[JsonObject] = (),
    associations: Iterable[JsonObject] = (),
    identifiers: Iterable[JsonObject] = (),
    partial: bool | None = None,
    valid_until: str | datetime | None = None,
    extra_contexts: Iterable[str | Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """An unsigned ClrCredential holding ``credentials`` (usually signed OpenBadgeCredentials).

    The ``@context`` is the VC 2.0, CLR 2.0.1 and OB 3.0.3 contexts, in the order CLR 2.0
    requires. ``associations`` (Association objects, ``type`` filled in) must name achievements
    present in the CLR. The nested credentials are copied unchanged.

    Spec: https://www.imsglobal.org/spec/clr/v2p0/#clrcredential
    """
    if not credentials:
        raise InputError("a ClrCredential needs at least one credential")
    credential = _envelope(
        contexts=CLR_CONTEXTS,
        extra_contexts=extra_contexts,
        credential_type="ClrCredential",
        id=id,
        name=name,
        issuer=issuer,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    if description is not None:
        credential["description"] = description
    if partial is not None:
        credential["partial"] = partial
    subject = _subject("ClrSubject", subject_id, identifiers)
    achievement_list = [_achievement(item) for item in achievements]
    if achievement_list:
        subject["achievement"] = achievement_list
    subject["verifiableCredential"] = [
        _plain(item, "credential", exact=True) for item in credentials
    ]
    association_list = [_association(item) for item in associations]
    if association_list:
        subject["association"] = association_list
    credential["credentialSubject"] = subject
    return _checked(credential)


def _association(item: JsonObject) -> dict[str, Any]:
    data = _plain(item, "association")
    data.setdefault("type", "Association")
    return data
