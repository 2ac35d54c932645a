"""``vcler openbadges bake`` and ``vcler openbadges unbake``: badges baked in images.

``vcler openbadges bake IMAGE CREDENTIAL -o OUT`` writes a PNG or SVG with the credential baked
in (an Open Badges 3.0 credential's JSON or VC-JWT as ``openbadgecredential``, an Open Badges
2.0 assertion's JSON or signed JWS as ``openbadges``). ``vcler openbadges unbake IMAGE``
prints what an image carries. ``vcler verify IMAGE`` verifies it. Exit codes: 0 done; 1 the
image carries no badge; 2 usage errors, unreadable files or images.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..errors import VclerError
from ._common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, CliError, read_document, read_input

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``vcler openbadges bake|unbake``."""
    parser = subparsers.add_parser("openbadges", help="Open Badges baked in PNG and SVG images")
    parser.set_defaults(handler=lambda args: _usage(parser))
    actions = parser.add_subparsers(dest="openbadges_action", metavar="ACTION")
    bake = actions.add_parser("bake", help="bake a credential into a PNG or SVG image")
    bake.add_argument("image", metavar="IMAGE", help="the badge image (PNG or SVG)")
    bake.add_argument(
        "credential",
        metavar="CREDENTIAL",
        help="the signed credential: JSON, a VC-JWT, an OB 2.0 assertion or signed JWS",
    )
    bake.add_argument("-o", "--output", metavar="OUT", required=True, help="the baked image")
    bake.set_defaults(handler=_bake)
    unbake = actions.add_parser("unbake", help="print the credential an image carries")
    unbake.add_argument("image", metavar="IMAGE", help="a baked PNG or SVG")
    unbake.set_defaults(handler=_unbake)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return EXIT_USAGE


def _bake(args: argparse.Namespace) -> int:
    from ..openbadges.baking import bake

    credential = read_document(args.credential)
    if isinstance(credential, bytes):
        raise CliError(f"{args.credential}: a COSE credential cannot be baked")
    try:
        baked = bake(read_input(args.image), credential)
    except VclerError as error:
        raise CliError(f"{args.image}: {error}") from error
    try:
        Path(args.output).write_bytes(baked)
    except OSError as error:
        raise CliError(f"cannot write {args.output}: {error.strerror or error}") from error
    return EXIT_OK


def _unbake(args: argparse.Namespace) -> int:
    from ..openbadges.baking import unbake

    try:
        baked = unbake(read_input(args.image))
    except VclerError as error:
        raise CliError(f"{args.image}: {error}") from error
    if baked is None:
        print(f"vcler: {args.image} carries no baked badge", file=sys.stderr)
        return EXIT_INVALID
    document = baked.document()
    if isinstance(document, str):
        print(document)
    else:
        print(json.dumps(document, indent=2, ensure_ascii=False))
    return EXIT_OK
