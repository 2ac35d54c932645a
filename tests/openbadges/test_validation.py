"""validate_open_badge: schemas, the extra rules, CLR nesting, and never raising."""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.vectors import read_json, vector_path
from vcler.openbadges import (
    CLR_CONTEXTS,
    MALFORMED_VALUE_ERROR,
    SCHEMA_VALIDATION_ERROR,
    UNKNOWN_CREDENTIAL_SCHEMA,
    build_achievement_credential,
    build_clr_credential,
    bundled_schemas,
    check_open_badge,
    is_open_badge_document,
    validate_open_badge,
)
from vcler.results import Problem

VALID_EXAMPLES = [
    "achievementAlignmentCase",
    "achievementAlignmentCe",
    "basicOpenBadgeCredential",
    "endorsement",
    "skillAssertionCase",
    "skillAssertionCtdl",
]


def example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = read_json("openbadges", "spec-examples", name, "example-01.json")
    return data


def strict_problems(document: Any) -> list[Problem]:
    """Every finding, warnings included: the schema and rule checks in full."""
    return validate_open_badge(document, strict=True)


def codes_at(problems: list[Problem]) -> set[tuple[str, str]]:
    return {(p.code, p.pointer) for p in problems}


@pytest.mark.parametrize("name", VALID_EXAMPLES)
def test_spec_examples_are_valid(name: str) -> None:
    result = check_open_badge(example(name))
    assert result.problems == []
    # The endorsement example also names its endorser's own schema, which vcler cannot have.
    unknown = {(UNKNOWN_CREDENTIAL_SCHEMA, "/credentialSchema/1/id")}
    expected = unknown if name == "endorsement" else set()
    assert codes_at(result.warnings) == expected
    assert codes_at(strict_problems(example(name))) == expected


def test_full_open_badge_example_has_one_upstream_defect() -> None:
    # Upstream defect (ob_v3p0/examples/fullOpenBadge.html @ 1af145f): the second result links
    # resultDescription urn:uuid:f6ab24cd-... (a LetterGrade with no rubric levels) but names
    # achievedLevel urn:uuid:d05a0867-..., a rubric level of the OTHER result description
    # (urn:uuid:a70ddc6a-...). OB 3.0 B.1.16: achievedLevel is "the id of the
    # RubricCriterionLevel in linked ResultDescription". Everything else in it is valid.
    problems = strict_problems(example("fullOpenBadge"))
    assert codes_at(problems) == {
        (MALFORMED_VALUE_ERROR, "/credentialSubject/result/1/achievedLevel")
    }
    fixed = example("fullOpenBadge")
    fixed["credentialSubject"]["result"][1]["resultDescription"] = (
        "urn:uuid:a70ddc6a-4c4a-4bd8-8277-cb97c79f40c5"
    )
    assert strict_problems(fixed) == []


def test_is_open_badge_document() -> None:
    assert is_open_badge_document(example("basicOpenBadgeCredential"))
    assert is_open_badge_document(example("endorsement"))
    assert is_open_badge_document({"type": "ClrCredential"})
    assert is_open_badge_document({"type": ["VerifiableCredential", "AchievementCredential"]})
    assert not is_open_badge_document({"type": ["VerifiableCredential"]})
    assert not is_open_badge_document({"type": 3})
    assert not is_open_badge_document(["OpenBadgeCredential"])
    assert not is_open_badge_document(None)


def mutated(name: str, path: list[Any], value: Any) -> dict[str, Any]:
    document = copy.deepcopy(example(name))
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return document


ACHIEVEMENT = ["credentialSubject", "achievement"]
ALIGNMENT = [*ACHIEVEMENT, "alignment", 0]


