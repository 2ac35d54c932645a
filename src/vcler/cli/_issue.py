"""``vcler issue`` and ``vcler present``: sign a credential, or a presentation of credentials.

Exit codes: 0 signed; 1 refused (the document breaks the data model: the problems are
printed; the issuer or holder does not control the key; the credential is already signed and
``--add-proof`` was not given); 2 usage errors, unreadable input or an unusable key.

``vcler issue`` signs a batch too: several files, folders, NDJSON files or NDJSON on standard
input (see :mod:`vcler.cli._batch`), on ``--jobs`` worker processes, each signed credential
written as one line of NDJSON, in input order; a refused or unreadable input is reported on
standard error and the others are still signed (exit code 1).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .._json import JSON_ESCAPE
from ..errors import (
    ControllerMismatchError,
    ParsingError,
    ProofExistsError,
    ValidationError,
    VclerError,
)
from . import _batch
from ._common import (
    EXIT_INVALID,
    EXIT_OK,
    CliError,
    load_key,
    read_document,
    write_json,
    write_text,
)
from ._verify import batch_options, contexts_option, jobs_from_args, loader_from_args

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``vcler issue`` and ``vcler present`` to ``subparsers``."""
    issue = subparsers.add_parser(
        "issue",
        help="sign a credential with a Data Integrity proof",
        description="Validate CREDENTIAL.json and sign it. Refuses a malformed credential.",
    )
    issue.add_argument(
        "credential",
        metavar="CREDENTIAL.json",
        nargs="+",
        help="unsigned credential ('-' for stdin); several, folders or NDJSON: a batch, "
        "written as NDJSON",
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
    batch_options(issue)
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


def _refusal(e: VclerError, name: str | None = None) -> str | None:
    """What is printed for a refusal (``None``: not a refusal but an error of use)."""
    head = "vcler: " if name is None else f"vcler: {name}: "
    if isinstance(e, ValidationError):
        lines = [f"{head}refused: {e.message}"]
        lines += [f"  {p.code} at {p.pointer or '/'}: {p.message}" for p in e.problems]
        return "\n".join(lines)
    if isinstance(e, ControllerMismatchError | ProofExistsError):
        return f"{head}{e.message}\n  {e.code} at {e.pointer or '/'}"
    if name is not None:  # in a batch, every input gets its answer
        return f"{head}{e.code}: {e}"
    return None


def _sign(args: argparse.Namespace, action: Any) -> int:
    try:
        signed = action()
    except VclerError as e:
        refusal = _refusal(e)
        if refusal is None:
            raise CliError(str(e)) from e
        print(refusal, file=sys.stderr)
        return EXIT_INVALID
    if isinstance(signed, str):
        write_text(signed + "\n", args.output)
    else:
        write_json(signed, args.output)
    return EXIT_OK


def _one_input(paths: list[str]) -> bool:
    """Whether ``paths`` name one credential (signed as before: one JSON document out)."""
    if len(paths) != 1:
        return False
    path = paths[0]
    if path == "-":
        return True  # decided once standard input is read: see _issue
    return not os.path.isdir(path) and not path.lower().endswith(_batch.LINES_SUFFIXES)


def _issue(args: argparse.Namespace) -> int:
    if bool(args.status_db) != bool(args.status_list):
        raise CliError("--status-db and --status-list go together")
    if args.disclose and args.format != "sd-jwt":
        raise CliError("--disclose is for --format sd-jwt")
    if args.format != "di" and (args.status_db or args.add_proof or args.suite or args.created):
        raise CliError("--suite, --created, --add-proof and --status-db are for --format di")
    jobs = jobs_from_args(args)
    inputs = _batch.read_inputs(args.credential, parse=False)
    if _one_input(args.credential):
        first = next(inputs, None)
        # Standard input is one credential unless it is NDJSON (its inputs named -:LINE).
        second = next(inputs, None) if first is not None and first[0].startswith("-:") else None
        if second is None and first is not None:
            return _issue_one(args, _parsed(first[1]))
        inputs = _again(first, second, inputs)
    if args.format != "di":
        raise CliError("a batch is signed with --format di (one envelope per command)")
    return _issue_batch(args, inputs, jobs)


def _parsed(data: Any) -> Any:
    """The one credential to sign; CliError when it cannot be read."""
    from .._batch import Named
    from .._inputs import parse_document

    if isinstance(data, Named):
        try:
            return parse_document(data.data)
        except VclerError as e:
            raise CliError(f"{data.name}: {e}") from e
    if isinstance(data, ParsingError):
        raise CliError(str(data))
    return data


def _again(
    first: tuple[str, Any] | None, second: tuple[str, Any] | None, rest: Iterator[tuple[str, Any]]
) -> Iterator[tuple[str, Any]]:
    for item in (first, second):
        if item is not None:
            yield item
    yield from rest


def _issue_one(args: argparse.Namespace, credential: Any) -> int:
    import vcler

    key = load_key(args.key)
    loader = loader_from_args(args)
    if args.format != "di":
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


def _issue_batch(args: argparse.Namespace, inputs: Iterator[tuple[str, Any]], jobs: int) -> int:
    """Sign every input, writing each signed credential as a line of NDJSON, in order."""
    import vcler

    key = load_key(args.key)
    loader = loader_from_args(args)
    names: deque[str] = deque()

    def credentials() -> Iterator[Any]:
        for name, credential in inputs:
            names.append(name)
            yield credential

    show = not args.no_progress and sys.stderr.isatty()
    total = _batch.count_inputs(args.credential) if show else None
    signed = refused = 0
    with contextlib.ExitStack() as stack:
        status = None
        if args.status_db:
            from ..status import StatusRegistry

            try:
                registry = stack.enter_context(StatusRegistry(args.status_db))
            except VclerError as e:
                raise CliError(f"--status-db: {e}") from e
            status = (registry, args.status_list)
        output = stack.enter_context(_ndjson_output(args.output))
        advance = stack.enter_context(_batch.progress("signing", total=total, show=show))
        try:
            results = vcler.issue_many(
                credentials(),
                signer=key,
                suite=args.suite,
                created=args.created,
                loader=loader,
                status=status,
                add_proof=args.add_proof,
                mandatory_pointers=args.mandatory_pointers,
                jobs=jobs,
            )
            for result in results:
                name = names.popleft()
                if isinstance(result, VclerError):
                    refused += 1
                    print(_refusal(result, name), file=sys.stderr, flush=True)
                else:
                    signed += 1
                    output.write(json.dumps(result, ensure_ascii=False) + "\n")
                    output.flush()
                advance()
        except VclerError as e:  # an unusable suite or signer: nothing was signed
            raise CliError(str(e)) from e
    print(f"vcler: signed {signed:,}, refused {refused:,}", file=sys.stderr)
    return EXIT_OK if refused == 0 else EXIT_INVALID


@contextlib.contextmanager
def _ndjson_output(path: str | None) -> Iterator[IO[str]]:
    """Where a batch's signed credentials go: ``path``, or standard output."""
    if path is None or path == "-":
        yield sys.stdout
        return
    try:
        output = Path(path).open("w", encoding="utf-8", errors=JSON_ESCAPE)  # noqa: SIM115
    except OSError as e:
        raise CliError(f"cannot write {path}: {e.strerror or e}") from e
    with output:
        yield output


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
