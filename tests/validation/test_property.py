"""``validate`` never raises on JSON: arbitrary values, and mutations of a valid credential."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests.validation.test_rules import credential, presentation
from vcler.results import Problem
from vcler.validation import validate

KEYS = [
    "@context",
    "id",
    "type",
    "issuer",
    "credentialSubject",
    "validFrom",
    "validUntil",
    "issuanceDate",
    "expirationDate",
    "name",
    "description",
    "credentialStatus",
    "credentialSchema",
    "evidence",
    "termsOfUse",
    "refreshService",
    "relatedResource",
    "proof",
    "holder",
    "verifiableCredential",
    "digestSRI",
    "digestMultibase",
    "mediaType",
    "@value",
    "@language",
    "@direction",
]
STRINGS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "https://www.w3.org/ns/credentials/v2",
            "https://www.w3.org/2018/credentials/v1",
            "https://www.w3.org/ns/credentials/examples/v2",
            "VerifiableCredential",
            "VerifiablePresentation",
            "EnvelopedVerifiableCredential",
            "did:example:1",
            "data:,x",
            "2024-01-01T00:00:00Z",
            "sha384-AAAA",
            "uEiB",
        ]
    ),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    STRINGS,
)
JSON = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(KEYS), st.text(max_size=6)), children, max_size=5
        ),
    ),
    max_leaves=25,
)


def _check(problems: Any) -> None:
    assert isinstance(problems, list)
    assert all(isinstance(p, Problem) and p.pointer.startswith(("", "/")) for p in problems)


@given(JSON)
def test_never_raises_on_arbitrary_json(document: Any) -> None:
    _check(validate(document))


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    paths = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            paths += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            paths += _paths(child, (*prefix, index))
    return paths


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    document = copy.deepcopy(draw(st.sampled_from([credential(), presentation()])))
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(document) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = document
        for token in path[:-1]:
            parent = parent[token]
        if draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(JSON)
    return document


@given(mutated())
def test_never_raises_on_mutated_documents(document: Any) -> None:
    _check(validate(document))


@given(mutated())
def test_validate_leaves_the_document_untouched(document: Any) -> None:
    before = copy.deepcopy(document)
    first = validate(document)
    assert document == before
    assert validate(document) == first
