"""JSON pointers over a compact JSON-LD document: what the holder (or the issuer's mandatory
pointers) selects, as a new document with the same ``@context``.

The selection keeps, on the path to every selected value, each object's ``id`` (unless it is
a blank node identifier) and ``type``, so that the selected statements say the same thing in
the selection as in the whole document; arrays keep the selected items in their order.

Spec: https://www.w3.org/TR/vc-di-ecdsa/#jsonpointertopaths
Spec: https://www.w3.org/TR/vc-di-ecdsa/#selectjsonld
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from ...errors import InputError, ProofError

__all__ = [
    "MAX_POINTERS",
    "MAX_POINTER_CHARS",
    "check_pointers",
    "compacted_paths",
    "create_initial_selection",
    "json_pointer_to_paths",
    "select_json_ld",
    "select_paths",
]

#: The most JSON pointers one selection takes (mandatory and selective together).
MAX_POINTERS = 4096
#: The longest JSON pointer accepted.
MAX_POINTER_CHARS = 2048


def check_pointers(pointers: object, *, what: str) -> list[str]:
    """``pointers`` as a list of JSON pointer strings; :class:`InputError` otherwise."""
    if isinstance(pointers, str) or not isinstance(pointers, Sequence):
        raise InputError(f"{what} must be a list of JSON pointers, such as ['/issuer']")
    if len(pointers) > MAX_POINTERS:
        raise InputError(f"{what}: at most {MAX_POINTERS} JSON pointers")
    for pointer in pointers:
        if not isinstance(pointer, str) or (pointer and not pointer.startswith("/")):
            raise InputError(f"{what}: {pointer!r} is not a JSON pointer (it starts with '/')")
        if len(pointer) > MAX_POINTER_CHARS:
            raise InputError(f"{what}: a JSON pointer is at most {MAX_POINTER_CHARS} characters")
    return list(pointers)


def json_pointer_to_paths(pointer: str) -> list[str]:
    """The reference tokens of an RFC 6901 JSON pointer, unescaped (``~1`` is ``/``, ``~0``
    is ``~``). Tokens stay strings: a token indexes an array when it is written as a
    non-negative integer (see :func:`select_paths`).

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#jsonpointertopaths
    """
    if pointer and not pointer.startswith("/"):
        raise ProofError(f"{pointer!r} is not a JSON pointer (it starts with '/')")
    paths = []
    # Step 2: split on "/", skipping the first (empty) part.
    for path in pointer.split("/")[1:]:
        # Step 3: unescape "~1" and "~0" (any other "~" is not a pointer).
        if "~" in path:
            if any(path[i + 1 : i + 2] not in ("0", "1") for i, c in enumerate(path) if c == "~"):
                raise ProofError(f"{pointer!r} has an escape other than ~0 and ~1")
            path = path.replace("~1", "/").replace("~0", "~")
        paths.append(path)
    return paths


def create_initial_selection(source: Any) -> dict[str, Any]:
    """An object's selection before anything in it is selected: its ``id`` (unless a blank
    node identifier) and its ``type``.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#createinitialselection
    """
    selection: dict[str, Any] = {}
    if not isinstance(source, Mapping):
        return selection
    # Step 2: every non-blank node identifier on the path is selected.
    identifier = source.get("id")
    if isinstance(identifier, str) and identifier and not identifier.startswith("_:"):
        selection["id"] = identifier
    # Step 3: and every type on the path.
    if source.get("type"):
        selection["type"] = copy.deepcopy(source["type"])
    return selection


class _SparseArray(dict[int, Any]):
    """An array of the selection while pointers are applied: index → selected item."""


def _child(value: Any, path: str, pointer: str) -> Any:
    """``value[path]`` for a JSON pointer token: an array index or an object member."""
    if isinstance(value, list):
        if path.isascii() and path.isdigit() and (path == "0" or not path.startswith("0")):
            index = int(path)
            if index < len(value):
                return value[index]
    elif isinstance(value, Mapping) and path in value:
        return value[path]
    # Step 5.3 of selectPaths: a pointer that does not match the document.
    raise ProofError(f"the JSON pointer {pointer!r} does not match the document")


def select_paths(
    paths: Sequence[str],
    document: Mapping[str, Any],
    selection_document: dict[str, Any],
    *,
    pointer: str = "",
) -> None:
    """Add to ``selection_document`` the value ``paths`` lead to in ``document``, with the
    ``id`` and ``type`` of every object on the way.

    Raises :class:`vcler.errors.ProofError` (``PROOF_GENERATION_ERROR``) when the pointer
    does not match the document.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#selectpaths
    """
    # Steps 1-4.
    value: Any = document
    parent_value: Any = document
    selected_parent: Any = selection_document
    selected_value: Any = selection_document
    key: str | int = ""
    # Step 5: walk the document and the selection together.
    for path in paths:
        selected_parent = selected_value
        parent_value = value
        value = _child(parent_value, path, pointer)
        key = int(path) if isinstance(parent_value, list) else path
        selected_value = _selected(selected_parent, key)
        if selected_value is None:
            selected_value = (
                _SparseArray() if isinstance(value, list) else create_initial_selection(value)
            )
            selected_parent[key] = selected_value
    # Step 6: the selected value itself.
    if isinstance(value, list):
        selected_value = copy.deepcopy(value)
    elif isinstance(value, Mapping):
        selected_value = {**selected_value, **copy.deepcopy(dict(value))}
    else:
        selected_value = value
    # Steps 7-8.
    if paths:
        selected_parent[key] = selected_value


def _selected(container: Any, key: str | int) -> Any:
    """What the selection already holds at ``key`` (``None``: nothing yet)."""
    if isinstance(container, list):  # an array an earlier pointer selected whole
        return container[key] if isinstance(key, int) and key < len(container) else None
    if isinstance(container, dict):
        return container.get(key)
    return None


def _dense(value: Any) -> Any:
    """The selection with every sparse array made dense, in index order."""
    if isinstance(value, _SparseArray):
        return [_dense(value[index]) for index in sorted(value)]
    if isinstance(value, dict):
        return {key: _dense(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_dense(item) for item in value]
    return value


def compacted_paths(paths: Sequence[str], document: Any) -> list[str]:
    """``paths`` (written for a document) fitted to its re-compacted form, which may write an
    array of one item as the item (JSON-LD compaction's ``compactArrays``), or the other way
    round: an index ``0`` at a value that is no array is skipped, and a member name at an
    array of one object is looked for in that object.

    Spec: https://www.w3.org/TR/json-ld11-api/#dom-jsonldoptions-compactarrays
    """
    fitted: list[str] = []
    value = document
    for path in paths:
        index = path.isascii() and path.isdigit()
        member = isinstance(value, Mapping) and path in value
        if path == "0" and not isinstance(value, list) and not member:
            continue  # the one item, compacted to itself
        one_object = isinstance(value, list) and len(value) == 1 and isinstance(value[0], Mapping)
        if one_object and not index:
            fitted.append("0")  # one object, written as an array of it
            value = value[0]
        fitted.append(path)
        if isinstance(value, list) and index:
            value = value[int(path)] if int(path) < len(value) else None
        elif isinstance(value, Mapping):
            value = value.get(path)
        else:
            value = None
    return fitted


def select_json_ld(
    pointers: Sequence[str], document: Mapping[str, Any], *, compacted: bool = False
) -> dict[str, Any] | None:
    """The part of a compact JSON-LD ``document`` that ``pointers`` select, in the same
    ``@context`` (``None`` when ``pointers`` is empty; the pointer ``""`` selects it all).

    The document is expected to alias ``@id`` and ``@type`` to ``id`` and ``type`` and to
    have one ``@context``, at the top. Raises :class:`vcler.errors.ProofError` when a pointer
    does not match it. With ``compacted``, ``document`` is the re-compacted (skolemized) form
    of the document the pointers were written for: see :func:`compacted_paths`.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#selectjsonld
    """
    # Step 1: nothing selected.
    if not pointers:
        return None
    # Steps 2-4: the initial selection of the document, in its context.
    selection: dict[str, Any] = {"@context": copy.deepcopy(document.get("@context"))}
    selection.update(create_initial_selection(document))
    # Step 5: each pointer.
    for pointer in pointers:
        paths = json_pointer_to_paths(pointer)
        if not paths:  # the whole document
            return copy.deepcopy(dict(document))
        if compacted:
            paths = compacted_paths(paths, document)
        select_paths(paths, document, selection, pointer=pointer)
    # Step 6: arrays made dense.
    dense: dict[str, Any] = _dense(selection)
    return dense
