"""Proof purposes, and the challenge and domain checks that go with them.

A proof's ``proofPurpose`` says why it was made (``assertionMethod`` for an issuer's claims,
``authentication`` for a holder proving control, ...); a verifier states the purpose it
expects and the proof must match. ``challenge`` and ``domain`` bind a proof (typically an
``authentication`` proof on a presentation) to one exchange: when the verifier gives a
challenge the proof must carry the same one, and when the verifier gives a domain (a string or
a set of strings) the proof's ``domain`` must hold the same strings.

Every check returns problems (pointers relative to the proof) and never raises.

Spec: https://www.w3.org/TR/vc-data-integrity/#proof-purposes
Spec: https://www.w3.org/TR/vc-data-integrity/#verify-proof (steps 5-7)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .. import codes
from ..errors import InputError
from ..results import Problem

__all__ = [
    "PROOF_PURPOSES",
    "check_challenge",
    "check_domain",
    "check_proof_purpose",
    "domain_set",
    "purpose_problems",
]

#: The verification relationships a proof purpose commonly names.
#: Spec: https://www.w3.org/TR/cid-1.0/#verification-relationships
PROOF_PURPOSES: tuple[str, ...] = (
    "assertionMethod",
    "authentication",
    "capabilityInvocation",
    "capabilityDelegation",
    "keyAgreement",
)

MALFORMED = codes.MALFORMED_PROOF_ERROR


def domain_set(domain: object) -> frozenset[str]:
    """A verifier's expected domain as a set (a single string is a set of one).

    Raises :class:`vcler.errors.InputError` for anything but a string or strings.
    """
    if isinstance(domain, str):
        return frozenset({domain})
    if isinstance(domain, Sequence) and domain and all(isinstance(d, str) for d in domain):
        return frozenset(domain)
    raise InputError("domain must be a string or a non-empty list of strings")


def check_proof_purpose(proof: Mapping[str, Any], *, expected_purpose: str | None) -> list[Problem]:
    """A problem when the proof's purpose is not the expected one.

    Spec: https://www.w3.org/TR/vc-data-integrity/#verify-proof (step 5)
    """
    if expected_purpose is None or proof.get("proofPurpose") == expected_purpose:
        return []
    return [
        Problem(
            codes.MISMATCHED_PROOF_PURPOSE_ERROR,
            f"the proof purpose is {proof.get('proofPurpose')!r}, expected {expected_purpose!r}",
            "/proofPurpose",
        )
    ]


def check_domain(proof: Mapping[str, Any], *, domain: frozenset[str] | None) -> list[Problem]:
    """Problems with the proof's ``domain``: its shape, and a mismatch with ``domain``.

    Spec: https://www.w3.org/TR/vc-data-integrity/#verify-proof (step 6)
    """
    value = proof.get("domain")
    # The proof's domain is a string or a set of strings, when present.
    if "domain" in proof and not (
        isinstance(value, str)
        or (isinstance(value, list) and value and all(isinstance(d, str) for d in value))
    ):
        return [Problem(MALFORMED, "the proof's domain must be a string or strings", "/domain")]
    if domain is None:
        return []
    if value is None:
        return [Problem(codes.INVALID_DOMAIN_ERROR, "the proof has no domain", "/domain")]
    found = frozenset({value}) if isinstance(value, str) else frozenset(value)
    if found != domain:
        expected = ", ".join(sorted(domain))
        return [
            Problem(
                codes.INVALID_DOMAIN_ERROR,
                f"the proof's domain {value!r} does not match the expected {expected!r}",
                "/domain",
            )
        ]
    return []


def check_challenge(proof: Mapping[str, Any], *, challenge: str | None) -> list[Problem]:
    """Problems with the proof's ``challenge``: its shape, and a mismatch with ``challenge``.

    Spec: https://www.w3.org/TR/vc-data-integrity/#verify-proof (step 7)
    """
    if "challenge" in proof and not isinstance(proof["challenge"], str):
        return [Problem(MALFORMED, "the proof's challenge must be a string", "/challenge")]
    if challenge is None:
        return []
    if "challenge" not in proof:
        return [Problem(codes.INVALID_CHALLENGE_ERROR, "the proof has no challenge", "/challenge")]
    if proof["challenge"] != challenge:
        return [
            Problem(
                codes.INVALID_CHALLENGE_ERROR,
                "the proof's challenge does not match the expected challenge",
                "/challenge",
            )
        ]
    return []


def purpose_problems(
    proof: Mapping[str, Any],
    *,
    expected_purpose: str | None,
    challenge: str | None,
    domain: frozenset[str] | None,
) -> list[Problem]:
    """Every purpose, domain and challenge problem of ``proof``, in the spec's order."""
    return [
        *check_proof_purpose(proof, expected_purpose=expected_purpose),
        *check_domain(proof, domain=domain),
        *check_challenge(proof, challenge=challenge),
    ]
