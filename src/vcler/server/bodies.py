"""Request bodies and answers of the VC-API endpoints, as pure functions.

Checking: every endpoint refuses members and options it does not understand, as the VC-API
requires, with a problem pointing at the offending member. Answering: a verification result
becomes the 200 body, or an :class:`~vcler.server.problems.ApiError` (400) carrying every
problem with its pointer moved under the request member that held the document.

Spec: https://w3c-ccg.github.io/vc-api/#handling-unknown-options-and-data
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import codes
from ..results import Problem, VerificationResult, json_pointer
from .problems import ApiError

__all__ = [
    "ISSUE_OPTIONS",
    "KNOWN_CHECKS",
    "PRESENTATION_OPTIONS",
    "VERIFY_OPTIONS",
    "bad_request",
    "check_request",
    "duplicate_id",
    "refused",
    "requested_checks",
    "verification_answer",
]

#: The ``options.checks`` values the verify endpoints understand.
KNOWN_CHECKS = frozenset({"proof", "status", "credentialStatus", "expiration", "validity"})
#: The options of each endpoint.
ISSUE_OPTIONS = frozenset({"credentialId", "mandatoryPointers", "credentialStatus"})
VERIFY_OPTIONS = frozenset({"checks"})
PRESENTATION_OPTIONS = frozenset({"checks", "challenge", "domain", "returnPresentation"})


def bad_request(code: str, detail: str, pointer: str = "") -> ApiError:
    """A 400 answer with one problem at ``pointer``."""
    return ApiError(400, code, detail, problems=[Problem(code, detail, pointer)])


def check_request(body: Any, *, document: str, allowed_options: frozenset[str]) -> dict[str, Any]:
    """The request's ``options`` after checking the body: an object with the JSON object
    ``document`` and optional ``options``, nothing else; only ``allowed_options``.

    Spec: https://w3c-ccg.github.io/vc-api/#handling-unknown-options-and-data
    """
    # Step 1: a JSON object with only the known members.
    if not isinstance(body, dict):
        raise bad_request(codes.PARSING_ERROR, "the request body must be a JSON object")
    unknown = sorted(set(body) - {document, "options"})
    if unknown:
        raise bad_request(
            codes.UNKNOWN_DATA, f"unknown request member(s): {', '.join(unknown)}", "/" + unknown[0]
        )
    # Step 2: the document is an object.
    if not isinstance(body.get(document), dict):
        raise bad_request(
            codes.MALFORMED_VALUE_ERROR,
            f"the request needs {document!r} (a JSON object)",
            "/" + document,
        )
    # Step 3: options, all understood.
    options = body.get("options", {})
    if not isinstance(options, dict):
        raise bad_request(codes.MALFORMED_VALUE_ERROR, "options must be a JSON object", "/options")
    unknown = sorted(set(options) - allowed_options)
    if unknown:
        raise bad_request(
            codes.UNKNOWN_OPTION,
            f"unknown option(s): {', '.join(unknown)}",
            json_pointer("options", unknown[0]),
        )
    return options


def requested_checks(options: Mapping[str, Any]) -> list[str]:
    """``options.checks`` (default ``["proof", "status"]``); 400 for anything unknown."""
    value = options.get("checks", ["proof", "status"])
    if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
        raise bad_request(
            codes.MALFORMED_VALUE_ERROR,
            "options.checks must be an array of strings",
            "/options/checks",
        )
    unknown = sorted(set(value) - KNOWN_CHECKS)
    if unknown:
        raise bad_request(
            codes.UNKNOWN_OPTION,
            f"unknown check(s): {', '.join(unknown)} (known: {', '.join(sorted(KNOWN_CHECKS))})",
            "/options/checks",
        )
    return value


def refused(problems: list[Problem]) -> ApiError:
    """400: the credential breaks the data model (every problem, under ``/credential``)."""
    first = problems[0].code if problems else codes.MALFORMED_VALUE_ERROR
    return ApiError(
        400,
        first,
        "the credential breaks the data model; nothing was signed",
        problems=[p.under("/credential") for p in problems],
    )


def duplicate_id(credential_id: str) -> ApiError:
    """409: a credential with this id was issued before."""
    return ApiError(
        409,
        codes.DUPLICATE_CREDENTIAL_ID,
        f"a credential with id {credential_id!r} was already issued here",
        problems=[
            Problem(codes.DUPLICATE_CREDENTIAL_ID, "duplicate credential id", "/credential/id")
        ],
    )


def verification_answer(
    result: VerificationResult, *, performed: list[str], under: str
) -> dict[str, Any]:
    """The 200 body of a verified document; :class:`ApiError` (400) with the problems moved
    under the JSON pointer ``under`` otherwise (never a 200 with ``verified: false``)."""
    warnings = [w.to_json() for w in result.warnings]
    if not result.verified:
        first = result.problems[0].code if result.problems else codes.PROOF_VERIFICATION_ERROR
        raise ApiError(
            400,
            first,
            f"verification failed: {len(result.problems)} problem(s)",
            title="Verification failed",
            problems=[p.under(under) for p in result.problems],
            extra={"verified": False, "checks": performed, "warnings": warnings},
        )
    return {"verified": True, "checks": performed, "warnings": warnings, "errors": []}
