"""profile() with the real vcler.issue / vcler.verify: signed badges count, tampered ones not."""

from __future__ import annotations

import copy

import vcler
from tests.skills import learner as L
from vcler.keys import generate_key
from vcler.openbadges import validate_open_badge
from vcler.skills import profile


def test_signed_badges_and_a_tampered_one() -> None:
    key = generate_key("Ed25519")
    signed = []
    clr, k8s = L.documents()[0], L.documents()[3]
    # The CLR's course credential is signed too: a CLR's credentials are verified one by one.
    course = clr["credentialSubject"]["verifiableCredential"][0]
    course["issuer"]["id"] = key.controller
    clr["credentialSubject"]["verifiableCredential"][0] = vcler.issue(
        course, signer=key, created="2024-06-01T00:00:00Z"
    )
    for document in (clr, k8s):
        document["issuer"]["id"] = key.controller
        signed.append(vcler.issue(document, signer=key, created="2024-06-01T00:00:00Z"))
    assert all(validate_open_badge(s) == [] for s in signed)
    tampered = copy.deepcopy(signed[1])
    tampered["credentialSubject"]["achievement"]["alignment"][0]["targetUrl"] = L.LIGHTCAST_JAVA.id
    result = profile([*signed, tampered], verify=vcler.verify, labels=["clr", "k8s", "forged"])
    assert {s.id for s in result.skills()} == {
        L.CASE_INTRO_PROGRAMMING.id,
        L.CASE_DATA_STRUCTURES.id,
        L.LIGHTCAST_KUBERNETES.id,
    }
    assert [r.input for r in result.rejected] == ["forged"]


def test_a_forged_badge_inside_a_clr_is_rejected_alone() -> None:
    key = generate_key("Ed25519")
    clr = L.documents()[0]
    course = clr["credentialSubject"]["verifiableCredential"][0]
    course["issuer"]["id"] = key.controller
    signed_course = vcler.issue(course, signer=key, created="2024-06-01T00:00:00Z")
    forged_course = copy.deepcopy(signed_course)
    forged_course["id"] = "urn:uuid:f0f0f0f0-0000-4000-8000-000000000001"
    clr["credentialSubject"]["verifiableCredential"] = [signed_course, forged_course]
    clr["issuer"]["id"] = key.controller
    signed = vcler.issue(clr, signer=key, created="2024-06-01T00:00:00Z")
    result = profile([signed], verify=vcler.verify, labels=["clr"])
    assert [r.input for r in result.rejected] == ["clr/credentialSubject/verifiableCredential/1"]
    assert {s.id for s in result.skills()} == {
        L.CASE_INTRO_PROGRAMMING.id,
        L.CASE_DATA_STRUCTURES.id,
    }
