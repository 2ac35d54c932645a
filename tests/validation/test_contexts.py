"""Every context a document needs and the loader lacks is listed, not only the first."""

from __future__ import annotations

import json
from typing import Any

import pytest

import vcler
from vcler.cli._demo import example_credential
from vcler.jsonld import StaticDocumentLoader
from vcler.validation import validate

A, B, C = "https://a.example/v1", "https://b.example/v1", "https://c.example/v1"


def _missing(problems: list[vcler.Problem]) -> list[tuple[str, str]]:
    return [
        (p.pointer, p.message.split("'")[1])
        for p in problems
        if p.code == "LOADING_DOCUMENT_FAILED"
    ]


def _credential(**changes: Any) -> dict[str, Any]:
    credential = example_credential()
    credential.update(changes)
    return credential


def test_every_missing_context_is_listed_with_its_pointer() -> None:
    credential = _credential()
    credential["@context"] = [*credential["@context"], A, B]
    credential["credentialSubject"]["@context"] = {"@import": C}
    assert _missing(validate(credential)) == [
        ("/@context/2", A),
        ("/@context/3", B),
        ("/credentialSubject/@context/@import", C),
    ]


def test_a_context_missing_twice_is_listed_once() -> None:
    credential = _credential()
    credential["@context"] = [*credential["@context"], A]
    credential["credentialSubject"]["@context"] = A
    assert _missing(validate(credential)) == [("/@context/2", A)]


def test_contexts_imported_by_a_supplied_context_are_followed() -> None:
    # A user's context that imports two more the loader does not hold.
    loader = StaticDocumentLoader({A: {"@context": [B, {"@import": C}]}})
    credential = _credential()
    credential["@context"] = [*credential["@context"], A]
    problems = validate(credential, loader=loader)
    assert _missing(problems) == [("/@context/2", B), ("/@context/2", C)]
    assert all(f"imported by {A!r}" in p.message for p in problems if p.code.startswith("LOAD"))


@pytest.mark.parametrize("suite", ["eddsa-rdfc-2022", "eddsa-jcs-2022"])
def test_verify_lists_them_all_for_every_suite(suite: str) -> None:
    key = vcler.generate_key("Ed25519")
    credential = _credential()
    credential["issuer"]["id"] = key.controller
    signed = vcler.issue(credential, signer=key, suite=suite)
    signed["@context"] = [*signed["@context"], A, B]
    result = vcler.verify(signed)
    assert not result.verified
    assert _missing(result.problems) == [("/@context/2", A), ("/@context/3", B)]


def test_every_bundled_context_imports_only_bundled_contexts() -> None:
    # What lets the walk skip the bundled contexts' own references.
    from vcler.jsonld.loader import bundled_contexts

    bundled = bundled_contexts()
    for url, context in bundled.items():
        document = json.loads(context.read_bytes())
        for named in _urls(document):
            assert named in bundled, f"{url} names {named}, which is not bundled"


def _urls(value: Any) -> list[str]:
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("@context", "@import") and isinstance(item, str):
                found.append(item)
            elif key in ("@context", "@import") and isinstance(item, list):
                found += [i for i in item if isinstance(i, str)] + [
                    u for i in item if isinstance(i, dict) for u in _urls(i)
                ]
            else:
                found += _urls(item)
    elif isinstance(value, list):
        for item in value:
            found += _urls(item)
    return found
