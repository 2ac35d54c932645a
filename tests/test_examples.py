"""The runnable examples in ``examples/``, run offline as a user would run them."""

from __future__ import annotations

import copy
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import vcler

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def load(script: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(script.removesuffix(".py"), EXAMPLES / script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_issuer_service(tmp_path: Path) -> None:
    for _ in range(2):  # a second run reuses the key and the registry
        done = run("issuer_service.py", "--out", str(tmp_path))
        assert done.returncode == 0, done.stderr
        assert "verified before revocation: True" in done.stdout
        assert "verified after revocation: False (CREDENTIAL_REVOKED)" in done.stdout
    badge = json.loads((tmp_path / "badge.json").read_text())
    status_list = json.loads((tmp_path / "status-list.json").read_text())
    assert "OpenBadgeCredential" in badge["type"]
    assert badge["credentialStatus"]["statusListCredential"] == status_list["id"]
    assert vcler.verify(status_list).verified
    assert (tmp_path / "status.db").exists()


def test_verifier_service(tmp_path: Path) -> None:
    module = load("verifier_service.py")
    good, revoked, untrusted = module.demo(tmp_path)
    assert good.accepted and good.reasons == []
    assert not revoked.accepted and revoked.reasons[0].startswith("CREDENTIAL_REVOKED")
    assert not untrusted.accepted and "is not trusted" in untrusted.reasons[0]
    done = run("verifier_service.py")
    assert done.returncode == 1
    assert done.stdout.count("ACCEPTED") == 1 and done.stdout.count("REFUSED") == 2


def test_verifier_service_with_files(tmp_path: Path) -> None:
    key = vcler.generate_key("Ed25519")
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": key.controller,
        "credentialSubject": {"id": "did:example:applicant"},
    }
    (tmp_path / "cred.json").write_text(json.dumps(vcler.issue(credential, signer=key)))
    (tmp_path / "docs").mkdir()
    args = ["--documents", str(tmp_path / "docs"), str(tmp_path / "cred.json")]
    assert run("verifier_service.py", "--trust", key.controller, *args).returncode == 0
    assert run("verifier_service.py", "--trust", "did:example:other", *args).returncode == 1


def test_verify_folder(tmp_path: Path) -> None:
    key = vcler.generate_key("Ed25519")
    folder = tmp_path / "credentials"
    folder.mkdir()

    def credential(name: str, **extra: str) -> dict[str, object]:
        document: dict[str, object] = {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": key.controller,
            "validFrom": "2024-01-01T00:00:00Z",
            "credentialSubject": {"id": "did:example:learner", "name": name},
        }
        document.update(extra)
        return vcler.issue(document, signer=key)

    good = [credential(f"good {i}") for i in range(3)]
    tampered = copy.deepcopy(credential("tampered"))
    tampered["credentialSubject"]["name"] = "changed"  # type: ignore[index]
    expired = credential("expired", validUntil="2024-06-01T00:00:00Z")
    for i, document in enumerate(good):
        (folder / f"good-{i}.json").write_text(json.dumps(document))
    (folder / "tampered.json").write_text(json.dumps(tampered))
    (folder / "expired.json").write_text(json.dumps(expired))
    (folder / "broken.json").write_text("{not json")

    done = run("verify_folder.py", str(folder), "--now", "2025-01-01T00:00:00Z")
    assert done.returncode == 1
    assert "6/6" in done.stderr  # the progress bar ran to the end
    rows = {line.split()[0]: line.split()[1] for line in done.stdout.splitlines()[2:8]}
    assert rows == {
        "broken.json": "FAILED",
        "expired.json": "FAILED",
        "good-0.json": "ok",
        "good-1.json": "ok",
        "good-2.json": "ok",
        "tampered.json": "FAILED",
    }
    assert "3 verified, 3 failed, 6 total" in done.stdout
    assert "CREDENTIAL_EXPIRED" in done.stdout and "PROOF_VERIFICATION_ERROR" in done.stdout
    # Before the expiry date, the expired credential verifies.
    for name in ("tampered.json", "broken.json"):
        (folder / name).unlink()
    again = run("verify_folder.py", str(folder), "--now", "2024-03-01T00:00:00Z", "--no-progress")
    assert again.returncode == 0, again.stdout
    assert again.stderr == ""
    assert "4 verified, 0 failed, 4 total" in again.stdout
