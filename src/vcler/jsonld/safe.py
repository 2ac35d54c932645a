"""Safe mode: find what JSON-LD processing would drop or silently reinterpret.

JSON-LD expansion quietly ignores terms it cannot map to IRIs, and conversion to RDF quietly
skips statements whose subject, predicate or object is a relative IRI. For signed data that is
a hole: a claim that is not in the canonical form is not covered by the signature. Safe mode
turns each such case into a :class:`~vcler.results.Problem` with the code
``DATA_LOSS_DETECTION_ERROR`` and a JSON pointer into the *original* document.

Spec: https://www.w3.org/TR/vc-data-integrity/#securing-data-losslessly
Spec: https://www.w3.org/TR/json-ld11-api/#expansion-algorithm (what expansion drops)

These functions are pure: they look at the expanded document and at what the expansion
reported as dropped (properties, and values: see :func:`dropped_value`), never at a
processor. What they refuse is what jsonld.js refuses in safe mode, plus numbers that
JavaScript and Python processors write differently (:func:`ambiguous_number`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import codes
from ..results import Problem, json_pointer

__all__ = [
    "ABSOLUTE_IRI",
    "LANGUAGE_TAG",
    "DroppedValue",
    "ambiguous_double",
    "ambiguous_number",
    "dropped_value",
    "expanded_problems",
    "locate_value",
    "number_problem",
]

DATA_LOSS = codes.DATA_LOSS_DETECTION_ERROR
#: The most safe-mode problems listed for one document (a last one says how many more).
MAX_PROBLEMS = 100

#: What safe mode takes for an absolute IRI (a scheme, a colon, no white space); the fast
#: path holds identifiers, datatypes and predicates to it too.
#: (\Z, not $: Python's $ also matches before a final newline, JavaScript's does not.)
#: Spec: https://www.rfc-editor.org/rfc/rfc3987 (scheme) / JSON-LD "absolute IRI".
ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+\-.]*:[^\s]*\Z")
#: A well-formed language tag, as JSON-LD checks it (and safe mode, on both paths).
#: Spec: https://www.rfc-editor.org/rfc/rfc5646
LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*\Z")
_XSD_DOUBLE = "http://www.w3.org/2001/XMLSchema#double"
_EXACT_INTEGERS = 2**53
# Members of expanded objects that hold no nested node, value or reference objects.
_NOT_ENTERED = frozenset(
    {"@id", "@type", "@value", "@language", "@direction", "@index", "@context"}
)


def _is_absolute_iri(value: object) -> bool:
    return isinstance(value, str) and bool(ABSOLUTE_IRI.match(value))


def _is_node_reference(value: object) -> bool:
    return isinstance(value, str) and (value.startswith("_:") or _is_absolute_iri(value))


def _walk(
    document: Any, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], Any, Any]]:
    """Yield ``(path, key, value)`` for every member of every object, in document order.

    Array items are yielded with their index as key. ``@context`` members are not entered:
    they define terms, they are not data.
    """
    if isinstance(document, dict):
        for key, value in document.items():
            if key == "@context":
                continue
            yield (*path, key), key, value
            yield from _walk(value, (*path, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield (*path, index), index, value
            yield from _walk(value, (*path, index))


def locate_value(document: Any, value: str) -> str:
    """JSON pointer to the first string equal to ``value`` in ``document`` (``""`` if none)."""
    for path, _, member in _walk(document):
        if member == value:
            return json_pointer(*path)
    return ""


@dataclass(frozen=True)
class DroppedValue:
    """A value (a copy of it) that expansion drops where it stands, and why."""

    value: Any
    message: str


_DROPPED_OBJECT = (
    "this object expands to nothing JSON-LD keeps (it is empty, has a null @value or only "
    "@language, or, at the top or in a graph, only an @id, @value or @list) and would be dropped"
)
_DROPPED_SCALAR = "this value stands at the top or directly in a @graph and would be dropped"
_DROPPED_FROM_GRAPH = (
    "this value of a @graph container (such as proof or verifiableCredential) is a plain "
    "value, an empty object or only an @id, @value or @list: jsonld.js drops it, so the "
    "statements would differ between JSON-LD processors"
)


def _unsafe_in_graph(expanded: Any) -> bool:
    """Whether an expanded map standing at the top or in a graph is one JSON-LD drops there:
    empty (an empty ``@type`` counts as nothing), or only an ``@id``, ``@value`` or ``@list``."""
    if not isinstance(expanded, dict):
        return False
    keys = [key for key, value in expanded.items() if not (key == "@type" and value == [])]
    return not keys or "@value" in expanded or "@list" in expanded or keys == ["@id"]


def dropped_value(
    element: Any, expanded: Any, *, inside_list: bool, free_floating: bool
) -> DroppedValue | None:
    """Whether expanding ``element`` (not an array) to ``expanded`` dropped data.

    Expansion returns nothing for a scalar at the top or directly in a ``@graph``
    (``free_floating``), a value object with a null ``@value``, a map with only
    ``@language``, and a free-floating map that is empty or has only an ``@id``, ``@value``
    or ``@list``; jsonld.js (which Digital Bazaar's Data Integrity suites use) also counts an
    empty ``@type`` as nothing there. Its safe mode refuses every one of these, and so does
    vcler's. (What it drops from ``@graph`` containers, where pyld keeps it, is found in the
    expanded document: see :func:`expanded_problems`.)

    Spec: https://www.w3.org/TR/json-ld11-api/#expansion-algorithm (steps 4, 15, 17, 19)
    """
    if element is None or isinstance(element, list):
        return None
    if expanded is None:
        message = _DROPPED_OBJECT if isinstance(element, dict) else _DROPPED_SCALAR
        return DroppedValue(element, message)
    if free_floating and not inside_list and _unsafe_in_graph(expanded):
        return DroppedValue(element, _DROPPED_OBJECT)
    return None


# A decimal number that JavaScript's parseFloat and Python's float read alike.
_PLAIN_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def ambiguous_number(value: object, datatype: object) -> bool:
    """Whether JSON-LD processors write the literal of ``value`` (with ``datatype``, or
    ``None``) differently: an ambiguous ``xsd:double`` (:func:`ambiguous_double`); a
    fraction below 10^-6 whose shortest form has one significant digit (``1e-07``), which
    jsonld.js takes for an integer (its string has no ".") and writes as ``"0"``; an integer
    a double cannot hold exactly (beyond 2^53), which JavaScript rounds.

    Spec: https://www.w3.org/TR/json-ld11-api/#object-to-rdf-conversion (steps 10, 11)
    """
    if type(value) is int:
        # JavaScript holds it as the nearest double: compared as integers, exactly (a double
        # holds every integer up to 2^53; beyond the largest double there is none).
        if -_EXACT_INTEGERS <= value <= _EXACT_INTEGERS:
            return False
        try:
            return int(float(value)) != value
        except OverflowError:
            return True
    if datatype == _XSD_DOUBLE:
        return ambiguous_double(value)
    return (
        type(value) is float
        and not value.is_integer()
        and abs(value) < 1e-6
        and "." not in repr(value)
    )


def number_problem(value: object, datatype: object) -> str | None:
    """Why the literal of ``value`` is refused (see :func:`ambiguous_number`), or ``None``."""
    if not ambiguous_number(value, datatype):
        return None
    if type(value) is int:
        return (
            f"the integer {value} is beyond what a double holds exactly, and JavaScript "
            "JSON-LD processors round it: write it as a string"
        )
    if datatype == _XSD_DOUBLE:
        return (
            f"the xsd:double value {value!r} is written differently by JSON-LD processors: "
            "give a JSON number, or a plain decimal string, other than -0 or infinity"
        )
    return (
        f"the number {value!r} is written as the integer 0 by jsonld.js (its JavaScript "
        "form has no decimal point): write it with one, such as 1.0e-07"
    )


def ambiguous_double(value: object) -> bool:
    """Whether JSON-LD processors write the ``xsd:double`` literal of ``value`` differently.

    The canonical form of a value typed ``xsd:double`` is computed from the number the value
    denotes. jsonld.js reads a string with JavaScript's ``parseFloat`` (``"1.5abc"`` is 1.5,
    ``""`` is NaN) and writes negative zero as ``0.0E0``; pyld keeps a string it cannot read
    as written and writes ``-0.0E0``; infinities are ``Infinity`` in one and ``INF`` in the
    other. Such values would sign differently: safe mode refuses them. Plain decimal
    strings, other numbers and booleans are written alike.

    Spec: https://www.w3.org/TR/json-ld11-api/#object-to-rdf-conversion (step 10)
    """
    if isinstance(value, bool):
        return False
    if isinstance(value, str):
        if _PLAIN_DECIMAL.fullmatch(value) is None:
            return True
        value = float(value)
    if isinstance(value, float):
        return math.isinf(value) or (value == 0 and math.copysign(1.0, value) < 0)
    return False


def locate_element(document: Any, element: Any) -> str:
    """JSON pointer to the first value in ``document`` equal to ``element`` (``""`` if none)."""
    if document == element:
        return ""
    for path, _, member in _walk(document):
        if member == element:
            return json_pointer(*path)
    return ""


class _Locator:
    """JSON pointers into one document: the first member named so, the first string equal to
    a value. One walk of the document, on first use, answers every question after it (a
    document with thousands of problems must not be walked once for each)."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self._keys: dict[str, tuple[str | int, ...]] | None = None
        self._strings: dict[str, tuple[str | int, ...]] = {}

    def _index(self) -> dict[str, tuple[str | int, ...]]:
        if self._keys is None:
            self._keys = {}
            for path, key, value in _walk(self.document):
                if isinstance(key, str):
                    self._keys.setdefault(key, path)
                if isinstance(value, str):
                    self._strings.setdefault(value, path)
        return self._keys

    def key(self, name: str) -> str:
        path = self._index().get(name)
        return "" if path is None else json_pointer(*path)

    def value(self, value: Any) -> str:
        if not isinstance(value, str):
            return ""
        self._index()
        path = self._strings.get(value)
        return "" if path is None else json_pointer(*path)


