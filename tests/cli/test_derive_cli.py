"""``vcler issue --suite ecdsa-sd-2023`` and ``vcler derive``: issue, disclose, verify."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from vcler.cli import main
from vcler.cli._demo import example_credential


@pytest.fixture
def base(tmp_path: Path) -> Path:
    key = tmp_path / "registrar.json"
    assert main(["key", "generate", "--type", "P-256", "-o", str(key)]) == 0
    credential = example_credential()
    credential["issuer"]["id"] = json.loads(key.read_text())["controller"]
    (tmp_path / "credential.json").write_text(json.dumps(credential))
    signed = tmp_path / "base.json"
    argv = ["issue", str(tmp_path / "credential.json"), "--key", str(key)]
    argv += ["--suite", "ecdsa-sd-2023", "--mandatory-pointer", "/issuer", "-o", str(signed)]
    assert main(argv) == 0
    return signed


def test_derive_then_verify(base: Path, capsys: Any) -> None:
    shared = base.parent / "shared.json"
    argv = ["derive", str(base), "--pointer", "/credentialSubject/achievement/name"]
    assert main([*argv, "-o", str(shared)]) == 0
    derived = json.loads(shared.read_text())
    assert derived["credentialSubject"]["achievement"] == {
        key: value
        for key, value in json.loads(base.read_text())["credentialSubject"]["achievement"].items()
        if key in ("id", "type", "name")
    }
    assert "validFrom" not in derived  # only /issuer was made mandatory
    assert main(["verify", str(shared)]) == 0
    assert "verified" in capsys.readouterr().out
    # The base credential itself does not verify: it is for the holder.
    assert main(["verify", str(base)]) == 1


def test_derive_refusals(base: Path, capsys: Any) -> None:
    assert main(["derive", str(base), "--pointer", "/credentialSubject/nothing"]) == 1
    assert "PROOF_GENERATION_ERROR" in capsys.readouterr().err
    shared = base.parent / "shared.json"
    assert main(["derive", str(base), "--pointer", "/credentialSubject", "-o", str(shared)]) == 0
    assert main(["derive", str(shared), "--pointer", "/credentialSubject"]) == 1
    assert "MALFORMED_PROOF_ERROR at /proof/proofValue" in capsys.readouterr().err
    assert main(["derive", str(base.parent / "missing.json")]) == 2
