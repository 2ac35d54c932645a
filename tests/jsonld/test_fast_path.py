"""The fast JSON-LD to RDF path: what it covers, that it equals the general path, and that
everything else falls back to the general path transparently (same results, same errors)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from vcler.canon import canonicalize
from vcler.errors import DataLossError, DocumentLoaderError, JsonLdError, ParsingError, VclerError
from vcler.jsonld import StaticDocumentLoader, safe_mode_problems, to_dataset
from vcler.jsonld._contexts import context_cache
from vcler.jsonld._fallback import FastPathFallback
from vcler.jsonld._literals import _canonical_double
from vcler.jsonld._walk import document_to_quads
from vcler.jsonld.processing import _general_dataset, fast_path_stats
from vcler.rdf import IRI, BlankNode, Literal

V1 = "https://www.w3.org/2018/credentials/v1"
V2 = "https://www.w3.org/ns/credentials/v2"
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"
OB = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
XSD = "http://www.w3.org/2001/XMLSchema#"
EX = "https://www.w3.org/ns/credentials/examples#"


def credential(**subject: Any) -> dict[str, Any]:
    return {
        "@context": [V2, EXAMPLES_V2],
        "type": ["VerifiableCredential"],
        "issuer": "https://issuer.example/",
        "credentialSubject": {"id": "did:example:learner", **subject},
    }


def fast(document: Any, loader: StaticDocumentLoader | None = None) -> str:
    """Canonical N-Quads from the fast path (fails the test if it falls back)."""
    loader = loader or StaticDocumentLoader()
    return canonicalize(document_to_quads(document, context_cache(loader))).nquads


def general(document: Any, loader: StaticDocumentLoader | None = None) -> str:
    return canonicalize(_general_dataset(document, loader or StaticDocumentLoader())).nquads


def fallback_reason(document: Any) -> str:
    with pytest.raises(FastPathFallback) as info:
        document_to_quads(document, context_cache(StaticDocumentLoader()))
    return info.value.reason


def objects(document: dict[str, Any], predicate: str) -> list[Any]:
    loader = StaticDocumentLoader()
    return [
        q.object
        for q in document_to_quads(document, context_cache(loader))
        if q.predicate == IRI(predicate)
    ]


# -- covered constructs, equal to the general path --------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, Literal("0", XSD + "integer")),
        (-0.0, Literal("0", XSD + "integer")),
        (5.0, Literal("5", XSD + "integer")),
        (-17, Literal("-17", XSD + "integer")),
        (2**60, Literal(str(2**60), XSD + "integer")),
        (10**21, Literal("1.0E21", XSD + "double")),
        (1e21, Literal("1.0E21", XSD + "double")),
        (-1e21, Literal("-1.0E21", XSD + "double")),
        (1.5, Literal("1.5E0", XSD + "double")),
        (0.1, Literal("1.0E-1", XSD + "double")),
        (1.5e-7, Literal("1.5E-7", XSD + "double")),
        (1.0000001e-300, Literal("1.0000001E-300", XSD + "double")),
        (True, Literal("true", XSD + "boolean")),
        (False, Literal("false", XSD + "boolean")),
        ("text", Literal("text")),
    ],
)
def test_json_literals_to_rdf(value: Any, expected: Literal) -> None:
    document = credential(score=value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**21:
        expected = Literal(str(value), XSD + "integer")
    assert objects(document, EX + "score") == [expected]
    assert fast(document) == general(document)


def test_canonical_double_matches_json_ld_form() -> None:
    assert _canonical_double(1.5) == "1.5E0"
    assert _canonical_double(-0.0) == "-0.0E0"
    assert _canonical_double(1e21) == "1.0E21"
    assert _canonical_double(1.7976931348623157e308) == "1.797693134862316E308"
    assert _canonical_double(float("inf")) == "INF"


@pytest.mark.parametrize(
    "value",
    [
        {"@value": "2024-01-01T00:00:00Z", "@type": XSD + "dateTime"},
        {"@value": "1.50", "@type": XSD + "double"},
        {"@value": 7, "@type": XSD + "double"},
        {"@value": 3, "@type": "https://example.org/units#cm"},
        {"@value": True, "@type": XSD + "string"},
        {"@value": "Hallo", "@language": "DE-at"},
        {"@value": "\u0645\u0631\u062d\u0628\u0627", "@language": "ar", "@direction": "rtl"},
        {"@value": "left", "@direction": "ltr"},
        {"@value": 5, "@direction": "ltr"},
        {"@value": 'line\nbreak "quoted" \\ back'},
    ],
)
def test_value_objects_equal_general_path(value: dict[str, Any]) -> None:
    document = credential(note=value)
    assert fast(document) == general(document)


@pytest.mark.parametrize(
    "value",
    [
        {"@value": "not a number", "@type": XSD + "double"},
        {"@value": "", "@type": XSD + "double"},
        {"@value": "1.5abc", "@type": XSD + "double"},
        {"@value": "Infinity", "@type": XSD + "double"},
        {"@value": "1e999", "@type": XSD + "double"},
        {"@value": "-0", "@type": XSD + "double"},
        {"@value": -0.0, "@type": XSD + "double"},
        1e-7,  # jsonld.js: "0"^^xsd:integer (String(1e-7) has no ".")
        5e-324,
        123456789012345678901,  # JavaScript rounds it to a double
        {"@value": 2**53 + 1, "@type": XSD + "integer"},
    ],
)
def test_numbers_processors_write_differently_are_refused(value: Any) -> None:
    # jsonld.js reads xsd:double strings with parseFloat, writes -0 as 0.0E0, takes 1e-07 for
    # an integer and holds every number as a double; pyld does none of these: a signature
    # over either form would not verify with the other.
    document = credential(note=value)
    with pytest.raises(FastPathFallback, match="ambiguous number"):
        document_to_quads(document, context_cache(StaticDocumentLoader()))
    with pytest.raises(DataLossError, match=r"JSON-LD processors|by jsonld\.js") as info:
        to_dataset(document)
    assert info.value.pointer.endswith("/@value") or info.value.pointer == ""


def test_nested_arrays_and_nulls_equal_general_path() -> None:
    document = credential(deep=[[[[1, None]], "x"], None], empty=[], gone=None)
    assert fast(document) == general(document)


def test_direction_uses_i18n_datatype() -> None:
    document = credential(note={"@value": "x", "@language": "EN", "@direction": "rtl"})
    assert objects(document, EX + "note") == [Literal("x", "https://www.w3.org/ns/i18n#en_rtl")]


def test_presentation_with_graph_containers_equals_general_path() -> None:
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2024-01-01T00:00:00Z",
        "verificationMethod": "did:example:issuer#key-1",
        "proofPurpose": "assertionMethod",
        "proofValue": "z58DAdFfa9SkqZMVPxAQpic7ndSayn1PzZs6ZjWp1CktyGesjuTSwRdoWhAfGFCF5bppE",
    }
    inner = {**credential(name="Ada"), "proof": proof}
    presentation = {
        "@context": [V2],
        "type": "VerifiablePresentation",
        "holder": "did:example:holder",
        "verifiableCredential": [inner, copy.deepcopy(inner)],
        "proof": [proof, {**proof, "proofPurpose": "authentication"}],
    }
    assert fast(presentation) == general(presentation)
    # The proof lives in its own graph, named by a blank node.
    loader = StaticDocumentLoader()
    quads = document_to_quads(inner, context_cache(loader))
    graphs = {q.graph for q in quads if q.predicate == IRI("https://w3id.org/security#proofValue")}
    assert len(graphs) == 1 and isinstance(graphs.pop(), BlankNode)


def test_open_badge_with_type_scoped_contexts_equals_general_path() -> None:
    document = {
        "@context": [V2, OB],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "https://issuer.example/", "type": ["Profile"], "name": "Uni"},
        "validFrom": "2024-01-01T00:00:00Z",
        "name": "Badge",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://issuer.example/achievements/1",
                "type": ["Achievement"],
                "name": "Skill",
                "description": "A skill",
                "criteria": {"narrative": "Do it"},
                "alignment": [
                    {"type": ["Alignment"], "targetName": "T", "targetUrl": "https://t.example/"},
                    {"type": ["Alignment"], "targetName": "T", "targetUrl": "https://t.example/"},
                ],
            },
        },
    }
    assert fast(document) == general(document)


def test_labelled_blank_nodes_and_repeated_ids_equal_general_path() -> None:
    document = credential(
        knows=[{"id": "_:friend", "name": "A"}, {"id": "_:friend", "name": "A"}, "_:friend"],
        sameAs={"id": "did:example:learner", "name": "Ada"},
        tags=["a", "a", "b"],
    )
    document["@context"].append({"knows": {"@type": "@id"}})
    assert fast(document) == general(document)
    loader = StaticDocumentLoader()
    quads = to_dataset(document, loader=loader)
    assert len(quads) == len(set(quads))  # each statement listed once
    assert fast_path_stats(loader).fast == 1


def test_inline_context_compact_iris_and_vocab_equal_general_path() -> None:
    document = {
        "@context": [
            V2,
            {
                "ex": "https://example.org/vocab#",
                "fullName": "ex:name",
                "homepage": {"@id": "ex:homepage", "@type": "@id"},
                "kind": {"@id": "ex:kind", "@type": "@vocab"},
                "@language": "en",
            },
        ],
        "type": ["VerifiableCredential", "ex:Special"],
        "issuer": "https://issuer.example/",
        "credentialSubject": {
            "id": "ex:subject",
            "fullName": "Ada",
            "homepage": "ex:page",
            "kind": "ex:Person",
            "ex:free": "lit",
            "nested": {"@context": {"@vocab": "https://example.org/nested#"}, "deep": 1},
        },
    }
    document["credentialSubject"]["nested"]["@context"]["@vocab"] = "https://example.org/n#"
    document["@context"][1]["nested"] = "ex:nested"
    assert fast(document) == general(document)


# -- fallback: same results, same errors --------------------------------------------------------


@pytest.mark.parametrize(
    ("extra_context", "subject", "reason"),
    [
        (
            {"items": {"@id": "https://ex.org/items", "@container": "@list"}},
            {"items": [1, 2]},
            "term definition",
        ),
        (
            {"data": {"@id": "https://ex.org/data", "@type": "@json"}},
            {"data": {"a": [1]}},
            "term definition",
        ),
        (
            {"labels": {"@id": "https://ex.org/labels", "@container": "@language"}},
            {"labels": {"en": "Hi"}},
            "term definition",
        ),
        (
            {"byId": {"@id": "https://ex.org/byId", "@container": "@index"}},
            {"byId": {"a": {"name": "x"}}},
            "term definition",
        ),
        (
            {"parent": {"@reverse": "https://ex.org/child"}},
            {"parent": {"id": "https://ex.org/p"}},
            "term definition",
        ),
        ({}, {"@included": [{"id": "https://ex.org/i", "name": "x"}]}, "@included"),
        ({}, {"list": {"@list": ["a"]}}, "@list"),
        ({"meta": "@nest"}, {"meta": {"name": "x"}}, "@nest"),
        ({}, {"@reverse": {"https://ex.org/child": {"id": "https://ex.org/c"}}}, "@reverse"),
    ],
)
def test_uncovered_constructs_fall_back_to_equal_results(
    extra_context: dict[str, Any], subject: dict[str, Any], reason: str
) -> None:
    document = credential(**subject)
    if extra_context:
        document["@context"].append(extra_context)
    assert fallback_reason(document) == reason
    loader = StaticDocumentLoader()
    assert canonicalize(to_dataset(document, loader=loader)).nquads == general(document)
    stats = fast_path_stats(loader)
    assert (stats.fast, stats.fallback, stats.reasons) == (0, 1, {reason: 1})


def _error(call: Any) -> VclerError:
    with pytest.raises(VclerError) as info:
        call()
    return info.value


@pytest.mark.parametrize(
    ("document", "error_class"),
    [
        (credential(degree={"kind": "BSc"}) | {"@context": [V2]}, DataLossError),
        (credential(homepage={"id": "relative/page"}), DataLossError),
        (credential(note={"@value": "x", "@language": "not a tag"}), DataLossError),
        (credential() | {"type": ["VerifiableCredential", "_:blanktype"]}, None),
        (credential() | {"@context": [V2, "https://unknown.example/context"]}, DocumentLoaderError),
        (credential() | {"@context": [V2, {"id": "https://ex.org/redefined"}]}, JsonLdError),
        (credential(note={"@value": {"nested": 1}}), JsonLdError),
        (credential(n=float("nan")), None),
    ],
)
def test_errors_come_from_the_general_path_unchanged(
    document: dict[str, Any], error_class: type[VclerError] | None
) -> None:
    loader = StaticDocumentLoader()
    with pytest.raises(FastPathFallback):
        document_to_quads(document, context_cache(loader))
    if error_class is None:  # the general path decides: here it accepts or refuses as it will
        general_error = None
        try:
            expected = general(document, loader)
        except VclerError as error:
            general_error = error
        if general_error is None:
            assert canonicalize(to_dataset(document, loader=loader)).nquads == expected
        else:
            assert type(_error(lambda: to_dataset(document, loader=loader))) is type(general_error)
        return
    routed = _error(lambda: to_dataset(document, loader=loader))
    direct = _error(lambda: _general_dataset(document, loader))
    assert type(routed) is type(direct) is error_class
    assert (routed.message, routed.pointer) == (direct.message, direct.pointer)
    assert safe_mode_problems(document, loader=loader)


def test_nesting_deeper_than_the_limit_falls_back_to_a_parsing_error() -> None:
    document = credential()
    node = document["credentialSubject"]
    for _ in range(70):
        node["child"] = {}
        node = node["child"]
    document["@context"].append({"child": "https://ex.org/child"})
    assert fallback_reason(document) == "too deep"
    with pytest.raises(ParsingError):
        to_dataset(document)


def test_non_json_values_fall_back_to_the_general_paths_error() -> None:
    for bad in ({1, 2}, (1, 2), float("inf"), b"bytes"):
        document = credential(value=bad)
        assert fallback_reason(document) == "not JSON"
        with pytest.raises(VclerError):
            to_dataset(document)


def test_document_is_not_modified() -> None:
    document = credential(score=1.5, note={"@value": "x", "@language": "EN"})
    before = copy.deepcopy(document)
    to_dataset(document)
    assert document == before


def test_safe_mode_problems_empty_on_the_fast_path() -> None:
    loader = StaticDocumentLoader()
    assert safe_mode_problems(credential(name="Ada"), loader=loader) == []
    assert fast_path_stats(loader).fast == 1


@pytest.mark.parametrize(
    ("value", "advice"),
    [
        (2**60 + 1, "write it as a string"),
        (1e-7, "write it with one, such as 1.0e-07"),
        ({"@value": "1.5abc", "@type": XSD + "double"}, "give a JSON number"),
    ],
)
def test_a_refused_number_says_what_to_write_instead(value: Any, advice: str) -> None:
    problems = safe_mode_problems(credential(note=value))
    assert [p.code for p in problems] == ["DATA_LOSS_DETECTION_ERROR"]
    assert advice in problems[0].message
