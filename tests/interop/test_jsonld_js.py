"""JSON-LD to canonical N-Quads agrees with jsonld.js, Digital Bazaar's processor, in safe mode.

Runs when ``VCLER_DB_INTEROP`` names a ``node_modules`` folder holding ``jsonld`` (installed
with jsonld-signatures by ``.ci/run``) and ``node`` is on the path. Every JSON object of the
published vectors and generated credentials and presentations (the strategies of the
differential tests, with undefined terms, relative IRIs, inline contexts and literals of every
kind) go through ``vcler.jsonld.to_dataset`` + RDFC-1.0 and through ``jsonld.canonize`` with
``safe: true``: a document one accepts, the other must accept with the same bytes
(``VCLER_JSONLD_JS_EXAMPLES`` sets how many credentials are generated, default 600). The one
deliberate difference: numbers that JavaScript and Python processors write differently
(``vcler.jsonld.safe.ambiguous_number``), which vcler refuses and jsonld.js signs.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tests.interop.node import run_node
from tests.jsonld.test_differential import (
    _vector_documents,
    credentials,
    documents_with_inline_contexts,
)
from vcler.canon import canonicalize, canonicalize_statements
from vcler.errors import VclerError
from vcler.jsonld import StaticDocumentLoader, bundled_contexts, to_dataset, to_statements

HERE = Path(__file__).parent
FOLDER = os.environ.get("VCLER_DB_INTEROP", "")
GENERATED = int(os.environ.get("VCLER_JSONLD_JS_EXAMPLES", "600"))
INLINE = GENERATED // 3

pytestmark = pytest.mark.skipif(
    not (FOLDER and Path(FOLDER, "jsonld").is_dir() and shutil.which("node")),
    reason="set VCLER_DB_INTEROP to a node_modules folder holding jsonld",
)


def _generated() -> list[dict[str, Any]]:
    """Reproducible generated documents (derandomized: the same ones on every run)."""
    documents: list[dict[str, Any]] = []
    for strategy, count in ((credentials(), GENERATED), (documents_with_inline_contexts, INLINE)):

        @settings(
            max_examples=count,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(strategy)
        def collect(document: dict[str, Any]) -> None:
            documents.append(document)

        collect()
    return documents


def _jsonld_js(loader: StaticDocumentLoader, inputs: list[Any]) -> list[Any]:
    request = {"documents": {url: loader[url] for url in bundled_contexts()}, "inputs": inputs}
    results: list[Any] = run_node(
        "jsonld_canonize.mjs", request, variable="VCLER_DB_INTEROP", folder=FOLDER
    )
    assert len(results) == len(inputs)
    return results


def _ours(document: Any, loader: StaticDocumentLoader) -> str | VclerError:
    try:
        nquads = canonicalize(to_dataset(document, loader=loader)).nquads
    except VclerError as error:
        return error
    # What the RDFC suites compute: statements in N-Quads form, canonicalized as they are.
    assert canonicalize_statements(to_statements(document, loader=loader)) == nquads
    return nquads


def _deliberate(error: VclerError) -> bool:
    """vcler refuses a number JSON-LD processors write differently."""
    problems = getattr(error, "problems", None) or [error.to_problem()]
    return all(
        "JSON-LD processors" in problem.message or "by jsonld.js" in problem.message
        for problem in problems
    )


def test_canonical_nquads_agree_with_jsonld_js(capsys: pytest.CaptureFixture[str]) -> None:
    loader = StaticDocumentLoader()
    inputs = [document for _, document in _vector_documents()] + _generated()
    theirs = _jsonld_js(loader, inputs)
    tally: Counter[str] = Counter()
    for document, their in zip(inputs, theirs, strict=True):
        ours = _ours(document, loader)
        shown = json.dumps(document)[:600]
        if isinstance(ours, str):
            assert isinstance(their, str), (
                f"jsonld.js refuses ({their}) what vcler accepts: {shown}"
            )
            assert ours == their, f"canonical N-Quads differ: {shown}"
            tally["same bytes"] += 1
        elif isinstance(their, str):
            assert _deliberate(ours), f"vcler refuses ({ours!r}) what jsonld.js accepts: {shown}"
            tally["refused by vcler only: a number written differently"] += 1
        else:
            tally["refused by both"] += 1
    with capsys.disabled():
        print(f"\njsonld.js agreement over {len(inputs)} documents: {dict(tally)}")
    assert tally["same bytes"] > 300 and tally["refused by both"] > 300
