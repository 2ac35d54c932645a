"""The legacy JWS-based Linked Data proofs, verify only: ``Ed25519Signature2018`` and
``JsonWebSignature2020`` (Ed25519, P-256, secp256k1 keys).

``legacy_jws_signed.json`` holds credentials signed by independent implementations (Digital
Bazaar's Ed25519Signature2018 suite, Transmute's JsonWebSignature2020 suite, through
``tests/interop/jose.mjs``); ``tests/interop/test_jose.py`` repeats the exchange live.
"""

from __future__ import annotations

import copy
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

import vcler
from vcler.keys.encoding import b64url_encode

CASES = json.loads((Path(__file__).parent / "legacy_jws_signed.json").read_text())["cases"]
NOW = datetime(2026, 11, 28, tzinfo=timezone.utc)


def verify(case: dict[str, Any], document: dict[str, Any]) -> vcler.VerificationResult:
    return vcler.verify(document, now=NOW, documents=case["documents"])


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_proofs_made_elsewhere_verify(case: dict[str, Any]) -> None:
    result = verify(case, case["signed"])
    assert result.verified, result.problems
    assert result.proofs[0].type == case["signed"]["proof"]["type"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_changes_are_caught(case: dict[str, Any]) -> None:
    changed = copy.deepcopy(case["signed"])
    changed["credentialSubject"]["alumniOf"] = "Elsewhere"
    assert {p.code for p in verify(case, changed).problems} == {"PROOF_VERIFICATION_ERROR"}
    created = copy.deepcopy(case["signed"])
    created["proof"]["created"] = "2026-01-02T03:04:06Z"
    assert not verify(case, created).verified


def _with_header(case: dict[str, Any], header: dict[str, Any]) -> dict[str, Any]:
    document = copy.deepcopy(case["signed"])
    _, _, signature = document["proof"]["jws"].split(".")
    encoded = b64url_encode(json.dumps(header).encode())
    document["proof"]["jws"] = f"{encoded}..{signature}"
    return document


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ({"alg": "EdDSA"}, "MALFORMED_PROOF_ERROR"),  # b64 must be false, and critical
        ({"alg": "none", "b64": False, "crit": ["b64"]}, "PROOF_VERIFICATION_ERROR"),
        ({"alg": "HS256", "b64": False, "crit": ["b64"]}, "PROOF_VERIFICATION_ERROR"),
        ({"alg": "ES256", "b64": False, "crit": ["b64"]}, "PROOF_VERIFICATION_ERROR"),
    ],
    ids=["encoded-payload", "alg-none", "hmac", "wrong-algorithm"],
)
def test_hostile_headers_are_refused(header: dict[str, Any], code: str) -> None:
    case = CASES[0]  # Ed25519Signature2018
    result = verify(case, _with_header(case, header))
    assert code in {p.code for p in result.problems}


@pytest.mark.parametrize(
    "jws", ["not-a-jws", "a.b.c", "eyJhbGciOiJFZERTQSJ9..", "%%%..AAAA"], ids=str
)
def test_malformed_jws_values_are_refused(jws: str) -> None:
    case = CASES[1]
    document = copy.deepcopy(case["signed"])
    document["proof"]["jws"] = jws
    result = verify(case, document)
    assert not result.verified
    assert {p.code for p in result.problems} <= {
        "MALFORMED_PROOF_ERROR",
        "PROOF_VERIFICATION_ERROR",
    }


def test_vcler_does_not_issue_legacy_proofs() -> None:
    key = vcler.generate_key("Ed25519")
    credential = copy.deepcopy(CASES[0]["signed"])
    del credential["proof"]
    credential["issuer"] = key.controller
    with pytest.raises(vcler.VclerError):
        vcler.issue(credential, signer=key, suite="Ed25519Signature2018")
