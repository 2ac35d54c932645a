"""The CLI recipes: key generate -> issue -> present -> verify, demo, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from vcler import __version__
from vcler._compiled import compiled_modules
from vcler.cli import main
from vcler.cli._demo import example_credential


@pytest.fixture
def workspace(tmp_path):
    key = tmp_path / "issuer.json"
    holder = tmp_path / "holder.json"
    assert main(["key", "generate", "--type", "Ed25519", "-o", str(key)]) == 0
    assert main(["key", "generate", "--type", "P-256", "-o", str(holder)]) == 0
    credential = example_credential()
    credential["issuer"]["id"] = json.loads(key.read_text())["controller"]
    unsigned = tmp_path / "credential.json"
    unsigned.write_text(json.dumps(credential))
    return tmp_path


def run_json(capsys, argv):
    code = main(argv)
    out = capsys.readouterr().out
    return code, [json.loads(line) for line in out.splitlines() if line.strip()]


def test_issue_verify_and_tamper(workspace, capsys):
    signed = workspace / "signed.json"
    code = main(
        [
            "issue",
            str(workspace / "credential.json"),
            "--key",
            str(workspace / "issuer.json"),
            "--created",
            "2026-11-01T00:00:00Z",
            "-o",
            str(signed),
        ]
    )
    assert code == 0
    assert json.loads(signed.read_text())["proof"]["created"] == "2026-11-01T00:00:00Z"
    code, lines = run_json(capsys, ["verify", str(signed), "--json"])
    assert code == 0
    assert lines[0]["input"] == str(signed) and lines[0]["verified"] is True
    assert lines[0]["proofs"][0]["verified"] is True

    tampered = json.loads(signed.read_text())
    tampered["name"] = "Forged"
    forged = workspace / "forged.json"
    forged.write_text(json.dumps(tampered))
    code, lines = run_json(capsys, ["verify", str(signed), str(forged), "--json"])
    assert code == 1
    assert [line["verified"] for line in lines] == [True, False]
    assert lines[1]["problems"][0]["code"] == "PROOF_VERIFICATION_ERROR"
    assert set(lines[1]["problems"][0]) >= {"code", "message", "pointer"}


def test_readable_report(workspace, capsys):
    signed = workspace / "signed.json"
    main(
        [
            "issue",
            str(workspace / "credential.json"),
            "--key",
            str(workspace / "issuer.json"),
            "-o",
            str(signed),
        ]
    )
    capsys.readouterr()
    assert main(["verify", str(signed)]) == 0
    assert "verified" in capsys.readouterr().out


def test_issue_refuses_malformed_with_exit_1(workspace, capsys):
    broken = json.loads((workspace / "credential.json").read_text())
    del broken["issuer"]
    path = workspace / "broken.json"
    path.write_text(json.dumps(broken))
    assert main(["issue", str(path), "--key", str(workspace / "issuer.json")]) == 1
    err = capsys.readouterr().err
    assert "MALFORMED_VALUE_ERROR" in err and "/issuer" in err


def test_usage_errors_and_unusable_keys_exit_2(workspace, capsys):
    assert (
        main(
            [
                "issue",
                str(workspace / "credential.json"),
                "--key",
                str(workspace / "credential.json"),
            ]
        )
        == 2
    )
    assert main(["verify", str(workspace / "credential.json"), "--now", "tomorrow"]) == 2
    assert (
        main(
            [
                "issue",
                str(workspace / "credential.json"),
                "--key",
                str(workspace / "issuer.json"),
                "--suite",
                "nope-2020",
            ]
        )
        == 2
    )
    with pytest.raises(SystemExit) as info:
        main(["verify"])
    assert info.value.code == 2


def test_present_and_verify_with_challenge(workspace, capsys):
    signed = workspace / "signed.json"
    vp = workspace / "vp.json"
    main(
        [
            "issue",
            str(workspace / "credential.json"),
            "--key",
            str(workspace / "issuer.json"),
            "-o",
            str(signed),
        ]
    )
    code = main(
        [
            "present",
            str(signed),
            "--key",
            str(workspace / "holder.json"),
            "--challenge",
            "abc",
            "--domain",
            "hr.example",
            "-o",
            str(vp),
        ]
    )
    assert code == 0
    assert json.loads(vp.read_text())["proof"]["cryptosuite"] == "ecdsa-rdfc-2019"
    code, lines = run_json(
        capsys, ["verify", str(vp), "--json", "--challenge", "abc", "--domain", "hr.example"]
    )
    assert code == 0, lines
    code, lines = run_json(
        capsys, ["verify", str(vp), "--json", "--challenge", "xyz", "--domain", "hr.example"]
    )
    assert code == 1
    assert "INVALID_CHALLENGE_ERROR" in {p["code"] for p in lines[0]["problems"]}


def test_verify_now_option_checks_validity(workspace, capsys):
    signed = workspace / "signed.json"
    main(
        [
            "issue",
            str(workspace / "credential.json"),
            "--key",
            str(workspace / "issuer.json"),
            "-o",
            str(signed),
        ]
    )
    code, lines = run_json(
        capsys, ["verify", str(signed), "--json", "--now", "2020-01-01T00:00:00Z"]
    )
    assert code == 1
    assert lines[0]["problems"][0]["code"] == "CREDENTIAL_NOT_YET_VALID"


def test_documents_dir_serves_controller_documents(tmp_path, capsys):
    key_path = tmp_path / "key.json"
    main(["key", "generate", "--controller", "did:web:college.example", "-o", str(key_path)])
    key = json.loads(key_path.read_text())
    public = {k: v for k, v in key.items() if k != "secretKeyMultibase"}
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "college.json").write_text(
        json.dumps(
            {
                "@context": ["https://www.w3.org/ns/did/v1"],
                "id": "did:web:college.example",
                "verificationMethod": [public],
                "assertionMethod": [key["id"]],
            }
        )
    )
    credential = example_credential()
    credential["issuer"]["id"] = "did:web:college.example"
    (tmp_path / "c.json").write_text(json.dumps(credential))
    main(
        ["issue", str(tmp_path / "c.json"), "--key", str(key_path), "-o", str(tmp_path / "s.json")]
    )
    capsys.readouterr()
    assert main(["verify", str(tmp_path / "s.json")]) == 1
    assert main(["verify", str(tmp_path / "s.json"), "--documents", str(docs)]) == 0


def test_demo_issues_verifies_and_detects_tampering(capsys):
    assert main(["demo", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "Verified: True" in out and "Verified: False" in out
    assert "PROOF_VERIFICATION_ERROR" in out


def test_version_and_module_entry_point():
    done = subprocess.run(
        [sys.executable, "-m", "vcler", "--version"], capture_output=True, text=True, check=True
    )
    compiled = len(compiled_modules())
    suffix = f" (compiled: {compiled} modules)" if compiled else ""
    assert done.stdout.strip() == f"vcler {__version__}{suffix}"
    helped = subprocess.run(
        [sys.executable, "-m", "vcler", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("demo", "issue", "verify", "present", "validate", "canon", "key", "did"):
        assert command in helped.stdout


def test_issue_with_status_registry(workspace, capsys):
    db = workspace / "status.db"
    url = "https://college.example/status/1"
    key = str(workspace / "issuer.json")
    assert main(["status", "create", "--db", str(db), "--url", url, "--key", key]) == 0
    signed = workspace / "signed.json"
    code = main(
        [
            "issue",
            str(workspace / "credential.json"),
            "--key",
            key,
            "--status-db",
            str(db),
            "--status-list",
            url,
            "-o",
            str(signed),
        ]
    )
    assert code == 0
    entry = json.loads(signed.read_text())["credentialStatus"]
    assert entry["type"] == "BitstringStatusListEntry"
    assert isinstance(entry["statusListIndex"], str)
    assert (
        main(["issue", str(workspace / "credential.json"), "--key", key, "--status-db", str(db)])
        == 2
    )


def test_readable_report_shows_status_entries(workspace, capsys):
    db = workspace / "status.db"
    url = "https://college.example/status/1"
    key = str(workspace / "issuer.json")
    main(["status", "create", "--db", str(db), "--url", url, "--key", key])
    signed = workspace / "signed.json"
    main(
        [
            "issue",
            str(workspace / "credential.json"),
            "--key",
            key,
            "--status-db",
            str(db),
            "--status-list",
            url,
            "-o",
            str(signed),
        ]
    )
    docs = workspace / "lists"
    docs.mkdir()
    main(
        [
            "status",
            "publish",
            "--db",
            str(db),
            "--list",
            url,
            "--key",
            key,
            "-o",
            str(docs / "list.json"),
        ]
    )
    capsys.readouterr()
    assert main(["verify", str(signed), "--documents", str(docs)]) == 0
    out = capsys.readouterr().out
    assert f"(revocation, {url} #" in out and "): ok" in out
