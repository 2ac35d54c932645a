"""Key files are created readable by their owner only, and replaced, never written in place."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from vcler.cli import main
from vcler.keys import KeyPair, generate_key

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes and links are POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask that lets anyone read new files (the mode must come from vcler, not the umask)."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


@posix_only
def test_save_creates_the_file_owner_only(tmp_path: Path, open_umask: None) -> None:
    key = generate_key("P-256", controller="did:web:college.example", id="#key-1")
    path = tmp_path / "key.json"
    key.save(path)
    assert mode(path) == 0o600
    assert KeyPair.from_json(json.loads(path.read_text())) == key
    with pytest.raises(FileExistsError):
        key.save(path)
    path.chmod(0o644)
    other = generate_key()
    other.save(path, overwrite=True)
    assert mode(path) == 0o600
    assert KeyPair.from_json(json.loads(path.read_text())) == other
    assert [p.name for p in tmp_path.iterdir()] == ["key.json"]  # no temporary file left


@posix_only
def test_overwriting_replaces_links_instead_of_writing_through_them(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text("not a key")
    elsewhere.chmod(0o644)
    link = tmp_path / "key.json"
    link.symlink_to(elsewhere)
    with pytest.raises(FileExistsError):
        generate_key().save(link)
    generate_key().save(link, overwrite=True)
    assert not link.is_symlink() and mode(link) == 0o600
    assert elsewhere.read_text() == "not a key"
    # A hard link to the old file keeps the old content: the secret is never written into a
    # file that already existed (with whatever mode and readers it had).
    twin = tmp_path / "twin.json"
    os.link(link, twin)
    before = twin.read_text()
    generate_key().save(link, overwrite=True)
    assert twin.read_text() == before != link.read_text()


@posix_only
def test_cli_force_replaces_a_symlink(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = tmp_path / "public.txt"
    elsewhere.write_text("shared")
    elsewhere.chmod(0o644)
    link = tmp_path / "key.json"
    link.symlink_to(elsewhere)
    assert main(["key", "generate", "-o", str(link)]) == 2
    assert "exists" in capsys.readouterr().err
    assert main(["key", "generate", "-o", str(link), "--force"]) == 0
    assert elsewhere.read_text() == "shared"
    assert not link.is_symlink() and mode(link) == 0o600
    assert KeyPair.from_json(json.loads(link.read_text())).can_sign


def test_cli_reports_an_unwritable_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "no" / "such" / "key.json"
    for force in ([], ["--force"]):
        assert main(["key", "generate", "-o", str(missing), *force]) == 2
        assert "cannot write" in capsys.readouterr().err
