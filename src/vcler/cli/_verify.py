"""``vcler verify``: verify credentials and presentations.

Inputs are JSON, envelopes (JWT, SD-JWT, COSE), Open Badges 2.0 assertions (hosted JSON or a
signed JWS; ``--recipient EMAIL`` checks their hashed recipient) and baked badge images (PNG,
SVG). Every input gets its own answer, in order, as soon as it is verified: inputs are read and
verified one at a time (:func:`read_inputs` feeding :func:`verify_inputs`), and an input that
cannot be read or parsed is answered with a ``PARSING_ERROR`` result instead of stopping the
batch. Exit codes: 0 every input verified; 1 any input did not, or could not be read; 2 usage
errors only. With ``--json`` one object per input per line: ``{"input", "verified",
"problems", "proofs", "warnings"}``; without it, a readable report.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from .._datetime import is_date_time_stamp, parse_date_time
from ..errors import ParsingError, VclerError
from ..results import VerificationResult
from ._common import EXIT_INVALID, EXIT_OK, CliError, read_document, read_json

__all__ = [
    "contexts_option",
    "loader_from_args",
    "network_options",
    "policy_options",
    "read_inputs",
    "register",
    "verifier_from_args",
    "verify_inputs",
]


def register(subparsers: Any) -> None:
    """Add ``vcler verify`` to ``subparsers``."""
    parser = subparsers.add_parser(
        "verify",
        help="verify credentials and presentations",
        description="Verify each FILE: data model, JSON-LD safe mode, proofs, validity period.",
    )
    parser.add_argument("files", metavar="FILE", nargs="+", help="credential or presentation")
    parser.add_argument("--json", action="store_true", help="one JSON result per input per line")
    parser.add_argument("--challenge", metavar="C", help="expected presentation challenge")
    parser.add_argument("--domain", metavar="D", help="expected presentation domain")
    parser.add_argument("--now", metavar="ISO", help="verify as of this time (default: now)")
    parser.add_argument(
        "--media-type",
        metavar="TYPE",
        help="what each FILE is (application/vc+jwt, vc+sd-jwt, vc+cose...; default: recognised "
        "by content: JSON, a JWS, an SD-JWT or a COSE_Sign1)",
    )
    parser.add_argument(
        "--documents",
        metavar="DIR",
        help="serve every JSON file in DIR under its top-level id (DID and controller documents)",
    )
    parser.add_argument(
        "--document",
        metavar="URL=FILE",
        action="append",
        default=[],
        help="serve FILE under URL too (a status list published at several URLs); repeatable",
    )
    parser.add_argument(
        "--recipient",
        metavar="EMAIL",
        help="Open Badges 2.0: the recipient the assertion must be issued to (its hashed identity)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="Open Badges / CLR: deviations from the 1EdTech schemas and rules fail verification",
    )
    policy_options(parser)
    contexts_option(parser)
    network_options(parser)
    parser.set_defaults(handler=_verify)


def policy_options(parser: argparse.ArgumentParser) -> None:
    """The verification policy's options (see :class:`vcler.VerificationPolicy`)."""
    group = parser.add_argument_group("verification policy")
    group.add_argument(
        "--require-challenge",
        action="store_true",
        help="a presentation must be checked against --challenge (else it fails)",
    )
    group.add_argument(
        "--holder-binding",
        choices=("none", "subject"),
        default=None,
        help="subject: a presentation's holder must be the subject of each credential",
    )
    group.add_argument(
        "--issuer-proofs",
        choices=("any", "all", "none"),
        default=None,
        help="whose keys a credential's proofs may be by: any (default: at least one the "
        "issuer's), all (every one the issuer's), none (no binding)",
    )
    group.add_argument(
        "--no-status", action="store_true", help="do not check credentialStatus (warns)"
    )
    group.add_argument(
        "--status-fail-open",
        action="store_true",
        help="a status that cannot be checked is a warning, not a failure",
    )
    group.add_argument(
        "--status-list-issuer",
        metavar="ID",
        action="append",
        default=[],
        help="also trust status lists issued by ID ('any': by any issuer); repeatable",
    )
    group.add_argument(
        "--status-list-any-url",
        action="store_true",
        help="accept a status list whose id is not the URL it was read from",
    )


def contexts_option(parser: argparse.ArgumentParser) -> None:
    """``--contexts DIR``: JSON-LD contexts of the user's own, besides the bundled ones."""
    parser.add_argument(
        "--contexts",
        metavar="DIR",
        help="your own JSON-LD contexts: DIR/contexts.json maps each context URL to a file in DIR",
    )


def loader_from_args(args: argparse.Namespace) -> Any:
    """The document loader of ``--contexts DIR`` (``None``: the bundled contexts only)."""
    if not getattr(args, "contexts", None):
        return None
    from ..jsonld import StaticDocumentLoader

    try:
        return StaticDocumentLoader.from_contexts(args.contexts)
    except VclerError as e:
        raise CliError(f"--contexts: {e}") from e


def network_options(parser: argparse.ArgumentParser) -> None:
    """The options that allow network lookups (off by default)."""
    parser.add_argument(
        "--allow-network", action="store_true", help="resolve did:web and fetch https documents"
    )
    parser.add_argument(
        "--allow-private-hosts",
        action="store_true",
        help="with --allow-network: allow loopback and private addresses",
    )
    parser.add_argument("--ca-bundle", metavar="FILE", help="with --allow-network: trusted CAs")


def _parse_now(value: str | None) -> datetime | None:
    if value is None:
        return None
    if not is_date_time_stamp(value):
        raise CliError(f"--now {value!r} is not a date-time with a time zone (e.g. ...T00:00:00Z)")
    return parse_date_time(value)


