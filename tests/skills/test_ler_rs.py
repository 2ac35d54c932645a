"""vcler.skills.ler_rs: the LER-RS export, validated against the published LER-RS 4.4 schemas."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from tests.skills import learner as L
from tests.vectors import vector_path
from vcler.skills import Library, profile
from vcler.skills.ler_rs import LER_RS_TYPE, ler_rs_document

BASE = "http://schema.hropenstandards.org/4.4/"
SCHEMAS = vector_path("ler-rs", "schemas")


def _registry() -> Registry[Any]:
    resources = []
    for path in SCHEMAS.rglob("*.json"):
        contents = json.loads(path.read_bytes())
        uri = BASE + path.relative_to(SCHEMAS).as_posix()
        resources.append((uri, Resource.from_contents(contents, default_specification=DRAFT4)))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def validate(document: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft4Validator(
        {"$ref": BASE + "recruiting/json/LER-RSType.json"}, registry=REGISTRY
    )
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
        for e in validator.iter_errors(document)
    ]


def test_the_schema_refuses_what_it_should() -> None:
    assert validate({"type": LER_RS_TYPE}) == []
    assert validate({"type": "http://example.org/other"}) != []
    assert validate({"type": LER_RS_TYPE, "skills": []}) != []  # minItems 1


def test_export_of_a_profile_validates_and_carries_exactly_the_verified_skills() -> None:
    result = profile(L.documents(), verify=L.fake_verify, crosswalk=L.CROSSWALK)
    document = ler_rs_document(result, name="Ada Lovelace")
    assert validate(document) == []
    assert document["person"] == {"name": {"formattedName": "Ada Lovelace"}}
    exported = {skill["schemeReference"]["reference"] for skill in document["skills"]}
    assert exported == {skill.id for skill in result.skills()}
    assert L.RSD_MACHINE_LEARNING.id not in exported  # tampered: not verified
    assert L.LIGHTCAST_JAVA.id not in exported  # revoked
    # Every verified credential once (the CLR's course on its own), none rejected.
    carried = [
        entry["verifications"][0]["otherW3CVerifiableCredential"]["id"]
        for entry in document["educationAndLearnings"]
    ]
    assert L.REVOKED not in carried and L.TAMPERED not in carried
    assert "urn:uuid:c0c0c0c0-0000-4000-8000-000000000101" in carried
    kubernetes = next(s for s in document["skills"] if s["name"] == "Kubernetes")
    assert kubernetes["verifications"] == [
        {"Verification": {"reference": "urn:uuid:e0e0e0e0-0000-4000-8000-000000000001"}}
    ]
    assert kubernetes["comments"][0].startswith("Kubernetes, issuer https://employer.example.com")


def test_library_names_schemes_and_certifications() -> None:
    library = Library.from_files(vector_path("lightcast", "skills.derived.json"))
    python = library.get("KS125LS6N7WP4S6SFTCK")
    badge = L.employer_assertion(
        "urn:uuid:e0e0e0e0-0000-4000-8000-0000000000bb", python, "2024-01-01T00:00:00Z"
    )
    badge["credentialSubject"]["achievement"]["achievementType"] = "Certification"
    document = ler_rs_document(profile([badge], verify=L.fake_verify, library=library))
    assert validate(document) == []
    (skill,) = document["skills"]
    assert skill["schemeReference"] == {
        "reference": python.id,
        "scheme": "https://lightcast.io/open-skills",
    }
    assert len(document["certifications"]) == 1 and "educationAndLearnings" not in document


@pytest.mark.parametrize("inputs", [[], [{"id": L.REVOKED}]])
def test_nothing_verified_exports_nothing(inputs: list[Any]) -> None:
    document = ler_rs_document(profile(inputs, verify=L.fake_verify))
    assert document == {"type": LER_RS_TYPE} and validate(document) == []
