"""RDFC-1.0 behaviour beyond the W3C suite: API, work limit, invariants, agreement with pyld."""

from __future__ import annotations

import hashlib
import random
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from vcler.canon import CanonicalizationResult, canonicalize, canonicalize_statements
from vcler.canon.rdfc10 import MAX_DEPTH, IdentifierIssuer
from vcler.errors import InputError, ParsingError, WorkLimitExceededError
from vcler.rdf import IRI, BlankNode, Literal, Quad, parse_nquads, serialize_nquads, statement_of

DIAMOND = """\
_:a <urn:ex:p> _:b .
_:a <urn:ex:p> _:c .
_:b <urn:ex:p> _:d .
_:c <urn:ex:p> _:d .
"""


def _pyld_urdna2015(nquads: str) -> str:
    from pyld import jsonld

    options = {
        "algorithm": "URDNA2015",
        "inputFormat": "application/n-quads",
        "format": "application/n-quads",
    }
    return str(jsonld.normalize(nquads, options))


def test_result_shape() -> None:
    result = canonicalize(DIAMOND)
    assert isinstance(result, CanonicalizationResult)
    assert set(result.issued) == {"a", "b", "c", "d"}
    assert sorted(result.issued.values()) == ["c14n0", "c14n1", "c14n2", "c14n3"]
    assert result.nquads == serialize_nquads(result.quads)
    assert result.nquads.splitlines(True) == sorted(result.nquads.splitlines(True))
    labels = {
        term.label
        for quad in result.quads
        for term in (quad.subject, quad.object)
        if isinstance(term, BlankNode)
    }
    assert labels == set(result.issued.values())


def test_quads_and_text_inputs_agree() -> None:
    assert canonicalize(parse_nquads(DIAMOND)) == canonicalize(DIAMOND)
    assert canonicalize(iter(parse_nquads(DIAMOND))).nquads == canonicalize(DIAMOND).nquads


def test_no_blank_nodes_and_empty_dataset() -> None:
    assert canonicalize("") == CanonicalizationResult(nquads="", issued={}, quads=[])
    text = '<urn:ex:s> <urn:ex:p> "b" .\n<urn:ex:s> <urn:ex:p> "a" .\n'
    result = canonicalize(text)
    assert result.nquads == '<urn:ex:s> <urn:ex:p> "a" .\n<urn:ex:s> <urn:ex:p> "b" .\n'
    assert result.issued == {}


def test_canonical_escaping_differs_from_the_input() -> None:
    text = '<urn:ex:s> <urn:ex:p> "\\u0008\\u0009\\u000b\\u007f\\u00e9" .\n'
    assert canonicalize(text).nquads == '<urn:ex:s> <urn:ex:p> "\\b\\t\\u000B\\u007F\u00e9" .\n'


@pytest.mark.parametrize("name", ["sha256", "SHA256", "SHA-256", "sha384", "SHA384"])
def test_hash_algorithm_names(name: str) -> None:
    canonicalize(DIAMOND, hash_algorithm=name)


@pytest.mark.parametrize("name", ["sha512", "md5", "", "blake2b"])
def test_unknown_hash_algorithm(name: str) -> None:
    with pytest.raises(InputError):
        canonicalize(DIAMOND, hash_algorithm=name)


def test_bad_inputs() -> None:
    with pytest.raises(ParsingError):
        canonicalize("<urn:s> <urn:p> .\n")
    with pytest.raises(InputError):
        canonicalize([("not", "a", "quad")])  # type: ignore[list-item]
    with pytest.raises(InputError):
        canonicalize([Quad(BlankNode(""), IRI("urn:p"), IRI("urn:o"))])
    with pytest.raises(InputError):
        canonicalize(DIAMOND, work_limit=-1)


