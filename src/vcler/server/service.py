"""The VC-API service without HTTP: issuing, status updates, status lists, verification.

:class:`VcApiService` holds what the configuration sets up once (keys, status registries,
the verifier's documents and fetcher) and answers each endpoint with a plain JSON value, or
raises :class:`~vcler.server.problems.ApiError` carrying the HTTP status and the problems.
Every method is blocking and thread-safe: the HTTP layer calls them from a thread pool.

What must outlive a request lives in the server's store (:mod:`vcler.server.store`): the
status lists, the credentials issued, the answers to ``Idempotency-Key`` requests and the
challenges used. Several processes (``vcler serve --workers N``, or several machines on one
PostgreSQL) share it; what a process keeps for itself (the signed lists it serves) is checked
against the store at each use.

The verifier's endpoints live in :mod:`vcler.server.verifying`; it is offline by default, and
reads the server's own status lists from the registries here, always current.

Spec: https://w3c-ccg.github.io/vc-api/
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .. import codes
from .._api import Issuer, Verifier
from .._documents import types_of
from .._enveloping import envelope, secure_document
from .._issuing import check_controller
from ..errors import ControllerMismatchError, InputError, ValidationError, VclerError
from ..results import Problem
from ..status import StatusListFullError, StatusStoreError, status_entry, with_status_entry
from .bodies import (
    ISSUE_OPTIONS,
    bad_request,
    check_request,
    duplicate_id,
    refused,
)
from .challenges import ChallengeStore
from .config import ISSUE_FORMATS, ConfigError, IssuerConfig, ServerConfig
from .lists import IssuerLists
from .problems import ApiError
from .resolution import HttpAnswer, dereference_answer
from .status_updates import STATUS_ENTRY_TYPES, read_status_update
from .store import (
    IDEMPOTENCY_TTL,
    DuplicateCredentialError,
    IdempotencyKeyReusedError,
    Issued,
    IssuedRecord,
    IssueRequest,
    ServerStore,
    SQLiteServerStore,
    open_store,
)
from .verifying import VerifierEndpoints

if TYPE_CHECKING:
    from ..jsonld import StaticDocumentLoader
    from ..keys import KeyPair

__all__ = ["MAX_IDEMPOTENCY_KEY_LENGTH", "VcApiService"]

#: The longest ``Idempotency-Key`` accepted (characters).
MAX_IDEMPOTENCY_KEY_LENGTH = 255
# How many full lists one issuance may step over (more than one only in a race).
_LIST_OPENINGS = 4
_T = TypeVar("_T")


@dataclass
class _IssuerState:
    """One configured issuer: its key, the store of its records and, if it gives credentials
    a status, its status lists."""

    config: IssuerConfig
    key: KeyPair
    issuer: Issuer
    store: ServerStore
    lists: IssuerLists | None = None


class VcApiService:
    """The VC-API endpoints as blocking, thread-safe methods (see the module docstring).

    ``now`` is the clock used by the verifier (default: real time).
    """

    def __init__(self, config: ServerConfig, *, now: Callable[[], datetime] | None = None) -> None:
        self.config = config
        self._stores: dict[Path, ServerStore] = {}
        self._idempotency_forgotten = 0.0
        self._documents = self._load_documents()
        self._loader = self._load_contexts()
        self._fetcher = self._make_fetcher()
        self._async_fetcher = self._make_fetcher(asynchronous=True)
        self._issuers: dict[str, _IssuerState] = {}
        #: The server-wide store (``[store]``; without one, this process's memory).
        self.store = self._open_store()
        try:
            self.verifying = VerifierEndpoints(
                documents=self._documents,
                loader=self._loader,
                own_list=self.own_list,
                fetcher=self._fetcher,
                async_fetcher=self._async_fetcher,
                now=now,
                challenge_ttl=config.verifier.challenge_ttl,
                policy=config.verifier.policy(),
                challenges=ChallengeStore(self.store, ttl=config.verifier.challenge_ttl),
            )
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
        state = _IssuerState(config=config, key=key, issuer=issuer, store=self.store)
        if config.status is not None:
            if config.status.db is not None:
                state.store = self._own_store(config.status.db)
            state.lists = IssuerLists(
                config.name,
                prefix=self.config.status_list_prefix(config.name),
                status=config.status,
                key=key,
                # A base proof is for holders to derive from; nobody derives a status list,
                # so an ecdsa-sd-2023 issuer signs its lists with the key's default suite.
                suite=None if issuer.selective else issuer.suite,
                store=state.store,
            )
            try:
                state.lists.open()
            except StatusStoreError as e:
                raise ConfigError(f"{where}: the status lists: {e}") from e
        return state

    def _open_store(self) -> ServerStore:
        """The ``[store]`` (default: an SQLite database in this process's memory)."""
        settings = self.config.store
        try:
            if settings is None:
                return SQLiteServerStore(":memory:")
            return open_store(settings.url, pool_size=settings.pool)
        except ImportError as e:
            raise ConfigError(f"[store] url: PostgreSQL needs psycopg[pool]: {e}") from e
        except VclerError as e:
            raise ConfigError(f"[store] url: {e}") from e

    def _own_store(self, path: Path) -> ServerStore:
        """The SQLite file an issuer names as its ``status.db`` (shared by issuers naming it)."""
        key = path.resolve()
        if key not in self._stores:
            try:
                self._stores[key] = SQLiteServerStore(key)
            except VclerError as e:
                raise ConfigError(f"status database {path}: {e}") from e
        return self._stores[key]

    def close(self) -> None:
        """Close the stores and the fetcher."""
        for store in self._stores.values():
            store.close()
        self._stores.clear()
        if hasattr(self, "store"):
            self.store.close()
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

    def issue(self, name: str, body: Any, *, idempotency_key: str | None = None) -> dict[str, Any]:
        """``POST /issuers/{name}/credentials/issue``: ``{"verifiableCredential": ...}`` (see
        :meth:`issue_answer`)."""
        answer = self.issue_answer(name, body, idempotency_key=idempotency_key)
        return dict(answer.body)

    def issue_answer(
        self, name: str, body: Any, *, idempotency_key: str | None = None
    ) -> HttpAnswer:
        """``POST /issuers/{name}/credentials/issue``: 201 ``{"verifiableCredential": ...}``.

        With an ``Idempotency-Key`` (the header's value), a request repeated with the same
        key and body gets the credential issued the first time (and ``Idempotent-Replayed:
        true``); the same key with another body is 422.

        Spec: https://w3c-ccg.github.io/vc-api/#issue-credential and
        https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/
        """
        state = self._issuer(name)
        key = _idempotency_key(idempotency_key)
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
        # Step 4: the status entry and the proof (or the envelope), recorded in one
        # transaction (or the answer an earlier request with the same Idempotency-Key got).
        request = IssueRequest(
            issuer=name,
            credential_id=credential_id,
            idempotency_key=key,
            fingerprint=_fingerprint(body) if key is not None else "",
        )
        issued = self._sign_and_record(
            state, credential, request, mandatory_pointers=mandatory_pointers
        )
        headers = {"Idempotent-Replayed": "true"} if issued.replayed else {}
        return HttpAnswer(201, {"verifiableCredential": issued.credential}, headers=headers)

    def _sign(
        self,
        state: _IssuerState,
        credential: dict[str, Any],
        *,
        mandatory_pointers: list[str] | None = None,
    ) -> dict[str, Any]:
        """The credential with the instance's proof (an ``ecdsa-sd-2023`` base proof with
        ``mandatory_pointers``), or secured in an envelope (an EnvelopedVerifiableCredential)
        for a ``format`` other than Data Integrity; 400 when it cannot be."""
        try:
            format = ISSUE_FORMATS[state.config.format]
            if format != "di":
                token = secure_document(
                    credential, signer=state.key, format=format, disclose=state.config.disclose
                )
                return envelope(token, format=format)
            return state.issuer.issue(credential, mandatory_pointers=mandatory_pointers)
        except ValidationError as e:
            raise refused(e.problems) from e
        except VclerError as e:
            raise ApiError(
                400,
                e.code,
                f"the credential could not be signed: {e.message}",
                problems=[e.to_problem().under("/credential")],
            ) from e

    def _sign_and_record(
        self,
        state: _IssuerState,
        credential: dict[str, Any],
        request: IssueRequest,
        *,
        mandatory_pointers: list[str] | None = None,
    ) -> Issued:
        lists = state.lists
        if lists is None and request.credential_id is None and request.idempotency_key is None:
            # nothing to record
            return Issued(self._sign(state, credential, mandatory_pointers=mandatory_pointers))
        for _ in range(_LIST_OPENINGS):
            url = lists.current if lists is not None else None
            try:
                issued = state.store.issue(
                    replace(request, list_url=url),
                    sign=self._signer(state, credential, url, mandatory_pointers),
                    random_below=secrets.randbelow,
                    now=time.time(),
                )
            except StatusListFullError:
                assert lists is not None and url is not None
                lists.open_next(lists.number_of(url) or 0)
                continue
            except DuplicateCredentialError as e:
                raise duplicate_id(request.credential_id or "") from e
            except IdempotencyKeyReusedError as e:
                raise ApiError(
                    422,
                    e.code,
                    f"{e.message}: send a new key with a new request",
                    headers={"Content-Language": "en"},
                ) from e
            except StatusStoreError as e:
                raise ApiError(503, e.code, f"the credential was not issued: {e.message}") from e
            self._forget_idempotency(state.store)
            return issued
        raise ApiError(503, codes.STATUS_LIST_FULL, "no status list with a free index")

    def _signer(
        self,
        state: _IssuerState,
        credential: dict[str, Any],
        url: str | None,
        mandatory_pointers: list[str] | None,
    ) -> Callable[[int | None], dict[str, Any]]:
        """Signs ``credential`` with the entry for an index of the list at ``url`` (and
        ``mandatory_pointers`` for a selective disclosure suite)."""
        record = state.lists.record(url) if state.lists is not None and url is not None else None

        def sign(index: int | None) -> dict[str, Any]:
            document = credential
            if record is not None and index is not None:
                document = with_status_entry(credential, status_entry(record, index))
            return self._sign(state, document, mandatory_pointers=mandatory_pointers)

        return sign

    def _forget_idempotency(self, store: ServerStore) -> None:
        """Now and then (hourly), drop the idempotency records older than a day."""
        now = time.time()
        if now - self._idempotency_forgotten > 3600:
            self._idempotency_forgotten = now
            store.forget_idempotency(before=now - IDEMPOTENCY_TTL)

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
        if state.lists is None:
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

    # -- status --------------------------------------------------------------------------------

    def update_status(self, name: str, body: Any) -> dict[str, Any]:
        """``POST /issuers/{name}/credentials/status``: set a credential's status (see
        :mod:`vcler.server.status_updates` for the body); the list is re-published at once.

        Spec: https://w3c-ccg.github.io/vc-api/#update-status
        """
        state = self._issuer(name)
        lists = state.lists
        if lists is None:
            raise ApiError(404, codes.NOT_FOUND, f"issuer {name!r} has no status list")

        def lookup(credential_id: str) -> tuple[str, int] | None:
            found = state.store.issued(name, credential_id)
            if found is None or found.list_url is None or found.index is None:
                return None
            return found.list_url, found.index

        # Step 1: what the body asks for.
        changes = read_status_update(
            body, issuer=name, purpose=lists.status.purpose, lists=lists.urls(), lookup=lookup
        )
        results = []
        try:
            # Step 2: every index was handed out, then each change (irreversible ones refused).
            for change in changes:
                if not state.store.is_allocated(change.url, change.index):
                    raise ApiError(
                        404,
                        codes.NOT_FOUND,
                        f"index {change.index} of {change.url} was not issued",
                        problems=[Problem(codes.NOT_FOUND, "index not issued", change.pointer)],
                    )
            for change in changes:
                try:
                    lists.registry.set_status(change.url, change.index, change.value)
                except StatusStoreError:
                    raise
                except InputError as e:
                    raise ApiError(
                        409 if "not reversible" in e.message else 400,
                        codes.STATUS_UPDATE_REFUSED,
                        e.message,
                        problems=[Problem(codes.STATUS_UPDATE_REFUSED, e.message, change.pointer)],
                    ) from e
                record = lists.record(change.url)
                assert record is not None
                results.append({**status_entry(record, change.index), "status": bool(change.value)})
            # Step 3: re-publish, so the next GET (and the server's verifier) sees the change.
            for url in sorted({change.url for change in changes}):
                lists.published(url)
        except StatusStoreError as e:
            raise ApiError(503, e.code, f"the status was not changed: {e.message}") from e
        out: dict[str, Any] = {"credentialStatus": results}
        if "credentialId" in body:
            out = {"credentialId": body["credentialId"], **out}
        return out

    def own_list(self, url: str) -> dict[str, Any] | None:
        """The signed status list credential at ``url`` if this server publishes it."""
        for state in self._issuers.values():
            if state.lists is not None and state.lists.number_of(url) is not None:
                return state.lists.published(url)
        return None

    def status_list(self, name: str, number: str) -> HttpAnswer:
        """``GET /status/{name}/{number}``: the signed list, cacheable for its ``ttl``.

        Spec: https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistcredential
        """
        state = self._issuers.get(name)
        lists = state.lists if state is not None else None
        url = lists.prefix + number if lists is not None else None
        document = lists.published(url) if lists is not None and url is not None else None
        if lists is None or document is None:
            raise ApiError(404, codes.NOT_FOUND, f"there is no status list /status/{name}/{number}")
        return HttpAnswer(
            200,
            document,
            "application/json",
            {"Cache-Control": f"public, max-age={lists.status.ttl // 1000}"},
        )

    # -- issued credentials --------------------------------------------------------------------

    def get_credential(
        self, credential_id: str, *, may_read: Callable[[str], bool] = lambda issuer: True
    ) -> dict[str, Any]:
        """``GET /credentials/{id}``: the credential an issuer the caller ``may_read`` issued
        under this id (``credentialId`` or the credential's ``id``); 404 when there is none,
        410 once deleted.

        Spec: https://w3c-ccg.github.io/vc-api/#get-credential
        """
        record = self._issued_record(credential_id, may_read)
        if record.credential is None:
            raise ApiError(
                404,
                codes.NOT_FOUND,
                f"{credential_id!r} was issued before this server kept the credentials it issues",
            )
        return record.credential

    def delete_credential(
        self, credential_id: str, *, may_delete: Callable[[str], bool] = lambda issuer: True
    ) -> None:
        """``DELETE /credentials/{id}``: forget the credential (its status entry stays, so its
        status can still be changed; deleting does not revoke). 404 or 410 as for GET.

        Spec: https://w3c-ccg.github.io/vc-api/#delete-credential
        """
        record = self._issued_record(credential_id, may_delete)
        state = self._issuers[record.issuer]
        if not self._stored(partial(state.store.delete_issued, record.issuer, credential_id)):
            raise _gone(credential_id)

    def _issued_record(self, credential_id: str, allowed: Callable[[str], bool]) -> IssuedRecord:
        found = []
        for name, state in self._issuers.items():
            record = self._stored(partial(state.store.issued, name, credential_id))
            if record is not None and allowed(name):
                found.append(record)
        if not found:
            raise ApiError(404, codes.NOT_FOUND, f"no credential {credential_id!r} was issued")
        if len(found) > 1:
            issuers = ", ".join(record.issuer for record in found)
            raise ApiError(
                409,
                codes.DUPLICATE_CREDENTIAL_ID,
                f"{credential_id!r} was issued by several issuers ({issuers}): use a token "
                "that may read only one of them",
            )
        if found[0].deleted:
            raise _gone(credential_id)
        return found[0]

    @staticmethod
    def _stored(call: Callable[[], _T]) -> _T:
        try:
            return call()
        except StatusStoreError as e:
            raise ApiError(503, e.code, f"the store is not available: {e.message}") from e

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


def _idempotency_key(value: str | None) -> str | None:
    """The ``Idempotency-Key`` header's key (a structured-field string, quoted or not); 400
    when it is empty, too long or not printable ASCII."""
    if value is None:
        return None
    key = value.strip()
    if len(key) >= 2 and key[0] == key[-1] == '"':
        key = key[1:-1]
    if not 0 < len(key) <= MAX_IDEMPOTENCY_KEY_LENGTH or not all(" " <= c <= "~" for c in key):
        raise ApiError(
            400,
            codes.MALFORMED_VALUE_ERROR,
            f"Idempotency-Key must be 1 to {MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters",
        )
    return key


def _fingerprint(body: Any) -> str:
    """A digest of the request body (key order aside): a key's retries must send the same."""
    text = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def _gone(credential_id: str) -> ApiError:
    return ApiError(410, codes.GONE, f"the credential {credential_id!r} was deleted")
