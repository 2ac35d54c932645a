"""The VC-API server (the optional ``server`` extra: ``pip install "vcler[server]"``).

::

    vcler serve --config server.toml --port 8443 --tls-cert cert.pem --tls-key key.pem \
        --host 0.0.0.0 --workers 4                  # needs [auth] and a shared [store]

or, embedded in another ASGI deployment::

    from vcler.server import load_config, create_app

    app = create_app(load_config("server.toml"))

- :mod:`vcler.server.config`: the TOML configuration (standard library only).
- :mod:`vcler.server.service`: the endpoints as blocking, thread-safe methods, no HTTP.
- :mod:`vcler.server.store`: what outlives a request, in SQLite or PostgreSQL.
- :mod:`vcler.server.auth`: bearer tokens (API keys, OAuth 2.0 access tokens) and scopes.
- :mod:`vcler.server.app`: the Starlette app (needs the ``server`` extra).
- :mod:`vcler.server.problems`: errors as RFC 9457 problem details with the specs' codes.
- :mod:`vcler.server.resolution`: DID resolution and dereferencing over HTTP(S).

Importing :mod:`vcler` never imports this package; importing this package imports Starlette
only when :func:`create_app` or :func:`serve` is first used.

Spec: https://w3c-ccg.github.io/vc-api/
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .auth import is_loopback
from .config import ConfigError, ServerConfig, load_config, parse_config
from .problems import ApiError
from .service import VcApiService

if TYPE_CHECKING:
    from starlette.applications import Starlette

__all__ = [
    "CONFIG_ENV",
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

#: The variable naming the configuration file each worker process reads (``workers`` > 1).
CONFIG_ENV = "VCLER_SERVER_CONFIG"
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
    workers: int = 1,
    config_path: str | os.PathLike[str] | None = None,
    **uvicorn_options: Any,
) -> None:
    """Run the server with uvicorn until interrupted (TLS with ``tls_cert`` and ``tls_key``).

    Without ``[auth]`` it listens only on a loopback ``host``. ``workers`` > 1 runs that many
    processes on the one port, each reading the configuration file at ``config_path``; they
    share the ``[store]`` (which must be a file or PostgreSQL). The service is set up once
    here first, so that an unusable configuration stops before any worker starts.
    """
    require_server_dependencies()
    import uvicorn

    if config.auth is None and not is_loopback(host):
        raise ConfigError(
            f"without an [auth] table the server listens only on a loopback address, not {host}"
        )
    if workers > 1 and (config.store is None or not config.store.shared):
        raise ConfigError("several workers need a [store] they share (a file or PostgreSQL)")
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "ssl_certfile": tls_cert,
        "ssl_keyfile": tls_key,
        "log_level": log_level,
        "server_header": False,
        **uvicorn_options,
    }
    if workers <= 1:
        uvicorn.run(create_app(config), **options)
        return
    if config_path is None:
        raise ConfigError("several workers need the configuration's path (config_path)")
    VcApiService(config).close()  # tables, lists and keys checked once, before the workers
    os.environ[CONFIG_ENV] = str(Path(config_path).resolve())
    uvicorn.run("vcler.server._worker:app", factory=True, workers=workers, **options)
