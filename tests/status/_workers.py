"""Child-process bodies for the registry concurrency tests (importable under ``spawn``)."""

from __future__ import annotations

import sys

URL = "https://status.example/lists/concurrent"


def allocate_many(path: str, count: int, results: object) -> None:
    """Allocate ``count`` indexes and put them on the ``results`` queue."""
    from vcler.status import StatusRegistry

    with StatusRegistry(path) as registry:
        indexes = [registry.allocate(URL) for _ in range(count)]
    results.put(indexes)  # type: ignore[attr-defined]


def allocate_forever(path: str) -> None:
    """Allocate until killed, writing each index to stdout once allocate() has returned."""
    from vcler.status import StatusRegistry

    registry = StatusRegistry(path)
    out = sys.stdout
    while True:
        index = registry.allocate(URL)
        out.write(f"{index}\n")
        out.flush()


if __name__ == "__main__":
    allocate_forever(sys.argv[1])
