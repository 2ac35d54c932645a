"""JSON-LD contexts around proofs: context injection when securing, and the context checks
when verifying.

Spec: https://www.w3.org/TR/vc-data-integrity/#context-injection
Spec: https://www.w3.org/TR/vc-di-eddsa/#verify-proof-eddsa-jcs-2022 (step 4)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import codes
from ..results import Problem
from .suites import Cryptosuite

__all__ = ["context_list", "context_problems", "inject_context"]


def context_list(value: Any) -> list[Any]:
    """An ``@context`` value as a list (absent → empty)."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def inject_context(document: dict[str, Any], suite: Cryptosuite) -> None:
    """Add the suite's context to ``document`` when none of its contexts is there.

    A JCS suite leaves a document without ``@context`` alone: it is plain JSON.

    Spec: https://www.w3.org/TR/vc-data-integrity/#context-injection
    """
    if "@context" not in document:
        if suite.json_ld:
            document["@context"] = [suite.contexts[0]]
        return
    contexts = context_list(document["@context"])
    if not any(isinstance(c, str) and c in suite.contexts for c in contexts):
        document["@context"] = [*contexts, suite.contexts[0]]


def context_problems(
    document: Mapping[str, Any], proof: Mapping[str, Any], suite: Cryptosuite, *, at: str
) -> list[Problem]:
    """The proof's ``@context`` must begin the document's; the document must define the
    suite's terms (JSON-LD suites). ``at`` is the proof's pointer.

    Spec: https://www.w3.org/TR/vc-di-eddsa/#verify-proof-eddsa-jcs-2022 (step 4.1)
    Spec: https://www.w3.org/TR/vc-data-integrity/#context-injection
    """
    problems = []
    contexts = context_list(document.get("@context"))
    # Step 4.1: the document's contexts start with the proof's, in the same order.
    if "@context" in proof:
        expected = context_list(proof["@context"])
        if not expected or contexts[: len(expected)] != expected:
            problems.append(
                Problem(
                    codes.PROOF_VERIFICATION_ERROR,
                    "the document's @context does not start with the proof's @context",
                    at + "/@context",
                )
            )
    # Context injection: the proof's terms must be defined where they are read.
    if suite.json_ld and not any(isinstance(c, str) and c in suite.contexts for c in contexts):
        problems.append(
            Problem(
                codes.MALFORMED_PROOF_ERROR,
                f"the document's @context includes none of the contexts {suite.name} needs "
                f"({', '.join(suite.contexts)})",
                "/@context" if "@context" in document else "",
            )
        )
    return problems
