"""``vcler issue`` and ``vcler present``: sign a credential, or a presentation of credentials.

Exit codes: 0 signed; 1 refused (the document breaks the data model: the problems are
printed; the issuer or holder does not control the key; the credential is already signed and
``--add-proof`` was not given); 2 usage errors, unreadable input or an unusable key.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..errors import ControllerMismatchError, ProofExistsError, ValidationError, VclerError
from ._common import (
    EXIT_INVALID,
    EXIT_OK,
    CliError,
    load_key,
    read_document,
    read_json,
    write_json,
    write_text,
)
from ._verify import contexts_option, loader_from_args

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``vcler issue`` and ``vcler present`` to ``subparsers``."""
    issue = subparsers.add_parser(
        "issue",
        help="sign a credential with a Data Integrity proof",
        description="Validate CREDENTIAL.json and sign it. Refuses a malformed credential.",
    )
    issue.add_argument(
        "credential", metavar="CREDENTIAL.json", help="unsigned credential ('-' for stdin)"
    )
    issue.add_argument(
        "--add-proof",
        action="store_true",
        help="the credential is already signed: add another proof to it (a proof set)",
    )
    issue.add_argument(
        "--mandatory-pointer",
        metavar="POINTER",
        action="append",
        dest="mandatory_pointers",
        help="with --suite ecdsa-sd-2023 or bbs-2023: a JSON pointer every disclosure must include "
        "(repeatable; default: the issuer, the validity period and the status)",
    )
    issue.add_argument(
        "--status-db", metavar="FILE", help="status registry (vcler status create) to allocate from"
    )
    issue.add_argument(
        "--format",
        choices=("di", "jwt", "sd-jwt", "cose", "vc-jwt"),
        default="di",
        help="di: a Data Integrity proof (default); jwt, sd-jwt, cose: VC-JOSE-COSE envelopes; "
        "vc-jwt: the Open Badges 3.0 JWT (the credential under 'vc')",
    )
    issue.add_argument(
        "--disclose",
        metavar="PATH",
        action="append",
        default=[],
        help="sd-jwt: make PATH selectively disclosable (credentialSubject.address.city, "
        "credentialSubject.phoneNumbers[0]); repeatable",
    )
    issue.add_argument(
        "--status-list", metavar="URL", help="with --status-db: the status list to add an entry of"
    )
    _signing_options(issue)
    issue.set_defaults(handler=_issue)

    present = subparsers.add_parser(
        "present",
        help="sign a presentation of credentials",
        description="Wrap credentials in a Verifiable Presentation signed for authentication.",
    )
    present.add_argument("credentials", metavar="CRED.json", nargs="+", help="signed credentials")
    present.add_argument("--challenge", metavar="C", help="the verifier's challenge")
    present.add_argument("--domain", metavar="D", help="the verifier's domain")
    present.add_argument("--holder", metavar="ID", help="holder id (default: the key's controller)")
    present.add_argument(
        "--format",
        choices=("di", "jwt", "sd-jwt", "cose"),
        default="di",
        help="di: a Data Integrity proof (default); jwt, sd-jwt, cose: a VC-JOSE-COSE envelope. "
        "Credentials given as tokens are carried as EnvelopedVerifiableCredentials",
    )
    _signing_options(present)
    present.set_defaults(handler=_present)


def _signing_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--key", metavar="KEY.json", required=True, help="key file (vcler key generate)"
    )
    parser.add_argument(
        "--suite",
        metavar="NAME",
        help="cryptosuite (default: eddsa-rdfc-2022 for Ed25519, ecdsa-rdfc-2019 for P-256/P-384, "
        "bbs-2023 for Bls12381G2; ecdsa-sd-2023 for selective disclosure)",
    )
    parser.add_argument("--created", metavar="ISO", help="proof creation time (default: now)")
    contexts_option(parser)
    parser.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")


def _sign(args: argparse.Namespace, action: Any) -> int:
    try:
        signed = action()
    except ValidationError as e:
        print(f"vcler: refused: {e.message}", file=sys.stderr)
        for problem in e.problems:
            print(
                f"  {problem.code} at {problem.pointer or '/'}: {problem.message}", file=sys.stderr
            )
        return EXIT_INVALID
    except (ControllerMismatchError, ProofExistsError) as e:
        print(f"vcler: {e.message}\n  {e.code} at {e.pointer or '/'}", file=sys.stderr)
        return EXIT_INVALID
    except VclerError as e:
        raise CliError(str(e)) from e
    if isinstance(signed, str):
        write_text(signed + "\n", args.output)
    else:
        write_json(signed, args.output)
    return EXIT_OK


def _issue(args: argparse.Namespace) -> int:
    import vcler

    credential = read_json(args.credential)
    key = load_key(args.key)
    loader = loader_from_args(args)
    if bool(args.status_db) != bool(args.status_list):
        raise CliError("--status-db and --status-list go together")
    if args.disclose and args.format != "sd-jwt":
        raise CliError("--disclose is for --format sd-jwt")
    if args.format != "di":
        if args.status_db or args.add_proof or args.suite or args.created:
            raise CliError("--suite, --created, --add-proof and --status-db are for --format di")
        return _sign(
            args,
            lambda: vcler.issue_envelope(
                credential, signer=key, format=args.format, disclose=args.disclose, loader=loader
            ),
        )
    if not args.status_db:
        return _sign(
            args,
            lambda: vcler.issue(
                credential,
                signer=key,
                suite=args.suite,
                created=args.created,
                loader=loader,
                add_proof=args.add_proof,
                mandatory_pointers=args.mandatory_pointers,
            ),
        )
    from ..status import StatusRegistry

    try:
        registry = StatusRegistry(args.status_db)
    except VclerError as e:
        raise CliError(f"--status-db: {e}") from e
    with registry:
        return _sign(
            args,
            lambda: vcler.issue(
                credential,
                signer=key,
                suite=args.suite,
                created=args.created,
                status=(registry, args.status_list),
                loader=loader,
                add_proof=args.add_proof,
                mandatory_pointers=args.mandatory_pointers,
            ),
        )


def _present(args: argparse.Namespace) -> int:
    import vcler

    credentials = [read_document(path) for path in args.credentials]
    credentials = [_text(c) if isinstance(c, bytes) else c for c in credentials]
    key = load_key(args.key)
    loader = loader_from_args(args)
    common = {
        "signer": key,
        "holder": args.holder,
        "challenge": args.challenge,
        "domain": args.domain,
        "loader": loader,
    }
    if args.format != "di":
        if args.suite or args.created:
            raise CliError("--suite and --created are for --format di")
        return _sign(
            args, lambda: vcler.present_envelope(credentials, format=args.format, **common)
        )
    from .._enveloping import envelope_of_token

    credentials = [envelope_of_token(c) if isinstance(c, str) else c for c in credentials]
    return _sign(
        args,
        lambda: vcler.present(credentials, suite=args.suite, created=args.created, **common),
    )


def _text(data: bytes) -> str:
    """A COSE_Sign1 file's bytes as the base64 text an enveloped credential carries."""
    from ..jose import cose_to_text

    return cose_to_text(data)
