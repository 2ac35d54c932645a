"""A realistic learner: college (CASE), bootcamp (RSD) and employer (Lightcast) credentials.

Plus a fake ``verify``: documents are "verified" unless their id is listed as revoked or
tampered, as vcler.verify would report them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vcler.openbadges import build_achievement_credential, build_clr_credential
from vcler.results import Problem, VerificationResult
from vcler.skills import Skill

LEARNER = "did:example:ada"
COLLEGE = "https://college.example.edu/issuers/1"
BOOTCAMP = "https://bootcamp.example.com/issuers/1"
EMPLOYER = "https://employer.example.com/issuers/1"

# CASE items of the college's course framework.
CASE_INTRO_PROGRAMMING = Skill.from_case_item(
    {
        "identifier": "6b4a9e5c-2c1d-4d8e-9a7b-1c2d3e4f5a60",
        "uri": "https://case.college.example.edu/uri/6b4a9e5c-2c1d-4d8e-9a7b-1c2d3e4f5a60",
        "fullStatement": "Write, test and debug structured programs.",
        "abbreviatedStatement": "Introductory programming",
        "humanCodingScheme": "CS.101.1",
        "CFDocumentURI": {
            "title": "College CS Outcomes",
            "identifier": "d1",
            "uri": "https://case.college.example.edu/uri/d1",
        },
    }
)
CASE_DATA_STRUCTURES = Skill.from_case_item(
    {
        "identifier": "9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
        "uri": "https://case.college.example.edu/uri/9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
        "fullStatement": "Choose and implement lists, trees and hash tables.",
        "humanCodingScheme": "CS.201.2",
    },
    framework="College CS Outcomes",
)
# Open Skills Network RSDs published by the bootcamp's OSMT.
RSD_PYTHON = Skill.from_rsd(
    {
        "@context": "https://rsd.openskillsnetwork.org/context-v1.json",
        "type": "RichSkillDescriptor",
        "id": "https://osmt.bootcamp.example.com/api/skills/5b7c0a2e-4f3d-4c1b-9a8e-7d6c5b4a3f21",
        "uuid": "5b7c0a2e-4f3d-4c1b-9a8e-7d6c5b4a3f21",
        "skillName": "Python Programming",
        "skillStatement": "Write Python programs using the standard library.",
        "author": "Example Bootcamp",
        "status": "published",
    }
)
RSD_MACHINE_LEARNING = Skill.from_rsd(
    {
        "type": "RichSkillDescriptor",
        "id": "https://osmt.bootcamp.example.com/api/skills/0e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b",
        "skillName": "Machine Learning",
        "skillStatement": "Train and evaluate supervised models.",
        "authors": ["Example Bootcamp"],
    }
)
# Lightcast Open Skills used by the employer (and the crosswalk).
LIGHTCAST_PYTHON = Skill.from_lightcast(
    "KS125LS6N7WP4S6SFTCK", name="Python (Programming Language)"
)
LIGHTCAST_PROGRAMMING = Skill.from_lightcast("KS1200364C9C1LK3V5Q1", name="Computer Programming")
LIGHTCAST_KUBERNETES = Skill.from_lightcast("KS7G6NP6R6L1H1SKFTSY", name="Kubernetes")
LIGHTCAST_JAVA = Skill.from_lightcast("KS1200771D9CR9LB4MWW", name="Java (Programming Language)")

REVOKED = "urn:uuid:9a9a9a9a-0000-4000-8000-00000000dead"
TAMPERED = "urn:uuid:7b7b7b7b-0000-4000-8000-00000000beef"


def _achievement(id: str, name: str, skills: list[Skill], **extra: Any) -> dict[str, Any]:
    achievement = {
        "id": id,
        "name": name,
        "description": f"{name}.",
        "criteria": {"narrative": f"Complete {name}."},
        **extra,
    }
    if skills:
        achievement["alignment"] = [skill.to_alignment() for skill in skills]
    return achievement


def college_course() -> dict[str, Any]:
    """CS 101 with a letter grade, and a rubric-scored data structures project."""
    return build_achievement_credential(
        id="urn:uuid:c0c0c0c0-0000-4000-8000-000000000101",
        issuer={"id": COLLEGE, "name": "Example College"},
        subject_id=LEARNER,
        valid_from="2022-12-15T00:00:00Z",
        achievement=_achievement(
            "https://college.example.edu/courses/cs101",
            "CS 101",
            [CASE_INTRO_PROGRAMMING],
            achievementType="Course",
            resultDescription=[
                {
                    "id": "urn:uuid:rd-grade",
                    "name": "Final grade",
                    "resultType": "LetterGrade",
                    "allowedValue": ["F", "D", "C", "B", "A"],
                    "requiredValue": "D",
                },
                {
                    "id": "urn:uuid:rd-project",
                    "name": "Data structures project",
                    "resultType": "RubricCriterionLevel",
                    "alignment": [CASE_DATA_STRUCTURES.to_alignment()],
                    "rubricCriterionLevel": [
                        {
                            "id": "urn:uuid:lv-basic",
                            "name": "Basic",
                            "level": "Basic",
                            "points": "1",
                        },
                        {
                            "id": "urn:uuid:lv-proficient",
                            "name": "Proficient",
                            "level": "Proficient",
                            "points": "2",
                        },
                        {
                            "id": "urn:uuid:lv-mastered",
                            "name": "Mastered",
                            "level": "Mastered",
                            "points": "3",
                        },
                    ],
                },
            ],
        ),
        results=[
            {"resultDescription": "urn:uuid:rd-grade", "value": "B"},
            {"resultDescription": "urn:uuid:rd-project", "achievedLevel": "urn:uuid:lv-proficient"},
        ],
    )


def college_clr() -> dict[str, Any]:
    return build_clr_credential(
        id="urn:uuid:c1c1c1c1-0000-4000-8000-000000000001",
        issuer={"id": COLLEGE, "name": "Example College"},
        subject_id=LEARNER,
        credentials=[college_course()],
        valid_from="2023-01-10T00:00:00Z",
        name="Example College transcript",
    )


def bootcamp_badge(id: str, skill: Skill, date: str, percent: str) -> dict[str, Any]:
    return build_achievement_credential(
        id=id,
        issuer={"id": BOOTCAMP, "name": "Example Bootcamp"},
        subject_id=LEARNER,
        valid_from=date,
        achievement=_achievement(
            f"https://bootcamp.example.com/badges/{(skill.name or '').lower().replace(' ', '-')}",
            skill.name or "",
            [skill],
            achievementType="Badge",
            resultDescription=[
                {"id": "urn:uuid:rd-score", "name": "Score", "resultType": "Percent"}
            ],
        ),
        results=[{"resultDescription": "urn:uuid:rd-score", "value": percent}],
    )


def employer_assertion(id: str, skill: Skill, date: str) -> dict[str, Any]:
    """A skill assertion (achievementType Competency) aligned to Lightcast."""
    return build_achievement_credential(
        id=id,
        issuer={"id": EMPLOYER, "name": "Example Employer"},
        subject_id=LEARNER,
        valid_from=date,
        achievement=_achievement(
            f"https://employer.example.com/skills/{skill.code}",
            skill.name or "",
            [skill],
            achievementType="Competency",
        ),
    )


def documents() -> list[dict[str, Any]]:
    """College CLR, two bootcamp badges (one tampered), three employer assertions (one revoked)."""
    return [
        college_clr(),
        bootcamp_badge(
            "urn:uuid:b0b0b0b0-0000-4000-8000-000000000001",
            RSD_PYTHON,
            "2023-06-01T00:00:00Z",
            "92",
        ),
        bootcamp_badge(TAMPERED, RSD_MACHINE_LEARNING, "2023-07-01T00:00:00Z", "88"),
        employer_assertion(
            "urn:uuid:e0e0e0e0-0000-4000-8000-000000000001",
            LIGHTCAST_KUBERNETES,
            "2024-02-01T00:00:00Z",
        ),
        employer_assertion(
            "urn:uuid:e0e0e0e0-0000-4000-8000-000000000002",
            LIGHTCAST_PYTHON,
            "2024-03-01T00:00:00Z",
        ),
        employer_assertion(REVOKED, LIGHTCAST_JAVA, "2024-04-01T00:00:00Z"),
    ]


CROSSWALK = [
    # The bootcamp's Python RSD is Lightcast's Python skill.
    {
        "type": "Association",
        "associationType": "exactMatchOf",
        "sourceId": RSD_PYTHON.id,
        "targetId": LIGHTCAST_PYTHON.id,
    },
    # The college's intro programming outcome counts toward Lightcast's Computer Programming...
    {
        "type": "Association",
        "associationType": "isChildOf",
        "sourceId": CASE_INTRO_PROGRAMMING.id,
        "targetId": LIGHTCAST_PROGRAMMING.id,
    },
    # ... and so does Lightcast Python (written as the parent's isParentOf).
    {
        "type": "Association",
        "associationType": "isParentOf",
        "sourceId": LIGHTCAST_PROGRAMMING.id,
        "targetId": LIGHTCAST_PYTHON.id,
    },
    # Ignored for counting: related is not the same.
    {
        "type": "Association",
        "associationType": "isRelatedTo",
        "sourceId": RSD_MACHINE_LEARNING.id,
        "targetId": LIGHTCAST_PYTHON.id,
    },
]


def fake_verify(document: Any) -> VerificationResult:
    """Verified unless revoked or tampered; presentations get one nested result per credential."""
    if isinstance(document, Mapping) and "VerifiablePresentation" in document.get("type", []):
        nested = [fake_verify(c) for c in document.get("verifiableCredential", [])]
        problems = [
            p.under(f"/verifiableCredential/{i}") for i, r in enumerate(nested) for p in r.problems
        ]
        if document.get("id") == "urn:uuid:vp-tampered":
            problems.append(
                Problem("PROOF_VERIFICATION_ERROR", "bad presentation signature", "/proof")
            )
        return VerificationResult.from_problems(
            problems, document=dict(document), credentials=nested
        )
    doc_id = document.get("id") if isinstance(document, Mapping) else None
    if doc_id == REVOKED:
        return VerificationResult.from_problems(
            [Problem("CREDENTIAL_REVOKED", "revoked by the issuer", "/credentialStatus")]
        )
    if doc_id == TAMPERED:
        return VerificationResult.from_problems(
            [Problem("PROOF_VERIFICATION_ERROR", "signature does not match", "/proof")]
        )
    return VerificationResult.from_problems([], document=dict(document))
