"""The one way tests find published interoperability vectors.

They are read in place from ``../shared/vectors`` (relative to the project root), or from the
folder named by ``VCLER_VECTORS``. When the folder is missing, tests that need it are skipped —
except under CI (``CI=true``), where a missing folder fails the run.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


def vectors_dir() -> Path:
    """The published vectors folder; skips (or fails under CI) when it is absent."""
    configured = os.environ.get("VCLER_VECTORS")
    path = Path(configured) if configured else ROOT.parent / "shared" / "vectors"
    if not path.is_dir():
        message = f"published vectors not found at {path} (set VCLER_VECTORS)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def vector_path(*parts: str) -> Path:
    """A path inside the vectors folder."""
    return vectors_dir().joinpath(*parts)


def read_text(*parts: str) -> str:
    """A vector file's text, exactly as published."""
    return vector_path(*parts).read_text(encoding="utf-8")


def read_json(*parts: str) -> Any:
    """A vector file parsed as JSON."""
    return json.loads(vector_path(*parts).read_bytes())


def contexts_dir() -> Path:
    """The shared contexts folder (beside the vectors)."""
    return vectors_dir().parent / "contexts"
