"""Batch verification throughput: one core, worker processes (``--jobs``), a Dask cluster.

The credentials: ``--count`` (default 20,000) Open Badges credentials, each of its own learner,
from one did:web issuer (its DID document supplied to the verifiers, as ``--documents`` does)
with two keys, signed in four suites in turn (eddsa-rdfc-2022, ecdsa-rdfc-2019,
eddsa-jcs-2022, ecdsa-jcs-2019), all with an entry in one shared status list (every 100th
revoked). They are verified from their NDJSON lines (bytes, read where they are verified):

- one core: :class:`vcler.VerifierPool` with ``jobs=1`` (a :class:`vcler.Verifier` in this
  process, no worker);
- ``--jobs`` worker processes (default: every available core): a :class:`vcler.VerifierPool`
  started and given a first small batch before it is timed (its start-up is printed apart),
  and a one-shot :func:`vcler.verify_many` call, start-up included;
- a Dask ``LocalCluster`` of ``--jobs`` worker processes of one thread each (the ``dask``
  extra): the credentials written as NDJSON files, read by the workers with
  ``dask.bag.read_text``, verified by :func:`vcler.dask.verify_bag`, the verified ones
  counted on the workers.

The modes are measured in ``--rounds`` interleaved rounds (the machine may be shared: the
best round of each mode is kept) and printed with their ratio to one core, from the same run.

    python benchmarks/batch.py [--count 20000] [--jobs N] [--rounds 3] [--no-dask]

Asserts nothing about speed (it checks that every mode gives the same verdicts).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import vcler
from vcler._batch import available_cores
from vcler.cli._demo import example_credential
from vcler.status import StatusRegistry

ISSUER = "did:web:registry.example.edu"
LIST_URL = "https://registry.example.edu/status/1"
SUITES = (
    ("eddsa-rdfc-2022", "Ed25519"),
    ("ecdsa-rdfc-2019", "P-256"),
    ("eddsa-jcs-2022", "Ed25519"),
    ("ecdsa-jcs-2019", "P-256"),
)
REVOKED_EVERY = 100


def generate(count: int, folder: Path, jobs: int) -> tuple[list[bytes], dict[str, Any]]:
    """``count`` signed credentials as NDJSON lines, and the documents verifying them needs
    (the issuer's DID document, the status list)."""
    keys = {
        "Ed25519": vcler.generate_key("Ed25519", controller=ISSUER, id=f"{ISSUER}#ed25519"),
        "P-256": vcler.generate_key("P-256", controller=ISSUER, id=f"{ISSUER}#p256"),
    }
    did_document = {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": ISSUER,
        "verificationMethod": [key.to_json(include_secret=False) for key in keys.values()],
        "assertionMethod": [key.id for key in keys.values()],
    }
    signed: list[Any] = [None] * count
    with StatusRegistry(folder / "status.db") as registry:
        registry.create_list(LIST_URL, issuer=ISSUER, signer=keys["Ed25519"])
        for offset, (suite, kind) in enumerate(SUITES):
            learners = range(offset, count, len(SUITES))
            batch = vcler.issue_many(
                (credential(learner) for learner in learners),
                signer=keys[kind],
                suite=suite,
                jobs=jobs,
                status=(registry, LIST_URL),
            )
            for learner, issued in zip(learners, batch, strict=True):
                assert isinstance(issued, dict), issued
                signed[learner] = issued
        for issued in signed[::REVOKED_EVERY]:
            registry.set_status(LIST_URL, int(issued["credentialStatus"]["statusListIndex"]), 1)
        documents = {ISSUER: did_document, LIST_URL: registry.publish(LIST_URL)}
    return [json.dumps(issued).encode() for issued in signed], documents


def credential(learner: int) -> dict[str, Any]:
    document = example_credential()
    document["id"] = f"urn:uuid:00000000-0000-4000-8000-{learner:012d}"
    document["issuer"]["id"] = ISSUER
    document["credentialSubject"]["id"] = f"did:example:learner-{learner}"
    document["credentialSubject"]["achievement"]["name"] = f"Data Analysis, cohort {learner % 7}"
    return document


def timed(function: Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    verified = function()
    return time.perf_counter() - start, verified


def in_pool(pool: vcler.VerifierPool, lines: list[bytes]) -> int:
    return sum(result.verified for result in pool.verify_many(lines))


class DaskMode:
    """A LocalCluster of ``jobs`` worker processes reading the NDJSON files themselves."""

    def __init__(self, jobs: int, lines: list[bytes], documents: dict[str, Any], folder: Path):
        import dask.bag
        from distributed import Client, LocalCluster

        import vcler.dask

        started = time.perf_counter()
        self.cluster = LocalCluster(
            n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
        self.client = Client(self.cluster)
        files = 4 * jobs
        paths = []
        for index in range(files):
            path = folder / f"credentials-{index:03}.ndjson"
            path.write_bytes(b"\n".join(lines[index::files]) + b"\n")
            paths.append(str(path))
        self.bag = dask.bag.read_text(paths, blocksize=None)
        rows = vcler.dask.verify_bag(self.bag, client=self.client, documents=documents)
        self.verified = rows.pluck("verified").sum()
        warm = dask.bag.from_sequence([line.decode() for line in lines[:200]], npartitions=jobs)
        vcler.dask.verify_bag(warm, client=self.client, documents=documents).compute()
        self.start_up = time.perf_counter() - started

    def run(self) -> int:
        return int(self.verified.compute())

    def close(self) -> None:
        self.client.close()
        self.cluster.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000, help="credentials to verify")
    parser.add_argument("--jobs", type=int, default=available_cores(), help="worker processes")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds per mode")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask LocalCluster")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        started = time.perf_counter()
        lines, documents = generate(args.count, folder, args.jobs)
        print(
            f"{args.count:,} credentials ({sum(map(len, lines)) / len(lines):,.0f} bytes each, "
            f"4 suites, 1 status list) issued with issue_many(jobs={args.jobs}) "
            f"in {time.perf_counter() - started:.1f} s"
        )
        expected = args.count - len(range(0, args.count, REVOKED_EVERY))
        one = vcler.VerifierPool(jobs=1, documents=documents)
        in_pool(one, lines[:200])
        started = time.perf_counter()
        pool = vcler.VerifierPool(jobs=args.jobs, documents=documents)
        in_pool(pool, lines[:200])
        pool_start = time.perf_counter() - started
        modes: dict[str, Callable[[], int]] = {
            "one core (jobs=1)": lambda: in_pool(one, lines),
            f"VerifierPool(jobs={args.jobs})": lambda: in_pool(pool, lines),
            f"verify_many(jobs={args.jobs}), start-up incl.": lambda: sum(
                r.verified for r in vcler.verify_many(lines, jobs=args.jobs, documents=documents)
            ),
        }
        dask_mode = None
        if not args.no_dask:
            dask_mode = DaskMode(args.jobs, lines, documents, folder)
            modes[f"Dask LocalCluster ({args.jobs} workers)"] = dask_mode.run
        best: dict[str, float] = {}
        try:
            for _ in range(args.rounds):
                for label, function in modes.items():
                    seconds, verified = timed(function)
                    assert verified == expected, (label, verified, expected)
                    best[label] = min(best.get(label, seconds), seconds)
        finally:
            pool.close()
            if dask_mode is not None:
                dask_mode.close()

    base = args.count / best["one core (jobs=1)"]
    print(f"best of {args.rounds} rounds, {expected:,} verified and the rest revoked in each:")
    for label, seconds in best.items():
        rate = args.count / seconds
        print(f"  {label:<36} {rate:9,.0f} /s  {rate / base:5.2f}x one core")
    print(f"start-up: VerifierPool(jobs={args.jobs}) {pool_start:.2f} s", end="")
    if dask_mode is not None:
        print(f", Dask LocalCluster {dask_mode.start_up:.2f} s", end="")
    print(" (each with a first batch of 200)")


if __name__ == "__main__":
    main()
