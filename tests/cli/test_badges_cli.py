"""`vcler verify` of Open Badges 2.0 and baked images, `vcler openbadges bake|unbake`,
`vcler clr bundle`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

import vcler
from tests.openbadges import ob2
from tests.openbadges.test_baking import SVG, png
from tests.skills import learner as L
from vcler.cli import main


def run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def served(tmp_path: Path) -> Path:
    """The OB 2.0 documents a --documents DIR serves by their ids."""
    folder = tmp_path / "documents"
    folder.mkdir()
    for name in ("robotics-badge.json", "organization.json", "key1.json"):
        shutil.copy(ob2.ROOT / "assets" / name, folder / name)
    shutil.copy(ob2.ROOT / "basic-assertion.json", folder / "hosted.json")
    return folder


def test_verify_ob2_hosted_signed_and_baked(
    served: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hosted = str(ob2.ROOT / "basic-assertion.json")
    code, out, _ = run(
        capsys, ["verify", hosted, "--documents", str(served), "--recipient", ob2.RECIPIENT]
    )
    assert code == 0 and "verified" in out and "HostedBadge" in out
    code, out, _ = run(
        capsys, ["verify", hosted, "--documents", str(served), "--recipient", "x@example.org"]
    )
    assert code == 1 and "RECIPIENT_MISMATCH" in out
    signed = str(ob2.ROOT / "simple.jwt")
    code, out, _ = run(capsys, ["verify", signed, "--documents", str(served), "--json"])
    line = json.loads(out)
    assert code == 0 and line["verified"] and line["warnings"][0]["code"] == "RECIPIENT_NOT_CHECKED"
    baked = str(ob2.ROOT / "simple-badge.png")
    code, out, _ = run(capsys, ["verify", baked, "--documents", str(served)])
    assert code == 0 and out.startswith(f"{baked}: verified")


def test_bake_unbake_and_verify_an_image(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = vcler.generate_key("Ed25519")
    badge = L.employer_assertion(
        "urn:uuid:e0e0e0e0-0000-4000-8000-0000000000dd", L.LIGHTCAST_PYTHON, "2024-01-01T00:00:00Z"
    )
    badge["issuer"]["id"] = key.controller
    credential = tmp_path / "badge.json"
    credential.write_text(json.dumps(vcler.issue(badge, signer=key)))
    for name, image in (("badge.png", png()), ("badge.svg", SVG)):
        source = tmp_path / f"plain-{name}"
        source.write_bytes(image)
        out_path = tmp_path / name
        assert (
            run(capsys, ["openbadges", "bake", str(source), str(credential), "-o", str(out_path)])[
                0
            ]
            == 0
        )
        code, out, _ = run(capsys, ["openbadges", "unbake", str(out_path)])
        assert code == 0 and json.loads(out)["id"] == badge["id"]
        code, out, _ = run(capsys, ["verify", str(out_path)])
        assert code == 0, out
    code, _, err = run(capsys, ["openbadges", "unbake", str(tmp_path / "plain-badge.png")])
    assert code == 1 and "no baked badge" in err
    code, _, err = run(capsys, ["openbadges", "bake", str(credential), str(credential), "-o", "x"])
    assert code == 2 and "not a PNG or SVG" in err
    assert run(capsys, ["openbadges"])[0] == 2


def test_clr_bundle(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = vcler.generate_key("Ed25519")
    key_file = tmp_path / "key.json"
    key.save(key_file)
    files = []
    for index, document in enumerate(L.documents()[1:4]):  # badge, tampered badge, assertion
        document["issuer"]["id"] = key.controller
        signed = vcler.issue(document, signer=key)
        if document["id"] == L.TAMPERED:
            signed["name"] = "Forged"
        path = tmp_path / f"c{index}.json"
        path.write_text(json.dumps(signed))
        files.append(str(path))
    achievements = [
        json.loads(Path(f).read_text())["credentialSubject"]["achievement"]["id"] for f in files
    ]
    associations = tmp_path / "associations.json"
    associations.write_text(
        json.dumps(
            [
                {
                    "associationType": "precedes",
                    "sourceId": achievements[0],
                    "targetId": achievements[2],
                },
                {
                    "associationType": "precedes",
                    "sourceId": achievements[1],
                    "targetId": achievements[2],
                },
            ]
        )
    )
    out_path = tmp_path / "clr.json"
    code, _, err = run(
        capsys,
        [
            "clr", "bundle", *files, "--key", str(key_file), "--name", "Ada's record",
            "--subject", L.LEARNER, "--associations", str(associations), "-o", str(out_path),
        ],
    )  # fmt: skip
    assert code == 1 and f"{files[1]} not bundled (PROOF_VERIFICATION_ERROR)" in err
    assert "dropped" in err
    clr = json.loads(out_path.read_text())
    held = [c["id"] for c in clr["credentialSubject"]["verifiableCredential"]]
    assert held == [json.loads(Path(files[i]).read_text())["id"] for i in (0, 2)]
    assert [a["sourceId"] for a in clr["credentialSubject"]["association"]] == [achievements[0]]
    result = vcler.verify(clr)
    assert result.verified, result.problems
    assert len(result.credentials) == 2


def test_clr_bundle_of_nothing_verified(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = vcler.generate_key("Ed25519")
    key_file = tmp_path / "key.json"
    key.save(key_file)
    code, _, err = run(
        capsys,
        ["clr", "bundle", str(ob2.ROOT / "simple.jwt"), "--key", str(key_file), "--name", "x"],
    )
    assert code == 2 and "nothing to bundle" in err
    assert run(capsys, ["clr"])[0] == 2


def test_bundle_clr_reports_what_it_leaves_out() -> None:
    from vcler.openbadges import bundle_clr

    with pytest.raises(vcler.errors.InputError):
        bundle_clr([], verify=vcler.verify, issuer="https://x.example", subject_id=None, name="n",
                   valid_from="2026-01-01T00:00:00Z")  # fmt: skip
    ob2_assertion: Any = ob2.read("basic-assertion.json")
    bundle = bundle_clr(
        [ob2_assertion, L.documents()[3]],
        verify=L.fake_verify,
        issuer="https://college.example.edu/issuers/1",
        subject_id=L.LEARNER,
        name="n",
        valid_from="2026-01-01T00:00:00Z",
    )
    assert [label for label, _ in bundle.excluded] == ["#0"]
    assert bundle.excluded[0][1][0].code == "MALFORMED_VALUE_ERROR"
    assert bundle.included == ("urn:uuid:e0e0e0e0-0000-4000-8000-000000000001",)
