"""Live interoperability of the selective disclosure suites with Digital Bazaar's:
ecdsa-sd-2023 with ``@digitalbazaar/ecdsa-sd-2023-cryptosuite`` (P-256, as theirs is), and
bbs-2023 with ``@digitalbazaar/bbs-2023-cryptosuite`` (BLS12-381 G2 keys,
``@digitalbazaar/bls12-381-multikey``; derived with a presentation header).

Runs when ``VCLER_DB_INTEROP`` names a ``node_modules`` folder holding them with the rest of
their Data Integrity stack (``.ci/run`` installs them), and ``node`` is on the path; each
suite is skipped when its package is not there.

Every combination of who signs the base proof and who derives from it, for a VC 2.0
credential and an Open Badge: vcler issues and derives, theirs verifies (and rejects a tampered
derivation); theirs signs and derives, vcler verifies; and the two mixed (vcler derives from
their base proof, theirs derives from vcler's), each verified by the other side.
"""

from __future__ import annotations

import copy
import importlib.util
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import vcler
from tests.interop.node import bundled_documents, run_node
from tests.interop.test_digitalbazaar import _open_badge, _vc2
from vcler.did.key import resolve_did_key

FOLDER = os.environ.get("VCLER_DB_INTEROP", "")
# suite -> (key type, their package, the presentation header of derivations, hex)
SUITES = {
    "ecdsa-sd-2023": ("P-256", "ecdsa-sd-2023-cryptosuite", ""),
    "bbs-2023": ("Bls12381G2", "bbs-2023-cryptosuite", "113377aa"),
}


def _installed(suite: str) -> bool:
    package = SUITES[suite][1]
    if suite == "bbs-2023" and importlib.util.find_spec("py_arkworks_bls12381") is None:
        return False
    return bool(
        FOLDER and Path(FOLDER, "@digitalbazaar", package).is_dir() and shutil.which("node")
    )


SUITE_PARAMS = [
    pytest.param(
        suite,
        marks=pytest.mark.skipif(
            not _installed(suite),
            reason=f"set VCLER_DB_INTEROP to a node_modules folder holding @digitalbazaar/"
            f"{package} (bbs-2023: and install vcler[bbs])",
        ),
    )
    for suite, (_, package, _) in SUITES.items()
]

CREATED = "2026-01-02T03:04:05Z"


def _transcript(issuer: str) -> dict[str, Any]:
    credential = _vc2(issuer)
    credential["credentialSubject"].update(
        {
            "alumniOf": {"name": "Example U", "location": "Utopia"},
            "birthDate": "2001-02-03",
            "courses": [{"name": "Databases"}, {"name": "Cryptography"}],
        }
    )
    return credential


# name -> (credential, mandatory pointers, selective pointers)
CREDENTIALS: dict[str, tuple[Callable[[str], dict[str, Any]], list[str], list[str]]] = {
    "vc2": (
        _transcript,
        ["/issuer", "/validFrom"],
        ["/credentialSubject/alumniOf/name", "/credentialSubject/courses/1"],
    ),
    "openbadge": (_open_badge, ["/issuer", "/name"], ["/credentialSubject/achievement"]),
}
NAMES = list(CREDENTIALS)


