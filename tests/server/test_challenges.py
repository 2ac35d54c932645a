"""The challenge store behind POST /challenges: recognized, expiring, single-use, bounded."""

from __future__ import annotations

import threading

from hypothesis import given
from hypothesis import strategies as st

from vcler.results import Problem
from vcler.server.challenges import ChallengeStore


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_a_challenge_is_used_up_by_a_verified_presentation() -> None:
    store = ChallengeStore(clock=Clock())
    challenge = store.issue()
    assert store.claim(challenge) is True
    store.settle(challenge, verified=True)
    used = store.claim(challenge)
    assert isinstance(used, Problem) and used.code == "INVALID_CHALLENGE_ERROR"
    assert "already used" in used.message and used.pointer == "/options/challenge"


def test_a_failed_verification_leaves_the_challenge_usable() -> None:
    store = ChallengeStore(clock=Clock())
    challenge = store.issue()
    assert store.claim(challenge) is True
    busy = store.claim(challenge)  # a second request while the first is being verified
    assert isinstance(busy, Problem) and "another verification" in busy.message
    store.settle(challenge, verified=False)
    assert store.claim(challenge) is True


def test_challenges_expire() -> None:
    clock = Clock()
    store = ChallengeStore(ttl=60, clock=clock)
    challenge = store.issue()
    clock.now += 59
    assert store.claim(challenge) is True
    store.settle(challenge, verified=True)
    assert store.in_use() == 1
    clock.now += 2
    expired = store.claim(challenge)
    assert isinstance(expired, Problem) and "expired" in expired.message
    assert store.in_use() == 0  # used challenges are forgotten once they expire


def test_only_this_servers_challenges_are_recognized() -> None:
    store, other = ChallengeStore(clock=Clock()), ChallengeStore(clock=Clock())
    challenge = other.issue()
    assert store.claim(challenge) is False  # another key: not ours
    assert store.claim("c-123") is False
    # Another spelling of the same bytes is not the same challenge.
    mine = store.issue()
    assert store.claim(mine[:-1] + ("A" if mine[-1] != "A" else "B")) is False


@given(st.text(max_size=80))
def test_anything_else_is_not_a_challenge_of_ours(text: str) -> None:
    assert ChallengeStore(clock=Clock()).claim(text) is False


def test_bounded_while_in_use() -> None:
    store = ChallengeStore(max_in_use=3, clock=Clock())
    challenges = [store.issue() for _ in range(4)]
    for challenge in challenges[:3]:
        assert store.claim(challenge) is True
    full = store.claim(challenges[3])
    assert isinstance(full, Problem) and "too many" in full.message
    store.settle(challenges[0], verified=False)
    assert store.claim(challenges[3]) is True


def test_one_claim_wins_a_race() -> None:
    store = ChallengeStore(clock=Clock())
    challenge = store.issue()
    results: list[object] = []
    barrier = threading.Barrier(8)

    def claim() -> None:
        barrier.wait()
        results.append(store.claim(challenge))

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 1