@pytest.mark.parametrize(
    ("name", "path", "value", "code", "pointer"),
    [
        # achievementType: outside the vocabulary; the schema's loose ext: pattern lets
        # "xext:a b" through, the rule does not.
        (
            "skillAssertionCase",
            [*ACHIEVEMENT, "achievementType"],
            "Diploma2",
            SCHEMA_VALIDATION_ERROR,
            "/credentialSubject/achievement/achievementType",
        ),
        (
            "skillAssertionCase",
            [*ACHIEVEMENT, "achievementType"],
            "xext:a b",
            MALFORMED_VALUE_ERROR,
            "/credentialSubject/achievement/achievementType",
        ),
        (
            "achievementAlignmentCase",
            [*ALIGNMENT, "targetType"],
            "ext:Skill?!",
            MALFORMED_VALUE_ERROR,
            "/credentialSubject/achievement/alignment/0/targetType",
        ),
        (
            "achievementAlignmentCase",
            [*ALIGNMENT, "targetUrl"],
            "not a url",
            MALFORMED_VALUE_ERROR,
            "/credentialSubject/achievement/alignment/0/targetUrl",
        ),
        (
            "achievementAlignmentCase",
            [*ALIGNMENT, "targetUrl"],
            "urn:uuid:1",
            MALFORMED_VALUE_ERROR,
            "/credentialSubject/achievement/alignment/0/targetUrl",
        ),
        (
            "basicOpenBadgeCredential",
            ["issuer", "type"],
            ["Organization"],
            SCHEMA_VALIDATION_ERROR,
            "/issuer/type",
        ),
        (
            "basicOpenBadgeCredential",
            ["credentialSubject", "type"],
            ["Subject"],
            SCHEMA_VALIDATION_ERROR,
            "/credentialSubject/type",
        ),
        (
            "skillAssertionCase",
            ["evidence", 0, "type"],
            ["Proof"],
            SCHEMA_VALIDATION_ERROR,
            "/evidence/0/type",
        ),
        (
            "skillAssertionCase",
            [*ACHIEVEMENT, "creator", "type"],
            ["Person"],
            SCHEMA_VALIDATION_ERROR,
            "/credentialSubject/achievement/creator/type",
        ),
        (
            "fullOpenBadge",
            ["credentialSubject", "result", 0, "resultDescription"],
            "urn:uuid:nope",
            MALFORMED_VALUE_ERROR,
            "/credentialSubject/result/0/resultDescription",
        ),
        (
            "fullOpenBadge",
            ["credentialSubject", "result", 0, "value"],
            "F",
            MALFORMED_VALUE_ERROR,
            "/credentialSubject/result/0/value",
        ),
        (
            "fullOpenBadge",
            ["credentialSubject", "identifier", 0, "hashed"],
            True,
            MALFORMED_VALUE_ERROR,
            "/credentialSubject/identifier/0/identityHash",
        ),
        (
            "endorsement",
            ["credentialSubject", "type"],
            ["AchievementSubject"],
            SCHEMA_VALIDATION_ERROR,
            "/credentialSubject/type",
        ),
        ("basicOpenBadgeCredential", ["validFrom"], 2010, SCHEMA_VALIDATION_ERROR, "/validFrom"),
    ],
)
def test_a_broken_rule_is_reported_once_at_its_spot(
    name: str, path: list[Any], value: Any, code: str, pointer: str
) -> None:
    problems = strict_problems(mutated(name, path, value))
    assert (code, pointer) in codes_at(problems)
    assert [p.pointer for p in problems].count(pointer) == 1


def test_identity_hash_forms() -> None:
    def with_hash(value: str) -> list[Problem]:
        document = example("basicOpenBadgeCredential")
        document["credentialSubject"]["identifier"] = [
            {
                "type": "IdentityObject",
                "hashed": True,
                "identityHash": value,
                "identityType": "emailAddress",
                "salt": "s",
            }
        ]
        return strict_problems(document)

    digest = hashlib.sha256(b"a@example.comKosher").hexdigest()
    assert with_hash(f"sha256${digest}") == []
    assert with_hash(f"sha256${digest.upper()}") == []
    assert with_hash(f"md5${hashlib.md5(b'x').hexdigest()}") == []
    for bad in (
        digest,
        f"sha256${digest[:-1]}",
        f"sha1${digest[:40]}",
        f"md5${digest}",
        f"sha256${'g' * 64}",
    ):
        assert codes_at(with_hash(bad)) == {
            (MALFORMED_VALUE_ERROR, "/credentialSubject/identifier/0/identityHash")
        }


def test_subject_needs_id_or_identifier() -> None:
    document = example("basicOpenBadgeCredential")
    del document["credentialSubject"]["id"]
    assert codes_at(strict_problems(document)) == {(MALFORMED_VALUE_ERROR, "/credentialSubject")}


