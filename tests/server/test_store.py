"""The server's store: one suite, run against both backends (an SQLite file and PostgreSQL).

Each test opens the store the way the server does (``open_store(url)``), often twice on the
same database, as two worker processes would.
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from vcler.errors import InputError
from vcler.server.store import (
    IDEMPOTENCY_TTL,
    DuplicateCredentialError,
    IdempotencyKeyReusedError,
    IssueRequest,
    ServerStore,
    SQLiteServerStore,
    open_store,
)
from vcler.status import MIN_LIST_LENGTH, StatusListFullError, StatusRegistry

URL = "https://college.example/status/a/1"
NOW = 1_800_000_000.0


@pytest.fixture
def store(store_url: str) -> Iterator[ServerStore]:
    store = open_store(store_url)
    StatusRegistry(store).create_list(URL, issuer="did:example:college")
    yield store
    store.close()


@pytest.fixture
def other(store: ServerStore, store_url: str) -> Iterator[ServerStore]:
    """A second store on the same database: another worker."""
    second = open_store(store_url)
    yield second
    second.close()


def signer(calls: list[int | None]) -> Any:
    def sign(index: int | None) -> dict[str, Any]:
        calls.append(index)
        return {
            "id": f"urn:uuid:{secrets.token_hex(4)}",
            "index": index,
            "text": "caf\u00e9 \ud800",
        }

    return sign


def issue(store: ServerStore, request: IssueRequest, calls: list[int | None] | None = None) -> Any:
    return store.issue(
        request,
        sign=signer([] if calls is None else calls),
        random_below=secrets.randbelow,
        now=NOW,
    )


def test_it_is_a_server_store(store: ServerStore) -> None:
    assert isinstance(store, ServerStore)


def test_issue_records_the_signed_credential_with_its_index(
    store: ServerStore, other: ServerStore
) -> None:
    calls: list[int | None] = []
    issued = issue(store, IssueRequest("a", URL, "urn:1"), calls)
    assert calls == [issued.index] and issued.list_url == URL and not issued.replayed
    assert issued.credential["index"] == issued.index
    record = other.issued("a", "urn:1")  # seen by another worker
    assert record is not None and record.credential == issued.credential  # a lone surrogate too
    assert (record.list_url, record.index, record.deleted) == (URL, issued.index, False)
    assert other.is_allocated(URL, issued.index) and other.get_list(URL).allocated == 1
    assert other.issued("b", "urn:1") is None  # per issuer


def test_without_a_list_or_an_id(store: ServerStore) -> None:
    calls: list[int | None] = []
    issued = issue(store, IssueRequest("a", None, None, "key-1", "f"), calls)
    assert calls == [None] and issued.index is None
    again = issue(store, IssueRequest("a", None, None, "key-1", "f"), calls)
    assert again.replayed and again.credential == issued.credential and calls == [None]


def test_a_duplicate_id_spends_nothing(store: ServerStore) -> None:
    issue(store, IssueRequest("a", URL, "urn:1"))
    calls: list[int | None] = []
    with pytest.raises(DuplicateCredentialError):
        issue(store, IssueRequest("a", URL, "urn:1"), calls)
    assert calls == [] and store.get_list(URL).allocated == 1
    issue(store, IssueRequest("b", URL, "urn:1"))  # another issuer's id space


def test_an_idempotency_key_answers_what_it_answered(
    store: ServerStore, other: ServerStore
) -> None:
    first = issue(store, IssueRequest("a", URL, "urn:1", "key-1", "digest-1"))
    calls: list[int | None] = []
    again = issue(other, IssueRequest("a", URL, "urn:1", "key-1", "digest-1"), calls)
    assert again.replayed and calls == []
    assert (again.credential, again.list_url, again.index) == (
        first.credential,
        URL,
        first.index,
    )
    with pytest.raises(IdempotencyKeyReusedError):
        issue(other, IssueRequest("a", URL, "urn:2", "key-1", "digest-2"))
    assert store.get_list(URL).allocated == 1
    # The key is the issuer's: another issuer's request with it is a new one.
    assert not issue(other, IssueRequest("b", URL, "urn:1", "key-1", "digest-1")).replayed


def test_a_key_is_forgotten_after_a_day(store: ServerStore) -> None:
    first = issue(store, IssueRequest("a", URL, None, "key-1", "digest"))
    later = store.issue(
        IssueRequest("a", URL, None, "key-1", "digest"),
        sign=signer([]),
        random_below=secrets.randbelow,
        now=NOW + IDEMPOTENCY_TTL + 1,
    )
    assert not later.replayed and later.index != first.index
    issue(store, IssueRequest("a", URL, None, "key-2", "digest"))
    assert store.forget_idempotency(before=NOW + 1) == 1  # key-2; key-1 was made anew later


def test_a_failed_signature_keeps_nothing(store: ServerStore) -> None:
    def failing(index: int | None) -> dict[str, Any]:
        raise InputError("cannot sign")

    with pytest.raises(InputError, match="cannot sign"):
        store.issue(
            IssueRequest("a", URL, "urn:1", "key-1", "f"),
            sign=failing,
            random_below=secrets.randbelow,
            now=NOW,
        )
    assert store.get_list(URL).allocated == 0 and store.issued("a", "urn:1") is None
    assert list(store.set_statuses(URL)) == []
    retried = issue(store, IssueRequest("a", URL, "urn:1", "key-1", "f"))  # not a replay
    assert not retried.replayed and store.get_list(URL).allocated == 1


def test_delete_keeps_the_status_entry(store: ServerStore) -> None:
    issued = issue(store, IssueRequest("a", URL, "urn:1"))
    assert store.delete_issued("a", "urn:1")
    assert not store.delete_issued("a", "urn:1")
    record = store.issued("a", "urn:1")
    assert record is not None and record.deleted and record.credential is None
    assert record.index == issued.index and store.is_allocated(URL, issued.index)
    with pytest.raises(DuplicateCredentialError):  # the id stays spent
        issue(store, IssueRequest("a", URL, "urn:1"))


def _fill(store_url: str, url: str, keep_free: int) -> None:
    """Allocate every index of the list but ``keep_free``, directly in the database."""
    rows = [(url, i) for i in range(MIN_LIST_LENGTH) if i != keep_free]
    if store_url.startswith("postgresql"):
        import psycopg

        with psycopg.connect(store_url, autocommit=True) as db:
            with (
                db.cursor() as cursor,
                cursor.copy("COPY status_entries (url, idx) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            db.execute("UPDATE status_lists SET allocated = %s WHERE url = %s", (len(rows), url))
        return
    db = sqlite3.connect(store_url)
    with db:
        db.executemany("INSERT INTO status_entries (url, idx) VALUES (?, ?)", rows)
        db.execute("UPDATE status_lists SET allocated = ? WHERE url = ?", (len(rows), url))
    db.close()


def test_a_nearly_full_list_then_a_full_one(store: ServerStore, store_url: str) -> None:
    _fill(store_url, URL, keep_free=98_765)
    assert issue(store, IssueRequest("a", URL, "urn:last")).index == 98_765
    calls: list[int | None] = []
    with pytest.raises(StatusListFullError):
        issue(store, IssueRequest("a", URL, "urn:over", "key", "f"), calls)
    assert calls == [] and store.issued("a", "urn:over") is None
    registry = StatusRegistry(store)
    with pytest.raises(StatusListFullError):
        registry.allocate(URL)


def test_fallback_when_probes_collide(store: ServerStore) -> None:
    registry = StatusRegistry(store, random_below=lambda n: 7)
    assert [registry.allocate(URL) for _ in range(3)] == [7, 8, 9]


def test_statuses_and_the_irreversible_revocation(store: ServerStore, other: ServerStore) -> None:
    registry, elsewhere = StatusRegistry(store), StatusRegistry(other)
    index = issue(store, IssueRequest("a", URL, "urn:1")).index
    elsewhere.set_status(URL, index, 1)
    assert registry.get_status(URL, index) == 1 and list(store.set_statuses(URL)) == [(index, 1)]
    with pytest.raises(InputError, match="not reversible"):
        registry.set_status(URL, index, 0)
    with pytest.raises(InputError, match="already exists"):
        registry.create_list(URL, issuer="did:example:college")
    assert other.list_urls() == [URL]


def test_threads_of_two_workers_never_share_an_index(
    store: ServerStore, other: ServerStore
) -> None:
    found: list[int] = []
    lock = threading.Lock()

    def work(target: ServerStore, worker: int) -> None:
        for n in range(25):
            issued = issue(target, IssueRequest("a", URL, f"urn:{worker}:{n}", f"k{worker}:{n}"))
            with lock:
                found.append(issued.index)

    threads = [
        threading.Thread(target=work, args=(store if worker % 2 else other, worker))
        for worker in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == len(set(found)) == 150
    assert store.get_list(URL).allocated == 150


def test_challenges_are_shared_by_workers(store: ServerStore, other: ServerStore) -> None:
    assert store.claim_challenge("c1", expiry=NOW + 60, now=NOW, max_in_use=2) is None
    assert other.claim_challenge("c1", expiry=NOW + 60, now=NOW, max_in_use=2) == "busy"
    store.settle_challenge("c1", verified=False)
    assert other.claim_challenge("c1", expiry=NOW + 60, now=NOW, max_in_use=2) is None
    other.settle_challenge("c1", verified=True)
    assert store.claim_challenge("c1", expiry=NOW + 60, now=NOW, max_in_use=2) == "used"
    assert store.claim_challenge("c2", expiry=NOW + 30, now=NOW, max_in_use=2) is None
    assert store.claim_challenge("c3", expiry=NOW + 60, now=NOW, max_in_use=2) == "full"
    assert other.challenges_in_use(now=NOW) == 2
    assert other.challenges_in_use(now=NOW + 45) == 1  # c2 expired
    # An expired one is forgotten by the next claim, which makes room.
    assert store.claim_challenge("c3", expiry=NOW + 90, now=NOW + 45, max_in_use=2) is None


def test_a_secret_is_made_once(store: ServerStore, other: ServerStore) -> None:
    first = store.shared_secret("k", lambda: secrets.token_bytes(32))
    assert other.shared_secret("k", lambda: secrets.token_bytes(32)) == first
    assert len(first) == 32 and store.shared_secret("j", lambda: b"\x01") == b"\x01"


def test_an_earlier_servers_records_are_carried_over(tmp_path: Path) -> None:
    path = tmp_path / "status.db"
    db = sqlite3.connect(path)
    with db:
        db.execute(
            "CREATE TABLE vcler_server_issued (issuer TEXT NOT NULL, credential_id TEXT NOT "
            "NULL, url TEXT NOT NULL, idx INTEGER NOT NULL, PRIMARY KEY (issuer, credential_id))"
            " WITHOUT ROWID"
        )
        db.execute("INSERT INTO vcler_server_issued VALUES ('a', 'urn:old', ?, 5)", (URL,))
    db.close()
    store = SQLiteServerStore(path)
    record = store.issued("a", "urn:old")
    assert record is not None and (record.list_url, record.index) == (URL, 5)
    assert record.credential is None and not record.deleted
    store.close()
    SQLiteServerStore(path).close()  # once only
