"""Bundling a learner's verified achievements into one CLR 2.0 they can share whole.

:func:`bundle_clr` verifies each credential with the ``verify`` it is handed (wire
``vcler.verify``), keeps the Open Badges 3.0 credentials that verify, and builds an unsigned
``ClrCredential`` over them: the credentials as they are (their own proofs stay valid), the
achievements they hold (``ClrSubject.achievement``), and the associations between those
achievements the caller gives (``isChildOf``, ``precedes``...; an association naming an
achievement not in the bundle is left out and reported). The result is ready for
``vcler.issue`` by the bundling institution (``vcler clr bundle`` does both).

Only JSON credentials with embedded proofs are bundled: a CLR 2.0 holds credentials as JSON
objects, so an Open Badges 2.0 assertion (not a Verifiable Credential) or a token (a VC-JWT)
is reported as not bundled.

Spec: https://www.imsglobal.org/spec/clr/v2p0/#clrcredential
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .. import codes
from ..errors import InputError, VclerError
from ..problems import Problem
from ..results import VerificationResult
from .builders import build_clr_credential
from .vocabulary import ACHIEVEMENT_CREDENTIAL_TYPES, type_names

__all__ = ["ClrBundle", "bundle_clr"]


@dataclass(frozen=True)
class ClrBundle:
    """The unsigned ``credential``, what it holds (``included``: credential ids), what was left
    out and why (``excluded``: input label and problems), and the associations dropped because
    an achievement they name is not in the bundle."""

    credential: dict[str, Any]
    included: tuple[str, ...]
    excluded: tuple[tuple[str, tuple[Problem, ...]], ...]
    dropped_associations: tuple[dict[str, Any], ...]


def _achievement(credential: Mapping[str, Any]) -> Mapping[str, Any] | None:
    subject = credential.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, Mapping) else None
    return achievement if isinstance(achievement, Mapping) else None


def _check(document: Any, verify: Callable[[Any], VerificationResult]) -> list[Problem]:
    """Why ``document`` cannot be bundled (nothing: it can)."""
    if not isinstance(document, Mapping):
        return [
            Problem(
                codes.PARSING_ERROR,
                "only JSON credentials with embedded proofs go into a CLR (not a token)",
            )
        ]
    if not set(type_names(document.get("type"))) & ACHIEVEMENT_CREDENTIAL_TYPES:
        return [
            Problem(
                codes.MALFORMED_VALUE_ERROR,
                "not an Open Badges 3.0 credential (an OpenBadgeCredential / "
                "AchievementCredential)",
                "/type",
            )
        ]
    try:
        result = verify(document)
    except VclerError as error:
        return [error.to_problem()]
    return list(result.problems)


def bundle_clr(
    credentials: Sequence[Any],
    *,
    verify: Callable[[Any], VerificationResult],
    issuer: str | Mapping[str, Any],
    subject_id: str | None,
    name: str,
    valid_from: str | datetime,
    associations: Iterable[Mapping[str, Any]] = (),
    labels: Sequence[str] | None = None,
    id: str | None = None,
    description: str | None = None,
) -> ClrBundle:
    """An unsigned ClrCredential over the ``credentials`` that verify (see the module
    documentation). Raises :class:`~vcler.errors.InputError` when none does."""
    # Step 1: verify each; keep the Open Badges 3.0 credentials that verify.
    kept: list[dict[str, Any]] = []
    excluded: list[tuple[str, tuple[Problem, ...]]] = []
    for index, document in enumerate(credentials):
        label = labels[index] if labels is not None and index < len(labels) else f"#{index}"
        problems = _check(document, verify)
        if problems:
            excluded.append((label, tuple(problems)))
        else:
            kept.append(dict(document))
    if not kept:
        raise InputError("no credential verified: there is nothing to bundle")
    # Step 2: the achievements they hold, once each.
    achievements: dict[str, dict[str, Any]] = {}
    for credential in kept:
        achievement = _achievement(credential)
        if achievement is not None and isinstance(achievement.get("id"), str):
            achievements.setdefault(str(achievement["id"]), dict(achievement))
    # Step 3: the associations between achievements of the bundle.
    related: list[dict[str, Any]] = []
    dropped: list[dict[str, Any]] = []
    for association in associations:
        ends = {association.get("sourceId"), association.get("targetId")}
        (related if ends <= set(achievements) else dropped).append(dict(association))
    credential = build_clr_credential(
        issuer=dict(issuer) if isinstance(issuer, Mapping) else issuer,
        subject_id=subject_id,
        credentials=kept,
        valid_from=valid_from,
        name=name,
        id=id,
        description=description,
        achievements=list(achievements.values()),
        associations=related,
    )
    included = tuple(str(c.get("id")) for c in kept)
    return ClrBundle(credential, included, tuple(excluded), tuple(dropped))
