"""Skill: constructors from RSD, Lightcast, CASE, CTDL and URLs; Alignment round trip."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.vectors import read_json
from vcler.errors import InputError
from vcler.openbadges import build_achievement_credential, validate_open_badge
from vcler.skills import LIGHTCAST_SKILL_URL, Skill, canonical_skill_url


def test_lightcast() -> None:
    skill = Skill.from_lightcast("KS125LS6N7WP4S6SFTCK", name="Python (Programming Language)")
    assert skill.id == "https://lightcast.io/open-skills/skills/KS125LS6N7WP4S6SFTCK"
    assert skill.id == LIGHTCAST_SKILL_URL.format(id="KS125LS6N7WP4S6SFTCK")
    assert skill.code == "KS125LS6N7WP4S6SFTCK" and skill.framework == "Lightcast Open Skills"
    for url in (
        "https://lightcast.io/open-skills/skills/KS125LS6N7WP4S6SFTCK/python-programming-language",
        "https://skills.emsidata.com/skills/KS125LS6N7WP4S6SFTCK",
        " https://lightcast.io/open-skills/skills/KS125LS6N7WP4S6SFTCK/ ",
    ):
        assert Skill.from_url(url.strip()).id == skill.id
        assert canonical_skill_url(url) == skill.id
    for bad in (
        "ks125",
        "KS12",
        "https://lightcast.io/open-skills/skills/KS125LS6N7WP4S6SFTCK",
        42,
    ):
        with pytest.raises(InputError):
            Skill.from_lightcast(bad)  # type: ignore[arg-type]


def test_rsd() -> None:
    rsd = {
        "@context": "https://rsd.openskillsnetwork.org/context-v1.json",
        "type": "RichSkillDescriptor",
        "id": "https://osmt.example.org/api/skills/60f17310-8462-46ad-b739-25dbb70746cb",
        "uuid": "60f17310-8462-46ad-b739-25dbb70746cb",
        "skillName": "Be Intelligent!",
        "skillStatement": "The ability to perceive or infer information.",
        "authors": ["Nate", "Marco the Cat"],
    }
    skill = Skill.from_rsd(rsd)
    assert (skill.id, skill.name, skill.statement) == (
        rsd["id"],
        "Be Intelligent!",
        rsd["skillStatement"],
    )
    assert skill.framework == "Nate, Marco the Cat"
    assert skill.target_type == "ext:RichSkillDescriptor"
    assert Skill.from_rsd(rsd, framework="OSN").framework == "OSN"
    with pytest.raises(InputError):
        Skill.from_rsd({**rsd, "type": "RichSkillCollection"})
    with pytest.raises(InputError):
        Skill.from_rsd({**rsd, "id": "60f17310"})


def test_case_item() -> None:
    item = {
        "identifier": "74f5bb7d-d7cc-11e8-824f-0242ac160002",
        "uri": "https://caseregistry.imsglobal.org/uri/74f5bb7d-d7cc-11e8-824f-0242ac160002",
        "fullStatement": "Cite strong and thorough textual evidence.",
        "CFDocumentURI": {"title": "Alabama Course of Study: English Language Arts"},
    }
    skill = Skill.from_case_item(item)
    assert skill.code == item["identifier"] and skill.name == item["fullStatement"]
    assert skill.framework == "Alabama Course of Study: English Language Arts"
    assert skill.target_type == "CFItem"
    # It reproduces the spec's CASE alignment example's key fields.
    spec = read_json("openbadges", "spec-examples", "achievementAlignmentCase", "example-01.json")
    alignment = spec["credentialSubject"]["achievement"]["alignment"][0]
    mine = skill.to_alignment()
    for key in ("targetCode", "targetFramework", "targetType", "targetUrl", "type"):
        assert mine[key] == alignment[key]


def test_ctdl() -> None:
    competency = {
        "@id": "https://credentialengineregistry.org/resources/ce-6369c51f-4d86-4592-a761-8b32ae70a045",
        "@type": "ceasn:Competency",
        "ceterms:ctid": "ce-6369c51f-4d86-4592-a761-8b32ae70a045",
        "ceasn:competencyText": {"en-us": "Solve and graph linear equations and inequalities"},
        "ceasn:isPartOf": "https://credentialengineregistry.org/resources/ce-framework",
    }
    skill = Skill.from_ctdl(competency, framework="Ivy Tech MATH 135")
    assert skill.name == "Solve and graph linear equations and inequalities"
    assert skill.code == "ce-6369c51f-4d86-4592-a761-8b32ae70a045"
    assert skill.target_type == "ceasn:Competency"
    no_id = {k: v for k, v in competency.items() if k != "@id"}
    assert Skill.from_ctdl(no_id).id == competency["@id"]
    assert Skill.from_ctdl(no_id).framework == competency["ceasn:isPartOf"]


@pytest.mark.parametrize("name", ["skillAssertionCase", "skillAssertionCtdl", "fullOpenBadge"])
def test_from_alignment_to_alignment_is_identity_on_spec_alignments(name: str) -> None:
    document = read_json("openbadges", "spec-examples", name, "example-01.json")
    for alignment in document["credentialSubject"]["achievement"]["alignment"]:
        assert Skill.from_alignment(alignment).to_alignment() == alignment


urls = st.from_regex(r"https://[a-z]{1,10}\.example/[a-z0-9/_-]{0,20}", fullmatch=True)
optional_text = st.none() | st.text(min_size=1, max_size=30)


@given(
    url=urls,
    name=st.text(min_size=1, max_size=30),
    framework=optional_text,
    code=optional_text,
    statement=optional_text,
    target_type=st.none() | st.sampled_from(["CFItem", "ceasn:Competency", "CTDL", "ext:Custom_1"]),
)
def test_alignment_round_trip(
    url: str,
    name: str,
    framework: str | None,
    code: str | None,
    statement: str | None,
    target_type: str | None,
) -> None:
    skill = Skill(url, name, framework, code, statement, target_type)
    alignment = skill.to_alignment()
    assert Skill.from_alignment(alignment) == skill
    credential = build_achievement_credential(
        issuer="https://issuer.example/1",
        subject_id="did:example:1",
        achievement={
            "id": "https://issuer.example/a",
            "name": "A",
            "description": "d",
            "criteria": {},
            "alignment": [alignment],
        },
        valid_from="2024-01-01T00:00:00Z",
        id="urn:uuid:00000000-0000-4000-8000-000000000000",
    )
    assert validate_open_badge(credential) == []


def test_to_alignment_target_name_fallbacks() -> None:
    assert Skill("https://x.example/s", code="S1").to_alignment()["targetName"] == "S1"
    assert Skill("https://x.example/s").to_alignment()["targetName"] == "https://x.example/s"
    with pytest.raises(InputError):
        Skill.from_alignment({"targetName": "x", "targetUrl": "not a url"})
