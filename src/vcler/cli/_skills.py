"""``vcler skills``: a learner's verified skills, and matching them against requirements.

``vcler skills profile FILE... [--crosswalk FILE] [--documents DIR] [--json]`` verifies each
credential or presentation with ``vcler.verify`` and prints the skills the verified ones show
(exit 1 when an input was rejected). ``vcler skills match FILE... --requirements REQ.json`` also
prints which requirements are met (exit 1 unless all are). ``--documents DIR`` serves every JSON
file in DIR to verification under its top-level ``id`` (status lists, DID documents...).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import VclerError
from ..results import VerificationResult
from ..skills import Crosswalk, SkillsProfile, associations_of, match, profile
from ..skills.profile import Evidence
from ._common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, CliError, read_json

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``skills profile`` and ``skills match``."""
    parser = subparsers.add_parser(
        "skills", help="skills shown by verified credentials, and matching them"
    )
    parser.set_defaults(handler=lambda args: _no_action(parser))
    actions = parser.add_subparsers(dest="skills_action", metavar="ACTION")

    profile_parser = actions.add_parser("profile", help="list the skills of verified credentials")
    _common_arguments(profile_parser)
    profile_parser.set_defaults(handler=_profile_command)

    match_parser = actions.add_parser("match", help="match verified skills against requirements")
    _common_arguments(match_parser)
    match_parser.add_argument(
        "--requirements",
        required=True,
        metavar="REQ.json",
        help='a JSON list of {"skill": URL, "level": optional} (or URLs)',
    )
    match_parser.set_defaults(handler=_match_command)


def _common_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="credentials or presentations")
    parser.add_argument("--crosswalk", metavar="FILE", help="CLR 2.0 Associations between skills")
    parser.add_argument(
        "--documents", metavar="DIR", help="JSON documents for verification, keyed by their id"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")


def _no_action(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return EXIT_USAGE


def _documents(directory: str) -> dict[str, Any]:
    root = Path(directory)
    if not root.is_dir():
        raise CliError(f"{directory} is not a directory")
    documents: dict[str, Any] = {}
    for path in sorted(root.glob("*.json")):
        document = read_json(str(path))
        if isinstance(document, dict) and isinstance(document.get("id"), str):
            documents[document["id"]] = document
    return documents


def _verifier(args: argparse.Namespace) -> Callable[[Any], VerificationResult]:
    from .. import verify  # imported here: the CLI must load without the whole engine

    documents = _documents(args.documents) if args.documents else None

    def call(document: Any) -> VerificationResult:
        if documents is None:
            result: VerificationResult = verify(document)
        else:
            result = verify(document, documents=documents)
        return result

    return call


def _crosswalk(path: str | None) -> Crosswalk:
    if path is None:
        return Crosswalk()
    try:
        return Crosswalk.from_associations(associations_of(read_json(path)))
    except VclerError as error:
        raise CliError(f"{path}: {error}") from error


def _profile(args: argparse.Namespace) -> SkillsProfile:
    documents = [read_json(path) for path in args.files]
    return profile(
        documents,
        verify=_verifier(args),
        crosswalk=_crosswalk(args.crosswalk),
        labels=list(args.files),
    )


def _describe(evidence: Evidence) -> str:
    parts = [evidence.achievement_name or evidence.achievement_id or "(achievement)"]
    if evidence.issuer:
        parts.append(f"issuer {evidence.issuer}")
    if evidence.date:
        parts.append(evidence.date)
    shown = evidence.to_json()
    if "result" in shown:
        parts.append(f"result {shown['result']}")
    if "level" in shown:
        parts.append(f"level {shown['level']}")
    if evidence.via:
        parts.append(f"via {evidence.via}")
    return ", ".join(parts)


def _print_profile(skills_profile: SkillsProfile) -> None:
    skills = skills_profile.skills()
    print(f"{len(skills)} skill(s)")
    for skill in skills:
        framework = f" [{skill.framework}]" if skill.framework else ""
        print(f"* {skill.name or skill.id}{framework}")
        print(f"    {skill.id}")
        for evidence in skill.evidence:
            print(f"    - {_describe(evidence)}")
    _print_rejected(skills_profile)


def _print_rejected(skills_profile: SkillsProfile) -> None:
    if not skills_profile.rejected:
        return
    print(f"{len(skills_profile.rejected)} input(s) rejected (not counted)")
    for rejected in skills_profile.rejected:
        print(f"! {rejected.input}")
        for problem in rejected.problems:
            print(f"    {problem.code} at {problem.pointer or '/'}: {problem.message}")


def _profile_command(args: argparse.Namespace) -> int:
    skills_profile = _profile(args)
    if args.json:
        print(json.dumps(skills_profile.to_json(), indent=2, ensure_ascii=False))
    else:
        _print_profile(skills_profile)
    return EXIT_INVALID if skills_profile.rejected else EXIT_OK


def _match_command(args: argparse.Namespace) -> int:
    requirements = read_json(args.requirements)
    if not isinstance(requirements, list):
        raise CliError(f"{args.requirements}: requirements must be a JSON list")
    skills_profile = _profile(args)
    try:
        result = match(skills_profile, requirements)
    except VclerError as error:
        raise CliError(f"{args.requirements}: {error}") from error
    if args.json:
        out = result.to_json()
        out["rejected"] = [r.to_json() for r in skills_profile.rejected]
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        total = len(result.met) + len(result.missing)
        print(f"coverage {len(result.met)}/{total} ({result.coverage:.0%})")
        for met in result.met:
            level = (
                f" at level {met.requirement.level}" if met.requirement.level is not None else ""
            )
            print(f"MET      {met.requirement.skill}{level}")
            for evidence in met.evidence:
                print(f"    - {_describe(evidence)}")
        for missing in result.missing:
            level = f" at level {missing.level}" if missing.level is not None else ""
            print(f"MISSING  {missing.skill}{level}")
        _print_rejected(skills_profile)
    return EXIT_OK if not result.missing else EXIT_INVALID
