"""``vcler key generate`` / ``vcler key public``."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from vcler.cli import _key, main
from vcler.keys import KeyPair


def test_generate_to_stdout_when_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["key", "generate", "--type", "P-384"]) == 0
    document = json.loads(capsys.readouterr().out)
    key = KeyPair.from_json(document)
    assert key.algorithm == "P-384" and key.can_sign
    assert document["controller"] == f"did:key:{document['publicKeyMultibase']}"


def test_generate_refuses_to_print_the_secret_to_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_key, "_is_terminal", lambda stream: True)
    assert main(["key", "generate"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "refusing to print a secret key" in captured.err
    assert main(["key", "generate", "--print-secret"]) == 0
    assert "secretKeyMultibase" in capsys.readouterr().out


def test_generate_to_file_is_private_and_not_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "key.json"
    args = ["key", "generate", "--controller", "did:web:example.com", "--id", "#key-1"]
    assert main([*args, "-o", str(path)]) == 0
    assert capsys.readouterr().out.strip() == "did:web:example.com#key-1"
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    key = KeyPair.from_json(json.loads(path.read_text()))
    assert key.id == "did:web:example.com#key-1" and key.algorithm == "Ed25519"
    before = path.read_text()
    assert main([*args, "-o", str(path)]) == 2
    assert "exists" in capsys.readouterr().err and path.read_text() == before
    path.chmod(0o644)
    assert main([*args, "--type", "P-256", "-o", str(path), "--force"]) == 0
    assert KeyPair.from_json(json.loads(path.read_text())).algorithm == "P-256"
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_generate_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = str(tmp_path / "k.json")
    assert main(["key", "generate", "--id", "#key-1", "-o", out]) == 2
    assert "controller" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["key", "generate", "--type", "RSA"])
    assert main(["key"]) == 2


def test_public_prints_the_verification_method_without_secret(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "key.json"
    assert main(["key", "generate", "-o", str(path)]) == 0
    capsys.readouterr()
    assert main(["key", "public", str(path)]) == 0
    method = json.loads(capsys.readouterr().out)
    assert "secretKeyMultibase" not in method and method["type"] == "Multikey"
    bad = tmp_path / "bad.json"
    bad.write_text('{"publicKeyMultibase": "zzz"}')
    assert main(["key", "public", str(bad)]) == 2
    assert main(["key", "public", str(tmp_path / "missing.json")]) == 2
