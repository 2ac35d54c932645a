"""What the recipes share: reading a caller's document, its types, its validation."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from ._json import check_json
from .errors import InputError, ParsingError
from .results import Problem, ValidationResult

if TYPE_CHECKING:
    from .jsonld import StaticDocumentLoader

__all__ = [
    "V1_CONTEXT",
    "V2_CONTEXT",
    "as_document",
    "check_document",
    "first_item",
    "id_of",
    "is_presentation",
    "issuing_problems",
    "types_of",
    "utcnow",
    "validate_document",
]

V1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def types_of(document: Mapping[str, Any]) -> list[str]:
    value = document.get("type", document.get("@type", []))
    if isinstance(value, str):
        return [value]
    return [t for t in value if isinstance(t, str)] if isinstance(value, list) else []


def is_presentation(document: Mapping[str, Any]) -> bool:
    return "VerifiablePresentation" in types_of(document)


def id_of(value: Any) -> str | None:
    """The id of an issuer or holder: a URL string or an object's ``id``."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping) and isinstance(value.get("id"), str):
        return str(value["id"])
    return None


def first_item(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def as_document(value: Any) -> dict[str, Any]:
    """A plain JSON dict from a dict or a pydantic model; InputError otherwise."""
    if hasattr(value, "model_dump") and callable(value.model_dump):
        value = value.model_dump(by_alias=True, exclude_unset=True, mode="json")
    if not isinstance(value, Mapping):
        raise InputError(f"expected a JSON object (dict), not {type(value).__name__}")
    document = dict(value)
    try:
        check_json(document)
    except ParsingError as e:
        raise InputError(f"not a JSON document: {e.message}") from e
    return document


def validate_document(
    document: dict[str, Any], *, loader: StaticDocumentLoader | None, jsonld: bool = True
) -> list[Problem]:
    """What issuing refuses, for a document this module already checked with ``check_json``.

    Strict: Open Badges / CLR deviations from the 1EdTech schemas and rules count, so vcler
    never signs a badge 1EdTech's schemas reject. A ``credentialSchema`` naming a schema vcler
    does not bundle is the issuer's own business and does not.
    """
    return issuing_problems(check_document(document, loader=loader, jsonld=jsonld))


def issuing_problems(result: ValidationResult) -> list[Problem]:
    """What issuing refuses of a validation ``result``: its problems and its warnings, except
    a ``credentialSchema`` naming a schema vcler does not bundle."""
    from .openbadges import UNKNOWN_CREDENTIAL_SCHEMA

    return result.problems + [w for w in result.warnings if w.code != UNKNOWN_CREDENTIAL_SCHEMA]


def check_document(
    document: dict[str, Any],
    *,
    loader: StaticDocumentLoader | None,
    jsonld: bool = True,
    strict: bool = False,
) -> ValidationResult:
    """The validator's problems and warnings (all problems if ``strict``), for a document this
    module already checked with ``check_json``."""
    from .validation import validate_checked

    result = validate_checked(document, loader=loader, jsonld=jsonld)
    return result.strict() if strict else result
