"""Selective disclosure through the recipes: ``vcler.issue(..., suite="ecdsa-sd-2023")``,
``vcler.derive``, presentations of derived credentials, and the Open Badges path (a learner
shows one achievement and its skill alignments, and hides the rest)."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import pytest

import vcler
from vcler.di.suites.ecdsa_sd_2023.proof_values import parse_base_proof_value
from vcler.errors import InputError, MalformedProofError, ProofError
from vcler.skills import profile

V2 = "https://www.w3.org/ns/credentials/v2"
EXAMPLES = "https://www.w3.org/ns/credentials/examples/v2"


def transcript(issuer: str) -> dict[str, Any]:
    return {
        "@context": [V2, EXAMPLES],
        "id": "urn:uuid:9b1c7c1e-1f4e-4b1a-8a55-0b7f2f0d6e11",
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "validFrom": "2024-06-01T00:00:00Z",
        "validUntil": "2034-06-01T00:00:00Z",
        "credentialSubject": {
            "id": "did:example:learner-ada",
            "birthDate": "2001-02-03",
            "course": [
                {"type": "Course", "name": "Databases", "grade": "B"},
                {"type": "Course", "name": "Cryptography", "grade": "A"},
            ],
        },
    }


@pytest.fixture(scope="module", params=["P-256", "P-384"])
def registrar(request: pytest.FixtureRequest) -> Any:
    return vcler.generate_key(request.param)


@pytest.fixture(scope="module")
def base(registrar: Any) -> dict[str, Any]:
    return vcler.issue(transcript(registrar.controller), signer=registrar, suite="ecdsa-sd-2023")


def test_issuer_signs_a_base_proof_with_default_mandatory_pointers(
    registrar: Any, base: dict[str, Any]
) -> None:
    assert base["proof"]["cryptosuite"] == "ecdsa-sd-2023"
    parsed = parse_base_proof_value(base["proof"]["proofValue"])
    assert parsed.mandatory_pointers == ["/issuer", "/validFrom", "/validUntil"]
    assert len(parsed.hmac_key) == (32 if registrar.algorithm == "P-256" else 48)
    # A verifier refuses the base proof itself: it is for the holder.
    result = vcler.verify(base)
    assert not result.verified
    assert [p.code for p in result.problems] == ["PROOF_VERIFICATION_ERROR"]


def test_holder_discloses_what_they_choose(registrar: Any, base: dict[str, Any]) -> None:
    shared = vcler.derive(base, selective_pointers=["/credentialSubject/course/1/name"])
    assert {k: v for k, v in shared.items() if k != "proof"} == {
        "@context": [V2, EXAMPLES],
        "id": "urn:uuid:9b1c7c1e-1f4e-4b1a-8a55-0b7f2f0d6e11",
        "type": ["VerifiableCredential"],
        "issuer": registrar.controller,
        "validFrom": "2024-06-01T00:00:00Z",
        "validUntil": "2034-06-01T00:00:00Z",
        "credentialSubject": {
            "id": "did:example:learner-ada",
            "course": [{"type": "Course", "name": "Cryptography"}],
        },
    }
    result = vcler.verify(shared)
    assert result.verified, result.problems
    assert result.proofs[0].controller == registrar.controller
    assert base["credentialSubject"]["birthDate"] == "2001-02-03"  # the input is unchanged


def test_mandatory_pointers_chosen_by_the_issuer(registrar: Any) -> None:
    document = transcript(registrar.controller)
    base = vcler.issue(
        document,
        signer=registrar,
        suite="ecdsa-sd-2023",
        mandatory_pointers=["/issuer", "/credentialSubject/course/0"],
    )
    shared = vcler.derive(base, selective_pointers=[])
    assert shared["credentialSubject"]["course"] == [document["credentialSubject"]["course"][0]]
    assert "validFrom" not in shared
    assert vcler.verify(shared).verified
    # The Issuer object carries them for every credential; one issue call can override them.
    issuer = vcler.Issuer(registrar, suite="ecdsa-sd-2023", mandatory_pointers=["/issuer"])
    overridden = issuer.issue(document, mandatory_pointers=["/issuer", "/validFrom"])
    assert parse_base_proof_value(overridden["proof"]["proofValue"]).mandatory_pointers == [
        "/issuer",
        "/validFrom",
    ]
    with pytest.raises(InputError):
        vcler.issue(document, signer=registrar, mandatory_pointers=["/issuer"])


def test_derive_refusals(registrar: Any, base: dict[str, Any]) -> None:
    with pytest.raises(ProofError) as raised:
        vcler.derive(base, selective_pointers=["/credentialSubject/nothing-here"])
    assert raised.value.code == "PROOF_GENERATION_ERROR"
    none_mandatory = vcler.issue(
        transcript(registrar.controller),
        signer=registrar,
        suite="ecdsa-sd-2023",
        mandatory_pointers=[],
    )
    with pytest.raises(ProofError, match="nothing is selected"):
        vcler.derive(none_mandatory, selective_pointers=[])
    # A derived credential cannot be derived again.
    shared = vcler.derive(base, selective_pointers=["/credentialSubject/course"])
    with pytest.raises(MalformedProofError) as derived_again:
        vcler.derive(shared, selective_pointers=["/credentialSubject/course"])
    assert derived_again.value.pointer == "/proof/proofValue"
    # A credential with no selective disclosure proof.
    signed = vcler.issue(transcript(registrar.controller), signer=registrar)
    with pytest.raises(ProofError, match="no proof"):
        vcler.derive(signed, selective_pointers=["/credentialSubject"])
    with pytest.raises(InputError):
        vcler.derive(base, selective_pointers="/credentialSubject")  # type: ignore[arg-type]


def test_presentations_carry_derived_credentials(base: dict[str, Any]) -> None:
    holder = vcler.generate_key("Ed25519")
    shared = vcler.derive(base, selective_pointers=["/credentialSubject/course/0"])
    presentation = vcler.present([shared], signer=holder, challenge="c-42")
    result = vcler.verify(presentation, challenge="c-42")
    assert result.verified, result.problems
    assert result.credentials[0].proofs[0].cryptosuite == "ecdsa-sd-2023"
    # A presented derived credential altered by the holder fails inside the presentation.
    altered = copy.deepcopy(shared)
    altered["credentialSubject"]["course"][0]["grade"] = "A+"
    forged = vcler.present([altered], signer=holder, challenge="c-43")
    failed = vcler.verify(forged, challenge="c-43")
    assert not failed.verified
    assert {p.pointer for p in failed.problems} == {"/verifiableCredential/0/proof/proofValue"}
    # ecdsa-sd-2023 signs credentials to derive from, not presentations.
    p256 = vcler.generate_key("P-256")
    with pytest.raises(InputError):
        vcler.present([shared], signer=p256, suite="ecdsa-sd-2023")


# -- Open Badges ---------------------------------------------------------------------------------


def skill_badge(issuer: str) -> dict[str, Any]:
    text = resources.files("vcler.data").joinpath("examples/skill-badge.json").read_text()
    badge: dict[str, Any] = json.loads(text)
    badge["issuer"]["id"] = issuer
    subject = badge["credentialSubject"]
    subject["result"] = [{"type": ["Result"], "value": "B+"}]
    subject["identifier"] = [
        {
            "type": "IdentityObject",
            "hashed": False,
            "identityHash": "ada@example.org",
            "identityType": "emailAddress",
        }
    ]
    return badge


def test_open_badge_discloses_the_achievement_and_its_alignments() -> None:
    college = vcler.generate_key("P-256")
    base = vcler.issue(skill_badge(college.controller), signer=college, suite="ecdsa-sd-2023")
    shared = vcler.derive(base, selective_pointers=["/name", "/credentialSubject/achievement"])
    subject = shared["credentialSubject"]
    assert set(subject) == {"id", "type", "achievement"}  # no result, no identifier
    assert subject["achievement"]["alignment"][0]["targetCode"] == "DA-101"
    # Still an Open Badge: it verifies with the 1EdTech schema checks as problems...
    strict = vcler.verify(shared, strict=True)
    assert strict.verified, strict.problems
    assert not strict.warnings
    # ...and its skills read as any badge's do.
    learner = profile([shared], verify=vcler.verify)
    assert [skill.name for skill in learner.skills()] == ["Data Analysis"]
    # A pointer into an array of one alignment (which JSON-LD compaction writes as the item).
    one = vcler.derive(base, selective_pointers=["/credentialSubject/achievement/alignment/0"])
    assert one["credentialSubject"]["achievement"]["alignment"][0]["targetCode"] == "DA-101"
    assert vcler.verify(one).verified


def test_open_badge_with_too_little_disclosed_is_no_valid_badge() -> None:
    college = vcler.generate_key("P-256")
    base = vcler.issue(skill_badge(college.controller), signer=college, suite="ecdsa-sd-2023")
    shared = vcler.derive(base, selective_pointers=["/credentialSubject/achievement/alignment"])
    lenient = vcler.verify(shared)
    assert lenient.verified  # the proof holds...
    assert {w.code for w in lenient.warnings} == {"SCHEMA_VALIDATION_ERROR"}
    assert not vcler.verify(shared, strict=True).verified  # ...but it is no valid badge
