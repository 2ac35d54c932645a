"""Validating Open Badges 3.0 and CLR 2.0 documents: problems, and deviations as warnings.

The OB 3.0 verification steps (CLR 2.0's are the same) say when a credential does not conform:
it breaks a 1EdTech JSON Schema it names in ``credentialSchema``, or its ``credentialSubject``
is identified by neither ``id`` nor ``identifier``. Credentials that 1EdTech itself publishes
stray from its schemas (a ``type`` written as a plain string, say), so vcler keeps the second
rule a problem and reports schema deviations, and the data model rules it checks beyond the
schemas, as warnings; ``strict=True`` turns them into problems.

Codes:

- ``PARSING_ERROR`` (problem): the document is not plain JSON within vcler's limits.
- ``MALFORMED_VALUE_ERROR`` (problem): a credential subject identified by neither ``id`` nor
  ``identifier``, or no Open Badges / CLR document at all.
- ``SCHEMA_VALIDATION_ERROR`` (warning): a deviation from a bundled 1EdTech JSON Schema.
- ``UNKNOWN_CREDENTIAL_SCHEMA`` (warning): ``credentialSchema`` names a schema vcler does not
  bundle (it never fetches one).
- ``MALFORMED_VALUE_ERROR`` (warning): a rule the schemas do not express (an
  ``achievementType`` or ``targetType`` outside its vocabulary, a ``targetUrl`` that is no URL, a
  result naming a missing result description, an association naming a missing achievement, a
  malformed ``identityHash``, a wrong ``type``...).

Where a problem or warning already reported a spot, the rules do not report it again.

Spec: https://www.imsglobal.org/spec/ob/v3p0/#verification-and-validation
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._json import check_json
from ..errors import InputError, ParsingError
from ..results import Problem, ValidationResult, json_pointer
from .rules import MALFORMED_VALUE_ERROR, identification_problems, rule_problems
from .schema import schema_problems
from .vocabulary import ACHIEVEMENT_CREDENTIAL_TYPES, OPEN_BADGE_TYPES, type_names

__all__ = ["check_open_badge", "is_open_badge_document", "validate_open_badge"]


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


def findings_checked(document: Mapping[str, Any]) -> ValidationResult:
    """:func:`check_open_badge`, lenient, for a JSON object known to be within limits and
    typed as an Open Badges / CLR document (``vcler.validate`` has checked both already).

    Spec: https://www.imsglobal.org/spec/ob/v3p0/#verification (step 1)
    """
    types = set(type_names(document.get("type")))
    # Step 1: the spec's own conformance rule (a subject identified by id and/or identifier).
    errors = identification_problems(document)
    # Step 2: conformance to the 1EdTech JSON Schemas it names (else its kind's): deviations.
    warnings = schema_problems(document, types=types)
    # Step 3: the data model's other rules, except where a problem was already reported.
    reported = {problem.pointer for problem in (*errors, *warnings)}
    warnings += [p for p in rule_problems(document) if p.pointer not in reported]
    result = ValidationResult(errors, warnings)
    # Step 4: the Open Badges a CLR holds, each in full.
    if "ClrCredential" in types:
        for index, credential in _nested_credentials(document):
            prefix = json_pointer("credentialSubject", "verifiableCredential", index)
            nested = findings_checked(credential).under(prefix)
            result.problems += nested.problems
            result.warnings += nested.warnings
    return result


def check_open_badge(document: object, *, strict: bool = False) -> ValidationResult:
    """What validating an Open Badges 3.0 / CLR 2.0 document finds, as problems and warnings.

    ``document`` is an OpenBadgeCredential / AchievementCredential, an EndorsementCredential, a
    ClrCredential (whose Open Badges are checked too, with pointers into the CLR) or a Profile.

    - **Problems** make it non-conforming whatever the mode: what the OB 3.0 verification
      steps state beyond JSON Schema (an AchievementSubject identified by ``id`` and/or
      ``identifier``), and input that is no JSON or no Open Badges document at all.
    - **Warnings** are every other deviation: from the 1EdTech JSON Schemas it names in
      ``credentialSchema`` (or, naming none vcler bundles, the schema for its kind;
      ``SCHEMA_VALIDATION_ERROR``), a named schema vcler does not bundle
      (``UNKNOWN_CREDENTIAL_SCHEMA``), and the data model rules the schemas do not express
      (``MALFORMED_VALUE_ERROR``).

    With ``strict=True`` the warnings are problems too. Never raises, whatever JSON it is given.

    Spec: https://www.imsglobal.org/spec/ob/v3p0/#verification-and-validation
    """
    try:
        check_json(document)
    except (ParsingError, InputError) as error:
        return ValidationResult([Problem(ParsingError.code, error.message)])
    if not isinstance(document, Mapping):
        return ValidationResult(
            [Problem(MALFORMED_VALUE_ERROR, "an Open Badges document must be a JSON object")]
        )
    if not (is_open_badge_document(document) or _is_profile(document)):
        return ValidationResult(
            [
                Problem(
                    MALFORMED_VALUE_ERROR,
                    "not an Open Badges 3.0 or CLR 2.0 document: type must include one of "
                    + ", ".join(sorted(OPEN_BADGE_TYPES))
                    + " (or Profile)",
                    json_pointer("type"),
                )
            ]
        )
    result = findings_checked(document)
    return result.strict() if strict else result


def validate_open_badge(document: object, *, strict: bool = False) -> list[Problem]:
    """The problems of an Open Badges 3.0 / CLR 2.0 document (an empty list when it conforms).

    :func:`check_open_badge`'s problems: with ``strict=True`` every deviation from the
    schemas and rules, otherwise only what makes the document non-conforming whatever the mode.
    Each carries ``SCHEMA_VALIDATION_ERROR``, ``UNKNOWN_CREDENTIAL_SCHEMA``,
    ``MALFORMED_VALUE_ERROR`` or ``PARSING_ERROR`` and a JSON pointer. Never raises.

    Spec: https://www.imsglobal.org/spec/ob/v3p0/#verification-and-validation
    """
    return check_open_badge(document, strict=strict).problems