def test_identifier_issuer() -> None:
    issuer = IdentifierIssuer("b")
    assert issuer.issue("x") == "b0"
    assert issuer.issue("y") == "b1"
    assert issuer.issue("x") == "b0"
    copy = issuer.copy()
    assert copy.issue("z") == "b2"
    assert "z" not in issuer.issued
    assert issuer.issue("w") == "b2"
    assert list(copy.issued) == ["x", "y", "z"]


# ------------------------------------------------------------------------------------------
# Work limit
# ------------------------------------------------------------------------------------------


def _clique(size: int) -> str:
    return "".join(
        f"_:e{i} <urn:ex:p> _:e{j} .\n" for i in range(size) for j in range(size) if i != j
    )


def test_work_limit_is_configurable() -> None:
    # The diamond needs a few Hash N-Degree Quads calls: none allowed, it fails.
    with pytest.raises(WorkLimitExceededError):
        canonicalize(DIAMOND, work_limit=0)
    assert canonicalize(DIAMOND, work_limit=100).nquads == canonicalize(DIAMOND).nquads


def test_unique_first_degree_hashes_need_no_work() -> None:
    # Fast path: every blank node has a unique first-degree hash.
    text = '_:a <urn:ex:p> "1" .\n_:b <urn:ex:p> "2" .\n_:a <urn:ex:q> _:b .\n'
    # Labels follow the order of the first-degree hashes, not of the input.
    assert canonicalize(text, work_limit=0).issued == {"b": "c14n0", "a": "c14n1"}


def test_poison_clique_fails_fast() -> None:
    with pytest.raises(WorkLimitExceededError) as raised:
        canonicalize(_clique(8))
    assert "work limit" in str(raised.value)


def _chain(size: int) -> str:
    lines = ["<urn:ex:s> <urn:ex:p> _:l0 ."]
    for i in range(size):
        lines.append(f'_:l{i} <urn:ex:first> "a" .')
        lines.append(f"_:l{i} <urn:ex:rest> {f'_:l{i + 1}' if i + 1 < size else '<urn:ex:nil>'} .")
    return "\n".join(lines)


