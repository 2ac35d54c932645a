"""One set of answers from whichever vcler this interpreter imports, for comparing builds.

``tests/test_compiled.py`` computes :func:`answers` in the test process (pure Python) and runs
``python -m tests.compiled_run OUT.json`` with the compiled build's interpreter, then compares
the two, item by item. Everything here is deterministic: fixed keys, times and inputs; ECDSA
signatures, which are not, are compared by whether the other build verifies them.
"""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import vcler
from vcler.canon import canonicalize, canonicalize_json
from vcler.keys import KeyPair

ROOT = Path(__file__).resolve().parent.parent
VECTORS = ROOT / "vectors"
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
CREATED = "2025-06-01T00:00:00Z"
# The folders whose JSON files are verified as documents, as published and tampered with.
DOCUMENT_FOLDERS = ("di-eddsa", "di-ecdsa", "vc-data-model", "openbadges", "status-list")
SUITES = ("eddsa-rdfc-2022", "eddsa-jcs-2022", "ecdsa-rdfc-2019", "ecdsa-jcs-2019")


def keys() -> dict[str, KeyPair]:
    """One fixed key of each type, as did:key."""
    return {
        "Ed25519": KeyPair.from_private_bytes("Ed25519", bytes(range(32))),
        "P-256": KeyPair.from_private_bytes("P-256", bytes(range(1, 33))),
    }


def credential(issuer: str, subject: dict[str, Any]) -> dict[str, Any]:
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            {"@vocab": "https://example.org/vocab#"},
        ],
        "id": "urn:uuid:0d7a1c5e-5b8e-4d36-9d7e-2f7f2d4f6a10",
        "type": ["VerifiableCredential", "ExampleCredential"],
        "issuer": issuer,
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": subject,
    }


# Values that reach the edges of the JSON-LD fast path, number handling and safe mode.
SUBJECTS: list[dict[str, Any]] = [
    {"id": "did:example:alice", "name": "Alice", "score": 97, "ratio": 0.25},
    {"name": 'Ünïcödé ✓ \u2028 "quoted" \\ back', "empty": "", "list": [1, "two", 3.0, None]},
    {"big": 2**53, "bigger": 2**53 + 1, "huge": 2**60 + 1, "tiny": 1e-7, "neg": -0.0},
    {"double": {"@value": "1.5abc", "@type": "http://www.w3.org/2001/XMLSchema#double"}},
    {
        "lang": {"@value": "Grüße", "@language": "de-DE"},
        "dir": {"@value": "x", "@direction": "rtl"},
    },
    {"nested": {"deeper": {"deepest": [{"a": 1}, {"b": [True, False]}]}}},
    {"@type": "Person", "knows": {"id": "_:b0", "name": "Bob"}, "likes": {"name": "Bob"}},
]


def _tampered(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """A few ways of spoiling a document: a changed value, a dropped member, an extra one."""
    for key in ("credentialSubject", "issuer", "proof", "@context"):
        if key not in document:
            continue
        changed = copy.deepcopy(document)
        value = changed[key]
        if isinstance(value, dict):
            value["tampered"] = "yes"
        elif isinstance(value, list) and value:
            value.reverse() if len(value) > 1 else value.append("urn:x:tampered")
        else:
            changed[key] = "urn:x:tampered"
        yield changed
        dropped = copy.deepcopy(document)
        del dropped[key]
        yield dropped


def _documents() -> Iterator[tuple[str, Any]]:
    for folder in DOCUMENT_FOLDERS:
        for path in sorted((VECTORS / folder).rglob("*.json")):
            try:
                document = json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                continue
            name = path.relative_to(VECTORS).as_posix()
            yield name, document
            if isinstance(document, dict) and "proof" in document:
                for index, spoiled in enumerate(_tampered(document)):
                    yield f"{name} tampered {index}", spoiled
    for hostile in ([], "text", 3, None, {"@context": 5}, {"proof": []}):
        yield f"hostile {hostile!r}", hostile


def _outcome(function: Callable[[], Any]) -> Any:
    """What ``function`` returns, or the name of what it raises."""
    try:
        return function()
    except Exception as error:
        return {"raised": type(error).__name__, "message": str(error)}


def answers() -> dict[str, Any]:
    """Every answer of this build, by name."""
    out: dict[str, Any] = {}
    for name, document in _documents():
        out[f"verify {name}"] = _outcome(lambda d=document: vcler.verify(d, now=NOW).to_json())
        # The published vectors' keys are not their issuers': their proofs, checked alone.
        out[f"verify proofs {name}"] = _outcome(
            lambda d=document: vcler.verify(d, now=NOW, issuer_proofs="none").to_json()
        )
    for path in sorted((VECTORS / "rdf-canon" / "rdfc10").glob("*-in.nq")):
        text = path.read_text(encoding="utf-8")
        out[f"rdfc {path.name}"] = _outcome(lambda t=text: canonicalize(t).nquads)
    chain = ["<urn:ex:s> <urn:ex:p> _:l0 ."]
    for i in range(400):
        rest = f"_:l{i + 1}" if i + 1 < 400 else "<urn:ex:nil>"
        chain += [f'_:l{i} <urn:ex:first> "a" .', f"_:l{i} <urn:ex:rest> {rest} ."]
    out["rdfc deep chain"] = _outcome(
        lambda: canonicalize("\n".join(chain), work_limit=10**9).nquads
    )
    for name, document in _documents():
        out[f"jcs {name}"] = _outcome(lambda d=document: canonicalize_json(d))
    pairs = keys()
    for suite in SUITES:
        key = pairs["Ed25519" if suite.startswith("eddsa") else "P-256"]
        for index, subject in enumerate(SUBJECTS):
            document = credential(key.controller, subject)
            signed = _outcome(
                lambda d=document, s=suite, k=key: vcler.issue(
                    d, signer=k, suite=s, created=CREATED
                )
            )
            out[f"issue {suite} {index}"] = signed
    return out


def verify_issued(theirs: dict[str, Any]) -> dict[str, Any]:
    """This build's verification of the other build's issued credentials."""
    return {
        name: vcler.verify(signed, now=NOW).to_json()
        for name, signed in theirs.items()
        if name.startswith("issue ") and "raised" not in signed
    }


if __name__ == "__main__":
    # python -m tests.compiled_run OUT.json [THEIRS.json]: this build's answers, and its
    # verification of the issued credentials in THEIRS.json (another build's answers).
    mine = answers()
    if len(sys.argv) > 2:
        mine["verified"] = verify_issued(json.loads(Path(sys.argv[2]).read_text()))
    Path(sys.argv[1]).write_text(json.dumps(mine, sort_keys=True), encoding="utf-8")
