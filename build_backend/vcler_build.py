"""vcler's build backend: setuptools', plus the optional mypyc build.

``VCLER_MYPYC=1`` in the environment, or ``--config-settings mypyc=1`` given to pip or
``python -m build`` (a setting wins over the variable), asks for the compiled build: mypy
(which brings mypyc) and vcler's own dependencies (so that mypyc compiles against their real
types) join the wheel's build requirements, and ``setup.py`` compiles the modules named in
``src/vcler/_compiled.py`` when it builds the wheel. Every other step (requirements,
metadata, the sdist, editable installs) runs setup.py without the flag: only a wheel is ever
compiled. Without either, this is setuptools' backend unchanged and the wheel is pure Python.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from setuptools import build_meta as _setuptools
from setuptools.config.pyprojecttoml import read_configuration

# The mypy release the compiled build is made and tested with.
MYPY = "mypy==2.4.1"
# What setup.py reads: "1" compiles.
FLAG = "VCLER_MYPYC"

Settings = dict[str, Any] | None


def _compiled(config_settings: Settings) -> bool:
    asked = (config_settings or {}).get("mypyc")
    if asked is not None:
        return str(asked).lower() in {"1", "true", "yes", "on"}
    return os.environ.get(FLAG) == "1"


def _theirs(config_settings: Settings) -> dict[str, Any]:
    """The settings for setuptools: all but ours."""
    return {k: v for k, v in (config_settings or {}).items() if k != "mypyc"}


@contextmanager
def _flag(compiled: bool) -> Iterator[None]:
    """setup.py runs with the flag set to ``compiled``; the environment is restored after."""
    saved = os.environ.pop(FLAG, None)
    if compiled:
        os.environ[FLAG] = "1"
    try:
        yield
    finally:
        os.environ.pop(FLAG, None)
        if saved is not None:
            os.environ[FLAG] = saved


def get_requires_for_build_wheel(config_settings: Settings = None) -> list[str]:
    with _flag(False):
        requires = list(_setuptools.get_requires_for_build_wheel(_theirs(config_settings)))
    if _compiled(config_settings):
        project = read_configuration("pyproject.toml")["project"]
        requires += [MYPY, *project["dependencies"]]
    return requires


def prepare_metadata_for_build_wheel(
    metadata_directory: str, config_settings: Settings = None
) -> str:
    with _flag(False):
        return _setuptools.prepare_metadata_for_build_wheel(
            metadata_directory, _theirs(config_settings)
        )


def build_wheel(
    wheel_directory: str,
    config_settings: Settings = None,
    metadata_directory: str | None = None,
) -> str:
    with _flag(_compiled(config_settings)):
        return _setuptools.build_wheel(
            wheel_directory, _theirs(config_settings), metadata_directory
        )


def get_requires_for_build_sdist(config_settings: Settings = None) -> list[str]:
    with _flag(False):
        return list(_setuptools.get_requires_for_build_sdist(_theirs(config_settings)))


def build_sdist(sdist_directory: str, config_settings: Settings = None) -> str:
    with _flag(False):
        return _setuptools.build_sdist(sdist_directory, _theirs(config_settings))


def get_requires_for_build_editable(config_settings: Settings = None) -> list[str]:
    with _flag(False):
        return list(_setuptools.get_requires_for_build_editable(_theirs(config_settings)))


def prepare_metadata_for_build_editable(
    metadata_directory: str, config_settings: Settings = None
) -> str:
    with _flag(False):
        return _setuptools.prepare_metadata_for_build_editable(
            metadata_directory, _theirs(config_settings)
        )


def build_editable(
    wheel_directory: str,
    config_settings: Settings = None,
    metadata_directory: str | None = None,
) -> str:
    with _flag(False):
        return _setuptools.build_editable(
            wheel_directory, _theirs(config_settings), metadata_directory
        )
