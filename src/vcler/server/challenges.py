"""Challenges the verifier hands out (``POST /challenges``): random, single-use, expiring.

A holder asks the verifier for a challenge, puts it in its presentation's proof, and the
verifier is then asked to verify that presentation with ``options.challenge`` set to it.

A challenge is 16 random bytes, its expiry time (8 bytes, POSIX seconds) and an HMAC-SHA-256
tag over both (16 bytes) under a key made when the server starts, in base64url: the server
recognizes its own challenges and their expiry without storing them, so handing them out
costs no memory. One of its challenges is accepted once: the presentation that verifies with
it uses it up (remembered until it expires, so a recorded presentation cannot be replayed),
and an expired one is refused. A challenge this server did not issue is the caller's own
business and is checked as before (it must match the proof's).

Spec: https://w3c-ccg.github.io/vc-api/#create-challenge
Spec: https://www.w3.org/TR/vc-data-integrity/#authentication (proofPurpose, challenge)
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable

from .. import codes
from ..results import Problem

__all__ = ["DEFAULT_CHALLENGE_TTL", "ChallengeStore"]

#: Seconds a challenge stays usable by default.
DEFAULT_CHALLENGE_TTL = 600
#: How many challenges may be in use (being verified, or used and not yet expired) at once.
MAX_CHALLENGES_IN_USE = 100_000

_NONCE, _EXPIRY, _TAG = 16, 8, 16


class ChallengeStore:
    """Issues challenges and remembers the ones used until they expire (thread-safe, bounded).

    ``ttl`` is in seconds; ``clock`` gives POSIX seconds (injectable for tests).
    """

    def __init__(
        self,
        *,
        ttl: float = DEFAULT_CHALLENGE_TTL,
        max_in_use: int = MAX_CHALLENGES_IN_USE,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.ttl = ttl
        self.max_in_use = max_in_use
        self._clock = clock
        self._key = secrets.token_bytes(32)
        self._lock = threading.Lock()
        # challenge -> (expiry, verified): being verified (False) or used up (True).
        self._in_use: dict[str, tuple[float, bool]] = {}

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
        with self._lock:
            state = self._in_use.get(challenge)
            if state is not None:
                used = state[1]
                return _problem(
                    "the challenge was already used by a verified presentation"
                    if used
                    else "the challenge is being used by another verification"
                )
            if len(self._in_use) >= self.max_in_use:
                self._forget_expired(now)
                if len(self._in_use) >= self.max_in_use:
                    return _problem("too many challenges are in use; try again later")
            self._in_use[challenge] = (expiry, False)
        return True

    def settle(self, challenge: str, *, verified: bool) -> None:
        """End the verification :meth:`claim` reserved ``challenge`` for: a verified
        presentation uses it up; otherwise it may be tried again until it expires."""
        with self._lock:
            state = self._in_use.get(challenge)
            if state is None:
                return
            if verified:
                self._in_use[challenge] = (state[0], True)
            else:
                del self._in_use[challenge]

    def in_use(self) -> int:
        """How many challenges are being verified or used up and not yet expired."""
        with self._lock:
            self._forget_expired(self._clock())
            return len(self._in_use)

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

    def _forget_expired(self, now: float) -> None:
        expired = [key for key, (expiry, _) in self._in_use.items() if expiry <= now]
        for key in expired:
            del self._in_use[key]


def _problem(message: str) -> Problem:
    return Problem(codes.INVALID_CHALLENGE_ERROR, message, "/options/challenge")
