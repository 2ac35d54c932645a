"""vcler against the JavaScript reference (Digital Bazaar's verifier and signer), one core each.

The credential is the one Digital Bazaar's eddsa-rdfc-2022 cryptosuite tests with
(``test/mock-data.js``: an alumni credential with an inline context), in VC 2.0 form and issued
by a did:key. The reference (``benchmarks/vs_js.mjs`` in node: jsonld-signatures,
@digitalbazaar/data-integrity, the eddsa-rdfc-2022 cryptosuite) and vcler (``vcler.verify`` and
``vcler.issue`` per suite, every check made; and the naive pyld pipeline of
``benchmarks/verify.py``) run pinned to one processor core, in turns: each vcler measurement
right after one of the reference's eddsa-rdfc-2022 operation (verify before verify, issue
before issue), so that both see the same load; the table gives the medians over the rounds
of the rates and of the ratios of each pair. Rates are per second of *processor* time (each
process's user and system time), so that a core shared with other programs slows the clock
rather than the measure; the ratios of wall-clock rates are printed too (the reference's
asynchronous signature calls leave its core idle part of the time, which processor time does
not count: its wall-clock rate is the lower).

    python benchmarks/vs_js.py [--seconds 2] [--rounds 3] [--node-modules DIR] [--chart FILE]
                               [--vcler-only]

The reference's packages are read from ``--node-modules`` (or ``VCLER_DB_INTEROP``), else
installed from the npm registry into a temporary folder (as ``.ci/run`` does); without node or
npm only vcler and the naive pipeline are measured. ``--chart`` writes an SVG bar chart of
the medians. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from verify import naive_verify

import vcler
from vcler.did.key import resolve_did_key
from vcler.jsonld import bundled_contexts, default_loader

HERE = Path(__file__).resolve().parent
PACKAGES = (
    "jsonld-signatures@11",
    "@digitalbazaar/data-integrity@2",
    "@digitalbazaar/ed25519-multikey@1",
    "@digitalbazaar/eddsa-rdfc-2022-cryptosuite@1",
)
SUITES = {
    "eddsa-rdfc-2022": "Ed25519",
    "ecdsa-rdfc-2019": "P-256",
    "eddsa-jcs-2022": "Ed25519",
    "ecdsa-jcs-2019": "P-256",
}
REFERENCE = "reference eddsa-rdfc-2022"


def reference_credential(issuer: str) -> dict[str, Any]:
    """Digital Bazaar's test credential (eddsa-rdfc-2022-cryptosuite, ``test/mock-data.js``)
    in VC 2.0 form, issued by ``issuer``."""
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            {
                "AlumniCredential": "https://schema.org#AlumniCredential",
                "alumniOf": "https://schema.org#alumniOf",
            },
        ],
        "id": "http://example.edu/credentials/1872",
        "type": ["VerifiableCredential", "AlumniCredential"],
        "issuer": issuer,
        "validFrom": "2010-01-01T19:23:24Z",
        "credentialSubject": {
            "id": "https://example.edu/students/alice",
            "alumniOf": "Example University",
        },
    }


def rate(function: Callable[[], Any], seconds: float) -> tuple[float, float]:
    """Calls per second of processor time (this process's) and per second of wall-clock time
    of ``function``, called for about ``seconds`` (after two warm-up calls)."""
    function()
    function()
    count = 0
    begin = time.perf_counter()
    deadline = begin + seconds
    start = time.process_time()
    while time.perf_counter() < deadline:
        function()
        count += 1
    cpu = time.process_time() - start
    return count / cpu, count / (time.perf_counter() - begin)


def node_modules(folder: str | None) -> tuple[str | None, str | None]:
    """The reference's ``node_modules`` folder and a temporary folder to remove afterwards."""
    if folder:
        return folder, None
    if not (shutil.which("node") and shutil.which("npm")):
        return None, None
    temporary = tempfile.mkdtemp(prefix="vcler-vs-js-")
    done = subprocess.run(
        ["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", temporary, *PACKAGES],
        capture_output=True,
        timeout=600,
    )
    if done.returncode != 0:
        shutil.rmtree(temporary, ignore_errors=True)
        return None, None
    return str(Path(temporary) / "node_modules"), temporary


def one_core() -> int:
    """Pin this process to one processor core (the first allowed) and return it."""
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return core


class Reference:
    """The reference in node (on ``core``, one libuv thread), measuring when asked."""

    def __init__(self, folder: str, core: int, key: Any, credential: dict[str, Any]) -> None:
        loader = default_loader()
        documents = {url: loader[url] for url in bundled_contexts()}
        documents[key.controller] = resolve_did_key(key.controller)
        command = ["node", str(HERE / "vs_js.mjs")]
        if shutil.which("taskset"):
            command = ["taskset", "-c", str(core), *command]
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "VCLER_DB_INTEROP": folder, "UV_THREADPOOL_SIZE": "1"},
        )
        self._ask({"documents": documents, "key": key.to_json(), "credential": credential})

    def _ask(self, request: dict[str, Any]) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the reference stopped (see its error output above)")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def rate(self, operation: str, seconds: float) -> tuple[float, float]:
        """The reference's ``operation`` (``verify`` or ``issue``) per second of processor
        time and per second of wall-clock time."""
        rates = self._ask({"op": operation, "seconds": seconds})
        return float(rates["cpu"]), float(rates["wall"])

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


