"""The W3C RDF Dataset Canonicalization test suite (RDFC-1.0), from vectors/rdf-canon.

Spec: https://w3c.github.io/rdf-canon/tests/
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.vectors import read_json, read_text
from vcler.canon import canonicalize, canonicalize_statements
from vcler.errors import WorkLimitExceededError
from vcler.rdf import parse_nquads, statement_of

MANIFEST = ("rdf-canon", "manifest.jsonld")


def _entries() -> list[Any]:
    entries = read_json(*MANIFEST)["entries"]
    return [pytest.param(entry, id=entry["id"].lstrip("#")) for entry in entries]


def _hash_algorithm(entry: dict[str, Any]) -> str:
    return str(entry.get("hashAlgorithm", "SHA256"))


def test_manifest_has_the_expected_86_entries() -> None:
    entries = read_json(*MANIFEST)["entries"]
    kinds = [entry["type"] for entry in entries]
    assert len(entries) == 86
    assert kinds.count("rdfc:RDFC10EvalTest") == 64
    assert kinds.count("rdfc:RDFC10MapTest") == 21
    assert kinds.count("rdfc:RDFC10NegativeEvalTest") == 1
    assert sum(1 for entry in entries if "hashAlgorithm" in entry) == 2


@pytest.mark.parametrize("entry", _entries())
def test_rdf_canon_suite(entry: dict[str, Any]) -> None:
    source = read_text("rdf-canon", entry["action"])
    kind = entry["type"]
    if kind == "rdfc:RDFC10NegativeEvalTest":
        # A poison graph: the default work limit stops it (quickly) instead of hanging.
        with pytest.raises(WorkLimitExceededError) as raised:
            canonicalize(source, hash_algorithm=_hash_algorithm(entry))
        assert raised.value.code == "CANONICALIZATION_WORK_LIMIT"
        return
    result = canonicalize(source, hash_algorithm=_hash_algorithm(entry))
    if kind == "rdfc:RDFC10EvalTest":
        assert result.nquads == read_text("rdf-canon", entry["result"])
    elif kind == "rdfc:RDFC10MapTest":
        assert result.issued == json.loads(read_text("rdf-canon", entry["result"]))
    else:  # pragma: no cover - a new kind of test in a newer suite
        pytest.fail(f"unknown test type {kind}")


def test_sha384_changes_the_labelling_of_the_diamond() -> None:
    # test075 is test020 with SHA-384: the hash really is used.
    source = read_text("rdf-canon", "rdfc10/test075-in.nq")
    sha256 = canonicalize(source, hash_algorithm="sha256")
    sha384 = canonicalize(source, hash_algorithm="sha384")
    assert sha256.nquads == read_text("rdf-canon", "rdfc10/test020-rdfc10.nq")
    assert sha384.nquads == read_text("rdf-canon", "rdfc10/test075-rdfc10.nq")
    assert sha256.issued != sha384.issued


@pytest.mark.parametrize("entry", _entries())
def test_rdf_canon_suite_from_statements(entry: dict[str, Any]) -> None:
    # canonicalize_statements (statements in N-Quads form, the RDFC suites' path) writes the
    # suite's expected output too, whether it labels directly or takes the full algorithm.
    source = read_text("rdf-canon", entry["action"])
    statements = [statement_of(quad) for quad in parse_nquads(source)]
    if entry["type"] == "rdfc:RDFC10NegativeEvalTest":
        with pytest.raises(WorkLimitExceededError):
            canonicalize_statements(statements, hash_algorithm=_hash_algorithm(entry))
        return
    canonical = canonicalize_statements(statements, hash_algorithm=_hash_algorithm(entry))
    assert canonical == canonicalize(source, hash_algorithm=_hash_algorithm(entry)).nquads
    if entry["type"] == "rdfc:RDFC10EvalTest":
        assert canonical == read_text("rdf-canon", entry["result"])
