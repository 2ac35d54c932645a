"""``vcler conformance SUITE ...``: the command lines W3C test suites drive implementations with.

Each suite's driver is its own module exposing ``register(subparsers)``; the list below is the
whole set. Documented in ``docs/conformance.md``.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["register"]

# Suite drivers, in the order ``vcler conformance --help`` lists them.
_SUITES: tuple[str, ...] = ("vcler.cli._conformance_jose",)


def register(subparsers: Any) -> None:
    """Add ``vcler conformance`` and every suite driver to ``subparsers``."""
    parser = subparsers.add_parser(
        "conformance",
        help="drivers for the W3C conformance test suites",
        description="The command lines W3C test suites run an implementation with.",
    )
    suites = parser.add_subparsers(dest="suite", metavar="SUITE")
    for name in _SUITES:
        importlib.import_module(name).register(suites)
