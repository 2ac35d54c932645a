"""``vcler clr bundle``: a signed CLR 2.0 over a learner's verified achievements.

``vcler clr bundle FILE... --key KEY.json --name NAME [--subject ID] [--associations FILE]
[--documents DIR] -o CLR.json`` verifies each Open Badges 3.0 credential, bundles those that
verify (with their achievements and the associations between them) into a ClrCredential
issued by the key's controller, and signs it. Exit codes: 0 every input bundled; 1 the CLR was
written but some inputs were left out (printed); 2 usage errors, unreadable input, or nothing
that verified.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..errors import VclerError
from ._common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    CliError,
    load_key,
    read_document,
    read_json,
    write_json,
)

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``vcler clr bundle``."""
    parser = subparsers.add_parser("clr", help="Comprehensive Learner Records (CLR 2.0)")
    parser.set_defaults(handler=lambda args: _usage(parser))
    actions = parser.add_subparsers(dest="clr_action", metavar="ACTION")
    bundle = actions.add_parser(
        "bundle", help="issue a CLR 2.0 over the verified Open Badges 3.0 credentials given"
    )
    bundle.add_argument("files", nargs="+", metavar="FILE", help="OB 3.0 credentials (JSON)")
    bundle.add_argument("--key", metavar="KEY.json", required=True, help="the issuer's key file")
    bundle.add_argument("--name", required=True, help="the CLR's name")
    bundle.add_argument("--subject", metavar="ID", help="the learner's id (ClrSubject.id)")
    bundle.add_argument(
        "--issuer-name", metavar="NAME", help="the issuer's name (its id is the key's controller)"
    )
    bundle.add_argument(
        "--associations", metavar="FILE", help="CLR 2.0 Associations between the achievements"
    )
    bundle.add_argument(
        "--documents", metavar="DIR", help="JSON documents for verification, keyed by their id"
    )
    bundle.add_argument("--valid-from", metavar="ISO", help="default: now")
    bundle.add_argument("--created", metavar="ISO", help="proof creation time (default: now)")
    bundle.add_argument("-o", "--output", metavar="OUT", help="default: stdout")
    bundle.set_defaults(handler=_bundle)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return EXIT_USAGE


def _bundle(args: argparse.Namespace) -> int:
    from datetime import datetime, timezone

    from .. import issue, verify
    from ..openbadges import bundle_clr
    from ..skills import associations_of
    from ._verify import documents_from_args

    key = load_key(args.key)
    documents = documents_from_args(args) or None
    associations = associations_of(read_json(args.associations)) if args.associations else []
    issuer: dict[str, Any] = {"id": key.controller, "type": ["Profile"]}
    if args.issuer_name:
        issuer["name"] = args.issuer_name
    try:
        bundle = bundle_clr(
            [read_document(path) for path in args.files],
            verify=lambda document: verify(document, documents=documents),
            issuer=issuer,
            subject_id=args.subject,
            name=args.name,
            valid_from=args.valid_from or datetime.now(timezone.utc).replace(microsecond=0),
            associations=associations,
            labels=list(args.files),
        )
        signed = issue(bundle.credential, signer=key, created=args.created)
    except VclerError as error:
        raise CliError(str(error)) from error
    write_json(signed, args.output)
    for label, problems in bundle.excluded:
        codes = ", ".join(problem.code for problem in problems)
        print(f"vcler: {label} not bundled ({codes})", file=sys.stderr)
    for association in bundle.dropped_associations:
        print(
            f"vcler: association {association.get('sourceId')} -> "
            f"{association.get('targetId')} dropped (an achievement not in the CLR)",
            file=sys.stderr,
        )
    return EXIT_INVALID if bundle.excluded else EXIT_OK
