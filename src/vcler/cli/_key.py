"""``vcler key``: make and inspect key files.

``vcler key generate`` writes a key file (a Multikey verification method with its
``secretKeyMultibase``). The secret is protected from accidents:

- with ``-o FILE`` the file is created with mode 0600 (never widened, then narrowed) and never
  overwritten without ``--force``, which replaces it atomically (a symlink is replaced, not
  written through); the verification method id is printed;
- without ``-o`` the key file goes to standard output only when that is not a terminal (a pipe
  or a redirection); printing a secret to a terminal needs ``--print-secret``.

``vcler key public KEY.json`` prints the public verification method (no secret) to publish in
a controller document.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from ..errors import VclerError
from ..keys import KeyPair
from ._common import EXIT_OK, EXIT_USAGE, CliError, read_json

__all__ = ["register"]

_GENERATE_TYPES = ("Ed25519", "P-256", "P-384", "Bls12381G2")


def register(subparsers: Any) -> None:
    """Add ``vcler key`` and its actions to ``subparsers``."""
    parser = subparsers.add_parser(
        "key",
        help="generate and inspect key files",
        description="Generate and inspect key files (Multikey verification methods).",
    )
    actions = parser.add_subparsers(dest="key_action", metavar="ACTION")

    generate = actions.add_parser(
        "generate",
        help="generate a new key file",
        description=(
            "Generate a key. Without --controller the key is a did:key. The key file holds "
            "the secret: with -o it is written with mode 0600; without -o it is printed only "
            "when standard output is not a terminal (or with --print-secret)."
        ),
    )
    generate.add_argument(
        "--type", default="Ed25519", choices=_GENERATE_TYPES, help="key type (default: Ed25519)"
    )
    generate.add_argument(
        "--controller", metavar="C", help="controller DID or URL (default: the key's own did:key)"
    )
    generate.add_argument(
        "--id",
        metavar="ID",
        help="verification method id; '#frag' is relative to the controller "
        "(default: CONTROLLER#publicKeyMultibase)",
    )
    generate.add_argument(
        "-o",
        "--output",
        metavar="KEY.json",
        help="write the key file here (mode 0600) instead of stdout",
    )
    generate.add_argument(
        "--force", action="store_true", help="overwrite an existing file (replaced atomically)"
    )
    generate.add_argument(
        "--print-secret", action="store_true", help="allow printing the secret key to a terminal"
    )
    generate.set_defaults(handler=_generate)

    public = actions.add_parser(
        "public",
        help="print the public verification method of a key file",
        description="Print the key file without its secret: the verification method to publish.",
    )
    public.add_argument("key_file", metavar="KEY.json", help="key file ('-' for stdin)")
    public.set_defaults(handler=_public)

    parser.set_defaults(handler=_usage(parser))


def _usage(parser: argparse.ArgumentParser) -> Any:
    def handler(args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return EXIT_USAGE

    return handler


def _is_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is an interactive terminal."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _dump(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2) + "\n"


def _save(key_pair: KeyPair, path: str, *, force: bool) -> None:
    """Write the key file to ``path``, created with mode 0600 (see :meth:`KeyPair.save`)."""
    try:
        key_pair.save(path, overwrite=force)
    except FileExistsError as e:
        raise CliError(f"{path} exists; use --force to overwrite it") from e
    except OSError as e:
        raise CliError(f"cannot write {path}: {e.strerror or e}") from e


def _generate(args: argparse.Namespace) -> int:
    if args.output is None and _is_terminal(sys.stdout) and not args.print_secret:
        raise CliError(
            "refusing to print a secret key to a terminal: use -o KEY.json, "
            "redirect the output, or add --print-secret"
        )
    try:
        key_pair = KeyPair.generate(args.type, controller=args.controller, id=args.id)
    except VclerError as e:
        raise CliError(str(e)) from e
    if args.output is None:
        sys.stdout.write(_dump(key_pair.to_json(include_secret=True)))
    else:
        _save(key_pair, args.output, force=args.force)
        print(key_pair.id)
    return EXIT_OK


def _public(args: argparse.Namespace) -> int:
    try:
        key_pair = KeyPair.from_json(read_json(args.key_file))
    except VclerError as e:
        raise CliError(f"{args.key_file}: {e}") from e
    sys.stdout.write(_dump(key_pair.to_json(include_secret=False)))
    return EXIT_OK
