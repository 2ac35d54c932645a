"""The challenge store behind POST /challenges: recognized, expiring, single-use, bounded,
and shared by every worker using the same server store (both backends)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vcler.results import Problem
from vcler.server.challenges import ChallengeStore
from vcler.server.store import open_store

Make = Callable[..., ChallengeStore]


@pytest.fixture
def make(store_url: str) -> Iterator[Make]:
    """``make(**options)``: a challenge store on the test's server store (a new connection each
    time, as another worker would have)."""
    stores: list[Any] = []

    def make(**options: Any) -> ChallengeStore:
        stores.append(open_store(store_url))
        return ChallengeStore(stores[-1], **options)

    yield make
    for store in stores:
        store.close()


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_a_challenge_is_used_up_by_a_verified_presentation(make: Make) -> None:
    store = make(clock=Clock())
    challenge = store.issue()
    assert store.claim(challenge) is True
    store.settle(challenge, verified=True)
    used = store.claim(challenge)
    assert isinstance(used, Problem) and used.code == "INVALID_CHALLENGE_ERROR"
    assert "already used" in used.message and used.pointer == "/options/challenge"


def test_a_failed_verification_leaves_the_challenge_usable(make: Make) -> None:
    store = make(clock=Clock())
    challenge = store.issue()
    assert store.claim(challenge) is True
    busy = store.claim(challenge)  # a second request while the first is being verified
    assert isinstance(busy, Problem) and "another verification" in busy.message
    store.settle(challenge, verified=False)
    assert store.claim(challenge) is True


def test_challenges_expire(make: Make) -> None:
    clock = Clock()
    store = make(ttl=60, clock=clock)
    challenge = store.issue()
    clock.now += 59
    assert store.claim(challenge) is True
    store.settle(challenge, verified=True)
    assert store.in_use() == 1
    clock.now += 2
    expired = store.claim(challenge)
    assert isinstance(expired, Problem) and "expired" in expired.message
    assert store.in_use() == 0  # used challenges are forgotten once they expire


def test_only_this_servers_challenges_are_recognized(make: Make) -> None:
    store, other = make(clock=Clock()), ChallengeStore(clock=Clock())  # another server's
    challenge = other.issue()
    other.close()
    assert store.claim(challenge) is False  # another key: not ours
    assert store.claim("c-123") is False
    # Another spelling of the same bytes is not the same challenge.
    mine = store.issue()
    assert store.claim(mine[:-1] + ("A" if mine[-1] != "A" else "B")) is False


MEMORY = ChallengeStore(clock=Clock())  # in this process's memory


@given(st.text(max_size=80))
def test_anything_else_is_not_a_challenge_of_ours(text: str) -> None:
    assert MEMORY.claim(text) is False


def test_bounded_while_in_use(make: Make) -> None:
    store = make(max_in_use=3, clock=Clock())
    challenges = [store.issue() for _ in range(4)]
    for challenge in challenges[:3]:
        assert store.claim(challenge) is True
    full = store.claim(challenges[3])
    assert isinstance(full, Problem) and "too many" in full.message
    store.settle(challenges[0], verified=False)
    assert store.claim(challenges[3]) is True


def test_one_claim_wins_a_race(make: Make) -> None:
    workers = [make(clock=Clock()) for _ in range(2)]
    challenge = workers[0].issue()
    results: list[object] = []
    barrier = threading.Barrier(8)

    def claim(n: int) -> None:
        barrier.wait()
        results.append(workers[n % 2].claim(challenge))

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 1


def test_workers_share_the_key_and_the_used_challenges(make: Make) -> None:
    first, second = make(clock=Clock()), make(clock=Clock())
    challenge = first.issue()
    assert second.claim(challenge) is True  # recognized by another worker
    second.settle(challenge, verified=True)
    replayed = first.claim(challenge)  # and the replay is refused at the first
    assert isinstance(replayed, Problem) and "already used" in replayed.message
