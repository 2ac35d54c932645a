"""The realistic learner, for real: three issuers sign, one credential is revoked through a
status list, one is tampered with; the skills profile and the job match come out right."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import vcler
from tests.skills import learner as L
from vcler.skills import match, profile
from vcler.status import StatusRegistry

STATUS_LIST = "https://employer.example.com/status/1"


def _controller_document(key: Any) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": key.controller,
        "verificationMethod": [key.to_json(include_secret=False)],
        "assertionMethod": [key.id],
    }


def test_profile_and_match_from_real_signatures(tmp_path: Path) -> None:
    keys = {
        issuer: vcler.generate_key("Ed25519", controller=issuer, id="#key-1")
        for issuer in (L.COLLEGE, L.BOOTCAMP, L.EMPLOYER)
    }
    documents: dict[str, Any] = {k.controller: _controller_document(k) for k in keys.values()}
    registry = StatusRegistry(tmp_path / "status.db")
    registry.create_list(STATUS_LIST, signer=keys[L.EMPLOYER])

    signed = []
    for document in L.documents():
        issuer = document["issuer"]["id"]
        if "ClrCredential" in document["type"]:
            held = document["credentialSubject"]["verifiableCredential"]
            held[:] = [vcler.issue(c, signer=keys[c["issuer"]["id"]]) for c in held]
        status = (registry, STATUS_LIST) if issuer == L.EMPLOYER else None
        signed.append(vcler.issue(document, signer=keys[issuer], status=status))

    # The bootcamp's ML badge is edited after signing; the employer revokes its Java assertion.
    tampered = next(d for d in signed if d["id"] == L.TAMPERED)
    tampered["credentialSubject"]["achievement"]["name"] = "Deep Learning (Advanced)"
    revoked = next(d for d in signed if d["id"] == L.REVOKED)
    registry.set_status(STATUS_LIST, int(revoked["credentialStatus"]["statusListIndex"]), 1)
    documents[STATUS_LIST] = registry.publish(STATUS_LIST)
    registry.close()

    verify = functools.partial(vcler.verify, documents=documents)
    labels = ["clr", "python", "ml", "k8s", "py-employer", "java"]
    learner = profile(signed, verify=verify, crosswalk=L.CROSSWALK, labels=labels)

    reasons = {r.input: {p.code for p in r.problems} for r in learner.rejected}
    assert reasons == {"ml": {"PROOF_VERIFICATION_ERROR"}, "java": {"CREDENTIAL_REVOKED"}}
    ids = {skill.id for skill in learner.skills()}
    assert L.RSD_MACHINE_LEARNING.id not in ids and L.LIGHTCAST_JAVA.id not in ids
    assert {L.CASE_INTRO_PROGRAMMING.id, L.LIGHTCAST_KUBERNETES.id} <= ids

    job = [
        {"skill": L.LIGHTCAST_PYTHON.id},
        {"skill": L.LIGHTCAST_KUBERNETES.id},
        {"skill": L.LIGHTCAST_JAVA.id},
        {"skill": L.LIGHTCAST_PROGRAMMING.id},
    ]
    result = match(learner, job)
    assert [r.skill for r in result.missing] == [L.LIGHTCAST_JAVA.id]
    assert result.coverage == 0.75
    met = {m.requirement.skill: m for m in result.met}
    python_issuers = {e.issuer for e in met[L.LIGHTCAST_PYTHON.id].evidence}
    assert python_issuers == {L.BOOTCAMP, L.EMPLOYER}  # the RSD counts through the crosswalk
