"""Models: every spec example parses and dumps back to itself; builders accept models."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.vectors import read_json, vector_path
from vcler.openbadges import (
    Achievement,
    AchievementCredential,
    Alignment,
    ClrCredential,
    EndorsementCredential,
    IdentityObject,
    OpenBadgeCredential,
    build_achievement_credential,
    build_clr_credential,
    validate_open_badge,
)

EXAMPLES = [
    "achievementAlignmentCase",
    "achievementAlignmentCe",
    "basicOpenBadgeCredential",
    "endorsement",
    "fullOpenBadge",
    "skillAssertionCase",
    "skillAssertionCtdl",
]


def example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = read_json("openbadges", "spec-examples", name, "example-01.json")
    return data


def test_every_example_is_listed() -> None:
    folder = vector_path("openbadges", "spec-examples")
    assert sorted(p.name for p in folder.iterdir() if p.is_dir()) == sorted(EXAMPLES)


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_round_trips(name: str) -> None:
    document = example(name)
    model_class = EndorsementCredential if name == "endorsement" else OpenBadgeCredential
    model = model_class.model_validate(document)
    assert model.to_json() == document


def test_models_expose_snake_case_attributes() -> None:
    model = OpenBadgeCredential.model_validate(example("fullOpenBadge"))
    subject = model.credential_subject
    assert not isinstance(subject, list)
    assert subject.credits_earned == 42.0
    assert isinstance(subject.identifier, list)
    assert isinstance(subject.identifier[0], IdentityObject)
    assert subject.identifier[0].identity_type == "emailAddress"
    achievement = subject.achievement
    assert achievement.achievement_type == "Degree"
    assert achievement.result_description is not None
    levels = achievement.result_description[1].rubric_criterion_level
    assert levels is not None and levels[0].level == "Mastered"
    assert achievement.creator is not None and achievement.creator.endorsement is not None
    assert isinstance(achievement.creator.endorsement[0], EndorsementCredential)
    assert model.valid_until == "2030-01-01T00:00:00Z"  # dates stay strings


def test_achievement_credential_is_an_alias() -> None:
    assert AchievementCredential is OpenBadgeCredential


def test_int_and_float_keep_their_kind() -> None:
    document = example("fullOpenBadge")
    document["credentialSubject"]["creditsEarned"] = 42
    dumped = OpenBadgeCredential.model_validate(document).to_json()
    assert type(dumped["credentialSubject"]["creditsEarned"]) is int


def test_populate_by_name_and_defaults() -> None:
    alignment = Alignment(target_name="Python", target_url="https://example.org/python")
    assert alignment.to_json() == {
        "targetName": "Python",
        "targetUrl": "https://example.org/python",
    }
    assert alignment.to_json(defaults=True) == {
        "type": ["Alignment"],
        "targetName": "Python",
        "targetUrl": "https://example.org/python",
    }


def test_builders_accept_models() -> None:
    achievement = Achievement(
        id="https://example.edu/achievements/1",
        name="Teamwork",
        description="Works in teams",
        criteria={"narrative": "Peer nominated"},  # type: ignore[arg-type]
    )
    credential = build_achievement_credential(
        issuer="https://example.edu/issuers/1",
        subject_id="did:example:learner",
        achievement=achievement,
        valid_from="2024-01-01T00:00:00Z",
        id="urn:uuid:0b1a3c52-0f36-4f2b-8a32-5f9e0b3c1d11",
    )
    assert credential["credentialSubject"]["achievement"]["type"] == ["Achievement"]
    parsed = OpenBadgeCredential.model_validate(credential)
    clr = build_clr_credential(
        issuer="https://example.edu/issuers/1",
        subject_id="did:example:learner",
        credentials=[parsed],
        valid_from="2024-01-01T00:00:00Z",
        name="Transcript",
    )
    assert clr["credentialSubject"]["verifiableCredential"] == [credential]
    assert ClrCredential.model_validate(clr).to_json() == clr
    assert validate_open_badge(clr) == []


json_leaf = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
json_values = st.recursive(
    json_leaf,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


@given(
    extras=st.dictionaries(
        st.text(min_size=1, max_size=10).filter(lambda k: k not in {"alignment", "criteria"}),
        json_values,
        max_size=4,
    ),
    name=st.text(max_size=20),
)
def test_unknown_properties_survive_the_round_trip(extras: dict[str, Any], name: str) -> None:
    document = example("skillAssertionCase")
    achievement = document["credentialSubject"]["achievement"]
    achievement["name"] = name
    for key, value in extras.items():
        if key not in Achievement.model_fields and not any(
            f.alias == key for f in Achievement.model_fields.values()
        ):
            achievement[key] = value
    assert OpenBadgeCredential.model_validate(document).to_json() == document
