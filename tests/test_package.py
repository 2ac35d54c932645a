"""The package's contracts: sorted public names that resolve, one version, a light import."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

import vcler

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_MODULES = [
    "vcler",
    "vcler.errors",
    "vcler.results",
    "vcler.jsonld",
    "vcler.canon",
    "vcler.rdf",
    "vcler.keys",
    "vcler.di",
    "vcler.did",
    "vcler.net",
    "vcler.status",
    "vcler.models",
    "vcler.validation",
    "vcler.openbadges",
    "vcler.skills",
]


def _isort_key(name: str) -> tuple[int, str]:
    """isort-style order (as ruff's RUF022): CONSTANTS, then Classes, then functions."""
    if name.isupper() or (name.upper() == name and "_" in name):
        return (0, name)
    return (1 if name[:1].isupper() else 2, name)


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_all_is_sorted_and_every_name_resolves(name: str) -> None:
    module = importlib.import_module(name)
    names = list(module.__all__)
    assert names == sorted(names, key=_isort_key), f"{name}.__all__ is not sorted"
    assert len(names) == len(set(names))
    for public in names:
        assert getattr(module, public) is not None


def test_version_matches_pyproject() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (version,) = re.findall(r'^version = "([^"]+)"', pyproject, flags=re.M)
    assert vcler.__version__ == version


def test_every_error_has_a_code() -> None:
    from vcler import errors

    for name in errors.__all__:
        cls = getattr(errors, name)
        assert issubclass(cls, errors.VclerError)
        assert isinstance(cls.code, str) and cls.code


def test_import_is_light() -> None:
    code = (
        "import sys, vcler; heavy = {'pyld', 'pydantic', 'cryptography', 'httpx', 'jsonschema'};"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def _distribution(requirement: str) -> str:
    """The normalized distribution name of a requirement (``PyNaCl>=1.5`` -> ``pynacl``)."""
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
    assert match is not None, requirement
    return re.sub(r"[-_.]+", "-", match.group(0)).lower()


def _imported_distributions(folder: Path) -> dict[str, set[str]]:
    """The distributions the modules under ``folder`` import, with the modules importing them."""
    import ast
    import importlib.metadata

    owners = importlib.metadata.packages_distributions()
    found: dict[str, set[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_bytes())):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top in sys.stdlib_module_names or top in ("vcler", "__future__"):
                    continue
                for distribution in owners.get(top, [top]):  # tomli: not installed on 3.11+
                    found.setdefault(_distribution(distribution), set()).add(str(path))
    return found


def test_dependencies_are_what_the_code_imports() -> None:
    """Every required dependency is imported by src/, and src/ imports only what it declares
    (the server extra's packages only from vcler.server)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    required = {_distribution(r) for r in project["dependencies"]}
    server = {_distribution(r) for r in project["optional-dependencies"]["server"]}
    src = ROOT / "src" / "vcler"
    imported = _imported_distributions(src)
    assert required == imported.keys() - server, "pyproject's dependencies differ from the imports"
    for distribution in imported.keys() & server:
        outside = {p for p in imported[distribution] if not p.startswith(str(src / "server"))}
        assert not outside, f"{distribution} (the server extra) imported by {sorted(outside)}"

