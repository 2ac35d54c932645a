"""Refresh the published vectors from their staging folder, or check them.

    python vectors/refresh.py [--from DIR]   copy every folder of DIR into vectors/ and rewrite
                                             each folder's SHA256SUMS
    python vectors/refresh.py --check        verify every SHA256SUMS in vectors/ (exit 1 if
                                             a file differs, is missing or is not listed)
    python vectors/refresh.py --rehash       rewrite every SHA256SUMS from vectors/ as it is
                                             (after editing a README's vcler section)

The staging folder (by default ``../shared/vectors`` beside the project root) holds one folder
per source. Each is copied byte for byte, and files the source no longer has are removed. The
exception is the folder's README.md: the staging README is copied, and the section that
starts with ``## In vcler's repository`` is kept from the repository's README and appended,
so what vcler adds about a folder survives a refresh. Folders of vectors/ that the staging
folder does not have (vcler's own vectors, which have no SHA256SUMS) are left alone.

Standard library only, so it runs before vcler is installed.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = HERE.parent.parent / "shared" / "vectors"
MANIFEST = "SHA256SUMS"
README = "README.md"
VCLER_SECTION = "## In vcler's repository"


def sha256_file(path: Path) -> str:
    """The hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_files(folder: Path) -> list[str]:
    """Every file in ``folder`` (recursively) as a POSIX relative path, sorted, manifest aside."""
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and path.relative_to(folder).as_posix() != MANIFEST
    )


def manifest_text(folder: Path) -> str:
    """SHA256SUMS for ``folder``: ``<sha256>  <path>`` per file, as ``sha256sum -c`` reads it."""
    return "".join(f"{sha256_file(folder / name)}  {name}\n" for name in folder_files(folder))


def read_manifest(path: Path) -> dict[str, str]:
    """A SHA256SUMS file as {relative path: sha256}."""
    entries = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        entries[name] = digest
    return entries


def check_folder(folder: Path) -> list[str]:
    """What is wrong with ``folder`` against its SHA256SUMS: one line per problem."""
    listed = read_manifest(folder / MANIFEST)
    present = set(folder_files(folder))
    problems = []
    for name in sorted(present | set(listed)):
        if name not in present:
            problems.append(f"{folder.name}/{name}: listed in {MANIFEST} but missing")
        elif name not in listed:
            problems.append(f"{folder.name}/{name}: not listed in {MANIFEST}")
        elif sha256_file(folder / name) != listed[name]:
            problems.append(f"{folder.name}/{name}: sha256 differs from {MANIFEST}")
    return problems


def published_folders(root: Path) -> list[Path]:
    """The folders of ``root`` that have a SHA256SUMS (the published vectors)."""
    return sorted(path.parent for path in root.glob(f"*/{MANIFEST}"))


def vcler_section(readme: Path) -> str:
    """The ``## In vcler's repository`` section of a README (to its end), or ''."""
    if not readme.is_file():
        return ""
    text = readme.read_text(encoding="utf-8")
    start = text.find("\n" + VCLER_SECTION + "\n")
    return text[start + 1 :] if start >= 0 else ""


def refresh_folder(source: Path, target: Path) -> None:
    """Make ``target`` a copy of ``source`` (README section kept) and rewrite its SHA256SUMS."""
    section = vcler_section(target / README)
    wanted = set(folder_files(source))
    if target.is_dir():
        for name in folder_files(target):
            if name not in wanted:
                (target / name).unlink()
    for name in sorted(wanted):
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, destination)
    for directory in sorted(target.rglob("*"), reverse=True):
        if directory.is_dir() and not any(directory.iterdir()):
            directory.rmdir()
    if section:
        upstream = (source / README).read_text(encoding="utf-8").rstrip("\n")
        (target / README).write_bytes(f"{upstream}\n\n{section}".encode())
    else:
        print(f"{target.name}: no '{VCLER_SECTION}' section in README.md yet; add one")
    (target / MANIFEST).write_bytes(manifest_text(target).encode())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--from",
        dest="source",
        type=Path,
        default=DEFAULT_SOURCE,
        help="the staging folder (default: ../shared/vectors)",
    )
    parser.add_argument("--check", action="store_true", help="only verify every SHA256SUMS")
    parser.add_argument("--rehash", action="store_true", help="rewrite every SHA256SUMS")
    args = parser.parse_args(argv)
    if args.rehash:
        for folder in published_folders(HERE):
            (folder / MANIFEST).write_bytes(manifest_text(folder).encode())
    elif not args.check:
        if not args.source.is_dir():
            print(f"no staging folder at {args.source}", file=sys.stderr)
            return 2
        for source in sorted(path for path in args.source.iterdir() if path.is_dir()):
            refresh_folder(source, HERE / source.name)
            print(f"refreshed {source.name}/")
    problems = [problem for folder in published_folders(HERE) for problem in check_folder(folder)]
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
