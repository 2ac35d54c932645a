"""`vcler verify A B C ...`: every input gets its own answer, unreadable ones included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import vcler
from vcler.cli import main
from vcler.cli._demo import example_credential
from vcler.cli._verify import read_inputs, verify_inputs
from vcler.errors import ParsingError

RESULT_MEMBERS = {"input", "verified", "problems", "proofs", "warnings"}


@pytest.fixture(scope="module")
def signed() -> dict:
    key = vcler.generate_key("Ed25519")
    credential = example_credential()
    credential["issuer"]["id"] = key.controller
    return vcler.issue(credential, signer=key)


@pytest.fixture
def batch(tmp_path: Path, signed: dict) -> list[Path]:
    """good, missing, not JSON, nested too deeply, tampered, good."""
    tampered = json.loads(json.dumps(signed))
    tampered["name"] = "Forged"
    contents = {
        "good.json": json.dumps(signed),
        "junk.json": "{not json",
        "deep.json": "[" * 5000 + "]" * 5000,
        "tampered.json": json.dumps(tampered),
        "again.json": json.dumps(signed),
    }
    for name, text in contents.items():
        (tmp_path / name).write_text(text)
    names = ["good.json", "missing.json", "junk.json", "deep.json", "tampered.json", "again.json"]
    return [tmp_path / name for name in names]


def run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_every_input_gets_one_json_line(
    batch: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, ["verify", "--json", *map(str, batch)])
    assert code == 1
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["input"] for line in lines] == [str(path) for path in batch]
    assert all(set(line) == RESULT_MEMBERS for line in lines)
    assert [line["verified"] for line in lines] == [True, False, False, False, False, True]
    for line in lines[1:4]:
        assert [p["code"] for p in line["problems"]] == ["PARSING_ERROR"]
        assert line["problems"][0]["pointer"] == "" and line["proofs"] == []
    assert "cannot read" in lines[1]["problems"][0]["message"]
    assert "not valid JSON" in lines[2]["problems"][0]["message"]
    assert "nested" in lines[3]["problems"][0]["message"]
    assert lines[4]["problems"][0]["code"] == "PROOF_VERIFICATION_ERROR"


def test_the_readable_report_answers_every_input(
    batch: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, ["verify", *map(str, batch)])
    assert code == 1
    heads = [line for line in out.splitlines() if not line.startswith(" ")]
    verdicts = ["verified", *["NOT VERIFIED"] * 4, "verified"]
    assert heads == [f"{path}: {verdict}" for path, verdict in zip(batch, verdicts, strict=True)]
    assert out.count("  PARSING_ERROR at /: ") == 3


def test_exit_codes(batch: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    good, missing = str(batch[0]), str(batch[1])
    assert run(capsys, ["verify", good, good])[0] == 0
    assert run(capsys, ["verify", missing])[0] == 1
    # Usage errors are found before any input is read: exit 2, no answers.
    code, out, err = run(capsys, ["verify", good, "--now", "tomorrow"])
    assert (code, out) == (2, "") and "--now" in err
    code, out, _ = run(capsys, ["verify", good, "--documents", str(batch[1])])
    assert (code, out) == (2, "")


def test_inputs_are_read_one_at_a_time(tmp_path: Path, signed: dict) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    first.write_text(json.dumps(signed))
    inputs = read_inputs([str(first), str(second)])
    assert next(inputs) == (str(first), signed)
    second.write_text("[1]")  # written after the first was read: read only now
    assert next(inputs) == (str(second), [1])
    failed = next(read_inputs([str(tmp_path / "absent.json")]))[1]
    assert isinstance(failed, ParsingError) and failed.code == "PARSING_ERROR"


def test_each_result_comes_before_the_next_input_is_read(signed: dict) -> None:
    events: list[str] = []

    def inputs():
        for name in ("a", "b", "c"):
            events.append(f"read {name}")
            yield name, (ParsingError("unreadable") if name == "b" else signed)

    for name, result in verify_inputs(vcler.Verifier(), inputs()):
        events.append(f"{name} {result.verified}")
    assert events == ["read a", "a True", "read b", "b False", "read c", "c True"]
