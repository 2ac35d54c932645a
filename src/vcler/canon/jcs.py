"""RFC 8785, the JSON Canonicalization Scheme (JCS).

A JSON value is written with no whitespace, object members sorted by the UTF-16 code units of
their names, strings escaped as ECMAScript's ``JSON.stringify`` does, and numbers written as
ECMAScript's ``Number.prototype.toString`` writes IEEE 754 doubles.

Input is a Python JSON value (``dict`` with ``str`` keys, ``list``/``tuple``, ``str``, ``int``,
``float``, ``bool``, ``None``). Every number is an IEEE 754 double, as in ECMAScript: an ``int``
is read as ``JSON.parse`` would read it (the nearest double, so ``2**53 + 1`` is written
``9007199254740992``). Non-finite numbers, integers beyond the double range, strings that are
not Unicode scalar values (lone surrogates) and other types raise
:class:`vcler.errors.InputError`.

Spec: https://www.rfc-editor.org/rfc/rfc8785
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

from .._json import compact_encoder
from ..errors import InputError

__all__ = ["canonicalize_json", "canonicalize_json_bytes", "serialize_number", "serialize_string"]

# RFC 8785 section 3.2.2.2: the ECMAScript JSON.stringify escapes.
_STRING_ESCAPES: dict[int, str] = {
    **{c: f"\\u{c:04x}" for c in range(0x20)},
    0x08: "\\b",
    0x09: "\\t",
    0x0A: "\\n",
    0x0C: "\\f",
    0x0D: "\\r",
    0x22: '\\"',
    0x5C: "\\\\",
}
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\]')
# Raw patterns: re reads the escapes (mypyc refuses surrogates in string literals).
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def serialize_string(value: str) -> str:
    """A JSON string literal for ``value`` in canonical form.

    Spec: https://www.rfc-editor.org/rfc/rfc8785#section-3.2.2.2
    """
    if _SURROGATE.search(value) is not None:
        raise InputError("JCS strings must be Unicode text (found a lone surrogate)")
    if _NEEDS_ESCAPE.search(value) is not None:
        value = value.translate(_STRING_ESCAPES)
    return f'"{value}"'


def serialize_number(value: float | int) -> str:
    """``value`` as ECMAScript's ``Number.prototype.toString`` writes the IEEE 754 double.

    Spec: https://www.rfc-editor.org/rfc/rfc8785#section-3.2.2.3
    Spec: https://262.ecma-international.org/#sec-numeric-types-number-tostring
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"not a JSON number: {value!r}")
    # An integer is read as ECMAScript's JSON.parse reads it: the nearest double.
    number = _to_double(value) if isinstance(value, int) else value
    # Step 1 (NaN) and step 4 (infinities): not JSON numbers.
    if not math.isfinite(number):
        raise InputError(f"JCS cannot serialize the non-finite number {value!r}")
    # Step 2: +0 and -0 are both "0".
    if number == 0:
        return "0"
    # Step 3: negative numbers are "-" followed by the magnitude.
    if number < 0:
        return "-" + serialize_number(-number)
    # Step 5: the shortest digits s (k of them) and exponent n with s × 10^(n−k) = number.
    # Python's repr gives the same shortest, closest-to-the-value round-trip digits.
    _sign, digit_tuple, exponent = Decimal(repr(number)).as_tuple()
    digits = "".join(map(str, digit_tuple)).rstrip("0")
    assert isinstance(exponent, int)
    k = len(digits)
    n = len(digit_tuple) + exponent
    # Step 6: an integer below 10^21: the digits followed by n − k zeros.
    if k <= n <= 21:
        return digits + "0" * (n - k)
    # Step 7: a decimal point inside the digits.
    if 0 < n <= 21:
        return digits[:n] + "." + digits[n:]
    # Step 8: a small number written with leading zeros.
    if -6 < n <= 0:
        return "0." + "0" * -n + digits
    # Step 9, 10: exponential notation.
    exponent_text = ("+" if n - 1 >= 0 else "-") + str(abs(n - 1))
    if k == 1:
        return digits + "e" + exponent_text
    return digits[0] + "." + digits[1:] + "e" + exponent_text


def _to_double(value: int) -> float:
    try:
        return float(value)
    except OverflowError:
        raise InputError(f"integer {value} is too large for an IEEE 754 double") from None


def _sort_key(name: str) -> bytes:
    # Spec: https://www.rfc-editor.org/rfc/rfc8785#section-3.2.3 — UTF-16 code units, unsigned;
    # comparing big-endian UTF-16 bytes compares exactly those.
    return name.encode("utf-16-be", "surrogatepass")


