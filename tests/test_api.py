"""The recipes: issue, present, verify — outcomes and error codes, never exceptions."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone

import pytest

import vcler
from tests.net.server import LocalServer, json_route
from vcler.cli._demo import example_credential
from vcler.errors import InputError, UnknownSuiteError, ValidationError
from vcler.net import Fetcher, FetchPolicy

V2 = "https://www.w3.org/ns/credentials/v2"
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
CREATED = "2026-11-28T11:00:00Z"


@pytest.fixture(scope="module")
def ed_key():
    return vcler.generate_key("Ed25519")


def credential_for(key, **changes):
    credential = example_credential()
    credential["issuer"]["id"] = key.controller
    credential.update(changes)
    return credential


def codes(result):
    return {p.code for p in result.problems}


def forge(credential, signer, **options):
    """``credential`` signed by the engine with no issuing checks (a key its issuer may not
    control, a second proof): what the recipes refuse to make, for the verifier to catch."""
    from vcler.di import add_proof

    return add_proof(credential, signer=signer, suite="eddsa-rdfc-2022", **options)


@pytest.mark.parametrize(
    ("kind", "suite"),
    [
        ("Ed25519", None),
        ("Ed25519", "eddsa-jcs-2022"),
        ("Ed25519", "Ed25519Signature2020"),
        ("P-256", None),
        ("P-384", None),
        ("P-256", "ecdsa-jcs-2019"),
    ],
)
def test_issue_then_verify(kind, suite):
    key = vcler.generate_key(kind)
    signed = vcler.issue(credential_for(key), signer=key, suite=suite, created=CREATED)
    result = vcler.verify(signed, now=NOW)
    assert result.verified, result.problems
    assert len(result.proofs) == 1 and result.proofs[0].verified
    assert result.proofs[0].verification_method == key.id
    assert result.proofs[0].proof_purpose == "assertionMethod"


def test_default_suites_follow_the_key(ed_key):
    signed = vcler.issue(credential_for(ed_key), signer=ed_key)
    assert signed["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    p256 = vcler.generate_key("P-256")
    assert vcler.issue(credential_for(p256), signer=p256)["proof"]["cryptosuite"] == (
        "ecdsa-rdfc-2019"
    )


def test_issue_does_not_touch_its_input(ed_key):
    credential = credential_for(ed_key)
    before = copy.deepcopy(credential)
    vcler.issue(credential, signer=ed_key, created=CREATED)
    assert credential == before


def test_issue_refuses_a_malformed_credential_listing_problems(ed_key):
    credential = credential_for(ed_key)
    del credential["credentialSubject"]
    credential["validFrom"] = "yesterday"
    with pytest.raises(ValidationError) as info:
        vcler.issue(credential, signer=ed_key)
    pointers = {p.pointer for p in info.value.problems}
    assert {"/credentialSubject", "/validFrom"} <= pointers


@pytest.mark.parametrize("suite", ["eddsa-rdfc-2022", "eddsa-jcs-2022", "Ed25519Signature2020"])
@pytest.mark.parametrize(
    "change",
    [
        {"undefinedTerm": "dropped by JSON-LD"},  # safe mode: a term no context defines
        {"@context": ["https://www.w3.org/ns/credentials/v2", "https://unknown.example/ctx"]},
    ],
)
def test_issue_refuses_unsafe_json_ld_as_the_check_does(ed_key, suite, change):
    # RDFC suites leave the safe-mode check to the signing that processes the document anyway:
    # the refusal (class, problems) must still be the one Issuer.check gives.
    credential = credential_for(ed_key, **change)
    issuer = vcler.Issuer(ed_key, suite=suite)
    with pytest.raises(ValidationError) as checked:
        issuer.check(credential)
    with pytest.raises(ValidationError) as issued:
        issuer.issue(credential)
    assert issued.value.problems == checked.value.problems
    assert {p.code for p in issued.value.problems} & {
        vcler.codes.DATA_LOSS_DETECTION_ERROR,
        vcler.codes.LOADING_DOCUMENT_FAILED,
    }


def test_issue_refuses_unknown_suite_and_bad_signer(ed_key):
    with pytest.raises(UnknownSuiteError):
        vcler.issue(credential_for(ed_key), signer=ed_key, suite="rot13-2025")
    with pytest.raises(InputError):
        vcler.issue(credential_for(ed_key), signer="not a key")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        vcler.issue(["not", "a", "dict"], signer=ed_key)  # type: ignore[arg-type]


def test_tampered_claim_fails_with_proof_verification_error(ed_key):
    signed = vcler.issue(credential_for(ed_key), signer=ed_key, created=CREATED)
    signed["credentialSubject"]["achievement"]["name"] = "Something else"
    result = vcler.verify(signed, now=NOW)
    assert not result.verified
    assert "PROOF_VERIFICATION_ERROR" in codes(result)


def test_key_the_issuer_does_not_control_fails(ed_key):
    other = vcler.generate_key("Ed25519")
    credential = credential_for(ed_key)  # issuer is ed_key's DID...
    signed = forge(credential, other, created=CREATED)  # ...signed by another key
    result = vcler.verify(signed, now=NOW)
    assert not result.verified
    assert any("controlled by" in p.message for p in result.problems)


def test_validity_period_against_injected_clock_with_skew(ed_key):
    credential = credential_for(
        ed_key, validFrom="2026-11-28T12:03:00Z", validUntil="2026-12-31T00:00:00Z"
    )
    signed = vcler.issue(credential, signer=ed_key, created=CREATED)
    assert vcler.verify(signed, now=NOW).verified  # 3 minutes early, within 5 minutes skew
    early = vcler.verify(signed, now=NOW, clock_skew=timedelta(0))
    assert codes(early) == {"CREDENTIAL_NOT_YET_VALID"}
    assert early.problems[0].pointer == "/validFrom"
    late = vcler.verify(signed, now=datetime(2027, 1, 1, tzinfo=timezone.utc))
    assert codes(late) == {"CREDENTIAL_EXPIRED"}
    assert late.problems[0].pointer == "/validUntil"


def test_missing_proof_and_unknown_cryptosuite(ed_key):
    unsigned = credential_for(ed_key)
    result = vcler.verify(unsigned, now=NOW)
    assert codes(result) == {"MALFORMED_PROOF_ERROR"}
    signed = vcler.issue(unsigned, signer=ed_key, created=CREATED)
    signed["proof"]["cryptosuite"] = "rot13-2025"
    assert not vcler.verify(signed, now=NOW).verified


@pytest.mark.parametrize(
    "document",
    [
        None,
        [],
        "text",
        42,
        {"@context": 5},
        {"proof": "x"},
        {"@context": [V2], "proof": [1]},
        {"proof": {"type": []}},  # found by hypothesis: an unhashable type where a name goes
        {"proof": {"cryptosuite": {"a": 1}}},
    ],
)
def test_verify_never_raises_on_junk(document):
    result = vcler.verify(document)
    assert not result.verified
    assert result.problems


def test_result_has_no_truth_value_and_raises_on_request(ed_key):
    result = vcler.verify({"nope": True})
    with pytest.raises(TypeError):
        bool(result)
    with pytest.raises(ValidationError):
        result.raise_for_problems()
    ok = vcler.verify(vcler.issue(credential_for(ed_key), signer=ed_key), now=None)
    ok.raise_for_problems()


def test_presentation_with_challenge_and_domain(ed_key):
    holder = vcler.generate_key("Ed25519")
    vc = vcler.issue(credential_for(ed_key), signer=ed_key, created=CREATED)
    vp = vcler.present([vc], signer=holder, challenge="c-123", domain="jobs.example")
    assert vp["holder"] == holder.controller
    good = vcler.verify(vp, challenge="c-123", domain="jobs.example", now=NOW)
    assert good.verified, good.problems
    assert len(good.credentials) == 1 and good.credentials[0].verified
    assert good.proofs[0].proof_purpose == "authentication"
    wrong_challenge = vcler.verify(vp, challenge="other", domain="jobs.example", now=NOW)
    assert "INVALID_CHALLENGE_ERROR" in codes(wrong_challenge)
    wrong_domain = vcler.verify(vp, challenge="c-123", domain="evil.example", now=NOW)
    assert "INVALID_DOMAIN_ERROR" in codes(wrong_domain)


def test_presentation_reports_a_tampered_inner_credential_with_pointer(ed_key):
    holder = vcler.generate_key("Ed25519")
    vc = vcler.issue(credential_for(ed_key), signer=ed_key, created=CREATED)
    vc["name"] = "Forged"
    vp = vcler.present([vc], signer=holder, challenge="c")
    result = vcler.verify(vp, challenge="c", now=NOW)
    assert not result.verified
    assert not result.credentials[0].verified
    assert all(p.pointer.startswith("/verifiableCredential/0") for p in result.problems)


def test_did_web_issuer_verifies_offline_with_supplied_document():
    key = vcler.generate_key("Ed25519", controller="did:web:college.example")
    document = {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": "did:web:college.example",
        "verificationMethod": [key.to_json(include_secret=False)],
        "assertionMethod": [key.id],
    }
    signed = vcler.issue(credential_for(key), signer=key, created=CREATED)
    offline = vcler.verify(signed, now=NOW)
    assert not offline.verified
    assert any("network" in p.message for p in offline.problems)
    result = vcler.verify(signed, now=NOW, documents={document["id"]: document})
    assert result.verified, result.problems


def test_https_controller_issuer_verifies_with_controller_document():
    key = vcler.generate_key("Ed25519", controller="https://college.example/issuer", id="#key-1")
    controller_document = {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": "https://college.example/issuer",
        "verificationMethod": [key.to_json(include_secret=False)],
        "assertionMethod": [key.id],
    }
    signed = vcler.issue(credential_for(key), signer=key, created=CREATED)
    result = vcler.verify(signed, now=NOW, documents={key.controller: controller_document})
    assert result.verified, result.problems


def test_did_web_issuer_over_real_https(https_server: LocalServer):
    did = https_server.did + ":issuers:college"
    key = vcler.generate_key("Ed25519", controller=did)
    https_server.routes["/issuers/college/did.json"] = json_route(
        {
            "@context": ["https://www.w3.org/ns/did/v1"],
            "id": did,
            "verificationMethod": [key.to_json(include_secret=False)],
            "assertionMethod": [key.id],
        }
    )
    signed = vcler.issue(credential_for(key), signer=key, created=CREATED)
    policy = FetchPolicy(allow_private_hosts=True, ca_bundle=https_server.ca_bundle)
    with Fetcher(policy=policy) as fetcher:
        verifier = vcler.Verifier(fetcher=fetcher, now=NOW)
        assert verifier.verify(signed).verified
        assert verifier.verify(signed).verified
    assert https_server.hits["/issuers/college/did.json"] == 1  # second one from the cache
    with Fetcher(policy=FetchPolicy(ca_bundle=https_server.ca_bundle)) as strict:
        refused = vcler.verify(signed, now=NOW, fetcher=strict)
    assert not refused.verified


@pytest.mark.parametrize("suite", ["eddsa-rdfc-2022", "eddsa-jcs-2022"])
def test_undefined_term_added_after_signing_is_reported_as_data_loss(ed_key, suite):
    credential = {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "id": "urn:uuid:6c0c5a9e-0b0c-4e8f-9d3e-1f8a2b3c4d5e",
        "type": ["VerifiableCredential"],
        "issuer": ed_key.controller,
        "issuanceDate": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
    }
    signed = vcler.issue(credential, signer=ed_key, suite=suite, created=CREATED)
    assert vcler.verify(signed, now=NOW).verified
    signed["credentialSubject"]["sneaky"] = "not covered by the proof"
    result = vcler.verify(signed, now=NOW)
    assert not result.verified
    data_loss = [p for p in result.problems if p.code == "DATA_LOSS_DETECTION_ERROR"]
    assert data_loss and data_loss[0].pointer == "/credentialSubject/sneaky"


def _count_dereferences(monkeypatch) -> list[str]:
    """The method ids dereferenced from now on in this test."""
    import vcler.did

    calls: list[str] = []
    real = vcler.did.dereference_verification_method

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(vcler.did, "dereference_verification_method", counting)
    return calls


def test_did_key_methods_are_dereferenced_once_across_verifications(monkeypatch):
    calls = _count_dereferences(monkeypatch)
    key = vcler.generate_key("Ed25519")  # a key no other test has used
    batch = [vcler.issue(credential_for(key), signer=key) for _ in range(3)]
    verifier = vcler.Verifier(now=NOW)
    assert all(verifier.verify(vc).verified for vc in batch)
    # One-shot calls share the cache of derived (did:key, did:jwk) methods.
    assert all(vcler.verify(vc, now=NOW).verified for vc in batch)
    assert calls == [key.id]
    # The controller is still checked on every use of a remembered method.
    other = vcler.generate_key("Ed25519")
    forged = forge(credential_for(other), key)
    assert not verifier.verify(forged).verified
    assert not vcler.verify(forged, now=NOW).verified


def test_supplied_documents_are_remembered_per_verifier(ed_key, monkeypatch):
    import vcler.did

    controller = vcler.did.resolve(ed_key.controller).did_document
    calls = _count_dereferences(monkeypatch)
    signed = vcler.issue(credential_for(ed_key), signer=ed_key)
    for _ in range(2):
        verifier = vcler.Verifier(now=NOW, documents={ed_key.controller: controller})
        assert verifier.verify(signed).verified and verifier.verify(signed).verified
    # Once per verifier: a supplied document belongs to the verifier it was given to.
    assert calls == [ed_key.id, ed_key.id]


@pytest.mark.pure_python  # replaces a method
def test_the_method_caches_are_bounded_and_skip_custom_resolvers(ed_key, monkeypatch):
    from vcler import _steps

    size = _steps.METHOD_CACHE_SIZE
    documents = {f"did:example:{index}": {} for index in range(size + 5)}
    verifier = vcler.Verifier(now=NOW, documents=documents)
    steps = _steps.Steps(verifier.context, verifier._caches)
    monkeypatch.setattr(steps, "dereference", lambda method_id, purpose: {"id": method_id})
    for index in range(size + 5):
        steps.method(f"did:example:{index}#k", "assertionMethod")
    assert len(verifier._caches.methods) == size
    assert _steps._derived_method.cache_info().maxsize == 1024
    # A verifier with resolvers of its own never reads or fills the shared memo.
    calls = _count_dereferences(monkeypatch)
    before = _steps._derived_method.cache_info()
    custom = vcler.Verifier(now=NOW, resolvers={"key": vcler.did.KeyResolver()})
    custom_steps = _steps.Steps(custom.context, custom._caches)
    for _ in range(2):
        custom_steps.method(ed_key.id, "assertionMethod")
    assert calls == [ed_key.id, ed_key.id]
    after = _steps._derived_method.cache_info()
    assert (after.hits, after.misses) == (before.hits, before.misses)
