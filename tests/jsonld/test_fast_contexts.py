"""Compiled contexts: each context transition processed once per loader, keyed by content,
bounded, and never shared between loaders."""

from __future__ import annotations

import copy
from typing import Any

import pytest

import vcler
from vcler.canon import canonicalize
from vcler.cli._demo import example_credential
from vcler.di.suites._stages import rdfc_proof_configuration, rdfc_transformation
from vcler.jsonld import StaticDocumentLoader, to_dataset
from vcler.jsonld._contexts import (
    MEMO_KEY_LENGTH,
    MEMO_SIZE,
    PLANS_PER_LOADER,
    CompiledContext,
    ContextCache,
    context_cache,
)
from vcler.jsonld._plans import LAYOUTS_PER_PLAN
from vcler.jsonld._walk import document_to_quads
from vcler.jsonld.processing import _general_dataset

V2 = "https://www.w3.org/ns/credentials/v2"
OB = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


def open_badge(name: str = "Skill") -> dict[str, Any]:
    return {
        "@context": [V2, OB],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "https://issuer.example/", "type": ["Profile"], "name": "Uni"},
        "validFrom": "2024-01-01T00:00:00Z",
        "name": name,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://issuer.example/achievements/1",
                "type": ["Achievement"],
                "name": name,
                "criteria": {"narrative": "Do it"},
                "alignment": [{"type": ["Alignment"], "targetName": "T"}],
            },
        },
    }


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """Every transition a ContextCache compiles (that is, processes with pyld)."""
    seen: list[tuple[Any, ...]] = []
    original = ContextCache.compile

    def compile(self: ContextCache, parent: CompiledContext, local: Any, transition: Any) -> Any:
        seen.append(transition)
        return original(self, parent, local, transition)

    monkeypatch.setattr(ContextCache, "compile", compile)
    return seen


@pytest.mark.pure_python  # counts calls through a replaced function
def test_type_scoped_contexts_are_processed_once_across_documents(
    compiled: list[tuple[Any, ...]],
) -> None:
    loader = StaticDocumentLoader()
    to_dataset(open_badge("first"), loader=loader)
    first = len(compiled)
    assert first >= 4  # the document contexts and several type-scoped contexts
    for index in range(20):
        to_dataset(open_badge(f"doc {index}"), loader=loader)
    assert len(compiled) == first
    assert len(set(compiled)) == len(compiled)


@pytest.mark.pure_python  # counts calls through a replaced function
def test_transitions_are_keyed_by_content_not_identity(compiled: list[tuple[Any, ...]]) -> None:
    loader = StaticDocumentLoader()
    inline = {"ex": "https://example.org/#", "size": "ex:size"}

    def document(context: dict[str, Any]) -> dict[str, Any]:
        return {
            "@context": [V2, context],
            "type": "VerifiableCredential",
            "issuer": "https://issuer.example/",
            "credentialSubject": {"size": 3},
        }

    to_dataset(document(inline), loader=loader)
    first = list(compiled)
    assert len(first) == 2  # the document's contexts, then VerifiableCredential's
    to_dataset(document(copy.deepcopy(inline)), loader=loader)
    to_dataset(document(dict(reversed(list(inline.items())))), loader=loader)
    assert compiled == first


def test_the_transition_cache_is_bounded_and_stays_correct() -> None:
    loader = StaticDocumentLoader()
    cache = ContextCache(loader, size=8)
    for index in range(100):
        document = {
            "@context": [V2, {"@vocab": f"https://example.org/{index % 20}#"}],
            "type": "VerifiableCredential",
            "issuer": "https://issuer.example/",
            "credentialSubject": {"score": index},
        }
        quads = document_to_quads(document, cache)
        assert len(cache.transitions) <= 8
        expected = canonicalize(_general_dataset(document, loader)).nquads
        assert canonicalize(quads).nquads == expected


def test_memos_on_a_compiled_context_are_bounded() -> None:
    loader = StaticDocumentLoader()
    cache = context_cache(loader)
    subject = {f"term{index}": index for index in range(MEMO_SIZE + 100)}
    subject["x" * (MEMO_KEY_LENGTH + 1)] = "long key"
    document = {
        "@context": [V2, "https://www.w3.org/ns/credentials/examples/v2"],
        "credentialSubject": subject,
    }
    document_to_quads(document, cache)
    root = cache.initial.process(document["@context"], ("urls", *document["@context"]))
    assert len(root._vocab) <= MEMO_SIZE
    assert len(root._terms) <= MEMO_SIZE
    assert all(len(key) <= MEMO_KEY_LENGTH for key in [*root._vocab, *root._terms])


