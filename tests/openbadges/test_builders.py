"""Builders: contexts, filled-in types, validation of what they build."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from vcler.errors import InputError, ValidationError
from vcler.jsonld import bundled_contexts
from vcler.openbadges import (
    CLR_CONTEXTS,
    OB_CONTEXTS,
    build_achievement_credential,
    build_clr_credential,
    build_endorsement_credential,
    validate_open_badge,
)

ACHIEVEMENT = {
    "id": "https://example.edu/achievements/sql",
    "name": "SQL",
    "description": "Querying relational databases",
    "criteria": {"narrative": "Pass the exam"},
    "alignment": [
        {
            "targetName": "SQL",
            "targetUrl": "https://lightcast.io/open-skills/skills/KS440W865GC4VRBW6LJP",
        }
    ],
    "resultDescription": [
        {"id": "urn:uuid:rd-1", "name": "Exam", "resultType": "Percent"},
    ],
}


def test_contexts_are_bundled() -> None:
    assert set(OB_CONTEXTS) | set(CLR_CONTEXTS) <= set(bundled_contexts())
    assert CLR_CONTEXTS == (
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    )


def test_achievement_credential_fills_types_and_validates() -> None:
    valid_from = datetime(2024, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    credential = build_achievement_credential(
        issuer="https://example.edu/issuers/1",
        subject_id="did:example:learner",
        achievement=ACHIEVEMENT,
        valid_from=valid_from,
        results=[{"resultDescription": "urn:uuid:rd-1", "value": "91"}],
        evidence=["https://example.edu/evidence/1", {"name": "Project", "narrative": "n"}],
        identifiers=[
            {"hashed": False, "identityHash": "a@example.edu", "identityType": "emailAddress"}
        ],
    )
    assert credential["@context"] == list(OB_CONTEXTS)
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"].startswith("urn:uuid:")
    assert credential["name"] == "SQL"
    assert credential["validFrom"] == "2024-03-01T07:30:00Z"
    assert credential["issuer"] == {"id": "https://example.edu/issuers/1", "type": ["Profile"]}
    subject = credential["credentialSubject"]
    assert subject["achievement"]["alignment"][0]["type"] == ["Alignment"]
    assert subject["achievement"]["resultDescription"][0]["type"] == ["ResultDescription"]
    assert subject["result"][0]["type"] == ["Result"]
    assert subject["identifier"][0]["type"] == "IdentityObject"
    assert [e["type"] for e in credential["evidence"]] == [["Evidence"], ["Evidence"]]
    assert ACHIEVEMENT["alignment"][0].get("type") is None  # the input is not modified
    assert validate_open_badge(credential) == []


def test_invalid_input_raises_validation_error_with_problems() -> None:
    with pytest.raises(ValidationError) as raised:
        build_achievement_credential(
            issuer="https://example.edu/issuers/1",
            subject_id="did:example:learner",
            achievement={**ACHIEVEMENT, "achievementType": "Nonsense"},
            valid_from="2024-01-01T00:00:00Z",
            results=[{"resultDescription": "urn:uuid:missing"}],
        )
    pointers = {p.pointer for p in raised.value.problems}
    assert "/credentialSubject/achievement/achievementType" in pointers
    assert "/credentialSubject/result/0/resultDescription" in pointers


def test_argument_errors() -> None:
    with pytest.raises(InputError):
        build_achievement_credential(
            issuer="https://example.edu/issuers/1",
            subject_id=None,
            achievement=ACHIEVEMENT,
            valid_from=datetime(2024, 1, 1),  # naive
        )
    with pytest.raises(InputError):
        build_clr_credential(
            issuer="https://example.edu/issuers/1",
            subject_id="did:example:learner",
            credentials=[],
            valid_from="2024-01-01T00:00:00Z",
            name="Transcript",
        )


def test_endorsement_credential() -> None:
    endorsement = build_endorsement_credential(
        issuer={"id": "https://state.example.gov/issuers/1", "name": "State"},
        subject_id="https://example.edu/issuers/1",
        name="Good standing",
        comment="In good standing",
        valid_from="2024-01-01T00:00:00Z",
        valid_until="2026-01-01T00:00:00Z",
    )
    assert endorsement["type"] == ["VerifiableCredential", "EndorsementCredential"]
    assert endorsement["issuer"]["type"] == ["Profile"]
    assert endorsement["credentialSubject"]["type"] == ["EndorsementSubject"]
    assert validate_open_badge(endorsement) == []
