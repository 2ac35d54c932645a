"""What the recipes share: reading a caller's document and checking it against the data model."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._json import check_json
from .errors import InputError, ParsingError
from .problems import Problem

if TYPE_CHECKING:
    from .jsonld import StaticDocumentLoader

__all__ = ["as_document", "validate_document"]


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
    """The validator, for a document this module already checked with ``check_json``."""
    from .validation import validate_checked

    return validate_checked(document, loader=loader, jsonld=jsonld)
