"""The HTTP layer: a Starlette ASGI app over :class:`~vcler.server.service.VcApiService`.

::

    POST   /issuers/{name}/credentials/issue    201 {"verifiableCredential": ...}
    POST   /issuers/{name}/credentials/status   200 {"credentialStatus": [...]}
    GET    /credentials/{id}                    200 the credential issued under this id
    DELETE /credentials/{id}                    202 (the credential is forgotten)
    POST   /credentials/verify                  200 {"verified": true, "checks", "warnings", ...}
    POST   /presentations/verify                200 likewise
    POST   /credentials/derive                  201 the derived credential (selective disclosure)
    POST   /challenges                          200 {"challenge": ...}
    GET    /status/{name}/{number}              200 the signed status list credential
    GET    /1.0/identifiers/{did}               200 the DID resolution (or dereferencing) result
    GET    /                                    200 the issuers and endpoints of this server
                                                    (the verifier page, to a browser)
    GET    /verify                              200 the verifier page (:mod:`.page`)

Every endpoint but the last five needs a bearer token with its scope
(:mod:`vcler.server.auth`), checked before the body is read; verifying, deriving (which signs
nothing and changes nothing) and challenges need ``verify``, open with ``open_verify``.

Request bodies must be ``application/json`` (415 otherwise) of at most ``max_body_bytes``
(413 beyond, checked while reading), parsed with vcler's limits (duplicate keys, NaN and deep
nesting refused: 400). Every error is an ``application/problem+json`` object (see
:mod:`vcler.server.problems`), including unknown routes (404), wrong methods (405) and bugs
(500, without internals). The service's blocking work (signing, canonicalization, SQLite)
runs in the thread pool, so the event loop stays responsive.

Spec: https://w3c-ccg.github.io/vc-api/
"""

from __future__ import annotations

import contextlib
import inspect
import json
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import codes
from .._json import JSON_ESCAPE, load_json
from ..errors import ParsingError
from .auth import Authenticator, Principal, forbidden
from .config import ServerConfig
from .page import PAGE_HEADERS, asset
from .problems import PROBLEM_CONTENT_TYPE, ApiError
from .resolution import HttpAnswer, did_from_path, resolution_options
from .service import VcApiService

__all__ = ["create_app"]

_log = logging.getLogger("vcler.server")
_JSON_TYPES = frozenset({"application/json", "application/ld+json"})
# How much of an oversized body is read (and dropped) before answering 413, so that a client
# still sending gets the answer instead of a reset connection.
_DRAIN_FACTOR = 8
_IDENTIFIERS_PREFIX = "/1.0/identifiers/"


def _json_response(
    value: Any,
    *,
    status: int = 200,
    media_type: str = "application/json",
    headers: dict[str, str] | None = None,
) -> Response:
    # A lone surrogate from a request's document is written as its JSON escape (JSON_ESCAPE).
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    body = text.encode("utf-8", JSON_ESCAPE)
    return Response(body, status_code=status, media_type=media_type, headers=headers)


def _problem_response(error: ApiError) -> Response:
    return _json_response(
        error.to_json(), status=error.status, media_type=PROBLEM_CONTENT_TYPE, headers=error.headers
    )


def _answer(answer: HttpAnswer) -> Response:
    return _json_response(
        answer.body,
        status=answer.status,
        media_type=answer.content_type,
        headers=dict(answer.headers),
    )


async def _json_body(request: Request, limit: int, *, empty: bool = False) -> Any:
    """The request body parsed as JSON: 415, 413 or 400 as problem details otherwise.

    With ``empty`` true, an empty body (of any media type) is ``None``.
    """
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    unsupported = ApiError(
        415,
        codes.UNSUPPORTED_MEDIA_TYPE,
        f"the request body must be application/json, not {media or 'untyped'}",
    )
    if media not in _JSON_TYPES and not empty:
        raise unsupported
    body = await _read_body(request, limit)
    if empty and not body.strip():
        return None
    if media not in _JSON_TYPES:
        raise unsupported
    try:
        return load_json(body, max_bytes=limit)
    except ParsingError as e:
        raise ApiError(
            400, codes.PARSING_ERROR, f"the request body is not usable JSON: {e.message}"
        ) from e