def test_deep_recursion_becomes_a_work_limit_error() -> None:
    # A long chain of identical list nodes recurses as deep as it is long: refused by the
    # depth count (MAX_DEPTH), the same in the compiled build, never a RecursionError.
    with pytest.raises(WorkLimitExceededError, match=f"more than {MAX_DEPTH} levels"):
        canonicalize(_chain(1500), work_limit=10**9)
    assert len(canonicalize(_chain(MAX_DEPTH // 2), work_limit=10**9).issued) == MAX_DEPTH // 2


# ------------------------------------------------------------------------------------------
# Interchangeable siblings
# ------------------------------------------------------------------------------------------


def _siblings(children: int, parents: int = 2) -> str:
    """Parents sharing a first-degree hash, each with identical childless children."""
    lines = []
    for p in range(parents):
        lines.append(f"<urn:ex:root> <urn:ex:has> _:p{p} .")
        for c in range(children):
            lines.append(f"_:p{p} <urn:ex:child> _:c{p}x{c} .")
            lines.append(f'_:c{p}x{c} <urn:ex:name> "same" .')
    return "\n".join(lines) + "\n"


def test_identical_siblings_cost_linear_work() -> None:
    # 12 identical children per parent: 12! permutations naively; one family here.
    result = canonicalize(_siblings(12), work_limit=200)
    assert len(result.issued) == 26


@pytest.mark.parametrize(("children", "parents"), [(3, 2), (4, 2), (2, 3), (5, 1)])
def test_identical_siblings_agree_with_pyld(children: int, parents: int) -> None:
    text = _siblings(children, parents)
    assert canonicalize(text).nquads == _pyld_urdna2015(text)


def test_partially_identical_siblings_agree_with_pyld() -> None:
    text = _siblings(3) + '_:c0x1 <urn:ex:extra> "x" .\n_:c1x2 <urn:ex:extra> "x" .\n'
    assert canonicalize(text).nquads == _pyld_urdna2015(text)


# ------------------------------------------------------------------------------------------
# Properties
# ------------------------------------------------------------------------------------------

_labels = st.sampled_from(["a", "b", "c", "d", "e"])
_iris = st.sampled_from([IRI("urn:ex:1"), IRI("urn:ex:2")])
_blank_nodes = _labels.map(BlankNode)
_literals = st.sampled_from([Literal("x"), Literal("y", language="en"), Literal('\n\\"')])
_quads = st.builds(
    Quad,
    st.one_of(_blank_nodes, _iris),
    _iris,
    st.one_of(_blank_nodes, _blank_nodes, _literals, _iris),
    st.one_of(st.none(), st.none(), _blank_nodes, _iris),
)
datasets = st.lists(_quads, max_size=10)


def _relabel(dataset: list[Quad], mapping: dict[str, str]) -> list[Quad]:
    def term(node: object) -> object:
        return BlankNode(mapping[node.label]) if isinstance(node, BlankNode) else node

    return [
        Quad(term(q.subject), q.predicate, term(q.object), term(q.graph))  # type: ignore[arg-type]
        for q in dataset
    ]


@given(datasets, st.randoms(use_true_random=False))
def test_invariant_under_order_and_relabelling(dataset: list[Quad], rng: random.Random) -> None:
    expected = canonicalize(dataset, work_limit=10**6)
    names = ["a", "b", "c", "d", "e"]
    new_names = [f"n{rng.randrange(10**6)}x{i}" for i in range(len(names))]
    rng.shuffle(new_names)
    shuffled = _relabel(dataset, dict(zip(names, new_names, strict=True)))
    rng.shuffle(shuffled)
    result = canonicalize(shuffled, work_limit=10**6)
    assert result.nquads == expected.nquads
    assert set(result.issued.values()) == set(expected.issued.values())


@given(datasets, st.randoms(use_true_random=False))
def test_duplicate_statements_collapse(dataset: list[Quad], rng: random.Random) -> None:
    doubled = dataset + [rng.choice(dataset) for _ in range(3)] if dataset else []
    result = canonicalize(doubled, work_limit=10**6)
    assert result.nquads == canonicalize(dataset, work_limit=10**6).nquads
    assert len(result.quads) == len(set(dataset))


@given(datasets)
def test_canonical_form_is_a_fixed_point(dataset: list[Quad]) -> None:
    once = canonicalize(dataset, work_limit=10**6)
    twice = canonicalize(once.nquads, work_limit=10**6)
    assert twice.nquads == once.nquads


_plain_literals = st.sampled_from([Literal("x"), Literal("y", language="en")])


def _mentions_a_blank_node_once(quad: Quad) -> bool:
    nodes = [t for t in (quad.subject, quad.object, quad.graph) if isinstance(t, BlankNode)]
    return len(nodes) == len(set(nodes))


# pyld lists a quad twice in the mention set of a blank node that it mentions twice (a self
# link, or a blank graph name also used in the quad); RDFC-1.0's mention set is a set, as in
# rdf-canonize. Such quads are left out here and checked against the spec's own hashes in
# test_a_quad_mentioning_a_blank_node_twice_counts_once.
_plain_quads = st.builds(
    Quad,
    st.one_of(_blank_nodes, _iris),
    _iris,
    st.one_of(_blank_nodes, _blank_nodes, _plain_literals, _iris),
    st.one_of(st.none(), st.none(), _blank_nodes, _iris),
).filter(_mentions_a_blank_node_once)


@given(st.lists(_plain_quads, max_size=9, unique=True))
def test_agrees_with_pyld_urdna2015(dataset: list[Quad]) -> None:
    # Without characters the two escape differently, URDNA2015 and RDFC-1.0 coincide (pyld
    # hashes duplicate statements twice, so the statements are unique here).
    text = serialize_nquads(dataset)
    expected = _pyld_urdna2015(text)
    # pyld's output can depend on the input's blank-node labels when blank nodes serve as
    # graph names (ours is invariant, as a canonical form must be: see
    # test_blank_graph_names_are_label_invariant); compare only where pyld is invariant too.
    assume(expected == _pyld_urdna2015(serialize_nquads(_relabel_reversed(dataset))))
    assert canonicalize(text, work_limit=10**6).nquads == expected


def _relabel_reversed(dataset: list[Quad]) -> list[Quad]:
    labels = sorted(
        {
            t.label
            for q in dataset
            for t in (q.subject, q.object, q.graph)
            if isinstance(t, BlankNode)
        }
    )
    mapping = dict(zip(labels, reversed(labels), strict=True))

    def term(node: Any) -> Any:
        return BlankNode(mapping[node.label]) if isinstance(node, BlankNode) else node

    return [Quad(term(q.subject), q.predicate, term(q.object), term(q.graph)) for q in dataset]


def test_blank_graph_names_are_label_invariant() -> None:
    # A case where pyld's URDNA2015 gives two different answers for the same graph; ours is
    # the one rdf-canonize (Digital Bazaar's RDFC-1.0) gives for both (see tests/interop).
    first = '_:c <urn:ex:1> "x" .\n_:c <urn:ex:1> _:a _:b .\n_:d <urn:ex:1> _:b _:a .\n'
    swapped = '_:c <urn:ex:1> "x" .\n_:c <urn:ex:1> _:b _:a .\n_:d <urn:ex:1> _:a _:b .\n'
    assert canonicalize(first).nquads == canonicalize(swapped).nquads


def test_a_quad_mentioning_a_blank_node_twice_counts_once() -> None:
    # The mention set is a set: "_:a <p> _:b _:a" is hashed once for a, as the spec computes.
    a = hashlib.sha256(b"_:a <urn:ex:1> _:z _:a .\n").hexdigest()
    b = hashlib.sha256(b"_:z <urn:ex:1> _:a _:z .\n").hexdigest()
    assert a < b
    result = canonicalize("_:a <urn:ex:1> _:b _:a .\n")
    assert result.issued == {"a": "c14n0", "b": "c14n1"}
    assert result.nquads == "_:c14n0 <urn:ex:1> _:c14n1 _:c14n0 .\n"
    self_link = canonicalize("_:a <urn:ex:1> _:a .\n_:a <urn:ex:1> _:b .\n")
    a = hashlib.sha256(b"_:a <urn:ex:1> _:a .\n_:a <urn:ex:1> _:z .\n").hexdigest()
    b = hashlib.sha256(b"_:z <urn:ex:1> _:a .\n").hexdigest()
    assert a < b
    assert self_link.issued == {"a": "c14n0", "b": "c14n1"}


@given(datasets, st.randoms(use_true_random=False))
def test_statements_in_nquads_form_give_the_same_canonical_form(
    dataset: list[Quad], rng: random.Random
) -> None:
    # Shared first-degree hashes (the full algorithm), unique ones (labelled directly),
    # repeated statements, blank graph names and escaped literals, in any order.
    statements = [statement_of(quad) for quad in dataset + dataset[:2]]
    rng.shuffle(statements)
    expected = canonicalize(dataset, work_limit=10**6).nquads
    assert canonicalize_statements(statements, work_limit=10**6) == expected
    assert canonicalize_statements(statements, work_limit=10**6, hash_algorithm="sha384") == (
        canonicalize(dataset, work_limit=10**6, hash_algorithm="sha384").nquads
    )


def test_statements_refuse_what_quads_refuse() -> None:
    statements = [("_:a", "<urn:p>", "_:b", None), ("_:b", "<urn:p>", "_:a", None)]
    with pytest.raises(InputError):
        canonicalize_statements(statements, hash_algorithm="md5")
    with pytest.raises(InputError):
        canonicalize_statements(statements, work_limit=-1)
    assert canonicalize_statements([]) == ""
