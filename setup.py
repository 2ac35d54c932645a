"""Builds vcler. Pure Python by default; with ``VCLER_MYPYC=1`` the modules named by
``src/vcler/_compiled.py`` are compiled with mypyc (needs a C compiler; ``build_backend``
adds mypy to the build's requirements then). Everything else is in pyproject.toml."""

from __future__ import annotations

import ast
import os
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).resolve().parent


def compiled_paths() -> list[str]:
    """The source files of vcler._compiled.MODULES, read without importing vcler."""
    tree = ast.parse((HERE / "src" / "vcler" / "_compiled.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == "MODULES":
            modules = ast.literal_eval(node.value)  # type: ignore[arg-type]
            break
    else:
        raise SystemExit("src/vcler/_compiled.py has no MODULES")
    paths = []
    for name in modules:
        base = HERE.joinpath("src", *name.split("."))
        package = base / "__init__.py"
        path = package if package.is_file() else base.with_suffix(".py")
        paths.append(path.relative_to(HERE).as_posix())
    return paths


if __name__ == "__main__":  # as setuptools runs it (tests import compiled_paths alone)
    ext_modules = []
    if os.environ.get("VCLER_MYPYC") == "1":
        from mypyc.build import mypycify

        ext_modules = mypycify(compiled_paths(), opt_level="3", group_name="vcler")
    setup(ext_modules=ext_modules)
