"""vcler.verify on envelopes: tokens at the top, enveloped credentials in presentations, keys
from did:key, did:jwk, did:web and https controller documents, and the same data model,
validity, status and Open Badges checks as Data Integrity credentials."""

from __future__ import annotations

import copy
from datetime import datetime, timezone
from typing import Any

import pytest

import vcler
from tests.jose.controllers import jwk_controller
from vcler._enveloping import envelope
from vcler.cli._demo import example_credential
from vcler.keys import KeyPair

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
FORMATS = ["jwt", "sd-jwt", "cose"]


@pytest.fixture(scope="module", params=["Ed25519", "P-256", "P-384", "P-521"])
def key(request: pytest.FixtureRequest) -> KeyPair:
    return vcler.generate_key(request.param)


@pytest.fixture(scope="module")
def holder() -> KeyPair:
    return vcler.generate_key("P-256")


def badge(issuer: str) -> dict[str, Any]:
    credential = example_credential()
    credential["issuer"]["id"] = issuer
    return credential


@pytest.mark.parametrize("format", [*FORMATS, "vc-jwt"])
def test_a_credential_issued_in_each_format_verifies(key: KeyPair, format: str) -> None:
    token = vcler.issue_envelope(badge(key.controller), signer=key, format=format)
    assert isinstance(token, str)
    result = vcler.verify(token, now=NOW)
    assert result.verified, result.problems
    assert result.document is not None and result.document["name"] == badge("x")["name"]
    assert [proof.verification_method for proof in result.proofs] == [key.id]
    assert result.proofs[0].controller == key.controller


@pytest.mark.parametrize("format", FORMATS)
def test_the_open_badges_checks_apply_to_what_the_envelope_carries(
    key: KeyPair, format: str
) -> None:
    from vcler._enveloping import secure_document
    from vcler.jose._opened import controller_claim

    credential = badge(key.controller)
    del credential["credentialSubject"]["achievement"]["criteria"]  # the schema requires it
    assert controller_claim(credential) == key.controller
    token = secure_document(credential, signer=key, format=format)
    lenient = vcler.verify(token, now=NOW)
    assert lenient.verified  # a deviation is a warning unless strict, as for DI
    assert any(w.code == "SCHEMA_VALIDATION_ERROR" for w in lenient.warnings)
    strict = vcler.verify(token, now=NOW, strict=True)
    assert not strict.verified


def test_the_validity_period_and_status_are_checked(key: KeyPair) -> None:
    credential = badge(key.controller)
    credential["validUntil"] = "2026-06-01T00:00:00Z"
    token = vcler.issue_envelope(credential, signer=key, format="jwt")
    result = vcler.verify(token, now=NOW)
    assert [p.code for p in result.problems] == ["CREDENTIAL_EXPIRED"]
    assert result.problems[0].pointer == "/validUntil"
    credential = badge(key.controller)
    credential["credentialStatus"] = {
        "id": "https://status.example/1#5",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "5",
        "statusListCredential": "https://status.example/1",
    }
    token = vcler.issue_envelope(credential, signer=key, format="sd-jwt")
    result = vcler.verify(token, now=NOW)
    assert "STATUS_RETRIEVAL_ERROR" in {p.code for p in result.problems}


@pytest.mark.parametrize("format", FORMATS)
def test_a_presentation_of_enveloped_credentials(
    key: KeyPair, holder: KeyPair, format: str
) -> None:
    token = vcler.issue_envelope(badge(key.controller), signer=key, format=format)
    presented = vcler.present_envelope(
        [token], signer=holder, format=format, challenge="c-1", domain="verifier.example"
    )
    result = vcler.verify(presented, now=NOW, challenge="c-1", domain="verifier.example")
    assert result.verified, result.problems
    assert [c.verified for c in result.credentials] == [True]
    assert result.credentials[0].proofs[0].controller == key.controller
    wrong = vcler.verify(presented, now=NOW, challenge="c-2")
    assert "INVALID_CHALLENGE_ERROR" in {p.code for p in wrong.problems}


def test_a_presentation_reports_its_inner_credentials_problems_under_their_pointer(
    key: KeyPair, holder: KeyPair
) -> None:
    credential = badge(key.controller)
    credential["validUntil"] = "2026-06-01T00:00:00Z"
    expired = vcler.issue_envelope(credential, signer=key, format="jwt")
    fine = vcler.issue_envelope(badge(key.controller), signer=key, format="cose")
    presented = vcler.present_envelope([fine, expired], signer=holder, format="jwt")
    result = vcler.verify(presented, now=NOW)
    assert not result.verified
    assert [(p.code, p.pointer) for p in result.problems] == [
        ("CREDENTIAL_EXPIRED", "/verifiableCredential/1/validUntil")
    ]
    assert [c.verified for c in result.credentials] == [True, False]


ALG_NONE = "eyJhbGciOiJub25lIn0.eyJpc3MiOiJkaWQ6ZXhhbXBsZTppc3N1ZXIifQ."


def _tamper(token: str) -> str:
    header, payload, signature = token.split(".")
    flipped = "A" if signature[5] != "A" else "B"
    return f"{header}.{payload}.{signature[:5]}{flipped}{signature[6:]}"


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda token: ALG_NONE, "DISALLOWED_ALGORITHM"),
        (_tamper, "CRYPTOGRAPHIC_SECURITY_ERROR"),
    ],
    ids=["alg-none", "tampered"],
)
def test_a_presentation_carrying_a_bad_enveloped_credential_is_not_verified(
    key: KeyPair, holder: KeyPair, make: Any, code: str
) -> None:
    token = make(vcler.issue_envelope(badge(key.controller), signer=key, format="jwt"))
    presentation = vcler.present([envelope(token, format="jwt")], signer=holder, challenge="c-1")
    result = vcler.verify(presentation, now=NOW, challenge="c-1")
    assert not result.verified
    assert (code, "/verifiableCredential/0") in {(p.code, p.pointer) for p in result.problems}


