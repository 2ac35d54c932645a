"""`vcler issue` and `vcler present` refuse, with exit 1 and the reason, what would not verify."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vcler.cli import main
from vcler.cli._demo import example_credential


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, Path]:
    paths = {name: tmp_path / f"{name}.json" for name in ("issuer", "stranger")}
    for path in paths.values():
        assert main(["key", "generate", "-o", str(path)]) == 0
    return paths


def credential_file(tmp_path: Path, key: Path) -> Path:
    credential = example_credential()
    credential["issuer"]["id"] = json.loads(key.read_text())["controller"]
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(credential))
    return path


def test_issue_refuses_a_key_the_issuer_does_not_control(
    tmp_path: Path, keys: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    credential = credential_file(tmp_path, keys["issuer"])
    out = tmp_path / "signed.json"
    capsys.readouterr()
    assert main(["issue", str(credential), "--key", str(keys["stranger"]), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "does not control the signing key" in err
    assert "INVALID_VERIFICATION_METHOD at /issuer" in err
    assert not out.exists()


def test_issue_adds_a_second_proof_only_when_asked(
    tmp_path: Path, keys: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    credential = credential_file(tmp_path, keys["issuer"])
    signed, twice = tmp_path / "signed.json", tmp_path / "twice.json"
    key = ["--key", str(keys["issuer"])]
    assert main(["issue", str(credential), *key, "-o", str(signed)]) == 0
    capsys.readouterr()
    assert main(["issue", str(signed), *key, "-o", str(twice)]) == 1
    err = capsys.readouterr().err
    assert "already signed" in err and "--add-proof" in err and "PROOF_EXISTS_ERROR" in err
    assert not twice.exists()
    jcs = ["--suite", "eddsa-jcs-2022"]
    assert main(["issue", str(signed), *key, *jcs, "--add-proof", "-o", str(twice)]) == 0
    assert len(json.loads(twice.read_text())["proof"]) == 2
    assert main(["verify", str(twice)]) == 0


def test_present_refuses_a_holder_that_does_not_control_the_key(
    tmp_path: Path, keys: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    credential = credential_file(tmp_path, keys["issuer"])
    signed = tmp_path / "signed.json"
    assert main(["issue", str(credential), "--key", str(keys["issuer"]), "-o", str(signed)]) == 0
    issuer = json.loads(keys["issuer"].read_text())["controller"]
    capsys.readouterr()
    argv = ["present", str(signed), "--key", str(keys["stranger"]), "--holder", issuer]
    assert main(argv) == 1
    assert "INVALID_VERIFICATION_METHOD at /holder" in capsys.readouterr().err
