"""``vcler demo``: issue and verify a skill credential, then watch tampering fail. Offline.

The README's first command: it makes a did:key, issues the bundled Open Badges 3.0 skill
credential with eddsa-rdfc-2022, verifies it, changes one claim and verifies again.
"""

from __future__ import annotations

import argparse
import copy
import json
from importlib import resources
from typing import Any

from ._common import EXIT_INVALID, EXIT_OK

__all__ = ["example_credential", "register"]


def register(subparsers: Any) -> None:
    """Add ``vcler demo`` to ``subparsers``."""
    parser = subparsers.add_parser(
        "demo",
        help="issue and verify an example skill credential (offline)",
        description="Issue an Open Badges 3.0 skill credential, verify it, tamper with it.",
    )
    parser.add_argument("--quiet", action="store_true", help="print only the outcome lines")
    parser.set_defaults(handler=_demo)


def example_credential() -> dict[str, Any]:
    """The bundled example: an unsigned Open Badges 3.0 skill credential."""
    data = resources.files("vcler.data").joinpath("examples/skill-badge.json").read_bytes()
    document: dict[str, Any] = json.loads(data)
    return document


def _demo(args: argparse.Namespace) -> int:
    import vcler

    say = (lambda *_: None) if args.quiet else print
    key = vcler.generate_key("Ed25519")
    print(f"1. Issuer key: {key.controller}")
    credential = example_credential()
    credential["issuer"]["id"] = key.controller
    signed = vcler.issue(credential, signer=key, suite="eddsa-rdfc-2022")
    say(json.dumps(signed, indent=2))
    print(f"2. Issued {signed['name']!r} with {signed['proof']['cryptosuite']}")

    result = vcler.verify(signed)
    print(f"3. Verified: {result.verified}")
    for problem in result.problems:
        print(f"   {problem.code} at {problem.pointer}: {problem.message}")

    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["achievement"]["name"] = "Machine Learning Engineering"
    changed = vcler.verify(tampered)
    print("4. Changed the achievement name to 'Machine Learning Engineering'")
    print(f"   Verified: {changed.verified}")
    for problem in changed.problems:
        print(f"   {problem.code} at {problem.pointer}: {problem.message}")
    return EXIT_OK if result.verified and not changed.verified else EXIT_INVALID
