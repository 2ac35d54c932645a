"""Helpers for the status tests."""

from __future__ import annotations

from typing import Any

from vcler.results import VerificationResult


def passing(document: dict[str, Any]) -> VerificationResult:
    """A stand-in verifier that accepts any status list credential (unsigned examples)."""
    return VerificationResult(verified=True, document=document)


def failing(document: dict[str, Any]) -> VerificationResult:
    """A stand-in verifier that refuses every status list credential."""
    from vcler.results import Problem

    return VerificationResult.from_problems(
        [Problem("PROOF_VERIFICATION_ERROR", "bad signature", "/proof")], document=document
    )


def credential(issuer: str, **extra: Any) -> dict[str, Any]:
    """A minimal unsigned VC 2.0 credential from ``issuer``."""
    document: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
    }
    document.update(extra)
    return document
