"""RDFC-1.0 throughput of vcler.canon next to pyld's URDNA2015, measured in the same run.

Both canonicalize the same N-Quads text (parse included): some inputs of the W3C rdf-canon
suite, the canonical documents of the Data Integrity EdDSA vectors, a ~2 KB credential, and a
dataset of identical sibling blank nodes. Then the JSON-LD -> RDF step (vcler.jsonld.to_dataset)
of that credential is timed, for scale.

    python benchmarks/canon.py [--seconds 0.7]

Prints operations per second and the ratio ours / pyld; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pyld import jsonld

from vcler.canon import canonicalize
from vcler.rdf import parse_nquads, serialize_nquads

VECTORS = Path(__file__).resolve().parents[2] / "shared" / "vectors"
PYLD_OPTIONS = {
    "algorithm": "URDNA2015",
    "inputFormat": "application/n-quads",
    "format": "application/n-quads",
}


def rate(function: Callable[[], Any], seconds: float) -> float:
    """Calls per second of ``function`` over about ``seconds`` (after one warm-up call)."""
    function()
    count = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        function()
        count += 1
        now = time.perf_counter()
        if now >= deadline:
            return count / (now - start)


def siblings(children: int = 6, parents: int = 2) -> str:
    """Parents sharing a first-degree hash, each with identical childless children."""
    lines = []
    for p in range(parents):
        lines.append(f"<urn:ex:root> <urn:ex:has> _:p{p} .")
        for c in range(children):
            lines.append(f"_:p{p} <urn:ex:child> _:c{p}x{c} .")
            lines.append(f'_:c{p}x{c} <urn:ex:name> "same" .')
    return "\n".join(lines) + "\n"


def credential() -> dict[str, Any]:
    """A ~2 KB Open Badges credential (the demo badge with a few more alignments)."""
    from vcler.cli._demo import example_credential

    document = example_credential()
    alignments = document["credentialSubject"]["achievement"].setdefault("alignment", [])
    for index in range(3):
        alignments.append(
            {
                "type": ["Alignment"],
                "targetName": f"Skill {index}",
                "targetUrl": f"https://osn.example.org/rsd/skill-{index}",
                "targetType": "CFItem",
                "targetCode": f"SK-{index}",
            }
        )
    return document


def datasets() -> dict[str, str]:
    """Name -> N-Quads text."""
    rdfc = VECTORS / "rdf-canon" / "rdfc10"
    eddsa = VECTORS / "di-eddsa" / "eddsa-rdfc-2022"
    found = {
        "rdf-canon test006 (no blank node)": rdfc / "test006-in.nq",
        "rdf-canon test020 (diamond)": rdfc / "test020-in.nq",
        "rdf-canon test022 (double circle)": rdfc / "test022-in.nq",
        "rdf-canon test044 (evil 1)": rdfc / "test044-in.nq",
        "rdf-canon test054 (t-graph)": rdfc / "test054-in.nq",
        "di-eddsa canonDocDataInt": eddsa / "canonDocDataInt.txt",
        "di-eddsa employ canonDocDataInt": eddsa / "employ" / "canonDocDataInt.txt",
    }
    texts = {name: path.read_text("utf-8") for name, path in found.items() if path.is_file()}
    try:
        from vcler.jsonld import to_dataset

        texts["2 KB OB3 credential"] = serialize_nquads(to_dataset(credential()))
    except ImportError:  # pragma: no cover - before vcler.jsonld exists
        pass
    texts["identical siblings (2 x 6)"] = siblings()
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=0.7, help="time per measurement")
    seconds = parser.parse_args().seconds

    print(f"{'dataset':36} {'quads':>5} {'vcler ops/s':>12} {'pyld ops/s':>11} {'ratio':>7}")
    for name, text in datasets().items():
        ours = rate(lambda text=text: canonicalize(text), seconds)  # type: ignore[misc]
        theirs = rate(lambda text=text: jsonld.normalize(text, PYLD_OPTIONS), seconds)  # type: ignore[misc]
        quads = len(parse_nquads(text))
        print(f"{name:36} {quads:5d} {ours:12.0f} {theirs:11.0f} {ours / theirs:6.1f}x")

    try:
        from vcler.jsonld import to_dataset
    except ImportError:  # pragma: no cover
        return
    document = credential()
    size = len(json.dumps(document))
    to_rdf = rate(lambda: to_dataset(document), seconds)
    text = serialize_nquads(to_dataset(document))
    canon = rate(lambda: canonicalize(text), seconds)
    print()
    print(f"JSON-LD -> RDF (vcler.jsonld.to_dataset), {size} B credential: {to_rdf:.0f} ops/s")
    print(f"RDFC-1.0 of its {len(parse_nquads(text))} quads (N-Quads text in): {canon:.0f} ops/s")


if __name__ == "__main__":
    main()
