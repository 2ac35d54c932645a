"""BoundedCache: least recently used first out, lifetimes with a clock, empty when pickled."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from vcler._cache import BoundedCache

_operations = st.lists(
    st.tuples(st.sampled_from(["get", "put", "pop"]), st.integers(0, 6), st.integers()),
    max_size=60,
)


@given(st.integers(0, 4), _operations)
def test_it_keeps_the_most_recently_used_entries(
    size: int, operations: list[tuple[str, int, int]]
) -> None:
    cache: BoundedCache[int, int] = BoundedCache(size)
    model: list[tuple[int, int]] = []  # least recently used first
    for operation, key, value in operations:
        found = dict(model).get(key)
        if operation == "get":
            assert cache.get(key) == found
            if found is not None:
                model = [item for item in model if item[0] != key] + [(key, found)]
        elif operation == "put":
            cache.put(key, value)
            if size:
                model = [item for item in model if item[0] != key] + [(key, value)]
                model = model[-size:]
        else:
            cache.pop(key)
            model = [item for item in model if item[0] != key]
        assert cache.values() == [value for _, value in model]
        assert len(cache) == len(model)
    cache.clear()
    assert (len(cache), cache.values()) == (0, [])


def test_with_a_clock_entries_expire_after_their_lifetime() -> None:
    now = [0.0]
    cache: BoundedCache[str, str] = BoundedCache(2, clock=lambda: now[0])
    cache.put("a", "A", lifetime=10)
    cache.put("b", "B")  # no lifetime: until it is the least recently used
    cache.put("never", "N", lifetime=0)
    assert (cache.get("a"), cache.get("b"), cache.get("never")) == ("A", "B", None)
    now[0] = 10.5
    assert (cache.get("a"), cache.get("b"), len(cache)) == (None, "B", 1)
    cache.put("c", "C", lifetime=1)
    cache.put("d", "D", lifetime=1)  # two entries at most: "b" (least recently used) goes
    assert (cache.get("b"), cache.values()) == (None, ["C", "D"])


def test_a_pickled_cache_arrives_empty_with_its_bounds() -> None:
    cache: BoundedCache[str, int] = BoundedCache(3)
    cache.put("a", 1)
    copied = pickle.loads(pickle.dumps(cache))
    assert (len(copied), copied.max_entries, copied.get("a")) == (0, 3, None)
    copied.put("b", 2)
    assert copied.values() == [2]
