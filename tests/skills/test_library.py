"""vcler.skills.Library over the published framework samples in vectors/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.vectors import read_json, vector_path
from vcler.errors import InputError
from vcler.skills import Library, Skill, UnknownSkillError, framework_format

CASE = vector_path("case-opensalt", "opensalt-framework-20c5134f-423d-4097-a971-3dd5152bf507.json")
OSMT_COLLECTION = vector_path("osmt", "collection-v3.json")
OSMT_SKILL = vector_path("osmt", "skill-v3.json")
LIGHTCAST = vector_path("lightcast", "skills.derived.json")
CTDL = (
    vector_path("ctdl-asn", "competency_framework.json"),
    vector_path("ctdl-asn", "competency.json"),
)
SALT = "http://opensalt-staging.opened.com/uri/"


def test_formats_are_recognised_by_content() -> None:
    assert framework_format(read_json("case-opensalt", CASE.name)) == "case"
    assert framework_format(read_json("osmt", "collection-v3.json")) == "osmt"
    assert framework_format(read_json("osmt", "skill-v3.json")) == "osmt"
    assert framework_format(read_json("lightcast", "skills.derived.json")) == "lightcast"
    assert framework_format(read_json("lightcast", "skills.derived.json")["data"]) == "lightcast"
    assert framework_format(read_json("ctdl-asn", "competency.json")) == "ctdl"
    assert framework_format({"@graph": read_json("ctdl-asn", "competency.json")}) == "ctdl"
    for other in ({}, [], {"data": []}, {"@graph": [{"@type": "Thing"}]}, "x"):
        assert framework_format(other) is None
    with pytest.raises(InputError):
        Library.load({"hello": "world"})


def test_case_package_items_codes_and_associations() -> None:
    library = Library.from_files(CASE)
    assert len(library) == 16
    (framework,) = library.frameworks
    assert framework.name == "What Standards Could Be" and framework.format == "case"
    item = library.get("CCSS.Math.Content.6.RP.A.3")
    assert item.id == SALT + "d83a65ed-770c-4dbe-a505-11e5e17a9a79"
    assert item.framework == "What Standards Could Be" and item.target_type == "CFItem"
    assert library.get(item.id) == item == library.get("ccss.math.content.6.rp.a.3")
    assert library.get("d83a65ed-770c-4dbe-a505-11e5e17a9a79") == item  # its CASE identifier
    # exactMatchOf and isChildOf, not precedes/exemplar/isRelatedTo, nor isChildOf the document.
    kinds = {kind for kind, _, _ in library.crosswalk.associations}
    assert kinds == {"exactMatchOf", "isChildOf"}
    assert len(library.crosswalk.associations) == 16 + 14
    child = SALT + "acc5bce4-435f-47b3-b5aa-2ebb459061b0"  # isChildOf 6.RP.A.3
    assert library.crosswalk.canonical(item.id) in library.crosswalk.ancestors(child)
    other = SALT + "f75138f4-2cd3-5e67-b433-854a227c33bf"  # 6.RP.A.3 exactMatchOf this
    assert library.crosswalk.canonical(other) == library.crosswalk.canonical(item.id)
    assert framework.id not in {t for _, _, t in library.crosswalk.associations}


def test_osmt_collection_and_rsd_with_its_alignment() -> None:
    library = Library.from_files(OSMT_COLLECTION, OSMT_SKILL)
    assert len(library) == 25
    assert [f.name for f in library.frameworks] == ["IT Network", "Western Governors University"]
    skill = library.get("c9d819b3-de84-401e-808a-ddcbfbdd4953")  # by the RSD's uuid
    assert skill.name == "Access and Security Levels Standardization"
    assert "Information Security Management" in skill.aliases  # its keywords
    # The RSD's alignment to an Emsi URL: the same skill as the canonical Lightcast one.
    lightcast = "https://lightcast.io/open-skills/skills/KS1254M6N7QPZ96MGR0L"
    assert library.crosswalk.canonical(skill.id) == library.crosswalk.canonical(lightcast)
    summary = library.get("http://localhost:8080/api/skills/f6538cc1-8fdf-4f11-b373-781571b386bf")
    assert summary.name == "Validation and Troubleshooting" and summary.framework == "IT Network"


def test_lightcast_list_with_its_version() -> None:
    library = Library.from_files(LIGHTCAST)
    assert len(library) == 6 and library.frameworks[0].version is None
    python = library.get("KS125LS6N7WP4S6SFTCK")
    assert python.id == "https://lightcast.io/open-skills/skills/KS125LS6N7WP4S6SFTCK"
    assert library.get("https://skills.emsidata.com/skills/KS125LS6N7WP4S6SFTCK") == python
    assert python.framework == "Lightcast Open Skills"
    pinned = Library.from_files(LIGHTCAST, version="9.33")
    assert pinned.version("KS125LS6N7WP4S6SFTCK") == "9.33"
    saved = {**read_json("lightcast", "skills.derived.json"), "version": "9.34"}
    assert Library.load(saved).get("KS125LS6N7WP4S6SFTCK").version == "9.34"


def test_ctdl_asn_files_read_as_one_graph() -> None:
    library = Library.from_files(*CTDL)
    assert {f.name for f in library.frameworks} == {
        "Georgia Standards of Excellence",
        "Science Georgia Standards of Excellence - 2016",
    }
    kindergarten = library.get("ce-d6f4336c-5003-3843-95ea-2e4f885296c9")  # its ctid
    assert kindergarten.id == (
        "https://credentialengineregistry.org/resources/ce-d6f4336c-5003-3843-95ea-2e4f885296c9"
    )
    assert kindergarten.name == "Kindergarten"
    assert kindergarten.framework == "Georgia Standards of Excellence"
    assert kindergarten.target_type == "ceasn:Competency"
    assert tuple({k for k, _, _ in library.crosswalk.associations}) == ("isChildOf",)


def test_search_by_name_alias_and_code() -> None:
    library = Library.from_files(CASE, OSMT_COLLECTION, OSMT_SKILL, LIGHTCAST)
    assert library.search("research")[0].name == "Research"  # exact name first
    found = library.search("python")
    assert [s.name for s in found] == ["Python (Programming Language)"]
    by_alias = library.search("information security management")
    assert by_alias[0].name == "Information Security Management"  # the Lightcast name
    assert "Access and Security Levels Standardization" in [s.name for s in by_alias]  # alias
    assert library.search("CCSS.Math.Content.7.RP.A")[0].code == "CCSS.Math.Content.7.RP.A"
    assert len(library.search("ratio", limit=2)) == 2
    assert library.search("   ") == ()


def test_merged_libraries_and_lookups_that_fail() -> None:
    merged = Library.from_files(CASE) + Library.from_files(LIGHTCAST)
    assert len(merged) == 22 and len(merged.frameworks) == 2
    assert merged.lookup("no such code") is None and "no such code" not in merged
    assert "KS125LS6N7WP4S6SFTCK" in merged
    with pytest.raises(UnknownSkillError) as raised:
        merged.get("XX.1")
    assert raised.value.code == "UNKNOWN_SKILL"
    assert merged.resolve("https://example.org/skill") == "https://example.org/skill"
    # One code in two frameworks: ambiguous, named by URL only.
    twice = Library.load(
        {
            "CFDocument": {"uri": "https://a.example/doc", "title": "A"},
            "CFItems": [
                {"uri": "https://a.example/1", "fullStatement": "One", "humanCodingScheme": "X"},
                {"uri": "https://a.example/2", "fullStatement": "Two", "humanCodingScheme": "X"},
            ],
        }
    )
    assert twice.lookup("X") is None
    with pytest.raises(UnknownSkillError, match="several"):
        twice.get("X")


def test_named_through_the_crosswalk() -> None:
    library = Library.from_files(OSMT_SKILL)
    named = library.named("https://lightcast.io/open-skills/skills/KS1254M6N7QPZ96MGR0L")
    assert isinstance(named, Skill) and named.name == "Access and Security Levels Standardization"
    assert library.to_json()["skills"][0]["name"] == named.name


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        Library.from_files(tmp_path / "absent.json")
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"a": 1}), encoding="utf-8")
    with pytest.raises(InputError, match=r"other\.json"):
        Library.from_files(other)
