"""How verification throughput scales with the size of what is verified.

Credentials: the example Open Badges skill credential with 1, 10, 100 and 1,000 alignments
(each a distinct blank node), eddsa-rdfc-2022. Presentations: 1, 10 and 100 such credentials
(5 alignments each, each signed, each of its own learner) in a presentation signed by the
holder; verifying one checks every proof. For each size it prints the JSON size, the number
of RDF statements, verify throughput, the time per statement, and that time relative to the
smallest case (1.00 means linear; a cliff would show as a ratio growing with size). The
JSON-LD -> canonical N-Quads part alone (``to_dataset`` + ``canonicalize`` of the unsecured
document) is timed the same way.

    python benchmarks/scaling.py [--seconds 2] [--profile]

Runs in under a minute; asserts nothing. ``--profile`` first prints where the time of one
``vcler.verify`` of the ~2 KB credential of ``benchmarks/verify.py`` goes (cProfile,
cumulative shares of the main stages; ``benchmarks/stages.py`` measures the stages in place).
"""

from __future__ import annotations

import argparse
import copy
import cProfile
import json
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import vcler
from vcler.canon import canonicalize
from vcler.cli._demo import example_credential
from vcler.jsonld import StaticDocumentLoader, to_dataset

ALIGNMENTS = (1, 10, 100, 1000)
PRESENTED = (1, 10, 100)
# (label, function name as cProfile reports it) for --profile; nested stages are indented.
STAGES = (
    ("vcler.verify", "verify"),
    ("  data model validation", "validate"),
    ("    Open Badges JSON Schema", "schema_problems"),
    ("  check_json (all calls)", "check_json"),
    ("  proof verification", "verify_proofs"),
    ("    DID resolution (did:key)", "dereference_verification_method"),
    ("    document: JSON-LD -> RDF + RDFC", "rdfc_transformation"),
    ("    proof config: JSON-LD -> RDF + RDFC", "rdfc_proof_configuration"),
    ("    to_dataset (both)", "to_dataset"),
    ("    canonicalize (both)", "canonicalize"),
    ("    Ed25519 signature check", "multibase_verification"),
)


def rate(function: Callable[[], Any], seconds: float) -> float:
    """Calls per second of ``function`` over about ``seconds`` (at least 3 calls, after one
    warm-up call)."""
    function()
    count = 0
    start = time.perf_counter()
    while True:
        function()
        count += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds and count >= 3:
            return count / elapsed


def credential(alignments: int, *, issuer: str, learner: int = 0) -> dict[str, Any]:
    """The example credential with ``alignments`` distinct alignments, for learner number
    ``learner`` (credentials of different learners have different subjects)."""
    document = example_credential()
    document["issuer"]["id"] = issuer
    document["id"] = f"urn:uuid:00000000-0000-4000-8000-{learner:012d}"
    document["credentialSubject"]["id"] = f"did:example:learner-{learner}"
    achievement = document["credentialSubject"]["achievement"]
    template = achievement["alignment"][0]
    achievement["alignment"] = []
    for index in range(alignments):
        alignment = copy.deepcopy(template)
        alignment["targetName"] = f"Skill {index}"
        alignment["targetCode"] = f"SK-{index}"
        alignment["targetUrl"] = f"https://osn.example.org/rsd/skill-{index}"
        achievement["alignment"].append(alignment)
    return document


def statements(document: dict[str, Any], loader: StaticDocumentLoader) -> int:
    return len(to_dataset(document, loader=loader))


def report(label: str, size: int, count: int, per_second: float, base: float | None) -> float:
    per_statement = 1e6 / per_second / count
    ratio = per_statement / base if base else 1.0
    print(
        f"{label:<28} {size:>9,} B {count:>7,} quads {per_second:>9.1f} /s "
        f"{per_statement:>7.2f} us/quad {ratio:>5.2f}x"
    )
    return per_statement


def profile(issuer: Any, loader: StaticDocumentLoader, runs: int = 300) -> None:
    """Print the cumulative share of each stage of ``vcler.verify`` (eddsa-rdfc-2022)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from verify import benchmark_credential

    document = benchmark_credential()
    document["issuer"]["id"] = issuer.controller
    signed = vcler.issue(document, signer=issuer)
    assert vcler.verify(signed, loader=loader).verified
    profiler = cProfile.Profile()
    profiler.runcall(lambda: [vcler.verify(signed, loader=loader) for _ in range(runs)])
    stats: dict[Any, Any] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    cumulative: dict[str, float] = {}
    for (filename, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.items():
        if "vcler" in filename or name in {"multibase_verification"}:
            cumulative[name] = max(cumulative.get(name, 0.0), ct)
    total = cumulative.get("verify", 1.0)
    print(f"where one verify of a {len(json.dumps(signed)):,}-byte credential goes (cProfile):")
    for label, name in STAGES:
        if name in cumulative:
            share = cumulative[name] / total
            print(f"  {label:<44} {100 * share:5.1f}%")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="time per measurement")
    parser.add_argument("--profile", action="store_true", help="print the verify breakdown")
    args = parser.parse_args()

    loader = StaticDocumentLoader()
    issuer = vcler.generate_key("Ed25519")
    holder = vcler.generate_key("Ed25519")
    if args.profile:
        profile(issuer, loader)

    print("credentials (eddsa-rdfc-2022): vcler.verify, then to_dataset + canonicalize")
    verify_base: float | None = None
    canon_base: float | None = None
    for alignments in ALIGNMENTS:
        signed = vcler.issue(credential(alignments, issuer=issuer.controller), signer=issuer)
        assert vcler.verify(signed, loader=loader).verified
        unsecured = {k: v for k, v in signed.items() if k != "proof"}
        size = len(json.dumps(signed))
        count = statements(unsecured, loader)
        seconds = args.seconds
        verify_rate = rate(lambda s=signed: vcler.verify(s, loader=loader), seconds)
        per = report(f"  {alignments:>5} alignments  verify", size, count, verify_rate, verify_base)
        verify_base = verify_base or per
        canon_rate = rate(
            lambda d=unsecured: canonicalize(to_dataset(d, loader=loader)), seconds / 2
        )
        per = report(f"  {alignments:>5} alignments  rdf+c14n", size, count, canon_rate, canon_base)
        canon_base = canon_base or per

    print("presentations of signed credentials (5 alignments each): vcler.verify")
    base = None
    for presented in PRESENTED:
        credentials = [
            vcler.issue(credential(5, issuer=issuer.controller, learner=index), signer=issuer)
            for index in range(presented)
        ]
        presentation = vcler.present(credentials, signer=holder, challenge="c-1", domain="d")
        result = vcler.verify(presentation, challenge="c-1", domain="d", loader=loader)
        assert result.verified, result.problems
        size = len(json.dumps(presentation))
        count = statements({k: v for k, v in presentation.items() if k != "proof"}, loader)
        per_second = rate(
            lambda p=presentation: vcler.verify(p, challenge="c-1", domain="d", loader=loader),
            args.seconds,
        )
        per = report(f"  {presented:>5} credentials  verify", size, count, per_second, base)
        base = base or per


if __name__ == "__main__":
    main()
