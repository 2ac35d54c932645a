"""``vcler status``: create, allocate, set, publish, check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import vcler
from tests.status._helpers import credential
from vcler.cli import main
from vcler.status import StatusRegistry

URL = "https://status.example/lists/cli"


@pytest.fixture
def key_file(tmp_path: Path, key: Any) -> Path:
    path = tmp_path / "key.json"
    path.write_text(json.dumps(key.to_json()))
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_create_allocate_set_publish_check(
    tmp_path: Path, key: Any, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "status.db")
    assert (
        _run(capsys, "status", "create", "--db", db, "--url", URL, "--key", str(key_file))[0] == 0
    )
    code, out, _ = _run(capsys, "status", "allocate", "--db", db, "--list", URL)
    assert code == 0
    index = int(out)
    code, out, _ = _run(capsys, "status", "allocate", "--db", db, "--list", URL, "--entry")
    other = json.loads(out)
    assert other["type"] == "BitstringStatusListEntry" and int(other["statusListIndex"]) != index
    assert (
        _run(
            capsys,
            "status",
            "set",
            "--db",
            db,
            "--list",
            URL,
            "--index",
            str(index),
            "--value",
            "1",
        )[0]
        == 0
    )
    documents = tmp_path / "documents"
    documents.mkdir()
    published = documents / "list.json"
    assert (
        _run(
            capsys,
            "status",
            "publish",
            "--db",
            db,
            "--list",
            URL,
            "--key",
            str(key_file),
            "-o",
            str(published),
        )[0]
        == 0
    )
    assert vcler.verify(json.loads(published.read_text())).verified

    with StatusRegistry(db) as registry:
        entry = registry.entry(URL, index)
    revoked = tmp_path / "revoked.json"
    revoked.write_text(
        json.dumps(vcler.issue(credential(key.controller, credentialStatus=entry), signer=key))
    )
    valid = tmp_path / "valid.json"
    valid.write_text(
        json.dumps(vcler.issue(credential(key.controller, credentialStatus=other), signer=key))
    )

    code, out, _ = _run(capsys, "status", "check", str(revoked), "--documents", str(documents))
    assert code == 1 and "CREDENTIAL_REVOKED" in out
    code, out, _ = _run(
        capsys, "status", "check", str(valid), "--documents", str(documents), "--json"
    )
    report = json.loads(out)
    assert code == 0 and report["verified"] and report["status"][0]["value"] == 0
    code, out, _ = _run(capsys, "status", "check", str(valid))  # no list, no network
    assert code == 1 and "STATUS_RETRIEVAL_ERROR" in out and "not allowed" in out


def test_refusals_are_usage_errors(
    tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "status.db")
    code, _, err = _run(capsys, "status", "allocate", "--db", db, "--list", URL)
    assert code == 2 and "no status list" in err
    code, _, err = _run(
        capsys,
        "status",
        "create",
        "--db",
        db,
        "--url",
        URL,
        "--key",
        str(key_file),
        "--status-size",
        "2",
    )
    assert code == 2 and "messages" in err
    messages = tmp_path / "messages.json"
    messages.write_text(json.dumps(["pending", "accepted", "rejected", "undefined"]))
    code, _, _ = _run(
        capsys,
        "status",
        "create",
        "--db",
        db,
        "--url",
        URL,
        "--key",
        str(key_file),
        "--purpose",
        "message",
        "--status-size",
        "2",
        "--messages",
        str(messages),
    )
    assert code == 0
    code, _, err = _run(
        capsys, "status", "set", "--db", db, "--list", URL, "--index", "3", "--value", "1"
    )
    assert code == 2 and "not allocated" in err
    assert _run(capsys, "status")[0] == 2
