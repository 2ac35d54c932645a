"""jsonschema-rs answers "valid?" quickly; it must agree with jsonschema, which reports."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import vcler
from tests.vectors import vector_path
from vcler.cli._demo import example_credential
from vcler.openbadges import schema

SCHEMA_KEYS = [
    "ob-achievementcredential",
    "ob-endorsementcredential",
    "ob-profile",
    "ob-achievementcredential-vc1",
    "ob-endorsementcredential-vc1",
    "clr-clrcredential-vc1",
    "clr-clrcredential-vc2",
]


def _examples() -> list[Any]:
    import json

    folder = vector_path("openbadges", "spec-examples")
    return [json.loads(p.read_bytes()) for p in sorted(folder.rglob("*.json"))]


def _python_valid(document: Any, key: str) -> bool:
    return not any(True for _ in schema._errors(document, key))


def _agree(document: Any) -> None:
    for key in SCHEMA_KEYS:
        fast = schema._fast_validator(key)
        assert fast.is_valid(document) == _python_valid(document, key), (key, document)


def test_agree_on_every_spec_example() -> None:
    examples = _examples()
    assert examples
    for document in examples:
        _agree(schema._as_sets(document) if isinstance(document, dict) else document)


def _signed() -> dict[str, Any]:
    key = vcler.generate_key("Ed25519")
    credential = example_credential()
    credential["issuer"]["id"] = key.controller
    return schema._as_sets(vcler.issue(credential, signer=key))


SIGNED = _signed()
PATHS = [
    ("id",),
    ("type",),
    ("issuer",),
    ("issuer", "type"),
    ("validFrom",),
    ("name",),
    ("credentialSubject",),
    ("credentialSubject", "achievement"),
    ("credentialSubject", "achievement", "criteria"),
    ("credentialSubject", "achievement", "type"),
    ("credentialSubject", "achievement", "alignment"),
    ("credentialSubject", "achievement", "alignment", 0, "targetUrl"),
    ("credentialSubject", "achievement", "alignment", 0, "targetType"),
    ("proof",),
]
values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=5),
    st.sampled_from(["https://example.org/x", "2026-01-01T00:00:00Z", ["Achievement"], {}, []]),
)


@given(path=st.sampled_from(PATHS), value=values, delete=st.booleans())
def test_agree_on_changed_credentials(path: tuple[Any, ...], value: Any, delete: bool) -> None:
    document = copy.deepcopy(SIGNED)
    target: Any = document
    for step in path[:-1]:
        target = target[step]
    if delete and isinstance(target, dict):
        target.pop(path[-1], None)
    else:
        target[path[-1]] = value
    _agree(document)
