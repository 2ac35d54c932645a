"""The package's contracts: sorted public names that resolve, one version, a light import."""

from __future__ import annotations

import ast
import hashlib
import importlib
import re
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
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
    "vcler.keys.encoding",
    "vcler.keys.multicodec",
    "vcler.di",
    "vcler.did",
    "vcler.net",
    "vcler.status",
    "vcler.models",
    "vcler.validation",
    "vcler.openbadges",
    "vcler.skills",
    "vcler.dask",
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
    (the server extra's packages only from vcler.server, the dask extra's from vcler.dask, the
    bbs extra's from vcler.keys.bbs)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    required = {_distribution(r) for r in project["dependencies"]}
    src = ROOT / "src" / "vcler"
    imported = _imported_distributions(src)
    # Each extra's packages, and the only part of src/ that may import them.
    extras = {"server": src / "server", "dask": src / "dask.py", "bbs": src / "keys" / "bbs"}
    optional: set[str] = set()
    for extra, where in extras.items():
        packages = {_distribution(r) for r in project["optional-dependencies"][extra]}
        optional |= packages
        for distribution in imported.keys() & packages:
            outside = {p for p in imported[distribution] if not p.startswith(str(where))}
            assert not outside, f"{distribution} (the {extra} extra) imported by {sorted(outside)}"
    assert required == imported.keys() - optional, "pyproject's dependencies differ from imports"


# The Apache License 2.0 as apache.org publishes it (LICENSE-2.0.txt), byte for byte.
APACHE_2_SHA256 = "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30"


def _package_files() -> set[str]:
    """Every file of src/vcler (code and data), relative to src/; compiled modules left in
    place by a developer's ``build_ext --inplace`` are not part of the package."""
    src = ROOT / "src"
    return {
        path.relative_to(src).as_posix()
        for path in (src / "vcler").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".so"
    }


def test_sdist_and_wheel_hold_the_package_its_data_and_the_licences(tmp_path: Path) -> None:
    """``python -m build`` (offline: the build backend from this environment) makes an sdist
    and, from it, a wheel; both hold every file of the package (contexts, schemas, py.typed),
    the licences and the metadata PyPI shows. CI also installs the wheel in a fresh venv."""
    pytest.importorskip("build")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (sdist,) = tmp_path.glob("vcler-*.tar.gz")
    (wheel,) = tmp_path.glob("vcler-*.whl")
    with tarfile.open(sdist) as archive:
        in_sdist = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = set(archive.namelist())
        metadata = Parser().parsestr(
            archive.read(next(n for n in in_wheel if n.endswith(".dist-info/METADATA"))).decode()
        )
    package = _package_files()
    assert {"vcler/py.typed", "vcler/jsonld/contexts/MANIFEST.json"} <= package
    assert {"vcler/data/schemas/MANIFEST.json", "vcler/data/schemas/NOTICE"} <= package
    assert package <= {name.removeprefix("src/") for name in in_sdist}
    assert package <= in_wheel
    assert {"LICENSE", "NOTICE", "README.md", "CHANGELOG.md", "pyproject.toml"} <= in_sdist
    assert not any(name.startswith("tests/") for name in in_sdist)
    licences = {name.split("/licenses/")[1] for name in in_wheel if "/licenses/" in name}
    assert licences == {"LICENSE", "NOTICE"}

    assert metadata["License-Expression"] == "Apache-2.0"
    assert not any(c.startswith("License ::") for c in metadata.get_all("Classifier"))
    assert {"Homepage", "Documentation", "Repository", "Issues", "Changelog"} == {
        url.split(",")[0] for url in metadata.get_all("Project-URL")
    }
    assert "Programming Language :: Python :: 3.13" in metadata.get_all("Classifier")


def test_licence_is_the_standard_apache_2_text() -> None:
    assert hashlib.sha256((ROOT / "LICENSE").read_bytes()).hexdigest() == APACHE_2_SHA256


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT / "src").with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _private_imports(path: Path) -> list[str]:
    """What ``path`` imports that is private to another module or package.

    A private module (``vcler.keys._keys``) may be imported from inside its package only; a
    private name (``safe._ABSOLUTE_IRI``) from nowhere but its own module.
    """
    importer = _module_name(path)
    package = importer if path.name == "__init__.py" else importer.rpartition(".")[0]
    found = []

    def check_module(module: str) -> None:
        parts = module.split(".")
        for index, part in enumerate(parts):
            owner = ".".join(parts[:index])
            if _is_private(part) and not (importer + ".").startswith(owner + "."):
                found.append(module)
                return

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                check_module(alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            module = ".".join([*base, node.module] if node.module else base)
            if node.level == 0:
                module = node.module or ""
            if not module.startswith("vcler"):
                continue
            check_module(module)
            for alias in node.names:
                if not _is_private(alias.name):
                    continue
                submodule = f"{module}.{alias.name}"
                where = ROOT / "src" / submodule.replace(".", "/")
                if where.with_suffix(".py").is_file() or (where / "__init__.py").is_file():
                    check_module(submodule)
                else:
                    found.append(f"{module}.{alias.name}")
    return found


def test_no_module_imports_what_is_private_to_another() -> None:
    found = {
        _module_name(path): imports
        for path in sorted((ROOT / "src" / "vcler").rglob("*.py"))
        if (imports := _private_imports(path))
    }
    assert found == {}
