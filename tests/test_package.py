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
