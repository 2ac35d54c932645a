"""The VC-API issuer refuses what vcler.issue refuses, before a status index is spent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import vcler
from tests.server.conftest import write_config
from vcler.openbadges import build_achievement_credential
from vcler.server import ApiError, VcApiService, load_config
from vcler.status import StatusRegistry


@pytest.fixture
def service(tmp_path: Path) -> Iterator[tuple[VcApiService, Any]]:
    key = vcler.generate_key("Ed25519")
    service = VcApiService(load_config(write_config(tmp_path, "https://x.example", key)))
    yield service, key
    service.close()


def allocated(folder: Path) -> int:
    """How many status indexes the issuers' registry has handed out."""
    registry = StatusRegistry(folder / "status.db")
    try:
        return sum(registry.get_list(url).allocated for url in registry.list_urls())
    finally:
        registry.close()


def badge(issuer: str) -> dict[str, Any]:
    return build_achievement_credential(
        issuer={"id": issuer, "name": "Example College"},
        subject_id="did:example:learner",
        achievement={
            "id": "https://example.edu/achievements/python",
            "name": "Python",
            "description": "Programming in Python",
            "criteria": {"narrative": "Pass the course"},
            "alignment": [{"targetName": "Python", "targetUrl": "https://example.org/python"}],
        },
        valid_from="2024-05-01T00:00:00Z",
    )


def test_an_open_badge_deviation_is_refused_before_a_status_index_is_spent(
    service: tuple[VcApiService, Any], tmp_path: Path
) -> None:
    svc, key = service
    svc.issue("with-status", {"credential": badge(key.controller)})
    assert allocated(tmp_path) == 1
    deviant = badge(key.controller)
    deviant["credentialSubject"]["achievement"]["alignment"][0]["targetType"] = "Skillz"
    with pytest.raises(ApiError) as refused:
        svc.issue("with-status", {"credential": deviant})
    assert refused.value.status == 400
    pointers = {p["pointer"] for p in refused.value.to_json()["errors"]}
    assert "/credential/credentialSubject/achievement/alignment/0/targetType" in pointers
    assert allocated(tmp_path) == 1  # the refused request took no index
