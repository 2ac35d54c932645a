"""VC-JWT as VC 1.1 and Open Badges 3.0 define it: the credential under ``vc``, the registered
claims mapped from it, endorsementJwt values, CLRs; and what the async verifier fetches."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from typing import Any

import vcler
from vcler._steps import needed_documents
from vcler.cli._demo import example_credential
from vcler.context import VerificationContext
from vcler.keys.encoding import b64url_encode

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
KEY = vcler.generate_key("Ed25519")


def badge(issuer: str = KEY.controller) -> dict[str, Any]:
    credential = example_credential()
    credential["issuer"]["id"] = issuer
    return credential


def payload(token: str) -> dict[str, Any]:
    part = token.split(".")[1]
    claims: dict[str, Any] = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    return claims


def resign(header: dict[str, Any], claims: dict[str, Any]) -> str:
    encoded = (
        b64url_encode(json.dumps(header).encode())
        + "."
        + b64url_encode(json.dumps(claims).encode())
    )
    return encoded + "." + b64url_encode(KEY.sign(encoded.encode()))


def test_the_open_badges_jwt_maps_the_registered_claims() -> None:
    credential = badge()
    credential["validUntil"] = "2030-01-01T00:00:00Z"
    token = vcler.issue_envelope(credential, signer=KEY, format="vc-jwt")
    claims = payload(token)
    assert claims["vc"] == credential
    assert claims["iss"] == KEY.controller
    assert claims["sub"] == credential["credentialSubject"]["id"]
    assert claims["jti"] == credential["id"]
    assert claims["nbf"] == int(datetime(2026, 6, 1, tzinfo=timezone.utc).timestamp())
    assert claims["exp"] == int(datetime(2030, 1, 1, tzinfo=timezone.utc).timestamp())
    result = vcler.verify(token, now=NOW)
    assert result.verified, result.problems
    assert result.document == credential


def test_claims_that_disagree_with_the_credential_are_refused() -> None:
    token = vcler.issue_envelope(badge(), signer=KEY, format="vc-jwt")
    header = {"alg": "EdDSA", "kid": KEY.id, "typ": "JWT"}
    for name, value in (("sub", "did:example:else"), ("jti", "urn:else"), ("nbf", 1)):
        claims = {**payload(token), name: value}
        result = vcler.verify(resign(header, claims), now=NOW)
        assert ("INVALID_CLAIMS", f"/{name}") in {(p.code, p.pointer) for p in result.problems}
    extra = vcler.verify(resign({**header, "x5u": "https://x.example"}, payload(token)), now=NOW)
    assert "MALFORMED_ENVELOPE" in {p.code for p in extra.problems}


def test_a_vc_1_1_token_with_an_issuance_date() -> None:
    credential = {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "id": "urn:uuid:9b3e6a1e-1f66-4a3d-9d2a-3b3f1b6f7a01",
        "type": ["VerifiableCredential"],
        "issuer": KEY.controller,
        "issuanceDate": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:subject"},
    }
    token = vcler.issue_envelope(credential, signer=KEY, format="vc-jwt")
    assert payload(token)["nbf"] == int(datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp())
    assert vcler.verify(token, now=NOW).verified
    # The same token declared as VC-JOSE-COSE is refused: vc+jwt forbids the vc claim.
    declared = vcler.verify(token, now=NOW, media_type="application/vc+jwt")
    assert "INVALID_CLAIMS" in {p.code for p in declared.problems}


def test_endorsement_jwts_are_verified_with_the_credential() -> None:
    endorser = vcler.generate_key("Ed25519")
    endorsement = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:3f1c2a2e-0d7e-4c0a-8a55-2f9c1e1c0b01",
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": "Endorsement",
        "issuer": {"id": endorser.controller, "type": ["Profile"]},
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "urn:uuid:a63a60be-f4af-491e-87d6-2f38d1d2b6ce",
            "type": ["EndorsementSubject"],
            "endorsementComment": "A fine badge",
        },
    }
    good = vcler.issue_envelope(endorsement, signer=endorser, format="vc-jwt")
    credential = badge()
    # The Open Badges contexts (up to 3.0.3) do not define endorsementJwt although the data
    # model has it, so JSON-LD safe mode would refuse it: the credential defines it itself.
    credential["@context"].append(
        {"endorsementJwt": "https://purl.imsglobal.org/spec/vc/ob/vocab.html#endorsementJwt"}
    )
    credential["credentialSubject"]["achievement"]["endorsementJwt"] = [good]
    signed = vcler.issue(credential, signer=KEY)
    result = vcler.verify(signed, now=NOW)
    assert result.verified, result.problems
    assert [c.verified for c in result.credentials] == [True]
    # A forged endorsement (signed by another key) fails the credential, under its pointer.
    forger = vcler.generate_key("Ed25519")
    forged = vcler.jose.issue_vc_jwt_11(endorsement, signer=forger)
    credential["credentialSubject"]["achievement"]["endorsementJwt"] = [forged]
    result = vcler.verify(vcler.issue(credential, signer=KEY), now=NOW)
    assert not result.verified
    assert {p.pointer for p in result.problems} == {
        "/credentialSubject/achievement/endorsementJwt/0"
    }


def test_a_clr_may_carry_jwt_secured_achievement_credentials() -> None:
    token = vcler.issue_envelope(badge(), signer=KEY, format="jwt")
    clr = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:5c3e1c2a-8d1f-4b9e-9d6a-1a2b3c4d5e6f",
        "type": ["VerifiableCredential", "ClrCredential"],
        "name": "Transcript",
        "issuer": {"id": KEY.controller, "type": ["Profile"]},
        "validFrom": "2026-06-01T00:00:00Z",
        "credentialSubject": {
            "id": "did:example:learner",
            "type": ["ClrSubject"],
            "verifiableCredential": [
                {
                    "@context": ["https://www.w3.org/ns/credentials/v2"],
                    "id": "data:application/vc+jwt," + token,
                    "type": "EnvelopedVerifiableCredential",
                }
            ],
        },
    }
    result = vcler.verify(vcler.issue_envelope(clr, signer=KEY, format="jwt"), now=NOW)
    assert [c.verified for c in result.credentials] == [True], result.problems


def test_the_async_verifier_is_told_which_controller_documents_a_token_needs() -> None:
    context = VerificationContext.create(now=NOW)
    signer = vcler.KeyPair(
        KEY.private_key, controller="did:web:issuer.example", id="did:web:issuer.example#k"
    )  # type: ignore[arg-type]
    token = vcler.issue_envelope(badge("did:web:issuer.example"), signer=signer, format="jwt")
    assert needed_documents(token, context) == {"did:web:issuer.example"}
    presentation = vcler.present_envelope([token], signer=KEY, format="sd-jwt")
    assert needed_documents(presentation, context) == {"did:web:issuer.example", KEY.controller}
