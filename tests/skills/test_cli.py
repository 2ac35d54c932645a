"""``vcler skills profile|match`` with a fake ``vcler.verify`` (the real one is wired later)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

import vcler
from tests.skills import learner as L
from tests.vectors import vector_path
from vcler.cli import _skills
from vcler.cli._common import CliError
from vcler.results import VerificationResult


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="vcler")
    _skills.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return int(args.handler(args))


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[Any] = []

    def verify(document: Any, *, documents: dict[str, Any] | None = None) -> VerificationResult:
        seen.append(documents)
        return L.fake_verify(document)

    monkeypatch.setattr(vcler, "verify", verify, raising=False)
    paths = []
    for index, document in enumerate(L.documents()):
        path = tmp_path / f"doc{index}.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        paths.append(str(path))
    (tmp_path / "crosswalk.json").write_text(
        json.dumps({"association": L.CROSSWALK}), encoding="utf-8"
    )
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "status.json").write_text(
        json.dumps({"id": "https://status.example/1", "x": 1}), encoding="utf-8"
    )
    (extra / "noid.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(L, "seen", seen, raising=False)
    return paths


def test_profile_json(files: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(
        ["skills", "profile", *files, "--json", "--crosswalk", str(tmp_path / "crosswalk.json")]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 1  # two inputs were rejected
    ids = {skill["id"] for skill in out["skills"]}
    assert L.LIGHTCAST_PROGRAMMING.id in ids and L.RSD_PYTHON.id not in ids
    assert sorted(r["input"] for r in out["rejected"]) == sorted([files[2], files[5]])


def test_profile_table_and_documents(
    files: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(["skills", "profile", files[0], files[3], "--documents", str(tmp_path / "extra")])
    text = capsys.readouterr().out
    assert code == 0
    assert "Introductory programming [College CS Outcomes]" in text
    assert "level Proficient" in text and "Kubernetes" in text
    # Two files, and the CLR's course credential verified on its own: three calls.
    expected = {"https://status.example/1": {"id": "https://status.example/1", "x": 1}}
    assert L.seen == [expected] * 3  # type: ignore[attr-defined]


def test_match(files: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    requirements = tmp_path / "req.json"
    requirements.write_text(
        json.dumps([{"skill": L.LIGHTCAST_PYTHON.id, "level": 90}, {"skill": L.LIGHTCAST_JAVA.id}]),
        encoding="utf-8",
    )
    crosswalk = str(tmp_path / "crosswalk.json")
    assert (
        run(
            [
                "skills",
                "match",
                *files,
                "--requirements",
                str(requirements),
                "--crosswalk",
                crosswalk,
            ]
        )
        == 1
    )
    text = capsys.readouterr().out
    assert "coverage 1/2 (50%)" in text and f"MISSING  {L.LIGHTCAST_JAVA.id}" in text
    run(
        [
            "skills",
            "match",
            *files,
            "--requirements",
            str(requirements),
            "--json",
            "--crosswalk",
            crosswalk,
        ]
    )
    out = json.loads(capsys.readouterr().out)
    assert out["coverage"] == 0.5 and out["missing"] == [L.LIGHTCAST_JAVA.id]
    requirements.write_text(json.dumps([L.LIGHTCAST_KUBERNETES.id]), encoding="utf-8")
    assert run(["skills", "match", *files, "--requirements", str(requirements)]) == 0


def test_usage_errors(files: list[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"not": "a list"}', encoding="utf-8")
    with pytest.raises(CliError):
        run(["skills", "match", files[0], "--requirements", str(bad)])
    with pytest.raises(CliError):
        run(["skills", "profile", files[0], "--crosswalk", str(bad)])
    with pytest.raises(CliError):
        run(["skills", "profile", str(tmp_path / "missing.json")])
    with pytest.raises(CliError):
        run(["skills", "profile", files[0], "--documents", str(tmp_path / "nowhere")])
    assert run(["skills"]) == 2


LIGHTCAST_LIST = str(vector_path("lightcast", "skills.derived.json"))


def test_gap_json_contract(
    files: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    requirements = tmp_path / "req.json"
    requirements.write_text(
        json.dumps(
            [
                {"skill": "KS125LS6N7WP4S6SFTCK", "level": 95},
                L.LIGHTCAST_KUBERNETES.id,
                "KS1203C6N9B52QGB4H67",
            ]
        ),
        encoding="utf-8",
    )
    catalog = tmp_path / "catalog.json"
    research = "https://lightcast.io/open-skills/skills/KS1203C6N9B52QGB4H67"
    python = "https://lightcast.io/open-skills/skills/KS125LS6N7WP4S6SFTCK"
    courses = [
        {"id": "https://c.example/r", "type": ["Achievement"], "name": "Research methods",
         "alignment": [{"type": ["Alignment"], "targetName": "Research", "targetUrl": research}]},
        {"id": "https://c.example/p", "type": ["Achievement"], "name": "Python",
         "alignment": [{"type": ["Alignment"], "targetName": "Python", "targetUrl": python}]},
    ]  # fmt: skip
    catalog.write_text(json.dumps(courses), encoding="utf-8")
    argv = [
        "skills",
        "gap",
        files[3],
        "--requirements",
        str(requirements),
        "--catalog",
        str(catalog),
    ]
    code = run([*argv, "--library", LIGHTCAST_LIST, "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0  # missing skills, all brought by the catalog
    assert out["missing"] == [{"skill": python, "level": 95}, {"skill": research}]
    assert out["pathway"] == [  # one skill each: catalog order breaks the tie
        {"achievement": "https://c.example/r", "name": "Research methods", "skills": [research]},
        {"achievement": "https://c.example/p", "name": "Python", "skills": [python]},
    ]
    assert run([*argv, "--library", LIGHTCAST_LIST]) == 0
    text = capsys.readouterr().out
    assert "greedy set cover" in text and "TAKE     Python (https://c.example/p)" in text
    with pytest.raises(CliError, match="needs a library"):
        run(argv)  # without the library, a code is not a skill
    catalog.write_text(json.dumps(courses[:1]), encoding="utf-8")
    assert run([*argv, "--library", LIGHTCAST_LIST]) == 1  # nothing brings Python
    assert f"NO COURSE {python}" in capsys.readouterr().out


def test_catalog_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv_path = tmp_path / "catalog.csv"
    csv_path.write_text(
        "id,name,description,skills\nhttps://c.example/cs101,CS 101,Intro,KS125LS6N7WP4S6SFTCK\n",
        encoding="utf-8",
    )
    out_path = tmp_path / "achievements.json"
    assert (
        run(["skills", "catalog", str(csv_path), "--library", LIGHTCAST_LIST, "-o", str(out_path)])
        == 0
    )
    (achievement,) = json.loads(out_path.read_text(encoding="utf-8"))
    assert achievement["alignment"][0]["targetCode"] == "KS125LS6N7WP4S6SFTCK"
    csv_path.write_text(
        "id,name,description,skills\nhttps://c.example/1,One,,XX\n", encoding="utf-8"
    )
    with pytest.raises(CliError, match=r"catalog\.csv row 2: unknown skill 'XX'"):
        run(["skills", "catalog", str(csv_path), "--library", LIGHTCAST_LIST])
    with pytest.raises(CliError, match="--library"):
        run(["skills", "catalog", str(csv_path), "--library", str(csv_path)])


def test_export_ler_rs(
    files: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.skills.test_ler_rs import validate

    out_path = tmp_path / "ler-rs.json"
    code = run(
        ["skills", "export", *files, "--format", "ler-rs", "--name", "Ada", "-o", str(out_path)]
    )
    assert code == 1  # two inputs were not verified
    assert "not verified, not exported" in capsys.readouterr().err
    document = json.loads(out_path.read_text(encoding="utf-8"))
    assert validate(document) == []
    assert {s["schemeReference"]["reference"] for s in document["skills"]} >= {
        L.LIGHTCAST_KUBERNETES.id
    }


def test_profile_named_by_the_library(files: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    library = str(vector_path("osmt", "skill-v3.json"))
    assert run(["skills", "profile", files[4], "--library", LIGHTCAST_LIST, library, "--json"]) == 0
    (skill,) = json.loads(capsys.readouterr().out)["skills"]
    assert skill["name"] == "Python (Programming Language)"
    assert skill["framework"] == "Lightcast Open Skills"
