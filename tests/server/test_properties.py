"""Whatever JSON a client sends, the service answers or refuses with a 4xx problem: never a
5xx, never an unexpected exception."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vcler
from tests.server.conftest import write_config
from vcler.server import ApiError, VcApiService, load_config

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)
credential_values = (
    st.sampled_from(["", "x", "did:example:1", "2024-01-01T00:00:00Z", "²", "VerifiableCredential"])
    | json_values
)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[VcApiService, Any]]:
    folder: Path = tmp_path_factory.mktemp("service")
    key = vcler.generate_key("Ed25519")
    service = VcApiService(load_config(write_config(folder, "https://x.example", key)))
    yield service, key
    service.close()


def _answer(call: Any, *args: Any) -> int:
    try:
        call(*args)
    except ApiError as e:
        assert 400 <= e.status < 500, e.to_json()
        json.dumps(e.to_json())  # always serializable
        return e.status
    return 200


@settings(max_examples=60)
@given(body=json_values)
def test_any_body_is_answered_without_5xx(service: tuple[VcApiService, Any], body: Any) -> None:
    svc, _ = service
    _answer(svc.issue, "with-status", body)
    _answer(svc.update_status, "with-status", body)
    _answer(svc.verify_credential, body)
    _answer(svc.verify_presentation, body)


@settings(max_examples=60)
@given(
    name=st.sampled_from(["issuer", "credentialSubject", "validFrom", "@context", "type", "id"]),
    value=credential_values,
)
def test_any_credential_is_signed_or_refused_with_400(
    service: tuple[VcApiService, Any], name: str, value: Any
) -> None:
    svc, key = service
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": key.controller,
        "credentialSubject": {"id": "did:example:learner"},
        name: value,
    }
    status = _answer(svc.issue, "plain", {"credential": credential})
    assert status in (200, 400)
    status = _answer(svc.verify_credential, {"verifiableCredential": credential})
    assert status == 400  # no proof: never verified


@pytest.mark.parametrize("index", ["²", "١٢", "-1", "1e3", "99999999999999999999999"])
def test_odd_indexes_are_refused(service: tuple[VcApiService, Any], index: str) -> None:
    svc, _ = service
    entry = {"type": "BitstringStatusListEntry", "statusListIndex": index}
    assert (
        _answer(svc.update_status, "with-status", {"credentialStatus": entry, "status": True})
        == 400
    )
    assert _answer(svc.status_list, "with-status", index) == 404
