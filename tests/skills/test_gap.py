"""vcler.skills.gap (greedy set cover over a catalog) and the catalog CSV reader."""

from __future__ import annotations

import pytest

from tests.skills import learner as L
from tests.vectors import vector_path
from vcler.openbadges import build_achievement_credential, validate_open_badge
from vcler.skills import Library, Skill, gap, match, profile
from vcler.skills.catalog import CatalogError, achievements_from_csv

LIGHTCAST = Library.from_files(vector_path("lightcast", "skills.derived.json"))
A, B, C, D = (Skill.from_url(f"https://skills.example/{n}", name=n) for n in "ABCD")


def course(id: str, *skills: Skill) -> dict[str, object]:
    return {
        "id": f"https://college.example.edu/courses/{id}",
        "type": ["Achievement"],
        "name": id,
        "alignment": [s.to_alignment() for s in skills],
    }


def learner() -> object:
    return profile(L.documents(), verify=L.fake_verify, crosswalk=L.CROSSWALK)


def test_missing_skills_and_the_smallest_covering_set() -> None:
    # Greedy picks the course bringing most first (two), then what is left.
    catalog = [
        course("c1", A),
        course("c2", B),
        course("c3", A, B),
        course("c4", C),
        course("c5", D),
    ]
    requirements = [{"skill": A.id, "level": 3}, B.id, C.id, L.LIGHTCAST_KUBERNETES.id]
    result = gap(learner(), requirements, catalog)  # type: ignore[arg-type]
    assert [r.skill for r in result.missing] == [A.id, B.id, C.id]  # Kubernetes is met
    assert [(step.achievement.rsplit("/", 1)[1], step.skills) for step in result.pathway] == [
        ("c3", (A.id, B.id)),
        ("c4", (C.id,)),
    ]
    assert result.uncovered == ()
    assert result.to_json() == {
        "missing": [{"skill": A.id, "level": 3}, {"skill": B.id}, {"skill": C.id}],
        "pathway": [
            {"achievement": catalog[2]["id"], "name": "c3", "skills": [A.id, B.id]},
            {"achievement": catalog[3]["id"], "name": "c4", "skills": [C.id]},
        ],
        "uncovered": [],
    }


def test_equivalent_and_child_skills_bring_the_requirement() -> None:
    # The catalog teaches the RSD (equivalent of Lightcast Python), the requirement is the
    # Lightcast parent "Computer Programming" of Python.
    empty = profile([], verify=L.fake_verify, crosswalk=L.CROSSWALK)
    result = gap(empty, [L.LIGHTCAST_PROGRAMMING.id, D.id], [course("py", L.RSD_PYTHON)])
    assert [step.skills for step in result.pathway] == [(L.LIGHTCAST_PROGRAMMING.id,)]
    assert [r.skill for r in result.uncovered] == [D.id]


def test_codes_resolved_in_the_library_and_nothing_missing() -> None:
    empty = profile([], verify=L.fake_verify)
    python = "https://lightcast.io/open-skills/skills/KS125LS6N7WP4S6SFTCK"
    result = gap(
        empty, ["KS125LS6N7WP4S6SFTCK"], [course("py", Skill.from_url(python))], library=LIGHTCAST
    )
    assert result.pathway[0].skills == (python,)
    assert gap(learner(), [], [course("x", A)]).to_json() == {  # type: ignore[arg-type]
        "missing": [],
        "pathway": [],
        "uncovered": [],
    }
    with pytest.raises(Exception, match="catalog entry 0"):
        gap(empty, [A.id], [{"name": "no id"}])


def test_profile_and_match_with_a_library() -> None:
    library = Library.from_files(vector_path("osmt", "skill-v3.json")) + LIGHTCAST
    rsd = library.get("c9d819b3-de84-401e-808a-ddcbfbdd4953")
    badge = L.employer_assertion(
        "urn:uuid:e0e0e0e0-0000-4000-8000-0000000000aa", rsd, "2024-01-01T00:00:00Z"
    )
    # The badge aligns to the RSD; the requirement names the Lightcast code of the skill the
    # RSD aligns to; the library's own crosswalk makes them one.
    result = profile([badge], verify=L.fake_verify, library=library)
    (skill,) = result.skills()
    assert skill.name == "Information Security Management"  # named by the library
    assert match(result, ["KS1254M6N7QPZ96MGR0L"], library=library).coverage == 1.0
    assert match(profile([badge], verify=L.fake_verify), [rsd.id]).coverage == 1.0


CSV = """id,name,description,skills
https://college.example.edu/courses/cs101,CS 101,Intro to programming,KS125LS6N7WP4S6SFTCK; https://skills.example/A
https://college.example.edu/courses/sec200,Security 200,,KS1254M6N7QPZ96MGR0L
"""


def test_catalog_csv_becomes_achievements_with_alignments() -> None:
    achievements = achievements_from_csv(CSV, library=LIGHTCAST)
    assert [a["id"] for a in achievements] == [
        "https://college.example.edu/courses/cs101",
        "https://college.example.edu/courses/sec200",
    ]
    first = achievements[0]
    assert first["alignment"][0] == {
        "type": ["Alignment"],
        "targetName": "Python (Programming Language)",
        "targetUrl": "https://lightcast.io/open-skills/skills/KS125LS6N7WP4S6SFTCK",
        "targetType": "ext:LightcastSkill",
        "targetFramework": "Lightcast Open Skills",
        "targetCode": "KS125LS6N7WP4S6SFTCK",
    }
    assert first["alignment"][1]["targetUrl"] == "https://skills.example/A"
    assert achievements[1]["description"] == "Security 200"
    # Each is an OB 3.0 Achievement: a credential built on it validates strictly.
    for achievement in achievements:
        credential = build_achievement_credential(
            issuer="https://college.example.edu/issuers/1",
            subject_id="did:example:ada",
            achievement=achievement,
            valid_from="2026-01-01T00:00:00Z",
        )
        assert validate_open_badge(credential, strict=True) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,name,description\n", "row 1: the header lacks skills"),
        (
            "id,name,description,skills\nhttps://x.example/1,One,,NOPE\n",
            "row 2: unknown skill 'NOPE'",
        ),
        ("id,name,description,skills\n,One,,\n", "row 2: an achievement needs an id and a name"),
        ("id,name,description,skills\ncs101,One,,\n", "row 2: the id 'cs101' is not a URI"),
        (
            "id,name,description,skills\nhttps://x.example/1,One,,\nhttps://x.example/1,Two,,\n",
            "row 3: the id 'https://x.example/1' is repeated",
        ),
    ],
)
def test_catalog_errors_name_their_row(text: str, message: str) -> None:
    with pytest.raises(CatalogError) as raised:
        achievements_from_csv(text, library=LIGHTCAST)
    assert str(raised.value).startswith(message)
