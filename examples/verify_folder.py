"""Verify every credential in a folder: a progress bar while it works, a summary table after.

::

    python examples/verify_folder.py CREDENTIALS_DIR [--documents DIR] [--now 2025-01-01T00:00:00Z]

Every ``*.json`` file of the folder is verified offline with one :class:`vcler.Verifier`
(``--documents`` supplies DID documents and status lists by id). The progress bar goes to
standard error, the table to standard output; the exit code is 0 when every file verified,
1 otherwise. Plain standard library: no progress-bar package needed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

import vcler


@dataclass
class Row:
    """One file's outcome."""

    file: str
    verified: bool
    issuer: str
    problems: list[str]


def progress(done: int, total: int, *, stream: TextIO, width: int = 30) -> None:
    """Draw ``[#####.....] done/total`` over the previous bar."""
    filled = width * done // total if total else width
    stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done == total:
        stream.write("\n")
    stream.flush()


def load_documents(folder: Path | None) -> dict[str, Any]:
    """The JSON documents of ``folder`` keyed by their ``id``."""
    documents: dict[str, Any] = {}
    for path in sorted(folder.glob("*.json")) if folder else []:
        document = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(document, dict) and isinstance(document.get("id"), str):
            documents[document["id"]] = document
    return documents


def verify_file(path: Path, verifier: vcler.Verifier) -> Row:
    """Verify one file; an unreadable file is a row with a PARSING_ERROR, not a crash."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        return Row(path.name, False, "?", [f"PARSING_ERROR: {e}"])
    result = verifier.verify(document)
    issuer = document.get("issuer", "?") if isinstance(document, dict) else "?"
    if isinstance(issuer, dict):
        issuer = issuer.get("id", "?")
    return Row(path.name, result.verified, str(issuer), sorted({p.code for p in result.problems}))


def table(rows: list[Row]) -> str:
    """The summary: one line per file, then the counts of each problem code."""
    headers = ("FILE", "RESULT", "ISSUER", "PROBLEMS")
    lines = [
        (r.file, "ok" if r.verified else "FAILED", _short(r.issuer), ", ".join(r.problems) or "-")
        for r in rows
    ]
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(headers)]
    out = [_line(headers, widths), _line(tuple("-" * w for w in widths), widths)]
    out += [_line(line, widths) for line in lines]
    verified = sum(r.verified for r in rows)
    out.append(f"\n{verified} verified, {len(rows) - verified} failed, {len(rows)} total")
    codes = Counter(code for r in rows for code in r.problems)
    out += [f"  {count:4}  {code}" for code, count in sorted(codes.items())]
    return "\n".join(out)


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _line(cells: tuple[str, ...], widths: list[int]) -> str:
    return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder of credentials (*.json)")
    parser.add_argument("--documents", type=Path, help="folder of supplied documents")
    parser.add_argument("--now", help="verify as of this ISO 8601 time (default: now)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    now = datetime.fromisoformat(args.now.replace("Z", "+00:00")) if args.now else None
    verifier = vcler.Verifier(documents=load_documents(args.documents), now=now)
    files = sorted(args.folder.glob("*.json"))
    rows = []
    for done, path in enumerate(files, start=1):
        rows.append(verify_file(path, verifier))
        if not args.no_progress:
            progress(done, len(files), stream=sys.stderr)
    print(table(rows))
    return 0 if all(r.verified for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
