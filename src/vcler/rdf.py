"""RDF terms, quads and N-Quads: the data model canonicalization works on.

Terms are small frozen dataclasses; two terms of different classes never compare equal (an
:class:`IRI` ``"x"`` is not the :class:`BlankNode` ``"x"``). A dataset is a plain list of
:class:`Quad` values.

N-Quads are read strictly (:func:`parse_nquads` raises :class:`vcler.errors.ParsingError`
naming the line) and written in the *canonical N-Quads form* of RDFC-1.0 (one space between
terms, ``" .\\n"`` at the end, IRIs as they are, and a single spelling for each character of a
literal), which is also the form hashed by the canonicalization algorithm.

Spec: https://www.w3.org/TR/n-quads/
Spec: https://www.w3.org/TR/rdf-canon/#canonical-quads
Spec: https://www.w3.org/TR/rdf12-n-triples/#canonical-ntriples
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

from .errors import InputError, ParsingError

__all__ = [
    "IRI",
    "RDF_LANGSTRING",
    "XSD_STRING",
    "BlankNode",
    "Dataset",
    "GraphName",
    "Literal",
    "Object",
    "Quad",
    "Statement",
    "Subject",
    "Term",
    "from_pyld",
    "parse_nquads",
    "serialize_literal",
    "serialize_nquads",
    "serialize_quad",
    "serialize_string",
    "serialize_term",
    "statement_of",
]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True, slots=True)
class IRI:
    """An IRI (absolute, as written in N-Quads between ``<`` and ``>``, unescaped)."""

    value: str


@dataclass(frozen=True, slots=True)
class BlankNode:
    """A blank node, known by its label (without the ``_:`` prefix)."""

    label: str


@dataclass(frozen=True, slots=True)
class Literal:
    """A literal: lexical form, datatype IRI and, for language-tagged strings, a language tag.

    A literal given a ``language`` has the datatype ``rdf:langString`` (set for you when the
    datatype is left at its default).
    """

    value: str
    datatype: str = XSD_STRING
    language: str | None = None

    def __post_init__(self) -> None:
        if self.language is not None and self.datatype != RDF_LANGSTRING:
            if self.datatype != XSD_STRING:
                raise InputError(
                    f"a literal with a language tag has datatype {RDF_LANGSTRING}, "
                    f"not {self.datatype}"
                )
            object.__setattr__(self, "datatype", RDF_LANGSTRING)


Subject: TypeAlias = "IRI | BlankNode"
Object: TypeAlias = "IRI | BlankNode | Literal"
GraphName: TypeAlias = "IRI | BlankNode | None"
Term: TypeAlias = "IRI | BlankNode | Literal"


@dataclass(frozen=True, slots=True)
class Quad:
    """A statement: subject, predicate, object and graph name (``None``: the default graph)."""

    subject: IRI | BlankNode
    predicate: IRI
    object: IRI | BlankNode | Literal
    graph: IRI | BlankNode | None = None


Dataset: TypeAlias = "list[Quad]"

#: A statement in N-Quads form: subject, predicate, object and graph name (``None``: the
#: default graph), each term written as canonical N-Quads writes it (``<iri>``, ``_:label``,
#: ``"..."``, ``"..."@lang``, ``"..."^^<datatype>``). Cheaper to make and to canonicalize
#: than :class:`Quad` values (see :func:`vcler.canon.canonicalize_statements`).
Statement: TypeAlias = "tuple[str, str, str, str | None]"

# --------------------------------------------------------------------------------------------
# Canonical serialization
# --------------------------------------------------------------------------------------------

# Spec: https://www.w3.org/TR/rdf12-n-triples/#canonical-ntriples — in literals, the five
# characters with a short escape use it (ECHAR), `"` and `\` are escaped, the other characters
# U+0000-U+001F and U+007F are written as UCHAR `\uXXXX` with upper-case hex digits, and every
# other character is written as itself.
_SHORT_ESCAPES = {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"}
_LITERAL_ESCAPES: dict[int, str] = {
    **{c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F]},
    **_SHORT_ESCAPES,
    0x22: '\\"',
    0x5C: "\\\\",
}
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f]')


def serialize_string(value: str) -> str:
    """A plain (``xsd:string``) literal of ``value`` in canonical N-Quads form: ``"..."``.

    Spec: https://www.w3.org/TR/rdf-canon/#canonical-quads
    """
    if _NEEDS_ESCAPE.search(value) is not None:
        value = value.translate(_LITERAL_ESCAPES)
    return f'"{value}"'


def serialize_literal(literal: Literal) -> str:
    """``literal`` in canonical N-Quads form: ``"..."``, ``"..."@lang`` or ``"..."^^<dt>``.

    Spec: https://www.w3.org/TR/rdf-canon/#canonical-quads
    """
    text = serialize_string(literal.value)
    if literal.language is not None:
        return f"{text}@{literal.language}"
    if literal.datatype == XSD_STRING:
        return text
    return f"{text}^^<{literal.datatype}>"


def serialize_term(term: IRI | BlankNode | Literal) -> str:
    """One term in canonical N-Quads form (``<iri>``, ``_:label`` or a literal)."""
    if type(term) is IRI:
        return f"<{term.value}>"
    if type(term) is BlankNode:
        return f"_:{term.label}"
    if type(term) is Literal:
        return serialize_literal(term)
    raise InputError(f"not an RDF term: {term!r}")


def statement_of(quad: Quad) -> Statement:
    """``quad`` as a :data:`Statement` (its terms in canonical N-Quads form)."""
    graph = quad.graph
    return (
        serialize_term(quad.subject),
        serialize_term(quad.predicate),
        serialize_term(quad.object),
        None if graph is None else serialize_term(graph),
    )


def serialize_quad(quad: Quad) -> str:
    """``quad`` as one canonical N-Quads statement, ending with ``" .\\n"``.

    Spec: https://www.w3.org/TR/rdf-canon/#canonical-quads
    """
    parts = [serialize_term(quad.subject), serialize_term(quad.predicate)]
    parts.append(serialize_term(quad.object))
    if quad.graph is not None:
        parts.append(serialize_term(quad.graph))
    parts.append(".\n")
    return " ".join(parts)


def serialize_nquads(quads: Iterable[Quad]) -> str:
    """The statements of ``quads`` in canonical N-Quads form, concatenated in the given order."""
    return "".join(serialize_quad(quad) for quad in quads)


# --------------------------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------------------------

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_:"
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"

_IRIREF = re.compile(rf'<((?:[^\x00-\x20<>"{{}}|^`\\]|{_UCHAR})*)>')
_BLANK_NODE_LABEL = re.compile(rf"_:([{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)")
_STRING_LITERAL_QUOTE = re.compile(rf'"((?:[^"\\\n\r]|\\[tbnrf"\'\\]|{_UCHAR})*)"')
_LANGTAG = re.compile(r"@([a-zA-Z]+(?:-[a-zA-Z0-9]+)*)")
_ESCAPE = re.compile(rf"\\[tbnrf\"'\\]|{_UCHAR}")
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LINE_BREAK = re.compile(r"\r\n?|\n")
_ECHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


class _Syntax(Exception):
    """A syntax error at a column of the current line (internal)."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


