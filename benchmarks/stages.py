"""Where the time of one ``vcler.verify`` goes, stage by stage, measured in place.

Each stage's function is wrapped with a wall-clock timer for the run and restored afterwards,
so the times are those of the stages inside a real verification (warm caches, the rest of
the verification around them), unlike a profiler's, which inflates code made of many small
calls. The credential is the ~2 KB Open Badges credential of ``benchmarks/verify.py``, or with
``--credential reference`` the JavaScript reference's test credential of ``benchmarks/vs_js.py``.

    python benchmarks/stages.py [--suite eddsa-jcs-2022] [--runs 3000] [--credential reference]

Prints microseconds per verification and shares of the whole; asserts nothing. Nested stages
are indented under the stage that calls them; "other" is what the listed stages leave.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from verify import SUITES, benchmark_credential
from vs_js import reference_credential

import vcler
import vcler._steps
import vcler.di.verification
import vcler.validation
from vcler.keys import PublicKey

# (label, owner, attribute, depth): the stages, in the order they run.
STAGES: tuple[tuple[str, Any, str, int], ...] = (
    ("check_json (plain JSON within limits)", vcler._steps, "check_json", 1),
    ("data model and profile validation", vcler._steps, "check_document", 1),
    ("data-model rules", vcler.validation, "_structure", 2),
    ("JSON-LD safe mode (JCS proofs only)", vcler.validation, "_safe_mode", 2),
    ("Open Badges schema and rules", vcler.validation, "_profile_findings", 2),
    ("proofs", vcler._steps.Steps, "proofs", 1),
    ("verification method", vcler.di.verification._Verification, "verification_method", 2),
    ("document transformation", vcler.di.verification._Verification, "transform", 2),
    ("signature check", PublicKey, "verify", 2),
    ("validity period", vcler._steps, "_validity_problems", 1),
)


@contextmanager
def timed(stages: tuple[tuple[str, Any, str, int], ...]) -> Iterator[dict[str, int]]:
    """Wrap each stage with a timer (nanoseconds summed per label); restore them on exit."""
    spent: dict[str, int] = {label: 0 for label, *_ in stages}
    originals = []
    for label, owner, attribute, _ in stages:
        original = getattr(owner, attribute)
        originals.append((owner, attribute, original))
        setattr(owner, attribute, _timer(original, label, spent))
    try:
        yield spent
    finally:
        for owner, attribute, original in originals:
            setattr(owner, attribute, original)


def _timer(function: Callable[..., Any], label: str, spent: dict[str, int]) -> Callable[..., Any]:
    clock = time.perf_counter_ns

    def timed_call(*args: Any, **kwargs: Any) -> Any:
        start = clock()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += clock() - start

    return timed_call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", default="eddsa-jcs-2022", choices=sorted(SUITES))
    parser.add_argument("--runs", type=int, default=3000, help="verifications to time")
    parser.add_argument("--credential", choices=["open-badge", "reference"], default="open-badge")
    args = parser.parse_args()

    key = vcler.generate_key(SUITES[args.suite])
    if args.credential == "reference":
        credential = reference_credential(key.controller)
    else:
        credential = benchmark_credential()
        credential["issuer"]["id"] = key.controller
    signed = vcler.issue(credential, signer=key, suite=args.suite)
    assert vcler.verify(signed).verified
    for _ in range(300):  # warm every cache first
        vcler.verify(signed)
    with timed(STAGES) as spent:
        start = time.perf_counter_ns()
        for _ in range(args.runs):
            vcler.verify(signed)
        total = time.perf_counter_ns() - start
    per_run = total / args.runs / 1000
    print(f"one vcler.verify ({args.suite}): {per_run:.1f} us ({1e6 / per_run:,.0f} per second)")
    groups: list[tuple[str, float, list[tuple[str, float]]]] = []
    for label, _, _, depth in STAGES:
        micros = spent[label] / args.runs / 1000
        if depth == 1:
            groups.append((label, micros, []))
        else:
            groups[-1][2].append((label, micros))
    for label, micros, parts in groups:
        _line(label, micros, per_run, 1)
        for part, part_micros in parts:
            _line(part, part_micros, per_run, 2)
        if parts:
            _line("other", micros - sum(m for _, m in parts), per_run, 2)
    _line("other", per_run - sum(micros for _, micros, _ in groups), per_run, 1)


def _line(label: str, micros: float, per_run: float, depth: int) -> None:
    width = 46 - 2 * depth
    print(f"{'  ' * depth}{label:<{width}} {micros:7.1f} us {micros / per_run:6.1%}")


if __name__ == "__main__":
    main()
