"""The README's promises: its Python quickstart runs, its test command is what CI runs."""

from __future__ import annotations

import re

from tests.docs_pages import ROOT, blocks

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_quickstart_runs_and_verifies(capsys):
    (code,) = [block.text for block in blocks("README.md") if block.language == "python"]
    exec(compile(code, "README.md", "exec"), {})
    assert capsys.readouterr().out.strip() == "True []"


def test_ci_runs_the_readme_test_command():
    commands = re.findall(r"^(python3 -m venv .*)$", README, flags=re.M)
    assert len(commands) == 2
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.rstrip().splitlines()[-1] == commands[1]  # its summary is printed last
    assert "vcler demo" in commands[0]