def _unescape_match(match: re.Match[str]) -> str:
    escape = match.group()
    if len(escape) == 2:
        return _ECHARS[escape[1]]
    code_point = int(escape[2:], 16)
    if code_point > 0x10FFFF or 0xD800 <= code_point <= 0xDFFF:
        raise ValueError(f"{escape} is not a Unicode scalar value")
    return chr(code_point)


def _unescape(text: str, column: int) -> str:
    if "\\" not in text:
        return text
    try:
        return _ESCAPE.sub(_unescape_match, text)
    except ValueError as e:
        raise _Syntax(str(e), column) from None


def _iri(line: str, position: int) -> tuple[IRI, int]:
    match = _IRIREF.match(line, position)
    if match is None:
        raise _Syntax("expected an IRI <...>", position)
    value = _unescape(match.group(1), position)
    if _IRI_FORBIDDEN.search(value) is not None:
        raise _Syntax("IRI contains a character that IRIs cannot contain", position)
    if _ABSOLUTE_IRI.match(value) is None:
        raise _Syntax(f"relative IRI <{value}> (N-Quads IRIs are absolute)", position)
    return IRI(value), match.end()


def _node(line: str, position: int, what: str) -> tuple[IRI | BlankNode, int]:
    if line.startswith("_:", position):
        match = _BLANK_NODE_LABEL.match(line, position)
        if match is None:
            raise _Syntax("malformed blank node label", position)
        return BlankNode(match.group(1)), match.end()
    if line.startswith("<", position):
        return _iri(line, position)
    raise _Syntax(f"expected {what}: an IRI or a blank node", position)


