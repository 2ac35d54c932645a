"""RFC 8785 (JCS): known answers from the RFC, the Data Integrity JCS vectors, properties."""

from __future__ import annotations

import json
import math
import struct
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.compiled import misuse_error
from tests.vectors import read_json, read_text
from vcler.canon import canonicalize_json, canonicalize_json_bytes, serialize_number
from vcler.errors import InputError

# RFC 8785 Appendix B: IEEE 754 binary64 (hex) -> canonical text.
APPENDIX_B = [
    ("0000000000000000", "0"),
    ("8000000000000000", "0"),
    ("0000000000000001", "5e-324"),
    ("8000000000000001", "-5e-324"),
    ("7fefffffffffffff", "1.7976931348623157e+308"),
    ("ffefffffffffffff", "-1.7976931348623157e+308"),
    ("4340000000000000", "9007199254740992"),
    ("c340000000000000", "-9007199254740992"),
    ("4430000000000000", "295147905179352830000"),
    ("44b52d02c7e14af5", "9.999999999999997e+22"),
    ("44b52d02c7e14af6", "1e+23"),
    ("44b52d02c7e14af7", "1.0000000000000001e+23"),
    ("444b1ae4d6e2ef4e", "999999999999999700000"),
    ("444b1ae4d6e2ef4f", "999999999999999900000"),
    ("444b1ae4d6e2ef50", "1e+21"),
    ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"),
    ("3eb0c6f7a0b5ed8d", "0.000001"),
    ("41b3de4355555553", "333333333.3333332"),
    ("41b3de4355555554", "333333333.33333325"),
    ("41b3de4355555555", "333333333.3333333"),
    ("41b3de4355555556", "333333333.3333334"),
    ("41b3de4355555557", "333333333.33333343"),
    ("becbf647612f3696", "-0.0000033333333333333333"),
    ("43143ff3c1cb0959", "1424953923781206.2"),
]


def _double(hex_bits: str) -> float:
    return float(struct.unpack(">d", bytes.fromhex(hex_bits))[0])


@pytest.mark.parametrize(("bits", "expected"), APPENDIX_B)
def test_rfc8785_appendix_b_numbers(bits: str, expected: str) -> None:
    assert serialize_number(_double(bits)) == expected
    assert canonicalize_json(_double(bits)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (-1e21, "-1e+21"),
        (999999999999999900000.0, "999999999999999900000"),
        (1e-6, "0.000001"),
        (1e-7, "1e-7"),
        (1.5e-7, "1.5e-7"),
        (-1.5e-7, "-1.5e-7"),
        (0.1 + 0.2, "0.30000000000000004"),
        (-0.0, "0"),
        (4.5, "4.5"),
        (1.0, "1"),
        (100, "100"),
        (-7, "-7"),
        (2**53, "9007199254740992"),
        (2**60, "1152921504606847000"),
        (2**53 + 1, "9007199254740992"),
        (66083230394157820, "66083230394157820"),
        (10**21, "1e+21"),
        (123e-20, "1.23e-18"),
        (1e300, "1e+300"),
        (12345678901234567890.0, "12345678901234567000"),
    ],
)
def test_number_known_answers(value: float | int, expected: str) -> None:
    assert serialize_number(value) == expected


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 10**400, True])
def test_numbers_refused(value: Any) -> None:
    with pytest.raises(InputError):
        serialize_number(value)


@pytest.mark.parametrize("value", ["1", None])
def test_what_is_not_a_number_is_misuse(value: Any) -> None:
    with pytest.raises(misuse_error("vcler.canon.jcs")):
        serialize_number(value)


def test_rfc8785_section_3_2_4_example() -> None:
    text = (
        '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],'
        '"string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",'
        '"literals": [null, true, false]}'
    )
    assert canonicalize_json(json.loads(text)) == (
        '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
    )


def test_rfc8785_section_3_2_3_sorting_by_utf16_code_units() -> None:
    value = {
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\U0001f600": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis",
    }
    keys = [json.loads(f"[{k}]")[0] for k in _keys_in_order(canonicalize_json(value))]
    assert keys == ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001f600", "\ufb33"]
    # The emoji (a surrogate pair, 0xD83D...) sorts before U+FB33 though its code point is
    # larger: UTF-16 code units, not code points.
    assert "\U0001f600" > "\ufb33"


def _keys_in_order(canonical: str) -> list[str]:
    pairs = json.loads(canonical, object_pairs_hook=lambda p: p)
    return [json.dumps(key) for key, _ in pairs]


