"""``vcler validate FILE...``: check credentials and presentations against the VC Data Model.

Exit codes: 0 every input is valid, 1 at least one is invalid, 2 an input could not be read
(or parsed as JSON) or the command line is wrong. Every input is checked even when an earlier
one fails. With ``--json`` each input gives one line
``{"input": PATH, "valid": BOOL, "problems": [{"code", "message", "pointer"}...],
"warnings": [...]}``. Warnings (Open Badges / CLR deviations from the 1EdTech schemas and
rules) do not make an input invalid unless ``--strict`` is given.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .. import codes
from ..results import Problem, ValidationResult
from ._common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, CliError, read_json
from ._verify import contexts_option, loader_from_args

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``validate`` to the ``vcler`` parser."""
    parser = subparsers.add_parser(
        "validate",
        help="check credentials and presentations against the VC Data Model",
        description=(
            "Check verifiable credentials and presentations (VC Data Model 2.0 or 1.1) and "
            "report every violation with its error code and JSON pointer. '-' reads stdin."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="JSON files to check")
    parser.add_argument("--json", action="store_true", help="print one JSON result per line")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="Open Badges / CLR: deviations from the 1EdTech schemas and rules are problems",
    )
    contexts_option(parser)
    parser.set_defaults(handler=_validate)


def _validate(args: argparse.Namespace) -> int:
    from ..validation import validate_with_warnings

    loader = loader_from_args(args)
    exit_code = EXIT_OK
    for path in args.files:
        try:
            document = read_json(path)
        except CliError as error:
            exit_code = EXIT_USAGE
            print(f"vcler: {error}", file=sys.stderr)
            if args.json:
                unreadable = Problem(codes.PARSING_ERROR, str(error), "")
                _print_json(path, ValidationResult([unreadable]))
            continue
        result = validate_with_warnings(document, loader=loader, strict=args.strict)
        if result.problems and exit_code == EXIT_OK:
            exit_code = EXIT_INVALID
        if args.json:
            _print_json(path, result)
        else:
            _print_human(path, result)
    return exit_code


def _print_json(path: str, result: ValidationResult) -> None:
    def items(problems: list[Problem]) -> list[dict[str, str]]:
        return [{"code": p.code, "message": p.message, "pointer": p.pointer} for p in problems]

    line = {
        "input": path,
        "valid": result.valid,
        "problems": items(result.problems),
        "warnings": items(result.warnings),
    }
    print(json.dumps(line, ensure_ascii=False))


def _print_human(path: str, result: ValidationResult) -> None:
    problems = result.problems
    if not problems:
        print(f"{path}: valid")
    else:
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        print(f"{path}: invalid ({count})")
    for problem in problems:
        print(f"  {problem.code} at {problem.pointer or '/'}: {problem.message}")
    for warning in result.warnings:
        print(f"  warning {warning.code} at {warning.pointer or '/'}: {warning.message}")