def _dropped_problems(locator: _Locator, dropped: list[Any]) -> tuple[list[Problem], int]:
    """The problems of what expansion dropped, and how many dropped values were not listed."""
    problems = []
    for name in dict.fromkeys(item for item in dropped if not isinstance(item, DroppedValue)):
        if name is None:
            message = "a property maps to null in the context and would be dropped"
            pointer = ""
        else:
            message = f"term {name!r} is not defined by any context and would be dropped"
            pointer = locator.key(name)
        problems.append(Problem(DATA_LOSS, message, pointer))
    values = [item for item in dropped if isinstance(item, DroppedValue)]
    for item in values[:MAX_PROBLEMS]:  # (each is searched for in the document)
        pointer = locator.value(item.value) or locate_element(locator.document, item.value)
        problems.append(Problem(DATA_LOSS, item.message, pointer))
    return problems, max(0, len(values) - MAX_PROBLEMS)


def _node_problems(node: dict[str, Any], locator: _Locator) -> Iterator[Problem]:
    """Problems of one expanded node, value or reference object (not of its children)."""
    # A node or reference whose @id is relative produces no statements in RDF.
    node_id = node.get("@id")
    if "@id" in node and not _is_node_reference(node_id):
        shown = node_id if isinstance(node_id, str) else repr(node_id)
        yield Problem(
            DATA_LOSS,
            f"identifier {shown!r} is not an absolute IRI or blank node: its statements "
            "would be dropped",
            locator.value(node_id),
        )
    types = node.get("@type", [])
    for type_ in types if isinstance(types, list) else [types]:
        if "@value" in node and type_ == "@json":
            continue
        if not _is_node_reference(type_):
            shown = type_ if isinstance(type_, str) else repr(type_)
            yield Problem(
                DATA_LOSS,
                f"type {shown!r} is not defined by any context and would be dropped",
                locator.value(type_),
            )
    number = "@value" in node and number_problem(node["@value"], node.get("@type"))
    if number:
        yield Problem(DATA_LOSS, number, locator.value(node["@value"]))
    language = node.get("@language")
    if (
        "@value" in node
        and language is not None
        and not (isinstance(language, str) and LANGUAGE_TAG.match(language))
    ):
        yield Problem(
            DATA_LOSS,
            f"language tag {language!r} is not well-formed (BCP 47)",
            locator.value(language),
        )
    for key in node:
        if key.startswith("_:"):
            yield Problem(
                DATA_LOSS,
                f"property {key!r} maps to a blank node, which RDF cannot use as a predicate",
                locator.key(key),
            )


