"""Live interoperability of vcler's JOSE with independent JavaScript implementations.

Runs when ``VCLER_DB_INTEROP`` names a ``node_modules`` folder that also holds panva's
``jose``, ``@digitalbazaar/ed25519-signature-2018`` (with
``@digitalbazaar/ed25519-verification-key-2018``), with ``@transmute/json-web-signature`` in
``../transmute/node_modules`` beside it (its old dependencies clash with the others'); ``.ci/run``
installs them all, and ``node`` is on the path.

- vcler issues ``vc+jwt``, ``vp+jwt``, SD-JWT and Open Badges VC-JWT tokens with Ed25519,
  P-256, P-384 and P-521 keys; ``jose`` verifies each with the public key (and refuses a
  tampered copy).
- ``jose`` signs ``vc+jwt`` tokens (EdDSA, ES256, ES384, ES512, RS256) and Open Badges
  VC-JWTs; vcler verifies them, keys from did:key or a supplied controller document.
- Digital Bazaar's suite signs ``Ed25519Signature2018`` proofs and Transmute's signs
  ``JsonWebSignature2020`` proofs (Ed25519, P-256, secp256k1); vcler verifies them and refuses
  tampered copies. vcler does not issue these legacy proofs.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

import vcler
from tests.interop.node import bundled_documents, run_node
from tests.interop.test_digitalbazaar import _vc11 as vc11_credential
from tests.jose.controllers import jwk_controller, rsa_controller
from vcler.cli._demo import example_credential
from vcler.did.key import resolve_did_key
from vcler.keys import KeyPair, PrivateKey
from vcler.keys.encoding import base58btc_encode

FOLDER = os.environ.get("VCLER_DB_INTEROP", "")

pytestmark = pytest.mark.skipif(
    not (
        FOLDER
        and Path(FOLDER, "jose").is_dir()
        and Path(FOLDER, "..", "transmute", "node_modules", "@transmute").is_dir()
        and Path(FOLDER, "@digitalbazaar", "ed25519-signature-2018").is_dir()
        and shutil.which("node")
    ),
    reason="set VCLER_DB_INTEROP to a node_modules folder holding jose and the legacy suites",
)

KEY_TYPES = ["Ed25519", "P-256", "P-384", "P-521"]
ALGORITHMS = {"Ed25519": "EdDSA", "P-256": "ES256", "P-384": "ES384", "P-521": "ES512"}
CREATED = "2026-01-02T03:04:05Z"


def _node(cases: list[dict[str, Any]], documents: dict[str, Any] | None = None) -> list[Any]:
    request = {"documents": documents or {}, "cases": cases}
    results: list[Any] = run_node(
        "jose.mjs", request, variable="VCLER_JOSE_INTEROP", folder=FOLDER, timeout=120
    )
    assert len(results) == len(cases)
    return results


def _badge(issuer: str) -> dict[str, Any]:
    credential = example_credential()
    credential["issuer"]["id"] = issuer
    return credential


def _tamper(token: str) -> str:
    header, payload, signature = token.split(".")
    return f"{header}.{payload}.{signature[:-4]}{'AAAA' if signature[-4:] != 'AAAA' else 'BBBB'}"


def test_jose_verifies_what_vcler_issues() -> None:
    cases, expected = [], []
    for key_type in KEY_TYPES:
        key = vcler.generate_key(key_type)
        public = {**key.public_key.to_jwk(), "alg": ALGORITHMS[key_type]}
        for format in ("jwt", "sd-jwt", "vc-jwt"):
            token = vcler.issue_envelope(_badge(key.controller), signer=key, format=format)
            issuer_jwt = token.split("~", 1)[0]
            cases.append({"op": "verify-jws", "token": issuer_jwt, "jwk": public})
            cases.append({"op": "verify-jws", "token": _tamper(issuer_jwt), "jwk": public})
            expected.append((key, format))
        presented = vcler.present_envelope([token], signer=key, format="jwt", challenge="n")
        cases.append({"op": "verify-jws", "token": presented, "jwk": public})
        cases.append({"op": "verify-jws", "token": _tamper(presented), "jwk": public})
        expected.append((key, "vp"))
    results = _node(cases)
    for (key, format), good, bad in zip(expected, results[::2], results[1::2], strict=True):
        assert good["verified"], (format, good)
        assert not bad["verified"]
        assert good["header"]["alg"] == ALGORITHMS[key.type]
        assert good["header"]["kid"] == key.id
        if format == "vc-jwt":
            assert good["payload"]["vc"]["issuer"]["id"] == key.controller
        elif format == "vp":
            assert good["header"]["typ"] == "vp+jwt" and good["payload"]["nonce"] == "n"
        else:
            assert good["payload"]["iss"] == key.controller


def test_vcler_verifies_what_jose_signs() -> None:
    cases, keys = [], []
    for key_type in KEY_TYPES:
        key = vcler.generate_key(key_type)
        private = {**key.private_key.to_jwk(), "alg": ALGORITHMS[key_type]}  # type: ignore[union-attr]
        credential = {**_badge(key.controller), "iss": key.controller}
        header = {"alg": ALGORITHMS[key_type], "kid": key.id, "typ": "vc+jwt", "cty": "vc"}
        cases.append({"op": "sign-jws", "header": header, "payload": credential, "jwk": private})
        ob = {"vc": _badge(key.controller), "iss": key.controller}
        header = {"alg": ALGORITHMS[key_type], "kid": key.id, "typ": "JWT"}
        cases.append({"op": "sign-jws", "header": header, "payload": ob, "jwk": private})
        keys.append(key)
    results = _node(cases)
    now = vcler.Verifier().now()
    for result in results:
        assert "token" in result, result
        verified = vcler.verify(result["token"], now=now)
        assert verified.verified, verified.problems
        assert not vcler.verify(_tamper(result["token"]), now=now).verified


def test_vcler_verifies_rs256_tokens_jose_signs() -> None:
    controller = "https://issuer.example/profile"
    private, method, document = rsa_controller(controller)
    payload = {"vc": _badge(controller), "iss": controller}
    header = {"alg": "RS256", "kid": method["id"], "typ": "JWT"}
    [result] = _node(
        [
            {
                "op": "sign-jws",
                "header": header,
                "payload": payload,
                "jwk": {**json.loads(private.export_private()), "alg": "RS256"},
            }
        ]
    )
    verified = vcler.verify(result["token"], documents={controller: document})
    assert verified.verified, verified.problems


def _vc11(issuer: str, context: str | None = None) -> dict[str, Any]:
    credential = vc11_credential(issuer)
    credential["@context"] += [context] if context else []
    return credential


def _tampered(document: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    changed["credentialSubject"]["alumniOf"] = "Elsewhere"
    return changed


def test_vcler_verifies_ed25519_signature_2018_proofs_digital_bazaar_makes() -> None:
    key = vcler.generate_key("Ed25519")
    private = key.private_key.private_bytes() + key.public_key.public_bytes()  # type: ignore[union-attr]
    legacy_key = {
        "id": key.id,
        "controller": key.controller,
        "type": "Ed25519VerificationKey2018",
        "publicKeyBase58": base58btc_encode(key.public_key.public_bytes()),
        "privateKeyBase58": base58btc_encode(private),
    }
    documents = {**bundled_documents(), key.controller: resolve_did_key(key.controller)}
    document = _vc11(key.controller)
    [result] = _node(
        [{"op": "sign-2018", "document": document, "key": legacy_key, "created": CREATED}],
        documents,
    )
    signed = result["signed"]
    assert signed["proof"]["type"] == "Ed25519Signature2018" and "jws" in signed["proof"]
    verified = vcler.verify(signed)
    assert verified.verified, verified.problems
    assert verified.proofs[0].type == "Ed25519Signature2018"
    refused = vcler.verify(_tampered(signed))
    assert {p.code for p in refused.problems} == {"PROOF_VERIFICATION_ERROR"}


@pytest.mark.parametrize("key_type", ["Ed25519", "P-256", "secp256k1"])
def test_vcler_verifies_json_web_signature_2020_proofs_transmute_makes(key_type: str) -> None:
    controller = "did:example:issuer"
    private = PrivateKey.generate(key_type)
    key = KeyPair(private, controller=controller, id=controller + "#key-1")
    method, controller_document = jwk_controller(
        controller,
        key.public_key.to_jwk(),
        method_type="JsonWebKey2020",
        contexts=("https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"),
    )
    documents = {**bundled_documents(), controller: controller_document}
    document = _vc11(controller, "https://w3id.org/security/suites/jws-2020/v1")
    signing_key = {**method, "privateKeyJwk": private.to_jwk()}
    [result] = _node(
        [{"op": "sign-jws2020", "document": document, "key": signing_key, "created": CREATED}],
        documents,
    )
    assert "signed" in result, result
    signed = result["signed"]
    verified = vcler.verify(signed, documents={controller: controller_document})
    assert verified.verified, verified.problems
    refused = vcler.verify(_tampered(signed), documents={controller: controller_document})
    assert not refused.verified
