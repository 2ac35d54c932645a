"""Validating Open Badges 3.0 and CLR 2.0 documents: schemas, then the rules beyond them.

Problem codes:

- ``PARSING_ERROR``: the document is not plain JSON within vcler's limits.
- ``SCHEMA_VALIDATION_ERROR``: the document breaks the bundled 1EdTech JSON Schema.
- ``MALFORMED_VALUE_ERROR``: the document breaks a rule the schemas do not express (an
  ``achievementType`` or ``targetType`` outside its vocabulary, a ``targetUrl`` that is no URL, a
  result naming a missing result description, an association naming a missing achievement, a
  malformed ``identityHash``, a wrong ``type``...), or it is no Open Badges / CLR document at all.

Where the schema already reported a spot, the rules do not report it again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._json import check_json
from ..errors import InputError, ParsingError
from ..results import Problem, json_pointer
from .rules import MALFORMED_VALUE_ERROR, rule_problems
from .schema import schema_problems
from .vocabulary import ACHIEVEMENT_CREDENTIAL_TYPES, OPEN_BADGE_TYPES, type_names

__all__ = ["is_open_badge_document", "validate_open_badge"]


def is_open_badge_document(document: object) -> bool:
    """True when ``document`` is a JSON object typed as an Open Badges 3.0 or CLR 2.0 credential.

    That is, its ``type`` includes ``OpenBadgeCredential``, ``AchievementCredential``,
    ``EndorsementCredential`` or ``ClrCredential``. Never raises.
    """
    if not isinstance(document, Mapping):
        return False
    return bool(OPEN_BADGE_TYPES & set(type_names(document.get("type"))))


def _is_profile(document: Mapping[str, Any]) -> bool:
    return "Profile" in type_names(document.get("type"))


def _nested_credentials(document: Mapping[str, Any]) -> list[tuple[int, Mapping[str, Any]]]:
    subject = document.get("credentialSubject")
    if not isinstance(subject, Mapping):
        return []
    credentials = subject.get("verifiableCredential")
    if not isinstance(credentials, list):
        return []
    return [
        (index, credential)
        for index, credential in enumerate(credentials)
        if isinstance(credential, Mapping)
        and set(type_names(credential.get("type"))) & ACHIEVEMENT_CREDENTIAL_TYPES
    ]


def validate_checked(document: Mapping[str, Any]) -> list[Problem]:
    """:func:`validate_open_badge` for a JSON object known to be within limits and typed as
    an Open Badges / CLR document (``vcler.validate`` has checked both already)."""
    types = set(type_names(document.get("type")))
    # Step 1: the 1EdTech JSON Schema for the document's kind.
    problems = schema_problems(document, types=types)
    # Step 2: the rules beyond the schema, except where the schema already complained.
    reported = {problem.pointer for problem in problems}
    problems += [p for p in rule_problems(document) if p.pointer not in reported]
    # Step 3: the Open Badges a CLR holds, each in full.
    if "ClrCredential" in types:
        for index, credential in _nested_credentials(document):
            prefix = json_pointer("credentialSubject", "verifiableCredential", index)
            problems += [p.under(prefix) for p in validate_checked(credential)]
    return problems


def validate_open_badge(document: object) -> list[Problem]:
    """Every problem of an Open Badges 3.0 / CLR 2.0 document (an empty list when it is valid).

    ``document`` is an OpenBadgeCredential / AchievementCredential, an EndorsementCredential, a
    ClrCredential (whose Open Badges are checked too, with pointers into the CLR) or a Profile.
    The problems carry ``SCHEMA_VALIDATION_ERROR``, ``MALFORMED_VALUE_ERROR`` or
    ``PARSING_ERROR`` and a JSON pointer. Never raises, whatever JSON it is given.

    Spec: https://www.imsglobal.org/spec/ob/v3p0/#verification-and-validation
    """
    try:
        check_json(document)
    except (ParsingError, InputError) as error:
        return [Problem(ParsingError.code, error.message)]
    if not isinstance(document, Mapping):
        return [Problem(MALFORMED_VALUE_ERROR, "an Open Badges document must be a JSON object")]
    if not (is_open_badge_document(document) or _is_profile(document)):
        return [
            Problem(
                MALFORMED_VALUE_ERROR,
                "not an Open Badges 3.0 or CLR 2.0 document: type must include one of "
                + ", ".join(sorted(OPEN_BADGE_TYPES))
                + " (or Profile)",
                json_pointer("type"),
            )
        ]
    return validate_checked(document)