def expanded_problems(expanded: Any, document: Any, dropped: list[Any]) -> list[Problem]:
    """Every safe-mode problem of an expansion of ``document``.

    ``expanded`` is the expanded document, ``dropped`` what the expansion reported as dropped
    (in order): properties (``None`` for a term mapped to null) and :class:`DroppedValue`
    values. Pointers refer to ``document``.
    """
    locator = _Locator(document)
    problems, unlisted = _dropped_problems(locator, dropped)

    def visit(item: Any) -> None:
        if isinstance(item, list):
            for child in item:
                visit(child)
        elif isinstance(item, dict):
            problems.extend(_node_problems(item, locator))
            # What jsonld.js drops from a @graph container (pyld keeps it as a graph object;
            # the top level and explicit @graph arrays were dealt with during expansion).
            for member in item.get("@graph", ()) if isinstance(item.get("@graph"), list) else ():
                if _unsafe_in_graph(member):
                    shown = member.get("@value", member.get("@id"))
                    problems.append(Problem(DATA_LOSS, _DROPPED_FROM_GRAPH, locator.value(shown)))
            for key, value in item.items():
                if key not in _NOT_ENTERED:
                    visit(value)

    visit(expanded)
    unique = list(dict.fromkeys(problems))
    if len(unique) > MAX_PROBLEMS or unlisted:
        more = max(0, len(unique) - MAX_PROBLEMS) + unlisted
        unique = unique[:MAX_PROBLEMS]
        unique.append(Problem(DATA_LOSS, f"and {more} more problems of this document", ""))
    return unique
