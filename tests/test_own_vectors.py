"""vcler's own vectors (``vectors/``) are exactly what the current code produces, and verify."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

import vcler

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("vcler_vectors", ROOT / "vectors" / "generate.py")
assert _spec is not None and _spec.loader is not None
generate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate)
FILES = generate.build()


@pytest.mark.parametrize("relative", sorted(FILES))
def test_committed_file_is_reproduced_byte_for_byte(relative: str) -> None:
    assert (ROOT / "vectors" / relative).read_text(encoding="utf-8") == FILES[relative]


@pytest.mark.parametrize("suite", generate.SUITES)
def test_signed_vectors_verify_and_resist_tampering(suite: str) -> None:
    path = ROOT / "vectors" / "openbadges-skill" / f"signed-{suite}.json"
    signed = json.loads(path.read_text(encoding="utf-8"))
    assert vcler.verify(signed).verified
    signed["credentialSubject"]["achievement"]["name"] = "Something else"
    assert not vcler.verify(signed).verified