def test_status_result_needs_a_status() -> None:
    document = example("fullOpenBadge")
    document["credentialSubject"]["result"][1]["resultDescription"] = (
        "urn:uuid:a70ddc6a-4c4a-4bd8-8277-cb97c79f40c5"
    )
    document["credentialSubject"]["result"].append(
        {"type": ["Result"], "resultDescription": "urn:uuid:b07c0387-f2d6-4b65-a3f4-f4e4302ea8f7"}
    )
    assert codes_at(strict_problems(document)) == {
        (MALFORMED_VALUE_ERROR, "/credentialSubject/result/3")
    }


def learner_badge(
    achievement_id: str = "https://example.edu/achievements/python",
) -> dict[str, Any]:
    return build_achievement_credential(
        issuer={"id": "https://example.edu/issuers/1", "name": "Example College"},
        subject_id="did:example:learner",
        achievement={
            "id": achievement_id,
            "name": "Python",
            "description": "Programming in Python",
            "criteria": {"narrative": "Pass the course"},
            "achievementType": "Course",
        },
        valid_from="2024-05-01T00:00:00Z",
        id="urn:uuid:7f0e0d8e-5c6b-4a9a-9f1e-0a1b2c3d4e5f",
    )


def learner_clr() -> dict[str, Any]:
    return build_clr_credential(
        issuer="https://example.edu/issuers/1",
        subject_id="did:example:learner",
        credentials=[learner_badge()],
        achievements=[
            {
                "id": "https://example.edu/programs/cs",
                "name": "Computer Science",
                "description": "The CS program",
                "criteria": {},
                "achievementType": "LearningProgram",
            }
        ],
        associations=[
            {
                "associationType": "isChildOf",
                "sourceId": "https://example.edu/achievements/python",
                "targetId": "https://example.edu/programs/cs",
            }
        ],
        valid_from="2024-06-01T00:00:00Z",
        name="Transcript",
        id="urn:uuid:1d2c3b4a-0000-4000-8000-000000000001",
    )


def test_clr_built_is_valid_with_the_clr_contexts() -> None:
    clr = learner_clr()
    assert clr["@context"] == list(CLR_CONTEXTS)
    assert strict_problems(clr) == []


def test_clr_association_must_name_present_achievements() -> None:
    clr = learner_clr()
    clr["credentialSubject"]["association"][0]["targetId"] = "https://example.edu/programs/math"
    assert codes_at(strict_problems(clr)) == {
        (MALFORMED_VALUE_ERROR, "/credentialSubject/association/0/targetId")
    }


def test_clr_nested_badges_are_validated_with_pointers_into_the_clr() -> None:
    clr = learner_clr()
    nested = clr["credentialSubject"]["verifiableCredential"][0]
    nested["credentialSubject"]["achievement"]["alignment"] = [
        {"type": ["Alignment"], "targetName": "x", "targetUrl": "nope"}
    ]
    assert codes_at(strict_problems(clr)) == {
        (
            MALFORMED_VALUE_ERROR,
            "/credentialSubject/verifiableCredential/0/credentialSubject/achievement/alignment/0/targetUrl",
        )
    }


def test_clr_schema_requires_the_vc2_envelope() -> None:
    clr = learner_clr()
    del clr["validFrom"]
    clr["@context"] = [CLR_CONTEXTS[0], CLR_CONTEXTS[2]]
    problems = strict_problems(clr)
    assert {p.code for p in problems} == {SCHEMA_VALIDATION_ERROR}
    assert {"", "/@context/1"} <= {p.pointer for p in problems}


