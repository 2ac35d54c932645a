"""profile(): only verified credentials count; skills from alignments, results, CLRs, crosswalks."""

from __future__ import annotations

from typing import Any

from tests.skills import learner as L
from vcler.errors import DocumentLoaderError
from vcler.openbadges import validate_open_badge
from vcler.results import VerificationResult
from vcler.skills import Crosswalk, SkillsProfile, profile


def by_id(result: SkillsProfile, **kwargs: Any) -> dict[str, Any]:
    return {skill.id: skill for skill in result.skills(**kwargs)}


def test_learner_documents_are_valid_open_badges() -> None:
    for document in L.documents():
        assert validate_open_badge(document) == []


def test_only_verified_documents_count() -> None:
    result = profile(L.documents(), verify=L.fake_verify)
    skills = by_id(result)
    assert set(skills) == {
        L.CASE_INTRO_PROGRAMMING.id,
        L.CASE_DATA_STRUCTURES.id,
        L.RSD_PYTHON.id,
        L.LIGHTCAST_KUBERNETES.id,
        L.LIGHTCAST_PYTHON.id,
    }
    assert L.LIGHTCAST_JAVA.id not in skills  # revoked
    assert L.RSD_MACHINE_LEARNING.id not in skills  # tampered
    rejected = {r.input: [p.code for p in r.problems] for r in result.rejected}
    assert rejected == {L.REVOKED: ["CREDENTIAL_REVOKED"], L.TAMPERED: ["PROOF_VERIFICATION_ERROR"]}
    assert result.subjects == (L.LEARNER,)


def test_evidence_details() -> None:
    skills = by_id(profile(L.documents(), verify=L.fake_verify))
    intro = skills[L.CASE_INTRO_PROGRAMMING.id]
    assert intro.name == "Introductory programming"
    assert intro.framework == "College CS Outcomes"
    (evidence,) = intro.evidence
    assert evidence.to_json() == {
        "skill": L.CASE_INTRO_PROGRAMMING.id,
        "subject": L.LEARNER,
        "credential": "urn:uuid:c0c0c0c0-0000-4000-8000-000000000101",
        "issuer": L.COLLEGE,
        "achievement": {"id": "https://college.example.edu/courses/cs101", "name": "CS 101"},
        "date": "2022-12-15T00:00:00Z",
        "result": "B",
        "container": "urn:uuid:c1c1c1c1-0000-4000-8000-000000000001",
    }
    (project,) = skills[L.CASE_DATA_STRUCTURES.id].evidence
    assert project.to_json()["level"] == "Proficient"
    (bootcamp,) = skills[L.RSD_PYTHON.id].evidence
    assert bootcamp.to_json()["result"] == "92"
    assert skills[L.RSD_PYTHON.id].framework == "Example Bootcamp"
    (kubernetes,) = skills[L.LIGHTCAST_KUBERNETES.id].evidence
    assert kubernetes.issuer == L.EMPLOYER and "result" not in kubernetes.to_json()


def test_crosswalk_merges_and_counts_children_toward_parents() -> None:
    result = profile(L.documents(), verify=L.fake_verify, crosswalk=L.CROSSWALK)
    skills = by_id(result)
    assert L.RSD_PYTHON.id not in skills  # merged into its exact match
    python = skills[L.LIGHTCAST_PYTHON.id]
    assert python.same_as == (L.RSD_PYTHON.id,)
    assert {e.issuer for e in python.evidence} == {L.BOOTCAMP, L.EMPLOYER}
    programming = skills[L.LIGHTCAST_PROGRAMMING.id]
    assert programming.name is None  # known only through the crosswalk
    assert {(e.skill.id, e.via) for e in programming.evidence} == {
        (L.CASE_INTRO_PROGRAMMING.id, L.CASE_INTRO_PROGRAMMING.id),
        (L.RSD_PYTHON.id, L.LIGHTCAST_PYTHON.id),
        (L.LIGHTCAST_PYTHON.id, L.LIGHTCAST_PYTHON.id),
    }
    # isRelatedTo does not make the rejected ML badge (or anything) count for Python.
    assert all(e.credential != L.TAMPERED for e in python.evidence)
    # The same profile without a crosswalk, then with one given later, agree.
    later = profile(L.documents(), verify=L.fake_verify).skills(
        crosswalk=Crosswalk.from_associations(L.CROSSWALK)
    )
    assert [s.to_json() for s in later] == [s.to_json() for s in result.skills()]


