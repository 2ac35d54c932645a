"""The verifier side against status lists published (and signed) by the registry."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

import vcler
from tests.status._helpers import credential, failing, passing
from vcler.results import Problem, VerificationResult
from vcler.status import (
    MIN_LIST_LENGTH,
    StatusChecker,
    StatusListCache,
    add_status_entry,
    build_status_list_credential,
    check_status,
    new_bitstring,
    write_status,
)

URL = "https://status.example/lists/1"


def _issue(key: Any, registry: Any, url: str = URL, **extra: Any) -> tuple[dict[str, Any], int]:
    document, index = add_status_entry(credential(key.controller, **extra), registry, url)
    return vcler.issue(document, signer=key), index


class CountingVerify:
    """vcler.verify, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, document: dict[str, Any]) -> VerificationResult:
        self.calls += 1
        return vcler.verify(document)


def test_revoked_and_valid_credentials_sharing_one_list(key: Any, registry: Any) -> None:
    registry.create_list(URL, signer=key)
    revoked, revoked_index = _issue(key, registry)
    valid, _ = _issue(key, registry)
    registry.set_status(URL, revoked_index, 1)
    verify = CountingVerify()
    checker = StatusChecker(documents={URL: registry.publish(URL)}, verify=verify)
    (bad,) = checker.check(revoked)
    (good,) = checker.check(valid)
    assert not bad.verified and bad.value == 1
    assert [(p.code, p.pointer) for p in bad.problems] == [
        ("CREDENTIAL_REVOKED", "/credentialStatus")
    ]
    assert good.verified and good.value == 0 and not good.problems
    assert verify.calls == 1  # the list was verified once, then served from the cache


def test_suspension_is_reversible(key: Any, registry: Any) -> None:
    registry.create_list(URL, purpose="suspension", signer=key)
    signed, index = _issue(key, registry)
    registry.set_status(URL, index, 1)
    (result,) = check_status(signed, documents={URL: registry.publish(URL)})
    assert [p.code for p in result.problems] == ["CREDENTIAL_SUSPENDED"]
    registry.set_status(URL, index, 0)
    (result,) = check_status(signed, documents={URL: registry.publish(URL)})
    assert result.verified and result.purpose == "suspension"


def test_message_status_with_two_bits(key: Any, registry: Any) -> None:
    messages = ["pending_review", "accepted", "rejected", "undefined"]
    registry.create_list(
        URL,
        purpose="message",
        status_size=2,
        messages=messages,
        signer=key,
        reference="https://example.org/status-dictionary/",
    )
    signed, index = _issue(key, registry)
    entry = signed["credentialStatus"]
    assert entry["statusSize"] == 2 and len(entry["statusMessage"]) == 4
    assert entry["statusMessage"][2] == {"status": "0x2", "message": "rejected"}
    registry.set_status(URL, index, 2)
    # A 2-bit list of 131,072 entries is 262,144 bits: long enough for its entries.
    (result,) = check_status(signed, documents={URL: registry.publish(URL)})
    assert (result.value, result.message, result.verified) == (2, "rejected", True)
    assert not result.problems and not result.warnings


def test_refresh_is_a_warning(key: Any, registry: Any) -> None:
    registry.create_list(URL, purpose="refresh", signer=key)
    signed, index = _issue(key, registry)
    registry.set_status(URL, index, 1)
    (result,) = check_status(signed, documents={URL: registry.publish(URL)})
    assert result.verified and not result.problems
    assert [w.code for w in result.warnings] == ["CREDENTIAL_REFRESH_AVAILABLE"]


