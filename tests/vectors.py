"""The one way tests find the published interoperability vectors: the repository's ``vectors/``.

Each published source has its folder there (README with source, commit and licence, and a
``SHA256SUMS`` of every file); ``vectors/refresh.py`` refreshes them from their staging copy.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VECTORS = ROOT / "vectors"


def vectors_dir() -> Path:
    """The repository's vectors folder."""
    return VECTORS


def vector_path(*parts: str) -> Path:
    """A path inside the vectors folder."""
    return VECTORS.joinpath(*parts)


def read_text(*parts: str) -> str:
    """A vector file's text, exactly as published."""
    return vector_path(*parts).read_text(encoding="utf-8")


def read_json(*parts: str) -> Any:
    """A vector file parsed as JSON."""
    return json.loads(vector_path(*parts).read_bytes())


def refresh_script() -> ModuleType:
    """``vectors/refresh.py`` (not a package) imported as a module."""
    spec = importlib.util.spec_from_file_location("vectors_refresh", VECTORS / "refresh.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def published_folders() -> list[Path]:
    """The folders of published vectors (those with a ``SHA256SUMS``)."""
    folders: list[Path] = refresh_script().published_folders(VECTORS)
    return folders
