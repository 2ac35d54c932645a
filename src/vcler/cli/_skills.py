"""``vcler skills``: a learner's verified skills, matching them, gaps, catalogs and exports.

``vcler skills profile FILE... [--crosswalk FILE] [--library FILE...] [--documents DIR]
[--json]`` verifies each credential or presentation with ``vcler.verify`` and prints the
skills the verified ones show (exit 1 when an input was rejected). ``vcler skills match
FILE... --requirements REQ.json`` also prints which requirements are met (exit 1 unless all
are); ``vcler skills gap ... --catalog CATALOG.json`` what is missing and which achievements of
the catalog bring it (exit 1 when the catalog cannot bring every missing skill).
``--documents DIR`` serves every JSON file in DIR to verification under its top-level ``id``
(status lists, DID documents, Open Badges 2.0 documents...); ``--library`` reads skills
frameworks (CASE, OSMT, Lightcast, CTDL-ASN; each recognised by content).
``vcler skills catalog CATALOG.csv --library ... -o ACHIEVEMENTS.json`` turns a spreadsheet of
courses and skill codes into OB 3.0 Achievements; ``vcler skills export FILE... --format
ler-rs`` writes the verified skills and achievements as an HR Open LER-RS document.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import VclerError
from ..results import VerificationResult
from ..skills import (
    Crosswalk,
    Library,
    SkillsProfile,
    associations_of,
    gap,
    match,
    profile,
)
from ..skills.profile import Evidence
from ._common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    CliError,
    read_document,
    read_input,
    read_json,
    write_json,
)

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
    _requirements_argument(
        match_parser, 'a JSON list of {"skill": URL, "level": optional} (or URLs)'
    )
    match_parser.set_defaults(handler=_match_command)

    gap_parser = actions.add_parser(
        "gap", help="the required skills missing, and catalog achievements that bring them"
    )
    _common_arguments(gap_parser)
    _requirements_argument(gap_parser, "as skills match takes")
    gap_parser.add_argument(
        "--catalog",
        required=True,
        metavar="CATALOG.json",
        help="a JSON list of OB 3.0 Achievements with alignments (courses, programs)",
    )
    gap_parser.set_defaults(handler=_gap_command)

    catalog_parser = actions.add_parser(
        "catalog", help="turn a CSV of courses and their skills into OB 3.0 Achievements"
    )
    catalog_parser.add_argument(
        "catalog", metavar="CATALOG.csv", help="header id,name,description,skills (';'-separated)"
    )
    _library_argument(catalog_parser, required=True)
    catalog_parser.add_argument("-o", "--output", metavar="FILE", help="default: stdout")
    catalog_parser.set_defaults(handler=_catalog_command)

    export_parser = actions.add_parser(
        "export", help="export verified skills and achievements (LER-RS for employers)"
    )
    _common_arguments(export_parser, json_option=False)
    export_parser.add_argument(
        "--format", required=True, choices=("ler-rs",), help="ler-rs: HR Open LER-RS 4.4 JSON"
    )
    export_parser.add_argument("--name", help="the learner's name (LER-RS person.name)")
    export_parser.add_argument("-o", "--output", metavar="FILE", help="default: stdout")
    export_parser.set_defaults(handler=_export_command)


def _common_arguments(parser: argparse.ArgumentParser, *, json_option: bool = True) -> None:
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="credentials, presentations, baked badges"
    )
    parser.add_argument("--crosswalk", metavar="FILE", help="CLR 2.0 Associations between skills")
    _library_argument(parser)
    parser.add_argument(
        "--documents", metavar="DIR", help="JSON documents for verification, keyed by their id"
    )
    parser.add_argument(
        "--recipient", metavar="EMAIL", help="Open Badges 2.0: the learner's email (hashed ids)"
    )
    if json_option:
        parser.add_argument("--json", action="store_true", help="print JSON")


def _requirements_argument(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument("--requirements", required=True, metavar="REQ.json", help=help)


def _library_argument(parser: argparse.ArgumentParser, *, required: bool = False) -> None:
    parser.add_argument(
        "--library",
        nargs="+",
        action="extend",
        default=[],
        required=required,
        metavar="FILE",
        help="skills frameworks: CASE CFPackage, OSMT RSD collection, Lightcast skills list, "
        "CTDL-ASN graph (recognised by content)",
    )


def _library(args: argparse.Namespace) -> Library | None:
    if not args.library:
        return None
    try:
        return Library.from_files(*args.library)
    except VclerError as error:
        raise CliError(f"--library: {error}") from error


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
    recipient = getattr(args, "recipient", None)
    options: dict[str, Any] = {} if recipient is None else {"recipient": recipient}

    def call(document: Any) -> VerificationResult:
        if documents is None:
            result: VerificationResult = verify(document, **options)
        else:
            result = verify(document, documents=documents, **options)
        return result

    return call


def _crosswalk(path: str | None) -> Crosswalk:
    if path is None:
        return Crosswalk()
    try:
        return Crosswalk.from_associations(associations_of(read_json(path)))
    except VclerError as error:
        raise CliError(f"{path}: {error}") from error


def _profile(args: argparse.Namespace, library: Library | None = None) -> SkillsProfile:
    documents = [read_document(path) for path in args.files]
    return profile(
        documents,
        verify=_verifier(args),
        crosswalk=_crosswalk(args.crosswalk),
        labels=list(args.files),
        library=library,
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
    skills_profile = _profile(args, _library(args))
    if args.json:
        print(json.dumps(skills_profile.to_json(), indent=2, ensure_ascii=False))
    else:
        _print_profile(skills_profile)
    return EXIT_INVALID if skills_profile.rejected else EXIT_OK


def _match_command(args: argparse.Namespace) -> int:
    requirements = _requirements(args.requirements)
    library = _library(args)
    skills_profile = _profile(args, library)
    try:
        result = match(skills_profile, requirements, library=library)
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


def _requirements(path: str) -> list[Any]:
    requirements = read_json(path)
    if not isinstance(requirements, list):
        raise CliError(f"{path}: requirements must be a JSON list")
    return requirements


def _gap_command(args: argparse.Namespace) -> int:
    requirements = _requirements(args.requirements)
    catalog = read_json(args.catalog)
    if not isinstance(catalog, list):
        raise CliError(f"{args.catalog}: a catalog is a JSON list of OB 3.0 Achievements")
    library = _library(args)
    skills_profile = _profile(args, library)
    try:
        result = gap(skills_profile, requirements, catalog, library=library)
    except VclerError as error:
        raise CliError(str(error)) from error
    if args.json:
        out = result.to_json()
        out["rejected"] = [r.to_json() for r in skills_profile.rejected]
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        print(f"{len(result.missing)} required skill(s) missing")
        for missing in result.missing:
            level = f" at level {missing.level}" if missing.level is not None else ""
            print(f"MISSING  {missing.skill}{level}")
        if result.pathway:
            print(f"pathway: {len(result.pathway)} achievement(s) (greedy set cover)")
        for step in result.pathway:
            print(f"TAKE     {step.name or step.achievement} ({step.achievement})")
            for skill in step.skills:
                print(f"    brings {skill}")
        for uncovered in result.uncovered:
            print(f"NO COURSE {uncovered.skill}")
        _print_rejected(skills_profile)
    # The adviser's question is answered when the catalog brings every missing skill.
    return EXIT_OK if not result.uncovered else EXIT_INVALID


def _catalog_command(args: argparse.Namespace) -> int:
    from ..skills.catalog import achievements_from_csv

    try:
        text = read_input(args.catalog).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CliError(f"{args.catalog}: not UTF-8 text") from error
    library = _library(args)
    try:
        achievements = achievements_from_csv(text, library=library or Library())
    except VclerError as error:
        raise CliError(f"{args.catalog} {error}") from error
    write_json(achievements, args.output)
    return EXIT_OK


def _export_command(args: argparse.Namespace) -> int:
    from ..skills.ler_rs import ler_rs_document

    library = _library(args)
    skills_profile = _profile(args, library)
    write_json(ler_rs_document(skills_profile, name=args.name), args.output)
    _print_rejected_to_stderr(skills_profile)
    return EXIT_INVALID if skills_profile.rejected else EXIT_OK


def _print_rejected_to_stderr(skills_profile: SkillsProfile) -> None:
    import sys

    for rejected in skills_profile.rejected:
        codes = ", ".join(problem.code for problem in rejected.problems)
        print(f"vcler: {rejected.input} not verified, not exported ({codes})", file=sys.stderr)
