"""Open Badges 2.0 verification against the 1EdTech validator's published vectors."""

from __future__ import annotations

import asyncio
import copy
from datetime import datetime, timezone
from typing import Any

import pytest

import vcler
from tests.openbadges import ob2
from vcler.openbadges.v2 import (
    is_v2_assertion,
    recipient_matches,
    referenced_urls,
    signed_v2_payload,
)


def codes(result: vcler.VerificationResult) -> list[str]:
    return [problem.code for problem in result.problems]


def test_hosted_assertion_verifies_with_its_badge_class_and_issuer() -> None:
    result = vcler.verify(
        ob2.read("basic-assertion.json"),
        documents=ob2.documents("basic-assertion.json"),
        recipient=ob2.RECIPIENT,
    )
    assert result.verified, result.problems
    assert result.warnings == []
    assert result.proofs[0].type == "HostedBadge"
    badge = result.document["badge"]  # type: ignore[index]
    assert badge["name"] == "Awesome Robotics Badge"
    assert badge["issuer"]["id"] == "https://example.org/organization.json"
    assert result.to_json()["verified"] is True


def test_hosted_assertion_by_url_only() -> None:
    url = ob2.read("basic-assertion.json")["id"]
    result = vcler.verify(url, documents=ob2.documents("basic-assertion.json"))
    assert result.verified and [w.code for w in result.warnings] == ["RECIPIENT_NOT_CHECKED"]


def test_a_copy_that_says_something_else_than_the_hosted_one_fails() -> None:
    tampered = ob2.read("basic-assertion.json")
    tampered["recipient"]["identity"] = "sha256$" + "0" * 64
    result = vcler.verify(tampered, documents=ob2.documents("basic-assertion.json"))
    assert codes(result) == ["HOSTED_VERIFICATION_ERROR"]
    assert result.problems[0].pointer == "/recipient"
    # Leaving members out is allowed (baked copies often do).
    partial = ob2.read("basic-assertion.json")
    del partial["evidence"]
    assert vcler.verify(partial, documents=ob2.documents("basic-assertion.json")).verified


def test_not_hosted_means_not_verified() -> None:
    result = vcler.verify(ob2.read("basic-assertion.json"), documents=ob2.documents())
    assert codes(result) == ["internalError"]  # a network lookup was needed, none allowed
    assert "hosted assertion" in result.problems[0].message


def test_wrong_recipient() -> None:
    result = vcler.verify(
        ob2.read("basic-assertion.json"),
        documents=ob2.documents("basic-assertion.json"),
        recipient="somebody@example.org",
    )
    assert codes(result) == ["RECIPIENT_MISMATCH"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("simple.jwt", []),
        ("simple-not-revoked.jwt", []),
        ("simple-revoked.jwt", ["CREDENTIAL_REVOKED"]),
    ],
)
def test_signed_assertions(name: str, expected: list[str]) -> None:
    result = vcler.verify(ob2.token(name), documents=ob2.documents(), recipient=ob2.RECIPIENT)
    assert codes(result) == expected
    assert result.proofs[0].verified and result.proofs[0].type == "SignedBadge (RS256)"


def test_signed_assertion_altered_or_by_another_key() -> None:
    header, payload, _ = ob2.token("simple.jwt").split(".")
    other = ob2.token("simple-not-revoked.jwt").split(".")[2]
    result = vcler.verify(f"{header}.{payload}.{other}", documents=ob2.documents())
    assert codes(result) == ["PROOF_VERIFICATION_ERROR"]
    # key1 owned by someone else than the issuer.
    served = ob2.documents()
    served["http://example.org/key1.json"] = {
        **served["http://example.org/key1.json"],
        "owner": "https://example.org/someone-else.json",
    }
    result = vcler.verify(ob2.token("simple.jwt"), documents=served)
    assert codes(result) == ["INVALID_VERIFICATION_METHOD"]


def test_a_signed_assertion_as_json_is_refused() -> None:
    payload = signed_v2_payload(ob2.token("simple.jwt"))
    assert payload is not None and is_v2_assertion(payload)
    result = vcler.verify(payload, documents=ob2.documents())
    assert codes(result) == ["MALFORMED_VALUE_ERROR"]


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("basic-assertion-expired.json", "CREDENTIAL_EXPIRED"),
        ("basic-assertion-in-future.json", "CREDENTIAL_NOT_YET_VALID"),
    ],
)
def test_dates(name: str, code: str) -> None:
    result = vcler.verify(ob2.read(name), documents=ob2.documents(name))
    assert code in codes(result)


