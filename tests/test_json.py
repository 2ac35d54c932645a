"""check_json: plain JSON within limits, or the right error (never a crash, never a hang)."""

from __future__ import annotations

import math
from collections import OrderedDict
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vcler._json import check_json
from vcler.errors import InputError, ParsingError


class Text(str):
    """A str subclass: still JSON text."""


def _problems(value: Any, depth: int, max_depth: int) -> tuple[set[str], int]:
    """The reference: a plain recursive reading of the rules (kinds of problem, value count)."""
    if isinstance(value, dict | list) and depth > max_depth:
        return {"deep"}, 1
    if isinstance(value, dict):
        found: set[str] = set()
        count = 1
        for key, child in value.items():
            if not isinstance(key, str):
                found.add("not json")
            more, size = _problems(child, depth + 1, max_depth)
            found |= more
            count += size
        return found, count
    if isinstance(value, list):
        found, count = set(), 1
        for child in value:
            more, size = _problems(child, depth + 1, max_depth)
            found |= more
            count += size
        return found, count
    if isinstance(value, float):
        return (set() if math.isfinite(value) else {"not json"}), 1
    if value is None or isinstance(value, str | bool | int):
        return set(), 1
    return {"not json"}, 1


_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),  # NaN and infinities included: not JSON
    st.text(max_size=5),
    st.builds(Text, st.text(max_size=3)),
    st.sampled_from([b"bytes", (1, 2), {1, 2}, 1j]),  # not JSON
)
_keys = st.one_of(st.text(max_size=4), st.builds(Text, st.text(max_size=2)), st.integers())
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(_keys, inner, max_size=4),
        st.dictionaries(st.text(max_size=3), inner, max_size=3).map(OrderedDict),
    ),
    max_leaves=30,
)


@given(_values, st.integers(min_value=1, max_value=6), st.integers(min_value=1, max_value=40))
def test_check_json_agrees_with_the_reference(value: Any, max_depth: int, max_items: int) -> None:
    problems, count = _problems(value, 1, max_depth)
    if count > max_items:
        problems.add("many")
    try:
        check_json(value, max_depth=max_depth, max_items=max_items)
    except ParsingError:
        assert problems & {"deep", "many"}
    except InputError:
        assert "not json" in problems
    else:
        assert not problems


def test_a_reference_cycle_is_refused_not_followed() -> None:
    cycle: list[Any] = []
    cycle.append(cycle)
    cycle.append(cycle)
    with pytest.raises(ParsingError):
        check_json(cycle)
    looped: dict[str, Any] = {}
    looped["self"] = looped
    with pytest.raises(ParsingError, match="nested deeper"):
        check_json(looped)


def test_the_limits_are_inclusive() -> None:
    check_json([[1]], max_depth=2, max_items=3)
    with pytest.raises(ParsingError, match="nested deeper than 1"):
        check_json([[1]], max_depth=1)
    with pytest.raises(ParsingError, match="more than 2 values"):
        check_json([[1]], max_items=2)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({1: "x"}, "object key 1 is not a string"),
        ([float("nan")], "number nan is not allowed"),
        ({"a": {1, 2}}, "value of type set is not JSON"),
    ],
)
def test_not_json_says_what(value: Any, message: str) -> None:
    with pytest.raises(InputError, match=message):
        check_json(value)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
        lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    )
)
def test_copy_json_is_a_deep_copy(value: object) -> None:
    from vcler._json import copy_json

    copied = copy_json({"value": value, "nested": [value]})
    assert copied == {"value": value, "nested": [value]}

    def containers(item: object) -> list[int]:
        if isinstance(item, dict):
            return [id(item)] + [i for child in item.values() for i in containers(child)]
        if isinstance(item, list):
            return [id(item)] + [i for child in item for i in containers(child)]
        return []

    assert not set(containers(copied)) & set(containers(value))


_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and infinities too: allow_nan decides
    | st.text()
    | st.builds(Text, st.text(max_size=3)),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=25,
)


@given(_json_values, st.booleans(), st.booleans(), st.booleans())
def test_compact_encoder_writes_what_json_dumps_writes(
    value: Any, sort_keys: bool, ensure_ascii: bool, allow_nan: bool
) -> None:
    import json

    from vcler._json import compact_encoder

    encode = compact_encoder(sort_keys=sort_keys, ensure_ascii=ensure_ascii, allow_nan=allow_nan)
    options = {"sort_keys": sort_keys, "ensure_ascii": ensure_ascii, "allow_nan": allow_nan}
    try:
        expected = json.dumps(value, separators=(",", ":"), **options)
    except ValueError as error:  # NaN or an infinity with allow_nan=False
        with pytest.raises(ValueError) as raised:
            encode(value)
        assert str(raised.value) == str(error)
        return
    assert encode(value) == expected
    assert encode(value) == expected  # the same encoder again: nothing kept between calls


def test_compact_encoder_refuses_what_json_dumps_refuses() -> None:
    from vcler._json import compact_encoder

    encode = compact_encoder(sort_keys=True)
    with pytest.raises(TypeError, match="not JSON serializable"):
        encode({"a": b"bytes"})
    with pytest.raises(TypeError):
        encode({1: "a", "b": 2})  # keys of mixed kinds cannot be sorted
    assert encode({"a": [1, "é"]}) == '{"a":[1,"é"]}'  # and it still works afterwards
