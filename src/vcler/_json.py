"""Reading JSON safely: size and depth limits, no NaN/Infinity, no duplicate keys.

Everything vcler reads from outside (files, HTTP bodies, CLI input) goes through
:func:`load_json`; documents handed over as Python objects go through :func:`check_json`.
Both raise :class:`vcler.errors.ParsingError` with a clear message, never a ``RecursionError``
or ``JSONDecodeError`` from below.
"""

from __future__ import annotations

import json
import math
from typing import Any

from .errors import InputError, ParsingError

__all__ = ["MAX_BYTES", "MAX_DEPTH", "check_json", "dumps_compact", "load_json"]

#: Default largest input accepted, in bytes.
MAX_BYTES = 16 * 1024 * 1024
#: Default deepest nesting of arrays and objects accepted.
MAX_DEPTH = 64


def _refuse_constant(name: str) -> Any:
    raise ParsingError(f"JSON constant {name} is not allowed")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ParsingError(f"duplicate key {key!r} in a JSON object")
            seen.add(key)
    return obj


def _prescan_depth(text: str, max_depth: int) -> None:
    """Refuse nesting deeper than ``max_depth`` before the recursive parser sees it."""
    depth = 0
    in_string = False
    escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > max_depth:
                raise ParsingError(f"JSON nested deeper than {max_depth} levels")
        elif ch in "]}":
            depth -= 1


def load_json(data: bytes | str, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> Any:
    """Parse JSON text from outside, within limits.

    Raises :class:`~vcler.errors.ParsingError` for text that is not UTF-8, not JSON, larger
    than ``max_bytes``, nested deeper than ``max_depth``, or has duplicate keys or NaN.
    """
    size = len(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
    if size > max_bytes:
        raise ParsingError(f"input of {size} bytes is larger than the limit of {max_bytes}")
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise ParsingError(f"input is not UTF-8: {e.reason} at byte {e.start}") from e
    else:
        text = data
    if text.count("[") + text.count("{") > max_depth:
        _prescan_depth(text, max_depth)
    try:
        return json.loads(
            text, parse_constant=_refuse_constant, object_pairs_hook=_no_duplicate_keys
        )
    except json.JSONDecodeError as e:
        raise ParsingError(f"not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})") from e
    except RecursionError as e:  # pragma: no cover - the prescan refuses this first
        raise ParsingError("JSON nested too deeply") from e


def check_json(value: Any, *, max_depth: int = MAX_DEPTH, max_items: int = 1_000_000) -> None:
    """Check that an in-memory value is plain JSON within limits.

    Plain JSON is ``dict`` (with ``str`` keys), ``list``, ``str``, ``int``, finite ``float``,
    ``bool`` and ``None``. Nesting deeper than ``max_depth`` or more than ``max_items`` values
    raise :class:`~vcler.errors.ParsingError` (a reference cycle is caught by the depth
    limit); a value that is not JSON at all (a ``set``, a ``NaN``, a non-string key) is the
    caller's mistake and raises :class:`~vcler.errors.InputError`. Walks without recursion,
    one nesting level at a time.
    """
    level = [value]
    depth = 0
    count = 0
    while level:
        depth += 1
        count += len(level)
        if count > max_items:
            raise ParsingError(f"document has more than {max_items} values")
        below: list[Any] = []
        for item in level:
            kind = type(item)
            if kind in _PLAIN_SCALARS:
                continue
            if kind is dict or (kind is not list and isinstance(item, dict)):
                if depth > max_depth:
                    raise ParsingError(f"JSON nested deeper than {max_depth} levels")
                for key in item:
                    if type(key) is not str:
                        _check_keys(item)
                        break
                below.extend(item.values())
            elif kind is list or isinstance(item, list):
                if depth > max_depth:
                    raise ParsingError(f"JSON nested deeper than {max_depth} levels")
                below.extend(item)
            elif isinstance(item, float):
                if not math.isfinite(item):
                    raise InputError(f"number {item!r} is not allowed in JSON")
            elif not isinstance(item, (str, bool, int)):
                raise InputError(f"value of type {type(item).__name__} is not JSON")
        level = below


# Exact types that are plain JSON as they are (floats need a finiteness check).
_PLAIN_SCALARS = frozenset({str, int, bool, type(None)})


def _check_keys(item: dict[Any, Any]) -> None:
    """Object keys must be strings (``str`` subclasses included)."""
    for key in item:
        if not isinstance(key, str):
            raise InputError(f"object key {key!r} is not a string")


def dumps_compact(value: Any) -> str:
    """Compact JSON text (no spaces, non-ASCII kept), e.g. for hashing or transport."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
