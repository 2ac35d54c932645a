"""The documentation's code blocks (README.md and docs/**/*.md), for the tests that run them."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```(?P<language>[\w+-]*)[^\n]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$",
    re.MULTILINE | re.DOTALL,
)


@dataclass(frozen=True)
class Block:
    """One fenced code block of a page."""

    page: str  # relative to the repository, with "/"
    line: int  # the line of its first text line (1-based)
    language: str  # as written after the fence ("" when none)
    text: str  # dedented, ending in a newline
    caption: str  # the last non-blank line before the fence


def pages() -> list[str]:
    """README.md, then every page under docs/, in a stable order."""
    docs = sorted((ROOT / "docs").rglob("*.md"))
    return ["README.md", *(path.relative_to(ROOT).as_posix() for path in docs)]


def blocks(page: str) -> list[Block]:
    """The fenced code blocks of ``page``, in order."""
    text = (ROOT / page).read_text(encoding="utf-8")
    found = []
    for match in _FENCE.finditer(text):
        before = text[: match.start()].rstrip().splitlines()
        found.append(
            Block(
                page=page,
                line=text.count("\n", 0, match.start("body")) + 1,
                language=match.group("language").lower(),
                text=textwrap.dedent(match.group("body")),
                caption=before[-1].strip() if before else "",
            )
        )
    return found
