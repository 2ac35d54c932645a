"""The published vectors in ``vectors/`` are exactly the files their SHA256SUMS pin.

Also the refresh script that copies them from their staging folder: it keeps vcler's README
section, drops files the source no longer has, and its check finds any edited file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.vectors import VECTORS, published_folders, refresh_script

refresh = refresh_script()
OWN = {"openbadges-skill"}  # vcler's own vectors, checked by tests/test_own_vectors.py
EXPECTED = {
    "case-opensalt",
    "clr",
    "ctdl-asn",
    "di-bbs",
    "di-ecdsa",
    "di-eddsa",
    "did-key",
    "did-web",
    "ler-rs",
    "lightcast",
    "openbadges",
    "openbadges-v2",
    "osmt",
    "rdf-canon",
    "status-list",
    "vc-data-model",
    "vc-jose-cose",
}


@pytest.mark.parametrize("folder", published_folders(), ids=lambda folder: folder.name)
def test_every_file_matches_its_manifest(folder: Path) -> None:
    assert refresh.check_folder(folder) == []


def test_every_folder_is_published_with_readme_and_manifest_or_our_own() -> None:
    folders = {path.name for path in VECTORS.iterdir() if path.is_dir()}
    published = {folder.name for folder in published_folders()}
    assert published == EXPECTED
    assert folders == published | OWN
    for folder in published_folders():
        readme = (folder / "README.md").read_text(encoding="utf-8")
        assert "\n## In vcler's repository\n" in readme
        assert "icen" in readme  # its licence (Licence, License, LICENCE.md...)


def test_no_vector_file_is_large() -> None:
    sizes = {path: path.stat().st_size for path in VECTORS.rglob("*") if path.is_file()}
    assert max(sizes.values()) < 2 * 1024 * 1024


def test_script_check_passes_on_the_repository() -> None:
    assert refresh.main(["--check"]) == 0


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of one published folder, to damage."""
    return Path(shutil.copytree(VECTORS / "did-web", tmp_path / "did-web"))


def test_check_finds_an_edited_file(copy: Path) -> None:
    path = copy / "did-to-url.derived.json"
    path.write_bytes(path.read_bytes().replace(b"example.com", b"example.org", 1))
    assert refresh.check_folder(copy) == [
        "did-web/did-to-url.derived.json: sha256 differs from SHA256SUMS"
    ]


def test_check_finds_a_missing_and_an_unlisted_file(copy: Path) -> None:
    (copy / "spec-examples" / "example-02.json").unlink()
    (copy / "extra.json").write_text("{}")
    assert refresh.check_folder(copy) == [
        "did-web/extra.json: not listed in SHA256SUMS",
        "did-web/spec-examples/example-02.json: listed in SHA256SUMS but missing",
    ]


def test_refresh_copies_drops_stale_files_and_keeps_our_readme_section(tmp_path: Path) -> None:
    source = tmp_path / "staging" / "demo"
    (source / "sub").mkdir(parents=True)
    (source / "README.md").write_text("# demo\n\nUpstream text, new.\n")
    (source / "sub" / "data.json").write_bytes(b'{"a": 1}\r\n')
    target = tmp_path / "vectors" / "demo"
    (target / "old").mkdir(parents=True)
    (target / "old" / "stale.json").write_text("{}")
    section = "## In vcler's repository\n\nOur notes.\n"
    (target / "README.md").write_text(f"# demo\n\nUpstream text, old.\n\n{section}")

    refresh.refresh_folder(source, target)

    assert (target / "README.md").read_text() == f"# demo\n\nUpstream text, new.\n\n{section}"
    assert (target / "sub" / "data.json").read_bytes() == b'{"a": 1}\r\n'
    assert not (target / "old").exists()
    assert refresh.read_manifest(target / "SHA256SUMS").keys() == {"README.md", "sub/data.json"}
    assert refresh.check_folder(target) == []


def test_refresh_refuses_a_missing_staging_folder(tmp_path: Path) -> None:
    assert refresh.main(["--from", str(tmp_path / "absent")]) == 2