def _literal(line: str, position: int) -> tuple[Literal, int]:
    match = _STRING_LITERAL_QUOTE.match(line, position)
    if match is None:
        raise _Syntax("malformed string literal", position)
    value = _unescape(match.group(1), position)
    end = match.end()
    if line.startswith("^^", end):
        datatype, end = _iri(line, end + 2)
        return Literal(value, datatype.value), end
    if line.startswith("@", end):
        language = _LANGTAG.match(line, end)
        if language is None:
            raise _Syntax("malformed language tag", end)
        return Literal(value, RDF_LANGSTRING, language.group(1)), language.end()
    return Literal(value), end


def _skip_space(line: str, position: int) -> int:
    while position < len(line) and line[position] in " \t":
        position += 1
    return position


def _statement(line: str) -> Quad | None:
    position = _skip_space(line, 0)
    if position == len(line) or line[position] == "#":
        return None
    subject, position = _node(line, position, "a subject")
    position = _skip_space(line, position)
    predicate, position = _iri(line, position)
    position = _skip_space(line, position)
    obj: IRI | BlankNode | Literal
    if line.startswith('"', position):
        obj, position = _literal(line, position)
    else:
        obj, position = _node(line, position, "an object (or a literal)")
    position = _skip_space(line, position)
    graph: IRI | BlankNode | None = None
    if not line.startswith(".", position):
        graph, position = _node(line, position, "a graph name or '.'")
        position = _skip_space(line, position)
    if not line.startswith(".", position):
        raise _Syntax("expected '.' at the end of the statement", position)
    position = _skip_space(line, position + 1)
    if position != len(line) and line[position] != "#":
        raise _Syntax("unexpected text after the end of the statement", position)
    return Quad(subject, predicate, obj, graph)


_IRI_FAST = r'<([A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>"{}|^`\\]*)>'
_BLANK_FAST = rf"_:([{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)"
# A whole statement without UCHAR escapes in IRIs, in one match (the common case); anything
# else, errors included, goes through the term-by-term scanner below.
_STATEMENT_FAST = re.compile(
    rf"[ \t]*(?:{_IRI_FAST}|{_BLANK_FAST})[ \t]*{_IRI_FAST}[ \t]*"
    rf"(?:{_IRI_FAST}|{_BLANK_FAST}|{_STRING_LITERAL_QUOTE.pattern}"
    rf"(?:\^\^{_IRI_FAST}|@([a-zA-Z]+(?:-[a-zA-Z0-9]+)*))?)[ \t]*"
    rf"(?:(?:{_IRI_FAST}|{_BLANK_FAST})[ \t]*)?\.[ \t]*(?:#.*)?"
)


def _node_term(terms: dict[str, Any], iri: str | None, blank: str | None) -> Any:
    # One IRI / BlankNode object per distinct term of a document.
    if iri is not None:
        term = terms.get(iri)
        if term is None:
            term = terms[iri] = IRI(iri)
        return term
    key = "_:" + str(blank)
    term = terms.get(key)
    if term is None:
        term = terms[key] = BlankNode(str(blank))
    return term


