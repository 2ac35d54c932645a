"""`--contexts DIR` on `vcler issue`, `present` and `verify`: the user's own contexts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vcler.cli import main
from vcler.cli._demo import example_credential

MINE = "https://ctx.example/v1"
CONTEXT = {"@context": {"favoriteColor": "https://ctx.example/vocab#favoriteColor"}}


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """A key, a credential using the context MINE, and a contexts folder serving it."""
    key = tmp_path / "key.json"
    assert main(["key", "generate", "-o", str(key)]) == 0
    credential = example_credential()
    credential["issuer"]["id"] = json.loads(key.read_text())["controller"]
    credential["@context"].append(MINE)
    credential["credentialSubject"]["favoriteColor"] = "blue"
    unsigned = tmp_path / "credential.json"
    unsigned.write_text(json.dumps(credential))
    contexts = tmp_path / "contexts"
    contexts.mkdir()
    (contexts / "contexts.json").write_text(json.dumps({MINE: "mine.jsonld"}))
    (contexts / "mine.jsonld").write_text(json.dumps(CONTEXT))
    return {"key": key, "credential": unsigned, "contexts": contexts, "dir": tmp_path}


def test_issue_present_and_verify_with_own_contexts(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    signed, vp = files["dir"] / "signed.json", files["dir"] / "vp.json"
    key = ["--key", str(files["key"])]
    contexts = ["--contexts", str(files["contexts"])]
    assert main(["issue", str(files["credential"]), *key, "-o", str(signed)]) == 1
    assert "LOADING_DOCUMENT_FAILED" in capsys.readouterr().err
    assert main(["issue", str(files["credential"]), *key, *contexts, "-o", str(signed)]) == 0
    assert main(["present", str(signed), *key, *contexts, "-o", str(vp)]) == 0
    capsys.readouterr()
    assert main(["verify", "--json", str(signed)]) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert problems[0]["code"] == "LOADING_DOCUMENT_FAILED"
    assert main(["verify", *contexts, str(signed), str(vp)]) == 0


def test_an_unusable_contexts_folder_is_a_usage_error(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    (files["contexts"] / "stray.jsonld").write_text(json.dumps(CONTEXT))
    contexts = ["--contexts", str(files["contexts"])]
    key = ["--key", str(files["key"])]
    for argv in (
        ["verify", str(files["credential"]), *contexts],
        ["issue", str(files["credential"]), *key, *contexts],
        ["present", str(files["credential"]), *key, *contexts],
    ):
        capsys.readouterr()
        assert main(argv) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert "--contexts" in captured.err and "stray.jsonld" in captured.err
