"""``vcler canon [FILE|-]``: the RDFC-1.0 canonical N-Quads of an N-Quads or JSON-LD document.

The format comes from ``--format``, else the file name (``.nq``/``.nquads``: N-Quads,
``.json``/``.jsonld``: JSON-LD), else the content (JSON-LD if it starts with ``{`` or ``[``).
``--map`` prints the issued identifiers map (input blank node label → canonical label) as JSON
instead of the N-Quads.

Exit codes: 0 canonicalized, 1 the document cannot be canonicalized (JSON-LD safe mode, an
unloadable context, the work limit), printed with its error code; 2 unreadable input (missing
file, not UTF-8, not JSON, N-Quads syntax error) or a wrong command line.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..errors import ParsingError, VclerError
from ._common import EXIT_INVALID, EXIT_OK, CliError, read_input
from ._verify import contexts_option, loader_from_args

__all__ = ["register"]

_EXTENSIONS = {".nq": "nquads", ".nquads": "nquads", ".json": "jsonld", ".jsonld": "jsonld"}


def register(subparsers: Any) -> None:
    """Add ``canon`` to the ``vcler`` parser."""
    parser = subparsers.add_parser(
        "canon",
        help="print the RDFC-1.0 canonical N-Quads of an N-Quads or JSON-LD document",
        description=(
            "Canonicalize an RDF dataset with RDFC-1.0 and print its canonical N-Quads (or, "
            "with --map, the issued blank node identifiers as JSON). '-' or no FILE reads stdin."
        ),
    )
    parser.add_argument("file", nargs="?", default="-", metavar="FILE", help="input ('-': stdin)")
    parser.add_argument(
        "--format",
        choices=("nquads", "jsonld"),
        help="input format (default: from the file name, else from the content)",
    )
    parser.add_argument(
        "--hash",
        dest="hash_algorithm",
        choices=("sha256", "sha384"),
        default="sha256",
        help="RDFC-1.0 hash algorithm (default: sha256)",
    )
    parser.add_argument(
        "--map", action="store_true", help="print the issued identifiers map as JSON"
    )
    parser.add_argument(
        "--work-limit",
        type=int,
        metavar="N",
        help="units of Hash N-Degree Quads work allowed (default: scaled to the dataset)",
    )
    contexts_option(parser)
    parser.set_defaults(handler=_canon)


def _format(path: str, data: bytes, requested: str | None) -> str:
    if requested:
        return requested
    for extension, name in _EXTENSIONS.items():
        if path.lower().endswith(extension):
            return name
    return "jsonld" if data.lstrip()[:1] in (b"{", b"[") else "nquads"


def _dataset(path: str, data: bytes, input_format: str, loader: Any) -> Any:
    if input_format == "nquads":
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise CliError(f"{path}: not UTF-8 text ({error.reason})") from error
        try:
            from ..rdf import parse_nquads

            return parse_nquads(text)
        except ParsingError as error:
            raise CliError(f"{path}: {error}") from error
    from .._json import load_json
    from ..jsonld import to_dataset

    try:
        document = load_json(data)
    except VclerError as error:
        raise CliError(f"{path}: {error}") from error
    return to_dataset(document, loader=loader)


def _canon(args: argparse.Namespace) -> int:
    from ..canon import canonicalize

    if args.work_limit is not None and args.work_limit < 0:
        raise CliError("--work-limit must not be negative")
    data = read_input(args.file)
    input_format = _format(args.file, data, args.format)
    try:
        dataset = _dataset(args.file, data, input_format, loader_from_args(args))
        result = canonicalize(
            dataset, hash_algorithm=args.hash_algorithm, work_limit=args.work_limit
        )
    except VclerError as error:
        print(f"vcler: {error.code}: {error}", file=sys.stderr)
        return EXIT_INVALID
    if args.map:
        sys.stdout.write(json.dumps(result.issued, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(result.nquads)
    return EXIT_OK