def _fast_statement(line: str, terms: dict[str, Any]) -> Quad | None:
    match = _STATEMENT_FAST.fullmatch(line)
    if match is None:
        return None
    s_iri, s_blank, p_iri, o_iri, o_blank, o_string, datatype, language, g_iri, g_blank = (
        match.groups()
    )

    obj: IRI | BlankNode | Literal
    if o_string is None:
        obj = _node_term(terms, o_iri, o_blank)
    else:
        try:
            value = _unescape(o_string, 0)
        except _Syntax:
            return None
        if language is not None:
            obj = Literal(value, RDF_LANGSTRING, language)
        else:
            obj = Literal(value, datatype or XSD_STRING)
    graph = None if g_iri is None and g_blank is None else _node_term(terms, g_iri, g_blank)
    subject = _node_term(terms, s_iri, s_blank)
    return Quad(subject, _node_term(terms, p_iri, None), obj, graph)


def parse_nquads(text: str) -> list[Quad]:
    """The statements of an N-Quads document, in document order (duplicates kept).

    Strict: any syntax error raises :class:`vcler.errors.ParsingError` whose message names
    the line and column (1-based).

    Spec: https://www.w3.org/TR/n-quads/#sec-grammar
    """
    if not isinstance(text, str):
        raise InputError(f"N-Quads text must be a str, not {type(text).__name__}")
    quads: list[Quad] = []
    terms: dict[str, Any] = {}
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        quad = _fast_statement(line, terms)
        if quad is not None:
            quads.append(quad)
            continue
        try:
            quad = _statement(line)
        except _Syntax as e:
            raise ParsingError(
                f"N-Quads syntax error at line {number}, column {e.column + 1}: {e.message}"
            ) from None
        if quad is not None:
            quads.append(quad)
    return quads


# --------------------------------------------------------------------------------------------
# pyld's RDF datasets
# --------------------------------------------------------------------------------------------


def _pyld_node(node: Mapping[str, Any]) -> IRI | BlankNode:
    value = node["value"]
    if node["type"] == "blank node":
        return BlankNode(value[2:] if value.startswith("_:") else value)
    if node["type"] == "IRI":
        return IRI(value)
    raise InputError(f"not an RDF node in a pyld dataset: {node!r}")


def _pyld_object(node: Mapping[str, Any]) -> IRI | BlankNode | Literal:
    if node["type"] != "literal":
        return _pyld_node(node)
    language = node.get("language")
    if language is not None:
        return Literal(node["value"], RDF_LANGSTRING, language)
    return Literal(node["value"], node.get("datatype") or XSD_STRING)


def from_pyld(dataset: Mapping[str, Any]) -> list[Quad]:
    """The quads of a pyld RDF dataset (the result of ``pyld.jsonld.to_rdf``).

    Blank node values ``"_:b0"`` become ``BlankNode("b0")``; the graph ``"@default"`` becomes
    the default graph (``None``). Graphs and their triples keep pyld's order.
    """
    quads: list[Quad] = []
    try:
        for graph_name, triples in dataset.items():
            graph: IRI | BlankNode | None
            if graph_name == "@default":
                graph = None
            elif graph_name.startswith("_:"):
                graph = BlankNode(graph_name[2:])
            else:
                graph = IRI(graph_name)
            for triple in triples:
                predicate = _pyld_node(triple["predicate"])
                if not isinstance(predicate, IRI):
                    raise InputError("a predicate must be an IRI")
                quads.append(
                    Quad(
                        _pyld_node(triple["subject"]),
                        predicate,
                        _pyld_object(triple["object"]),
                        graph,
                    )
                )
    except (KeyError, TypeError, AttributeError) as e:
        raise InputError(f"not a pyld RDF dataset: {e!r}") from e
    return quads
