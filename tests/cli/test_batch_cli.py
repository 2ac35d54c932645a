"""`vcler verify` and `vcler issue` on batches: folders, NDJSON, stdin, --jobs, --output,
the summary and the progress bar."""

from __future__ import annotations

import base64
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

import vcler
from tests.batches import NOW, issue_batch
from vcler.cli import main

NOW_ISO = NOW.isoformat().replace("+00:00", "Z")


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return issue_batch(tmp_path_factory.mktemp("status"))


@pytest.fixture
def workspace(tmp_path: Path, issued: dict[str, Any]) -> Path:
    """documents/ (the status list), and a folder of credentials: valid ones, a tampered one,
    a revoked one, junk, NDJSON, files that are not read."""
    (tmp_path / "documents").mkdir()
    for index, document in enumerate(issued["documents"].values()):
        (tmp_path / "documents" / f"{index}.json").write_text(json.dumps(document))
    batch = tmp_path / "batch"
    (batch / "b" / "deeper").mkdir(parents=True)
    (batch / ".hidden").mkdir()
    valid = issued["valid"]
    (batch / "a.json").write_text(json.dumps(valid[0], indent=2))
    (batch / "b" / "tampered.jsonld").write_text(json.dumps(issued["tampered"]))
    (batch / "b" / "deeper" / "revoked.json").write_text(json.dumps(issued["revoked"]))
    (batch / "b" / "junk.json").write_text("{not json")
    lines = [json.dumps(valid[1]), "", json.dumps(valid[2]), "[1, 2", json.dumps(valid[3])]
    (batch / "c.ndjson").write_text("\n".join(lines) + "\n")
    (batch / "notes.txt").write_text("not an input")
    (batch / ".hidden" / "x.json").write_text("{}")
    (batch / ".skipped.json").write_text("{}")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def verify_args(workspace: Path, *more: str) -> list[str]:
    return ["verify", "--documents", str(workspace / "documents"), "--now", NOW_ISO, *more]


EXPECTED = [  # (input, verified, first problem code) of the workspace's batch folder
    ("a.json", True, None),
    ("b/deeper/revoked.json", False, "CREDENTIAL_REVOKED"),
    ("b/junk.json", False, "PARSING_ERROR"),
    ("b/tampered.jsonld", False, "PROOF_VERIFICATION_ERROR"),
    ("c.ndjson:1", True, None),
    ("c.ndjson:3", True, None),
    ("c.ndjson:4", False, "PARSING_ERROR"),
    ("c.ndjson:5", True, None),
]


