"""Sign, derive and verify rates of the selective disclosure suites, side by side.

The credential is the ~2 KB Open Badges 3.0 skill credential of ``verify.py``. The issuer
signs a base proof (the default mandatory pointers: issuer and validity period), the holder
derives a credential disclosing the badge's name and achievement, and the verifier checks the
derived proof. ``ecdsa-sd-2023`` (P-256) signs every non-mandatory statement with a
proof-scoped key; ``bbs-2023`` (BLS12-381, the extra ``vcler[bbs]``) signs them all with one
BBS signature and makes a fresh zero-knowledge proof for each derivation.

    python benchmarks/selective.py [--seconds 2] [--suite NAME ...]

Prints operations per second for each suite and bbs-2023's ratio to ecdsa-sd-2023; asserts
nothing about speed.
"""

from __future__ import annotations

import argparse
import copy
import json
from typing import Any

from verify import benchmark_credential, rate

import vcler

SUITES = {"ecdsa-sd-2023": "P-256", "bbs-2023": "Bls12381G2"}
DISCLOSED = ["/name", "/credentialSubject/achievement"]


def rates(suite: str, credential: dict[str, Any], seconds: float) -> dict[str, float]:
    """Sign, derive and verify per second for ``suite`` (each checked once first)."""
    key = vcler.generate_key(SUITES[suite])
    mine = copy.deepcopy(credential)
    mine["issuer"]["id"] = key.controller
    base = vcler.issue(mine, signer=key, suite=suite)
    derived = vcler.derive(base, selective_pointers=DISCLOSED)
    result = vcler.verify(derived)
    assert result.verified, result.problems
    return {
        "sign": rate(lambda: vcler.issue(mine, signer=key, suite=suite), seconds),
        "derive": rate(lambda: vcler.derive(base, selective_pointers=DISCLOSED), seconds),
        "verify": rate(lambda: vcler.verify(derived), seconds),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="time per measurement")
    parser.add_argument(
        "--suite", action="append", choices=sorted(SUITES), help="only this suite (repeatable)"
    )
    args = parser.parse_args()

    credential = benchmark_credential()
    print(f"credential: {len(json.dumps(credential))} bytes of JSON; disclosed: {DISCLOSED}")
    measured = {suite: rates(suite, credential, args.seconds) for suite in args.suite or SUITES}
    reference = measured.get("ecdsa-sd-2023")
    for suite, per_second in measured.items():
        for operation, value in per_second.items():
            label = f"{suite} {operation}"
            ratio = f"  {value / reference[operation]:5.2f}x" if reference else ""
            print(f"{label:<24} {value:9.1f} /s{ratio}")


if __name__ == "__main__":
    main()