def test_a_data_integrity_presentation_may_carry_enveloped_credentials(
    key: KeyPair, holder: KeyPair
) -> None:
    token = vcler.issue_envelope(badge(key.controller), signer=key, format="sd-jwt")
    signed = vcler.issue(badge(key.controller), signer=key) if key.type != "P-521" else None
    items = [envelope(token, format="sd-jwt"), *([signed] if signed else [])]
    presentation = vcler.present(items, signer=holder, challenge="c-1")
    result = vcler.verify(presentation, now=NOW, challenge="c-1")
    assert result.verified, result.problems


def test_an_enveloped_credential_holding_a_presentation_is_refused(
    key: KeyPair, holder: KeyPair
) -> None:
    inner = vcler.present_envelope([], signer=holder, format="jwt")
    wrapped = {**envelope(inner, format="jwt"), "id": "data:application/vp+jwt," + inner}
    result = vcler.verify(wrapped, now=NOW)
    assert ("INVALID_MEDIA_TYPE", "/id") in {(p.code, p.pointer) for p in result.problems}


def test_keys_from_did_web_and_https_controller_documents(key: KeyPair) -> None:
    for controller in ("did:web:issuer.example", "https://issuer.example/profile"):
        signer = KeyPair(key.private_key, controller=controller, id=f"{controller}#key-1")  # type: ignore[arg-type]
        _, document = jwk_controller(controller, signer.public_key.to_jwk())
        token = vcler.issue_envelope(badge(controller), signer=signer, format="jwt")
        assert vcler.verify(token, now=NOW, documents={controller: document}).verified
        # Not published: the key cannot be found, so nothing is verified.
        unknown = vcler.verify(token, now=NOW)
        assert not unknown.verified
        # A method the issuer lists but not for assertions.
        document["assertionMethod"] = []
        refused = vcler.verify(token, now=NOW, documents={controller: document})
        assert "INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD" in {p.code for p in refused.problems}


def test_a_did_jwk_issuer(key: KeyPair) -> None:
    from vcler.did import did_jwk_from_jwk

    did = did_jwk_from_jwk(key.public_key.to_jwk())
    signer = KeyPair(key.private_key, controller=did, id=did + "#0")  # type: ignore[arg-type]
    token = vcler.issue_envelope(badge(did), signer=signer, format="jwt")
    assert vcler.verify(token, now=NOW).verified


def test_another_issuers_key_is_refused(key: KeyPair) -> None:
    other = vcler.generate_key("Ed25519")
    credential = badge(other.controller)
    from vcler._enveloping import secure_document

    token = secure_document(credential, signer=key, format="jwt")
    result = vcler.verify(token, now=NOW)
    assert not result.verified


def test_media_type_declared_must_match(key: KeyPair) -> None:
    token = vcler.issue_envelope(badge(key.controller), signer=key, format="jwt")
    assert vcler.verify(token, now=NOW, media_type="application/vc+jwt").verified
    assert vcler.verify(token, now=NOW, media_type="vc+jwt").verified
    wrong = vcler.verify(token, now=NOW, media_type="application/vp+jwt")
    assert "INVALID_MEDIA_TYPE" in {p.code for p in wrong.problems}
    unknown = vcler.verify(token, now=NOW, media_type="application/vc+cwt")
    assert [p.code for p in unknown.problems] == ["UNSUPPORTED_ENVELOPE"]


def test_the_policy_narrows_envelopes_and_algorithms(key: KeyPair) -> None:
    from vcler.context import VerificationContext

    token = vcler.issue_envelope(badge(key.controller), signer=key, format="jwt")
    only_cose = VerificationContext.create(now=NOW, allowed_envelopes=("application/vc+cose",))
    result = vcler.verify(token, context=only_cose)
    assert "UNSUPPORTED_ENVELOPE" in {p.code for p in result.problems}
    only_rs256 = VerificationContext.create(now=NOW, allowed_algorithms=("RS256",))
    result = vcler.verify(token, context=only_rs256)
    assert "DISALLOWED_ALGORITHM" in {p.code for p in result.problems}


def test_the_async_verifier_opens_envelopes(key: KeyPair, holder: KeyPair) -> None:
    import anyio

    token = vcler.issue_envelope(badge(key.controller), signer=key, format="sd-jwt")
    presented = vcler.present_envelope([token], signer=holder, format="cose")

    async def run() -> vcler.VerificationResult:
        return await vcler.averify(presented, now=NOW)

    result = anyio.run(run)
    assert result.verified, result.problems


def test_a_changed_credential_inside_the_token_is_caught(key: KeyPair) -> None:
    import base64
    import json

    token = vcler.issue_envelope(badge(key.controller), signer=key, format="jwt")
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    changed = copy.deepcopy(claims)
    changed["name"] = "Something else"
    forged = base64.urlsafe_b64encode(json.dumps(changed).encode()).rstrip(b"=").decode()
    result = vcler.verify(f"{header}.{forged}.{signature}", now=NOW)
    assert [p.code for p in result.proofs[0].problems] == ["CRYPTOGRAPHIC_SECURITY_ERROR"]
