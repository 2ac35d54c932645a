"""The issuer-side registry: lists, allocation (also across processes and SIGKILL), statuses."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import vcler
from tests.status import _workers
from tests.status._helpers import credential
from vcler.errors import InputError
from vcler.status import (
    MIN_LIST_LENGTH,
    SQLiteStatusStore,
    StatusRegistry,
    StatusStore,
    add_status_entry,
    expand_bitstring,
    read_status,
)

URL = "https://status.example/lists/1"
ROOT = Path(__file__).resolve().parents[2]


def test_create_allocate_set_publish(key: Any, registry: StatusRegistry) -> None:
    registry.create_list(URL, signer=key, ttl=300_000)
    indexes = [registry.allocate(URL) for _ in range(50)]
    assert len(set(indexes)) == 50
    assert all(0 <= i < MIN_LIST_LENGTH for i in indexes)
    assert indexes != sorted(indexes)  # random order
    registry.set_status(URL, indexes[3], 1)
    signed = registry.publish(URL)
    assert signed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert signed["issuer"] == key.controller and signed["id"] == URL
    subject = signed["credentialSubject"]
    assert subject["type"] == "BitstringStatusList" and subject["ttl"] == 300_000
    bits = expand_bitstring(subject["encodedList"])
    assert len(bits) * 8 == MIN_LIST_LENGTH
    assert [i for i in indexes if read_status(bits, i)] == [indexes[3]]
    assert vcler.verify(signed).verified
    assert registry.get_list(URL).allocated == 50


def test_entry_is_the_credential_status(key: Any, registry: StatusRegistry) -> None:
    registry.create_list(URL, signer=key)
    index = registry.allocate(URL)
    assert registry.entry(URL, index) == {
        "id": f"{URL}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": URL,
    }
    with pytest.raises(InputError, match="not allocated"):
        registry.entry(URL, (index + 1) % MIN_LIST_LENGTH)


def test_add_status_entry_then_issue(key: Any, registry: StatusRegistry) -> None:
    registry.create_list(URL, signer=key)
    registry.create_list(URL + "s", purpose="suspension", signer=key)
    first, index = add_status_entry(credential(key.controller), registry, URL)
    both, other = add_status_entry(first, registry, URL + "s")
    assert [e["statusListIndex"] for e in both["credentialStatus"]] == [str(index), str(other)]
    lists = {URL: registry.publish(URL), URL + "s": registry.publish(URL + "s")}
    result = vcler.verify(vcler.issue(both, signer=key), documents=lists)
    assert result.verified, result.problems
    assert [s.purpose for s in result.status] == ["revocation", "suspension"]
    v1 = {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "type": ["VerifiableCredential"],
        "issuer": key.controller,
        "issuanceDate": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
    }
    with_status, _ = add_status_entry(v1, registry, URL)
    assert with_status["@context"][-1] == "https://www.w3.org/ns/credentials/status/v1"
    lists = {URL: registry.publish(URL)}
    assert vcler.verify(vcler.issue(with_status, signer=key), documents=lists).verified


def test_revocation_is_not_reversible(key: Any, registry: StatusRegistry) -> None:
    registry.create_list(URL, signer=key)
    index = registry.allocate(URL)
    registry.set_status(URL, index, 1)
    registry.set_status(URL, index, 1)  # setting it again is fine
    with pytest.raises(InputError, match="not reversible"):
        registry.set_status(URL, index, 0)
    assert registry.get_status(URL, index) == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"length": 1024}, "at least"),
        ({"length": MIN_LIST_LENGTH + 4}, "multiple of 8"),
        ({"status_size": 2}, "needs 4 messages"),
        ({"status_size": 2, "messages": ["a", "b"]}, "statusSize 2 needs 4"),
        ({"list_type": "StatusList2021", "purpose": "message"}, "StatusList2021"),
        ({"list_type": "nope"}, "unknown status list type"),
        ({"purpose": "two words"}, "not a word"),
    ],
)
def test_create_list_refuses_bad_options(
    key: Any, registry: StatusRegistry, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        registry.create_list(URL, signer=key, **options)


def test_misuse_is_refused(key: Any, registry: StatusRegistry) -> None:
    registry.create_list(URL, signer=key)
    with pytest.raises(InputError, match="already exists"):
        registry.create_list(URL, signer=key)
    with pytest.raises(InputError, match="no status list"):
        registry.allocate("https://status.example/unknown")
    index = registry.allocate(URL)
    with pytest.raises(InputError, match="does not fit"):
        registry.set_status(URL, index, 2)
    with pytest.raises(InputError, match="not allocated"):
        registry.set_status(URL, (index + 1) % MIN_LIST_LENGTH, 1)
    with pytest.raises(InputError, match="is not the list's issuer"):
        registry.publish(URL, signer=vcler.generate_key("Ed25519"))


def test_signer_is_not_stored(key: Any, tmp_path: Path) -> None:
    path = tmp_path / "status.db"
    with StatusRegistry(path) as registry:
        registry.create_list(URL, signer=key)
    assert b"secret" not in path.read_bytes().lower()
    with StatusRegistry(path) as reopened:
        with pytest.raises(InputError, match="needs signer="):
            reopened.publish(URL)
        assert reopened.publish(URL, signer=key)["issuer"] == key.controller


def test_store_is_a_protocol(tmp_path: Path) -> None:
    store = SQLiteStatusStore(tmp_path / "s.db")
    assert isinstance(store, StatusStore)
    registry = StatusRegistry(store)
    registry.create_list(URL, issuer="did:example:issuer")
    assert registry.list_urls() == [URL]
    registry.close()


def test_fallback_allocation_when_probes_collide(tmp_path: Path) -> None:
    """Every probe hits the same taken index: the fallback finds the next free one."""
    registry = StatusRegistry(tmp_path / "s.db", random_below=lambda n: 7)
    registry.create_list(URL, issuer="did:example:issuer")
    assert [registry.allocate(URL) for _ in range(4)] == [7, 8, 9, 10]
    registry.close()


def test_allocation_in_a_nearly_full_list_and_a_full_one(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with StatusRegistry(path) as registry:
        registry.create_list(URL, issuer="did:example:issuer")
    free = 98_765
    with sqlite3.connect(path) as db:  # fill all but one index directly
        db.executemany(
            "INSERT INTO status_entries (url, idx) VALUES (?, ?)",
            ((URL, i) for i in range(MIN_LIST_LENGTH) if i != free),
        )
        db.execute(
            "UPDATE status_lists SET allocated = ? WHERE url = ?", (MIN_LIST_LENGTH - 1, URL)
        )
    db.close()
    with StatusRegistry(path) as registry:
        assert registry.allocate(URL) == free
        with pytest.raises(InputError, match="full"):
            registry.allocate(URL)


def test_processes_allocating_at_once_never_share_an_index(tmp_path: Path) -> None:
    path = str(tmp_path / "s.db")
    with StatusRegistry(path) as registry:
        registry.create_list(_workers.URL, issuer="did:example:issuer")
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    workers = [
        context.Process(target=_workers.allocate_many, args=(path, 200, results)) for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    batches = [results.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    results.close()
    results.join_thread()
    everything = [i for batch in batches for i in batch]
    assert len(everything) == 800 and len(set(everything)) == 800
    with StatusRegistry(path) as registry:
        assert registry.get_list(_workers.URL).allocated == 800


def test_sigkill_mid_allocation_loses_nothing_returned(tmp_path: Path) -> None:
    path = str(tmp_path / "s.db")
    with StatusRegistry(path) as registry:
        registry.create_list(_workers.URL, issuer="did:example:issuer")
    reported: list[int] = []
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for round_ in range(3):
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.status._workers", path],
            stdout=subprocess.PIPE,
            cwd=ROOT,
            env=env,
            text=True,
        )
        assert child.stdout is not None
        for _ in range(40 + 17 * round_):  # let it run, then kill it mid-loop
            reported.append(int(child.stdout.readline()))
        child.send_signal(signal.SIGKILL)
        reported.extend(int(line) for line in child.stdout.read().split())
        child.wait(timeout=10)
        child.stdout.close()
        assert child.returncode == -signal.SIGKILL
    assert len(set(reported)) == len(reported)
    with StatusRegistry(path) as registry:
        store = registry.store
        assert all(store.is_allocated(_workers.URL, i) for i in reported)
        # The counter matches the rows: no half-done allocation survived.
        with sqlite3.connect(path) as db:
            (rows,) = db.execute("SELECT COUNT(*) FROM status_entries").fetchone()
            (check,) = db.execute("PRAGMA integrity_check").fetchone()
        db.close()
        assert check == "ok"
        assert registry.get_list(_workers.URL).allocated == rows >= len(reported)
        fresh = {registry.allocate(_workers.URL) for _ in range(100)}
    assert not fresh & set(reported)