async def _read_body(request: Request, limit: int) -> bytes:
    """The request body, read while it stays within ``limit`` bytes (413 beyond)."""
    declared = request.headers.get("content-length", "")
    too_large = ApiError(
        413,
        codes.PAYLOAD_TOO_LARGE,
        f"the request body is larger than {limit} bytes",
        headers={"Connection": "close"},
    )
    if declared.isdigit() and int(declared) > limit * _DRAIN_FACTOR:
        raise too_large
    body = bytearray()
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received <= limit:
            body += chunk
        elif received > limit * _DRAIN_FACTOR:
            break
    if received > limit:
        raise too_large
    return bytes(body)


def _routes(service: VcApiService, auth: Authenticator) -> list[Route]:
    limit = service.config.max_body_bytes
    verify_scope = None if auth.config is not None and auth.config.open_verify else "verify"

    def caller(request: Request, scope: str | None) -> Principal | None:
        """The caller, allowed ``scope`` (``None``: an open endpoint); 401 or 403 otherwise."""
        if scope is None:
            return None
        client = request.client.host if request.client is not None else None
        return auth.require(request.headers.get("authorization"), client=client, scope=scope)

    def post(
        call: Callable[..., Any], *, scope: Callable[[Request], str | None], status: int = 200
    ) -> Callable[..., Any]:
        """An endpoint for ``call`` (for callers granted ``scope(request)``): awaited when it
        is async (it does its own I/O and offloading), run in the thread pool when it
        blocks."""
        is_async = inspect.iscoroutinefunction(call)

        async def endpoint(request: Request) -> Response:
            caller(request, scope(request))
            body = await _json_body(request, limit)
            args = [request.path_params["name"]] if "name" in request.path_params else []
            if is_async:
                result = await call(*args, body)
            else:
                result = await run_in_threadpool(call, *args, body)
            return _json_response(result, status=status)

        return endpoint

    async def status_list(request: Request) -> Response:
        answer = await run_in_threadpool(
            service.status_list, request.path_params["name"], request.path_params["number"]
        )
        return _answer(answer)

    async def identifiers(request: Request) -> Response:
        raw_path = request.scope.get("raw_path") or request.url.path.encode()
        raw = raw_path.decode("latin-1")
        prefix = raw.find(_IDENTIFIERS_PREFIX)
        did_url = did_from_path(raw[prefix + len(_IDENTIFIERS_PREFIX) :].split("?", 1)[0])
        answer = await run_in_threadpool(
            service.resolve,
            did_url,
            accept=request.headers.get("accept"),
            options=resolution_options(request.query_params),
        )
        return _answer(answer)

    async def issue(request: Request) -> Response:
        name = request.path_params["name"]
        caller(request, f"issue:{name}")
        body = await _json_body(request, limit)
        key = request.headers.get("idempotency-key")
        answer = await run_in_threadpool(service.issue_answer, name, body, idempotency_key=key)
        return _answer(answer)

    async def challenges(request: Request) -> Response:
        caller(request, verify_scope)
        body = await _json_body(request, limit, empty=True)  # the body is empty (or {})
        return _json_response(service.create_challenge(body))

    def allowed(principal: Principal | None, action: str) -> Callable[[str], bool]:
        """Which issuers' credentials ``principal`` may ``action`` (403 when none)."""
        if (
            principal is not None
            and not principal.unrestricted
            and not any(scope.startswith(f"{action}:") for scope in principal.scopes)
        ):
            raise forbidden(f"{action}:<issuer>")
        return lambda issuer: principal is None or principal.allows(f"{action}:{issuer}")

    async def credential(request: Request) -> Response:
        client = request.client.host if request.client is not None else None
        principal = auth.authenticate(request.headers.get("authorization"), client=client)
        credential_id = request.path_params["id"]
        if request.method == "DELETE":
            may_delete = allowed(principal, "issue")
            await run_in_threadpool(service.delete_credential, credential_id, may_delete=may_delete)
            return Response(status_code=202)
        may_read = allowed(principal, "read")
        found = await run_in_threadpool(service.get_credential, credential_id, may_read=may_read)
        return _json_response(found)

    def page(name: str) -> Response:
        found = asset(name)
        if found is None:
            raise ApiError(404, codes.NOT_FOUND, f"the verifier page has no {name!r}")
        return Response(found[0], media_type=found[1], headers=PAGE_HEADERS)

    async def verifier_page(request: Request) -> Response:
        return page(request.path_params.get("asset", "verify.html"))

    async def index(request: Request) -> Response:
        if _prefers_html(request.headers.get("accept", "")):
            return page("verify.html")
        return _json_response(
            {
                "service": "vcler VC-API",
                "issuers": [
                    {
                        "name": name,
                        "issue": f"/issuers/{name}/credentials/issue",
                        "status": f"/issuers/{name}/credentials/status",
                    }
                    for name in service.issuer_names()
                ],
                "verify": ["/credentials/verify", "/presentations/verify"],
                "derive": "/credentials/derive",
                "challenges": "/challenges",
                "page": "/verify",
                "identifiers": _IDENTIFIERS_PREFIX + "{did}",
            }
        )

    def status_scope(request: Request) -> str:
        return f"status:{request.path_params['name']}"

    def verifying(request: Request) -> str | None:
        return verify_scope

    return [
        Route("/", index, methods=["GET"]),
        Route("/verify", verifier_page, methods=["GET"]),
        Route("/verify/{asset}", verifier_page, methods=["GET"]),
        Route("/issuers/{name}/credentials/issue", issue, methods=["POST"]),
        Route(
            "/issuers/{name}/credentials/status",
            post(service.update_status, scope=status_scope),
            methods=["POST"],
        ),
        Route(
            "/credentials/verify",
            post(service.averify_credential, scope=verifying),
            methods=["POST"],
        ),
        Route(
            "/presentations/verify",
            post(service.averify_presentation, scope=verifying),
            methods=["POST"],
        ),
        Route(
            "/credentials/derive",
            post(service.derive, scope=verifying, status=201),
            methods=["POST"],
        ),
        Route("/challenges", challenges, methods=["POST"]),
        Route("/status/{name}/{number}", status_list, methods=["GET"]),
        Route(_IDENTIFIERS_PREFIX + "{did:path}", identifiers, methods=["GET"]),
        Route("/credentials/{id:path}", credential, methods=["GET", "DELETE"]),
    ]


