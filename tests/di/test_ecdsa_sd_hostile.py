"""Hostile ecdsa-sd-2023 proofs: every way a derived proof can be altered, forged or malformed
is refused with a code (``PROOF_VERIFICATION_ERROR``), never an exception.

The starting point is the published derived vector (issuer binding aside: its issuer is not
its key's controller, which ``verify_proofs`` does not check) and derivations of our own.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import cbor2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vcler
from vcler.di.suites.ecdsa_sd_2023.proof_values import (
    BASE_PROOF_HEADER,
    DERIVED_PROOF_HEADER,
    MAX_PROOF_VALUE_BYTES,
    parse_base_proof_value,
    parse_derived_proof_value,
    serialize_base_proof_value,
    serialize_derived_proof_value,
)
from vcler.errors import ProofError
from vcler.keys.encoding import b64url_decode, b64url_encode

from ..vectors import read_json
from ._helpers import verify

VERIFICATION = "PROOF_VERIFICATION_ERROR"


def derived_vector() -> dict[str, Any]:
    document: dict[str, Any] = read_json(
        "di-ecdsa", "ecdsa-sd-2023", "employ", "derivedRevealDocument.json"
    )
    return document


def base_vector() -> dict[str, Any]:
    document: dict[str, Any] = read_json(
        "di-ecdsa", "ecdsa-sd-2023", "employ", "addSignedSDBase.json"
    )
    return document


def codes_of(document: Any) -> list[str]:
    """The codes of the one proof's problems (it must not verify)."""
    [result] = verify(document)
    assert not result.verified
    return [problem.code for problem in result.problems]


def refused(document: Any, *fragments: str) -> None:
    [result] = verify(document)
    assert not result.verified
    assert [p.code for p in result.problems] == [VERIFICATION] * len(result.problems)
    assert all(p.pointer == "/proof/proofValue" for p in result.problems)
    messages = " ".join(p.message for p in result.problems)
    for fragment in fragments:
        assert fragment in messages, messages


