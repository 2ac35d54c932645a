"""Live interoperability with Digital Bazaar's JavaScript Data Integrity stack.

Runs when ``VCLER_DB_INTEROP`` names a ``node_modules`` folder holding ``jsonld-signatures``,
``@digitalbazaar/data-integrity``, the ``eddsa-rdfc-2022``, ``ecdsa-rdfc-2019`` and
``eddsa-jcs-2022`` cryptosuites and the Ed25519 / ECDSA Multikey packages (``.ci/run``
installs them from the npm registry), and ``node`` is on the path.

Both directions, for every suite and a VC 2.0, an Open Badges 3.0 and a VC 1.1 credential:
vcler signs and the JavaScript stack verifies (and rejects a tampered copy); the JavaScript
stack signs with a key vcler generated and vcler verifies. Ed25519 signatures are
deterministic, so for the same document and ``created`` both sides must produce the very
same signed document. All cases run in one node process; the JavaScript side never touches
the network (its document loader serves vcler's bundled contexts and the did:key documents).
"""

from __future__ import annotations

import copy
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import vcler
from tests.interop.node import bundled_documents, run_node
from vcler.cli._demo import example_credential
from vcler.did.key import resolve_did_key

HERE = Path(__file__).parent
FOLDER = os.environ.get("VCLER_DB_INTEROP", "")

pytestmark = pytest.mark.skipif(
    not (
        FOLDER
        and Path(FOLDER, "@digitalbazaar", "data-integrity").is_dir()
        and shutil.which("node")
    ),
    reason="set VCLER_DB_INTEROP to a node_modules folder holding Digital Bazaar's DI packages",
)

CREATED = "2026-01-02T03:04:05Z"
SUITES = {"eddsa-rdfc-2022": "Ed25519", "ecdsa-rdfc-2019": "P-256", "eddsa-jcs-2022": "Ed25519"}
DETERMINISTIC = [suite for suite, key_type in SUITES.items() if key_type == "Ed25519"]


def _vc2(issuer: str) -> dict[str, Any]:
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://www.w3.org/ns/credentials/examples/v2",
        ],
        "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
        "type": ["VerifiableCredential", "AlumniCredential"],
        "name": "Alumni Credential",
        "issuer": issuer,
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "did:example:ebfeb1f712ebc6f1c276e12ec21",
            "alumniOf": "Example U",
        },
    }


def _open_badge(issuer: str) -> dict[str, Any]:
    credential = example_credential()
    credential["issuer"]["id"] = issuer
    return credential


def _vc11(issuer: str) -> dict[str, Any]:
    return {
        "@context": [
            "https://www.w3.org/2018/credentials/v1",
            "https://www.w3.org/ns/credentials/examples/v2",
        ],
        "id": "http://university.example/credentials/1872",
        "type": ["VerifiableCredential", "AlumniCredential"],
        "issuer": {"id": issuer, "name": "Example University"},
        "issuanceDate": "2025-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "did:example:ebfeb1f712ebc6f1c276e12ec21",
            "alumniOf": "Example U",
        },
    }


def _directional(issuer: str) -> dict[str, Any]:
    """Values that differ only by base direction: the JSON-LD node map keeps the first one
    met (jsonld.js and pyld compare no @direction), so the signed statements must too."""
    credential = _vc2(issuer)
    credential["credentialSubject"]["alumniOf"] = [
        "Example U",
        {"@value": "Example U", "@direction": "rtl"},
        {"@value": "مثال", "@language": "ar", "@direction": "rtl"},
    ]
    return credential


CREDENTIALS: dict[str, Callable[[str], dict[str, Any]]] = {
    "vc2": _vc2,
    "openbadge": _open_badge,
    "vc11": _vc11,
    "directional": _directional,
}
CASES = [(suite, name) for suite in SUITES for name in CREDENTIALS]


def _tampered(document: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    changed["credentialSubject"]["id"] = "did:example:mallory"
    return changed


def _canonical_json(document: dict[str, Any]) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _digitalbazaar(documents: dict[str, Any], cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    request = {"documents": documents, "cases": cases}
    results: list[dict[str, Any]] = run_node(
        "digitalbazaar.mjs", request, variable="VCLER_DB_INTEROP", folder=FOLDER, timeout=120
    )
    assert len(results) == len(cases)
    return results


@pytest.fixture(scope="module")
def exchange() -> dict[str, Any]:
    """Every case signed by vcler, and what the JavaScript stack made of it, in one node run."""
    keys = {key_type: vcler.generate_key(key_type) for key_type in set(SUITES.values())}
    documents: dict[str, Any] = bundled_documents()
    for key in keys.values():
        documents[key.controller] = resolve_did_key(key.controller)
    ours: dict[tuple[str, str], dict[str, Any]] = {}
    requests: list[dict[str, Any]] = []
    labels: list[tuple[str, str, str]] = []
    for suite, name in CASES:
        key = keys[SUITES[suite]]
        unsigned = CREDENTIALS[name](key.controller)
        signed = vcler.issue(unsigned, signer=key, suite=suite, created=CREATED)
        ours[suite, name] = signed
        for label, request in (
            ("verify", {"op": "verify", "suite": suite, "document": signed}),
            ("verify-tampered", {"op": "verify", "suite": suite, "document": _tampered(signed)}),
            (
                "sign",
                {
                    "op": "sign",
                    "suite": suite,
                    "key": key.to_json(),
                    "created": CREATED,
                    "document": unsigned,
                },
            ),
        ):
            requests.append(request)
            labels.append((label, suite, name))
    results = _digitalbazaar(documents, requests)
    return {"ours": ours, "theirs": dict(zip(labels, results, strict=True))}


@pytest.mark.parametrize(("suite", "name"), CASES)
def test_digitalbazaar_verifies_vcler(exchange: dict[str, Any], suite: str, name: str) -> None:
    result = exchange["theirs"]["verify", suite, name]
    assert result.get("verified") is True, result


@pytest.mark.parametrize(("suite", "name"), CASES)
def test_digitalbazaar_rejects_tampered_vcler(
    exchange: dict[str, Any], suite: str, name: str
) -> None:
    result = exchange["theirs"]["verify-tampered", suite, name]
    assert result.get("verified") is False, result


@pytest.mark.parametrize(("suite", "name"), CASES)
def test_vcler_verifies_digitalbazaar(exchange: dict[str, Any], suite: str, name: str) -> None:
    result = exchange["theirs"]["sign", suite, name]
    assert "signed" in result, result
    signed = result["signed"]
    assert signed["proof"]["cryptosuite"] == suite
    outcome = vcler.verify(signed)
    assert outcome.verified, outcome.problems
    assert not vcler.verify(_tampered(signed)).verified


@pytest.mark.parametrize(("suite", "name"), [(s, n) for s, n in CASES if s in DETERMINISTIC])
def test_same_signed_document(exchange: dict[str, Any], suite: str, name: str) -> None:
    """Ed25519 is deterministic: the same document, key and ``created`` give the same bytes.

    Compared as canonical JSON (sorted keys): the proof's member order differs (Digital
    Bazaar writes ``created`` before ``cryptosuite``), which JSON does not give meaning to.
    """
    theirs = exchange["theirs"]["sign", suite, name]["signed"]
    ours = exchange["ours"][suite, name]
    assert theirs["proof"]["proofValue"] == ours["proof"]["proofValue"]
    assert _canonical_json(theirs) == _canonical_json(ours)
