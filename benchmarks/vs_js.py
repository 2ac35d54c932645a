"""vcler against the JavaScript reference (Digital Bazaar's verifier and signer), one core each.

The credential is the one Digital Bazaar's eddsa-rdfc-2022 cryptosuite tests with
(``test/mock-data.js``: an alumni credential with an inline context), in VC 2.0 form and issued
by a did:key. Each round runs the reference (``benchmarks/vs_js.mjs`` in node: jsonld-signatures,
@digitalbazaar/data-integrity, the eddsa-rdfc-2022 cryptosuite) and then vcler (``vcler.verify``
and ``vcler.issue`` per suite, every check made) and the naive pyld pipeline of
``benchmarks/verify.py``, all pinned to one processor core; the ratios are against the reference's
eddsa-rdfc-2022 rate measured in the same round (verify against verify, issue against issue),
and the table is of the medians over the rounds.

    python benchmarks/vs_js.py [--seconds 2] [--rounds 3] [--node-modules DIR] [--chart FILE]

The reference's packages are read from ``--node-modules`` (or ``VCLER_DB_INTEROP``), else
installed from the npm registry into a temporary folder (as ``.ci/run`` does); without node or
npm only vcler and the naive pipeline are measured. ``--chart`` writes an SVG bar chart of
the medians. Asserts nothing.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from verify import naive_verify, rate

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


def reference_rates(
    folder: str, core: int, key: Any, credential: dict[str, Any], seconds: float
) -> dict[str, float]:
    """The reference's verify and issue rates (node on ``core``, one libuv thread)."""
    loader = default_loader()
    documents = {url: loader[url] for url in bundled_contexts()}
    documents[key.controller] = resolve_did_key(key.controller)
    request = {"documents": documents, "key": key.to_json(), "credential": credential}
    request["seconds"] = seconds
    command = ["node", str(HERE / "vs_js.mjs")]
    if shutil.which("taskset"):
        command = ["taskset", "-c", str(core), *command]
    done = subprocess.run(
        command,
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=True,
        timeout=120 + 10 * seconds,
        env={**os.environ, "VCLER_DB_INTEROP": folder, "UV_THREADPOOL_SIZE": "1"},
    )
    rates: dict[str, float] = json.loads(done.stdout)
    return rates


def vcler_rates(keys: dict[str, Any], seconds: float) -> dict[str, float]:
    """vcler's verify and issue rate per suite, and the naive pipeline's verify rate."""
    rates = {}
    for suite, kind in SUITES.items():
        key = keys[kind]
        credential = reference_credential(key.controller)
        signed = vcler.issue(credential, signer=key, suite=suite)
        result = vcler.verify(signed)
        assert result.verified, result.problems
        rates[f"vcler {suite} verify"] = rate(lambda d=signed: vcler.verify(d), seconds)
        rates[f"vcler {suite} issue"] = rate(
            lambda c=credential, k=key, s=suite: vcler.issue(copy.deepcopy(c), signer=k, suite=s),
            seconds,
        )
        if suite == "eddsa-rdfc-2022":
            assert naive_verify(signed, key)
            rates["naive pyld eddsa-rdfc-2022 verify"] = rate(
                lambda d=signed, k=key: naive_verify(d, k), seconds
            )
    return rates


def chart(medians: dict[str, float], path: Path) -> None:
    """An SVG bar chart of the verify and issue rates (one bar per row, labelled)."""
    rows = sorted(medians.items(), key=lambda item: -item[1])
    top = max(value for _, value in rows)
    width, left, bar, gap = 760, 330, 22, 8
    height = 40 + len(rows) * (bar + gap)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="sans-serif" font-size="13">',
        f'<text x="10" y="20" font-weight="bold">Operations per second, one core '
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
    parser.add_argument("--chart", type=Path, help="write an SVG chart of the medians here")
    args = parser.parse_args()

    core = one_core()
    keys = {kind: vcler.generate_key(kind) for kind in set(SUITES.values())}
    folder, temporary = node_modules(args.node_modules)
    if folder is None:
        print("node or the reference's npm packages are not available: vcler only")
    rounds: list[dict[str, float]] = []
    try:
        for number in range(1, args.rounds + 1):
            measured: dict[str, float] = {}
            if folder is not None:
                credential = reference_credential(keys["Ed25519"].controller)
                js = reference_rates(folder, core, keys["Ed25519"], credential, args.seconds)
                measured[f"{REFERENCE} verify"] = js["verify"]
                measured[f"{REFERENCE} issue"] = js["issue"]
            measured.update(vcler_rates(keys, args.seconds))
            rounds.append(measured)
            print(f"round {number}: " + ", ".join(f"{k} {v:.0f}/s" for k, v in measured.items()))
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    print(f"\none core (core {core}), medians of {args.rounds} rounds")
    print(f"{'':<42} {'per second':>11} {'vs reference':>13}")
    medians = {}
    for label in rounds[0]:
        medians[label] = statistics.median(measured[label] for measured in rounds)
        line = f"{label:<42} {medians[label]:11,.0f}"
        operation = label.rsplit(" ", 1)[-1]
        if folder is not None:
            # The ratio of each round against that round's reference, then the median.
            ratios = [measured[label] / measured[f"{REFERENCE} {operation}"] for measured in rounds]
            line += f" {statistics.median(ratios):12.2f}x"
        print(line)
    if args.chart is not None:
        chart(medians, args.chart)
        print(f"chart written to {args.chart}")


if __name__ == "__main__":
    main()
