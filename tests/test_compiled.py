"""The optional compiled build (``VCLER_MYPYC=1``, docs/performance.md#a-compiled-build).

The module list is checked here in every run. The comparison needs the compiled build:
``.ci/run`` builds the compiled wheel from the sdist, installs it into a venv of its own
(where a part of this suite runs again) and names that venv's interpreter in
``VCLER_COMPILED_PYTHON``; then every answer of :mod:`tests.compiled_run` (verification of
the published vectors as published and tampered with, RDFC-1.0 and JCS of them, issuing
with fixed keys) must be the same from both builds, and each build must verify the
credentials the other issued. Under ``CI=true`` a missing compiled build fails the test.
"""

from __future__ import annotations

import importlib.util
import json
import os
import runpy
import subprocess
from pathlib import Path
from typing import Any

import pytest

import vcler
from tests.compiled import COMPILED
from tests.compiled_run import NOW, answers, verify_issued
from vcler._compiled import MODULES, compiled_modules

ROOT = Path(__file__).resolve().parent.parent
COMPILED_PYTHON = os.environ.get("VCLER_COMPILED_PYTHON")


def test_the_module_list_names_modules_of_the_package() -> None:
    assert list(MODULES) == sorted(set(MODULES))
    for name in MODULES:
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.origin is not None, name
    # Pickled through their __dict__ (batches send them to worker processes): never compiled.
    assert not {"vcler.context", "vcler.did.sources"} & set(MODULES)
    assert compiled_modules() in ((), MODULES)


def test_setup_compiles_exactly_the_listed_modules() -> None:
    paths = runpy.run_path(str(ROOT / "setup.py"), run_name="setup")["compiled_paths"]()
    names = []
    for path in paths:
        assert (ROOT / path).is_file(), path
        parts = Path(path).with_suffix("").parts[1:]  # without src/
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    assert tuple(names) == MODULES


def _compiled_python() -> str:
    if not COMPILED_PYTHON:
        if os.environ.get("CI"):
            pytest.fail("CI must build the compiled wheel and set VCLER_COMPILED_PYTHON")
        pytest.skip("no compiled build here (VCLER_COMPILED_PYTHON)")
    if COMPILED:
        pytest.skip("this process runs the compiled build itself")
    return COMPILED_PYTHON


def _run(python: str, *args: str) -> None:
    done = subprocess.run(
        [python, *args], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_compiled_interpreter_runs_every_listed_module_compiled(tmp_path: Path) -> None:
    python = _compiled_python()
    out = tmp_path / "compiled.json"
    script = (
        "import json, sys, vcler._compiled as c; "
        "json.dump([list(c.compiled_modules()), c.__file__], open(sys.argv[1], 'w'))"
    )
    _run(python, "-c", script, str(out))
    modules, where = json.loads(out.read_text())
    assert tuple(modules) == MODULES
    assert not Path(where).is_relative_to(ROOT)  # the installed wheel, not this clone


def test_the_compiled_build_answers_as_the_pure_one(tmp_path: Path) -> None:
    python = _compiled_python()
    pure = answers()
    pure_file = tmp_path / "pure.json"
    pure_file.write_text(json.dumps(pure, sort_keys=True), encoding="utf-8")
    compiled_file = tmp_path / "compiled.json"
    _run(python, "-m", "tests.compiled_run", str(compiled_file), str(pure_file))
    compiled: dict[str, Any] = json.loads(compiled_file.read_text(encoding="utf-8"))
    crossed = compiled.pop("verified")
    # ECDSA signatures are randomized: those credentials are compared by verification.
    for name in [n for n in pure if n.startswith("issue ecdsa")]:
        ours, theirs = pure.pop(name), compiled.pop(name)
        if "raised" in ours or "raised" in theirs:
            assert ours == theirs, name
        else:
            assert {k: v for k, v in ours.items() if k != "proof"} == {
                k: v for k, v in theirs.items() if k != "proof"
            }, name
            assert crossed[name]["verified"] is True, name
            assert vcler.verify(theirs, now=NOW).verified, name
    assert sorted(pure) == sorted(compiled)
    # Through JSON both (tuples become lists, as in the compiled build's file).
    different = [name for name in pure if json.loads(json.dumps(pure[name])) != compiled[name]]
    assert different == []
    # Each build verifies what the other issued.
    assert all(result["verified"] for result in crossed.values()), crossed
    assert all(result["verified"] for result in verify_issued(compiled).values())
    assert len(crossed) >= 20


def test_answers_are_the_same_twice_in_one_build() -> None:
    # The comparison above is only meaningful if the answers are deterministic.
    first, second = answers(), answers()
    for name in [n for n in first if n.startswith("issue ecdsa")]:
        first.pop(name), second.pop(name)
    assert first == second


def _backend(monkeypatch: pytest.MonkeyPatch) -> tuple[Any, list[tuple[str, str | None]]]:
    """build_backend/vcler_build.py, with setuptools' hooks recording the flag setup.py sees."""
    monkeypatch.syspath_prepend(str(ROOT / "build_backend"))
    backend = importlib.import_module("vcler_build")
    seen: list[tuple[str, str | None]] = []
    for name in (
        "get_requires_for_build_wheel",
        "prepare_metadata_for_build_wheel",
        "build_wheel",
        "get_requires_for_build_sdist",
        "build_sdist",
        "get_requires_for_build_editable",
        "prepare_metadata_for_build_editable",
        "build_editable",
    ):

        def hook(*args: Any, _name: str = name) -> Any:
            assert "mypyc" not in (args[-1] if _name.startswith("get_requires") else args[1])
            seen.append((_name, os.environ.get("VCLER_MYPYC")))
            return [] if _name.startswith("get_requires") else "done"

        monkeypatch.setattr(backend._setuptools, name, hook)
    return backend, seen


@pytest.mark.parametrize(
    ("variable", "settings", "compiled"),
    [
        (None, {}, False),
        ("1", {}, True),
        (None, {"mypyc": "1"}, True),
        ("1", {"mypyc": "0"}, False),  # the setting wins
    ],
)
def test_only_the_wheel_is_built_compiled_when_asked(
    monkeypatch: pytest.MonkeyPatch, variable: str | None, settings: dict[str, str], compiled: bool
) -> None:
    if variable is None:
        monkeypatch.delenv("VCLER_MYPYC", raising=False)
    else:
        monkeypatch.setenv("VCLER_MYPYC", variable)
    backend, seen = _backend(monkeypatch)
    requires = backend.get_requires_for_build_wheel(settings)
    assert any(r.startswith("mypy==") for r in requires) is compiled
    backend.prepare_metadata_for_build_wheel("meta", settings)
    backend.build_wheel("wheels", settings)
    backend.get_requires_for_build_sdist(settings)
    backend.build_sdist("sdists", settings)
    backend.get_requires_for_build_editable(settings)
    backend.prepare_metadata_for_build_editable("meta", settings)
    backend.build_editable("wheels", settings)
    # setup.py compiles only when it builds the wheel (asking for requirements, metadata, an
    # sdist or an editable install with the flag would need mypy before it is installed).
    assert [flag for _, flag in seen] == [None, None, "1" if compiled else None] + [None] * 5
    assert os.environ.get("VCLER_MYPYC") == variable  # the environment as it was
