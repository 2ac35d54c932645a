"""Safe mode: find what JSON-LD processing would drop or silently reinterpret.

JSON-LD expansion quietly ignores terms it cannot map to IRIs, and conversion to RDF quietly
skips statements whose subject, predicate or object is a relative IRI. For signed data that is
a hole: a claim that is not in the canonical form is not covered by the signature. Safe mode
turns each such case into a :class:`~vcler.results.Problem` with the code
``DATA_LOSS_DETECTION_ERROR`` and a JSON pointer into the *original* document.

Spec: https://www.w3.org/TR/vc-data-integrity/#securing-data-losslessly
Spec: https://www.w3.org/TR/json-ld11-api/#expansion-algorithm (what expansion drops)

These functions are pure: they look at the expanded document and the list of dropped
properties reported by the expansion, never at a processor.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..results import Problem, json_pointer

__all__ = ["expanded_problems", "locate_key", "locate_value"]

DATA_LOSS = "DATA_LOSS_DETECTION_ERROR"

# Spec: https://www.rfc-editor.org/rfc/rfc3987 (scheme) / JSON-LD "absolute IRI" or blank node.
# (\Z, not $: Python's $ also matches before a final newline, JavaScript's does not.)
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+\-.]*:[^\s]*\Z")
# Spec: https://www.rfc-editor.org/rfc/rfc5646 (well-formed language tag, as JSON-LD checks it)
_LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*\Z")
# Members of expanded objects that hold no nested node, value or reference objects.
_NOT_ENTERED = frozenset(
    {"@id", "@type", "@value", "@language", "@direction", "@index", "@context"}
)


def _is_absolute_iri(value: object) -> bool:
    return isinstance(value, str) and bool(_ABSOLUTE_IRI.match(value))


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


def locate_key(document: Any, key: str) -> str:
    """JSON pointer to the first member named ``key`` in ``document`` (``""`` if none)."""
    for path, member, _ in _walk(document):
        if member == key:
            return json_pointer(*path)
    return ""


def locate_value(document: Any, value: str) -> str:
    """JSON pointer to the first string equal to ``value`` in ``document`` (``""`` if none)."""
    for path, _, member in _walk(document):
        if member == value:
            return json_pointer(*path)
    return ""


def _dropped_problems(document: Any, dropped: list[str | None]) -> list[Problem]:
    problems = []
    for name in dict.fromkeys(dropped):  # unique, in order
        if name is None:
            message = "a property maps to null in the context and would be dropped"
            pointer = ""
        else:
            message = f"term {name!r} is not defined by any context and would be dropped"
            pointer = locate_key(document, name)
        problems.append(Problem(DATA_LOSS, message, pointer))
    return problems


def _node_problems(node: dict[str, Any], document: Any) -> Iterator[Problem]:
    """Problems of one expanded node, value or reference object (not of its children)."""
    # A node or reference whose @id is relative produces no statements in RDF.
    node_id = node.get("@id")
    if "@id" in node and not _is_node_reference(node_id):
        shown = node_id if isinstance(node_id, str) else repr(node_id)
        yield Problem(
            DATA_LOSS,
            f"identifier {shown!r} is not an absolute IRI or blank node: its statements "
            "would be dropped",
            locate_value(document, node_id) if isinstance(node_id, str) else "",
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
                locate_value(document, type_) if isinstance(type_, str) else "",
            )
    language = node.get("@language")
    if (
        "@value" in node
        and language is not None
        and not (isinstance(language, str) and _LANGUAGE_TAG.match(language))
    ):
        yield Problem(
            DATA_LOSS,
            f"language tag {language!r} is not well-formed (BCP 47)",
            locate_value(document, language) if isinstance(language, str) else "",
        )
    for key in node:
        if key.startswith("_:"):
            yield Problem(
                DATA_LOSS,
                f"property {key!r} maps to a blank node, which RDF cannot use as a predicate",
                locate_key(document, key),
            )


def expanded_problems(expanded: Any, document: Any, dropped: list[str | None]) -> list[Problem]:
    """Every safe-mode problem of an expansion of ``document``.

    ``expanded`` is the expanded document, ``dropped`` the properties the expansion reported
    as dropped (in order; ``None`` for a term mapped to null). Pointers refer to ``document``.
    """
    problems = _dropped_problems(document, dropped)

    def visit(item: Any) -> None:
        if isinstance(item, list):
            for child in item:
                visit(child)
        elif isinstance(item, dict):
            problems.extend(_node_problems(item, document))
            for key, value in item.items():
                if key not in _NOT_ENTERED:
                    visit(value)

    visit(expanded)
    return list(dict.fromkeys(problems))