def _serialize(value: Any, out: list[str]) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(serialize_string(value))
    elif isinstance(value, (int, float)):
        out.append(serialize_number(value))
    elif isinstance(value, dict):
        for key in value:
            if not isinstance(key, str):
                raise InputError(f"JSON object names must be strings, not {type(key).__name__}")
        out.append("{")
        for index, key in enumerate(sorted(value, key=_sort_key)):
            if index:
                out.append(",")
            out.append(serialize_string(key))
            out.append(":")
            _serialize(value[key], out)
        out.append("}")
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _serialize(item, out)
        out.append("]")
    else:
        raise InputError(f"not a JSON value: {type(value).__name__}")


# Integers up to 2^53 are exact doubles: ECMAScript prints them as Python does.
_EXACT_INTEGER = 2**53
_PLAIN_BUDGET = 10_000_000
#: Deepest nesting of arrays and objects JCS accepts (far beyond any credential).
MAX_DEPTH = 500
# Anything at or above U+D800 in the output: a lone surrogate (refused) or a character whose
# UTF-16 order may differ from its code point order (in a key).
_BEYOND_BMP_ORDER = re.compile(r"[\ud800-\U0010ffff]")


def _plain(value: Any) -> bool:
    """Whether ``value`` holds only strings, exact integers, booleans, null, lists and dicts
    with string keys: values whose JCS form Python's json module writes identically.

    Walks the whole value level by level (no recursion) and refuses nesting deeper than
    :data:`MAX_DEPTH` with :class:`~vcler.errors.InputError`, so the limit is the same on
    every Python version whichever serializer then runs.
    """
    plain = True
    level: list[Any] = [value]
    depth = 0
    budget = _PLAIN_BUDGET  # a reference cycle must not loop forever
    while level:
        budget -= len(level)
        if budget < 0:
            raise InputError("JSON value too large, or holding a reference cycle")
        below: list[Any] = []
        for item in level:
            kind = type(item)
            if kind is str or item is None or kind is bool:
                continue
            if kind is int:
                if plain and not -_EXACT_INTEGER <= item <= _EXACT_INTEGER:
                    plain = False
            elif kind is dict:
                if depth >= MAX_DEPTH:
                    raise InputError(f"JSON value nested deeper than {MAX_DEPTH} levels")
                for key in item:
                    if type(key) is not str:
                        plain = False
                        break
                below.extend(item.values())
            elif kind is list or kind is tuple:
                if depth >= MAX_DEPTH:
                    raise InputError(f"JSON value nested deeper than {MAX_DEPTH} levels")
                plain = plain and kind is list
                below.extend(item)
            else:
                plain = False
        level = below
        depth += 1
    return plain


# The json module's encoder as _fast_form uses it (on values _plain has walked: no cycles).
_ENCODE = compact_encoder(sort_keys=True)


def _fast_form(value: Any) -> str | None:
    """The canonical form through the json module's C encoder, or ``None`` to take the
    general serializer.

    With no floats and no large integers, and nothing at or beyond U+D800 in the text,
    ``json.dumps`` with sorted keys writes exactly RFC 8785's form: keys in code point order
    (equal to UTF-16 order below U+D800), the same escapes (``\\b \\t \\n \\f \\r``, other
    control characters as lowercase ``\\u00xx``, ``"`` and ``\\``), everything else as is.
    """
    if not _plain(value):
        return None
    text = _ENCODE(value)
    # An ASCII text (the common case) is known to be clear without a scan.
    return None if not text.isascii() and _BEYOND_BMP_ORDER.search(text) else text


def canonicalize_json(value: Any) -> str:
    """The RFC 8785 canonical form of a JSON value, as text.

    Spec: https://www.rfc-editor.org/rfc/rfc8785#section-3.2
    """
    fast = _fast_form(value)
    if fast is not None:
        return fast
    out: list[str] = []
    try:
        _serialize(value, out)
    except RecursionError:
        raise InputError("JSON value nested too deeply to canonicalize") from None
    return "".join(out)


def canonicalize_json_bytes(value: Any) -> bytes:
    """The RFC 8785 canonical form of a JSON value, UTF-8 encoded (what gets hashed or signed).

    Spec: https://www.rfc-editor.org/rfc/rfc8785#section-3.2.4
    """
    return canonicalize_json(value).encode("utf-8")