def test_presentations_are_checked_credential_by_credential() -> None:
    docs = L.documents()
    presentation = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:vp-1",
        "type": ["VerifiablePresentation"],
        "holder": L.LEARNER,
        "verifiableCredential": [docs[1], docs[5]],  # bootcamp Python + revoked Java
    }
    result = profile([presentation], verify=L.fake_verify)
    assert set(by_id(result)) == {L.RSD_PYTHON.id}
    assert [(r.input, r.problems[0].code) for r in result.rejected] == [
        ("urn:uuid:vp-1/verifiableCredential/1", "CREDENTIAL_REVOKED")
    ]
    tampered = {**presentation, "id": "urn:uuid:vp-tampered"}
    result = profile([tampered], verify=L.fake_verify)
    assert result.skills() == ()
    assert [(r.input, [p.code for p in r.problems]) for r in result.rejected] == [
        ("urn:uuid:vp-tampered", ["PROOF_VERIFICATION_ERROR"])
    ]


def test_presentation_without_nested_results_verifies_each_credential() -> None:
    calls: list[Any] = []

    def verify(document: Any) -> VerificationResult:
        calls.append(document.get("id"))
        if "VerifiablePresentation" in document["type"]:
            return VerificationResult.from_problems([])
        return L.fake_verify(document)

    docs = L.documents()
    presentation = {"type": ["VerifiablePresentation"], "verifiableCredential": [docs[3], docs[2]]}
    result = profile([presentation], verify=verify, labels=["vp.json"])
    assert set(by_id(result)) == {L.LIGHTCAST_KUBERNETES.id}
    assert [r.input for r in result.rejected] == ["vp.json/verifiableCredential/1"]
    assert calls == [None, docs[3]["id"], L.TAMPERED]


def test_unreadable_inputs_and_verifier_errors_are_rejected_not_raised() -> None:
    def verify(document: Any) -> VerificationResult:
        raise DocumentLoaderError("status list unavailable")

    # A string may be a token (a JWT, a signed badge): it is verified too.
    result = profile(
        [L.documents()[1], 42, "junk"], verify=verify, labels=["a.json", "b.json", "c.jwt"]
    )
    assert result.skills() == ()
    assert [(r.input, r.problems[0].code) for r in result.rejected] == [
        ("a.json", "LOADING_DOCUMENT_FAILED"),
        ("b.json", "PARSING_ERROR"),
        ("c.jwt", "LOADING_DOCUMENT_FAILED"),
    ]


def test_failing_results_and_statuses_show_no_skill() -> None:
    course = L.college_course()
    course["credentialSubject"]["result"][0]["value"] = "F"  # below requiredValue D
    course["credentialSubject"]["result"][1]["achievedLevel"] = "urn:uuid:lv-basic"
    skills = by_id(profile([course], verify=L.fake_verify))
    assert skills[L.CASE_INTRO_PROGRAMMING.id].evidence[0].to_json()["result"] == "F"
    assert skills[L.CASE_DATA_STRUCTURES.id].evidence[0].to_json()["level"] == "Basic"
    course["credentialSubject"]["result"].append({"type": ["Result"], "status": "InProgress"})
    assert profile([course], verify=L.fake_verify).skills() == ()


def test_identity_from_identifiers_and_for_subject() -> None:
    badge = L.employer_assertion("urn:uuid:x", L.LIGHTCAST_KUBERNETES, "2024-01-01T00:00:00Z")
    del badge["credentialSubject"]["id"]
    badge["credentialSubject"]["identifier"] = [
        {
            "type": "IdentityObject",
            "hashed": False,
            "identityHash": "ada@example.com",
            "identityType": "emailAddress",
        }
    ]
    result = profile([badge, *L.documents()], verify=L.fake_verify)
    assert result.subjects == (L.LEARNER, "emailAddress:ada@example.com")
    only = result.for_subject("emailAddress:ada@example.com")
    assert [s.id for s in only.skills()] == [L.LIGHTCAST_KUBERNETES.id]


def test_json_form() -> None:
    out = profile(L.documents(), verify=L.fake_verify).to_json()
    assert set(out) == {"skills", "rejected"}
    assert {"id", "name", "framework", "evidence"} <= set(out["skills"][0])
    assert out["rejected"][0]["problems"][0]["code"] in {
        "CREDENTIAL_REVOKED",
        "PROOF_VERIFICATION_ERROR",
    }
