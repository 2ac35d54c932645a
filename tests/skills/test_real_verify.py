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
    for document in (L.documents()[0], L.documents()[3]):
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
