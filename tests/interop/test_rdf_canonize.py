"""Byte-for-byte agreement with rdf-canonize, the RDFC-1.0 of Digital Bazaar's JavaScript stack.

Runs when ``VCLER_RDF_CANONIZE`` names a folder where ``rdf-canonize`` is installed (its
``node_modules``; ``.ci/run`` installs it from the npm registry) and ``node`` is on the path.
Random datasets (blank nodes as subjects, objects and graph names, shared neighbourhoods,
twins, literals of every kind) and the canonical forms of the published Data Integrity vectors
are canonicalized by both; the N-Quads must be identical.
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

from tests.interop.node import run_node
from tests.vectors import read_json
from vcler.canon import canonicalize, canonicalize_statements
from vcler.jsonld import to_dataset
from vcler.rdf import IRI, BlankNode, Literal, Quad, parse_nquads, serialize_nquads, statement_of

HERE = Path(__file__).parent
FOLDER = os.environ.get("VCLER_RDF_CANONIZE", "")

pytestmark = pytest.mark.skipif(
    not (FOLDER and Path(FOLDER, "rdf-canonize").is_dir() and shutil.which("node")),
    reason="set VCLER_RDF_CANONIZE to a node_modules folder holding rdf-canonize",
)


def _rdf_canonize(datasets: list[tuple[str, str]]) -> list[object]:
    request = [{"nquads": text, "hash": hash_name} for text, hash_name in datasets]
    result: list[object] = run_node(
        "canonize.mjs", request, variable="VCLER_RDF_CANONIZE", folder=FOLDER, timeout=300
    )
    return result


def _random_dataset(rng: random.Random) -> list[Quad]:
    blanks = [BlankNode(f"n{i}") for i in range(rng.randint(1, 7))]
    iris = [IRI(f"urn:ex:{i}") for i in range(3)]
    literals = [
        Literal("x"),
        Literal("y", language="en"),
        Literal("1", "http://www.w3.org/2001/XMLSchema#integer"),
        Literal('tab\there "quoted" \\ back\nline\u0001é'),
    ]
    quads = set()
    for _ in range(rng.randint(1, 12)):
        subject = rng.choice(blanks + iris[:1])
        obj = rng.choice(blanks + blanks + iris + literals)
        graph = rng.choice([None, None, None, *blanks, iris[2]])
        quads.add(Quad(subject, rng.choice(iris[:2]), obj, graph))
    return sorted(quads, key=lambda q: repr(q))


def test_random_datasets_agree() -> None:
    rng = random.Random(20261128)
    datasets = [serialize_nquads(_random_dataset(rng)) for _ in range(400)]
    cases = [(text, "SHA256") for text in datasets] + [(text, "SHA384") for text in datasets[:50]]
    theirs = _rdf_canonize(cases)
    compared = 0
    for (text, hash_name), expected in zip(cases, theirs, strict=True):
        if isinstance(expected, dict):  # rdf-canonize gave up (its own iteration limit)
            continue
        ours = canonicalize(text, hash_algorithm=hash_name.lower(), work_limit=10**6).nquads
        assert ours == expected, text
        statements = [statement_of(quad) for quad in parse_nquads(text)]
        canonical = canonicalize_statements(
            statements, hash_algorithm=hash_name.lower(), work_limit=10**6
        )
        assert canonical == expected
        compared += 1
    assert compared >= 400


@pytest.mark.parametrize(
    ("folder", "document"),
    [
        ("di-eddsa", "unsigned.json"),
        ("di-eddsa", "employmentAuth.json"),
        ("di-eddsa", "proof-set-chain/signedProofChain2.json"),
        ("di-ecdsa", "employmentAuth.json"),
    ],
)
def test_vector_documents_agree(folder: str, document: str) -> None:
    text = serialize_nquads(to_dataset(read_json(folder, *document.split("/"))))
    (expected,) = _rdf_canonize([(text, "SHA256")])
    assert canonicalize(text).nquads == expected