def test_allowed_origins_of_the_issuer() -> None:
    for name, ok in (
        ("basic-assertion-with-allowed-origins.json", True),
        ("basic-assertion-with-allowed-origins-valid-starts-with.json", True),
        ("basic-assertion-with-allowed-origins-valid-multiple-starts-with.json", True),
        ("basic-assertion-with-allowed-origins-invalid-starts-with.json", False),
        ("basic-assertion-with-allowed-origins-invalid-multiple-starts-with.json", False),
    ):
        result = vcler.verify(ob2.read(name), documents=ob2.documents(name))
        assert result.verified is ok, (name, result.problems)
        if not ok:
            assert codes(result) == ["HOSTED_VERIFICATION_ERROR"]


def test_revocation_list_unreachable_fails_closed_unless_asked() -> None:
    served = ob2.documents()
    del served["http://example.org/revocation-list.json"]
    result = vcler.verify(ob2.token("simple-revoked.jwt"), documents=served)
    assert codes(result) == ["STATUS_RETRIEVAL_ERROR"]
    result = vcler.verify(
        ob2.token("simple-revoked.jwt"), documents=served, status_fail_closed=False
    )
    assert result.verified and "STATUS_RETRIEVAL_ERROR" in [w.code for w in result.warnings]
    result = vcler.verify(ob2.token("simple-revoked.jwt"), documents=served, check_status=False)
    assert result.verified and "STATUS_NOT_CHECKED" in [w.code for w in result.warnings]


@pytest.mark.parametrize(
    "change",
    [
        lambda a: a.pop("recipient"),
        lambda a: a.update(type="Thing"),
        lambda a: a.update(verification={"type": "magic"}),
        lambda a: a.update(issuedOn="yesterday"),
        lambda a: a.update(badge=42),
    ],
)
def test_malformed_assertions_are_problems_never_exceptions(change: Any) -> None:
    assertion = ob2.read("basic-assertion.json")
    served = ob2.documents()
    change(assertion)
    served[assertion.get("id", "x")] = copy.deepcopy(assertion)
    result = vcler.verify(assertion, documents=served)
    assert not result.verified and result.problems


def test_recipient_hashes() -> None:
    hashed = ob2.read("basic-assertion.json")["recipient"]
    assert recipient_matches(hashed, "nobody@example.org")
    assert recipient_matches(hashed, "Nobody@Example.org")  # addresses in lower case too
    assert not recipient_matches(hashed, "somebody@example.org")
    assert recipient_matches({"identity": "a@example.org", "hashed": False}, "A@example.org")
    md5 = {"identity": "md5$0a1f0ee4cee8ba4d3bc4be9ea2b5c6b8", "hashed": True, "salt": "s"}
    assert not recipient_matches(md5, "nobody@example.org")
    assert not recipient_matches({"identity": "sha1$00", "hashed": True}, "x")


def test_the_async_verifier_retrieves_the_chain_ahead() -> None:
    # A source that answers only through await: the async verifier must retrieve everything.
    served = ob2.documents("basic-assertion.json")
    asked: list[str] = []

    class Source:
        async def aget(self, url: str) -> Any:
            asked.append(url)
            return served[url]

        def get(self, url: str) -> Any:
            raise AssertionError(f"{url} was not retrieved ahead")

    context = vcler.VerificationContext(source=Source())  # type: ignore[arg-type]
    verifier = vcler.AsyncVerifier(context, offload=False)
    result = asyncio.run(verifier.verify(ob2.token("simple-revoked.jwt"), recipient=ob2.RECIPIENT))
    assert codes(result) == ["CREDENTIAL_REVOKED"]
    assert set(asked) == {
        "https://example.org/badge-from-organization-with-revocation-list.json",
        "http://example.org/key3.json",
        "https://example.org/organization-with-revocation-list.json",
        "http://example.org/revocation-list.json",
    }
    assert referenced_urls(ob2.read("basic-assertion.json")) == {
        "https://example.org/beths-robotics-badge.json",
        "https://example.org/robotics-badge.json",
    }


def test_now_is_the_verifiers_clock() -> None:
    before = datetime(2016, 1, 1, tzinfo=timezone.utc)
    result = vcler.verify(
        ob2.read("basic-assertion.json"),
        documents=ob2.documents("basic-assertion.json"),
        now=before,
    )
    assert codes(result) == ["CREDENTIAL_NOT_YET_VALID"]
