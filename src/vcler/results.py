"""Results as data: what ``validate`` and ``verify`` return.

A :class:`Problem` names one thing wrong with a document, with the specification's error code and
a JSON pointer (RFC 6901) to the spot. A :class:`ValidationResult` splits what validation found
into problems and warnings. A :class:`VerificationResult` gathers everything a verification
found; neither is truthy or falsy on its own — callers write ``result.valid`` /
``result.verified``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Problem",
    "ProofResult",
    "StatusResult",
    "ValidationResult",
    "VerificationResult",
    "json_pointer",
]

# Short titles for the codes vcler reports.
# Spec: https://www.w3.org/TR/vc-data-integrity/#processing-errors
_TITLES: dict[str, str] = {
    "PROOF_GENERATION_ERROR": "Proof generation error",
    "PROOF_VERIFICATION_ERROR": "Proof verification error",
    "PROOF_TRANSFORMATION_ERROR": "Proof transformation error",
    "MALFORMED_PROOF_ERROR": "Malformed proof",
    "MISMATCHED_PROOF_PURPOSE_ERROR": "Mismatched proof purpose",
    "INVALID_DOMAIN_ERROR": "Invalid domain",
    "INVALID_CHALLENGE_ERROR": "Invalid challenge",
    "INVALID_VERIFICATION_METHOD": "Invalid verification method",
    "PARSING_ERROR": "Parsing error",
    "DATA_LOSS_DETECTION_ERROR": "Data loss detected",
    "MALFORMED_VALUE_ERROR": "Malformed value",
    "RANGE_ERROR": "Value out of range",
    "CRYPTOGRAPHIC_SECURITY_ERROR": "Cryptographic security error",
    "STATUS_RETRIEVAL_ERROR": "Status list could not be retrieved",
    "STATUS_VERIFICATION_ERROR": "Status list could not be verified",
    "STATUS_LIST_LENGTH_ERROR": "Status list too short",
    "CREDENTIAL_REVOKED": "Credential revoked",
    "CREDENTIAL_SUSPENDED": "Credential suspended",
    "CREDENTIAL_EXPIRED": "Credential expired",
    "CREDENTIAL_NOT_YET_VALID": "Credential not yet valid",
}


def json_pointer(*tokens: str | int) -> str:
    """Build an RFC 6901 JSON pointer from reference tokens (``~`` and ``/`` escaped).

    >>> json_pointer("credentialSubject", 0, "a/b")
    '/credentialSubject/0/a~1b'
    """
    return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in tokens)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document.

    ``code`` is the specification's error code (``MALFORMED_PROOF_ERROR``, ``PARSING_ERROR``,
    ...), ``message`` says what is wrong in a sentence, ``pointer`` is a JSON pointer to the
    offending spot (``""`` means the whole document) and ``detail`` optionally adds more.
    """

    code: str
    message: str
    pointer: str = ""
    detail: str | None = None

    @property
    def title(self) -> str:
        """A short human title for ``code``."""
        return _TITLES.get(self.code, self.code.replace("_", " ").capitalize())

    def to_json(self) -> dict[str, Any]:
        """This problem as a JSON object (``code``, ``message``, ``pointer``[, ``detail``])."""
        out: dict[str, Any] = {"code": self.code, "message": self.message, "pointer": self.pointer}
        if self.detail is not None:
            out["detail"] = self.detail
        return out

    def under(self, prefix: str) -> Problem:
        """This problem with its pointer moved below the JSON pointer ``prefix``."""
        return Problem(self.code, self.message, prefix + self.pointer, self.detail)


