"""``vcler conformance jose-cose issue|verify``: the driver of W3C's vc-jose-cose-test-suite.

The suite runs, for each test, ``<issue|verify> --input FILE --key VM.json --feature FEATURE
[--sd JSON] --output FILE`` and reads ``{"result": "success|failure|indeterminate|error",
"data": "..."}`` from the output file. ``VM.json`` is a ``JsonWebKey`` verification method with
``publicKeyJwk`` (and ``secretKeyJwk`` to issue).

- ``issue`` validates the input credential or presentation as vcler's issuing does, and
  secures it as the feature says (``*_jose``: ``vc+jwt``/``vp+jwt``; ``*_sdjwt``: SD-JWT with
  the ``--sd`` paths disclosable; ``*_cose``: COSE_Sign1 as base64), signed with the key's
  ``secretKeyJwk`` and its ``id`` as ``kid``. ``data`` is the token.
- ``verify`` verifies the token with the key given (the suite's trust anchor: it publishes no
  controller documents) as the feature's media type: signature, algorithm, ``typ``/``cty``,
  claims, and the data model of what it secures (without JSON-LD processing, which
  VC-JOSE-COSE does not ask for: the suite's ``presentation-multiple`` wraps base64 inside a
  ``data:`` URL, which a URL parser reads but JSON-LD would not take for an IRI; issuing
  checks the same way). A presentation's credentials must be
  ``EnvelopedVerifiableCredential`` objects holding a ``data:`` URL of a credential media type
  (the suite's statements 7, 8, 13, 14, 20, 21); the suite does not give their issuers' keys,
  so their signatures are not checked here (``vcler verify`` checks them). The clock is the
  token's ``iat`` when it is a NumericDate (the suite's tokens carry a one-day ``exp`` from
  2024), else now; ``--now`` sets it. ``data`` is the verified document, or the problems.

Exit code 0 whenever the output file was written; 2 for usage errors.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .. import codes
from .._datetime import parse_date_time
from ..errors import VclerError
from ._common import EXIT_OK, CliError, read_input, read_json

__all__ = ["FEATURES", "register"]

#: The suite's features: (credential or presentation, vcler's format).
FEATURES: dict[str, tuple[str, str]] = {
    "credential_jose": ("credential", "jwt"),
    "credential_cose": ("credential", "cose"),
    "credential_sdjwt": ("credential", "sd-jwt"),
    "presentation_jose": ("presentation", "jwt"),
    "presentation_cose": ("presentation", "cose"),
    "presentation_sdjwt": ("presentation", "sd-jwt"),
}
_MEDIA_TYPES = {"jwt": "+jwt", "sd-jwt": "+sd-jwt", "cose": "+cose"}


def register(subparsers: Any) -> None:
    """Add ``jose-cose issue`` and ``jose-cose verify``."""
    parser = subparsers.add_parser(
        "jose-cose",
        help="W3C vc-jose-cose-test-suite driver",
        description="Issue or verify as W3C's vc-jose-cose-test-suite asks.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    for action in ("issue", "verify"):
        sub = actions.add_parser(action, help=f"{action} one test input")
        sub.add_argument("--input", metavar="FILE", required=True, help="the test input")
        sub.add_argument(
            "--key", metavar="VM.json", required=True, help="a JsonWebKey verification method"
        )
        sub.add_argument("--feature", required=True, choices=sorted(FEATURES))
        sub.add_argument("--output", metavar="FILE", required=True, help="the result file")
        if action == "issue":
            sub.add_argument("--sd", metavar="JSON", help="SD-JWT: JSON array of paths to disclose")
        else:
            sub.add_argument("--now", metavar="ISO", help="verify as of this time")
        sub.set_defaults(handler=_issue if action == "issue" else _verify)


def _write(path: str, result: str, data: str) -> int:
    try:
        Path(path).write_text(json.dumps({"result": result, "data": data}) + "\n", "utf-8")
    except OSError as e:
        raise CliError(f"cannot write {path}: {e.strerror or e}") from e
    return EXIT_OK


def _method(path: str) -> dict[str, Any]:
    method = read_json(path)
    if not isinstance(method, dict) or not isinstance(method.get("id"), str):
        raise CliError(f"{path}: not a verification method")
    return method


def _issue(args: argparse.Namespace) -> int:

    from ..keys import KeyPair

    kind, format = FEATURES[args.feature]
    method = _method(args.key)
    disclose: list[str] = []
    if args.sd:
        try:
            disclose = json.loads(args.sd)
        except ValueError as e:
            raise CliError(f"--sd is not JSON: {e}") from e
        if not isinstance(disclose, list) or not all(isinstance(p, str) for p in disclose):
            raise CliError("--sd is a JSON array of paths")
    try:
        signer = KeyPair.from_jwk(
            method.get("secretKeyJwk") or {}, id=method["id"], controller=method.get("controller")
        )
        document = read_json(args.input)
        if not isinstance(document, dict):
            return _write(args.output, "failure", "the input is not a JSON object")
        presentation = "VerifiablePresentation" in _types(document)
        if presentation != (kind == "presentation"):
            return _write(args.output, "failure", f"the input is not a {kind}")
        token = _secure(document, signer=signer, format=format, disclose=disclose)
    except VclerError as e:
        return _write(args.output, "failure", str(e))
    return _write(args.output, "success", token)


def _types(document: dict[str, Any]) -> list[Any]:
    kinds = document.get("type")
    return kinds if isinstance(kinds, list) else [kinds]


def _secure(document: dict[str, Any], *, signer: Any, format: str, disclose: list[str]) -> str:
    """The input as given (a presentation's credentials already enveloped), validated and
    secured. The controller check of ``vcler issue`` is left out: the suite signs documents
    with keys of other controllers (test 27: https://example.issuer's credential with
    did:example's key), and it is vcler's own refusal, not the specification's."""
    from .. import _enveloping
    from .._inputs import validate_document
    from ..errors import ValidationError

    problems = validate_document(document, loader=None, jsonld=False)
    if problems:
        raise ValidationError("refused: it breaks the data model", problems)
    return _enveloping.secure_document(document, signer=signer, format=format, disclose=disclose)


def _verify(args: argparse.Namespace) -> int:
    from ..jose import FoundKey, Options, open_envelope
    from ..jose.methods import key_of_method

    kind, format = FEATURES[args.feature]
    method = {k: v for k, v in _method(args.key).items() if k != "secretKeyJwk"}
    data = read_input(args.input)
    text = data.decode("utf-8", "replace").strip()
    if text.startswith("{"):
        return _write(args.output, "failure", "an unsecured document: nothing protects it")
    media_type = "application/" + ("vp" if kind == "presentation" else "vc") + _MEDIA_TYPES[format]
    now = _clock(args.now, text)
    try:
        key = key_of_method(method, now=now)
    except VclerError as e:
        raise CliError(f"{args.key}: {e}") from e
    found = FoundKey(key, method["id"], method.get("controller"))
    options = Options(find_key=lambda request: found, now=now)
    opened = open_envelope(text, options=options, media_type=media_type)
    problems = list(opened.proof.problems)
    if opened.document is not None:
        problems += _document_problems(opened.document, presentation=kind == "presentation")
    if problems:
        return _write(
            args.output,
            "failure",
            "; ".join(f"{p.code} {p.pointer}: {p.message}" for p in problems),
        )
    return _write(args.output, "success", json.dumps(opened.document))


def _document_problems(document: dict[str, Any], *, presentation: bool) -> list[Any]:
    """The data model of what the token secures; a presentation's credentials enveloped."""
    from .._envelopes import envelope_kind_problem
    from .._inputs import check_document
    from ..jose import MEDIA_TYPES, JoseError, open_data_url
    from ..problems import Problem, json_pointer

    problems = list(check_document(document, loader=None, jsonld=False).problems)
    if not presentation:
        return problems
    items = document.get("verifiableCredential", [])
    for index, item in enumerate(items if isinstance(items, list) else [items]):
        pointer = json_pointer("verifiableCredential", index)
        if not isinstance(item, dict) or "EnvelopedVerifiableCredential" not in _types(item):
            problems.append(
                Problem(codes.MALFORMED_ENVELOPE, "not an enveloped credential", pointer)
            )
            continue
        try:
            media_type, _ = open_data_url(item.get("id"))
        except JoseError as e:
            problems.append(e.to_problem().under(pointer))
            continue
        mismatch = envelope_kind_problem(item, media_type)
        if mismatch is not None:
            problems.append(mismatch.under(pointer))
        elif media_type not in MEDIA_TYPES:
            problems.append(
                Problem(codes.UNSUPPORTED_ENVELOPE, f"{media_type!r} secures nothing", pointer)
            )
    return problems


def _clock(now: str | None, text: str) -> datetime:
    """``--now``, else the token's ``iat`` when it is a NumericDate, else now."""
    if now is not None:
        moment = parse_date_time(now)
        if moment is None:
            raise CliError(f"--now {now!r} is not an ISO date-time")
        return moment
    from ..jose.envelopes import peek

    _, claims = peek(text)
    issued = claims.get("iat") if claims is not None else None
    if isinstance(issued, int) and not isinstance(issued, bool):
        return datetime.fromtimestamp(issued, timezone.utc)
    return datetime.now(timezone.utc)