def test_vc11_clr_uses_the_draft4_schema() -> None:
    clr = {
        "@context": [
            "https://www.w3.org/2018/credentials/v1",
            "https://purl.imsglobal.org/spec/clr/v2p0/context.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
        ],
        "id": "urn:uuid:1",
        "type": ["VerifiableCredential", "ClrCredential"],
        "name": "Transcript",
        "issuer": {"id": "https://example.edu/issuers/1", "type": "Profile"},
        "issuanceDate": "2022-01-01T00:00:00Z",
        "credentialSubject": {
            "type": "ClrSubject",
            "id": "did:example:learner",
            "verifiableCredential": [
                {
                    "@context": ["https://www.w3.org/2018/credentials/v1"],
                    "type": ["VerifiableCredential"],
                    "issuer": {"id": "https://example.edu/issuers/1", "type": "Profile"},
                    "issuanceDate": "2022-01-01T00:00:00Z",
                    "credentialSubject": {"id": "did:example:learner"},
                }
            ],
        },
    }
    assert strict_problems(clr) == []
    del clr["issuanceDate"]
    problems = strict_problems(clr)
    assert [(p.code, p.pointer) for p in problems] == [(SCHEMA_VALIDATION_ERROR, "")]
    assert "clr-clrcredential-vc1" in (problems[0].detail or "")


def test_not_an_open_badge() -> None:
    assert codes_at(strict_problems({"type": ["VerifiableCredential"]})) == {
        (MALFORMED_VALUE_ERROR, "/type")
    }
    assert codes_at(strict_problems("x")) == {(MALFORMED_VALUE_ERROR, "")}
    assert codes_at(strict_problems({"a": float("inf")})) == {("PARSING_ERROR", "")}


def test_profile_documents_validate_against_the_profile_schema() -> None:
    assert (
        strict_problems({"id": "https://example.edu/issuers/1", "type": ["Profile"], "name": "X"})
        == []
    )
    problems = strict_problems({"type": ["Profile"], "name": "X"})
    assert codes_at(problems) == {(SCHEMA_VALIDATION_ERROR, "")}


def _schema_folder() -> Any:
    from importlib import resources

    return resources.files("vcler").joinpath("data", "schemas")


def test_bundled_schemas_match_their_pinned_sha256() -> None:
    folder = _schema_folder()
    manifest = json.loads(folder.joinpath("MANIFEST.json").read_bytes())["schemas"]
    files = {f.name for f in folder.iterdir() if f.name.endswith(".json")} - {"MANIFEST.json"}
    assert set(manifest) == files
    for file, entry in manifest.items():
        data = folder.joinpath(file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], file
        assert len(data) == entry["bytes"], file
        schema = json.loads(data)
        assert schema["$id"] == entry["$id"]
        assert schema["$schema"] == entry["$schema"]
        assert entry["url"].startswith("https://purl.imsglobal.org/spec/")
        assert entry["vcdm"] in ("1.1", "2.0", None)
        assert entry["source"]["repo"].startswith("1EdTech/")
        assert file in folder.joinpath("NOTICE").read_text(encoding="utf-8")
    assert len(bundled_schemas()) == len(manifest)


def test_bundled_schemas_are_byte_identical_to_the_published_vectors() -> None:
    # The VC 1.1 builds (gh-pages 6efe144e) are not among the vectors yet; their bytes are
    # pinned by the test above and their source by MANIFEST.json.
    sources = {
        "ob_v3p0_achievementcredential.json": (
            "openbadges",
            "schemas",
            "gh-pages-build-2024-07-30",
            "achievementcredential.json",
        ),
        "ob_v3p0_endorsementcredential.json": (
            "openbadges",
            "schemas",
            "gh-pages-build-2024-07-30",
            "endorsementcredential.json",
        ),
        "ob_v3p0_profile.json": (
            "openbadges",
            "schemas",
            "gh-pages-build-2024-07-30",
            "profile.json",
        ),
        "clr_v2p0_clrcredential_schema_draft4.json": (
            "clr",
            "schemas",
            "ler-rs-catalog",
            "clr_v2p0_clrcredential_schema_draft4.json",
        ),
    }
    folder = _schema_folder()
    for file, parts in sources.items():
        assert folder.joinpath(file).read_bytes() == vector_path(*parts).read_bytes()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
type_values = st.sampled_from(
    [
        "OpenBadgeCredential",
        "ClrCredential",
        "EndorsementCredential",
        "Profile",
        "AchievementCredential",
    ]
)


@given(document=st.dictionaries(st.text(max_size=20), json_values, max_size=6), kind=type_values)
def test_never_raises_on_arbitrary_json(document: dict[str, Any], kind: str) -> None:
    document["type"] = ["VerifiableCredential", kind]
    problems = strict_problems(document)
    assert all(isinstance(p, Problem) for p in problems)


