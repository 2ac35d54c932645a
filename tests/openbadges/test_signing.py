"""Open Badges 3.0 and CLR 2.0 through the recipes: sign, verify, nested credentials, rules."""

from __future__ import annotations

import copy

import pytest

import vcler
from vcler.di import add_proof
from vcler.openbadges import build_achievement_credential, build_clr_credential
from vcler.skills import Skill
from vcler.validation import validate_with_warnings

VALID_FROM = "2026-05-01T00:00:00Z"


def badge(issuer_key, name="Python for Data", skill=None):
    skill = skill or Skill.from_lightcast("KS1200364C9C1LK3V5Q1", name="Python")
    return build_achievement_credential(
        issuer={"id": issuer_key.controller, "type": ["Profile"], "name": "Bootcamp"},
        subject_id="did:example:learner",
        achievement={
            "id": f"https://bootcamp.example/achievements/{name.lower().replace(' ', '-')}",
            "name": name,
            "description": f"Demonstrated {name}.",
            "criteria": {"narrative": "Passed the final project."},
            "alignment": [skill.to_alignment()],
        },
        valid_from=VALID_FROM,
    )


@pytest.mark.parametrize("suite", ["eddsa-rdfc-2022", "Ed25519Signature2020"])
def test_open_badge_issues_and_verifies(suite):
    key = vcler.generate_key("Ed25519")
    signed = vcler.issue(badge(key), signer=key, suite=suite)
    assert vcler.validate(signed) == []
    result = vcler.verify(signed)
    assert result.verified, result.problems


def test_https_profile_issuer_with_controller_document():
    key = vcler.generate_key("Ed25519", controller="https://bootcamp.example/issuer", id="#key-1")
    controller = {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": key.controller,
        "verificationMethod": [key.to_json(include_secret=False)],
        "assertionMethod": [key.id],
    }
    signed = vcler.issue(badge(key), signer=key, suite="Ed25519Signature2020")
    assert not vcler.verify(signed).verified  # needs the controller document: offline by default
    assert vcler.verify(signed, documents={key.controller: controller}).verified


def test_open_badge_rules_apply_to_validate_issue_and_verify():
    key = vcler.generate_key("Ed25519")
    credential = badge(key)
    credential["credentialSubject"]["achievement"]["alignment"][0]["targetType"] = "Skillz"
    pointer = "/credentialSubject/achievement/alignment/0/targetType"
    # A deviation from the data model's rules: a warning, a problem when strict.
    result = validate_with_warnings(credential)
    assert result.problems == []
    assert [w.pointer for w in result.warnings] == [pointer]
    assert vcler.validate(credential) == []
    assert [p.pointer for p in vcler.validate(credential, strict=True)] == [pointer]
    # vcler never signs it...
    with pytest.raises(vcler.ValidationError):
        vcler.issue(credential, signer=key)
    # ...but accepts it signed by someone else, with the deviation as a warning.
    signed = add_proof(credential, signer=key, suite="eddsa-rdfc-2022", purpose="assertionMethod")
    lenient = vcler.verify(signed)
    assert lenient.verified, lenient.problems
    assert [w.pointer for w in lenient.warnings] == [pointer]
    strict = vcler.verify(signed, strict=True)
    assert not strict.verified
    assert [p.pointer for p in strict.problems] == [pointer]
    assert not vcler.Verifier(strict=True).verify(signed).verified


def test_clr_verifies_each_nested_achievement_credential():
    college = vcler.generate_key("Ed25519")
    bootcamp = vcler.generate_key("Ed25519")
    registrar = vcler.generate_key("Ed25519")
    first = vcler.issue(badge(college, "Statistics"), signer=college)
    second = vcler.issue(badge(bootcamp, "Python"), signer=bootcamp)
    clr = build_clr_credential(
        issuer={"id": registrar.controller, "type": ["Profile"], "name": "Registrar"},
        subject_id="did:example:learner",
        credentials=[first, second],
        valid_from=VALID_FROM,
        name="Learner record",
    )
    signed = vcler.issue(clr, signer=registrar)
    result = vcler.verify(signed)
    assert result.verified, result.problems
    assert [c.verified for c in result.credentials] == [True, True]

    # A nested credential forged before the CLR was signed: the CLR's own proof holds,
    # the nested one does not, and the pointer says which.
    forged = copy.deepcopy(second)
    forged["credentialSubject"]["achievement"]["name"] = "Rust"
    clr_forged = build_clr_credential(
        issuer={"id": registrar.controller, "type": ["Profile"], "name": "Registrar"},
        subject_id="did:example:learner",
        credentials=[first, forged],
        valid_from=VALID_FROM,
        name="Learner record",
    )
    outcome = vcler.verify(vcler.issue(clr_forged, signer=registrar))
    assert not outcome.verified
    assert [c.verified for c in outcome.credentials] == [True, False]
    assert outcome.problems
    assert all(
        p.pointer.startswith("/credentialSubject/verifiableCredential/1") for p in outcome.problems
    )
