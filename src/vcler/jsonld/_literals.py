"""Literals for the fast path: value objects and scalars as RDF literals, and their checks.

Object to RDF Conversion for what the walk in :mod:`._walk` meets (booleans, numbers in their
canonical ``xsd:integer`` / ``xsd:double`` forms, strings with a datatype, a language or a base
direction), and the one node-map rule that looks across literals: values differing only by
base direction. A literal depends on its value and on IRIs already expanded: nothing here
reads a context.

Spec: https://www.w3.org/TR/json-ld11-api/#object-to-rdf-conversion
"""

from __future__ import annotations

import math
from typing import Any

from ..rdf import RDF_LANGSTRING, XSD_STRING, Literal
from ._fallback import FastPathFallback
from .safe import LANGUAGE_TAG, ambiguous_number

__all__ = ["direction_collision", "literal", "string_literal", "value_object"]

XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
XSD_DOUBLE = "http://www.w3.org/2001/XMLSchema#double"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
I18N = "https://www.w3.org/ns/i18n#"


def direction_collision(
    statements: list[tuple[str, str, str, str | None]], literals: dict[str, Literal]
) -> bool:
    """Whether a subject has two values of one property that differ only by base direction.

    ``statements`` are in N-Quads form (see :mod:`._walk`); ``literals`` maps the text of every
    literal that is not a plain string written as it is to the literal.

    The node map keeps one value object of a subject's property per ``@value``, ``@type``,
    ``@language`` and ``@index``: pyld and jsonld.js compare no ``@direction`` (the JSON-LD
    API leaves value equality to the implementations), so of ``"x"`` and ``{"@value": "x",
    "@direction": "ltr"}`` only the first one met becomes a statement. The general path
    reproduces that; the fast path, which emits both, gives such documents to it.

    Spec: https://www.w3.org/TR/json-ld11-api/#node-map-generation
    """
    seen: dict[tuple[Any, ...], bool] = {}
    for subject, predicate, obj, graph in statements:
        if obj[0] != '"':
            continue
        term = literals.get(obj) or Literal(obj[1:-1])
        datatype = term.datatype
        directional = datatype.startswith(I18N)
        if directional:
            language: str | None = datatype[len(I18N) :].rpartition("_")[0] or None
        elif datatype in (XSD_STRING, RDF_LANGSTRING):
            language = term.language
        else:
            continue  # a typed value differs by @type from a directional one
        key = (subject, predicate, graph, term.value, language)
        if key in seen and (directional or seen[key]):
            return True
        seen[key] = seen.get(key, False) or directional
    return False


def value_object(keywords: dict[str, Any], datatype: str | None) -> Literal:
    """A value object (``@value`` with ``@type``, ``@language`` or ``@direction``) as a literal.

    ``keywords`` maps the keywords of the value object to their values; ``datatype`` is the
    expansion of its ``@type`` when that is an absolute IRI (else ``None``).

    Spec: https://www.w3.org/TR/json-ld11-api/#expansion-algorithm (step 15)
    """
    value = keywords["@value"]
    kind = type(value)
    if not (kind is str or kind is bool or kind is int or (kind is float and math.isfinite(value))):
        raise FastPathFallback("@value")
    language = keywords.get("@language")
    if "@language" in keywords:
        if type(language) is not str or kind is not str:
            raise FastPathFallback("@language")
        language = language.lower()
        if LANGUAGE_TAG.match(language) is None:
            raise FastPathFallback("language tag")
    direction = keywords.get("@direction")
    if "@direction" in keywords and direction not in ("ltr", "rtl"):
        raise FastPathFallback("@direction")
    if "@type" in keywords:
        if type(keywords["@type"]) is not str or language is not None or direction is not None:
            raise FastPathFallback("invalid value object")
        if datatype is None:
            raise FastPathFallback("datatype")
    else:
        datatype = None
    return literal(value, datatype, language, direction)


def string_literal(value: str, language: str | None, direction: str | None) -> Literal:
    """A string with the language and base direction its term gives it (``None``: none).

    Spec: https://www.w3.org/TR/json-ld11-api/#value-expansion (steps 5.1-5.3)
    """
    if language is not None and LANGUAGE_TAG.match(language) is None:
        raise FastPathFallback("language tag")
    return literal(value, None, language, direction)


def literal(
    value: Any, datatype: str | None, language: str | None, direction: str | None
) -> Literal:
    """Object to RDF Conversion of a value object (rdfDirection ``i18n-datatype``).

    Spec: https://www.w3.org/TR/json-ld11-api/#object-to-rdf-conversion
    """
    kind = type(value)
    # Step 9: booleans.
    if kind is bool:
        return Literal("true" if value else "false", datatype or XSD_BOOLEAN)
    if (kind is not str or datatype == XSD_DOUBLE) and ambiguous_number(value, datatype):
        raise FastPathFallback("ambiguous number")
    # Step 10: doubles: a fractional part, 1e21 or more, or an xsd:double datatype.
    if kind is float and not value.is_integer():
        return Literal(_canonical_double(value), datatype or XSD_DOUBLE)
    if datatype == XSD_DOUBLE:
        try:
            number = float(value)
        except ValueError:
            return Literal(value, XSD_DOUBLE)
        except OverflowError:
            raise FastPathFallback("number out of range") from None
        return Literal(_canonical_double(number), XSD_DOUBLE)
    if kind is int or kind is float:
        if abs(value) >= 1e21:
            return Literal(_canonical_double(value), datatype or XSD_DOUBLE)
        # Step 11: integers.
        return Literal(str(int(value)), datatype or XSD_INTEGER)
    # Step 13.1: the direction (and language) in an i18n datatype.
    if direction is not None:
        return Literal(value, f"{I18N}{language or ''}_{direction}")
    # Steps 12, 14: a language-tagged string, or a string with its datatype.
    if language is not None:
        return Literal(value, RDF_LANGSTRING, language)
    return Literal(value, datatype or XSD_STRING)


def _canonical_double(value: float | int) -> str:
    """The canonical lexical form of an xsd:double as JSON-LD writes it (``1.5E0``).

    Spec: https://www.w3.org/TR/json-ld11-api/#data-round-tripping
    """
    try:
        text = f"{value:1.15E}"
    except OverflowError:
        raise FastPathFallback("number out of range") from None
    mantissa, marker, exponent = text.partition("E")
    if not marker:  # INF, NAN
        return text
    whole, _, fraction = mantissa.partition(".")
    sign = "-" if exponent.startswith("-") else ""
    digits = exponent.lstrip("+-").lstrip("0") or "0"
    return f"{whole}.{fraction.rstrip('0') or '0'}E{sign}{digits}"
