"""``vcler did resolve DID``: resolve a DID and print the result.

Exit codes: 0 resolved, 1 resolution error (``didResolutionMetadata.error`` is printed), 2 usage.
The network is used only with ``--allow-network`` (did:web needs it).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ._common import EXIT_INVALID, EXIT_OK, CliError

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``did`` (with its ``resolve`` sub-command) to the ``vcler`` parser."""
    parser = subparsers.add_parser("did", help="work with Decentralized Identifiers")
    commands = parser.add_subparsers(dest="did_command", metavar="COMMAND")
    parser.set_defaults(handler=_usage(parser))
    resolve = commands.add_parser(
        "resolve",
        help="resolve a DID to its DID document",
        description="Resolve a DID (did:key and did:jwk offline; did:web needs --allow-network).",
    )
    resolve.add_argument("did", metavar="DID", help="the DID to resolve")
    resolve.add_argument(
        "--json", action="store_true", help="print the DID resolution result object"
    )
    resolve.add_argument(
        "--allow-network", action="store_true", help="allow network lookups (did:web)"
    )
    resolve.add_argument(
        "--allow-private-hosts",
        action="store_true",
        help="allow loopback and private addresses (with --allow-network)",
    )
    resolve.add_argument(
        "--ca-bundle",
        metavar="FILE",
        help="PEM file of CA certificates to trust instead of the defaults (with --allow-network)",
    )
    resolve.set_defaults(handler=_resolve)


def _usage(parser: argparse.ArgumentParser) -> Any:
    def handler(args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return 2

    return handler


def _resolve(args: argparse.Namespace) -> int:
    from ..did import resolve
    from ..net import Fetcher, FetchPolicy

    if (args.allow_private_hosts or args.ca_bundle) and not args.allow_network:
        raise CliError("--allow-private-hosts and --ca-bundle need --allow-network")
    if args.ca_bundle is not None and not Path(args.ca_bundle).is_file():
        raise CliError(f"cannot read CA bundle {args.ca_bundle}")
    if args.allow_network:
        policy = FetchPolicy(allow_private_hosts=args.allow_private_hosts, ca_bundle=args.ca_bundle)
        with Fetcher(policy=policy) as fetcher:
            result = resolve(args.did, fetcher=fetcher)
    else:
        result = resolve(args.did)
    if args.json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    elif result.error is None:
        print(json.dumps(result.did_document, indent=2, ensure_ascii=False))
    else:
        print(f"{result.error}: {result.error_message or 'resolution failed'}")
    return EXIT_OK if result.error is None else EXIT_INVALID
