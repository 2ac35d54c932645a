"""``vcler verify``: verify credentials and presentations.

Inputs are JSON, envelopes (JWT, SD-JWT, COSE), Open Badges 2.0 assertions (hosted JSON or a
signed JWS; ``--recipient EMAIL`` checks their hashed recipient) and baked badge images (PNG,
SVG). Every input gets its own answer, in order, as soon as it is verified: inputs (files,
folders, NDJSON; see :mod:`vcler.cli._batch`) are read as they are verified
(:func:`read_inputs` feeding :func:`verify_inputs`: in this process, or on ``--jobs`` worker
processes, or on a Dask cluster with ``--scheduler``), and an input that cannot be read or
parsed is answered with a ``PARSING_ERROR`` result instead of stopping the batch. Exit codes:
0 every input verified; 1 any input did not, or could not be read; 2 usage errors only. With
``--json`` one object per input per line: ``{"input", "verified", "problems", "proofs",
"warnings"}``; without it, a readable report. ``--output FILE`` writes the JSON lines there
instead. After more than one input, a summary (a table, or JSON with ``--json``) is printed
where the answers are not: on standard error, or on standard output when they go to
``--output``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from .._datetime import is_date_time_stamp, parse_date_time
from .._json import JSON_ESCAPE
from ..errors import VclerError
from ..results import VerificationResult
from . import _batch
from ._common import EXIT_INVALID, EXIT_OK, CliError, read_json

__all__ = [
    "batch_options",
    "contexts_option",
    "jobs_from_args",
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
    parser.add_argument(
        "files",
        metavar="FILE",
        nargs="+",
        help="credential or presentation, folder (read recursively), NDJSON file, or '-' "
        "(standard input: NDJSON or one document)",
    )
    parser.add_argument("--json", action="store_true", help="one JSON result per input per line")
    parser.add_argument(
        "--output",
        metavar="FILE",
        help="write the results there as NDJSON (one --json line per input) instead",
    )
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
    batch_options(parser)
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="verify on the Dask cluster of this scheduler (tcp://HOST:PORT; the dask extra)",
    )
    parser.set_defaults(handler=_verify)


def batch_options(parser: argparse.ArgumentParser) -> None:
    """``--jobs`` and ``--no-progress``."""
    parser.add_argument(
        "--jobs",
        metavar="N",
        type=int,
        default=1,
        help="worker processes (default 1: this process; 0: every available core)",
    )
    parser.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress bar (it is drawn on a terminal only)",
    )


def jobs_from_args(args: argparse.Namespace) -> int:
    """The number of worker processes ``--jobs`` asks for."""
    if args.jobs < 0:
        raise CliError(f"--jobs {args.jobs}: a number of worker processes, or 0 for every core")
    if args.jobs == 0:
        from .._batch import available_cores

        return available_cores()
    return int(args.jobs)


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
    :class:`~vcler.errors.ParsingError` that kept it from being read; lazily, one at a time
    (folders and NDJSON expanded: see :func:`vcler.cli._batch.read_inputs`). ``raw``: each
    input is an envelope of a declared media type, taken as its text."""
    return _batch.read_inputs(paths, raw=raw)


def verify_inputs(
    verifier: Any,
    inputs: Iterable[tuple[str, Any]],
    *,
    challenge: str | None = None,
    domain: str | None = None,
    jobs: int = 1,
    client: Any = None,
    then: Callable[[VerificationResult], Any] | None = None,
    media_type: str | None = None,
    recipient: str | None = None,
) -> Iterator[tuple[str, Any]]:
    """Each input's name with its verification result (or what ``then``, a picklable
    function, makes of it where it is made); an unreadable input's result carries its
    ``PARSING_ERROR``. With one job, nothing is read before the previous result has been
    taken; with more (worker processes under ``verifier``'s context), or a Dask ``client``,
    inputs are read as far as the work in flight."""
    from .._batch import Call, verify_item

    call = Call(challenge, domain, media_type, recipient)
    if jobs == 1 and client is None:
        for name, document in inputs:  # a document, its bytes, or why it could not be read
            result = verify_item(verifier, document, call)
            yield name, result if then is None else then(result)
        return
    names: deque[str] = deque()

    def documents() -> Iterator[Any]:
        for name, document in inputs:
            names.append(name)
            yield document

    results: Iterator[Any]
    if client is not None:
        from ..dask import verify_many as on_cluster

        results = on_cluster(
            client, documents(), context=verifier.context, then=then, **call._asdict()
        )
        for result in results:
            yield names.popleft(), result
        return
    from .._batch import VerifierPool

    with VerifierPool(verifier.context, jobs=jobs) as pool:
        if then is None:
            results = pool.verify_many(documents(), **call._asdict())
        else:
            results = pool.verify_many(documents(), then=then, **call._asdict())
        for result in results:
            yield names.popleft(), result


def _verify(args: argparse.Namespace) -> int:
    verifier = verifier_from_args(args)
    jobs = jobs_from_args(args)
    if args.scheduler and args.jobs != 1:
        raise CliError("--jobs and --scheduler: with a scheduler, the cluster's workers verify")
    show = not args.no_progress and sys.stderr.isatty()
    total = _batch.count_inputs(args.files) if show else None
    summary = _batch.Summary()
    # With JSON answers, each is made where its result is (by a worker): only it comes back.
    then = _batch.answer_of if args.json or args.output else None
    with (
        _cluster(args.scheduler) as client,
        _answers(args) as answer,
        _batch.progress("verifying", total=total, show=show) as advance,
    ):
        inputs = _batch.read_inputs(args.files, parse=False, raw=bool(args.media_type))
        for path, result in verify_inputs(
            verifier,
            inputs,
            challenge=args.challenge,
            domain=args.domain,
            jobs=jobs,
            client=client,
            then=then,
            media_type=args.media_type,
            recipient=args.recipient,
        ):
            summary.add(result if then else _batch.answer_of(result, with_json=False))
            answer(path, result)
            advance()
    if summary.inputs > 1 or args.output:
        where = sys.stdout if args.output else sys.stderr
        if args.json:
            print(json.dumps({"summary": summary.to_json()}), file=where, flush=True)
        else:
            summary.print(where)
    return EXIT_OK if summary.verified == summary.inputs else EXIT_INVALID


@contextlib.contextmanager
def _answers(args: argparse.Namespace) -> Iterator[Callable[[str, Any], None]]:
    """Where each input's answer goes: standard output (a report of the result, or the JSON
    line of its :class:`~vcler.cli._batch.Answer` with ``--json``), or ``--output FILE``
    (JSON lines)."""
    if not args.output:

        def show(path: str, found: Any) -> None:
            print(found.line(path) if args.json else _report(path, found), flush=True)

        yield show
        return
    try:
        output = Path(args.output).open("w", encoding="utf-8", errors=JSON_ESCAPE)  # noqa: SIM115
    except OSError as e:
        raise CliError(f"cannot write {args.output}: {e.strerror or e}") from e
    with output:

        def write(path: str, found: Any) -> None:
            output.write(found.line(path) + "\n")

        yield write


@contextlib.contextmanager
def _cluster(address: str | None) -> Iterator[Any]:
    """A client of the Dask scheduler at ``address`` (``None``: no cluster)."""
    if not address:
        yield None
        return
    try:
        from ..dask import connect
    except ImportError as e:
        raise CliError(f"--scheduler needs the dask extra: pip install 'vcler[dask]' ({e})") from e
    try:
        client = connect(address)
    except VclerError as e:
        raise CliError(f"--scheduler: {e}") from e
    with client:
        yield client
