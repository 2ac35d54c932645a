"""``vcler canon``: formats, stdin sniffing, --map, --hash, exit codes."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from tests.vectors import read_text, vector_path
from vcler.cli import main

DIAMOND = "_:a <urn:ex:p> _:b .\n_:a <urn:ex:p> _:c .\n_:b <urn:ex:p> _:d .\n_:c <urn:ex:p> _:d .\n"
CREDENTIAL = {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    "type": ["VerifiableCredential"],
    "issuer": "https://example.edu/issuers/1",
    "credentialSubject": {"name": "Ada"},
}


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_nquads_file(capsys: pytest.CaptureFixture[str]) -> None:
    path = vector_path("rdf-canon", "rdfc10", "test020-in.nq")
    assert main(["canon", str(path)]) == 0
    assert capsys.readouterr().out == read_text("rdf-canon", "rdfc10/test020-rdfc10.nq")


def test_map_and_hash(capsys: pytest.CaptureFixture[str]) -> None:
    path = vector_path("rdf-canon", "rdfc10", "test075-in.nq")
    assert main(["canon", str(path), "--hash", "sha384", "--map"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(
        read_text("rdf-canon", "rdfc10/test075-rdfc10map.json")
    )


def test_jsonld_file(capsys: pytest.CaptureFixture[str]) -> None:
    path = vector_path("di-eddsa", "employmentAuth.json")
    assert main(["canon", str(path)]) == 0
    assert capsys.readouterr().out == read_text(
        "di-eddsa", "eddsa-rdfc-2022/employ/canonDocDataInt.txt"
    )


def test_stdin_sniffs_json(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, b"  \n" + json.dumps(CREDENTIAL).encode())
    assert main(["canon"]) == 0
    out = capsys.readouterr().out
    assert "<https://www.w3.org/2018/credentials#issuer> <https://example.edu/issuers/1>" in out
    assert "_:c14n0" in out and out.endswith(" .\n")


def test_stdin_sniffs_nquads(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, DIAMOND.encode())
    assert main(["canon", "-", "--map"]) == 0
    assert sorted(json.loads(capsys.readouterr().out)) == ["a", "b", "c", "d"]


def test_format_overrides_the_extension(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "data.json"
    path.write_text(DIAMOND, encoding="utf-8")
    assert main(["canon", str(path), "--format", "nquads"]) == 0
    assert capsys.readouterr().out.count("\n") == 4
    assert main(["canon", str(path)]) == 2  # guessed JSON-LD: not JSON
    assert "PARSING_ERROR" not in capsys.readouterr().out


def test_unknown_extension_is_sniffed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "credential.txt"
    path.write_text(json.dumps(CREDENTIAL), encoding="utf-8")
    assert main(["canon", str(path)]) == 0
    assert "Ada" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bad.nq", "<urn:s> <urn:p> .\n"),
        ("bad.json", "{not json"),
        ("latin1.nq", b'<urn:s> <urn:p> "\xe9" .\n'),
    ],
)
def test_unreadable_input_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str | bytes
) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    assert main(["canon", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert name in captured.err


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["canon", str(tmp_path / "absent.nq")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["canon", "--hash", "md5", "x.nq"])
    assert raised.value.code == 2
    assert main(["canon", "--work-limit", "-1", "x.nq"]) == 2


def test_work_limit_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "clique.nq"
    path.write_text(
        "".join(f"_:e{i} <urn:ex:p> _:e{j} .\n" for i in range(6) for j in range(6) if i != j),
        encoding="utf-8",
    )
    assert main(["canon", str(path), "--work-limit", "50"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "CANONICALIZATION_WORK_LIMIT" in captured.err


def test_jsonld_safe_mode_error_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "lossy.jsonld"
    path.write_text(json.dumps({**CREDENTIAL, "undefinedTerm": "dropped"}), encoding="utf-8")
    assert main(["canon", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "DATA_LOSS_DETECTION_ERROR" in captured.err


def test_unknown_context_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "remote.jsonld"
    document = {**CREDENTIAL, "@context": ["https://example.com/not-bundled/v1"]}
    path.write_text(json.dumps(document), encoding="utf-8")
    assert main(["canon", str(path)]) == 1
    assert "LOADING_DOCUMENT_FAILED" in capsys.readouterr().err


def test_contexts_folder_as_on_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--contexts DIR` reads DIR/contexts.json, as `vcler verify` does; a folder without it
    is a usage error, not a guess from the files' ids."""
    path = tmp_path / "own.jsonld"
    document = {
        "@context": "https://ctx.example/v1",
        "@id": "https://ctx.example/thing",
        "name": "x",
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    contexts = tmp_path / "contexts"
    contexts.mkdir()
    context = {"id": "https://ctx.example/v1", "@context": {"name": "https://schema.org/name"}}
    (contexts / "own-v1.jsonld").write_text(json.dumps(context), encoding="utf-8")
    assert main(["canon", "--contexts", str(contexts), str(path)]) == 2
    assert "contexts.json" in capsys.readouterr().err
    (contexts / "contexts.json").write_text(
        json.dumps({"https://ctx.example/v1": "own-v1.jsonld"}), encoding="utf-8"
    )
    assert main(["canon", "--contexts", str(contexts), str(path)]) == 0
    assert capsys.readouterr().out == (
        '<https://ctx.example/thing> <https://schema.org/name> "x" .\n'
    )
