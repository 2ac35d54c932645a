"""What the batch commands share: many inputs, a progress bar, a summary.

An input is a file (a credential, a presentation, an envelope), a folder (every ``*.json``,
``*.jsonld``, ``*.jwt``, ``*.sd-jwt``, ``*.cose``, ``*.ndjson`` and ``*.jsonl`` file below
it, in path order, hidden ones skipped), an NDJSON file (``*.ndjson``, ``*.jsonl``: one
input per line, named ``FILE:LINE``) or ``-``, standard input: NDJSON (``-:LINE``) when its
first line is a whole document and more follow, else one document (``-``). Everything is
read as it is needed: a batch is never held in memory.

The progress bar (rate and time left, on standard error) is drawn only on a terminal; the
summary and the bar use ``rich``.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .. import codes
from .._batch import Named
from .._inputs import parse_document
from .._json import MAX_BYTES
from ..errors import ParsingError, VclerError
from ..results import VerificationResult
from ._common import CliError, read_document, read_input

__all__ = [
    "LINES_SUFFIXES",
    "READ_SUFFIXES",
    "Answer",
    "Summary",
    "answer_of",
    "count_inputs",
    "expand",
    "progress",
    "read_inputs",
    "token",
]

#: Files of a folder that are read.
READ_SUFFIXES = (".json", ".jsonld", ".jwt", ".sd-jwt", ".cose", ".ndjson", ".jsonl")
#: Files read as one input per line.
LINES_SUFFIXES = (".ndjson", ".jsonl")


def expand(paths: Iterable[str]) -> Iterator[str]:
    """``paths`` with each folder replaced by the files below it that are read (one folder
    listing at a time, in name order)."""
    for path in paths:
        if path != "-" and os.path.isdir(path):
            yield from _walk(path)
        else:
            yield path


def _walk(folder: str) -> Iterator[str]:
    """The files read below ``folder``, in path order (one folder listing at a time)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry.path)
        elif entry.name.lower().endswith(READ_SUFFIXES):
            yield entry.path


def read_inputs(
    paths: Iterable[str], *, parse: bool = True, raw: bool = False
) -> Iterator[tuple[str, Any]]:
    """Each input's name with its parsed document (JSON, or an envelope), or with the
    :class:`~vcler.errors.ParsingError` that kept it from being read; lazily, one at a time.

    With ``parse=False`` a document is given as its bytes (:class:`vcler._batch.Named`), to be
    parsed where it is verified or signed, in a worker process: parsing here would hold up
    the process that feeds the workers. With ``raw`` each input is an envelope of a declared
    media type (``--media-type``), given as its text.
    """
    for path in expand(paths):
        if path == "-":
            yield from _stdin(parse, raw)
        elif path.lower().endswith(LINES_SUFFIXES):
            yield from _lines_of(path, parse, raw)
        else:
            try:
                if raw:
                    yield path, token(path, read_input(path))
                else:
                    yield path, read_document(path) if parse else Named(read_input(path), path)
            except CliError as error:
                yield path, ParsingError(str(error))


def token(name: str, data: bytes) -> str:
    """``data`` as the text of an envelope whose media type is declared; :class:`CliError`
    when it is no text."""
    try:
        return data.decode("utf-8").strip()
    except UnicodeDecodeError as e:
        raise CliError(f"{name}: not text (a COSE_Sign1 file is read without --media-type)") from e


def _lines_of(path: str, parse: bool, raw: bool = False) -> Iterator[tuple[str, Any]]:
    try:
        stream = Path(path).open("rb")  # noqa: SIM115 - closed below, read lazily
    except OSError as e:
        yield path, ParsingError(f"cannot read {path}: {e.strerror or e}")
        return
    with stream:
        for number, line in _lines(stream):
            yield f"{path}:{number}", _parsed(f"{path}:{number}", line, parse, raw)


def _stdin(parse: bool, raw: bool = False) -> Iterator[tuple[str, Any]]:
    """Standard input: NDJSON when its first line is a whole document and another follows,
    else one document (with ``raw``: one envelope per line, or the whole input if one)."""
    if raw:
        yield from _stdin_tokens()
        return
    lines = _lines(sys.stdin.buffer)
    first = next(lines, None)
    if first is None:
        yield "-", _parsed("-", b"", parse)
        return
    number, line = first
    if isinstance(line, ParsingError):
        yield "-", _parsed("-", line, parse)
        return
    try:
        document = parse_document(line)
    except VclerError:
        # One document over several lines: all of standard input (blank lines kept).
        head = b"\n" * (number - 1) + line
        rest = sys.stdin.buffer.read(max(0, MAX_BYTES + 1 - len(head)))
        yield "-", _parsed("-", head + rest, parse)
        return
    second = next(lines, None)
    if second is None:
        yield "-", document if parse else Named(line, "-")
        return
    yield f"-:{number}", document if parse else Named(line, f"-:{number}")
    for number, line in itertools.chain([second], lines):
        yield f"-:{number}", _parsed(f"-:{number}", line, parse)


def _stdin_tokens() -> Iterator[tuple[str, Any]]:
    lines = _lines(sys.stdin.buffer)
    first = next(lines, None)
    second = next(lines, None)
    if first is None or second is None:
        yield "-", _parsed("-", b"" if first is None else first[1], False, True)
        return
    for number, line in itertools.chain([first, second], lines):
        yield f"-:{number}", _parsed(f"-:{number}", line, False, True)


