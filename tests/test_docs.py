"""The documentation: the CLI reference covers every command and option; the site's nav and
API reference pages point at what exists."""

from __future__ import annotations

import argparse
import importlib
import re
from pathlib import Path

import pytest

from vcler.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ("vcler",)
) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append(((*path, name), sub))
                found += _commands(sub, (*path, name))
    return found


def _sections(text: str) -> dict[str, str]:
    """The text of each ``## `vcler ...``` / ``### ...`` section of cli.md, by command."""
    parts = re.split(r"^#{2,4} `(vcler[^`]*)`\s*$", text, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


COMMANDS = _commands(build_parser())


@pytest.mark.parametrize("path, parser", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_cli_reference_covers_every_command_and_option(
    path: tuple[str, ...], parser: argparse.ArgumentParser
) -> None:
    sections = _sections((DOCS / "cli.md").read_text(encoding="utf-8"))
    name = " ".join(path)
    assert name in sections, f"docs/cli.md has no section for `{name}`"
    section = sections[name]
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        for option in action.option_strings:
            assert f"`{option}`" in section, f"docs/cli.md: `{name}` does not document {option}"


def test_nav_and_reference_pages_exist() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = re.findall(r"^\s*- (?:[^:\n]+: )?([\w/.-]+\.md)\s*$", config, flags=re.MULTILINE)
    assert "index.md" in pages and "cli.md" in pages and "security.md" in pages
    for page in pages:
        assert (DOCS / page).is_file(), f"mkdocs.yml names {page}, which is missing"
    for page in (DOCS / "reference").glob("*.md"):
        for name in re.findall(r"^::: ([\w.]+)", page.read_text(encoding="utf-8"), re.M):
            _resolve(name)


def _resolve(dotted: str) -> object:
    """The module or object named ``dotted`` (``vcler.server.service.VcApiService``)."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            value: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            value = getattr(value, attribute)
        return value
    raise AssertionError(f"{dotted} does not exist")
