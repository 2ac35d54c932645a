"""Errors as RFC 9457 problem details, carrying the specifications' error codes.

Every error the server answers is a JSON object::

    {
      "type": "https://www.w3.org/TR/vc-data-model#MALFORMED_VALUE_ERROR",
      "title": "Malformed value",
      "status": 400,
      "detail": "the credential breaks the data model",
      "code": "MALFORMED_VALUE_ERROR",
      "errors": [{"type": ..., "title": ..., "detail": ..., "code": ..., "pointer": "/issuer"}]
    }

``type`` is the URL the defining specification gives the code (VC Data Model 2.0 §7.2,
VC Data Integrity processing errors, Bitstring Status List), else a ``urn:vcler:problem:``
URN; ``errors`` lists every problem found, each with a JSON pointer into the request's
document.

Spec: https://www.rfc-editor.org/rfc/rfc9457 and
https://www.w3.org/TR/vc-data-model-2.0/#problem-details
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .. import codes
from ..results import Problem

__all__ = ["PROBLEM_CONTENT_TYPE", "ApiError", "problem_json", "problem_type"]

PROBLEM_CONTENT_TYPE = "application/problem+json"

_VC_DATA_MODEL = frozenset(
    {
        codes.PARSING_ERROR,
        codes.CRYPTOGRAPHIC_SECURITY_ERROR,
        codes.MALFORMED_VALUE_ERROR,
        codes.RANGE_ERROR,
    }
)
_DATA_INTEGRITY = frozenset(
    {
        codes.PROOF_GENERATION_ERROR,
        codes.PROOF_VERIFICATION_ERROR,
        codes.PROOF_TRANSFORMATION_ERROR,
        codes.MALFORMED_PROOF_ERROR,
        codes.MISMATCHED_PROOF_PURPOSE_ERROR,
        codes.INVALID_DOMAIN_ERROR,
        codes.INVALID_CHALLENGE_ERROR,
        codes.INVALID_VERIFICATION_METHOD,
        codes.INVALID_VERIFICATION_METHOD_URL,
        codes.INVALID_CONTROLLED_IDENTIFIER_DOCUMENT,
        codes.INVALID_CONTROLLED_IDENTIFIER_DOCUMENT_ID,
        codes.INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD,
    }
)
_STATUS_LIST = frozenset(
    {codes.STATUS_RETRIEVAL_ERROR, codes.STATUS_VERIFICATION_ERROR, codes.STATUS_LIST_LENGTH_ERROR}
)


def problem_type(code: str) -> str:
    """The problem type URI of ``code``.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#problem-details,
    https://www.w3.org/TR/vc-data-integrity/#processing-errors,
    https://www.w3.org/TR/vc-bitstring-status-list/#processing-errors
    """
    if code in _VC_DATA_MODEL:
        return f"https://www.w3.org/TR/vc-data-model#{code}"
    if code in _DATA_INTEGRITY:
        return f"https://w3id.org/security#{code}"
    if code in _STATUS_LIST:
        return f"https://www.w3.org/ns/credentials/status-list#{code}"
    return f"urn:vcler:problem:{code}"


def problem_json(problem: Problem) -> dict[str, Any]:
    """One :class:`~vcler.Problem` as a problem details object with its ``pointer``."""
    out: dict[str, Any] = {
        "type": problem_type(problem.code),
        "title": problem.title,
        "detail": problem.message,
        "code": problem.code,
        "pointer": problem.pointer,
    }
    if problem.detail is not None:
        out["cause"] = problem.detail
    return out


class ApiError(Exception):
    """An error answer: HTTP ``status``, the spec ``code``, a sentence, the problems found.

    ``extra`` adds members to the problem details object (``verified``, ``checks``...).
    """

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        *,
        title: str | None = None,
        problems: Iterable[Problem] = (),
        extra: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.title = title or Problem(code, detail).title
        self.problems = list(problems)
        self.extra = dict(extra or {})
        self.headers = dict(headers or {})

    def to_json(self) -> dict[str, Any]:
        """The problem details object."""
        out: dict[str, Any] = {
            "type": problem_type(self.code),
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "code": self.code,
        }
        out.update(self.extra)
        out["errors"] = [problem_json(p) for p in self.problems]
        return out
