"""The HTTP layer: a Starlette ASGI app over :class:`~vcler.server.service.VcApiService`.

::

    POST /issuers/{name}/credentials/issue      201 {"verifiableCredential": ...}
    POST /issuers/{name}/credentials/status     200 {"credentialStatus": [...]}
    POST /credentials/verify                    200 {"verified": true, "checks", "warnings", ...}
    POST /presentations/verify                  200 likewise
    POST /credentials/derive                    201 the derived credential (selective disclosure)
    GET  /status/{name}/{number}                200 the signed status list credential
    GET  /1.0/identifiers/{did}                 200 the DID resolution (or dereferencing) result
    GET  /                                      200 the issuers and endpoints of this server

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
from .config import ServerConfig
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


def _routes(service: VcApiService) -> list[Route]:
    limit = service.config.max_body_bytes

    def post(call: Callable[..., Any], *, status: int = 200) -> Callable[..., Any]:
        """An endpoint for ``call``: awaited when it is async (it does its own I/O and
        offloading), run in the thread pool when it blocks."""
        is_async = inspect.iscoroutinefunction(call)

        async def endpoint(request: Request) -> Response:
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

    async def challenges(request: Request) -> Response:
        body = await _json_body(request, limit, empty=True)  # the body is empty (or {})
        return _json_response(service.create_challenge(body))

    async def index(request: Request) -> Response:
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
                "identifiers": _IDENTIFIERS_PREFIX + "{did}",
            }
        )

    return [
        Route("/", index, methods=["GET"]),
        Route(
            "/issuers/{name}/credentials/issue", post(service.issue, status=201), methods=["POST"]
        ),
        Route("/issuers/{name}/credentials/status", post(service.update_status), methods=["POST"]),
        Route("/credentials/verify", post(service.averify_credential), methods=["POST"]),
        Route("/presentations/verify", post(service.averify_presentation), methods=["POST"]),
        Route("/credentials/derive", post(service.derive, status=201), methods=["POST"]),
        Route("/challenges", challenges, methods=["POST"]),
        Route("/status/{name}/{number}", status_list, methods=["GET"]),
        Route(_IDENTIFIERS_PREFIX + "{did:path}", identifiers, methods=["GET"]),
    ]


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

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await service.aclose()

    app = Starlette(
        routes=_routes(service),
        exception_handlers={
            ApiError: _api_error,
            HTTPException: _http_error,
            Exception: _unexpected,
        },
        lifespan=lifespan,
    )
    app.state.service = service
    return app
