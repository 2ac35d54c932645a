"""Shared test configuration."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

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
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))
