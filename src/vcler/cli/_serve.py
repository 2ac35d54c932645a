"""``vcler serve``: run the VC-API server (the ``server`` extra).

Exit codes: 0 the server stopped normally; 2 usage errors, an unusable configuration or
missing server dependencies (the message says what to ``pip install``).
"""

from __future__ import annotations

import argparse
from typing import Any

from ..errors import VclerError
from ._common import EXIT_OK, CliError

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``vcler serve`` to ``subparsers``."""
    parser = subparsers.add_parser(
        "serve",
        help="run the VC-API server (needs vcler[server])",
        description=(
            "Serve the W3C CCG VC-API (issue, verify, status, DID resolution) as configured "
            'by a TOML file. Needs the server extra: pip install "vcler[server]".'
        ),
    )
    parser.add_argument("--config", metavar="FILE", required=True, help="the TOML configuration")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    parser.add_argument("--tls-cert", metavar="CERT.pem", help="serve HTTPS with this certificate")
    parser.add_argument("--tls-key", metavar="KEY.pem", help="the certificate's private key")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="worker processes on the one port (1); more need a shared [store]",
    )
    parser.set_defaults(handler=_serve)


def _serve(args: argparse.Namespace) -> int:
    if bool(args.tls_cert) != bool(args.tls_key):
        raise CliError("--tls-cert and --tls-key go together")
    if not 0 <= args.port <= 65535:
        raise CliError(f"--port {args.port} is not a port number")
    if not 1 <= args.workers <= 512:
        raise CliError(f"--workers {args.workers} is not a number of processes (1 to 512)")
    from ..server import load_config, require_server_dependencies, serve

    try:
        require_server_dependencies()
        config = load_config(args.config)
        serve(
            config,
            host=args.host,
            port=args.port,
            tls_cert=args.tls_cert,
            tls_key=args.tls_key,
            workers=args.workers,
            config_path=args.config,
        )
    except ImportError as e:
        raise CliError(str(e)) from e
    except VclerError as e:
        raise CliError(str(e)) from e
    return EXIT_OK
