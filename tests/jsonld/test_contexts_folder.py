"""A folder of the user's own contexts: contexts.json names every file's URL; nothing is
guessed, nothing skipped, and no bundled context is replaced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vcler.errors import DocumentLoaderError
from vcler.jsonld import StaticDocumentLoader, bundled_contexts
from vcler.jsonld.loader import CONTEXTS_MANIFEST

V2 = "https://www.w3.org/ns/credentials/v2"
MINE = "https://ctx.example/v1"
CONTEXT = {"@context": {"favoriteColor": "https://ctx.example/vocab#favoriteColor"}}


def folder(tmp_path: Path, mapping: object, files: dict[str, str]) -> Path:
    root = tmp_path / "contexts"
    root.mkdir()
    (root / CONTEXTS_MANIFEST).write_text(json.dumps(mapping))
    for name, text in files.items():
        (root / name).write_text(text)
    return root


def refused(root: Path, *fragments: str) -> DocumentLoaderError:
    with pytest.raises(DocumentLoaderError) as info:
        StaticDocumentLoader.from_contexts(root)
    for fragment in fragments:
        assert fragment in str(info.value)
    return info.value


def test_the_mapping_serves_each_file_under_its_url(tmp_path: Path) -> None:
    root = folder(
        tmp_path,
        {MINE: "mine.jsonld", "https://ctx.example/alias": "mine.jsonld"},
        {"mine.jsonld": json.dumps(CONTEXT), ".DS_Store": "hidden files are not contexts"},
    )
    loader = StaticDocumentLoader.from_contexts(str(root))
    assert loader.load(MINE) == CONTEXT == loader.load("https://ctx.example/alias")
    assert loader.load(V2) == StaticDocumentLoader().load(V2)


def test_a_file_without_a_url_is_an_error(tmp_path: Path) -> None:
    root = folder(
        tmp_path,
        {MINE: "mine.jsonld"},
        {"mine.jsonld": json.dumps(CONTEXT), "other.jsonld": json.dumps(CONTEXT)},
    )
    refused(root, "other.jsonld", "without a URL")
    (root / "other.jsonld").unlink()
    (root / "nested").mkdir()
    refused(root, "nested")


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({MINE: "absent.jsonld"}, "absent.jsonld, which is not in"),
        ({MINE: "../mine.jsonld"}, "is not a file name"),
        ({MINE: "sub/mine.jsonld"}, "is not a file name"),
        ({MINE: CONTEXTS_MANIFEST}, "is not a file name"),
        ({"ctx/v1": "mine.jsonld"}, "is not an absolute URL"),
        ([MINE, "mine.jsonld"], "must be a JSON object mapping URLs to file names"),
        ({MINE: {"file": "mine.jsonld"}}, "must be a JSON object mapping URLs to file names"),
    ],
)
def test_a_wrong_mapping_is_an_error(tmp_path: Path, mapping: object, message: str) -> None:
    root = folder(tmp_path, mapping, {"mine.jsonld": json.dumps(CONTEXT)})
    refused(root, message)


def test_files_must_be_context_documents(tmp_path: Path) -> None:
    root = folder(tmp_path, {MINE: "mine.jsonld"}, {"mine.jsonld": "{not json"})
    refused(root, "mine.jsonld", "not valid JSON")
    (root / "mine.jsonld").write_text(json.dumps({"favoriteColor": "x"}))
    refused(root, "is not a JSON-LD context")
    (root / CONTEXTS_MANIFEST).write_text('{"a": 1, "a": 2}')
    refused(root, CONTEXTS_MANIFEST, "duplicate")


def test_the_folder_and_its_mapping_must_exist(tmp_path: Path) -> None:
    refused(tmp_path / "absent", "is not a directory")
    refused(tmp_path, f"has no {CONTEXTS_MANIFEST}")


def test_a_bundled_context_is_never_replaced(tmp_path: Path) -> None:
    bundled = bundled_contexts()[V2].read_bytes()
    root = folder(tmp_path, {V2: "v2.jsonld"}, {"v2.jsonld": json.dumps(CONTEXT)})
    error = refused(root, V2, "may not replace it")
    assert error.url == V2
    # A byte-identical copy (as published) is accepted, and the bundled one is served.
    (root / "v2.jsonld").write_bytes(bundled)
    loader = StaticDocumentLoader.from_contexts(root)
    assert loader.load(V2) == json.loads(bundled)