def fetcher_from_args(args: argparse.Namespace) -> Any:
    """A fetcher when ``--allow-network`` was given, else ``None``."""
    if not args.allow_network:
        if args.allow_private_hosts or args.ca_bundle:
            raise CliError("--allow-private-hosts and --ca-bundle need --allow-network")
        return None
    from ..net import Fetcher, FetchPolicy

    return Fetcher(
        policy=FetchPolicy(allow_private_hosts=args.allow_private_hosts, ca_bundle=args.ca_bundle)
    )


def documents_from_args(args: argparse.Namespace) -> dict[str, Any]:
    """The documents of ``--documents DIR`` keyed by their top-level id."""
    if not args.documents:
        return {}
    from ..jsonld import StaticDocumentLoader

    try:
        loader = StaticDocumentLoader.from_directory(args.documents, bundled=False)
    except VclerError as e:
        raise CliError(f"--documents: {e}") from e
    return {url: loader[url] for url in loader}


def extra_documents(args: argparse.Namespace, documents: dict[str, Any]) -> dict[str, Any]:
    """``documents`` with each ``--document URL=FILE`` added under its URL."""
    for item in getattr(args, "document", []):
        url, sep, path = item.partition("=")
        if not sep or ":" not in url or not path:
            raise CliError(f"--document {item!r}: expected URL=FILE")
        documents[url] = read_json(path)
    return documents


def _status_list_issuers(values: list[str]) -> Any:
    if not values:
        return None
    if "any" in values:
        return "any"
    return frozenset(values)


def verifier_from_args(args: argparse.Namespace) -> Any:
    """A :class:`vcler.Verifier` configured by the command-line options."""
    from .._api import Verifier

    return Verifier(
        documents=extra_documents(args, documents_from_args(args)),
        loader=loader_from_args(args),
        now=_parse_now(args.now),
        fetcher=fetcher_from_args(args),
        strict=getattr(args, "strict", False),
        require_challenge=getattr(args, "require_challenge", False) or None,
        holder_binding=getattr(args, "holder_binding", None),
        issuer_proofs=getattr(args, "issuer_proofs", None),
        check_status=False if getattr(args, "no_status", False) else None,
        status_fail_closed=False if getattr(args, "status_fail_open", False) else None,
        status_list_issuers=_status_list_issuers(getattr(args, "status_list_issuer", [])),
        status_list_id_must_match=False if getattr(args, "status_list_any_url", False) else None,
    )


def _report(path: str, result: Any) -> str:
    lines = [f"{path}: {'verified' if result.verified else 'NOT VERIFIED'}"]
    for proof in result.proofs:
        name = proof.cryptosuite or proof.type or "proof"
        state = "ok" if proof.verified else "failed"
        lines.append(
            f"  proof {proof.pointer or '/proof'} ({name}, {proof.verification_method}): {state}"
        )
    for status in result.status:
        state = "ok" if status.verified else "failed"
        value = "" if status.value is None else f" = {status.value}"
        lines.append(
            f"  status {status.pointer or '/credentialStatus'} ({status.purpose}, "
            f"{status.list_url} #{status.index}{value}): {state}"
        )
    for index, nested in enumerate(result.credentials):
        lines.append(f"  credential {index}: {'verified' if nested.verified else 'NOT VERIFIED'}")
    for problem in result.problems:
        lines.append(f"  {problem.code} at {problem.pointer or '/'}: {problem.message}")
    for warning in result.warnings:
        lines.append(f"  warning {warning.code} at {warning.pointer or '/'}: {warning.message}")
    return "\n".join(lines)


def read_inputs(paths: Iterable[str], *, raw: bool = False) -> Iterator[tuple[str, Any]]:
    """Each input's name with its parsed JSON document (or envelope), or with the
    :class:`~vcler.errors.ParsingError` that kept it from being read; lazily, one at a time.
    ``raw``: each input is an envelope of a declared media type, taken as its text."""
    for path in paths:
        try:
            document = _read_token(path) if raw else read_document(path)
        except CliError as error:
            yield path, ParsingError(str(error))
        else:
            yield path, document


def _read_token(path: str) -> str:
    from ._common import read_input

    try:
        return read_input(path).decode("utf-8").strip()
    except UnicodeDecodeError as e:
        raise CliError(f"{path}: not text (a COSE_Sign1 file is read without --media-type)") from e


def verify_inputs(
    verifier: Any,
    inputs: Iterable[tuple[str, Any]],
    *,
    challenge: str | None = None,
    domain: str | None = None,
    media_type: str | None = None,
    recipient: str | None = None,
) -> Iterator[tuple[str, VerificationResult]]:
    """Each input's name with its verification result; an unreadable input's result carries
    its ``PARSING_ERROR``. Nothing is read before the previous result has been taken."""
    for name, document in inputs:
        if isinstance(document, ParsingError):
            yield name, VerificationResult.from_problems([document.to_problem()])
        else:
            yield (
                name,
                verifier.verify(
                    document,
                    challenge=challenge,
                    domain=domain,
                    media_type=media_type,
                    recipient=recipient,
                ),
            )


def _verify(args: argparse.Namespace) -> int:
    verifier = verifier_from_args(args)
    inputs = read_inputs(args.files, raw=bool(args.media_type))
    all_verified = True
    for path, result in verify_inputs(
        verifier,
        inputs,
        challenge=args.challenge,
        domain=args.domain,
        media_type=args.media_type,
        recipient=args.recipient,
    ):
        all_verified = all_verified and result.verified
        if args.json:
            line = json.dumps({"input": path, **result.to_json()}, ensure_ascii=False)
        else:
            line = _report(path, result)
        print(line, flush=True)  # each answer as soon as it is known
    return EXIT_OK if all_verified else EXIT_INVALID
