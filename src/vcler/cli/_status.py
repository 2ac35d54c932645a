"""``vcler status``: run a status list registry, and check the status of credentials.

- ``create``: a new status list in the registry database (``--db``).
- ``allocate``: a new random index of a list (printed).
- ``set``: the status of an allocated index.
- ``publish``: the signed status list credential.
- ``check``: the status of every ``credentialStatus`` entry of a credential.

Exit codes: 0 done (``check``: every status verified); 1 ``check`` found a revoked or
suspended credential or could not check a status; 2 usage errors, unreadable input, a refused
registry operation.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..errors import VclerError
from ._common import EXIT_INVALID, EXIT_OK, CliError, load_key, read_json, write_json
from ._verify import documents_from_args, fetcher_from_args, network_options

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``vcler status`` and its sub-commands to ``subparsers``."""
    parser = subparsers.add_parser(
        "status",
        help="status lists: create, allocate, set, publish, check",
        description="Bitstring Status List (and StatusList2021) registry and status checks.",
    )
    commands = parser.add_subparsers(dest="status_command", metavar="ACTION")
    parser.set_defaults(handler=lambda args: _usage(parser))

    create = commands.add_parser("create", help="create a status list in the registry")
    _db(create)
    create.add_argument("--url", required=True, help="where the list credential is published")
    create.add_argument(
        "--key",
        metavar="KEY.json",
        required=True,
        help="the issuer's key file (its controller is the list's issuer)",
    )
    create.add_argument(
        "--purpose",
        default="revocation",
        help="revocation (default), suspension, message or refresh",
    )
    create.add_argument("--length", type=int, default=131072, help="entries (default 131072)")
    create.add_argument("--status-size", type=int, default=1, help="bits per entry (default 1)")
    create.add_argument(
        "--messages", metavar="FILE", help="JSON array of the 2**status-size status messages"
    )
    create.add_argument("--reference", metavar="URL", help="statusReference of the entries")
    create.add_argument("--ttl", type=int, metavar="MS", help="ttl of the list (milliseconds)")
    create.add_argument(
        "--type",
        dest="list_type",
        default="BitstringStatusList",
        choices=["BitstringStatusList", "StatusList2021"],
        help="list format (default BitstringStatusList)",
    )
    create.set_defaults(handler=_create)

    allocate = commands.add_parser("allocate", help="allocate a random free index (printed)")
    _db(allocate)
    allocate.add_argument("--list", dest="url", required=True, help="the list URL")
    allocate.add_argument(
        "--entry",
        action="store_true",
        help="print the credentialStatus entry (JSON) instead of the index",
    )
    allocate.set_defaults(handler=_allocate)

    set_ = commands.add_parser("set", help="set the status of an allocated index")
    _db(set_)
    set_.add_argument("--list", dest="url", required=True, help="the list URL")
    set_.add_argument("--index", type=int, required=True, help="the index")
    set_.add_argument("--value", type=int, required=True, help="the status (1 revokes...)")
    set_.set_defaults(handler=_set)

    publish = commands.add_parser("publish", help="write the signed status list credential")
    _db(publish)
    publish.add_argument("--list", dest="url", required=True, help="the list URL")
    publish.add_argument("--key", metavar="KEY.json", required=True, help="the issuer's key")
    publish.add_argument("--suite", metavar="NAME", help="cryptosuite (default by key type)")
    publish.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    publish.set_defaults(handler=_publish)

    check = commands.add_parser("check", help="check the status of a credential")
    check.add_argument("credential", metavar="CREDENTIAL.json", help="the credential")
    check.add_argument(
        "--documents",
        metavar="DIR",
        help="serve every JSON file in DIR under its id (status list credentials, DID documents)",
    )
    check.add_argument("--json", action="store_true", help="print the results as JSON")
    network_options(check)
    check.set_defaults(handler=_check)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="FILE", required=True, help="the registry (SQLite file)")


def _registry(args: argparse.Namespace) -> Any:
    from ..status import StatusRegistry

    try:
        return StatusRegistry(args.db)
    except VclerError as e:
        raise CliError(str(e)) from e


def _create(args: argparse.Namespace) -> int:
    key = load_key(args.key)
    messages = read_json(args.messages) if args.messages else None
    if messages is not None and not isinstance(messages, list):
        raise CliError(f"{args.messages}: expected a JSON array of messages")
    with _registry(args) as registry:
        try:
            registry.create_list(
                args.url,
                purpose=args.purpose,
                length=args.length,
                status_size=args.status_size,
                signer=key,
                list_type=args.list_type,
                messages=messages,
                reference=args.reference,
                ttl=args.ttl,
            )
        except VclerError as e:
            raise CliError(str(e)) from e
    print(f"created {args.url}", file=sys.stderr)
    return EXIT_OK


def _allocate(args: argparse.Namespace) -> int:
    with _registry(args) as registry:
        try:
            index = registry.allocate(args.url)
            entry = registry.entry(args.url, index) if args.entry else None
        except VclerError as e:
            raise CliError(str(e)) from e
    print(json.dumps(entry, indent=2) if entry is not None else index)
    return EXIT_OK


def _set(args: argparse.Namespace) -> int:
    with _registry(args) as registry:
        try:
            registry.set_status(args.url, args.index, args.value)
        except VclerError as e:
            raise CliError(str(e)) from e
    return EXIT_OK


def _publish(args: argparse.Namespace) -> int:
    key = load_key(args.key)
    with _registry(args) as registry:
        try:
            signed = registry.publish(args.url, signer=key, suite=args.suite)
        except VclerError as e:
            raise CliError(str(e)) from e
    write_json(signed, args.output)
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from ..status import check_status

    credential = read_json(args.credential)
    if not isinstance(credential, dict):
        raise CliError(f"{args.credential}: not a JSON object")
    fetcher = fetcher_from_args(args)
    try:
        results = check_status(credential, documents=documents_from_args(args), fetcher=fetcher)
    finally:
        if fetcher is not None:
            fetcher.close()
    ok = all(not r.problems for r in results)
    if args.json:
        print(
            json.dumps(
                {
                    "input": args.credential,
                    "verified": ok,
                    "status": [r.to_json() for r in results],
                },
                ensure_ascii=False,
            )
        )
    else:
        print(_report(args.credential, results, ok))
    return EXIT_OK if ok else EXIT_INVALID


def _report(path: str, results: list[Any], ok: bool) -> str:
    lines = [f"{path}: {'status ok' if ok else 'STATUS NOT OK'}"]
    if not results:
        lines.append("  no credentialStatus")
    for r in results:
        shown = "?" if r.value is None else str(r.value)
        message = f" ({r.message})" if r.message else ""
        lines.append(
            f"  {r.pointer} {r.purpose or '?'} {r.list_url or '?'} "
            f"index {r.index if r.index is not None else '?'}: {shown}{message}"
        )
        for problem in r.problems:
            lines.append(f"    {problem.code} at {problem.pointer or '/'}: {problem.message}")
            if problem.detail:
                lines.append(f"      {problem.detail}")
        for warning in r.warnings:
            lines.append(
                f"    warning {warning.code} at {warning.pointer or '/'}: {warning.message}"
            )
    return "\n".join(lines)