def with_value(document: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """``document`` with its derived proof value's components changed."""
    altered = copy.deepcopy(document)
    parsed = parse_derived_proof_value(altered["proof"]["proofValue"])
    altered["proof"]["proofValue"] = serialize_derived_proof_value(
        dataclasses.replace(parsed, **changes)
    )
    return altered


def with_cbor(document: dict[str, Any], components: Any, header: bytes) -> dict[str, Any]:
    altered = copy.deepcopy(document)
    altered["proof"]["proofValue"] = "u" + b64url_encode(header + cbor2.dumps(components))
    return altered


def raw_components(document: dict[str, Any]) -> list[Any]:
    data = b64url_decode(document["proof"]["proofValue"][1:], max_bytes=1 << 20)
    components: list[Any] = cbor2.loads(data[3:])
    return components


def test_the_vector_verifies() -> None:
    [result] = verify(derived_vector())
    assert result.verified, result.problems


# -- statements ----------------------------------------------------------------------------------


def test_a_statement_added() -> None:
    document = derived_vector()
    document["credentialSubject"]["givenName"] = "JOHN"  # true, signed, but not disclosed
    refused(document, "signature count (6) does not match the non-mandatory statement count (7)")


def test_a_statement_removed() -> None:
    document = derived_vector()
    del document["credentialSubject"]["birthCountry"]
    refused(document, "signature count")


def test_a_statement_changed() -> None:
    document = derived_vector()
    document["credentialSubject"]["birthCountry"] = "Utopia"
    refused(document, "do not verify against their signatures")


def test_a_mandatory_statement_changed() -> None:
    document = derived_vector()
    document["issuer"]["image"] = "data:image/png;base64,AAAA"  # /issuer is mandatory
    refused(document, "the base signature does not verify")


def test_statements_reordered() -> None:
    document = derived_vector()
    signatures = parse_derived_proof_value(document["proof"]["proofValue"]).signatures
    refused(with_value(document, signatures=signatures[::-1]), "do not verify")


def test_a_statement_moved_to_another_node() -> None:
    document = derived_vector()
    document["issuer"]["birthCountry"] = document["credentialSubject"].pop("birthCountry")
    assert codes_of(document)  # not defined there (safe mode), and not what was signed
    document = derived_vector()
    document["credentialSubject"]["image"] = document["issuer"]["image"]  # defined, signed...
    refused(document, "signature count")  # ...but about the issuer, not the subject


# -- label maps ----------------------------------------------------------------------------------


def test_a_label_map_with_its_labels_swapped() -> None:
    document = derived_vector()
    labels = parse_derived_proof_value(document["proof"]["proofValue"]).label_map
    swapped = {"c14n0": labels["c14n1"], "c14n1": labels["c14n0"]}
    refused(with_value(document, label_map=swapped))


def test_a_label_map_naming_one_node_twice() -> None:
    document = derived_vector()
    labels = parse_derived_proof_value(document["proof"]["proofValue"]).label_map
    refused(
        with_value(document, label_map={"c14n0": labels["c14n0"], "c14n1": labels["c14n0"]}),
        "the label map gives two blank nodes the same label",
    )


def test_a_label_map_with_a_label_too_many_or_too_few() -> None:
    document = derived_vector()
    labels = parse_derived_proof_value(document["proof"]["proofValue"]).label_map
    extra = {**labels, "c14n7": "u" + b64url_encode(bytes(32))}
    refused(with_value(document, label_map=extra), "names blank nodes the disclosed document")
    refused(with_value(document, label_map={"c14n0": labels["c14n0"]}), "no label for _:c14n1")


def test_a_label_map_reused_from_another_disclosure() -> None:
    key = vcler.generate_key("P-256")
    credential = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://www.w3.org/ns/credentials/examples/v2",
        ],
        "type": ["VerifiableCredential"],
        "issuer": key.controller,
        "credentialSubject": {"name": "Ada", "school": {"name": "Riverside"}},
    }
    base = vcler.issue(credential, signer=key, suite="ecdsa-sd-2023")
    one = vcler.derive(base, selective_pointers=["/credentialSubject/school"])
    other = vcler.derive(base, selective_pointers=["/credentialSubject/name"])
    assert vcler.verify(one).verified and vcler.verify(other).verified
    foreign = parse_derived_proof_value(other["proof"]["proofValue"]).label_map
    refused(with_value(one, label_map=foreign))
    # And another issuance of the same credential has labels of its own (a new HMAC key).
    again = vcler.derive(
        vcler.issue(credential, signer=key, suite="ecdsa-sd-2023"),
        selective_pointers=["/credentialSubject/school"],
    )
    refused(
        with_value(one, label_map=parse_derived_proof_value(again["proof"]["proofValue"]).label_map)
    )


# -- mandatory statements --------------------------------------------------------------------------


def test_mandatory_indexes_altered() -> None:
    document = derived_vector()
    indexes = parse_derived_proof_value(document["proof"]["proofValue"]).mandatory_indexes
    refused(with_value(document, mandatory_indexes=indexes[:-1]), "signature count")
    refused(with_value(document, mandatory_indexes=[*indexes, 40]), "is beyond")
    refused(with_value(document, mandatory_indexes=[1, 4, 5, 7]), "do not verify")
    unsorted = raw_components(document)
    unsorted[4] = [4, 0, 5, 7]
    refused(with_cbor(document, unsorted, DERIVED_PROOF_HEADER), "increasing order")


def test_mandatory_pointers_changed_in_the_base_proof() -> None:
    """A holder who edits the issuer's mandatory pointers (to hide a mandatory statement) has a
    base proof that no longer fits the document: deriving refuses it."""
    base = base_vector()
    parsed = parse_base_proof_value(base["proof"]["proofValue"])
    edited = copy.deepcopy(base)
    edited["proof"]["proofValue"] = serialize_base_proof_value(
        dataclasses.replace(parsed, mandatory_pointers=["/issuer/id"])
    )
    with pytest.raises(ProofError, match="does not fit the document") as raised:
        vcler.derive(edited, selective_pointers=["/credentialSubject/birthCountry"])
    assert raised.value.code == "PROOF_GENERATION_ERROR"


# -- proof values ------------------------------------------------------------------------------


def test_a_base_proof_and_a_derived_one_are_not_interchangeable() -> None:
    refused(base_vector(), "this is a base proof")
    derived = derived_vector()
    derived["proof"]["proofValue"] = base_vector()["proof"]["proofValue"]
    refused(derived, "base proof")