def _tampered(document: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    changed["credentialSubject"]["id"] = "did:example:mallory"
    return changed


@pytest.fixture(scope="module", params=SUITE_PARAMS)
def exchange(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Both sides' base proofs and derivations, and each side's verdict on the other's."""
    suite: str = request.param
    key_type, _, header = SUITES[suite]
    presentation_header = bytes.fromhex(header)
    key = vcler.generate_key(key_type)
    documents = bundled_documents()
    documents[key.controller] = resolve_did_key(key.controller)

    def node(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
        results: list[dict[str, Any]] = run_node(
            "digitalbazaar.mjs",
            {"documents": documents, "cases": cases},
            variable="VCLER_DB_INTEROP",
            folder=FOLDER,
            timeout=180,
        )
        assert len(results) == len(cases)
        return results

    # Round 1: vcler's base proofs and derivations go to theirs, theirs sign base proofs.
    ours: dict[str, Any] = {}
    first: list[dict[str, Any]] = []
    for name, (make, mandatory, selective) in CREDENTIALS.items():
        unsigned = make(key.controller)
        base = vcler.issue(
            unsigned, signer=key, suite=suite, created=CREATED, mandatory_pointers=mandatory
        )
        derived = vcler.derive(
            base, selective_pointers=selective, presentation_header=presentation_header
        )
        ours[name] = {"base": base, "derived": derived}
        derive = {"op": "derive", "suite": suite, "presentationHeader": header}
        first += [
            {"op": "verify", "suite": suite, "document": derived},
            {"op": "verify", "suite": suite, "document": _tampered(derived)},
            {**derive, "document": base, "selectivePointers": selective},
            {
                "op": "sign",
                "suite": suite,
                "key": key.to_json(),
                "created": CREATED,
                "document": unsigned,
                "mandatoryPointers": mandatory,
            },
        ]
    results = iter(node(first))
    theirs: dict[str, Any] = {}
    for name in CREDENTIALS:
        theirs[name] = {
            "verify": next(results),
            "verify-tampered": next(results),
            "derive-ours": next(results),
            "sign": next(results),
        }
    # Round 2: vcler derives from their base proofs; theirs verify that, and derive their own.
    second: list[dict[str, Any]] = []
    for name, (_, _, selective) in CREDENTIALS.items():
        their_base = theirs[name]["sign"].get("signed")
        assert their_base is not None, theirs[name]["sign"]
        ours[name]["derived-theirs"] = vcler.derive(
            their_base, selective_pointers=selective, presentation_header=presentation_header
        )
        second += [
            {"op": "verify", "suite": suite, "document": ours[name]["derived-theirs"]},
            {**derive, "document": their_base, "selectivePointers": selective},
        ]
    results = iter(node(second))
    for name in CREDENTIALS:
        theirs[name]["verify-ours-of-theirs"] = next(results)
        theirs[name]["derive-theirs"] = next(results)
    return {"ours": ours, "theirs": theirs, "suite": suite}


@pytest.mark.parametrize("name", NAMES)
def test_digitalbazaar_verifies_what_vcler_issues_and_derives(
    exchange: dict[str, Any], name: str
) -> None:
    assert exchange["theirs"][name]["verify"].get("verified") is True, exchange["theirs"][name]
    assert exchange["theirs"][name]["verify-tampered"].get("verified") is False


@pytest.mark.parametrize("name", NAMES)
def test_vcler_verifies_what_digitalbazaar_signs_and_derives(
    exchange: dict[str, Any], name: str
) -> None:
    derived = exchange["theirs"][name]["derive-theirs"].get("derived")
    assert derived is not None, exchange["theirs"][name]["derive-theirs"]
    result = vcler.verify(derived)
    assert result.verified, result.problems
    assert not vcler.verify(_tampered(derived)).verified
    # Their base proof, presented as it is, is refused like vcler's.
    assert not vcler.verify(exchange["theirs"][name]["sign"]["signed"]).verified


@pytest.mark.parametrize("name", NAMES)
def test_each_derives_from_the_others_base_proof(exchange: dict[str, Any], name: str) -> None:
    # Theirs derives from vcler's base proof; vcler verifies it, and it discloses the same.
    from_ours = exchange["theirs"][name]["derive-ours"].get("derived")
    assert from_ours is not None, exchange["theirs"][name]["derive-ours"]
    assert vcler.verify(from_ours).verified
    ours = exchange["ours"][name]["derived"]
    assert {k: v for k, v in from_ours.items() if k != "proof"} == {
        k: v for k, v in ours.items() if k != "proof"
    }
    # vcler derives from theirs; theirs verifies it.
    verdict = exchange["theirs"][name]["verify-ours-of-theirs"]
    assert verdict.get("verified") is True, verdict
