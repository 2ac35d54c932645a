"""The app of one worker process of ``vcler serve --workers N`` (uvicorn's app factory).

Each worker reads the configuration file named by ``VCLER_SERVER_CONFIG`` and builds its own
service: its own connections to the shared store, nothing else shared.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from . import CONFIG_ENV, create_app, load_config

if TYPE_CHECKING:
    from starlette.applications import Starlette

__all__ = ["app"]


def app() -> Starlette:
    """The app for the configuration file named by ``VCLER_SERVER_CONFIG``."""
    return create_app(load_config(os.environ[CONFIG_ENV]))
