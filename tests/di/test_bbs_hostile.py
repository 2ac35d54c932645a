"""Hostile bbs-2023 proofs: truncated or oversized proof values, points not on the curve or not
in the subgroup, the identity, scalars out of range, a disclosed-index set that does not match,
forged label maps, the optional features' headers: each refused with a code
(``PROOF_VERIFICATION_ERROR``, the reason in the message), never an exception, and without
work beyond the input's size (a proof is refused for its length before any generator or
pairing is computed).

The starting point is the published windsurf derived vector.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("py_arkworks_bls12381")

from py_arkworks_bls12381 import G1Point

from vcler.di.suites import Bbs2023
from vcler.di.suites.bbs_2023.proof_values import (
    MAX_PROOF_VALUE_BYTES,
    DerivedProofValue,
    parse_derived_proof_value,
    serialize_derived_proof_value,
)
from vcler.keys import bbs
from vcler.keys.bbs import _curve
from vcler.keys.encoding import b64url_decode, b64url_encode

from ..keys._points import off_curve, off_subgroup
from ..vectors import read_json
from ._helpers import verify

VERIFICATION = "PROOF_VERIFICATION_ERROR"
POINTS = 3 * 48


def derived_vector() -> dict[str, Any]:
    document: dict[str, Any] = read_json("di-bbs", "derivedRevealDocument.json")
    return document


def parts() -> DerivedProofValue:
    return parse_derived_proof_value(derived_vector()["proof"]["proofValue"])


def with_value(value: DerivedProofValue) -> dict[str, Any]:
    document = derived_vector()
    document["proof"]["proofValue"] = serialize_derived_proof_value(value)
    return document


def with_proof(proof: bytes) -> dict[str, Any]:
    return with_value(dataclasses.replace(parts(), bbs_proof=proof))


def refused(document: Any, *fragments: str) -> None:
    [result] = verify(document)
    assert not result.verified
    assert [p.code for p in result.problems] == [VERIFICATION], result.problems
    message = result.problems[0].message
    for fragment in fragments:
        assert fragment in message, message


def test_the_vector_verifies() -> None:
    [result] = verify(derived_vector())
    assert result.verified, result.problems


def _off_curve_g1() -> bytes:
    return off_curve(G1Point, 48)


def _off_subgroup_g1() -> bytes:
    return off_subgroup(G1Point, 48)


@pytest.mark.parametrize("at", [0, 48, 96], ids=["Abar", "Bbar", "D"])
@pytest.mark.parametrize(
    ("point", "reason"),
    [
        (_off_curve_g1, "not-on-curve"),
        (_off_subgroup_g1, "not-in-subgroup"),
        (lambda: b"\xc0" + bytes(47), "identity"),
        (lambda: b"\xe0" + bytes(47), "bad-encoding"),
        (lambda: bytes(48), "bad-encoding"),  # uncompressed flag
    ],
    ids=["not-on-curve", "not-in-subgroup", "identity", "flags", "uncompressed"],
)
def test_points_that_are_not_group_elements(at: int, point: Any, reason: str) -> None:
    proof = bytearray(parts().bbs_proof)
    proof[at : at + 48] = point()
    refused(with_proof(bytes(proof)), f"({reason})")


@pytest.mark.parametrize("index", [0, 1, 2, 3, -1], ids=["e^", "r1^", "r3^", "m^1", "c"])
@pytest.mark.parametrize("value", [0, _curve.R, 2**256 - 1], ids=["zero", "r", "max"])
def test_scalars_out_of_range(index: int, value: int) -> None:
    proof = bytearray(parts().bbs_proof)
    scalars = (len(proof) - POINTS) // 32
    position = POINTS + 32 * (index % scalars)
    proof[position : position + 32] = value.to_bytes(32, "big")
    refused(with_proof(bytes(proof)), "(scalar-out-of-range)")


@pytest.mark.parametrize(
    "change",
    [
        lambda p: p[:-1],  # not whole scalars
        lambda p: p[:-32],  # one hidden message fewer: the index set no longer matches
        lambda p: p[:POINTS],  # no scalars at all
        lambda p: b"",
        lambda p: p + bytes(31),
    ],
    ids=["one-byte-short", "one-scalar-short", "points-only", "empty", "ragged"],
)
def test_truncated_and_padded_proofs(change: Any) -> None:
    refused(with_proof(change(parts().bbs_proof)))


def test_a_proof_hiding_more_messages_than_the_limit_is_refused_for_its_length() -> None:
    proof = parts().bbs_proof
    padded = proof[:-32] + bytes.fromhex("01" * 32) * (bbs.MAX_MESSAGES + 1) + proof[-32:]
    refused(with_proof(padded), "(bad-length)")


def test_an_oversized_proof_value_is_refused_before_decoding() -> None:
    document = derived_vector()
    document["proof"]["proofValue"] = "u" + b64url_encode(bytes(MAX_PROOF_VALUE_BYTES + 1))
    refused(document, "proofValue")


@pytest.mark.parametrize(
    "indexes",
    [
        lambda s: s[:-1],  # one disclosed statement without an index
        lambda s: [*s, s[-1] + 1],  # one index too many
        lambda s: [*s[:-1], 10_000],  # beyond the signed messages
        lambda s: [s[1], s[0], *s[2:]],  # not increasing
        lambda s: [-1, *s[1:]],
    ],
    ids=["missing", "extra", "beyond", "unordered", "negative"],
)
def test_disclosed_index_sets_that_do_not_match(indexes: Any) -> None:
    value = parts()
    changed = dataclasses.replace(value, selective_indexes=indexes(value.selective_indexes))
    refused(with_value(changed))


def test_a_shifted_index_set_does_not_verify() -> None:
    # Consistent in shape, but the statements are not at those positions among the signed ones.
    value = parts()
    shifted = [i + 1 for i in value.selective_indexes]
    refused(with_value(dataclasses.replace(value, selective_indexes=shifted)), "does not verify")


def test_another_presentation_header_does_not_verify() -> None:
    value = parts()
    refused(with_value(dataclasses.replace(value, presentation_header=b"other")), "does not verify")


def test_forged_label_maps() -> None:
    value = parts()
    labels = dict(value.label_map)
    first, second = sorted(labels)[:2]
    swapped = {**labels, first: labels[second], second: labels[first]}
    refused(with_value(dataclasses.replace(value, label_map=swapped)), "does not verify")
    missing = {k: v for k, v in labels.items() if k != first}
    refused(with_value(dataclasses.replace(value, label_map=missing)), "label")
    extra = {**labels, "c14n99": "b99"}
    refused(with_value(dataclasses.replace(value, label_map=extra)), "label map")


def test_a_label_map_giving_two_nodes_one_label_is_malformed() -> None:
    value = parts()
    labels = dict(value.label_map)
    first, second = sorted(labels)[:2]
    labels[first] = labels[second]
    refused(with_value(dataclasses.replace(value, label_map=labels)), "same label")


def test_mandatory_indexes_beyond_the_document() -> None:
    value = parts()
    changed = dataclasses.replace(value, mandatory_indexes=[*value.mandatory_indexes, 500])
    refused(with_value(changed), "mandatory index 500")


def test_the_feature_headers_are_refused_by_name() -> None:
    document = derived_vector()
    data = b64url_decode(document["proof"]["proofValue"][1:], max_bytes=10**6, what="x")
    for header, feature in (
        (b"\xd9\x5d\x05", "anonymous_holder_binding"),
        (b"\xd9\x5d\x07", "pseudonym"),
    ):
        document["proof"]["proofValue"] = "u" + b64url_encode(header + data[3:])
        refused(copy.deepcopy(document), feature, "not supported")


def test_without_the_extra_the_suite_is_unsupported() -> None:
    missing = dataclasses.replace(Bbs2023, installed=lambda: False)
    [result] = verify(derived_vector(), allowed_suites=[missing])
    assert not result.verified
    assert [p.code for p in result.problems] == ["UNSUPPORTED_CRYPTOSUITE"]
    assert "vcler[bbs]" in result.problems[0].message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0), st.integers(min_value=1, max_value=255))
def test_any_byte_of_the_proof_value_changed_is_refused_never_raised(
    position: int, flip: int
) -> None:
    document = derived_vector()
    data = bytearray(b64url_decode(document["proof"]["proofValue"][1:], max_bytes=10**6, what="x"))
    data[position % len(data)] ^= flip
    document["proof"]["proofValue"] = "u" + b64url_encode(bytes(data))
    [result] = verify(document)
    # A flip inside the CBOR framing may leave an equivalent encoding; the proof itself never.
    if result.verified:
        assert parse_derived_proof_value(document["proof"]["proofValue"]) == parts()
    else:
        assert {p.code for p in result.problems} == {VERIFICATION}
