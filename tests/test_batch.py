"""Batches: vcler.verify_many / averify_many / issue_many and VerifierPool, on worker processes."""

from __future__ import annotations

import json
import os
import pickle
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import anyio
import pytest

import vcler
from tests.batches import (
    LIST_URL,
    NOW,
    SUITES,
    codes,
    credential,
    issue_batch,
    mixed_batch,
    one_by_one,
    served_batch,
)
from tests.net.server import LocalServer
from vcler._cache import BoundedCache
from vcler.errors import InputError, ValidationError, WorkerError
from vcler.net import Fetcher, FetchPolicy
from vcler.status import StatusRegistry


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return issue_batch(tmp_path_factory.mktemp("status"))


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_mixed_batch_answers_each_item_in_order_as_one_by_one(
    issued: dict[str, Any], jobs: int
) -> None:
    items = mixed_batch(issued)
    options = {"documents": issued["documents"], "now": NOW}
    results = list(vcler.verify_many(items, jobs=jobs, chunk_size=3, **options))
    assert results == one_by_one(items, vcler.Verifier(**options))
    verdicts = [(result.verified, codes(result)[:1]) for result in results]
    assert verdicts[:7] == [
        (True, []),
        (False, ["PARSING_ERROR"]),
        (False, ["PROOF_VERIFICATION_ERROR"]),
        (True, []),
        (False, ["CREDENTIAL_REVOKED"]),
        (False, ["PARSING_ERROR"]),
        (False, ["MALFORMED_VALUE_ERROR"]),  # a token that no key signed
    ]
    assert all(verified for verified, _ in verdicts[7:13])
    assert verdicts[13:16] == [
        (False, ["CREDENTIAL_REVOKED"]),
        (False, ["PARSING_ERROR"]),
        (False, [codes(results[15])[0]]),
    ]
    # A vc+jwt (text) and a vc+cose (bytes) opened and verified on the workers.
    assert verdicts[16:] == [(True, []), (True, [])]
    assert [r.proofs[0].type for r in results[16:]] == ["application/vc+jwt", "application/vc+cose"]
    assert "cannot read missing.json" in results[5].problems[0].message
    # A dict item's result holds that very dict, as vcler.verify's does.
    assert results[0].document is items[0]
    assert results[3].document is None  # given as bytes: the caller has them


def test_every_suite_verifies_on_the_workers(issued: dict[str, Any]) -> None:
    results = list(
        vcler.verify_many(issued["valid"], jobs=2, chunk_size=1, documents=issued["documents"])
    )
    assert {r.proofs[0].cryptosuite for r in results} == set(SUITES)
    assert all(result.verified for result in results)


def test_results_stream_with_the_input_read_only_as_far_as_the_chunks_in_flight(
    issued: dict[str, Any],
) -> None:
    read = 0

    def documents() -> Iterator[Any]:
        nonlocal read
        for _ in range(40):
            read += 1
            yield issued["valid"][0]

    jobs, chunk_size = 2, 3
    taken = 0
    options = {"documents": issued["documents"], "now": NOW}
    with vcler.VerifierPool(jobs=jobs, chunk_size=chunk_size, **options) as pool:
        for result in pool.verify_many(documents()):
            taken += 1
            assert result.verified
            # Never more than the chunks in flight (2 per worker) and the one being read.
            assert read - taken <= (2 * jobs + 1) * chunk_size
    assert (read, taken) == (40, 40)


def test_one_job_verifies_in_this_process_each_before_the_next_is_read(
    issued: dict[str, Any],
) -> None:
    events: list[str] = []

    def documents() -> Iterator[Any]:
        for name in ("a", "b"):
            events.append(f"read {name}")
            yield issued["valid"][0]

    for result in vcler.verify_many(documents(), jobs=1, documents=issued["documents"], now=NOW):
        events.append(f"verified {result.verified}")
    assert events == ["read a", "verified True", "read b", "verified True"]


def test_a_pool_serves_several_batches_and_each_worker_keeps_its_caches(
    https_server: LocalServer, tmp_path: Path
) -> None:
    batch, fetcher = served_batch(https_server, tmp_path, "/status/batch/1", 24)
    with vcler.VerifierPool(jobs=2, chunk_size=2, fetcher=fetcher) as pool:
        for _ in range(2):
            assert all(result.verified for result in pool.verify_many(batch))
    # The list and the issuer's DID document are retrieved once per worker, not once per
    # credential.
    assert 1 <= https_server.hits["/status/batch/1"] <= 2
    assert 1 <= https_server.hits["/status/batch/1/did.json"] <= 2


