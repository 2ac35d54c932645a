"""``vcler derive``: disclose part of a credential that carries a selective disclosure proof.

Exit codes: 0 derived; 1 refused (no base proof to derive from, a pointer that matches
nothing, nothing to disclose); 2 usage errors or unreadable input.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..errors import ProofError, VclerError
from ._common import EXIT_INVALID, EXIT_OK, CliError, read_json, write_json
from ._verify import contexts_option, loader_from_args

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``vcler derive`` to ``subparsers``."""
    derive = subparsers.add_parser(
        "derive",
        help="disclose part of an ecdsa-sd-2023 or bbs-2023 credential (selective disclosure)",
        description=(
            "Derive from CREDENTIAL.json, signed by its issuer with an ecdsa-sd-2023 or "
            "bbs-2023 base proof, a credential that discloses what the issuer made mandatory "
            "and what each --pointer selects, with a proof that verifies (bbs-2023: a fresh, "
            "unlinkable one each time)."
        ),
    )
    derive.add_argument(
        "credential", metavar="CREDENTIAL.json", help="credential with a base proof ('-' stdin)"
    )
    derive.add_argument(
        "--pointer",
        metavar="POINTER",
        action="append",
        default=[],
        help="a JSON pointer to disclose, such as /credentialSubject/achievement/name "
        "(repeatable; an object is disclosed whole)",
    )
    derive.add_argument("--proof-id", metavar="ID", help="the base proof's id, if several")
    derive.add_argument(
        "--presentation-header",
        metavar="HEX",
        type=_hex,
        default=b"",
        help="bbs-2023: bytes (in hex) bound to the derived proof, such as a verifier's nonce",
    )
    contexts_option(derive)
    derive.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    derive.set_defaults(handler=_derive)


def _hex(value: str) -> bytes:
    try:
        return bytes.fromhex(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not hexadecimal: {value!r}") from e


def _derive(args: argparse.Namespace) -> int:
    import vcler

    credential = read_json(args.credential)
    loader = loader_from_args(args)
    try:
        derived = vcler.derive(
            credential,
            selective_pointers=args.pointer,
            proof_id=args.proof_id,
            loader=loader,
            presentation_header=args.presentation_header,
        )
    except ProofError as e:
        print(f"vcler: refused: {e.message}\n  {e.code} at {e.pointer or '/'}", file=sys.stderr)
        return EXIT_INVALID
    except VclerError as e:
        raise CliError(str(e)) from e
    write_json(derived, args.output)
    return EXIT_OK
