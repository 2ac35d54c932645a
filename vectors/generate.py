"""Regenerate vcler's own vectors: ``python vectors/generate.py`` (writes into this folder).

Each vector is made from fixed inputs (a test key derived from a published seed phrase, fixed
``created`` times), so running this again gives the same bytes; ``tests/test_own_vectors.py``
checks that the committed files are exactly what vcler produces.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CREATED = "2026-06-01T00:00:00Z"
SUITES = ("eddsa-rdfc-2022", "Ed25519Signature2020", "eddsa-jcs-2022")


def test_key() -> Any:
    """The vectors' Ed25519 key: its secret is SHA-256 of a fixed phrase (a TEST key only)."""
    from vcler.keys import KeyPair, PrivateKey

    seed = hashlib.sha256(b"vcler test vectors: do not use this key for anything").digest()
    return KeyPair(PrivateKey.from_private_bytes("Ed25519", seed))


def unsigned_badge(issuer: str) -> dict[str, Any]:
    """The Open Badges 3.0 skill credential the vectors sign."""
    from vcler.cli._demo import example_credential

    credential = example_credential()
    credential["issuer"]["id"] = issuer
    return credential


def build() -> dict[str, str]:
    """Every vector file: relative path -> exact text."""
    from vcler.canon import canonicalize
    from vcler.jsonld import to_dataset

    key = test_key()
    credential = unsigned_badge(key.controller)
    files = {
        "openbadges-skill/key.json": _json(key.to_json()),
        "openbadges-skill/unsigned.json": _json(credential),
        "openbadges-skill/canonical.nq": canonicalize(to_dataset(credential)).nquads,
    }
    import vcler

    for suite in SUITES:
        signed = vcler.issue(credential, signer=key, suite=suite, created=CREATED)
        files[f"openbadges-skill/signed-{suite}.json"] = _json(signed)
    return files


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    for relative, text in build().items():
        path = HERE / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(HERE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
