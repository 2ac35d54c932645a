"""Peak memory of ``vcler verify`` on an NDJSON stream, as the stream grows.

For each size (default 10,000, 50,000 and 200,000 credentials) the command
``vcler verify - --jobs N --json --output /dev/null`` reads that many credentials as NDJSON from
its standard input, fed through a pipe by this script (1,000 distinct signed credentials, with
a status list, repeated), while the resident memory of the command and of every process it
started (its workers) is sampled ten times a second. Printed per size: the time, the rate, the
peak of the whole process tree (the sum of its processes at the same moment), and the peaks of
the command and of its largest worker; then the ratio of the largest size's peak to the
smallest's (1.00: flat, memory bounded by the work in flight, not by the input).

    python benchmarks/memory.py [--sizes 10000 50000 200000] [--jobs N]

Needs psutil (installed with the ``dask`` extra, which the ``test`` extra includes). Asserts
nothing.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO

import psutil
from batch import credential

import vcler
from vcler._batch import available_cores
from vcler.status import StatusRegistry

DISTINCT = 1_000
LIST_URL = "https://registry.example.edu/status/memory"


def signed_lines(folder: Path, jobs: int) -> list[bytes]:
    """``DISTINCT`` signed credentials of a did:key issuer as NDJSON lines; the status list is
    written to ``folder/documents``."""
    key = vcler.generate_key("Ed25519")
    with StatusRegistry(folder / "status.db") as registry:
        registry.create_list(LIST_URL, issuer=key.controller, signer=key)
        unsigned = []
        for learner in range(DISTINCT):
            document = credential(learner)
            document["issuer"]["id"] = key.controller
            unsigned.append(document)
        lines = []
        for issued in vcler.issue_many(
            unsigned, signer=key, jobs=jobs, status=(registry, LIST_URL)
        ):
            assert isinstance(issued, dict), issued
            lines.append(json.dumps(issued).encode() + b"\n")
        (folder / "documents").mkdir()
        (folder / "documents" / "list.json").write_text(json.dumps(registry.publish(LIST_URL)))
    return lines


def feed(stream: IO[bytes], lines: list[bytes], count: int) -> None:
    try:
        for index in range(count):
            stream.write(lines[index % len(lines)])
    finally:
        stream.close()


def sample(process: psutil.Process, peaks: dict[str, int], done: threading.Event) -> None:
    """Keep the peaks of the tree's total, the command's and the largest worker's RSS."""
    while not done.is_set():
        try:
            own = process.memory_info().rss
            children = [child.memory_info().rss for child in process.children(recursive=True)]
        except psutil.Error:
            break
        peaks["total"] = max(peaks["total"], own + sum(children))
        peaks["command"] = max(peaks["command"], own)
        peaks["worker"] = max([peaks["worker"], *children])
        time.sleep(0.1)


def measure(count: int, jobs: int, lines: list[bytes], folder: Path) -> tuple[float, dict]:
    command = [sys.executable, "-m", "vcler", "verify", "-", "--json", "--no-progress"]
    command += ["--jobs", str(jobs), "--output", str(folder / "results.ndjson")]
    command += ["--documents", str(folder / "documents")]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    assert child.stdin is not None
    peaks = {"total": 0, "command": 0, "worker": 0}
    done = threading.Event()
    sampler = threading.Thread(target=sample, args=(psutil.Process(child.pid), peaks, done))
    sampler.start()
    feed(child.stdin, lines, count)
    code = child.wait()
    done.set()
    sampler.join()
    seconds = time.perf_counter() - started
    assert code == 0, code
    written = sum(1 for _ in (folder / "results.ndjson").open("rb"))
    assert written == count, (written, count)
    return seconds, peaks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 200_000])
    parser.add_argument("--jobs", type=int, default=available_cores(), help="--jobs of vcler")
    args = parser.parse_args()

    megabyte = 1024 * 1024
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        lines = signed_lines(folder, args.jobs)
        print(f"vcler verify - --jobs {args.jobs} on NDJSON of {DISTINCT:,} distinct credentials")
        print(
            f"{'credentials':>12} {'seconds':>8} {'rate':>9} {'peak tree':>10} {'command':>8} "
            f"{'worker':>8}"
        )
        first = None
        for count in args.sizes:
            seconds, peaks = measure(count, args.jobs, lines, folder)
            first = first or peaks["total"]
            print(
                f"{count:>12,} {seconds:>8.1f} {count / seconds:>7,.0f}/s "
                f"{peaks['total'] / megabyte:>7.0f} MB {peaks['command'] / megabyte:>5.0f} MB "
                f"{peaks['worker'] / megabyte:>5.0f} MB"
            )
        print(
            f"peak at {args.sizes[-1]:,} / peak at {args.sizes[0]:,}: {peaks['total'] / first:.2f}"
        )


if __name__ == "__main__":
    main()