def test_the_async_form_takes_an_async_iterable(issued: dict[str, Any]) -> None:
    items = mixed_batch(issued)

    async def documents() -> AsyncIterator[Any]:
        for item in items:
            await anyio.sleep(0)
            yield item

    async def collect(jobs: int, source: Any) -> list[vcler.VerificationResult]:
        return [
            result
            async for result in vcler.averify_many(
                source, jobs=jobs, chunk_size=4, documents=issued["documents"], now=NOW
            )
        ]

    expected = one_by_one(items, vcler.Verifier(documents=issued["documents"], now=NOW))
    assert anyio.run(collect, 2, documents()) == expected
    assert anyio.run(collect, 1, items) == expected


def test_an_async_consumer_may_stop_early(issued: dict[str, Any]) -> None:
    async def first() -> bool:
        with vcler.VerifierPool(jobs=2, chunk_size=2, documents=issued["documents"]) as pool:
            async for result in pool.averify_many(issued["valid"] * 10):
                return result.verified
        return False

    assert anyio.run(first)


def test_what_cannot_be_sent_to_a_worker_is_refused_before_any_starts() -> None:
    with pytest.raises(InputError, match="cannot be sent to worker processes"):
        vcler.VerifierPool(jobs=2, now=lambda: NOW)
    with vcler.VerifierPool(jobs=1, now=lambda: NOW) as pool:  # nothing is sent
        assert not next(pool.verify_many([{}])).verified
    for jobs in (0, -1, 1.5, True):
        with pytest.raises(InputError, match="jobs"):
            vcler.VerifierPool(jobs=jobs)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="chunk_size"):
        vcler.VerifierPool(jobs=1, chunk_size=0)


def _exit_now() -> datetime:
    os._exit(3)  # a worker that dies (killed, out of memory) while verifying


def test_a_worker_that_dies_stops_the_batch_with_a_worker_error(issued: dict[str, Any]) -> None:
    with pytest.raises(WorkerError) as caught:
        list(vcler.verify_many(issued["valid"], jobs=2, now=_exit_now))
    assert caught.value.code == "WORKER_FAILED"


def test_the_verification_context_goes_to_a_worker_with_its_settings_not_its_caches(
    issued: dict[str, Any],
) -> None:
    from vcler.jsonld import StaticDocumentLoader

    loader = StaticDocumentLoader({"https://example.org/ctx": {"@context": {}}})
    verifier = vcler.Verifier(
        documents=issued["documents"],
        loader=loader,
        now=NOW,
        fetcher=Fetcher(policy=FetchPolicy(total_timeout=3.0)),
        strict=True,
        status_list_issuers="any",
    )
    assert verifier.verify(issued["valid"][0]).verified  # fills the caches
    copied = pickle.loads(pickle.dumps(verifier.context))
    assert copied.policy == verifier.context.policy
    assert copied.now() == NOW
    assert dict(copied.source.supplied) == issued["documents"]
    assert copied.source.snapshot
    with pytest.raises(TypeError):
        copied.source.supplied["x"] = {}  # type: ignore[index]
    assert copied.source.fetcher.policy == FetchPolicy(total_timeout=3.0)
    assert len(copied.source.fetcher.cache) == 0
    assert "https://example.org/ctx" in copied.loader
    assert vcler.Verifier(copied).verify(issued["valid"][0]) == verifier.verify(issued["valid"][0])


def test_a_cache_arrives_empty_and_an_error_whole() -> None:
    from vcler.net._exchange import FetchStatusError

    cache: BoundedCache[str, int] = BoundedCache(3, clock=lambda: 0.0)
    cache.put("a", 1, lifetime=10)
    copied = pickle.loads(pickle.dumps(BoundedCache(3)))
    assert (len(copied), copied.max_entries) == (0, 3)
    error = FetchStatusError("gone", status_code=410, url="https://example.org/x")
    back = pickle.loads(pickle.dumps(error))
    assert (type(back), back.status_code, back.url, str(back)) == (
        FetchStatusError,
        410,
        "https://example.org/x",
        "gone",
    )


