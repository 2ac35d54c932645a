"""Helpers shared by the sub-commands: reading inputs, printing problems."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .._json import load_json
from ..errors import VclerError

__all__ = ["EXIT_INVALID", "EXIT_OK", "EXIT_USAGE", "CliError", "read_input", "read_json"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


class CliError(Exception):
    """A usage or input error: printed to stderr, exit code 2."""


def read_input(path: str) -> bytes:
    """The bytes of ``path`` (``-`` is standard input); :class:`CliError` if unreadable."""
    try:
        if path == "-":
            return sys.stdin.buffer.read()
        return Path(path).read_bytes()
    except OSError as e:
        raise CliError(f"cannot read {path}: {e.strerror or e}") from e


def read_json(path: str) -> Any:
    """``path`` parsed as JSON; :class:`CliError` if unreadable or not JSON."""
    try:
        return load_json(read_input(path))
    except VclerError as e:
        raise CliError(f"{path}: {e}") from e
