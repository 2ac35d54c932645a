"""One learner, three frameworks, three issuers: the whole skills path with real verification.

Frameworks in their published formats: the college's CASE package, the bootcamp's OSMT
collection of RSDs, the Lightcast Open Skills list the job posting uses. Credentials: a
bootcamp badge (OB 3.0, Data Integrity) and a forged one, an employer's skill assertion (OB 3.0
VC-JWT), the college's CLR (OB 3.0 course credential inside), and two old Canvas badges (OB 2.0
hosted assertions), one of them revoked by its issuer's revocation list.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

import vcler
from tests.skills.test_ler_rs import validate
from tests.vectors import read_json
from vcler.jose import issue_vc_jwt_11
from vcler.openbadges import bake, build_achievement_credential, bundle_clr
from vcler.openbadges.baking import baked_document
from vcler.skills import Library, Skill, gap, match, profile
from vcler.skills.catalog import achievements_from_csv
from vcler.skills.ler_rs import ler_rs_document

LEARNER = "did:example:ada"
EMAIL = "ada@example.com"
LC = "https://lightcast.io/open-skills/skills/"
PYTHON, JAVASCRIPT, RESEARCH = (
    LC + "KS125LS6N7WP4S6SFTCK",
    LC + "KS1200771D9CR9LB4MWW",
    LC + "KS1203C6N9B52QGB4H67",
)
INFOSEC, FEDERATION, DOTNET = (
    LC + "KS1254M6N7QPZ96MGR0L",
    LC + "KS123W065B95QJ1G00BL",
    LC + "KS126XS6CQCFGC3NG79X",
)
CASE = "https://case.college.example.edu/uri/"
OSMT = "https://osmt.bootcamp.example.com/api/skills/"
CANVAS = "https://canvas.example.edu/"
COLLEGE_COURSES = "https://college.example.edu/courses/"

COLLEGE_CASE = {
    "CFDocument": {
        "uri": CASE + "doc-1",
        "identifier": "doc-1",
        "title": "College Computing Outcomes",
        "version": "2024.1",
        "creator": "Example College",
    },
    "CFItems": [
        {"uri": CASE + "cs-101-1", "identifier": "cs-101-1", "humanCodingScheme": "CS.101.1",
         "fullStatement": "Write, test and debug structured programs in Python."},
        {"uri": CASE + "sec-110-1", "identifier": "sec-110-1", "humanCodingScheme": "SEC.110.1",
         "fullStatement": "Apply information security management controls."},
    ],
    "CFAssociations": [
        {"associationType": "isChildOf", "originNodeURI": {"uri": CASE + "cs-101-1"},
         "destinationNodeURI": {"uri": CASE + "doc-1"}},
        {"associationType": "exactMatchOf", "originNodeURI": {"uri": CASE + "cs-101-1"},
         "destinationNodeURI": {"uri": PYTHON}},
        {"associationType": "exactMatchOf", "originNodeURI": {"uri": CASE + "sec-110-1"},
         "destinationNodeURI": {"uri": INFOSEC}},
    ],
}  # fmt: skip
BOOTCAMP_OSMT = {
    "type": "RichSkillCollection",
    "id": "https://osmt.bootcamp.example.com/api/collections/web",
    "name": "Bootcamp Web Skills",
    "skills": [
        {"type": "RichSkillDescriptor", "id": OSMT + "js-apps", "uuid": "js-apps",
         "skillName": "JavaScript Web Applications", "skillStatement": "Build web applications.",
         "authors": ["Example Bootcamp"],
         "alignments": [{"id": JAVASCRIPT, "skillName": "JavaScript (Programming Language)"}]},
        {"type": "RichSkillDescriptor", "id": OSMT + "sso", "uuid": "sso",
         "skillName": "Single Sign-On", "skillStatement": "Federate identities across systems.",
         "authors": ["Example Bootcamp"],
         "alignments": [{"id": FEDERATION, "skillName": "Federated Identity Management"}]},
    ],
}  # fmt: skip
CATALOG_CSV = f"""id,name,description,skills
{COLLEGE_COURSES}iam-200,Identity and Access,IAM in practice,{FEDERATION}
{COLLEGE_COURSES}net-300,.NET Development,Build on .NET,KS126XS6CQCFGC3NG79X
{COLLEGE_COURSES}ent-400,Enterprise Platforms,SSO,KS123W065B95QJ1G00BL;KS126XS6CQCFGC3NG79X
{COLLEGE_COURSES}cs-101,Programming I,Python,CS.101.1
"""
JOB_POSTING = [
    "KS125LS6N7WP4S6SFTCK",
    "KS1200771D9CR9LB4MWW",
    "KS1254M6N7QPZ96MGR0L",
    "KS123W065B95QJ1G00BL",
    "KS126XS6CQCFGC3NG79X",
]


def _badge(
    issuer: str, id: str, name: str, skills: list[Skill], kind: str = "Badge"
) -> dict[str, Any]:
    achievement = {
        "id": f"{issuer}/achievements/{id}",
        "name": name,
        "description": f"{name}.",
        "criteria": {"narrative": f"Earn {name}."},
        "achievementType": kind,
        "alignment": [skill.to_alignment() for skill in skills],
    }
    return build_achievement_credential(
        id=f"urn:uuid:00000000-0000-4000-8000-{abs(hash(id)) % 10**12:012d}",
        issuer={"id": issuer, "name": name},
        subject_id=LEARNER,
        achievement=achievement,
        valid_from="2025-01-01T00:00:00Z",
    )


def _canvas(name: str) -> dict[str, Any]:
    """A hosted OB 2.0 assertion issued to ada@example.com."""
    return {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": f"{CANVAS}assertions/{name}",
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": "canvas-salt-1",
            "identity": "sha256$b7f5660499924d092701bc5a252b1732c363c6f12e6aff531fde875172f11712",
        },
        "badge": f"{CANVAS}badges/{name}",
        "issuedOn": "2016-05-01T00:00:00Z",
        "verification": {"type": "hosted"},
    }


@pytest.fixture(scope="module")
def world() -> dict[str, Any]:
    library = (
        Library.load(COLLEGE_CASE)
        + Library.load(BOOTCAMP_OSMT)
        + Library.load(read_json("lightcast", "skills.derived.json"), version="9.33")
    )
    bootcamp, employer, college = (vcler.generate_key("Ed25519") for _ in range(3))
    # The bootcamp's badges (Data Integrity), one forged afterwards, baked in an SVG.
    js = vcler.issue(
        _badge(bootcamp.controller, "js", "Web Apps", [library.get("js-apps")]), signer=bootcamp
    )
    sso = vcler.issue(
        _badge(bootcamp.controller, "sso", "Single Sign-On", [library.get("sso")]), signer=bootcamp
    )
    forged = copy.deepcopy(sso)
    forged["credentialSubject"]["achievement"]["name"] = "Single Sign-On (honours)"
    svg = bake(b'<svg xmlns="http://www.w3.org/2000/svg"/>', js)
    # The employer's skill assertion, a VC-JWT.
    assertion = _badge(
        employer.controller,
        "python",
        "Python at work",
        [library.get("KS125LS6N7WP4S6SFTCK"), library.get("KS1203C6N9B52QGB4H67")],
        kind="Competency",
    )
    token = issue_vc_jwt_11(assertion, signer=employer)
    # The college: a course credential inside a CLR it bundles and signs.
    course = vcler.issue(
        _badge(college.controller, "cs101", "Programming I", [library.get("CS.101.1")], "Course"),
        signer=college,
    )
    clr = bundle_clr(
        [course],
        verify=vcler.verify,
        issuer={"id": college.controller, "type": ["Profile"], "name": "Example College"},
        subject_id=LEARNER,
        name="Ada's transcript",
        valid_from="2025-06-01T00:00:00Z",
    )
    signed_clr = vcler.issue(clr.credential, signer=college)
    # Canvas: two hosted OB 2.0 badges, the second revoked.
    infosec = library.get("SEC.110.1")
    dotnet = library.get("KS126XS6CQCFGC3NG79X")
    kept, revoked = _canvas("infosec"), _canvas("dotnet")
    served: dict[str, Any] = {a["id"]: a for a in (kept, revoked)}
    for name, skill in (("infosec", infosec), ("dotnet", dotnet)):
        served[f"{CANVAS}badges/{name}"] = {
            "@context": "https://w3id.org/openbadges/v2",
            "type": "BadgeClass",
            "id": f"{CANVAS}badges/{name}",
            "name": f"Canvas {name}",
            "description": name,
            "image": f"{CANVAS}badges/{name}.png",
            "criteria": {"narrative": "Pass the module."},
            "issuer": f"{CANVAS}issuer",
            "alignment": [
                {"targetName": skill.name, "targetUrl": skill.id, "targetCode": skill.code}
            ],
        }
    served[f"{CANVAS}issuer"] = {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Issuer",
        "id": f"{CANVAS}issuer",
        "name": "Example Canvas",
        "revocationList": f"{CANVAS}revocations",
    }
    served[f"{CANVAS}revocations"] = {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "RevocationList",
        "id": f"{CANVAS}revocations",
        "revokedAssertions": [{"id": revoked["id"], "revocationReason": "issued in error"}],
    }
    return {
        "library": library,
        "inputs": [baked_document(svg), forged, token, signed_clr, kept, revoked],
        "labels": [
            "bootcamp.svg",
            "forged.json",
            "employer.jwt",
            "clr.json",
            "canvas-1",
            "canvas-2",
        ],
        "served": served,
        "issuers": {"college": college.controller, "employer": employer.controller},
    }


def _profile(world: dict[str, Any]) -> Any:
    def verify(document: Any) -> vcler.VerificationResult:
        result: vcler.VerificationResult = vcler.verify(
            document, documents=world["served"], recipient=EMAIL
        )
        return result

    return profile(world["inputs"], verify=verify, labels=world["labels"], library=world["library"])


def test_the_profile_counts_only_what_verified_merged_across_frameworks(
    world: dict[str, Any],
) -> None:
    result = _profile(world)
    assert {r.input: r.problems[0].code for r in result.rejected} == {
        "forged.json": "PROOF_VERIFICATION_ERROR",
        "canvas-2": "CREDENTIAL_REVOKED",
    }
    skills = {skill.id: skill for skill in result.skills()}
    # Python: the college's CASE item (exactMatchOf) and the employer's Lightcast alignment.
    python = skills[PYTHON]
    assert python.name == "Python (Programming Language)"
    assert python.same_as == (CASE + "cs-101-1",)
    assert sorted(e.issuer for e in python.evidence) == sorted(world["issuers"].values())
    # JavaScript through the bootcamp's RSD alignment, InfoSec through Canvas + CASE.
    assert skills[JAVASCRIPT].same_as == (OSMT + "js-apps",)
    assert skills[INFOSEC].evidence[0].credential == f"{CANVAS}assertions/infosec"
    assert FEDERATION not in skills and DOTNET not in skills
    assert set(skills) == {PYTHON, JAVASCRIPT, INFOSEC, RESEARCH}
    assert world["library"].version("KS125LS6N7WP4S6SFTCK") == "9.33"
    assert world["library"].version("CS.101.1") == "2024.1"


def test_the_gap_names_the_missing_skills_and_the_smallest_set_of_courses(
    world: dict[str, Any],
) -> None:
    library = world["library"]
    result = _profile(world)
    assert match(result, JOB_POSTING, library=library).coverage == pytest.approx(3 / 5)
    catalog = achievements_from_csv(CATALOG_CSV, library=library)
    report = gap(result, JOB_POSTING, catalog, library=library).to_json()
    assert report["missing"] == [{"skill": FEDERATION}, {"skill": DOTNET}]
    assert report["pathway"] == [
        {
            "achievement": "https://college.example.edu/courses/ent-400",
            "name": "Enterprise Platforms",
            "skills": [FEDERATION, DOTNET],
        }
    ]
    assert report["uncovered"] == []


def test_the_ler_rs_export_carries_exactly_the_verified_skills(world: dict[str, Any]) -> None:
    result = _profile(world)
    document = ler_rs_document(result, name="Ada Lovelace")
    assert validate(document) == []
    assert {s["schemeReference"]["reference"] for s in document["skills"]} == {
        PYTHON,
        JAVASCRIPT,
        INFOSEC,
        RESEARCH,
    }
    carried = [entry["verifications"][0] for entry in document["educationAndLearnings"]]
    assert {"reference": f"{CANVAS}assertions/infosec"} in carried
    assert {"reference": f"{CANVAS}assertions/dotnet"} not in carried
    assert len(carried) == 4  # bootcamp badge, employer assertion, CLR course, Canvas badge
