"""The selective disclosure functions (``vcler.di.selective``): JSON pointers over compact
JSON-LD, skolemization, label replacement."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vcler.canon import canonicalize
from vcler.di.selective import (
    create_hmac_id_label_map_function,
    json_pointer_to_paths,
    label_replacement_canonicalize_nquads,
    select_json_ld,
    skolemize_compact_json_ld,
    skolemize_expanded_json_ld,
    to_deskolemized_quads,
)
from vcler.errors import InputError, ProofError
from vcler.jsonld import compact, default_loader, expand, to_dataset
from vcler.rdf import BlankNode

from ..vectors import read_json

V2 = "https://www.w3.org/ns/credentials/v2"

SAILS: dict[str, Any] = {
    "@context": [V2, {"@vocab": "https://windsurf.grotto-networking.com/selective#"}],
    "id": "urn:uuid:sails",
    "type": ["VerifiableCredential"],
    "issuer": "https://vc.example/windsurf/racecommittee",
    "credentialSubject": {
        "sailNumber": "Earth101",
        "sails": [
            {"size": 5.5, "sailName": "Kihei", "year": 2023},
            {"size": 6.1, "sailName": "Lahaina", "year": 2023},
            {"size": 7.0, "sailName": "Lahaina", "year": 2020},
        ],
        "boards": [{"id": "_:b9", "boardName": "CompFoil170", "year": 2022}],
        "a/b~c": "escaped",
    },
}


def test_json_pointer_to_paths() -> None:
    assert json_pointer_to_paths("") == []
    assert json_pointer_to_paths("/") == [""]
    assert json_pointer_to_paths("/a/0/b") == ["a", "0", "b"]
    assert json_pointer_to_paths("/a~1b~0c") == ["a/b~c"]
    assert json_pointer_to_paths("/~01") == ["~1"]  # ~0 first would make "~1" a slash
    for bad in ("a/b", "/a~2", "/a~"):
        with pytest.raises(ProofError):
            json_pointer_to_paths(bad)


def test_selection_keeps_ids_and_types_on_the_path() -> None:
    selection = select_json_ld(["/credentialSubject/sails/1/year"], SAILS)
    assert selection == {
        "@context": SAILS["@context"],
        "id": "urn:uuid:sails",
        "type": ["VerifiableCredential"],
        "credentialSubject": {"sails": [{"year": 2023}]},
    }


def test_selected_array_items_keep_their_order_and_become_dense() -> None:
    selection = select_json_ld(
        ["/credentialSubject/sails/2/sailName", "/credentialSubject/sails/0/size"], SAILS
    )
    assert selection is not None
    assert selection["credentialSubject"]["sails"] == [{"size": 5.5}, {"sailName": "Lahaina"}]


def test_whole_values_objects_and_escapes() -> None:
    selection = select_json_ld(
        [
            "/credentialSubject/sails",
            "/credentialSubject/sails/1/sailName",  # inside an array already selected whole
            "/credentialSubject/a~1b~0c",
            "/credentialSubject/boards/0/year",
        ],
        SAILS,
    )
    assert selection is not None
    subject = selection["credentialSubject"]
    assert subject["sails"] == SAILS["credentialSubject"]["sails"]
    assert subject["a/b~c"] == "escaped"
    assert subject["boards"] == [{"year": 2022}]  # a blank node identifier is not kept
    assert select_json_ld([], SAILS) is None
    assert select_json_ld([""], SAILS) == SAILS


@pytest.mark.parametrize(
    "pointer",
    [
        "/credentialSubject/missing",
        "/credentialSubject/sails/3",
        "/credentialSubject/sails/01",
        "/credentialSubject/sails/-",
        "/credentialSubject/sailNumber/0",
        "/issuer/id",
    ],
)
def test_pointers_that_match_nothing(pointer: str) -> None:
    with pytest.raises(ProofError, match="does not match"):
        select_json_ld([pointer], SAILS)


def test_pointers_written_for_the_document_fit_its_compacted_form() -> None:
    """Compaction writes an array of one item as the item: a pointer through that array
    (``/boards/0/...``) still selects from the skolemized, re-compacted document."""
    loader = default_loader()
    skolemized = skolemize_compact_json_ld(SAILS, loader=loader)
    assert isinstance(skolemized.compact["credentialSubject"]["boards"], dict)
    pointer = "/credentialSubject/boards/0/boardName"
    with pytest.raises(ProofError):
        select_json_ld([pointer], skolemized.compact)
    selection = select_json_ld([pointer], skolemized.compact, compacted=True)
    assert selection is not None
    assert selection["credentialSubject"]["boards"]["boardName"] == "CompFoil170"
    # And the other way round: a document's single object that compaction made an array.
    assert select_json_ld(["/a/b"], {"@context": {}, "a": [{"b": 1}]}, compacted=True) == {
        "@context": {},
        "a": [{"b": 1}],
    }


def test_selection_never_changes_its_input() -> None:
    before = repr(SAILS)
    selection = select_json_ld(["/credentialSubject/sails/0"], SAILS)
    assert selection is not None
    selection["credentialSubject"]["sails"][0]["size"] = 99
    assert repr(SAILS) == before


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "/credentialSubject/sailNumber",
                "/credentialSubject/sails/0",
                "/credentialSubject/sails/1/size",
                "/credentialSubject/sails/2/year",
                "/credentialSubject/boards/0/boardName",
                "/issuer",
            ]
        ),
        max_size=6,
    )
)
def test_a_selection_says_nothing_the_document_does_not(pointers: list[str]) -> None:
    """Every statement of a selection is a statement of the document (skolemized, so that the
    nodes keep their names), whatever the pointers and their order."""
    loader = default_loader()
    skolemized = skolemize_compact_json_ld(SAILS, loader=loader)
    whole = set(
        to_deskolemized_quads(skolemized.expanded, urn_prefix=skolemized.urn_prefix, loader=loader)
    )
    selection = select_json_ld(pointers, skolemized.compact, compacted=True)
    if selection is None:
        assert not pointers
        return
    part = to_deskolemized_quads(selection, urn_prefix=skolemized.urn_prefix, loader=loader)
    assert set(part) <= whole
    reversed_order = select_json_ld(pointers[::-1], skolemized.compact, compacted=True)
    assert reversed_order is not None
    reversed_part = to_deskolemized_quads(
        reversed_order, urn_prefix=skolemized.urn_prefix, loader=loader
    )
    assert set(reversed_part) == set(part)


def test_skolemization_names_every_node_and_only_nodes() -> None:
    loader = default_loader()
    expanded = expand(SAILS, loader=loader)
    skolemized = skolemize_expanded_json_ld(
        expanded, urn_prefix="urn:bnid:t:", count=itertools.count()
    )
    compacted = compact(skolemized, SAILS["@context"], loader=loader)
    subject = compacted["credentialSubject"]
    assert compacted["id"] == "urn:uuid:sails"  # an IRI stays
    assert subject["id"].startswith("urn:bnid:t:_")
    assert all(sail["id"].startswith("urn:bnid:t:_") for sail in subject["sails"])
    assert subject["boards"]["id"] == "urn:bnid:t:b9"  # a blank node keeps its label
    # Back to RDF: the same statements as the document, the skolem IRIs blank nodes again.
    quads = to_deskolemized_quads(skolemized, urn_prefix="urn:bnid:t:", loader=loader)
    assert canonicalize(quads).nquads == canonicalize(to_dataset(SAILS, loader=loader)).nquads
    labels = {q.subject.label for q in quads if isinstance(q.subject, BlankNode)}
    assert "b9" in labels and len(labels) == 5


def test_skolemizing_needs_a_context() -> None:
    with pytest.raises(InputError):
        skolemize_compact_json_ld({"id": "urn:x"}, loader=default_loader())


def test_label_replacement_and_relabelled_canonical_statements() -> None:
    document = read_json("di-ecdsa", "employmentAuth.json")
    quads = to_dataset(document, loader=default_loader())
    canonical = canonicalize(quads)
    # relabelled() with the canonical labels themselves is the canonical form.
    same = {label: label for label in canonical.issued.values()}
    assert "".join(canonical.relabelled(same)) == canonical.nquads
    factory = create_hmac_id_label_map_function(bytes(32), hash_algorithm="sha256")
    label_map, nquads = label_replacement_canonicalize_nquads(
        quads, factory, hash_algorithm="sha256"
    )
    assert set(label_map) == set(canonical.issued)
    assert all(label.startswith("u") and len(label) == 44 for label in label_map.values())
    assert nquads == sorted(nquads) and len(nquads) == len(canonical.nquads.splitlines())
    with pytest.raises(InputError, match="no label for"):
        canonical.relabelled({})
    with pytest.raises(InputError):
        create_hmac_id_label_map_function(bytes(32), hash_algorithm="md4")