def _parsed(name: str, line: bytes | ParsingError, parse: bool, raw: bool = False) -> Any:
    if isinstance(line, ParsingError):
        return ParsingError(f"{name}: {line.message}")
    if raw:
        try:
            return token(name, line)
        except CliError as error:
            return ParsingError(str(error))
    if not parse:
        return Named(line, name)
    try:
        return parse_document(line)
    except VclerError as e:
        return ParsingError(f"{name}: {e}")


def _lines(stream: IO[bytes]) -> Iterator[tuple[int, bytes | ParsingError]]:
    """The non-blank lines of ``stream`` with their numbers; a line longer than
    :data:`vcler._json.MAX_BYTES` is a :class:`ParsingError`, never read whole."""
    number = 0
    while True:
        line = stream.readline(MAX_BYTES + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(1 << 20)
            yield number, ParsingError(f"longer than {MAX_BYTES} bytes")
        elif line.strip():
            yield number, line


def count_inputs(paths: Iterable[str]) -> int | None:
    """How many inputs ``paths`` hold (lines of NDJSON files counted without being parsed),
    or ``None`` when standard input is one of them."""
    total = 0
    for path in expand(paths):
        if path == "-":
            return None
        if path.lower().endswith(LINES_SUFFIXES):
            total += _count_lines(path)
        else:
            total += 1
    return total


def _count_lines(path: str) -> int:
    count, blank = 0, True
    try:
        with Path(path).open("rb") as stream:
            while piece := stream.readline(1 << 20):
                blank = blank and not piece.strip()
                if piece.endswith(b"\n"):
                    count += not blank
                    blank = True
    except OSError:
        return 1
    return count + (not blank)


@contextlib.contextmanager
def progress(description: str, *, total: int | None, show: bool) -> Iterator[Callable[[], None]]:
    """A function to call once per input answered: it advances a progress bar on standard
    error (count, rate, time elapsed and, with a ``total``, time left) when ``show``."""
    if not show:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        SpinnerColumn,
        Task,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:,.0f}/s" if speed else "", style="progress.data.speed")

    columns: list[ProgressColumn] = [SpinnerColumn(), TextColumn("{task.description}")]
    if total is not None:
        columns.append(BarColumn())
    columns += [MofNCompleteColumn(), Rate(), TimeElapsedColumn()]
    if total is not None:
        columns.append(TimeRemainingColumn())
    bar = Progress(
        *columns,
        console=Console(file=sys.stderr),
        redirect_stdout=sys.stdout.isatty(),  # answers on the same terminal print above it
        redirect_stderr=False,
    )
    with bar:
        task = bar.add_task(description, total=total)
        yield lambda: bar.advance(task)


@dataclass(frozen=True)
class Answer:
    """What the command keeps of one verification: the verdict, the codes of its problems,
    whether the input could not be read, and (for ``--json`` and ``--output``) the result as
    JSON text. Made where the result is made (:func:`answer_of`), so that a batch's workers
    send back this, not the whole result."""

    verified: bool
    problems: frozenset[str]
    unreadable: bool
    json: str | None = None

    def line(self, name: str) -> str:
        """The ``--json`` line of the input ``name``: ``{"input": name, ...the result}``."""
        assert self.json is not None
        head = json.dumps({"input": name}, ensure_ascii=False)[:-1]
        return head + (", " + self.json[1:] if self.json != "{}" else "}")


def answer_of(result: VerificationResult, *, with_json: bool = True) -> Answer:
    """The :class:`Answer` of ``result``."""
    problems = frozenset(problem.code for problem in result.problems)
    unreadable = problems == {codes.PARSING_ERROR} and not result.proofs and not result.status
    text = json.dumps(result.to_json(), ensure_ascii=False) if with_json else None
    return Answer(result.verified, problems, unreadable, text)


class Summary:
    """What a batch of verifications found: how many inputs verified, did not, could not be
    read, and how many inputs had each problem code."""

    def __init__(self) -> None:
        self.inputs = 0
        self.verified = 0
        self.unreadable = 0
        self.problems: Counter[str] = Counter()

    def add(self, answer: Answer) -> None:
        """Count ``answer``."""
        self.inputs += 1
        self.verified += answer.verified
        self.unreadable += answer.unreadable
        self.problems.update(answer.problems)

    def to_json(self) -> dict[str, Any]:
        """The summary as a JSON object."""
        return {
            "inputs": self.inputs,
            "verified": self.verified,
            "notVerified": self.inputs - self.verified,
            "unreadable": self.unreadable,
            "problems": dict(sorted(self.problems.items())),
        }

    def print(self, stream: IO[str]) -> None:
        """Print the summary as a table on ``stream``."""
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"vcler verify: {self.inputs:,} inputs", title_justify="left")
        table.add_column("")
        table.add_column("inputs", justify="right")
        table.add_row("verified", f"{self.verified:,}")
        table.add_row("not verified", f"{self.inputs - self.verified:,}")
        table.add_row("  of which unreadable", f"{self.unreadable:,}")
        for code, count in sorted(self.problems.items(), key=lambda item: (-item[1], item[0])):
            table.add_row(f"  with {code}", f"{count:,}")
        Console(file=stream, highlight=False, soft_wrap=True).print(table)