def test_string_escapes() -> None:
    value = '\x00\x01\b\t\n\x0b\f\r\x1f "\\/\x7f\u2028é😀'
    assert canonicalize_json(value) == (
        '"\\u0000\\u0001\\b\\t\\n\\u000b\\f\\r\\u001f \\"\\\\/\x7f\u2028é😀"'
    )


def test_structure_and_bytes() -> None:
    value = {"b": [1, 2.5, {"z": None, "a": True}], "a": {}, "c": [], "d": False}
    assert canonicalize_json(value) == '{"a":{},"b":[1,2.5,{"a":true,"z":null}],"c":[],"d":false}'
    assert canonicalize_json_bytes({"é": "€"}) == '{"é":"€"}'.encode()
    assert canonicalize_json((1, "x")) == '[1,"x"]'


@pytest.mark.parametrize(
    "value", [{1: "x"}, {"a": {1, 2}}, b"bytes", "\ud800", {"\udc00": 1}, object()]
)
def test_values_refused(value: Any) -> None:
    with pytest.raises(InputError):
        canonicalize_json(value)


def test_too_deep_is_an_input_error() -> None:
    value: Any = []
    for _ in range(5000):
        value = [value]
    with pytest.raises(InputError):
        canonicalize_json(value)


# ------------------------------------------------------------------------------------------
# Data Integrity vectors: canonical document and canonical proof configuration
# ------------------------------------------------------------------------------------------

JCS_VECTORS = [
    ("di-eddsa", "unsigned.json", "eddsa-jcs-2022/canonDocJCS.txt"),
    ("di-eddsa", "eddsa-jcs-2022/proofConfigJCS.json", "eddsa-jcs-2022/proofCanonJCS.txt"),
    ("di-ecdsa", "unsigned.json", "ecdsa-jcs-2019-p256/canonDocJCSECDSAP256.txt"),
    (
        "di-ecdsa",
        "ecdsa-jcs-2019-p256/proofConfigJCSECDSAP256.json",
        "ecdsa-jcs-2019-p256/proofCanonJCSECDSAP256.txt",
    ),
    ("di-ecdsa", "unsigned.json", "ecdsa-jcs-2019-p384/canonDocJCSECDSAP384.txt"),
    (
        "di-ecdsa",
        "ecdsa-jcs-2019-p384/proofConfigJCSECDSAP384.json",
        "ecdsa-jcs-2019-p384/proofCanonJCSECDSAP384.txt",
    ),
]


@pytest.mark.parametrize(("folder", "source", "canonical"), JCS_VECTORS)
def test_data_integrity_jcs_vectors(folder: str, source: str, canonical: str) -> None:
    assert canonicalize_json(read_json(folder, source)) == read_text(folder, canonical)


# ------------------------------------------------------------------------------------------
# Properties
# ------------------------------------------------------------------------------------------


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_number_round_trips(value: float) -> None:
    text = serialize_number(value)
    assert float(text) == value
    assert float(json.loads(text)) == value
    # Shortest: no digit can be dropped from the significand.
    significand = text.lstrip("-").split("e")[0].replace(".", "").strip("0")
    assert len(significand) <= 17


@given(st.integers(min_value=-(2**53), max_value=2**53))
def test_safe_integers_print_as_integers_below_1e21(value: int) -> None:
    assert serialize_number(value) == str(value)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=12,
)


@given(json_values)
def test_canonical_form_parses_back_and_is_idempotent(value: Any) -> None:
    text = canonicalize_json(value)
    parsed = json.loads(text)
    assert canonicalize_json(parsed) == text
    assert canonicalize_json(json.loads(json.dumps(value))) == text


@given(st.dictionaries(st.text(max_size=6), st.integers(), max_size=6))
def test_member_order_does_not_matter(value: dict[str, int]) -> None:
    reversed_value = dict(reversed(list(value.items())))
    assert canonicalize_json(value) == canonicalize_json(reversed_value)


_any_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**60), max_value=2**60)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8)
    | st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=4), children, max_size=4)
    ),
    max_leaves=25,
)


@given(_any_json)
def test_the_c_encoder_fast_form_equals_the_general_serializer(value: object) -> None:
    from vcler.canon.jcs import _fast_form, _serialize

    out: list[str] = []
    try:
        _serialize(value, out)
    except InputError:
        return
    fast = _fast_form(value)
    if fast is not None:
        assert fast == "".join(out)
