"""``vcler issue --format``, ``vcler present --format`` and ``vcler verify`` on envelopes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vcler.cli import main
from vcler.cli._demo import example_credential
from vcler.jose import cose_from_text


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    key = tmp_path / "issuer.json"
    holder = tmp_path / "holder.json"
    assert main(["key", "generate", "--type", "P-384", "-o", str(key)]) == 0
    assert main(["key", "generate", "--type", "Ed25519", "-o", str(holder)]) == 0
    credential = example_credential()
    credential["issuer"]["id"] = json.loads(key.read_text())["controller"]
    (tmp_path / "credential.json").write_text(json.dumps(credential))
    return tmp_path


def issue(workspace: Path, format: str, *extra: str) -> Path:
    out = workspace / f"issued-{format}.txt"
    argv = ["issue", str(workspace / "credential.json"), "--key", str(workspace / "issuer.json")]
    assert main([*argv, "--format", format, *extra, "-o", str(out)]) == 0
    return out


def verify_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict]]:
    code = main(["verify", "--json", *argv])
    lines = capsys.readouterr().out.splitlines()
    return code, [json.loads(line) for line in lines if line.strip()]


@pytest.mark.parametrize("format", ["jwt", "sd-jwt", "cose", "vc-jwt"])
def test_issue_and_verify_each_format(workspace: Path, capsys, format: str) -> None:
    token = issue(workspace, format)
    code, [result] = verify_json(capsys, str(token))
    assert code == 0 and result["verified"], result
    assert result["proofs"][0]["verified"]


def test_a_cose_file_in_binary_is_recognised(workspace: Path, capsys) -> None:
    token = issue(workspace, "cose")
    binary = workspace / "credential.cose"
    binary.write_bytes(cose_from_text(token.read_text().strip()))
    code, [result] = verify_json(capsys, str(binary))
    assert code == 0 and result["verified"]


def test_media_type_says_what_a_file_is(workspace: Path, capsys) -> None:
    token = issue(workspace, "jwt")
    code, [result] = verify_json(capsys, "--media-type", "application/vc+jwt", str(token))
    assert code == 0 and result["verified"]
    code, [result] = verify_json(capsys, "--media-type", "vc+sd-jwt", str(token))
    assert code == 1 and not result["verified"]
    code, [result] = verify_json(capsys, "--media-type", "application/vc+cwt", str(token))
    assert code == 1
    assert [p["code"] for p in result["problems"]] == ["UNSUPPORTED_ENVELOPE"]


def test_disclose_makes_paths_selectively_disclosable(workspace: Path) -> None:
    token = issue(workspace, "sd-jwt", "--disclose", "name", "--disclose", "credentialSubject.id")
    assert token.read_text().strip().count("~") == 3
    refused = ["issue", str(workspace / "credential.json"), "--key", str(workspace / "issuer.json")]
    assert main([*refused, "--format", "jwt", "--disclose", "name"]) == 2
    assert main([*refused, "--format", "sd-jwt", "--disclose", "nothing.here"]) == 2


@pytest.mark.parametrize("format", ["di", "jwt", "sd-jwt", "cose"])
def test_present_envelopes(workspace: Path, capsys, format: str) -> None:
    tokens = [str(issue(workspace, kind)) for kind in ("jwt", "cose")]
    out = workspace / f"presentation-{format}"
    argv = ["present", *tokens, "--key", str(workspace / "holder.json"), "--challenge", "c-9"]
    assert main([*argv, "--format", format, "-o", str(out)]) == 0
    code, [result] = verify_json(capsys, "--challenge", "c-9", str(out))
    assert code == 0 and result["verified"], result
    code, [result] = verify_json(capsys, "--challenge", "c-10", str(out))
    assert code == 1


def test_an_alg_none_token_is_not_verified(workspace: Path, capsys) -> None:
    token = workspace / "none.jwt"
    token.write_text("eyJhbGciOiJub25lIn0.eyJpc3MiOiJkaWQ6ZXhhbXBsZTppc3N1ZXIifQ.\n")
    code, [result] = verify_json(capsys, str(token))
    assert code == 1
    assert "DISALLOWED_ALGORITHM" in {p["code"] for p in result["problems"]}