def test_status_list_2021_end_to_end(key: Any, registry: Any) -> None:
    registry.create_list(URL, signer=key, list_type="StatusList2021")
    signed, index = _issue(key, registry)
    assert signed["credentialStatus"]["type"] == "StatusList2021Entry"
    assert "https://w3id.org/vc/status-list/2021/v1" in signed["@context"]
    assert not vcler.verify(signed).verified  # the list is needed and not supplied: fail closed
    assert vcler.verify(signed, documents={URL: registry.publish(URL)}).verified
    registry.set_status(URL, index, 1)
    revoked = vcler.verify(signed, documents={URL: registry.publish(URL)})
    assert "CREDENTIAL_REVOKED" in {p.code for p in revoked.problems}
    status_list = registry.publish(URL)
    assert status_list["type"] == ["VerifiableCredential", "StatusList2021Credential"]
    assert not status_list["credentialSubject"]["encodedList"].startswith("u")
    (result,) = check_status(signed, documents={URL: status_list})
    assert [p.code for p in result.problems] == ["CREDENTIAL_REVOKED"]


def test_wrong_issuer_fails_closed_or_warns(key: Any, registry: Any) -> None:
    other = vcler.generate_key("Ed25519")
    registry.create_list(URL, signer=other)
    signed, _ = _issue(key, registry)
    documents = {URL: registry.publish(URL)}
    (closed,) = check_status(signed, documents=documents)
    assert [p.code for p in closed.problems] == ["STATUS_VERIFICATION_ERROR"]
    assert "issued by" in closed.problems[0].message
    (opened,) = check_status(signed, documents=documents, fail_closed=False)
    assert not opened.problems and not opened.verified
    assert [w.code for w in opened.warnings] == ["STATUS_VERIFICATION_ERROR"]
    relaxed = StatusChecker(documents=documents, require_same_issuer=False)
    assert relaxed.check(signed)[0].verified


def test_purpose_must_match_the_list(key: Any, registry: Any) -> None:
    registry.create_list(URL, signer=key)
    signed, _index = _issue(key, registry)
    tampered = copy.deepcopy(signed)
    tampered["credentialStatus"]["statusPurpose"] = "suspension"
    (result,) = check_status(tampered, documents={URL: registry.publish(URL)})
    assert [(p.code, p.pointer) for p in result.problems] == [
        ("STATUS_VERIFICATION_ERROR", "/credentialStatus/statusPurpose")
    ]


