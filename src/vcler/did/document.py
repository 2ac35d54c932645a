"""Reading DID documents and controller documents: verification methods and relationships.

Spec: https://www.w3.org/TR/did-core/#verification-methods and
https://www.w3.org/TR/cid-1.0/#verification-relationships
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .. import codes
from ..errors import ResolutionError

__all__ = [
    "VERIFICATION_RELATIONSHIPS",
    "absolute_id",
    "check_document_id",
    "check_methods_belong",
    "verification_methods",
]

#: The verification relationships of DID Core / Controlled Identifiers.
VERIFICATION_RELATIONSHIPS: tuple[str, ...] = (
    "authentication",
    "assertionMethod",
    "keyAgreement",
    "capabilityInvocation",
    "capabilityDelegation",
)


def absolute_id(value: str, base: str) -> str:
    """``value`` made absolute against the document id ``base`` (``#key-1`` → ``base#key-1``)."""
    return base + value if value.startswith("#") else value


def _entries(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def verification_methods(document: Mapping[str, Any]) -> Iterator[tuple[str | None, Any]]:
    """Every verification method *object* in ``document``, with where it sits.

    Yields ``(None, method)`` for entries of ``verificationMethod`` and
    ``(relationship, method)`` for methods embedded in a verification relationship. References
    (strings) are not yielded.
    """
    for method in _entries(document.get("verificationMethod")):
        yield None, method
    for relationship in VERIFICATION_RELATIONSHIPS:
        for entry in _entries(document.get(relationship)):
            if not isinstance(entry, str):
                yield relationship, entry


def check_document_id(document: Any, expected: str) -> dict[str, Any]:
    """``document`` if it is a JSON object whose ``id`` is ``expected``; raises otherwise."""
    if not isinstance(document, dict):
        raise ResolutionError(
            f"the document for {expected} is not a JSON object", error=codes.DID_INTERNAL_ERROR
        )
    if document.get("id") != expected:
        raise ResolutionError(
            f"the document for {expected} has id {document.get('id')!r}, not {expected!r}",
            error=codes.DID_INTERNAL_ERROR,
        )
    return document


def check_methods_belong(document: Mapping[str, Any], did: str, *, absolute: bool) -> None:
    """Check that every verification method has an ``id`` in ``did`` and ``did`` as controller.

    With ``absolute``, ids must be absolute DID URLs (``did#fragment``); otherwise a relative
    ``#fragment`` id is also accepted. Relationship references must point into ``did`` too.
    """
    prefix = did + "#"
    for where, method in verification_methods(document):
        place = where or "verificationMethod"
        if not isinstance(method, dict):
            raise ResolutionError(
                f"a {place} entry of {did} is not an object", error=codes.DID_INTERNAL_ERROR
            )
        method_id = method.get("id")
        if not isinstance(method_id, str) or not (
            method_id.startswith(prefix) or (not absolute and method_id.startswith("#"))
        ):
            raise ResolutionError(
                f"verification method id {method_id!r} in {place} of {did} is not an "
                f"absolute DID URL of {did}",
                error=codes.DID_INTERNAL_ERROR,
            )
        if method.get("controller") != did:
            raise ResolutionError(
                f"verification method {method_id} of {did} has controller "
                f"{method.get('controller')!r}, not {did}",
                error=codes.DID_INTERNAL_ERROR,
            )
    for relationship in VERIFICATION_RELATIONSHIPS:
        for entry in _entries(document.get(relationship)):
            if isinstance(entry, str) and not (
                entry.startswith(prefix) or (not absolute and entry.startswith("#"))
            ):
                raise ResolutionError(
                    f"{relationship} of {did} refers to {entry!r}, outside the document",
                    error=codes.DID_INTERNAL_ERROR,
                )