def test_proof_values_the_suite_cannot_read() -> None:
    document = derived_vector()
    value = document["proof"]["proofValue"]
    cases = {
        "no multibase prefix": value[1:],
        "base58 instead": "z" + value[1:],
        "no header": value[:1] + value[5:],
        "not base64url": value[:-3] + "!!!",
        "truncated": value[:-40],
        "empty": "u",
        "not a string": 7,
    }
    for name, proof_value in cases.items():
        altered = copy.deepcopy(document)
        altered["proof"]["proofValue"] = proof_value
        [result] = verify(altered)
        assert not result.verified, name
        assert {p.code for p in result.problems} <= {VERIFICATION, "MALFORMED_PROOF_ERROR"}, name


def test_components_of_the_wrong_shape() -> None:
    document = derived_vector()
    good = raw_components(document)
    shapes: dict[str, Any] = {
        "four components": good[:4],
        "six components": [*good, []],
        "a map": {"a": 1},
        "short base signature": [good[0][:10], *good[1:]],
        "proof key of P-384": [good[0], b"\x81\x24" + good[1][2:], *good[2:]],
        "a string index": [*good[:4], ["0", 4]],
        "a negative index": [*good[:4], [-1]],
        "a label map with text keys": [*good[:3], {"c14n0": b"\x00" * 32}, good[4]],
        "a label map of mixed lengths": [*good[:3], {0: b"\x00" * 32, 1: b"\x00" * 48}, good[4]],
        "a label that is text": [*good[:3], {0: "u" + "A" * 43}, good[4]],
        "a signature of 63 bytes": [*good[:2], [b"\x00" * 63], *good[3:]],
    }
    for name, components in shapes.items():
        refused(with_cbor(document, components, DERIVED_PROOF_HEADER))
        assert name  # each shape refused


def test_cbor_tags() -> None:
    document = derived_vector()
    good = raw_components(document)
    # Tag 64 (a typed array of bytes), which some encoders write: accepted.
    typed = [cbor2.CBORTag(64, good[0]), *good[1:]]
    [result] = verify(with_cbor(document, typed, DERIVED_PROOF_HEADER))
    assert result.verified, result.problems
    # Any other tag: refused.
    for tag in (2, 24, 1000):
        tagged = [cbor2.CBORTag(tag, good[0]), *good[1:]]
        refused(with_cbor(document, tagged, DERIVED_PROOF_HEADER))


def test_oversize_proof_values_are_refused_before_decoding() -> None:
    document = derived_vector()
    huge = DERIVED_PROOF_HEADER + b"\x85" + b"\x40" * (MAX_PROOF_VALUE_BYTES + 1)
    document["proof"]["proofValue"] = "u" + b64url_encode(huge)
    refused(document, "too long")
    deep = DERIVED_PROOF_HEADER + b"\x81" * 100_000
    document["proof"]["proofValue"] = "u" + b64url_encode(deep)
    refused(document)


def test_base_proof_header_on_derived_components() -> None:
    document = derived_vector()
    refused(with_cbor(document, raw_components(document), BASE_PROOF_HEADER), "base proof")


# -- properties ------------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_verify_never_raises_for_any_bytes_after_the_header(tail: bytes) -> None:
    document = derived_vector()
    document["proof"]["proofValue"] = "u" + b64url_encode(DERIVED_PROOF_HEADER + tail)
    assert codes_of(document)


_PATHS = [
    ("validFrom",),
    ("validUntil",),
    ("issuer", "id"),
    ("issuer", "image"),
    ("credentialSubject", "birthCountry"),
    ("type", 1),
    ("credentialSubject", "type", 0),
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_PATHS), st.sampled_from(["", "x", "Bahamas ", "2019-12-03T00:00:01Z"]))
def test_any_single_change_of_a_disclosed_value_fails(path: tuple[Any, ...], value: str) -> None:
    document = derived_vector()
    target = document
    for step in path[:-1]:
        target = target[step]
    if target[path[-1]] == value:
        return
    target[path[-1]] = value
    [result] = verify(document)
    assert not result.verified
