"""Validation of verifiable credentials and presentations against the VC Data Model.

:func:`validate` reports *every* violation of the MUST rules of VC Data Model 2.0 (or 1.1,
chosen by the first ``@context`` item) as :class:`vcler.Problem` values, each with the
specification's error code and a JSON pointer, then runs JSON-LD safe mode so that no term is
silently dropped. It never raises on a JSON value; proofs are left to ``vcler.verify``.

Codes (VC 2.0 section 7.2, Problem Details):

- ``PARSING_ERROR``: the input is not a JSON object, or is too deep or too large to process;
  JSON-LD processing failed.
- ``MALFORMED_VALUE_ERROR``: a required property is missing or a value breaks a rule.
- ``RANGE_ERROR``: a validity period ends before it starts.
- ``DATA_LOSS_DETECTION_ERROR`` / ``LOADING_DOCUMENT_FAILED``: from JSON-LD safe mode.

Spec: https://www.w3.org/TR/vc-data-model-2.0/
Spec: https://www.w3.org/TR/vc-data-model-2.0/#problem-details
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._json import MAX_DEPTH, check_json
from ..codes import LOADING_DOCUMENT_FAILED
from ..errors import ParsingError
from ..results import Problem
from ._contexts import unavailable_contexts
from ._rules import PARSING, Path, check_context
from ._values import strings
from .credentials import check_credential
from .presentations import (
    ENVELOPED_CREDENTIAL,
    ENVELOPED_PRESENTATION,
    check_enveloped,
    check_presentation,
)

if TYPE_CHECKING:
    from ..jsonld import StaticDocumentLoader

__all__ = ["MAX_VALUES", "validate", "validate_structure"]

#: Largest number of JSON values ``validate`` looks at before giving up with a PARSING_ERROR.
MAX_VALUES = 1_000_000


def validate(
    document: Any, *, loader: StaticDocumentLoader | None = None, jsonld: bool = True
) -> list[Problem]:
    """Every data-model violation in a credential or presentation (empty when it conforms).

    ``document`` is a JSON value (``dict``, ``list``, ``str``, numbers, ``bool``, ``None``)
    or a :mod:`vcler.models` model. The data-model rules run first
    (:func:`validate_structure`); then, when ``@context`` is well formed, the document is
    turned into RDF in JSON-LD safe mode with ``loader`` (the bundled contexts by default),
    and anything that would be dropped or could not be loaded is reported too. With
    ``jsonld=False`` that last step is skipped (for callers that process the JSON-LD anyway,
    as verifying an RDFC-canonicalized proof does). Documents typed as Open Badges 3.0
    credentials, endorsements or CLR 2.0 credentials are also checked against the 1EdTech
    JSON Schemas and the rules of :func:`vcler.openbadges.validate_open_badge`.

    Raises :class:`vcler.errors.InputError` only for a Python value that is not JSON (a
    ``set``, a ``datetime``, a ``NaN``, a non-string key...). Proofs are not verified here.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#verification (step 2: conforming document)
    """
    document = _as_json(document)
    # Step 1: the input is plain JSON within limits.
    limit = _size_problem(document)
    if limit is not None:
        return [limit]
    return validate_checked(document, loader=loader, jsonld=jsonld)


def validate_checked(
    document: Any, *, loader: StaticDocumentLoader | None = None, jsonld: bool = True
) -> list[Problem]:
    """:func:`validate` for a document already known to be plain JSON within limits.

    For callers that checked the input themselves (``vcler.verify`` does, once); everything
    else is as :func:`validate`.
    """
    # Step 2: the data-model rules.
    problems = _structure(document)
    # Step 3: JSON-LD safe mode, when the context allows processing at all; a context the
    # loader lacks is listed with every other one the document needs.
    if isinstance(document, dict) and check_context(document, ()).well_formed:
        if jsonld:
            found = _safe_mode(document, loader=loader)
            problems += _every_missing_context(found, document, loader)
        elif _lacks_a_context(document, loader):
            problems += unavailable_contexts(document, loader=loader)
    # Step 4: the rules of the profile the document claims (Open Badges 3.0, CLR 2.0).
    problems += _profile_problems(document, problems)
    return problems


def _profile_problems(document: Any, found: list[Problem]) -> list[Problem]:
    """Open Badges / CLR rules for documents typed as such, without repeating a spot.

    Spec: https://www.imsglobal.org/spec/ob/v3p0/#verification-and-validation
    """
    from ..openbadges import is_open_badge_document
    from ..openbadges.validation import validate_checked as validate_open_badge_checked

    if not (isinstance(document, dict) and is_open_badge_document(document)):
        return []
    reported = {problem.pointer for problem in found}
    return [p for p in validate_open_badge_checked(document) if p.pointer not in reported]


def validate_structure(document: Any) -> list[Problem]:
    """The data-model rules alone, without JSON-LD processing.

    What the document is decides the rules: a ``type`` including
    ``EnvelopedVerifiablePresentation``, ``EnvelopedVerifiableCredential``,
    ``VerifiablePresentation`` or ``VerifiableCredential`` (checked in that order); a document
    with none of them is checked as a presentation when it has ``verifiableCredential`` or
    ``holder`` and no ``credentialSubject``, as a credential otherwise.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#conformance
    """
    document = _as_json(document)
    limit = _size_problem(document)
    if limit is not None:
        return [limit]
    return _structure(document)


def _structure(document: Any) -> list[Problem]:
    """The data-model rules for a document within limits (see :func:`validate_structure`)."""
    if not isinstance(document, dict):
        return [Problem(PARSING, "a credential or presentation must be a JSON object", "")]
    path: Path = ()
    types = strings(document.get("type"))
    if ENVELOPED_PRESENTATION in types:
        return check_enveloped(document, path, expected_type=ENVELOPED_PRESENTATION)
    if ENVELOPED_CREDENTIAL in types:
        return check_enveloped(document, path, expected_type=ENVELOPED_CREDENTIAL)
    if "VerifiablePresentation" in types:
        return check_presentation(document, path)
    if "VerifiableCredential" in types:
        return check_credential(document, path)
    looks_presented = "verifiableCredential" in document or "holder" in document
    if looks_presented and "credentialSubject" not in document:
        return check_presentation(document, path)
    return check_credential(document, path)


def _as_json(document: Any) -> Any:
    """A model as its JSON object; anything else unchanged."""
    from ..models import VcModel

    if isinstance(document, VcModel):
        return document.to_json()
    return document


def _size_problem(document: Any) -> Problem | None:
    """A PARSING_ERROR when ``document`` is too deep or too large; InputError if not JSON."""
    try:
        check_json(document, max_depth=MAX_DEPTH, max_items=MAX_VALUES)
    except ParsingError as error:
        return Problem(PARSING, f"the document {error.message.removeprefix('document ')}", "")
    return None


def _every_missing_context(
    problems: list[Problem], document: dict[str, Any], loader: StaticDocumentLoader | None
) -> list[Problem]:
    """``problems``, with a missing context (JSON-LD stops at the first) replaced by the list
    of every context the document needs and the loader lacks."""
    if not any(p.code == LOADING_DOCUMENT_FAILED for p in problems):
        return problems
    missing = unavailable_contexts(document, loader=loader)
    if not missing:
        return problems
    return [p for p in problems if p.code != LOADING_DOCUMENT_FAILED] + missing


def _lacks_a_context(document: dict[str, Any], loader: StaticDocumentLoader | None) -> bool:
    """Whether a top-level ``@context`` URL is missing from ``loader`` (a quick look)."""
    from ..jsonld import default_loader

    available = loader if loader is not None else default_loader()
    value = document.get("@context")
    items = value if isinstance(value, list) else [value]
    return any(isinstance(item, str) and item not in available for item in items)


def _safe_mode(document: dict[str, Any], *, loader: StaticDocumentLoader | None) -> list[Problem]:
    """The problems JSON-LD safe-mode processing reports (every dropped term, or the error).

    Spec: https://www.w3.org/TR/vc-data-integrity/#processing-errors (DATA_LOSS_DETECTION_ERROR)
    """
    from ..jsonld import safe_mode_problems

    return safe_mode_problems(document, loader=loader)
