"""The Open Badges 2.0 vectors of the 1EdTech validator, served as the validator serves them."""

from __future__ import annotations

import json
from typing import Any

from tests.vectors import vector_path

ROOT = vector_path("openbadges-v2")
RECIPIENT = "nobody@example.org"  # sha256 with salt "deadsea" is the vectors' identity


def read(name: str) -> Any:
    return json.loads((ROOT / name).read_bytes())


def token(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8").strip()


def documents(*hosted: str) -> dict[str, Any]:
    """Every asset at its file name under http://example.org/ and https://example.org/ (as
    the validator's tests serve them) and at its id, plus the ``hosted`` assertions at theirs."""
    served: dict[str, Any] = {}
    for path in sorted((ROOT / "assets").glob("*.json")):
        try:
            document = json.loads(path.read_bytes())
        except ValueError:
            continue
        for origin in ("http://example.org/", "https://example.org/"):
            served[origin + path.name] = document
        if isinstance(document, dict) and isinstance(document.get("id"), str):
            served.setdefault(document["id"], document)
    for name in hosted:
        document = read(name)
        served[document["id"]] = document
    return served