def operations(keys: dict[str, Any]) -> dict[str, tuple[str, Callable[[], Any]]]:
    """What is measured: label → (the reference operation it is compared with, the call)."""
    measured: dict[str, tuple[str, Callable[[], Any]]] = {}
    for suite, kind in SUITES.items():
        key = keys[kind]
        credential = reference_credential(key.controller)
        signed = vcler.issue(credential, signer=key, suite=suite)
        result = vcler.verify(signed)
        assert result.verified, result.problems
        measured[f"vcler {suite} verify"] = ("verify", lambda d=signed: vcler.verify(d))
        # vcler.issue leaves its input alone (the reference's sign is given a clone).
        measured[f"vcler {suite} issue"] = (
            "issue",
            lambda c=credential, k=key, s=suite: vcler.issue(c, signer=k, suite=s),
        )
        if suite == "eddsa-rdfc-2022":
            assert naive_verify(signed, key)
            measured["naive pyld eddsa-rdfc-2022 verify"] = (
                "verify",
                lambda d=signed, k=key: naive_verify(d, k),
            )
    return measured


def chart(medians: dict[str, float], path: Path) -> None:
    """An SVG bar chart of the verify and issue rates (one bar per row, labelled)."""
    rows = sorted(medians.items(), key=lambda item: -item[1])
    top = max(value for _, value in rows)
    width, left, bar, gap = 760, 330, 22, 8
    height = 40 + len(rows) * (bar + gap)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="sans-serif" font-size="13">',
        f'<text x="10" y="20" font-weight="bold">Operations per second of processor time, one core '
        f"(medians; {REFERENCE} in orange)</text>",
    ]
    for index, (label, value) in enumerate(rows):
        y = 34 + index * (bar + gap)
        length = (width - left - 80) * value / top
        colour = "#e8833a" if label.startswith("reference") else "#4c72b0"
        if label.startswith("naive"):
            colour = "#999999"
        parts.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end">{label}</text>')
        parts.append(
            f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{bar}" fill="{colour}"/>'
        )
        parts.append(f'<text x="{left + length + 6:.1f}" y="{y + 16}">{value:,.0f}</text>')
    parts.append("</svg>\n")
    path.write_text("\n".join(parts), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="time per measurement")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (medians are reported)")
    parser.add_argument("--node-modules", default=os.environ.get("VCLER_DB_INTEROP"))
    parser.add_argument("--vcler-only", action="store_true", help="measure no reference")
    parser.add_argument("--chart", type=Path, help="write an SVG chart of the medians here")
    args = parser.parse_args()

    core = one_core()
    keys = {kind: vcler.generate_key(kind) for kind in set(SUITES.values())}
    folder, temporary = (None, None) if args.vcler_only else node_modules(args.node_modules)
    reference = None
    if folder is None:
        print("node or the reference's npm packages are not available: vcler only")
    else:
        credential = reference_credential(keys["Ed25519"].controller)
        reference = Reference(folder, core, keys["Ed25519"], credential)
    measured = operations(keys)
    rates: dict[str, list[float]] = {f"{REFERENCE} {op}": [] for op in ("verify", "issue")}
    rates.update({label: [] for label in measured})
    ratios: dict[str, list[float]] = {label: [] for label in measured}
    wall_ratios: dict[str, list[float]] = {label: [] for label in measured}
    try:
        for number in range(1, args.rounds + 1):
            # In turns: the reference's operation, then vcler's, so that both see the same
            # load on this shared machine; each ratio is of one such pair.
            for label, (operation, call) in measured.items():
                theirs = reference.rate(operation, args.seconds) if reference else None
                ours = rate(call, args.seconds)
                rates[label].append(ours[0])
                if theirs is not None:
                    rates[f"{REFERENCE} {operation}"].append(theirs[0])
                    ratios[label].append(ours[0] / theirs[0])
                    wall_ratios[label].append(ours[1] / theirs[1])
            print(f"round {number} of {args.rounds} done", flush=True)
    finally:
        if reference is not None:
            reference.close()
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    print(f"\none core (core {core}), medians of {args.rounds} rounds")
    print(f"{'':<42} {'per CPU s':>11} {'vs reference':>13} {'(wall clock)':>13}")
    medians = {}
    for label, values in rates.items():
        if not values:
            continue
        medians[label] = statistics.median(values)
        line = f"{label:<42} {medians[label]:11,.0f}"
        if label.startswith("reference"):
            line += f" {1:12.2f}x {1:12.2f}x"
        elif ratios[label]:
            line += f" {statistics.median(ratios[label]):12.2f}x"
            line += f" {statistics.median(wall_ratios[label]):12.2f}x"
        print(line)
    if args.chart is not None:
        chart(medians, args.chart)
        print(f"chart written to {args.chart}")


if __name__ == "__main__":
    main()
