"""The published status list examples give their expected statuses.

The example list credentials are unsigned, so their proof verification is injected as passing:
these tests exercise retrieval from supplied documents, decoding and reading the status.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from tests.status._helpers import passing
from tests.vectors import read_json, read_text
from vcler.status import check_status, expand_bitstring, read_status

EXPECTED = "status-list/expected-statuses.derived.json"
BSL = "status-list/bitstring-status-list-spec-examples"
SL2021 = "status-list/statuslist2021-spec-examples-2023-07-31"
SL2021_VC11 = "status-list/statuslist2021-spec-examples-vc11"


def _expected() -> Any:
    return read_json(*EXPECTED.split("/"))


def _lists() -> list[dict[str, Any]]:
    return list(_expected()["lists"])


@pytest.mark.parametrize("listing", range(2))
def test_encoded_lists_decode_to_the_derived_bits(listing: int) -> None:
    entry = _lists()[listing]
    multibase = entry["encodedList"].startswith("u")
    assert multibase == ("bitstring" in entry["list_source"])
    bits = expand_bitstring(entry["encodedList"], multibase=multibase)
    assert len(bits) == entry["decompressed_bytes"]
    assert len(bits) * 8 == entry["bit_length"]
    set_bits = [i for i in range(len(bits) * 8) if read_status(bits, i)]
    assert set_bits == entry["set_bit_indexes"]
    for referenced in entry["referenced"]:
        assert read_status(bits, int(referenced["statusListIndex"])) == referenced["bit"]


def test_bitstring_example_credential_is_not_revoked() -> None:
    credential = read_json(*BSL.split("/"), "example-04.json")
    status_list = read_json(*BSL.split("/"), "example-05.json")
    results = check_status(credential, documents={status_list["id"]: status_list}, verify=passing)
    (result,) = results
    assert result.verified and not result.problems and not result.warnings
    assert (result.purpose, result.index, result.value, result.message) == (
        "revocation",
        94567,
        0,
        "unset",
    )
    assert result.list_url == "https://example.com/credentials/status/3"


def test_bitstring_example_with_two_entries() -> None:
    credential = read_json(*BSL.split("/"), "example-01.json")
    revocation = read_json(*BSL.split("/"), "example-03.json")
    # The spec gives no list for status/4: the same (all-zero) list as a suspension list.
    suspension = copy.deepcopy(revocation)
    suspension["id"] = "https://example.com/credentials/status/4"
    suspension["credentialSubject"]["statusPurpose"] = "suspension"
    documents = {revocation["id"]: revocation, suspension["id"]: suspension}
    results = check_status(credential, documents=documents, verify=passing)
    assert [(r.pointer, r.purpose, r.index, r.value, r.verified) for r in results] == [
        ("/credentialStatus/0", "revocation", 94567, 0, True),
        ("/credentialStatus/1", "suspension", 23452, 0, True),
    ]


def test_status_list_2021_example_is_not_revoked() -> None:
    credential = read_json(*SL2021.split("/"), "example-04.json")
    status_list = read_json(*SL2021.split("/"), "example-05.json")
    (result,) = check_status(credential, documents={status_list["id"]: status_list}, verify=passing)
    assert result.type == "StatusList2021Entry"
    assert result.verified and result.value == 0 and not result.problems


def test_status_list_2021_list_read_as_bitstring_list_is_refused() -> None:
    """A StatusList2021 list has no multibase prefix: a BSL entry pointing at it fails."""
    credential = read_json(*BSL.split("/"), "example-04.json")
    status_list = read_json(*SL2021.split("/"), "example-05.json")
    status_list["type"] = ["VerifiableCredential", "BitstringStatusListCredential"]
    status_list["credentialSubject"]["type"] = "BitstringStatusList"
    (result,) = check_status(credential, documents={status_list["id"]: status_list}, verify=passing)
    assert [p.code for p in result.problems] == ["MALFORMED_VALUE_ERROR"]


@pytest.mark.parametrize("name", ["example-02.txt"])
def test_vc11_status_list_2021_text_example_decodes(name: str) -> None:
    """The VC 1.1 examples are not strict JSON: read their encodedList from the text."""
    text = read_text(*SL2021_VC11.split("/"), name)
    (encoded,) = re.findall(r'"encodedList": "([^"]+)"', text)
    bits = expand_bitstring(encoded, multibase=False)
    assert len(bits) == 16384 and not any(bits)
    assert read_status(bits, 94567) == 0


def test_unverified_example_list_fails_closed() -> None:
    credential = read_json(*BSL.split("/"), "example-04.json")
    status_list = read_json(*BSL.split("/"), "example-05.json")
    # Default verification: the example list has no proof, so its status cannot be trusted.
    (result,) = check_status(credential, documents={status_list["id"]: status_list})
    assert not result.verified
    assert [p.code for p in result.problems] == ["STATUS_VERIFICATION_ERROR"]
    assert result.problems[0].pointer == "/credentialStatus/statusListCredential"
    assert "proof" in (result.problems[0].detail or "")
