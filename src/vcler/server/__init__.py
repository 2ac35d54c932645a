"""The VC-API server (the optional ``server`` extra: ``pip install "vcler[server]"``).

::

    vcler serve --config server.toml --port 8443 --tls-cert cert.pem --tls-key key.pem

or, embedded in another ASGI deployment::

    from vcler.server import load_config, create_app

    app = create_app(load_config("server.toml"))

- :mod:`vcler.server.config`: the TOML configuration (standard library only).
- :mod:`vcler.server.service`: the endpoints as blocking, thread-safe methods, no HTTP.
- :mod:`vcler.server.app`: the Starlette app (needs the ``server`` extra).
- :mod:`vcler.server.problems`: errors as RFC 9457 problem details with the specs' codes.
- :mod:`vcler.server.resolution`: DID resolution and dereferencing over HTTP(S).

Importing :mod:`vcler` never imports this package; importing this package imports Starlette
only when :func:`create_app` or :func:`serve` is first used.

Spec: https://w3c-ccg.github.io/vc-api/
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .config import ConfigError, ServerConfig, load_config, parse_config
from .problems import ApiError
from .service import VcApiService

if TYPE_CHECKING:
    from starlette.applications import Starlette

__all__ = [
    "INSTALL_HINT",
    "ApiError",
    "ConfigError",
    "ServerConfig",
    "VcApiService",
    "create_app",
    "load_config",
    "parse_config",
    "require_server_dependencies",
    "serve",
]

#: What to install when the server's dependencies are missing.
INSTALL_HINT = 'the VC-API server needs the "server" extra: pip install "vcler[server]"'


def require_server_dependencies() -> None:
    """Raise :class:`ImportError` naming the extra to install when Starlette or uvicorn is
    missing."""
    import importlib.util

    missing = [name for name in ("starlette", "uvicorn") if importlib.util.find_spec(name) is None]
    if missing:
        raise ImportError(f"{INSTALL_HINT} (missing: {', '.join(missing)})")


def create_app(config: ServerConfig, *, service: VcApiService | None = None) -> Starlette:
    """The Starlette ASGI app serving ``config`` (see :mod:`vcler.server.app`)."""
    require_server_dependencies()
    from .app import create_app as _create_app

    return _create_app(config, service=service)


def serve(
    config: ServerConfig,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    tls_cert: str | None = None,
    tls_key: str | None = None,
    log_level: str = "info",
    **uvicorn_options: Any,
) -> None:
    """Run the server with uvicorn until interrupted (TLS with ``tls_cert`` and ``tls_key``)."""
    require_server_dependencies()
    import uvicorn

    app = create_app(config)
    uvicorn.run(
        app,
        host=host,
        port=port,
        ssl_certfile=tls_cert,
        ssl_keyfile=tls_key,
        log_level=log_level,
        server_header=False,
        **uvicorn_options,
    )
