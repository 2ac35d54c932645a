"""Reading JSON safely: size, depth and number limits, no NaN/Infinity, no duplicate keys;
writing it safely: text that never fails to encode.

Everything vcler reads from outside (files, HTTP bodies, CLI input) goes through
:func:`load_json`; documents handed over as Python objects go through :func:`check_json`.
Both raise :class:`vcler.errors.ParsingError` with a clear message, never a ``RecursionError``,
``JSONDecodeError`` or ``ValueError`` from below.

A document may hold strings that no encoding can write (a lone surrogate such as
``"\\ud800"`` is valid JSON syntax). Encoding JSON text with the error handler
:data:`JSON_ESCAPE` writes such a character as its JSON escape, so the output is still JSON
that reads back to the same value.
"""

from __future__ import annotations

import codecs
import copy
import json
import math
from collections.abc import Callable
from typing import Any

from .errors import InputError, ParsingError

__all__ = [
    "JSON_ESCAPE",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_INTEGER_DIGITS",
    "MAX_VALUES",
    "check_json",
    "compact_encoder",
    "copy_json",
    "dumps_compact",
    "load_json",
]

#: Default largest input accepted, in bytes.
MAX_BYTES = 16 * 1024 * 1024
#: Default deepest nesting of arrays and objects accepted.
MAX_DEPTH = 64
#: The most digits of an integer accepted (Python's own default limit for converting between
#: ``int`` and ``str``, which is quadratic in the number of digits).
MAX_INTEGER_DIGITS = 4300
#: Default most values (every object, array and scalar) in an in-memory document.
MAX_VALUES = 1_000_000
#: The name of the codec error handler that writes a character the encoding cannot hold as
#: its JSON escape (``\ud800``; a pair of escapes beyond the Basic Multilingual Plane).
JSON_ESCAPE = "vcler.json-escape"

_INTEGER_BOUND = 10**MAX_INTEGER_DIGITS  # the least integer with too many digits


def _json_escape(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    escapes = []
    for character in error.object[error.start : error.end]:
        code = ord(character)
        if code > 0xFFFF:  # a UTF-16 surrogate pair, as JSON writes it (RFC 8259 section 7)
            code -= 0x10000
            escapes.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            escapes.append(f"\\u{code:04x}")
    return "".join(escapes), error.end


codecs.register_error(JSON_ESCAPE, _json_escape)


def _refuse_constant(name: str) -> Any:
    raise ParsingError(f"JSON constant {name} is not allowed")


def _parse_int(text: str) -> int:
    """A JSON integer, refused with more than :data:`MAX_INTEGER_DIGITS` digits (before the
    conversion, whose cost grows with the square of the digits)."""
    digits = len(text) - text.startswith("-")
    if digits > MAX_INTEGER_DIGITS:
        raise ParsingError(
            f"a JSON number has {digits} digits, more than the limit of {MAX_INTEGER_DIGITS}"
        )
    return int(text)


def _parse_float(text: str) -> float:
    """A JSON number with a fraction or exponent, refused when no double holds it (``1e999``
    would become an infinity)."""
    number = float(text)
    if not math.isfinite(number):
        raise ParsingError(f"the JSON number {text[:40]} is beyond the range of a double")
    return number


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
    than ``max_bytes``, nested deeper than ``max_depth``, or has duplicate keys, NaN or an
    integer of more than :data:`MAX_INTEGER_DIGITS` digits.
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
            text,
            parse_constant=_refuse_constant,
            parse_int=_parse_int,
            parse_float=_parse_float,
            object_pairs_hook=_no_duplicate_keys,
        )
    except json.JSONDecodeError as e:
        raise ParsingError(f"not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})") from e
    except ValueError as e:  # an integer beyond the interpreter's own (lower) digit limit
        raise ParsingError(f"a JSON number cannot be read: {e}") from e
    except RecursionError as e:  # pragma: no cover - the prescan refuses this first
        raise ParsingError("JSON nested too deeply") from e


def check_json(value: Any, *, max_depth: int = MAX_DEPTH, max_items: int = MAX_VALUES) -> None:
    """Check that an in-memory value is plain JSON within limits.

    Plain JSON is ``dict`` (with ``str`` keys), ``list``, ``str``, ``int``, finite ``float``,
    ``bool`` and ``None``. Nesting deeper than ``max_depth``, more than ``max_items`` values or
    an integer of more than :data:`MAX_INTEGER_DIGITS` digits raise
    :class:`~vcler.errors.ParsingError` (a reference cycle is caught by the depth
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
            if kind is int:
                if -_INTEGER_BOUND < item < _INTEGER_BOUND:
                    continue
                raise ParsingError(
                    f"a JSON number has more than the limit of {MAX_INTEGER_DIGITS} digits"
                )
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
            elif isinstance(item, int) and not isinstance(item, bool):
                if not -_INTEGER_BOUND < item < _INTEGER_BOUND:
                    raise ParsingError(
                        f"a JSON number has more than the limit of {MAX_INTEGER_DIGITS} digits"
                    )
            elif not isinstance(item, (str, bool, int)):
                raise InputError(f"value of type {type(item).__name__} is not JSON")
        level = below


# Exact types that are plain JSON as they are (floats need a finiteness check, integers a
# digit count).
_PLAIN_SCALARS = frozenset({str, bool, type(None)})


def _check_keys(item: dict[Any, Any]) -> None:
    """Object keys must be strings (``str`` subclasses included)."""
    for key in item:
        if not isinstance(key, str):
            raise InputError(f"object key {key!r} is not a string")


def copy_json(value: Any) -> Any:
    """A deep copy of a JSON value: new dicts and lists, the (immutable) scalars shared.

    Several times faster than :func:`copy.deepcopy` on documents; a value of any other type
    inside is deep-copied by :func:`copy.deepcopy`.
    """
    kind = type(value)
    if kind is dict:
        return {key: copy_json(item) for key, item in value.items()}
    if kind is list:
        return [copy_json(item) for item in value]
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    return copy.deepcopy(value)


def dumps_compact(value: Any) -> str:
    """Compact JSON text (no spaces, non-ASCII kept), e.g. for hashing or transport."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def compact_encoder(
    *, sort_keys: bool = False, ensure_ascii: bool = False, allow_nan: bool = True
) -> Callable[[Any], str]:
    """``json.dumps(value, separators=(",", ":"), ...)`` with these options, as one function
    made once: the json module's C encoder, called directly.

    ``JSONEncoder.encode`` builds a new C encoder for every call; on the verify path, where
    small values are encoded a few times per document, that is most of the cost. The function
    made here checks no reference cycles: give it only values already walked by a bounded
    check (:func:`check_json`, or a caller's own), as every caller in vcler does. Where the
    json module has no C encoder, it is ``JSONEncoder.encode``.
    """
    python = json.JSONEncoder(
        separators=(",", ":"), sort_keys=sort_keys, ensure_ascii=ensure_ascii, allow_nan=allow_nan
    )
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - CPython always has it
        return python.encode
    strings = (
        json.encoder.encode_basestring_ascii if ensure_ascii else json.encoder.encode_basestring
    )
    # (markers, default, string encoder, indent, key separator, item separator, sort_keys,
    # skipkeys, allow_nan): what JSONEncoder.iterencode passes, without the cycle markers.
    encoder = make(None, python.default, strings, None, ":", ",", sort_keys, False, allow_nan)

    def encode(value: Any) -> str:
        return "".join(encoder(value, 0))

    return encode
