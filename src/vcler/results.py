"""Results as data: what ``validate`` and ``verify`` return.

A :class:`Problem` names one thing wrong with a document, with the specification's error code and
a JSON pointer (RFC 6901) to the spot. A :class:`VerificationResult` gathers everything a
verification found; it is never truthy or falsy on its own — callers write ``result.verified``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .errors import ValidationError
from .problems import Problem, json_pointer

__all__ = ["Problem", "ProofResult", "StatusResult", "VerificationResult", "json_pointer"]


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
    #: The controller of the verification method, when it could be retrieved.
    controller: str | None = None

    def to_json(self) -> dict[str, Any]:
        """This result as a JSON object."""
        return {
            "verified": self.verified,
            "pointer": self.pointer,
            "type": self.type,
            "cryptosuite": self.cryptosuite,
            "verificationMethod": self.verification_method,
            "controller": self.controller,
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
