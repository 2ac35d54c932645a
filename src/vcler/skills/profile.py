"""Skills profiles: the skills verified credentials show, per learner, with their evidence.

:func:`profile` reads credentials and presentations, keeps only what the injected ``verify``
callable verifies, and collects skills from:

- the ``alignment`` of each achievement of an OpenBadgeCredential / AchievementCredential;
- the alignments of its results and of the result descriptions they link to (with the result's
  value or achieved level; a result that misses its description's own ``requiredValue`` /
  ``requiredLevel`` shows no skill);
- skill assertions: an achievement of type ``Competency`` without alignments is itself the skill;
- the Open Badges a ClrCredential holds (the CLR's verification covers them);
- the BadgeClass ``alignment`` of an Open Badges 2.0 assertion (as verification returns it,
  with its BadgeClass and Issuer).

Alignments whose ``targetType`` names a credential or a rubric part (``ceterms:Credential``,
``CFRubric``, ``CFRubricCriterion``, ``CFRubricCriterionLevel``) are not skills. An achievement
whose results carry a ``status`` other than ``Completed`` shows no skill (the spec makes
``Completed`` the default).

Spec: https://www.imsglobal.org/spec/ob/v3p0/#achievement (alignment)
Spec: https://www.imsglobal.org/spec/clr/v2p0/#clrsubject
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .. import codes
from ..errors import InputError, VclerError
from ..openbadges.v2 import is_v2_document
from ..openbadges.vocabulary import ACHIEVEMENT_CREDENTIAL_TYPES, type_names
from ..results import Problem, VerificationResult, json_pointer
from .crosswalk import Crosswalk
from .levels import Level, level_of
from .skill import Skill

if TYPE_CHECKING:
    from .library import Library

__all__ = ["Evidence", "ProfileSkill", "Rejected", "SkillsProfile", "profile"]

Verify = Callable[[Any], VerificationResult]

_NOT_SKILLS = frozenset(
    {"ceterms:Credential", "CFRubric", "CFRubricCriterion", "CFRubricCriterionLevel"}
)


@dataclass(frozen=True)
class Evidence:
    """One credential showing one skill."""

    skill: Skill
    subject: str | None
    credential: str | None
    issuer: str | None
    achievement_id: str | None
    achievement_name: str | None
    date: str | None
    level: Level = field(default_factory=Level)
    container: str | None = None
    via: str | None = None

    def to_json(self) -> dict[str, Any]:
        """This evidence as JSON (``result`` and ``level`` only when the credential has them)."""
        out: dict[str, Any] = {
            "skill": self.skill.id,
            "subject": self.subject,
            "credential": self.credential,
            "issuer": self.issuer,
            "achievement": {"id": self.achievement_id, "name": self.achievement_name},
            "date": self.date,
        }
        if self.level.value is not None or self.level.status is not None:
            out["result"] = self.level.value if self.level.value is not None else self.level.status
        if self.level.label is not None:
            out["level"] = self.level.label
        if self.container is not None:
            out["container"] = self.container
        if self.via is not None:
            out["via"] = self.via
        return out


@dataclass(frozen=True)
class Rejected:
    """An input that did not verify (or could not be read), with why."""

    input: str
    problems: tuple[Problem, ...]

    def to_json(self) -> dict[str, Any]:
        """This rejection as JSON."""
        return {"input": self.input, "problems": [p.to_json() for p in self.problems]}


@dataclass(frozen=True)
class ProfileSkill:
    """One skill of a profile (a group of equivalent skills) with all its evidence."""

    id: str
    name: str | None
    framework: str | None
    same_as: tuple[str, ...]
    evidence: tuple[Evidence, ...]

    def to_json(self) -> dict[str, Any]:
        """This skill as JSON."""
        out: dict[str, Any] = {"id": self.id, "name": self.name, "framework": self.framework}
        if self.same_as:
            out["sameAs"] = list(self.same_as)
        out["evidence"] = [e.to_json() for e in self.evidence]
        return out


@dataclass(frozen=True)
class SkillsProfile:
    """The evidence gathered from verified documents, the rejected inputs, and the crosswalk."""

    evidence: tuple[Evidence, ...] = ()
    rejected: tuple[Rejected, ...] = ()
    crosswalk: Crosswalk = field(default_factory=Crosswalk)
    library: Library | None = None
    #: The credentials that verified (those inside presentations and CLRs one by one; an
    #: Open Badges 2.0 assertion with its BadgeClass and Issuer), as verification returned them.
    credentials: tuple[Mapping[str, Any], ...] = ()

    @property
    def subjects(self) -> tuple[str, ...]:
        """Every learner identity (subject id) with evidence, sorted."""
        return tuple(sorted({e.subject for e in self.evidence if e.subject is not None}))

    def for_subject(self, subject: str) -> SkillsProfile:
        """The part of this profile about one learner."""
        return replace(self, evidence=tuple(e for e in self.evidence if e.subject == subject))

    def skills(self, *, crosswalk: Crosswalk | None = None) -> tuple[ProfileSkill, ...]:
        """The skills, merged through the crosswalk (and ``crosswalk``), sorted by id.

        Equivalent skills (``exactMatchOf``) become one entry named by their representative;
        a skill's evidence also counts for its parents (``isChildOf``), marked with ``via``.
        """
        walk = self.crosswalk if crosswalk is None else self.crosswalk + crosswalk
        groups: dict[str, list[Evidence]] = {}
        for item in self.evidence:
            group = walk.canonical(item.skill.id)
            groups.setdefault(group, []).append(item)
            for parent in walk.ancestors(group):
                groups.setdefault(parent, []).append(replace(item, via=group))
        return tuple(_merged(group, groups[group], self.library) for group in sorted(groups))

    def to_json(self) -> dict[str, Any]:
        """``{"skills": [...], "rejected": [...]}``."""
        return {
            "skills": [skill.to_json() for skill in self.skills()],
            "rejected": [r.to_json() for r in self.rejected],
        }


def _merged(group: str, evidence: list[Evidence], library: Library | None) -> ProfileSkill:
    direct = [e for e in evidence if e.via is None]
    named = [e.skill for e in direct if e.skill.id == group] + [e.skill for e in direct]
    # The library names a skill first (the framework's own name), then the credentials.
    known = library.named(group) if library is not None else None
    if known is not None:
        named.insert(0, known)
    name = next((s.name for s in named if s.name), None)
    framework = next((s.framework for s in named if s.framework), None)
    same_as = tuple(sorted({e.skill.id for e in direct} - {group}))
    return ProfileSkill(group, name, framework, same_as, tuple(evidence))


def _items(value: Any) -> list[Mapping[str, Any]]:
    if isinstance(value, Mapping):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, Mapping)]
    return []


def _id(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping) and isinstance(value.get("id"), str):
        return str(value["id"])
    return None


def _identity(subject: Mapping[str, Any], fallback: str | None) -> str | None:
    if isinstance(subject.get("id"), str):
        return str(subject["id"])
    for identifier in _items(subject.get("identifier")):
        kind, value = identifier.get("identityType"), identifier.get("identityHash")
        if isinstance(kind, str) and isinstance(value, str):
            return f"{kind}:{value}"
    return fallback


def aligned_skills(alignments: Any) -> list[Skill]:
    """The skills an ``alignment`` list names (alignments to credentials or rubric parts, and
    those without a ``targetUrl``, left out)."""
    skills: list[Skill] = []
    for alignment in _items(alignments):
        if alignment.get("targetType") in _NOT_SKILLS:
            continue
        try:
            skills.append(Skill.from_alignment(alignment))
        except InputError:
            continue  # no usable targetUrl: nothing to name the skill by
    return skills


def _achievement_skills(achievement: Mapping[str, Any]) -> list[Skill]:
    skills = aligned_skills(achievement.get("alignment"))
    if skills or achievement.get("achievementType") != "Competency":
        return skills
    # A skill assertion without alignments: the achievement is the skill.
    creator = achievement.get("creator")
    try:
        return [
            Skill.from_url(
                str(achievement.get("id")),
                name=achievement.get("name") if isinstance(achievement.get("name"), str) else None,
                framework=creator.get("name") if isinstance(creator, Mapping) else None,
            )
        ]
    except InputError:
        return []


def _subject_evidence(
    subject: Mapping[str, Any], base: Evidence, descriptions: Mapping[str, Mapping[str, Any]]
) -> list[Evidence]:
    achievement = subject["achievement"]
    results = _items(subject.get("result"))
    statuses = {r.get("status") for r in results if "status" in r}
    if statuses - {"Completed"}:
        return []
    # Step 1: the achievement's own skills, with its first graded result.
    graded = next((r for r in results if "value" in r or "achievedLevel" in r), None)
    overall = (
        level_of(graded, descriptions.get(str(graded.get("resultDescription"))))
        if graded
        else Level()
    )
    found = [
        replace(base, skill=skill, level=overall) for skill in _achievement_skills(achievement)
    ]
    # Step 2: skills of each result and of the result description it links to.
    for result in results:
        description = descriptions.get(str(result.get("resultDescription")))
        level = level_of(result, description)
        if not level.passing:
            continue
        aligned = aligned_skills((description or {}).get("alignment")) + aligned_skills(
            result.get("alignment")
        )
        unique = {skill.id: skill for skill in aligned}
        found += [replace(base, skill=skill, level=level) for skill in unique.values()]
    return found


def _v2_evidence(assertion: Mapping[str, Any]) -> list[Evidence]:
    """The skills of a verified Open Badges 2.0 assertion: its BadgeClass's ``alignment``s
    (verification gives the assertion with its BadgeClass and Issuer in place of their URLs).

    Spec: https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html#Alignment
    """
    badge = assertion.get("badge")
    if not isinstance(badge, Mapping):
        return []
    recipient = assertion.get("recipient")
    subject = None
    if isinstance(recipient, Mapping) and isinstance(recipient.get("identity"), str):
        subject = f"{recipient.get('type', 'email')}:{recipient['identity']}"
    base = Evidence(
        skill=Skill(""),
        subject=subject,
        credential=_id(assertion),
        issuer=_id(badge.get("issuer")),
        achievement_id=_id(badge),
        achievement_name=badge.get("name") if isinstance(badge.get("name"), str) else None,
        date=assertion.get("issuedOn") if isinstance(assertion.get("issuedOn"), str) else None,
    )
    return [replace(base, skill=skill) for skill in aligned_skills(badge.get("alignment"))]


def _credential_evidence(
    credential: Mapping[str, Any],
    *,
    container: str | None = None,
    subject_fallback: str | None = None,
) -> list[Evidence]:
    """Every skill one verified credential shows (a CLR: its Open Badges' skills)."""
    types = set(type_names(credential.get("type")))
    found: list[Evidence] = []
    if "Assertion" in types and is_v2_document(credential):
        return _v2_evidence(credential)
    if "ClrCredential" in types:
        for clr_subject in _items(credential.get("credentialSubject")):
            learner = _identity(clr_subject, subject_fallback)
            for nested in _items(clr_subject.get("verifiableCredential")):
                found += _credential_evidence(
                    nested, container=_id(credential) or container, subject_fallback=learner
                )
        return found
    if not types & ACHIEVEMENT_CREDENTIAL_TYPES:
        return found
    date = credential.get("validFrom", credential.get("issuanceDate"))
    for subject in _items(credential.get("credentialSubject")):
        achievement = subject.get("achievement")
        if not isinstance(achievement, Mapping):
            continue
        descriptions = {
            str(rd["id"]): rd for rd in _items(achievement.get("resultDescription")) if "id" in rd
        }
        base = Evidence(
            skill=Skill(""),
            subject=_identity(subject, subject_fallback),
            credential=_id(credential),
            issuer=_id(credential.get("issuer")),
            achievement_id=_id(achievement),
            achievement_name=achievement.get("name")
            if isinstance(achievement.get("name"), str)
            else None,
            date=date if isinstance(date, str) else None,
            container=container,
        )
        found += _subject_evidence(subject, base, descriptions)
    return found


def _label(document: Any, index: int, labels: Sequence[str] | None) -> str:
    if labels is not None and index < len(labels):
        return labels[index]
    return _id(document) or f"#{index}"


def _verify(document: Any, verify: Verify) -> VerificationResult:
    try:
        return verify(document)
    except VclerError as error:  # could not check: reported, never counted
        return VerificationResult.from_problems([error.to_problem()], document=None)


def _container_path(document: Mapping[str, Any]) -> tuple[str, ...] | None:
    """Where a document holds credentials that are verified one by one (or ``None``)."""
    types = type_names(document.get("type"))
    if "VerifiablePresentation" in types:
        return ("verifiableCredential",)
    if "ClrCredential" in types and isinstance(document.get("credentialSubject"), Mapping):
        return ("credentialSubject", "verifiableCredential")
    return None


def _held(document: Mapping[str, Any], path: tuple[str, ...]) -> list[Mapping[str, Any]]:
    value: Any = document
    for key in path:
        value = value.get(key) if isinstance(value, Mapping) else None
    return _items(value)


def _container_level(result: VerificationResult, path: tuple[str, ...]) -> list[Problem]:
    """The problems of a presentation or CLR itself, not of the credentials it holds."""
    nested = json_pointer(*path)
    own = [
        p
        for p in result.problems
        if not (p.pointer == nested or p.pointer.startswith(nested + "/"))
    ]
    if any(not proof.verified for proof in result.proofs) and not own:
        own.append(
            Problem(codes.PROOF_VERIFICATION_ERROR, "the container's own proof did not verify")
        )
    return own


def _from_document(
    document: Any, label: str, verify: Verify
) -> tuple[list[Evidence], list[Rejected], list[Mapping[str, Any]]]:
    """The evidence of one input, its rejections, and the credentials that verified."""
    if not isinstance(document, (Mapping, str, bytes)):
        problem = Problem(codes.PARSING_ERROR, "not a JSON object or a token")
        return [], [Rejected(label, (problem,))], []
    result = _verify(document, verify)
    # What was verified: the document, or what its envelope (a JWT, a signed badge) carries.
    shown: Mapping[str, Any] | None = result.document
    if shown is None and isinstance(document, Mapping):
        shown = document
    path = _container_path(shown) if shown is not None else None
    if path is None or shown is None:
        if not result.verified or shown is None:
            return [], [Rejected(label, tuple(result.problems))], []
        return _credential_evidence(shown), [], [shown]
    # A presentation or a CLR: its own problems reject it whole; then each credential on its
    # own, so that one forged badge in a transcript does not hide the genuine ones.
    own = _container_level(result, path)
    if own:
        return [], [Rejected(label, tuple(own))], []
    evidence: list[Evidence] = []
    rejected: list[Rejected] = []
    verified: list[Mapping[str, Any]] = []
    is_clr = path[0] == "credentialSubject"
    clr_subjects = _items(shown.get("credentialSubject")) if is_clr else []
    learner = _identity(clr_subjects[0], None) if clr_subjects else None
    for index, credential in enumerate(_held(shown, path)):
        nested_label = f"{label}{json_pointer(*path, index)}"
        nested = (
            result.credentials[index]
            if index < len(result.credentials)
            else _verify(credential, verify)
        )
        if nested.verified:
            held = nested.document if isinstance(nested.document, Mapping) else credential
            evidence += _credential_evidence(
                held,
                container=_id(shown) if is_clr else None,
                subject_fallback=learner,
            )
            verified.append(held)
        else:
            rejected.append(Rejected(nested_label, tuple(nested.problems)))
    return evidence, rejected, verified


def with_library(
    crosswalk: Crosswalk | Iterable[Mapping[str, Any]] | None, library: Library | None
) -> Crosswalk:
    """``crosswalk`` (a :class:`Crosswalk` or CLR 2.0 Associations) with the associations the
    frameworks of ``library`` publish."""
    walk = (
        crosswalk
        if isinstance(crosswalk, Crosswalk)
        else Crosswalk.from_associations(crosswalk or ())
    )
    return walk if library is None else library.crosswalk + walk


def profile(
    documents: Iterable[Any],
    *,
    verify: Verify,
    crosswalk: Crosswalk | Iterable[Mapping[str, Any]] | None = None,
    labels: Sequence[str] | None = None,
    library: Library | None = None,
) -> SkillsProfile:
    """The skills profile of verified credentials and presentations.

    ``verify`` is called with each document and returns a :class:`vcler.VerificationResult`
    (wire ``vcler.verify``); only verified credentials count, the others are listed in
    ``rejected`` with their problems. A presentation is rejected whole when it fails for its own
    reasons (its proof...); otherwise each credential it holds is accepted or rejected on its own
    nested result (or, without one, by calling ``verify`` on it). ``crosswalk`` is a
    :class:`Crosswalk` or CLR 2.0 Association objects; ``labels`` name the inputs in
    ``rejected`` (default: their ``id``, else ``#index``). ``library``
    (:class:`~vcler.skills.Library`) names the skills with their frameworks' names and adds
    the frameworks' own associations to the crosswalk, so that the same skill aligned in two
    frameworks is one entry.
    """
    walk = with_library(crosswalk, library)
    evidence: list[Evidence] = []
    rejected: list[Rejected] = []
    verified: list[Mapping[str, Any]] = []
    for index, document in enumerate(documents):
        found, refused, shown = _from_document(document, _label(document, index, labels), verify)
        evidence += found
        rejected += refused
        verified += shown
    return SkillsProfile(tuple(evidence), tuple(rejected), walk, library, tuple(verified))