@dataclass
class ValidationResult:
    """What validating a document found: ``problems`` make it invalid, ``warnings`` do not.

    Warnings are deviations a lenient reader accepts (an Open Badges credential that strays
    from a 1EdTech JSON Schema, say); validating with ``strict=True`` reports them as problems.
    """

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """True when there are no problems (warnings do not count)."""
        return not self.problems

    def __bool__(self) -> bool:
        raise TypeError("a ValidationResult has no truth value: test result.valid")

    def under(self, prefix: str) -> ValidationResult:
        """This result with every pointer moved below the JSON pointer ``prefix``."""
        return ValidationResult(
            [p.under(prefix) for p in self.problems], [w.under(prefix) for w in self.warnings]
        )

    def strict(self) -> ValidationResult:
        """This result with its warnings counted as problems."""
        return ValidationResult([*self.problems, *self.warnings], [])

    def to_json(self) -> dict[str, Any]:
        """This result as a JSON object (``valid``, ``problems``, ``warnings``)."""
        return {
            "valid": self.valid,
            "problems": [p.to_json() for p in self.problems],
            "warnings": [w.to_json() for w in self.warnings],
        }


@dataclass
class ProofResult:
    """The outcome of checking one proof."""

    verified: bool
    pointer: str = ""
    type: str | None = None
    cryptosuite: str | None = None
    verification_method: str | None = None
    proof_purpose: str | None = None
    created: str | None = None
    problems: list[Problem] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """This result as a JSON object."""
        return {
            "verified": self.verified,
            "pointer": self.pointer,
            "type": self.type,
            "cryptosuite": self.cryptosuite,
            "verificationMethod": self.verification_method,
            "proofPurpose": self.proof_purpose,
            "created": self.created,
            "problems": [p.to_json() for p in self.problems],
        }


@dataclass
class StatusResult:
    """The outcome of checking one ``credentialStatus`` entry.

    ``verified`` is true when the status was read and does not invalidate the credential.
    ``problems`` fail the credential's verification; ``warnings`` do not (see
    :mod:`vcler.status.check`).
    """

    verified: bool
    pointer: str = ""
    type: str | None = None
    purpose: str | None = None
    list_url: str | None = None
    index: int | None = None
    value: int | None = None
    message: str | None = None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """This result as a JSON object."""
        return {
            "verified": self.verified,
            "pointer": self.pointer,
            "type": self.type,
            "statusPurpose": self.purpose,
            "statusListCredential": self.list_url,
            "statusListIndex": self.index,
            "value": self.value,
            "message": self.message,
            "problems": [p.to_json() for p in self.problems],
            "warnings": [w.to_json() for w in self.warnings],
        }


@dataclass
class VerificationResult:
    """Everything ``vcler.verify`` found about one credential or presentation.

    ``verified`` is true only when there are no problems. ``proofs`` holds one result per
    proof, ``credentials`` one nested result per credential of a presentation, ``status`` one
    per status entry. ``warnings`` never affect ``verified``.
    """

    verified: bool
    document: dict[str, Any] | None = None
    proofs: list[ProofResult] = field(default_factory=list)
    credentials: list[VerificationResult] = field(default_factory=list)
    status: list[StatusResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def __bool__(self) -> bool:
        raise TypeError("a VerificationResult has no truth value: test result.verified")

    @classmethod
    def from_problems(
        cls,
        problems: Iterable[Problem],
        *,
        document: dict[str, Any] | None = None,
        proofs: Iterable[ProofResult] = (),
        credentials: Iterable[VerificationResult] = (),
        status: Iterable[StatusResult] = (),
        warnings: Iterable[Problem] = (),
    ) -> VerificationResult:
        """A result that is verified exactly when ``problems`` is empty."""
        problems = list(problems)
        return cls(
            verified=not problems,
            document=document,
            proofs=list(proofs),
            credentials=list(credentials),
            status=list(status),
            problems=problems,
            warnings=list(warnings),
        )

    def raise_for_problems(self) -> None:
        """Raise :class:`vcler.errors.ValidationError` listing the problems, if there are any."""
        if self.problems:
            from .errors import ValidationError

            raise ValidationError("verification failed", self.problems)

    def to_json(self) -> dict[str, Any]:
        """This result as a JSON object (without the document)."""
        out: dict[str, Any] = {
            "verified": self.verified,
            "problems": [p.to_json() for p in self.problems],
            "proofs": [p.to_json() for p in self.proofs],
            "warnings": [w.to_json() for w in self.warnings],
        }
        if self.credentials:
            out["credentials"] = [c.to_json() for c in self.credentials]
        if self.status:
            out["status"] = [s.to_json() for s in self.status]
        return out