def _prefers_html(accept: str) -> bool:
    """Whether an ``Accept`` header asks for HTML before JSON (a browser's does)."""
    kinds = [part.split(";")[0].strip().lower() for part in accept.split(",")]
    html = kinds.index("text/html") if "text/html" in kinds else None
    json_ = next((i for i, kind in enumerate(kinds) if kind.endswith("json")), None)
    return html is not None and (json_ is None or html < json_)


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return _problem_response(exc)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = {404: codes.NOT_FOUND, 405: codes.METHOD_NOT_ALLOWED}.get(
        exc.status_code, codes.HTTP_ERROR
    )
    error = ApiError(exc.status_code, code, str(exc.detail), headers=dict(exc.headers or {}))
    return _problem_response(error)


async def _unexpected(request: Request, exc: Exception) -> Response:
    _log.exception("unexpected error answering %s %s", request.method, request.url.path)
    return _problem_response(
        ApiError(500, codes.INTERNAL_ERROR, "the server could not answer; the error was logged")
    )


def create_app(config: ServerConfig, *, service: VcApiService | None = None) -> Starlette:
    """The ASGI app for ``config`` (or for an already built ``service``).

    The service (keys, registries, status lists) is set up here, so configuration errors
    surface before the server listens; it is closed when the app shuts down.
    """
    service = service or VcApiService(config)
    auth = Authenticator(config.auth)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if auth.open:
            _log.warning(
                "no [auth] in the configuration: issuing, status changes, reads and "
                "verification are unauthenticated and answered only on loopback addresses"
            )
        try:
            yield
        finally:
            await service.aclose()

    app = Starlette(
        routes=_routes(service, auth),
        exception_handlers={
            ApiError: _api_error,
            HTTPException: _http_error,
            Exception: _unexpected,
        },
        lifespan=lifespan,
    )
    app.state.service = service
    return app
