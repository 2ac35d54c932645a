"""The verifier's endpoints: credentials, presentations and challenges.

Each verification uses a fresh :class:`vcler.Verifier` over the server's documents, so a change
to one of the server's own status lists shows at once: those are read from its registries
directly (never over HTTP to itself); anything else comes from the network fetcher, if the
configuration allows the network, and is refused otherwise.

Spec: https://w3c-ccg.github.io/vc-api/#verify-credential
Spec: https://w3c-ccg.github.io/vc-api/#verify-presentation
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .._api import Verifier
from ..errors import FetchPolicyError
from ..results import Problem
from .bodies import (
    PRESENTATION_OPTIONS,
    VERIFY_OPTIONS,
    bad_request,
    check_request,
    requested_checks,
    types_of,
    verification_answer,
)
from .challenges import ChallengeStore

if TYPE_CHECKING:
    from ..jsonld import StaticDocumentLoader

__all__ = ["VerifierEndpoints"]


class _OwnLists:
    """A JSON fetcher answering the server's own status lists from its registries, and
    everything else from the network fetcher (or refusing, offline)."""

    def __init__(self, lists: Callable[[str], dict[str, Any] | None], upstream: Any) -> None:
        self._lists = lists
        self._upstream = upstream

    def get_json(self, url: str, *, accept: str | None = None) -> Any:
        document = self._lists(url)
        if document is not None:
            return document
        if self._upstream is None:
            raise FetchPolicyError(
                f"{url} is not one of this server's documents, and the server's verifier is "
                "offline ([verifier] allow_network = true allows lookups)"
            )
        return self._upstream.get_json(url, accept=accept)


class VerifierEndpoints:
    """``POST /credentials/verify``, ``/presentations/verify`` and ``/challenges``.

    ``documents`` are the configured documents by id, ``loader`` the configured JSON-LD
    contexts (``None``: the bundled ones), ``own_list`` answers the server's own status lists
    (``None`` for any other URL), ``fetcher`` reaches the network (``None``: offline), ``now``
    is the clock, ``challenge_ttl`` the life of a challenge in seconds. Blocking and
    thread-safe.
    """

    def __init__(
        self,
        *,
        documents: Mapping[str, Any],
        own_list: Callable[[str], dict[str, Any] | None],
        fetcher: Any,
        now: Callable[[], datetime] | None,
        challenge_ttl: int,
        loader: StaticDocumentLoader | None = None,
    ) -> None:
        self._documents = documents
        self._loader = loader
        self._fetcher = _OwnLists(own_list, fetcher)
        self._now = now
        self._challenges = ChallengeStore(ttl=challenge_ttl)

    def verifier(self, *, check_status: bool = True) -> Verifier:
        """A verifier for one request (fresh, so that the server's own lists are current)."""
        return Verifier(
            documents=self._documents,
            loader=self._loader,
            fetcher=self._fetcher,
            now=self._now,
            check_status=check_status,
        )

    def verify_credential(self, body: Any) -> dict[str, Any]:
        """``POST /credentials/verify``: 200 when verified, else :class:`ApiError` (400).

        Spec: https://w3c-ccg.github.io/vc-api/#verify-credential
        """
        options = check_request(
            body, document="verifiableCredential", allowed_options=VERIFY_OPTIONS
        )
        checks = requested_checks(options)
        credential = body["verifiableCredential"]
        if "VerifiablePresentation" in types_of(credential):
            raise bad_request(
                "MALFORMED_VALUE_ERROR",
                "this is a presentation: POST it to /presentations/verify",
                "/verifiableCredential/type",
            )
        check_status = "status" in checks or "credentialStatus" in checks
        result = self.verifier(check_status=check_status).verify(credential)
        return verification_answer(
            result,
            performed=_performed(credential, check_status=check_status),
            under="/verifiableCredential",
        )

    def verify_presentation(self, body: Any) -> dict[str, Any]:
        """``POST /presentations/verify``: 200 when verified, else :class:`ApiError` (400).

        Spec: https://w3c-ccg.github.io/vc-api/#verify-presentation
        """
        options = check_request(
            body, document="verifiablePresentation", allowed_options=PRESENTATION_OPTIONS
        )
        checks = requested_checks(options)
        for name in ("challenge", "domain"):
            if name in options and not isinstance(options[name], str):
                raise bad_request(
                    "MALFORMED_VALUE_ERROR", f"options.{name} must be a string", f"/options/{name}"
                )
        presentation = body["verifiablePresentation"]
        if "VerifiablePresentation" not in types_of(presentation):
            raise bad_request(
                "MALFORMED_VALUE_ERROR",
                "verifiablePresentation must have the type VerifiablePresentation",
                "/verifiablePresentation/type",
            )
        check_status = "status" in checks or "credentialStatus" in checks
        challenge = options.get("challenge")
        # A challenge from POST /challenges is used up by the presentation that verifies.
        claimed = self._challenges.claim(challenge) if challenge is not None else False
        if isinstance(claimed, Problem):
            raise bad_request(claimed.code, claimed.message, claimed.pointer)
        verified = False
        try:
            result = self.verifier(check_status=check_status).verify(
                presentation, challenge=challenge, domain=options.get("domain")
            )
            verified = result.verified
        finally:
            if claimed is True and isinstance(challenge, str):
                self._challenges.settle(challenge, verified=verified)
        answer = verification_answer(result, performed=["proof"], under="/verifiablePresentation")
        answer["credentialResults"] = [
            {"verified": nested.verified, "warnings": [w.to_json() for w in nested.warnings]}
            for nested in result.credentials
        ]
        if options.get("returnPresentation") is True:
            answer["verifiablePresentation"] = presentation
        return answer

    def create_challenge(self, body: Any) -> dict[str, Any]:
        """``POST /challenges``: a new challenge for a presentation (the body is empty).

        Spec: https://w3c-ccg.github.io/vc-api/#create-challenge
        """
        if body not in (None, {}):
            raise bad_request("MALFORMED_VALUE_ERROR", "the request body must be empty or {}")
        return {"challenge": self._challenges.issue()}


def _performed(credential: Mapping[str, Any], *, check_status: bool) -> list[str]:
    """The checks a credential's verification performs."""
    checks = ["proof", "validity"]
    if check_status and "credentialStatus" in credential:
        checks.append("status")
    return checks
