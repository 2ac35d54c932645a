"""The VC-API service without HTTP: issuing, status updates, status lists, verification.

:class:`VcApiService` holds what the configuration sets up once (keys, status registries,
the verifier's documents and fetcher) and answers each endpoint with a plain JSON value, or
raises :class:`~vcler.server.problems.ApiError` carrying the HTTP status and the problems.
Every method is blocking and thread-safe: the HTTP layer calls them from a thread pool.

The verifier's endpoints live in :mod:`vcler.server.verifying`; it is offline by default, and
reads the server's own status lists from the registries here, always current.

Spec: https://w3c-ccg.github.io/vc-api/
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import codes
from .._api import Issuer, Verifier
from .._documents import types_of
from .._enveloping import envelope, secure_document
from .._issuing import check_controller
from ..errors import ControllerMismatchError, InputError, ValidationError, VclerError
from ..results import Problem
from .bodies import (
    ISSUE_OPTIONS,
    bad_request,
    check_request,
    duplicate_id,
    refused,
)
from .config import ISSUE_FORMATS, ConfigError, IssuerConfig, ServerConfig
from .issued import DuplicateCredentialError, IssuedCredentials
from .problems import ApiError
from .resolution import HttpAnswer, dereference_answer
from .status_updates import STATUS_ENTRY_TYPES, read_status_update
from .verifying import VerifierEndpoints

if TYPE_CHECKING:
    from ..jsonld import StaticDocumentLoader
    from ..keys import KeyPair
    from ..status import StatusRegistry

__all__ = ["VcApiService"]


@dataclass
class _IssuerState:
    """One configured issuer with its key and, if any, its status list."""

    config: IssuerConfig
    key: KeyPair
    issuer: Issuer
    list_url: str | None = None
    registry: StatusRegistry | None = None
    issued: IssuedCredentials | None = None


class VcApiService:
    """The VC-API endpoints as blocking, thread-safe methods (see the module docstring).

    ``now`` is the clock used by the verifier (default: real time).
    """

    def __init__(self, config: ServerConfig, *, now: Callable[[], datetime] | None = None) -> None:
        self.config = config
        self._publish_lock = threading.Lock()
        self._published: dict[str, dict[str, Any]] = {}
        self._registries: dict[Path, tuple[StatusRegistry, IssuedCredentials]] = {}
        self._documents = self._load_documents()
        self._loader = self._load_contexts()
        self._fetcher = self._make_fetcher()
        self._async_fetcher = self._make_fetcher(asynchronous=True)
        self._issuers: dict[str, _IssuerState] = {}
        self.verifying = VerifierEndpoints(
            documents=self._documents,
            loader=self._loader,
            own_list=self.own_list,
            fetcher=self._fetcher,
            async_fetcher=self._async_fetcher,
            now=now,
            challenge_ttl=config.verifier.challenge_ttl,
            policy=config.verifier.policy(),
        )
        try:
            for issuer in config.issuers:
                self._issuers[issuer.name] = self._set_up(issuer)
        except BaseException:
            self.close()
            raise

    # -- setting up ----------------------------------------------------------------------------

    def _load_documents(self) -> dict[str, Any]:
        folder = self.config.verifier.documents
        if folder is None:
            return {}
        from ..jsonld import StaticDocumentLoader

        try:
            loader = StaticDocumentLoader.from_directory(folder, bundled=False)
        except VclerError as e:
            raise ConfigError(f"verifier.documents: {e}") from e
        return {url: loader[url] for url in loader}

    def _load_contexts(self) -> StaticDocumentLoader | None:
        """The loader of ``[jsonld] contexts`` (``None``: the bundled contexts only)."""
        folder = self.config.jsonld.contexts
        if folder is None:
            return None
        from ..jsonld import StaticDocumentLoader

        try:
            return StaticDocumentLoader.from_contexts(folder)
        except VclerError as e:
            raise ConfigError(f"jsonld.contexts: {e}") from e

    def _make_fetcher(self, *, asynchronous: bool = False) -> Any:
        settings = self.config.verifier
        if not settings.allow_network:
            return None
        from ..net import AsyncFetcher, Fetcher, FetchPolicy

        policy = FetchPolicy(
            allow_private_hosts=settings.allow_private_hosts,
            ca_bundle=str(settings.ca_bundle) if settings.ca_bundle else None,
        )
        return AsyncFetcher(policy=policy) if asynchronous else Fetcher(policy=policy)

    def _set_up(self, config: IssuerConfig) -> _IssuerState:
        from .._json import load_json
        from ..keys import KeyPair

        where = f"issuer {config.name!r}"
        try:
            key = KeyPair.from_json(load_json(config.key.read_bytes()))
        except OSError as e:
            raise ConfigError(f"{where}: cannot read {config.key}: {e.strerror or e}") from e
        except VclerError as e:
            raise ConfigError(f"{where}: {config.key} is not a usable key file: {e}") from e
        if not key.can_sign:
            raise ConfigError(f"{where}: {config.key} has no secret key")
        try:  # a key its controller cannot issue with would refuse every request
            check_controller({"issuer": key.controller}, key)
        except ControllerMismatchError as e:
            raise ConfigError(f"{where}: {config.key}: {e.message}") from e
        try:
            issuer = Issuer(key, suite=config.suite, loader=self._loader)
        except VclerError as e:
            raise ConfigError(f"{where}: {e}") from e
        state = _IssuerState(config=config, key=key, issuer=issuer)
        if config.status is not None:
            state.list_url = self.config.status_list_url(config.name)
            state.registry, state.issued = self._registry(config.status.db)
            self._ensure_list(state)
        return state

    def _registry(self, path: Path) -> tuple[StatusRegistry, IssuedCredentials]:
        from ..status import StatusRegistry

        key = path.resolve()
        if key not in self._registries:
            try:
                registry = StatusRegistry(key)
                self._registries[key] = (registry, IssuedCredentials(key))
            except VclerError as e:
                raise ConfigError(f"status database {path}: {e}") from e
        return self._registries[key]

    def _ensure_list(self, state: _IssuerState) -> None:
        """Create the issuer's status list on first start; check it on later ones."""
        assert state.registry is not None and state.list_url is not None
        status = state.config.status
        assert status is not None
        try:
            record = state.registry.get_list(state.list_url)
        except InputError:
            state.registry.create_list(
                state.list_url,
                purpose=status.purpose,
                length=status.length,
                status_size=status.size,
                messages=status.messages,
                reference=status.reference,
                signer=state.key,
                ttl=status.ttl,
            )
            return
        if (
            record.issuer != state.key.controller
            or record.purpose != status.purpose
            or record.status_size != status.size
        ):
            raise ConfigError(
                f"issuer {state.config.name!r}: the status list {state.list_url} in "
                f"{status.db} is a {record.purpose} list of {record.issuer}, not a "
                f"{status.purpose} list of {state.key.controller}"
            )

    def close(self) -> None:
        """Close the registries and the fetcher."""
        for registry, issued in self._registries.values():
            registry.close()
            issued.close()
        self._registries.clear()
        if self._fetcher is not None:
            self._fetcher.close()

    async def aclose(self) -> None:
        """:meth:`close`, and the async fetcher's connections."""
        self.close()
        if self._async_fetcher is not None:
            await self._async_fetcher.aclose()

    # -- issuing -------------------------------------------------------------------------------

    def _issuer(self, name: str) -> _IssuerState:
        state = self._issuers.get(name)
        if state is None:
            raise ApiError(404, codes.NOT_FOUND, f"there is no issuer called {name!r}")
        return state

    def issuer_names(self) -> list[str]:
        """The configured issuers' names."""
        return list(self._issuers)

    def issue(self, name: str, body: Any) -> dict[str, Any]:
        """``POST /issuers/{name}/credentials/issue``: ``{"verifiableCredential": ...}``.

        Spec: https://w3c-ccg.github.io/vc-api/#issue-credential
        """
        state = self._issuer(name)
        # Step 1: the request's shape and options.
        options = check_request(body, document="credential", allowed_options=ISSUE_OPTIONS)
        credential = body["credential"]
        credential_id = self._credential_id(credential, options)
        mandatory_pointers = options.get("mandatoryPointers")
        if mandatory_pointers is not None and not state.issuer.selective:
            if mandatory_pointers:
                raise bad_request(
                    codes.UNSUPPORTED_OPTION,
                    f"{state.issuer.suite} does not disclose selectively; mandatoryPointers "
                    "is not supported",
                    "/options/mandatoryPointers",
                )
            mandatory_pointers = None
        if mandatory_pointers is not None and (
            not isinstance(mandatory_pointers, list)
            or not all(isinstance(p, str) for p in mandatory_pointers)
        ):
            raise bad_request(
                codes.MALFORMED_VALUE_ERROR,
                "options.mandatoryPointers must be an array of JSON pointers",
                "/options/mandatoryPointers",
            )
        self._check_status_option(state, options)
        if "proof" in credential:
            raise bad_request(
                codes.MALFORMED_VALUE_ERROR,
                "this issuer signs unsecured credentials only; remove the proof",
                "/credential/proof",
            )
        # Step 2: the data model (every MUST), before an index is spent.
        self._validate(credential)
        # Step 3: the issuer controls this instance's key (the check vcler.issue makes).
        try:
            check_controller(credential, state.key)
        except ControllerMismatchError as e:
            raise bad_request(
                codes.MALFORMED_VALUE_ERROR,
                f"issuer must be {state.key.controller!r}, the controller of this instance's key",
                "/credential/issuer",
            ) from e
        # Step 4: the status entry, recorded under the credential's id.
        if state.registry is not None:
            credential = self._with_status(state, credential, credential_id)
        # Step 5: the proof, or the envelope (returned as an EnvelopedVerifiableCredential).
        try:
            format = ISSUE_FORMATS[state.config.format]
            if format != "di":
                token = secure_document(
                    credential, signer=state.key, format=format, disclose=state.config.disclose
                )
                return {"verifiableCredential": envelope(token, format=format)}
            signed = state.issuer.issue(credential, mandatory_pointers=mandatory_pointers)
        except ValidationError as e:
            raise refused(e.problems) from e
        except VclerError as e:
            raise ApiError(
                400,
                e.code,
                f"the credential could not be signed: {e.message}",
                problems=[e.to_problem().under("/credential")],
            ) from e
        return {"verifiableCredential": signed}

    @staticmethod
    def _credential_id(credential: Mapping[str, Any], options: Mapping[str, Any]) -> str | None:
        value = options.get("credentialId", credential.get("id"))
        if value is not None and (not isinstance(value, str) or not value):
            raise bad_request(
                codes.MALFORMED_VALUE_ERROR,
                "options.credentialId must be a non-empty string",
                "/options/credentialId",
            )
        return value

    @staticmethod
    def _check_status_option(state: _IssuerState, options: Mapping[str, Any]) -> None:
        if "credentialStatus" not in options:
            return
        wanted = options["credentialStatus"]
        if state.registry is None:
            raise bad_request(
                codes.UNSUPPORTED_OPTION,
                f"issuer {state.config.name!r} has no status list",
                "/options/credentialStatus",
            )
        if not isinstance(wanted, dict) or wanted.get("type") not in STATUS_ENTRY_TYPES:
            raise bad_request(
                codes.UNSUPPORTED_OPTION,
                'options.credentialStatus must be {"type": "BitstringStatusListEntry"}',
                "/options/credentialStatus",
            )

    def _validate(self, credential: dict[str, Any]) -> None:
        from .._inputs import issuing_problems
        from ..validation import validate_with_warnings

        types = types_of(credential)
        if "VerifiablePresentation" in types:
            raise bad_request(
                codes.MALFORMED_VALUE_ERROR, "the credential is a presentation", "/credential/type"
            )
        try:
            problems = issuing_problems(validate_with_warnings(credential, loader=self._loader))
        except VclerError as e:
            problems = [e.to_problem()]
        if problems:
            raise refused(problems)

    def _with_status(
        self, state: _IssuerState, credential: dict[str, Any], credential_id: str | None
    ) -> dict[str, Any]:
        from ..status import add_status_entry

        assert state.registry is not None and state.issued is not None
        assert state.list_url is not None
        if credential_id is not None and state.issued.exists(state.config.name, credential_id):
            raise duplicate_id(credential_id)
        try:
            document, index = add_status_entry(credential, state.registry, state.list_url)
            if credential_id is not None:
                state.issued.record(
                    state.config.name, credential_id, url=state.list_url, index=index
                )
        except DuplicateCredentialError as e:
            raise duplicate_id(credential_id or "") from e
        except VclerError as e:
            raise ApiError(503, e.code, f"no status entry could be allocated: {e.message}") from e
        return document

    # -- status --------------------------------------------------------------------------------

    def update_status(self, name: str, body: Any) -> dict[str, Any]:
        """``POST /issuers/{name}/credentials/status``: set a credential's status (see
        :mod:`vcler.server.status_updates` for the body); the list is re-published at once.

        Spec: https://w3c-ccg.github.io/vc-api/#update-status
        """
        state = self._issuer(name)
        registry, issued, list_url = state.registry, state.issued, state.list_url
        if registry is None or issued is None or list_url is None or state.config.status is None:
            raise ApiError(404, codes.NOT_FOUND, f"issuer {name!r} has no status list")

        def lookup(credential_id: str) -> int | None:
            found = issued.lookup(name, credential_id)
            return None if found is None else found[1]

        # Step 1: what the body asks for.
        changes = read_status_update(
            body,
            issuer=name,
            purpose=state.config.status.purpose,
            list_url=list_url,
            lookup=lookup,
        )
        results = []
        with self._publish_lock:
            # Step 2: every index was handed out, then each change (irreversible ones refused).
            for change in changes:
                if not registry.store.is_allocated(list_url, change.index):
                    raise ApiError(
                        404,
                        codes.NOT_FOUND,
                        f"index {change.index} of {list_url} was not issued",
                        problems=[Problem(codes.NOT_FOUND, "index not issued", change.pointer)],
                    )
            for change in changes:
                try:
                    registry.set_status(list_url, change.index, change.value)
                except InputError as e:
                    raise ApiError(
                        409 if "not reversible" in e.message else 400,
                        codes.STATUS_UPDATE_REFUSED,
                        e.message,
                        problems=[Problem(codes.STATUS_UPDATE_REFUSED, e.message, change.pointer)],
                    ) from e
                entry = registry.entry(list_url, change.index)
                results.append({**entry, "status": bool(change.value)})
            # Step 3: re-publish, so the next GET (and the server's verifier) sees the change.
            self._published[list_url] = self._publish(state)
        out: dict[str, Any] = {"credentialStatus": results}
        if "credentialId" in body:
            out = {"credentialId": body["credentialId"], **out}
        return out

    def _publish(self, state: _IssuerState) -> dict[str, Any]:
        assert state.registry is not None and state.list_url is not None
        return state.registry.publish(state.list_url, signer=state.key, suite=state.issuer.suite)

    def own_list(self, url: str) -> dict[str, Any] | None:
        """The signed status list credential at ``url`` if this server publishes it."""
        state = next((s for s in self._issuers.values() if s.list_url == url), None)
        if state is None:
            return None
        with self._publish_lock:
            document = self._published.get(url)
            if document is None:
                document = self._published[url] = self._publish(state)
            return document

    def status_list(self, name: str, number: str) -> HttpAnswer:
        """``GET /status/{name}/{number}``: the signed list, cacheable for its ``ttl``.

        Spec: https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistcredential
        """
        state = self._issuers.get(name)
        digits = number.isascii() and number.isdigit() and len(number) <= 12
        url = self.config.status_list_url(name, int(number)) if digits else None
        if state is None or url is None or url != state.list_url or state.config.status is None:
            raise ApiError(404, codes.NOT_FOUND, f"there is no status list /status/{name}/{number}")
        document = self.own_list(url)
        max_age = state.config.status.ttl // 1000
        return HttpAnswer(
            200,
            document,
            "application/json",
            {"Cache-Control": f"public, max-age={max_age}"},
        )

    # -- verifying -----------------------------------------------------------------------------

    def verifier(self, *, check_status: bool = True) -> Verifier:
        """A verifier for one request (see :meth:`VerifierEndpoints.verifier`)."""
        return self.verifying.verifier(check_status=check_status)

    def verify_credential(self, body: Any) -> dict[str, Any]:
        """``POST /credentials/verify`` (see :class:`VerifierEndpoints`)."""
        return self.verifying.verify_credential(body)

    def verify_presentation(self, body: Any) -> dict[str, Any]:
        """``POST /presentations/verify`` (see :class:`VerifierEndpoints`)."""
        return self.verifying.verify_presentation(body)

    async def averify_credential(self, body: Any) -> dict[str, Any]:
        """``POST /credentials/verify``, as the app serves it (no fetch blocks the loop)."""
        return await self.verifying.averify_credential(body)

    async def averify_presentation(self, body: Any) -> dict[str, Any]:
        """``POST /presentations/verify``, as the app serves it."""
        return await self.verifying.averify_presentation(body)

    def create_challenge(self, body: Any) -> dict[str, Any]:
        """``POST /challenges`` (see :class:`VerifierEndpoints`)."""
        return self.verifying.create_challenge(body)

    # -- holding -------------------------------------------------------------------------------

    def derive(self, body: Any) -> dict[str, Any]:
        """``POST /credentials/derive``: a selective disclosure (see :mod:`.deriving`)."""
        from .deriving import derive_answer

        return derive_answer(body, loader=self._loader)

    # -- DIDs ----------------------------------------------------------------------------------

    def resolve(
        self,
        did_url: str,
        *,
        accept: str | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> HttpAnswer:
        """``GET /1.0/identifiers/{did}``: resolve a DID or dereference a DID URL, with the
        DID resolution ``options`` of the query string."""
        return dereference_answer(did_url, fetcher=self._fetcher, accept=accept, options=options)
