"""Shared test configuration."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from tests.compiled import COMPILED
from tests.net.server import https_server

__all__ = ["https_server"]

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "dev", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
# A long hunt for counterexamples, run by hand: HYPOTHESIS_PROFILE=thorough pytest ...
settings.register_profile(
    "thorough",
    max_examples=int(os.environ.get("VCLER_HYPOTHESIS_EXAMPLES", "2000")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip the tests that look inside pure-Python objects when vcler is compiled."""
    if not COMPILED:
        return
    skip = pytest.mark.skip(reason="looks inside pure-Python objects; vcler is compiled here")
    for item in items:
        if item.get_closest_marker("pure_python"):
            item.add_marker(skip)


settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))
