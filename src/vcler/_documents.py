"""Reading the shape of a JSON document: its types, the id of its issuer or holder, its
version. Pure functions over plain JSON, for every layer (nothing of vcler above the errors)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

__all__ = [
    "V1_CONTEXT",
    "V2_CONTEXT",
    "first_item",
    "id_of",
    "is_presentation",
    "strings",
    "types_of",
    "utcnow",
]

V1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def strings(value: Any) -> list[str]:
    """The strings of ``value``: itself when it is one, its string items when it is a list
    (a ``type``, a ``statusPurpose``...); anything else has none."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def types_of(document: Any) -> list[str]:
    """The ``type`` (or ``@type``) names of a JSON object (none for anything else)."""
    if not isinstance(document, dict) and not isinstance(document, Mapping):  # dict: fast path
        return []
    value = document.get("type")
    return strings(value if value is not None else document.get("@type"))


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