def answers(out: str, root: Path) -> list[tuple[str, bool, str | None]]:
    lines = [json.loads(line) for line in out.splitlines()]
    return [
        (
            Path(line["input"]).relative_to(root).as_posix(),
            line["verified"],
            line["problems"][0]["code"] if line["problems"] else None,
        )
        for line in lines
    ]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_folder_is_read_recursively_and_ndjson_line_by_line(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    monkeypatch.chdir(workspace)
    code, out, err = run(capsys, verify_args(workspace, "--json", "--jobs", jobs, "batch"))
    assert code == 1
    assert answers(out, Path("batch")) == EXPECTED
    summary = json.loads(err)["summary"]
    assert summary == {
        "inputs": 8,
        "verified": 4,
        "notVerified": 4,
        "unreadable": 2,
        "problems": {"CREDENTIAL_REVOKED": 1, "PARSING_ERROR": 2, "PROOF_VERIFICATION_ERROR": 1},
    }


def test_jobs_give_the_same_answers_as_one_process(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(workspace)
    outputs = []
    for jobs in ("1", "2", "0"):
        code, out, err = run(capsys, verify_args(workspace, "--jobs", jobs, "batch", "missing"))
        outputs.append((code, out, err))
    assert outputs[0] == outputs[1] == outputs[2]
    code, out, err = outputs[0]
    assert "batch/a.json: verified" in out and "missing: NOT VERIFIED" in out
    assert "vcler verify: 9 inputs" in err  # the summary table, on standard error
    assert "  with PARSING_ERROR" in err and "3" in err


def test_output_takes_the_answers_and_leaves_the_summary_on_stdout(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = workspace / "results.ndjson"
    code, out, err = run(
        capsys, verify_args(workspace, "--output", str(results), str(workspace / "batch"))
    )
    assert code == 1 and err == ""
    assert answers(results.read_text(), workspace / "batch") == EXPECTED
    assert "vcler verify: 8 inputs" in out and "verified" in out
    code, out, _ = run(
        capsys,
        verify_args(workspace, "--json", "--output", str(results), str(workspace / "batch/a.json")),
    )
    assert code == 0
    assert json.loads(out)["summary"]["verified"] == 1
    assert len(results.read_text().splitlines()) == 1


def stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_stdin_is_ndjson_or_one_document(
    issued: dict[str, Any],
    workspace: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    valid = issued["valid"]
    lines = [json.dumps(valid[0]), json.dumps(issued["revoked"]), "", "nope"]
    stdin(monkeypatch, "\n".join(lines).encode())
    code, out, _ = run(capsys, verify_args(workspace, "--json", "-"))
    got = [(line["input"], line["verified"]) for line in map(json.loads, out.splitlines())]
    assert (code, got) == (1, [("-:1", True), ("-:2", False), ("-:4", False)])
    for text in (json.dumps(valid[0], indent=2), json.dumps(valid[0]) + "\n"):
        stdin(monkeypatch, text.encode())
        code, out, err = run(capsys, verify_args(workspace, "--json", "-"))
        assert (code, json.loads(out)["input"], err) == (0, "-", "")
    stdin(monkeypatch, b"")
    code, out, _ = run(capsys, verify_args(workspace, "--json", "-"))
    assert code == 1 and json.loads(out)["problems"][0]["code"] == "PARSING_ERROR"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_on_a_terminal_only(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = str(workspace / "batch")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(verify_args(workspace, "--json", folder)) == 1
    drawn = terminal.getvalue()
    assert "verifying" in drawn and "8/8" in drawn and "/s" in drawn
    terminal.seek(0)
    terminal.truncate()
    assert main(verify_args(workspace, "--json", "--no-progress", folder)) == 1
    assert "verifying" not in terminal.getvalue()
    assert len(capsys.readouterr().out.splitlines()) == 16  # the answers, on stdout


def test_usage_errors(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = str(workspace / "batch")
    for more in (["--jobs", "-1"], ["--jobs", "2", "--scheduler", "tcp://127.0.0.1:9"]):
        code, out, err = run(capsys, verify_args(workspace, *more, folder))
        assert (code, out) == (2, "") and "--jobs" in err
    code, out, err = run(capsys, verify_args(workspace, "--scheduler", "tcp://127.0.0.1:9", folder))
    assert (code, out) == (2, "") and "--scheduler" in err
    code, out, err = run(capsys, verify_args(workspace, "--output", str(workspace), folder))
    assert (code, out) == (2, "") and "cannot write" in err


@pytest.fixture
def key_file(tmp_path: Path) -> tuple[Any, Path]:
    key = vcler.generate_key("Ed25519")
    path = tmp_path / "key.json"
    key.save(path)
    return key, path


def unsigned(key: Any, learner: int) -> dict[str, Any]:
    from tests.batches import credential

    return credential(key, learner)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_issue_signs_a_batch_as_ndjson_in_order(
    tmp_path: Path,
    key_file: tuple[Any, Path],
    capsys: pytest.CaptureFixture[str],
    jobs: str,
) -> None:
    key, path = key_file
    folder = tmp_path / "unsigned"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.json").write_text(json.dumps(unsigned(key, n)))
    broken = unsigned(key, 9)
    del broken["credentialSubject"]
    (folder / "more.ndjson").write_text(
        "\n".join([json.dumps(unsigned(key, 3)), json.dumps(broken), "{", ""]) + "\n"
    )
    out_file = tmp_path / "signed.ndjson"
    code, out, err = run(
        capsys,
        ["issue", str(folder), "--key", str(path), "--jobs", jobs, "-o", str(out_file)],
    )
    assert (code, out) == (1, "")
    signed = [json.loads(line) for line in out_file.read_text().splitlines()]
    assert [c["credentialSubject"]["id"] for c in signed] == [
        f"did:example:learner-{n}" for n in range(4)
    ]
    assert all(vcler.verify(c).verified for c in signed)
    assert f"{folder / 'more.ndjson'}:2: refused" in err
    assert f"{folder / 'more.ndjson'}:3: PARSING_ERROR" in err
    assert "signed 4, refused 2" in err


def test_issue_of_one_credential_is_unchanged(
    tmp_path: Path,
    key_file: tuple[Any, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key, path = key_file
    one = tmp_path / "one.json"
    one.write_text(json.dumps(unsigned(key, 0), indent=2))
    code, out, err = run(capsys, ["issue", str(one), "--key", str(path)])
    assert (code, err) == (0, "") and out.startswith("{\n  ")  # indented JSON, as before
    stdin(monkeypatch, one.read_bytes())
    code, out, err = run(capsys, ["issue", "-", "--key", str(path)])
    assert (code, err) == (0, "") and json.loads(out)["proof"]
    lines = [json.dumps(unsigned(key, n)) for n in range(2)]
    stdin(monkeypatch, "\n".join(lines).encode())
    code, out, err = run(capsys, ["issue", "-", "--key", str(path)])
    assert code == 0 and len(out.splitlines()) == 2 and "signed 2, refused 0" in err
    code, out, err = run(capsys, ["issue", str(tmp_path / "absent.json"), "--key", str(path)])
    assert (code, out) == (2, "") and "cannot read" in err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_envelopes_are_read_from_folders_ndjson_and_stdin(
    issued: dict[str, Any],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    jobs: str,
) -> None:
    jwt, cose = issued["envelopes"]
    folder = tmp_path / "envelopes"
    folder.mkdir()
    (folder / "a.cose").write_bytes(cose)  # binary COSE_Sign1
    (folder / "b.jwt").write_text(jwt + "\n")
    (folder / "c.ndjson").write_text(f"{jwt}\n{base64.b64encode(cose).decode()}\n")
    args = ["verify", "--now", NOW_ISO, "--json", "--jobs", jobs]
    code, out, _ = run(capsys, [*args, str(folder)])
    got = [(line["input"], line["verified"]) for line in map(json.loads, out.splitlines())]
    names = ["a.cose", "b.jwt", "c.ndjson:1", "c.ndjson:2"]
    assert (code, got) == (0, [(str(folder / name), True) for name in names])
    # --media-type: every input, a file or a line, is the text of an envelope of that type.
    declared = [*args, "--media-type", "application/vc+jwt"]
    code, out, _ = run(capsys, [*declared, str(folder / "b.jwt"), str(folder / "c.ndjson")])
    got = [(line["input"], line["verified"]) for line in map(json.loads, out.splitlines())]
    assert code == 1
    assert [verified for _, verified in got] == [True, True, False]  # the COSE is no JWT
    code, out, _ = run(capsys, [*declared, str(folder / "a.cose")])
    assert code == 1 and "not text" in json.loads(out)["problems"][0]["message"]
    stdin(monkeypatch, f"{jwt}\n\n{jwt}\n".encode())
    code, out, _ = run(capsys, [*declared, "-"])
    got = [(line["input"], line["verified"]) for line in map(json.loads, out.splitlines())]
    assert (code, got) == (0, [("-:1", True), ("-:3", True)])
    stdin(monkeypatch, f"{jwt}\n".encode())
    code, out, _ = run(capsys, [*declared, "-"])
    assert (code, json.loads(out)["input"]) == (0, "-")


def test_issue_signs_batches_with_data_integrity_only(
    tmp_path: Path, key_file: tuple[Any, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    key, path = key_file
    batch = tmp_path / "unsigned.ndjson"
    batch.write_text("\n".join(json.dumps(unsigned(key, n)) for n in range(2)) + "\n")
    code, out, err = run(capsys, ["issue", str(batch), "--key", str(path), "--format", "jwt"])
    assert (code, out) == (2, "") and "--format di" in err
    one = tmp_path / "one.json"
    one.write_text(json.dumps(unsigned(key, 0)))
    code, out, err = run(capsys, ["issue", str(one), "--key", str(path), "--format", "jwt"])
    assert (code, err) == (0, "") and vcler.verify(out.strip()).verified
