"""``vcler validate``: exit codes, human output and ``--json`` lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.validation.test_rules import credential
from vcler.cli import main


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(credential()), encoding="utf-8")
    bad_document = credential()
    del bad_document["issuer"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bad_document), encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    return {
        "good": str(good),
        "bad": str(bad),
        "broken": str(broken),
        "missing": str(tmp_path / "nope.json"),
    }


def test_valid_file(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", files["good"]]) == 0
    assert capsys.readouterr().out == f"{files['good']}: valid\n"


def test_invalid_file(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", files["good"], files["bad"]]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{files['good']}: valid",
        f"{files['bad']}: invalid (1 problem)",
        "  MALFORMED_VALUE_ERROR at /issuer: issuer is required",
    ]


def test_json_lines(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--json", files["bad"], files["good"]]) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines == [
        {
            "input": files["bad"],
            "valid": False,
            "problems": [
                {
                    "code": "MALFORMED_VALUE_ERROR",
                    "message": "issuer is required",
                    "pointer": "/issuer",
                }
            ],
            "warnings": [],
        },
        {"input": files["good"], "valid": True, "problems": [], "warnings": []},
    ]


@pytest.mark.parametrize("which", ["broken", "missing"])
def test_unreadable_input_exits_2(
    files: dict[str, str], which: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--json", files[which], files["bad"]]) == 2
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert [line["input"] for line in lines] == [files[which], files["bad"]]
    assert lines[0]["valid"] is False and lines[0]["problems"][0]["code"] == "PARSING_ERROR"
    assert files[which] in captured.err


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["validate"])
    assert exit_info.value.code == 2


def test_extra_contexts_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = credential()
    document["@context"].append("https://ctx.example/v1")
    path = tmp_path / "vc.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    contexts = tmp_path / "contexts"
    contexts.mkdir()
    (contexts / "ctx.json").write_text(json.dumps({"@context": {}}), encoding="utf-8")
    # A file no contexts.json names is refused, as on verify and issue: nothing is guessed.
    capsys.readouterr()
    assert main(["validate", "--contexts", str(contexts), str(path)]) == 2
    assert "contexts.json" in capsys.readouterr().err
    (contexts / "contexts.json").write_text(
        json.dumps({"https://ctx.example/v1": "ctx.json"}), encoding="utf-8"
    )
    assert main(["validate", "--contexts", str(contexts), str(path)]) == 0
