"""Challenges the verifier hands out (``POST /challenges``): random, single-use, expiring.

A holder asks the verifier for a challenge, puts it in its presentation's proof, and the
verifier is then asked to verify that presentation with ``options.challenge`` set to it.

A challenge is 16 random bytes, its expiry time (8 bytes, POSIX seconds) and an HMAC-SHA-256
tag over both (16 bytes) under a key kept in the server's store (made by the first worker that
needs it, shared by every other), in base64url: every worker recognizes the server's
challenges and their expiry without storing them, so handing them out costs nothing. One of
its challenges is accepted once: the presentation that verifies with it uses it up
(remembered in the store until it expires, so a recorded presentation cannot be replayed at
any worker), and an expired one is refused. A challenge this server did not issue is the
caller's own business and is checked as before (it must match the proof's).

Spec: https://w3c-ccg.github.io/vc-api/#create-challenge
Spec: https://www.w3.org/TR/vc-data-integrity/#authentication (proofPurpose, challenge)
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable

from .. import codes
from ..results import Problem
from .store import ServerStore, SQLiteServerStore

__all__ = ["DEFAULT_CHALLENGE_TTL", "MAX_CHALLENGES_IN_USE", "ChallengeStore"]

#: Seconds a challenge stays usable by default.
DEFAULT_CHALLENGE_TTL = 600
#: How many challenges may be in use (being verified, or used and not yet expired) at once.
MAX_CHALLENGES_IN_USE = 100_000

_NONCE, _EXPIRY, _TAG = 16, 8, 16
_KEY_NAME = "challenge-hmac-sha256"
_REFUSALS = {
    "used": "the challenge was already used by a verified presentation",
    "busy": "the challenge is being used by another verification",
    "full": "too many challenges are in use; try again later",
}


class ChallengeStore:
    """Issues challenges and remembers the ones used, in ``store``, until they expire
    (thread-safe, bounded; shared by every process using the same store).

    ``store`` defaults to one in this process's memory (closed by :meth:`close`); ``ttl`` is
    in seconds; ``clock`` gives POSIX seconds (injectable for tests).
    """

    def __init__(
        self,
        store: ServerStore | None = None,
        *,
        ttl: float = DEFAULT_CHALLENGE_TTL,
        max_in_use: int = MAX_CHALLENGES_IN_USE,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.ttl = ttl
        self.max_in_use = max_in_use
        self._clock = clock
        self._owned = store is None
        self._store: ServerStore = SQLiteServerStore(":memory:") if store is None else store
        self._key = self._store.shared_secret(_KEY_NAME, lambda: secrets.token_bytes(32))

    def close(self) -> None:
        """Close the store if this object made it."""
        if self._owned:
            self._store.close()

    def issue(self) -> str:
        """A new challenge, usable for ``ttl`` seconds."""
        nonce = secrets.token_bytes(_NONCE)
        expiry = int(self._clock() + self.ttl).to_bytes(_EXPIRY, "big")
        raw = nonce + expiry + self._tag(nonce + expiry)
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")

    def claim(self, challenge: str) -> bool | Problem:
        """Reserve ``challenge`` for one verification.

        ``False``: not a challenge of this server (nothing to do). ``True``: reserved; call
        :meth:`settle` when the verification is done. A :class:`Problem`
        (``INVALID_CHALLENGE_ERROR``) when it has expired, was used up, is being verified by
        another request right now, or too many challenges are in use.
        """
        expiry = self._expiry(challenge)
        if expiry is None:
            return False
        now = self._clock()
        if expiry <= now:
            return _problem("the challenge has expired; ask for a new one")
        refused = self._store.claim_challenge(
            challenge, expiry=expiry, now=now, max_in_use=self.max_in_use
        )
        return True if refused is None else _problem(_REFUSALS[refused])

    def settle(self, challenge: str, *, verified: bool) -> None:
        """End the verification :meth:`claim` reserved ``challenge`` for: a verified
        presentation uses it up; otherwise it may be tried again until it expires."""
        self._store.settle_challenge(challenge, verified=verified)

    def in_use(self) -> int:
        """How many challenges are being verified or used up and not yet expired."""
        return self._store.challenges_in_use(now=self._clock())

    def _tag(self, data: bytes) -> bytes:
        return hmac.new(self._key, data, hashlib.sha256).digest()[:_TAG]

    def _expiry(self, challenge: str) -> float | None:
        """The expiry of one of this server's challenges, or ``None`` for anything else."""
        if not isinstance(challenge, str) or len(challenge) != 54:  # 40 bytes in base64url
            return None
        try:
            raw = base64.urlsafe_b64decode(challenge + "==")
        except (binascii.Error, ValueError):
            return None
        # One spelling per challenge (the decoder skips stray characters and spare bits).
        if base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii") != challenge:
            return None
        signed, tag = raw[: _NONCE + _EXPIRY], raw[_NONCE + _EXPIRY :]
        if len(tag) != _TAG or not hmac.compare_digest(tag, self._tag(signed)):
            return None
        return float(int.from_bytes(signed[_NONCE:], "big"))


def _problem(message: str) -> Problem:
    return Problem(codes.INVALID_CHALLENGE_ERROR, message, "/options/challenge")
