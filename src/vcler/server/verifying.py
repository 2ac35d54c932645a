"""The verifier's endpoints: credentials, presentations and challenges.

Credentials and presentations come as JSON objects: with embedded proofs, or enveloped
(``EnvelopedVerifiableCredential`` / ``EnvelopedVerifiablePresentation`` holding a
``vc+jwt``, ``vc+sd-jwt`` or ``vc+cose`` token in a ``data:`` URL), verified by their envelope.

Each verification runs under a fresh :class:`~vcler.context.VerificationContext` over the
server's documents, so a change to one of the server's own status lists shows at once: those
are read from its registries directly (never over HTTP to itself); anything else comes from the
network, if the configuration allows it, and is refused otherwise. The app serves the async
forms (:class:`vcler.AsyncVerifier`), so a slow did:web or status list fetch holds up no other
request.

Spec: https://w3c-ccg.github.io/vc-api/#verify-credential
Spec: https://w3c-ccg.github.io/vc-api/#verify-presentation
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .. import codes
from .._api import AsyncVerifier, Verifier
from .._documents import types_of
from .._seam import AsyncJsonFetcher, JsonFetcher
from ..context import VerificationContext, VerificationPolicy
from ..did.sources import Documents
from ..results import Problem, VerificationResult
from .bodies import (
    PRESENTATION_OPTIONS,
    VERIFY_OPTIONS,
    bad_request,
    check_request,
    requested_checks,
    verification_answer,
)
from .challenges import ChallengeStore

if TYPE_CHECKING:
    from ..jsonld import StaticDocumentLoader

__all__ = ["ServerDocuments", "VerifierEndpoints"]


class ServerDocuments(Mapping[str, Any]):
    """The documents the server's verifier holds: the configured ones (``[verifier]
    documents``) and the server's own status lists, read from its registries at each lookup
    (so that a status change shows at once, and the server never fetches from itself)."""

    def __init__(
        self, documents: Mapping[str, Any], own_list: Callable[[str], dict[str, Any] | None]
    ) -> None:
        self._documents = documents
        self._own_list = own_list

    def __getitem__(self, url: str) -> Any:
        document = self._own_list(url) if isinstance(url, str) else None
        if document is not None:
            return document
        return self._documents[url]

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and (url in self._documents or self._own_list(url) is not None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._documents)

    def __len__(self) -> int:
        return len(self._documents)


class VerifierEndpoints:
    """``POST /credentials/verify``, ``/presentations/verify`` and ``/challenges``.

    ``documents`` are the configured documents by id, ``own_list`` answers the server's own
    status lists (``None`` for any other URL), ``fetcher`` / ``async_fetcher`` reach the
    network (``None``: offline), ``now`` is the clock, ``policy`` the verification policy,
    ``challenge_ttl`` the life of a challenge in seconds, ``challenges`` where they are kept
    (default: this process's memory). The ``verify_*`` methods block (a
    :class:`vcler.Verifier`); the ``averify_*`` ones, which the app serves, await (a
    :class:`vcler.AsyncVerifier`: no fetch blocks the event loop). Both are thread-safe.
    """

    def __init__(
        self,
        *,
        documents: Mapping[str, Any],
        own_list: Callable[[str], dict[str, Any] | None],
        fetcher: JsonFetcher | None,
        now: Callable[[], datetime] | None,
        challenge_ttl: int,
        loader: StaticDocumentLoader | None = None,
        async_fetcher: AsyncJsonFetcher | None = None,
        policy: VerificationPolicy | None = None,
        challenges: ChallengeStore | None = None,
    ) -> None:
        self._documents = ServerDocuments(documents, own_list)
        self._fetcher = fetcher
        self._async_fetcher = async_fetcher
        self._loader = loader
        self._now = now
        self._policy = policy if policy is not None else VerificationPolicy()
        self._challenges = challenges or ChallengeStore(ttl=challenge_ttl)

    def context(self, *, check_status: bool = True) -> VerificationContext:
        """The context of one request (the server's own lists read as they are now)."""
        source = Documents(
            self._documents, fetcher=self._fetcher, async_fetcher=self._async_fetcher
        )
        status = replace(self._policy.status, check=check_status)
        return VerificationContext.create(
            source=source,
            loader=self._loader,
            now=self._now,
            policy=replace(self._policy, status=status),
        )

    def verifier(self, *, check_status: bool = True) -> Verifier:
        """A blocking verifier for one request."""
        return Verifier(self.context(check_status=check_status))

    def averifier(self, *, check_status: bool = True) -> AsyncVerifier:
        """An async verifier for one request."""
        return AsyncVerifier(self.context(check_status=check_status))

    # -- POST /credentials/verify ----------------------------------------------------------

    def verify_credential(self, body: Any) -> dict[str, Any]:
        """``POST /credentials/verify``: 200 when verified, else :class:`ApiError` (400).

        Spec: https://w3c-ccg.github.io/vc-api/#verify-credential
        """
        credential, check_status = _credential_request(body)
        result = self.verifier(check_status=check_status).verify(credential)
        return _credential_answer(result, credential, check_status=check_status)

    async def averify_credential(self, body: Any) -> dict[str, Any]:
        """:meth:`verify_credential`, awaiting every document it needs."""
        credential, check_status = _credential_request(body)
        result = await self.averifier(check_status=check_status).verify(credential)
        return _credential_answer(result, credential, check_status=check_status)

    # -- POST /presentations/verify --------------------------------------------------------

    def verify_presentation(self, body: Any) -> dict[str, Any]:
        """``POST /presentations/verify``: 200 when verified, else :class:`ApiError` (400).

        Spec: https://w3c-ccg.github.io/vc-api/#verify-presentation
        """
        request = self._presentation_request(body)
        verified = False
        try:
            result = self.verifier(check_status=request.check_status).verify(
                request.presentation, challenge=request.challenge, domain=request.domain
            )
            verified = result.verified
        finally:
            self._settle(request, verified=verified)
        return _presentation_answer(result, request)

    async def averify_presentation(self, body: Any) -> dict[str, Any]:
        """:meth:`verify_presentation`, awaiting every document it needs."""
        request = self._presentation_request(body)
        verified = False
        try:
            result = await self.averifier(check_status=request.check_status).verify(
                request.presentation, challenge=request.challenge, domain=request.domain
            )
            verified = result.verified
        finally:
            self._settle(request, verified=verified)
        return _presentation_answer(result, request)

    def _presentation_request(self, body: Any) -> _PresentationRequest:
        options = check_request(
            body, document="verifiablePresentation", allowed_options=PRESENTATION_OPTIONS
        )
        checks = requested_checks(options)
        for name in ("challenge", "domain"):
            if name in options and not isinstance(options[name], str):
                raise bad_request(
                    codes.MALFORMED_VALUE_ERROR,
                    f"options.{name} must be a string",
                    f"/options/{name}",
                )
        presentation = body["verifiablePresentation"]
        kinds = types_of(presentation)
        if "VerifiablePresentation" not in kinds and "EnvelopedVerifiablePresentation" not in kinds:
            raise bad_request(
                codes.MALFORMED_VALUE_ERROR,
                "verifiablePresentation must have the type VerifiablePresentation (or be an "
                "EnvelopedVerifiablePresentation)",
                "/verifiablePresentation/type",
            )
        challenge = options.get("challenge")
        # A challenge from POST /challenges is used up by the presentation that verifies.
        claimed = self._challenges.claim(challenge) if challenge is not None else False
        if isinstance(claimed, Problem):
            raise bad_request(claimed.code, claimed.message, claimed.pointer)
        return _PresentationRequest(
            presentation=presentation,
            challenge=challenge,
            domain=options.get("domain"),
            check_status="status" in checks or "credentialStatus" in checks,
            claimed=claimed is True,
            return_presentation=options.get("returnPresentation") is True,
        )

    def _settle(self, request: _PresentationRequest, *, verified: bool) -> None:
        if request.claimed and isinstance(request.challenge, str):
            self._challenges.settle(request.challenge, verified=verified)

    # -- POST /challenges ------------------------------------------------------------------

    def create_challenge(self, body: Any) -> dict[str, Any]:
        """``POST /challenges``: a new challenge for a presentation (the body is empty).

        Spec: https://w3c-ccg.github.io/vc-api/#create-challenge
        """
        if body not in (None, {}):
            raise bad_request(codes.MALFORMED_VALUE_ERROR, "the request body must be empty or {}")
        return {"challenge": self._challenges.issue()}


@dataclass(frozen=True)
class _PresentationRequest:
    presentation: Any
    challenge: str | None
    domain: str | None
    check_status: bool
    claimed: bool
    return_presentation: bool


def _credential_request(body: Any) -> tuple[Any, bool]:
    """The credential of a ``POST /credentials/verify`` body, and whether to check status."""
    options = check_request(body, document="verifiableCredential", allowed_options=VERIFY_OPTIONS)
    checks = requested_checks(options)
    credential = body["verifiableCredential"]
    kinds = types_of(credential)
    if "VerifiablePresentation" in kinds or "EnvelopedVerifiablePresentation" in kinds:
        raise bad_request(
            codes.MALFORMED_VALUE_ERROR,
            "this is a presentation: POST it to /presentations/verify",
            "/verifiableCredential/type",
        )
    return credential, "status" in checks or "credentialStatus" in checks


def _credential_answer(
    result: VerificationResult, credential: Any, *, check_status: bool
) -> dict[str, Any]:
    return verification_answer(
        result,
        performed=_performed(credential, check_status=check_status),
        under="/verifiableCredential",
    )


def _presentation_answer(
    result: VerificationResult, request: _PresentationRequest
) -> dict[str, Any]:
    answer = verification_answer(result, performed=["proof"], under="/verifiablePresentation")
    answer["credentialResults"] = [
        {"verified": nested.verified, "warnings": [w.to_json() for w in nested.warnings]}
        for nested in result.credentials
    ]
    if request.return_presentation:
        answer["verifiablePresentation"] = request.presentation
    return answer


def _performed(credential: Mapping[str, Any], *, check_status: bool) -> list[str]:
    """The checks a credential's verification performs."""
    checks = ["proof", "validity"]
    if check_status and "credentialStatus" in credential:
        checks.append("status")
    return checks