def test_tampered_list_does_not_verify(key: Any, registry: Any) -> None:
    registry.create_list(URL, signer=key)
    signed, index = _issue(key, registry)
    registry.set_status(URL, index, 1)
    status_list = registry.publish(URL)
    forged = copy.deepcopy(status_list)
    forged["credentialSubject"]["encodedList"] = build_status_list_credential(
        URL,
        bitstring=bytes(MIN_LIST_LENGTH // 8),
        purpose="revocation",
        issuer=key.controller,
        valid_from=datetime.now(timezone.utc),
    )["credentialSubject"]["encodedList"]
    (result,) = check_status(signed, documents={URL: forged})
    assert [p.code for p in result.problems] == ["STATUS_VERIFICATION_ERROR"]
    (result,) = check_status(signed, documents={URL: status_list}, verify=failing)
    assert [p.code for p in result.problems] == ["STATUS_VERIFICATION_ERROR"]


def test_expired_list_fails(key: Any, registry: Any) -> None:
    registry.create_list(URL, signer=key, validity=timedelta(hours=1))
    signed, _ = _issue(key, registry)
    past = datetime.now(timezone.utc) - timedelta(hours=3)
    status_list = registry.publish(URL, now=past)
    assert "validUntil" in status_list
    (result,) = check_status(signed, documents={URL: status_list})
    assert [p.code for p in result.problems] == ["STATUS_VERIFICATION_ERROR"]
    # Even when the injected verifier does not look at the validity period.
    (result,) = check_status(signed, documents={URL: status_list}, verify=passing)
    assert "expired" in result.problems[0].message
    # As of a time inside the period, the list is good.
    (result,) = check_status(
        signed, documents={URL: status_list}, verify=passing, now=past + timedelta(minutes=30)
    )
    assert result.verified


def _unsigned_list(
    bitstring: bytes,
    *,
    issuer: str = "did:example:issuer",
    purpose: str = "revocation",
    ttl: int | None = None,
) -> dict[str, Any]:
    return build_status_list_credential(
        URL,
        bitstring=bitstring,
        purpose=purpose,
        issuer=issuer,
        valid_from=datetime(2024, 1, 1, tzinfo=timezone.utc),
        ttl=ttl,
    )


def _entry(index: str = "5", **extra: Any) -> dict[str, Any]:
    entry = {
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": index,
        "statusListCredential": URL,
    }
    entry.update(extra)
    return entry


def test_short_list_is_a_length_error() -> None:
    short = _unsigned_list(bytes(1000))
    (result,) = check_status(
        credential("did:example:issuer", credentialStatus=_entry()),
        documents={URL: short},
        verify=passing,
    )
    assert [p.code for p in result.problems] == ["STATUS_LIST_LENGTH_ERROR"]


def test_length_counts_entries_of_status_size_bits() -> None:
    minimal = _unsigned_list(bytes(MIN_LIST_LENGTH // 8))
    two_bits = _entry(
        statusSize=2, statusMessage=[{"status": hex(i), "message": str(i)} for i in range(4)]
    )
    (result,) = check_status(
        credential("did:example:issuer", credentialStatus=two_bits),
        documents={URL: minimal},
        verify=passing,
    )
    assert [p.code for p in result.problems] == ["STATUS_LIST_LENGTH_ERROR"]


def test_index_outside_the_list_is_a_range_error() -> None:
    minimal = _unsigned_list(bytes(MIN_LIST_LENGTH // 8))
    entry = _entry(index=str(MIN_LIST_LENGTH))
    (result,) = check_status(
        credential("did:example:issuer", credentialStatus=entry),
        documents={URL: minimal},
        verify=passing,
    )
    assert [(p.code, p.pointer) for p in result.problems] == [
        ("RANGE_ERROR", "/credentialStatus/statusListIndex")
    ]
    last = _entry(index=str(MIN_LIST_LENGTH - 1))
    (result,) = check_status(
        credential("did:example:issuer", credentialStatus=last),
        documents={URL: minimal},
        verify=passing,
    )
    assert result.verified


@pytest.mark.parametrize(
    ("entry", "pointer"),
    [
        (_entry(index=5), "/credentialStatus/statusListIndex"),  # a number, not a string
        (_entry(index="-1"), "/credentialStatus/statusListIndex"),
        (_entry(index="0x10"), "/credentialStatus/statusListIndex"),
        (_entry(statusSize=2), "/credentialStatus/statusMessage"),  # messages required
        (_entry(statusSize=0), "/credentialStatus/statusSize"),
        (
            _entry(statusMessage=[{"status": "0x0", "message": "a"}]),
            "/credentialStatus/statusMessage",
        ),
        (_entry(statusListCredential=42), "/credentialStatus/statusListCredential"),
        (_entry(statusPurpose=""), "/credentialStatus/statusPurpose"),
    ],
)
def test_malformed_entries_always_fail(entry: dict[str, Any], pointer: str) -> None:
    minimal = _unsigned_list(bytes(MIN_LIST_LENGTH // 8))
    for fail_closed in (True, False):
        (result,) = check_status(
            credential("did:example:issuer", credentialStatus=entry),
            documents={URL: minimal},
            verify=passing,
            fail_closed=fail_closed,
        )
        assert [(p.code, p.pointer) for p in result.problems] == [
            ("MALFORMED_VALUE_ERROR", pointer)
        ]


def test_status_list_2021_entry_accepts_a_numeric_index() -> None:
    bits = new_bitstring(MIN_LIST_LENGTH)
    write_status(bits, 23, 1)
    status_list = build_status_list_credential(
        URL,
        bitstring=bytes(bits),
        purpose="revocation",
        issuer="did:example:issuer",
        list_type="StatusList2021",
        valid_from=datetime(2024, 1, 1, tzinfo=timezone.utc),
    )
    entry = _entry(index=23, type="StatusList2021Entry")
    (result,) = check_status(
        credential("did:example:issuer", credentialStatus=entry),
        documents={URL: status_list},
        verify=passing,
    )
    assert result.value == 1 and [p.code for p in result.problems] == ["CREDENTIAL_REVOKED"]


def test_unsupported_status_type_is_not_silently_accepted() -> None:
    entry = {"id": "https://example.org/status/1", "type": "1EdTechRevocationList"}
    document = credential("did:example:issuer", credentialStatus=entry)
    (result,) = check_status(document)
    assert [(p.code, p.pointer) for p in result.problems] == [
        ("UNSUPPORTED_STATUS_TYPE", "/credentialStatus/type")
    ]
    # Failing open covers lists that could not be read, not mechanisms vcler cannot check.
    (result,) = check_status(document, fail_closed=False)
    assert not result.verified and not result.warnings
    assert [p.code for p in result.problems] == ["UNSUPPORTED_STATUS_TYPE"]


def test_no_status_means_no_results() -> None:
    assert check_status(credential("did:example:issuer")) == []


def test_list_naming_another_url_is_refused() -> None:
    other = _unsigned_list(bytes(MIN_LIST_LENGTH // 8))
    other["id"] = "https://status.example/lists/other"
    (result,) = check_status(
        credential("did:example:issuer", credentialStatus=_entry()),
        documents={URL: other},
        verify=passing,
    )
    assert [p.code for p in result.problems] == ["STATUS_VERIFICATION_ERROR"]
    assert "names itself" in result.problems[0].message


def test_unknown_purpose_is_reported_not_failed() -> None:
    bits = new_bitstring(MIN_LIST_LENGTH)
    write_status(bits, 5, 1)
    status_list = _unsigned_list(bytes(bits), purpose="audit")
    (result,) = check_status(
        credential("did:example:issuer", credentialStatus=_entry(statusPurpose="audit")),
        documents={URL: status_list},
        verify=passing,
    )
    assert result.verified and result.value == 1
    assert [w.code for w in result.warnings] == ["UNKNOWN_STATUS_PURPOSE"]


def test_cache_honours_ttl_with_an_injected_clock() -> None:
    clock = [1000.0]
    calls: list[int] = []

    def verify(document: dict[str, Any]) -> VerificationResult:
        calls.append(1)
        return passing(document)

    cache = StatusListCache(clock=lambda: clock[0], default_ttl=3600)
    status_list = _unsigned_list(bytes(MIN_LIST_LENGTH // 8), ttl=2000)  # 2 seconds
    checker = StatusChecker(documents={URL: status_list}, verify=verify, cache=cache)
    document = credential("did:example:issuer", credentialStatus=_entry())
    checker.check(document)
    clock[0] += 1.5
    checker.check(document)
    assert len(calls) == 1
    clock[0] += 1.0  # past the ttl
    checker.check(document)
    assert len(calls) == 2
    assert len(cache) == 1


def test_cache_is_bounded() -> None:
    cache = StatusListCache(max_entries=2)
    documents = {}
    for n in range(3):
        url = f"https://status.example/lists/{n}"
        status_list = _unsigned_list(bytes(MIN_LIST_LENGTH // 8))
        status_list["id"] = url
        documents[url] = status_list
    checker = StatusChecker(documents=documents, verify=passing, cache=cache)
    for url in documents:
        checker.check(
            credential("did:example:issuer", credentialStatus=_entry(statusListCredential=url))
        )
    assert len(cache) == 2


def test_a_list_whose_status_points_at_itself_terminates() -> None:
    status_list = _unsigned_list(bytes(MIN_LIST_LENGTH // 8))
    status_list["credentialStatus"] = _entry()
    checker: StatusChecker

    def verify(document: dict[str, Any]) -> VerificationResult:
        # A verifier that checks status too, as Verifier._verify will.
        problems: list[Problem] = [p for r in checker.check(document) for p in r.problems]
        return VerificationResult.from_problems(problems, document=document)

    checker = StatusChecker(documents={URL: status_list}, verify=verify)
    (result,) = checker.check(credential("did:example:issuer", credentialStatus=_entry()))
    assert [p.code for p in result.problems] == ["STATUS_VERIFICATION_ERROR"]
    assert "cycle" in (result.problems[0].detail or "")