@given(
    subject=st.dictionaries(
        st.sampled_from(
            [
                "achievement",
                "result",
                "identifier",
                "verifiableCredential",
                "association",
                "achievementType",
                "alignment",
            ]
        ),
        json_values,
        max_size=5,
    ),
    kind=type_values,
)
def test_never_raises_on_malformed_structures(subject: dict[str, Any], kind: str) -> None:
    document = example("fullOpenBadge")
    document["type"] = ["VerifiableCredential", kind]
    document["credentialSubject"].update(subject)
    if "achievement" in subject and isinstance(subject["achievement"], dict):
        subject["achievement"].update(subject)
    assert isinstance(strict_problems(document), list)


def test_a_single_proof_object_counts_as_an_array_of_one() -> None:
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2024-01-01T00:00:00Z",
        "verificationMethod": "did:key:z6Mk#z6Mk",
        "proofPurpose": "assertionMethod",
        "proofValue": "z58",
    }
    document = example("basicOpenBadgeCredential")
    document["proof"] = proof
    assert strict_problems(document) == []
    assert document["proof"] is proof  # the document itself is untouched
    document["proof"] = "nope"
    assert codes_at(strict_problems(document)) == {(SCHEMA_VALIDATION_ERROR, "/proof")}


_WHITESPACE = [chr(c) for c in range(0x110000) if chr(c).isspace()]


@given(
    st.sampled_from(_WHITESPACE),
    st.integers(min_value=0, max_value=40),
)
def test_a_url_with_any_unicode_whitespace_is_not_a_url(space: str, position: int) -> None:
    from vcler.openbadges.rules import is_url

    url = "https://osn.example.org/rsd/skill-1?q=x"
    assert is_url(url)
    assert not is_url(url[:position] + space + url[position:])


def _with_results(descriptions: list[Any], results: list[Any]) -> dict[str, Any]:
    from vcler.cli._demo import example_credential

    credential = example_credential()
    credential["credentialSubject"]["achievement"]["resultDescription"] = descriptions
    credential["credentialSubject"]["result"] = results
    return credential


def _rule_pointers(document: dict[str, Any]) -> list[str]:
    from vcler.openbadges.rules import rule_problems

    return [problem.pointer for problem in rule_problems(document)]


def test_ids_and_values_of_any_json_type_are_compared_not_crashed_on() -> None:
    # Arrays and objects where strings belong are schema errors; the rules compare them as
    # JSON values instead of failing on them (they were put in Python sets).
    description = {
        "id": "urn:rd:1",
        "type": ["ResultDescription"],
        "name": "Grade",
        "resultType": "LetterGrade",
        "allowedValue": ["A", ["B"], {"grade": "C"}],
        "requiredValue": {"grade": "C"},
        "requiredLevel": ["level"],
        "rubricCriterionLevel": [
            {"id": ["level"], "type": ["RubricCriterionLevel"], "name": "L"},
        ],
    }
    results = [
        {"type": ["Result"], "resultDescription": "urn:rd:1", "value": ["B"]},
        {"type": ["Result"], "resultDescription": "urn:rd:1", "achievedLevel": ["level"]},
        {"type": ["Result"], "resultDescription": "urn:rd:1", "value": {"grade": "D"}},
    ]
    assert _rule_pointers(_with_results([description], results)) == [
        "/credentialSubject/result/2/value"
    ]


def test_results_are_checked_against_every_description_at_once() -> None:
    # Thousands of results and levels: each result is looked up, not compared with each level.
    descriptions = [
        {
            "id": f"urn:rd:{index}",
            "type": ["ResultDescription"],
            "name": "Level",
            "resultType": "RubricCriterionLevel",
            "rubricCriterionLevel": [
                {"id": f"urn:level:{index}", "type": ["RubricCriterionLevel"], "name": "L"}
            ],
        }
        for index in range(3000)
    ]
    results = [
        {"type": ["Result"], "achievedLevel": f"urn:level:{index * 2}"} for index in range(3000)
    ]
    pointers = _rule_pointers(_with_results(descriptions, results))
    assert pointers == [
        f"/credentialSubject/result/{index}/achievedLevel" for index in range(1500, 3000)
    ]
