"""The static document loader: bundled contexts pinned and byte-identical, never the network."""

from __future__ import annotations

import hashlib
import json
import socket
from importlib import resources
from typing import Any

import pytest

from tests.vectors import ROOT
from vcler.errors import DocumentLoaderError
from vcler.jsonld import StaticDocumentLoader, bundled_contexts, default_loader

CONTEXTS = resources.files("vcler.jsonld").joinpath("contexts")


def _manifest() -> dict[str, Any]:
    return json.loads(CONTEXTS.joinpath("MANIFEST.json").read_bytes())["contexts"]


def _imported_contexts(value: Any) -> set[str]:
    """Every context URL a JSON-LD document names (in any ``@context`` or ``@import``)."""
    found: set[str] = set()
    if isinstance(value, list):
        for item in value:
            found |= _imported_contexts(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in ("@context", "@import"):
                references = item if isinstance(item, list) else [item]
                found |= {reference for reference in references if isinstance(reference, str)}
            found |= _imported_contexts(item)
    return found


def test_every_manifest_context_is_bundled():
    """The loader serves every context in MANIFEST.json, and every context they import."""
    loader = default_loader()
    assert set(bundled_contexts()) == set(_manifest())
    imported: set[str] = set()
    for url in _manifest():
        imported |= _imported_contexts(loader.load(url))
    assert "https://www.w3.org/ns/odrl.jsonld" in imported  # by credentials/examples/v1
    assert imported <= set(bundled_contexts())


def test_every_bundled_file_is_in_the_manifest():
    files = {entry.name for entry in CONTEXTS.iterdir() if entry.name != "MANIFEST.json"}
    assert files == {entry["file"] for entry in _manifest().values()}


def test_notice_names_every_bundled_context():
    notice = (ROOT / "NOTICE").read_text(encoding="utf-8")
    for context in bundled_contexts().values():
        assert f"URL:     {context.url}\n" in notice
        assert f"sha256:  {context.sha256}\n" in notice


@pytest.mark.parametrize("url", sorted(bundled_contexts()))
def test_bundled_context_matches_its_pinned_sha256(url):
    context = bundled_contexts()[url]
    data = context.read_bytes()
    entry = _manifest()[url]
    assert hashlib.sha256(data).hexdigest() == entry["sha256"] == context.sha256
    assert len(data) == entry["bytes"]
    assert context.license and context.source


def test_loader_serves_bundled_context_parsed():
    document = default_loader().load("https://www.w3.org/ns/credentials/v2")
    assert document["@context"]["@protected"] is True


def test_unknown_url_is_an_error_naming_it():
    with pytest.raises(DocumentLoaderError) as info:
        default_loader().load("https://example.com/unknown-context")
    assert info.value.url == "https://example.com/unknown-context"
    assert "https://example.com/unknown-context" in str(info.value)
    assert info.value.code == "LOADING_DOCUMENT_FAILED"


def test_loader_never_opens_a_socket(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the static loader touched the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    loader = StaticDocumentLoader()
    with pytest.raises(DocumentLoaderError):
        loader("https://www.w3.org/ns/credentials/v3")
    assert loader("https://www.w3.org/ns/credentials/v2")["document"]


def test_caller_documents_are_per_loader():
    mine = {"https://example.org/ctx": {"@context": {"x": "https://example.org/x"}}}
    loader = StaticDocumentLoader(mine)
    assert loader.load("https://example.org/ctx") == mine["https://example.org/ctx"]
    assert "https://example.org/ctx" not in default_loader()
    with pytest.raises(DocumentLoaderError):
        default_loader().load("https://example.org/ctx")


def test_caller_documents_may_be_json_text_and_override_bundled():
    url = "https://www.w3.org/ns/credentials/v2"
    loader = StaticDocumentLoader({url: b'{"@context": {}}'})
    assert loader.load(url) == {"@context": {}}
    only = StaticDocumentLoader({"https://a.example/": "{}"}, bundled=False)
    assert list(only) == ["https://a.example/"]
    assert url not in only


def test_with_documents_layers_on_top():
    base = StaticDocumentLoader({"https://a.example/": {"a": 1}})
    both = base.with_documents({"https://b.example/": {"b": 2}})
    assert both.load("https://a.example/") == {"a": 1}
    assert both.load("https://b.example/") == {"b": 2}
    assert "https://b.example/" not in base


def test_from_directory_uses_top_level_id(tmp_path):
    (tmp_path / "did.json").write_text(json.dumps({"id": "did:web:example.com", "x": 1}))
    (tmp_path / "noid.json").write_text("{}")
    (tmp_path / "notes.txt").write_text("ignored")
    loader = StaticDocumentLoader.from_directory(tmp_path)
    assert loader.load("did:web:example.com")["x"] == 1
    assert "https://www.w3.org/ns/credentials/v2" in loader


def test_from_directory_refuses_a_missing_folder(tmp_path):
    with pytest.raises(DocumentLoaderError):
        StaticDocumentLoader.from_directory(tmp_path / "absent")
