"""vcler.rdf: RDF terms, strict N-Quads parsing, canonical N-Quads serialization, pyld datasets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.compiled import misuse_error
from vcler.errors import InputError, ParsingError
from vcler.rdf import (
    IRI,
    RDF_LANGSTRING,
    XSD_STRING,
    BlankNode,
    Literal,
    Quad,
    from_pyld,
    parse_nquads,
    serialize_nquads,
    serialize_quad,
)

SUBJECT, PREDICATE, OBJECT = IRI("urn:ex:s"), IRI("urn:ex:p"), IRI("urn:ex:o")


# ------------------------------------------------------------------------------------------
# Terms
# ------------------------------------------------------------------------------------------


def test_terms_of_different_classes_are_never_equal() -> None:
    iri: object = IRI("x")
    blank_node: object = BlankNode("x")
    literal: object = Literal("x")
    assert iri != blank_node
    assert iri != literal
    assert blank_node != literal
    assert len({IRI("x"), BlankNode("x"), Literal("x"), IRI("x")}) == 3


def test_terms_are_frozen() -> None:
    with pytest.raises(AttributeError):
        IRI("x").value = "y"  # type: ignore[misc]


def test_a_language_tag_makes_a_lang_string() -> None:
    literal = Literal("chat", language="fr")
    assert literal.datatype == RDF_LANGSTRING
    assert literal == Literal("chat", RDF_LANGSTRING, "fr")
    with pytest.raises(InputError):
        Literal("1", "http://www.w3.org/2001/XMLSchema#integer", "en")


# ------------------------------------------------------------------------------------------
# Canonical serialization
# ------------------------------------------------------------------------------------------


def test_canonical_literal_escapes() -> None:
    # Spec: https://www.w3.org/TR/rdf12-n-triples/#canonical-ntriples
    value = "\b\t\n\x0b\f\r\"\\\x7f\x00\x1f é\u2028😀'"
    quad = Quad(SUBJECT, PREDICATE, Literal(value))
    assert serialize_quad(quad) == (
        '<urn:ex:s> <urn:ex:p> "\\b\\t\\n\\u000B\\f\\r\\"\\\\\\u007F\\u0000\\u001F é\u2028😀\'" .\n'
    )


def test_serialize_quad_forms() -> None:
    assert (
        serialize_quad(Quad(SUBJECT, PREDICATE, OBJECT)) == "<urn:ex:s> <urn:ex:p> <urn:ex:o> .\n"
    )
    assert serialize_quad(Quad(BlankNode("b0"), PREDICATE, BlankNode("b1"), BlankNode("g"))) == (
        "_:b0 <urn:ex:p> _:b1 _:g .\n"
    )
    assert serialize_quad(Quad(SUBJECT, PREDICATE, Literal("x", XSD_STRING), IRI("urn:g"))) == (
        '<urn:ex:s> <urn:ex:p> "x" <urn:g> .\n'
    )
    assert serialize_quad(Quad(SUBJECT, PREDICATE, Literal("x", language="en-GB"))) == (
        '<urn:ex:s> <urn:ex:p> "x"@en-GB .\n'
    )
    assert serialize_quad(
        Quad(SUBJECT, PREDICATE, Literal("1", "http://www.w3.org/2001/XMLSchema#integer"))
    ) == ('<urn:ex:s> <urn:ex:p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n')


def test_serialize_nquads_keeps_the_order() -> None:
    quads = [Quad(SUBJECT, PREDICATE, Literal("b")), Quad(SUBJECT, PREDICATE, Literal("a"))]
    assert serialize_nquads(quads) == ('<urn:ex:s> <urn:ex:p> "b" .\n<urn:ex:s> <urn:ex:p> "a" .\n')
    assert serialize_nquads([]) == ""


# ------------------------------------------------------------------------------------------
# Parsing
# ------------------------------------------------------------------------------------------


def test_parse_every_form() -> None:
    text = (
        "# a comment\r\n"
        "\n"
        "<urn:ex:s> <urn:ex:p> <urn:ex:o> .\n"
        "_:a\t<urn:ex:p>   _:b.  # trailing comment\n"
        '<urn:ex:s> <urn:ex:p> "v"@en-us <urn:g> .\r'
        '_:a <urn:ex:p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> _:g .\n'
        '<urn:ex:\\u00E9> <urn:ex:p> "\\t\\b\\n\\r\\f\\"\\\'\\\\\\u00e9\\U0001F600" .'
    )
    assert parse_nquads(text) == [
        Quad(SUBJECT, PREDICATE, OBJECT),
        Quad(BlankNode("a"), PREDICATE, BlankNode("b")),
        Quad(SUBJECT, PREDICATE, Literal("v", language="en-us"), IRI("urn:g")),
        Quad(
            BlankNode("a"),
            PREDICATE,
            Literal("1", "http://www.w3.org/2001/XMLSchema#integer"),
            BlankNode("g"),
        ),
        Quad(IRI("urn:ex:é"), PREDICATE, Literal("\t\b\n\r\f\"'\\é😀")),
    ]


def test_parse_keeps_duplicates_and_blank_node_labels() -> None:
    text = "_:e0 <urn:ex:p> _:e0 .\n_:e0 <urn:ex:p> _:e0 .\n_:x.y-z <urn:ex:p> _:0a .\n"
    quads = parse_nquads(text)
    assert len(quads) == 3
    assert quads[2].subject == BlankNode("x.y-z")
    assert quads[2].object == BlankNode("0a")


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("<urn:s> <urn:p> <urn:o>\n", 1, "'.'"),
        ("\n\n<urn:s> <urn:p> <o> .\n", 3, "relative IRI"),
        ('<urn:s> <urn:p> "unterminated .\n', 1, "malformed string literal"),
        ('"lit" <urn:p> <urn:o> .\n', 1, "subject"),
        ("<urn:s> _:p <urn:o> .\n", 1, "expected an IRI"),
        ("<urn:s> <urn:p> <urn:o> . extra\n", 1, "unexpected text"),
        ('<urn:s> <urn:p> "x"@ .\n', 1, "language tag"),
        ('<urn:s> <urn:p> "x"@en-- .\n', 1, ""),
        ('<urn:s> <urn:p> "\\q" .\n', 1, "malformed string literal"),
        ('<urn:s> <urn:p> "\\uD800" .\n', 1, "scalar value"),
        ("<urn:s> <urn:p> <urn:has space> .\n", 1, "expected"),
        ("<urn:s> <urn:p> <urn:\\u0020> .\n", 1, "cannot contain"),
        ("<urn:s> <urn:p> _:a. .\n", 1, "unexpected text"),
        ("<urn:s> <urn:p> _: .\n", 1, "blank node"),
        ("<urn:s> <urn:p> <urn:o> <urn:g> <urn:h> .\n", 1, "expected '.'"),
        ('<urn:s> <urn:p> "x"^^"y" .\n', 1, "expected an IRI"),
        ("ok\n", 1, "subject"),
        ('<urn:s> <urn:p> "a\nb" .\n', 1, "malformed string literal"),
    ],
)
def test_parse_errors_name_the_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(ParsingError) as raised:
        parse_nquads(text)
    assert raised.value.code == "PARSING_ERROR"
    assert f"line {line}," in str(raised.value)
    assert fragment in str(raised.value)


def test_parse_refuses_bytes() -> None:
    with pytest.raises(misuse_error("vcler.rdf")):
        parse_nquads(b"<urn:s> <urn:p> <urn:o> .")  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------
# Round trips
# ------------------------------------------------------------------------------------------

_iri_chars = st.characters(
    codec="utf-8", exclude_characters='<>"{}|^`\\ ', min_codepoint=0x21, exclude_categories=["Cs"]
)
iris = st.builds(lambda rest: IRI("urn:x:" + rest), st.text(_iri_chars, max_size=12))
blank_nodes = st.from_regex(r"[A-Za-z0-9_]([A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?", fullmatch=True).map(
    BlankNode
)
lexical_forms = st.text(st.characters(codec="utf-8"), max_size=20)
literals = st.one_of(
    st.builds(Literal, lexical_forms),
    st.builds(
        lambda value, language: Literal(value, language=language),
        lexical_forms,
        st.from_regex(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8}){0,2}", fullmatch=True),
    ),
    st.builds(Literal, lexical_forms, iris.map(lambda iri: iri.value)),
)
quads = st.builds(
    Quad,
    st.one_of(iris, blank_nodes),
    iris,
    st.one_of(iris, blank_nodes, literals),
    st.one_of(st.none(), iris, blank_nodes),
)


@given(st.lists(quads, max_size=8))
def test_serialize_parse_round_trip(dataset: list[Quad]) -> None:
    text = serialize_nquads(dataset)
    assert parse_nquads(text) == dataset
    assert text.count("\n") == len(dataset)  # every newline in a literal is escaped


@given(lexical_forms)
def test_every_character_of_a_literal_survives(value: str) -> None:
    quad = Quad(SUBJECT, PREDICATE, Literal(value))
    line = serialize_quad(quad)
    assert "\r" not in line and line.endswith(" .\n")
    assert parse_nquads(line) == [quad]


# ------------------------------------------------------------------------------------------
# pyld datasets
# ------------------------------------------------------------------------------------------


def test_from_pyld() -> None:
    dataset = {
        "@default": [
            {
                "subject": {"type": "blank node", "value": "_:b0"},
                "predicate": {"type": "IRI", "value": "urn:ex:p"},
                "object": {"type": "literal", "value": "x", "datatype": XSD_STRING},
            },
            {
                "subject": {"type": "IRI", "value": "urn:ex:s"},
                "predicate": {"type": "IRI", "value": "urn:ex:p"},
                "object": {
                    "type": "literal",
                    "value": "chat",
                    "datatype": RDF_LANGSTRING,
                    "language": "fr",
                },
            },
        ],
        "_:b1": [
            {
                "subject": {"type": "IRI", "value": "urn:ex:s"},
                "predicate": {"type": "IRI", "value": "urn:ex:p"},
                "object": {"type": "blank node", "value": "_:b0"},
            }
        ],
        "urn:g": [
            {
                "subject": {"type": "IRI", "value": "urn:ex:s"},
                "predicate": {"type": "IRI", "value": "urn:ex:p"},
                "object": {"type": "IRI", "value": "urn:ex:o"},
            }
        ],
    }
    assert from_pyld(dataset) == [
        Quad(BlankNode("b0"), PREDICATE, Literal("x")),
        Quad(SUBJECT, PREDICATE, Literal("chat", language="fr")),
        Quad(SUBJECT, PREDICATE, BlankNode("b0"), BlankNode("b1")),
        Quad(SUBJECT, PREDICATE, OBJECT, IRI("urn:g")),
    ]


def test_from_pyld_matches_pyld_own_nquads() -> None:
    from pyld import jsonld

    document = {
        "@id": "urn:ex:s",
        "urn:ex:p": [
            {"@value": 'a "quoted"\nline', "@language": "en"},
            {"@value": 5},
            {"urn:ex:q": {"@id": "urn:ex:o"}},
        ],
    }
    dataset = jsonld.to_rdf(document, {"documentLoader": None})
    ours = sorted(serialize_quad(quad) for quad in from_pyld(dataset))
    theirs = sorted(jsonld.to_rdf(document, {"format": "application/n-quads"}).splitlines(True))
    assert ours == theirs


@pytest.mark.parametrize(
    "dataset",
    [
        {"@default": [{"subject": {"type": "IRI", "value": "urn:s"}}]},
        {"@default": [{"subject": {"type": "weird", "value": "x"}}]},
        {"@default": "nope"},
    ],
)
def test_from_pyld_refuses_malformed_datasets(dataset: dict[str, object]) -> None:
    with pytest.raises(InputError):
        from_pyld(dataset)
