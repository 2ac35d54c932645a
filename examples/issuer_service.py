"""Embedding vcler in an issuer: a key, a status registry, revocable credentials, a status list.

Run it::

    python examples/issuer_service.py --out build/issuer

It writes into ``--out``: the issuer's key file (kept secret in a real deployment), the status
registry (``status.db``), a signed Open Badge with a status entry (``badge.json``), and the
signed status list credential to publish at its URL (``status-list.json``). It then revokes the
badge, publishes the list again, and verifies the badge offline against both lists.

In a real issuer, the status list is served at ``LIST_URL`` by your web server (or by
``vcler serve``), re-published after each status change.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import vcler
from vcler.keys import KeyPair
from vcler.openbadges import build_achievement_credential
from vcler.skills import Skill
from vcler.status import StatusRegistry

LIST_URL = "https://college.example.edu/status/1"


def load_or_create_key(path: Path) -> KeyPair:
    """The issuer's key: read from ``path``, or generated once and saved there (mode 0600)."""
    if path.exists():
        return KeyPair.from_json(json.loads(path.read_text(encoding="utf-8")))
    key = vcler.generate_key("Ed25519")
    key.save(path)  # created with mode 0600: the file holds the secret key
    return key


def open_registry(path: Path, key: KeyPair) -> StatusRegistry:
    """The status registry, with the revocation list created on first use."""
    registry = StatusRegistry(path)
    if LIST_URL not in registry.list_urls():
        registry.create_list(LIST_URL, purpose="revocation", signer=key, ttl=300_000)
    return registry


def issue_badge(key: KeyPair, registry: StatusRegistry, *, learner: str) -> dict[str, Any]:
    """An Open Badge with a skill alignment and a revocation entry, signed."""
    badge = build_achievement_credential(
        issuer={"id": key.controller, "name": "Example College"},
        subject_id=learner,
        achievement={
            "id": "https://college.example.edu/courses/data-101",
            "name": "Data Analysis 101",
            "description": "Cleaning, exploring and charting tabular data.",
            "criteria": {"narrative": "Pass the final project."},
            "alignment": [
                Skill.from_lightcast("KS120GV6C72JMSZKMTD7", name="Data Analysis").to_alignment()
            ],
        },
        valid_from="2024-06-01T00:00:00Z",
    )
    return vcler.issue(badge, signer=key, status=(registry, LIST_URL))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for the outputs")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    key = load_or_create_key(args.out / "issuer-key.json")
    with open_registry(args.out / "status.db", key) as registry:
        badge = issue_badge(key, registry, learner="did:example:learner-1")
        (args.out / "badge.json").write_text(json.dumps(badge, indent=2), encoding="utf-8")
        published = registry.publish(LIST_URL, signer=key)
        (args.out / "status-list.json").write_text(
            json.dumps(published, indent=2), encoding="utf-8"
        )

        before = vcler.verify(badge, documents={LIST_URL: published})
        print(
            f"issued {badge['id']} with status index {badge['credentialStatus']['statusListIndex']}"
        )
        print(f"verified before revocation: {before.verified}")

        index = int(badge["credentialStatus"]["statusListIndex"])
        registry.set_status(LIST_URL, index, 1)
        republished = registry.publish(LIST_URL, signer=key)
        (args.out / "status-list.json").write_text(
            json.dumps(republished, indent=2), encoding="utf-8"
        )
        after = vcler.verify(badge, documents={LIST_URL: republished})
        codes = ", ".join(p.code for p in after.problems)
        print(f"verified after revocation: {after.verified} ({codes})")
    return 0 if before.verified and not after.verified else 1


if __name__ == "__main__":
    raise SystemExit(main())
