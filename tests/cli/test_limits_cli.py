"""The CLI on hostile input: a number too long to read is unreadable input (a PARSING_ERROR
result from verify, exit 2 and a clear message elsewhere), and printing a result never fails
to encode (a lone surrogate, an ASCII terminal, a file name that is not UTF-8)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import vcler
from vcler._json import MAX_INTEGER_DIGITS
from vcler.cli import main
from vcler.cli._common import write_json

V2 = "https://www.w3.org/ns/credentials/v2"


@pytest.fixture(scope="module")
def signed() -> dict[str, Any]:
    key = vcler.generate_key("Ed25519")
    credential = {
        "@context": [V2],
        "type": ["VerifiableCredential"],
        "issuer": key.controller,
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner", "name": "Adélaïde"},
    }
    return vcler.issue(credential, signer=key)


def _with_surrogates(signed: dict[str, Any]) -> dict[str, Any]:
    document = json.loads(json.dumps(signed))
    document["proof"]["cryptosuite"] = "\ud800"
    document["proof"]["verificationMethod"] = "did:key:\udfff"
    document["\ud83d"] = "\ude00"  # half a surrogate pair each: not a character
    return document


def _write(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document), encoding="ascii")  # surrogates as escapes
    return path


def test_a_long_integer_is_unreadable_input(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "long.json"
    digits = MAX_INTEGER_DIGITS + 1
    path.write_text('{"n": ' + "9" * digits + "}", encoding="ascii")
    reason = f"a JSON number has {digits} digits, more than the limit of {MAX_INTEGER_DIGITS}"
    assert main(["verify", "--json", str(path)]) == 1
    [problem] = json.loads(capsys.readouterr().out)["problems"]
    assert problem["code"] == "PARSING_ERROR" and reason in problem["message"]
    assert main(["verify", str(path)]) == 1
    assert f"PARSING_ERROR at /: {path}: {reason}" in capsys.readouterr().out
    assert main(["validate", str(path)]) == 2
    assert capsys.readouterr().err == f"vcler: {path}: {reason}\n"


def test_verify_prints_lone_surrogates_as_json_escapes(
    tmp_path: Path, capsys: Any, signed: dict[str, Any]
) -> None:
    path = _write(tmp_path / "surrogates.json", _with_surrogates(signed))
    assert main(["verify", "--json", str(path)]) == 1
    out = capsys.readouterr().out
    line = json.loads(out)  # one JSON line, the surrogates escaped
    assert "\\ud800" in out and "\\udfff" in out
    assert line["proofs"][0]["cryptosuite"] == "\ud800"
    assert line["proofs"][0]["verificationMethod"] == "did:key:\udfff"
    assert main(["verify", str(path)]) == 1
    report = capsys.readouterr().out
    assert "NOT VERIFIED" in report and "\\ud800" in report


def test_write_json_to_a_file_escapes_lone_surrogates(tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    write_json({"a": "\ud800", "b": "é"}, str(path))
    assert json.loads(path.read_bytes().decode("utf-8")) == {"a": "\ud800", "b": "é"}


def _run(*args: str, encoding: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run(
        [sys.executable, "-m", "vcler", *args], capture_output=True, env=environment, cwd=cwd
    )


@pytest.mark.parametrize("encoding", ["utf-8", "ascii", "latin-1"])
def test_output_is_json_in_any_terminal_encoding(
    tmp_path: Path, signed: dict[str, Any], encoding: str
) -> None:
    _write(tmp_path / "surrogates.json", _with_surrogates(signed))
    done = _run("verify", "--json", "surrogates.json", encoding=encoding, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    line = json.loads(done.stdout.decode(encoding))
    assert line["proofs"][0]["cryptosuite"] == "\ud800"
    assert line["proofs"][0]["verificationMethod"] == "did:key:\udfff"
    done = _run("verify", "surrogates.json", encoding=encoding, cwd=tmp_path)
    assert done.returncode == 1 and b"NOT VERIFIED" in done.stdout, done.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="file names are bytes on POSIX only")
def test_a_file_name_that_is_not_utf8_is_printed(tmp_path: Path, signed: dict[str, Any]) -> None:
    name = b"cr\xe9dential.json"  # Latin-1: not UTF-8, so Python holds it as a surrogate
    with open(os.path.join(os.fsencode(tmp_path), name), "w", encoding="ascii") as out:
        json.dump(signed, out)
    done = subprocess.run(
        [sys.executable.encode(), b"-m", b"vcler", b"verify", b"--json", name],
        capture_output=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert done.returncode == 0, done.stderr
    line = json.loads(done.stdout)
    assert line["verified"] is True
    assert os.fsencode(line["input"]) == name