@pytest.mark.parametrize("jobs", [1, 2])
def test_issue_many_signs_in_order_and_returns_refusals_as_values(jobs: int) -> None:
    key = vcler.generate_key("Ed25519")
    other = vcler.generate_key("Ed25519")
    broken = credential(key, 2)
    del broken["credentialSubject"]
    items = [
        credential(key, 0),
        json.dumps(credential(key, 1)).encode(),
        broken,
        credential(other, 3),
        b"{not json",
        credential(key, 4),
    ]
    out = list(
        vcler.issue_many(items, signer=key, jobs=jobs, chunk_size=2, created="2026-11-01T00:00:00Z")
    )
    assert [type(item).__name__ for item in out] == [
        "dict",
        "dict",
        "ValidationError",
        "ControllerMismatchError",
        "ParsingError",
        "dict",
    ]
    assert isinstance(out[2], ValidationError) and out[2].problems
    signed = [item for item in out if isinstance(item, dict)]
    assert [c["credentialSubject"]["id"] for c in signed] == [
        f"did:example:learner-{n}" for n in (0, 1, 4)
    ]
    assert signed[0] == vcler.issue(items[0], signer=key, created="2026-11-01T00:00:00Z")
    assert all(vcler.verify(c).verified for c in signed)


def test_issue_many_allocates_status_entries_in_order(tmp_path: Path) -> None:
    key = vcler.generate_key("P-256")
    with StatusRegistry(tmp_path / "status.db") as registry:
        registry.create_list(LIST_URL, issuer=key.controller, signer=key)
        signed = [
            item
            for item in vcler.issue_many(
                [credential(key, n) for n in range(6)] + [{"proof": {}}],
                signer=key,
                jobs=2,
                status=(registry, LIST_URL),
            )
        ]
        documents = {LIST_URL: registry.publish(LIST_URL)}
    assert isinstance(signed[-1], InputError)
    indexes = {c["credentialStatus"]["statusListIndex"] for c in signed[:-1]}
    assert len(indexes) == 6
    assert all(r.verified for r in vcler.verify_many(signed[:-1], jobs=1, documents=documents))


@pytest.mark.parametrize("jobs", [1, 2])
def test_issue_many_signs_base_proofs_with_the_mandatory_pointers_given(jobs: int) -> None:
    key = vcler.generate_key("P-256")
    pointers = ["/issuer", "/credentialSubject/achievement/name"]
    base = list(
        vcler.issue_many(
            [credential(key, n) for n in range(3)],
            signer=key,
            suite="ecdsa-sd-2023",
            mandatory_pointers=pointers,
            jobs=jobs,
        )
    )
    for n, signed in enumerate(base):
        assert isinstance(signed, dict)
        derived = vcler.derive(signed, selective_pointers=["/credentialSubject/id"])
        assert vcler.verify(derived).verified
        subject = derived["credentialSubject"]
        assert subject["id"] == f"did:example:learner-{n}"
        # Mandatory: disclosed although not selected; what neither names is not.
        assert subject["achievement"]["name"] == signed["credentialSubject"]["achievement"]["name"]
        assert "description" not in subject["achievement"]


def test_issue_many_refuses_a_signer_that_cannot_reach_the_workers() -> None:
    key = vcler.generate_key("Ed25519")

    class Lambda:
        id = key.id
        controller = key.controller
        algorithm = "Ed25519"
        type = "Ed25519"
        sign = staticmethod(lambda data: key.sign(data))

    with pytest.raises(InputError, match="signer cannot be sent"):
        list(vcler.issue_many([credential(key, 0)], signer=Lambda(), jobs=2))  # type: ignore[arg-type]
    assert isinstance(
        next(vcler.issue_many([credential(key, 0)], signer=Lambda(), jobs=1)),  # type: ignore[arg-type]
        dict,
    )


@pytest.mark.parametrize("jobs", [1, 2])
def test_then_turns_each_result_into_what_is_kept_where_it_is_made(
    issued: dict[str, Any], jobs: int
) -> None:
    items = mixed_batch(issued)
    options = {"documents": issued["documents"], "now": NOW}
    with vcler.VerifierPool(jobs=jobs, chunk_size=4, **options) as pool:
        kept = list(pool.verify_many(items, then=vcler.VerificationResult.to_json))
    assert kept == [r.to_json() for r in one_by_one(items, vcler.Verifier(**options))]
