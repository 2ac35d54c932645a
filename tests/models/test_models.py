"""The models round-trip every published example and build documents in camelCase."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.vectors import vector_path
from vcler.models import (
    CredentialSubject,
    EnvelopedVerifiableCredential,
    EnvelopedVerifiablePresentation,
    Issuer,
    LanguageValue,
    Proof,
    RelatedResource,
    VerifiableCredential,
    VerifiablePresentation,
)


def _documents() -> list[Path]:
    """Every JSON credential/presentation in the vc-data-model vectors."""
    root = vector_path("vc-data-model")
    paths = [
        *root.glob("v2.0-rec-spec-examples/example-*.json"),
        *root.glob("v1.1-rec-spec-examples/example-*.json"),
        *root.glob("v1.1-vc-test-suite/input/*.jsonld"),
        *root.glob("v2.0-spec-json-schema/*/example-*.json"),
    ]
    found = []
    for path in sorted(paths):
        document = json.loads(path.read_bytes())
        if isinstance(document, dict) and "type" in document:
            found.append(path)
    return found


def _model(document: dict[str, Any]) -> type[Any]:
    kind = document.get("type")
    types = kind if isinstance(kind, list) else [kind]
    if "EnvelopedVerifiablePresentation" in types:
        return EnvelopedVerifiablePresentation
    return VerifiablePresentation if "VerifiablePresentation" in types else VerifiableCredential


@pytest.mark.parametrize("path", _documents(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_parse_then_dump_is_the_identity(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    document = json.loads(text)
    model = _model(document).model_validate(document)
    dumped = model.model_dump(by_alias=True, exclude_unset=True)
    # Same JSON, same key order, at every level.
    assert json.dumps(dumped, ensure_ascii=False) == json.dumps(document, ensure_ascii=False)
    assert model.to_json() == document


def test_enough_documents_are_checked() -> None:
    assert len(_documents()) > 90


def test_nested_parts_are_typed() -> None:
    vc = VerifiableCredential.from_json(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": {"id": "did:example:issuer", "name": {"@value": "U", "@language": "en"}},
            "credentialSubject": [{"id": "did:example:a"}, {"claim": 1}],
            "relatedResource": {"id": "https://x.example/", "digestSRI": "sha384-..."},
            "proof": [{"type": "DataIntegrityProof", "proofValue": "z1", "extra": True}],
        }
    )
    assert isinstance(vc.issuer, Issuer) and isinstance(vc.issuer.name, LanguageValue)
    assert vc.issuer.name.language == "en"
    assert vc.issuer_id == "did:example:issuer"
    assert [type(s) for s in vc.subjects] == [CredentialSubject, CredentialSubject]
    assert isinstance(vc.related_resource, RelatedResource)
    assert vc.related_resource.digest_sri == "sha384-..."
    assert isinstance(vc.proof, list) and isinstance(vc.proof[0], Proof)
    assert vc.proof[0].proof_value == "z1"
    assert vc.types == ["VerifiableCredential"]


def test_presentation_items_are_discriminated() -> None:
    vp = VerifiablePresentation.from_json(
        {
            "type": "VerifiablePresentation",
            "verifiableCredential": [
                {"type": "VerifiableCredential", "issuer": "did:example:1"},
                {"type": "EnvelopedVerifiableCredential", "id": "data:,x"},
                "eyJ.e30.sig",
            ],
        }
    )
    items = vp.verifiable_credential
    assert isinstance(items, list)
    assert [type(i) for i in items] == [VerifiableCredential, EnvelopedVerifiableCredential, str]
    assert len(vp.credentials) == 2


def test_building_by_attribute_name() -> None:
    vc = VerifiableCredential(
        context=["https://www.w3.org/ns/credentials/v2"],
        type=["VerifiableCredential"],
        issuer="did:example:issuer",
        valid_from="2024-01-01T00:00:00Z",
        credential_subject=CredentialSubject(id="did:example:learner", degree="BSc"),
    )
    assert vc.to_json() == {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer",
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner", "degree": "BSc"},
    }
    assert list(vc.to_json()) == ["@context", "type", "issuer", "validFrom", "credentialSubject"]


def test_broken_documents_still_load() -> None:
    broken = {
        "@context": 5,
        "type": [1, None],
        "issuer": ["a", "b"],
        "credentialSubject": "nobody",
        "validFrom": 2024,
        "proof": "sig",
    }
    vc = VerifiableCredential.from_json(broken)
    assert vc.to_json() == broken
    assert vc.issuer_id is None and vc.subjects == [] and vc.types == []


JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5)),
    lambda c: st.one_of(
        st.lists(c, max_size=3), st.dictionaries(st.text(max_size=5), c, max_size=3)
    ),
    max_leaves=10,
)
KEYS = st.sampled_from(
    [
        "@context",
        "id",
        "type",
        "issuer",
        "credentialSubject",
        "validFrom",
        "name",
        "proof",
        "credentialStatus",
        "relatedResource",
        "evidence",
        "holder",
        "verifiableCredential",
        "x",
    ]
)


@given(st.dictionaries(KEYS, JSON, max_size=8))
def test_round_trip_any_object(document: dict[str, Any]) -> None:
    for model in (VerifiableCredential, VerifiablePresentation):
        dumped = model.from_json(document).to_json()
        assert json.dumps(dumped) == json.dumps(document)
