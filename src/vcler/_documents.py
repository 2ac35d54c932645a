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
    "types_of",
    "utcnow",
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