def _plans_and_layouts(cache: ContextCache) -> int:
    contexts = [cache.initial, *cache.transitions.values()]
    plans = [plan for context in contexts for plan in context.plans.values()]
    return len(plans) + sum(len(plan.layouts) for plan in plans)


def test_plans_are_bounded_across_a_loader_and_stay_correct() -> None:
    # A stream of ever-new shapes (key sets and types) against one loader: its plans and
    # layouts never exceed the loader's budget, and every conversion is still right.
    loader = StaticDocumentLoader()
    cache = ContextCache(loader, size=4)
    examples = "https://www.w3.org/ns/credentials/examples/v2"
    highest = 0
    for index in range(3 * PLANS_PER_LOADER // 2):
        subject: dict[str, Any] = {f"k{index}": "v", f"k{index}b": index}
        subject["type"] = [f"T{index % (LAYOUTS_PER_PLAN * 2)}"]
        document = {
            "@context": [V2, examples],
            "type": "VerifiableCredential",
            "issuer": "https://issuer.example/",
            "credentialSubject": subject,
            "evidence": {"type": [f"E{index}"], "name": "x"},
        }
        quads = document_to_quads(document, cache)
        highest = max(highest, _plans_and_layouts(cache))
        assert cache.plans_remembered <= PLANS_PER_LOADER
        if index % 500 == 0:
            expected = canonicalize(_general_dataset(document, loader)).nquads
            assert canonicalize(quads).nquads == expected
    assert highest <= PLANS_PER_LOADER
    assert all(len(plan.layouts) <= LAYOUTS_PER_PLAN for plan in cache.initial.plans.values())


def test_the_loaders_plan_budget_drops_every_plan_when_spent() -> None:
    cache = ContextCache(StaticDocumentLoader())
    document_to_quads(open_badge(), cache)
    contexts = [cache.initial, *cache.transitions.values()]
    assert any(context.plans for context in contexts)
    for _ in range(PLANS_PER_LOADER - cache.plans_remembered):
        cache.note_plan()
    assert any(context.plans for context in contexts)
    cache.note_plan()  # one past the budget
    assert not any(context.plans for context in contexts)
    assert cache.plans_remembered == 1
    assert document_to_quads(open_badge(), cache)  # and plans are made again


def test_caches_belong_to_their_loader() -> None:
    custom = {"@context": {"grade": "https://example.org/grade"}}
    with_custom = StaticDocumentLoader({"https://example.org/ctx": custom})
    plain = StaticDocumentLoader()
    document = {
        "@context": [V2, "https://example.org/ctx"],
        "type": "VerifiableCredential",
        "credentialSubject": {"grade": "A"},
    }
    assert to_dataset(document, loader=with_custom)
    assert context_cache(with_custom) is not context_cache(plain)
    with pytest.raises(vcler.errors.DocumentLoaderError):
        to_dataset(document, loader=plain)


def test_proof_configuration_reuses_the_documents_compiled_contexts(
    compiled: list[tuple[Any, ...]],
) -> None:
    loader = StaticDocumentLoader()
    key = vcler.generate_key("Ed25519")
    credential = example_credential()
    credential["issuer"]["id"] = key.controller
    signed = vcler.issue(credential, signer=key, loader=loader)
    document = {k: v for k, v in signed.items() if k != "proof"}
    compiled.clear()
    rdfc_transformation(document, hash_algorithm="sha256", loader=loader)
    rdfc_proof_configuration(
        signed["proof"], document=document, hash_algorithm="sha256", loader=loader
    )
    # Issuing processed everything once: verifying needs no context processing at all.
    assert compiled == []
    assert vcler.verify(signed, loader=loader).verified
    assert compiled == []


def test_one_loader_shared_by_threads_gives_the_same_results() -> None:
    from concurrent.futures import ThreadPoolExecutor

    loader = StaticDocumentLoader()
    documents = [open_badge(f"doc {index}") for index in range(40)]
    for index, document in enumerate(documents):
        if index % 3 == 0:
            document["@context"] = [V2, OB, {"@vocab": f"https://example.org/{index}#"}]
    expected = [canonicalize(_general_dataset(d, StaticDocumentLoader())).nquads for d in documents]

    def convert(document: dict[str, Any]) -> str:
        return canonicalize(to_dataset(document, loader=loader)).nquads

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(convert, documents * 3)) == expected * 3
