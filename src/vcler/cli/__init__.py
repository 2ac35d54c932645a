"""The ``vcler`` command.

Each sub-command lives in its own module exposing ``register(subparsers)``; the module list
below is the whole command set. Exit codes: 0 success, 1 the input was checked and found
wanting (invalid, not verified, refused), 2 usage errors or unreadable input.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from .._compiled import compiled_modules
from .._version import __version__
from ._common import EXIT_USAGE, CliError, escaped_output

__all__ = ["main"]

# Sub-command modules, in the order ``--help`` lists them.
_COMMANDS: tuple[str, ...] = (
    "vcler.cli._demo",
    "vcler.cli._issue",
    "vcler.cli._derive",
    "vcler.cli._verify",
    "vcler.cli._key",
    "vcler.cli._did",
    "vcler.cli._validate",
    "vcler.cli._skills",
    "vcler.cli._openbadges",
    "vcler.cli._clr",
    "vcler.cli._status",
    "vcler.cli._canon",
    "vcler.cli._serve",
    "vcler.cli._conformance",
)


def _version() -> str:
    """``vcler X.Y.Z``, with the number of compiled modules when this is the compiled build."""
    compiled = len(compiled_modules())
    return f"vcler {__version__}" + (f" (compiled: {compiled} modules)" if compiled else "")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="vcler",
        description="Issue and verify W3C Verifiable Credentials for learning and employment.",
    )
    parser.add_argument("--version", action="version", version=_version())
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _COMMANDS:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return 2
    with escaped_output():
        try:
            return int(args.handler(args))
        except CliError as e:
            print(f"vcler: {e}", file=sys.stderr)
            return EXIT_USAGE
        except BrokenPipeError:  # pragma: no cover - `vcler ... | head`
            return 0
