"""vcler's build backend: setuptools', plus the optional mypyc build.

``VCLER_MYPYC=1`` in the environment, or ``--config-settings mypyc=1`` given to pip or
``python -m build``, asks for the compiled build: mypy (which brings mypyc) and vcler's own
dependencies (so that mypyc compiles against their real types) join the wheel's build
requirements, and ``setup.py`` compiles the modules named in ``src/vcler/_compiled.py``.
Without either, this is setuptools' backend unchanged and the wheel is pure Python.
"""

from __future__ import annotations

import os
from typing import Any

from setuptools import build_meta as _setuptools
from setuptools.build_meta import (  # noqa: F401  (the rest of the backend, re-exported)
    build_editable,
    build_sdist,
    get_requires_for_build_editable,
    get_requires_for_build_sdist,
    prepare_metadata_for_build_editable,
    prepare_metadata_for_build_wheel,
)
from setuptools.config.pyprojecttoml import read_configuration

# The mypy release the compiled build is made and tested with.
MYPY = "mypy==2.4.1"


def _compiled(config_settings: dict[str, Any] | None) -> bool:
    asked = (config_settings or {}).get("mypyc")
    if asked is not None:
        return str(asked).lower() in {"1", "true", "yes", "on"}
    return os.environ.get("VCLER_MYPYC") == "1"


def get_requires_for_build_wheel(config_settings: dict[str, Any] | None = None) -> list[str]:
    requires = list(_setuptools.get_requires_for_build_wheel(config_settings))
    if _compiled(config_settings):
        project = read_configuration("pyproject.toml")["project"]
        requires += [MYPY, *project["dependencies"]]
    return requires


def build_wheel(
    wheel_directory: str,
    config_settings: dict[str, Any] | None = None,
    metadata_directory: str | None = None,
) -> str:
    settings = {k: v for k, v in (config_settings or {}).items() if k != "mypyc"}
    if not _compiled(config_settings):
        os.environ.pop("VCLER_MYPYC", None)
        return _setuptools.build_wheel(wheel_directory, settings, metadata_directory)
    os.environ["VCLER_MYPYC"] = "1"
    return _setuptools.build_wheel(wheel_directory, settings, metadata_directory)
