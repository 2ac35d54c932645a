"""What the recipes share: reading a caller's document and checking it against the data model."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._json import MAX_BYTES, check_json, load_json
from .errors import InputError, ParsingError
from .problems import Problem
from .results import ValidationResult

if TYPE_CHECKING:
    from .jsonld import StaticDocumentLoader

__all__ = [
    "as_document",
    "check_document",
    "issuing_problems",
    "parse_document",
    "validate_document",
]


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


def parse_document(data: bytes) -> Any:
    """A serialized credential or presentation (a file's bytes, a line of NDJSON) as
    verification takes it: an envelope (a JWT, an SD-JWT, a COSE_Sign1 as bytes or base64
    text, which verification opens) as it is, what a baked badge image (PNG, SVG) carries,
    else the parsed JSON; :class:`ParsingError` (or the image's
    :class:`~vcler.openbadges.baking.BakingError`) if none of them."""
    if len(data) <= MAX_BYTES and data.lstrip()[:1] not in (b"{", b"["):
        from .jose.envelopes import sniff_media_type
        from .openbadges.baking import baked_document, image_kind

        if image_kind(data) is not None:
            return baked_document(data)
        if sniff_media_type(data) is not None:
            return data
        text = data.decode("ascii", errors="replace").strip()
        if sniff_media_type(text) is not None:
            return text
    return load_json(data)


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
    from .codes import UNKNOWN_CREDENTIAL_SCHEMA

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
