"""match(): requirements met by which evidence, missing ones, coverage, levels."""

from __future__ import annotations

import pytest

from tests.skills import learner as L
from vcler.errors import InputError
from vcler.skills import Level, match, meets, profile
from vcler.skills.levels import level_of


def test_realistic_match_with_crosswalk() -> None:
    learner = profile(L.documents(), verify=L.fake_verify, crosswalk=L.CROSSWALK)
    requirements = [
        {"skill": L.LIGHTCAST_PYTHON.id, "level": 90},  # bootcamp 92% (via the RSD exact match)
        L.LIGHTCAST_PROGRAMMING.id,  # through isChildOf
        {"skill": L.CASE_DATA_STRUCTURES.id, "level": "Proficient"},
        {"skill": L.CASE_DATA_STRUCTURES.id, "level": "Mastered"},  # only Proficient shown
        {"skill": L.LIGHTCAST_JAVA.id},  # revoked
        {"skill": L.RSD_MACHINE_LEARNING.id},  # tampered
        {
            "skill": "https://lightcast.io/open-skills/skills/KS7G6NP6R6L1H1SKFTSY/kubernetes"
        },  # slug form
    ]
    result = match(learner, requirements)
    met = {(m.requirement.skill, m.requirement.level): m for m in result.met}
    assert set(met) == {
        (L.LIGHTCAST_PYTHON.id, 90),
        (L.LIGHTCAST_PROGRAMMING.id, None),
        (L.CASE_DATA_STRUCTURES.id, "Proficient"),
        ("https://lightcast.io/open-skills/skills/KS7G6NP6R6L1H1SKFTSY/kubernetes", None),
    }
    assert [e.issuer for e in met[(L.LIGHTCAST_PYTHON.id, 90)].evidence] == [L.BOOTCAMP]
    assert len(met[(L.LIGHTCAST_PROGRAMMING.id, None)].evidence) == 3
    assert [r.skill for r in result.missing] == [
        L.CASE_DATA_STRUCTURES.id,
        L.LIGHTCAST_JAVA.id,
        L.RSD_MACHINE_LEARNING.id,
    ]
    assert result.coverage == pytest.approx(4 / 7)
    out = result.to_json()
    assert set(out) == {"coverage", "met", "missing"}
    assert out["missing"][1] == L.LIGHTCAST_JAVA.id
    assert out["met"][0]["evidence"][0]["credential"]


def test_crosswalk_given_to_match_only() -> None:
    learner = profile(L.documents(), verify=L.fake_verify)
    assert match(learner, [L.LIGHTCAST_PROGRAMMING.id]).coverage == 0.0
    assert match(learner, [L.LIGHTCAST_PROGRAMMING.id], crosswalk=L.CROSSWALK).coverage == 1.0


def test_empty_requirements_and_bad_requirements() -> None:
    learner = profile([], verify=L.fake_verify)
    assert match(learner, []).coverage == 1.0
    with pytest.raises(InputError):
        match(learner, [{"level": 3}])
    with pytest.raises(InputError):
        match(learner, [{"skill": "https://x.example/s", "level": True}])


GRADES = {"allowedValue": ["F", "D", "C", "B", "A"], "requiredValue": "D"}
RUBRIC = {
    "rubricCriterionLevel": [
        {"id": "urn:l1", "name": "Novice", "level": "1", "points": "1"},
        {"id": "urn:l2", "name": "Competent", "level": "2", "points": "5"},
        {"id": "urn:l3", "name": "Expert", "level": "3", "points": "9"},
    ]
}


@pytest.mark.parametrize(
    ("result", "description", "required", "expected"),
    [
        ({"value": "B"}, GRADES, "C", True),
        ({"value": "B"}, GRADES, "b", True),
        ({"value": "B"}, GRADES, "A", False),
        ({"value": "85"}, {}, 80, True),
        ({"value": "85%"}, {}, "90", False),
        ({"value": "3.5"}, {}, 3.5, True),
        ({"achievedLevel": "urn:l2"}, RUBRIC, "Novice", True),
        ({"achievedLevel": "urn:l2"}, RUBRIC, "competent", True),
        ({"achievedLevel": "urn:l2"}, RUBRIC, "urn:l3", False),
        ({"achievedLevel": "urn:l2"}, RUBRIC, 5, True),  # points
        ({"achievedLevel": "urn:l2"}, RUBRIC, 6, False),
        ({"value": "Pass"}, {}, "pass", True),
        ({"value": "Pass"}, {}, "Distinction", False),
        ({}, {}, "anything", False),
        ({}, {}, None, True),
    ],
)
def test_level_comparison(
    result: dict, description: dict, required: object, expected: bool
) -> None:
    assert meets(level_of(result, description), required) is expected  # type: ignore[arg-type]


def test_levels_of_results_without_descriptions() -> None:
    level = level_of({"achievedLevel": "urn:elsewhere"}, None)
    assert level.label == "urn:elsewhere"
    assert meets(level, "urn:elsewhere")
    assert Level().passing
    assert not level_of({"value": "F"}, GRADES).passing
