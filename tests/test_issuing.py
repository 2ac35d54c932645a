"""Issuing refuses what no verifier would accept: a key the issuer does not control, and a
second proof nobody asked for."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import vcler
from vcler.cli._demo import example_credential
from vcler.errors import ControllerMismatchError, InputError, ProofError, ProofExistsError
from vcler.keys import KeyPair
from vcler.status import StatusRegistry

CREATED = "2026-11-28T11:00:00Z"
LIST_URL = "https://college.example/status/1"


@pytest.fixture(scope="module")
def key() -> KeyPair:
    return vcler.generate_key("Ed25519")


def credential_of(issuer: str) -> dict:
    credential = example_credential()
    credential["issuer"]["id"] = issuer
    return credential


def kms_signer(key: KeyPair, id: str) -> SimpleNamespace:
    """A signer that is not a KeyPair: an id and sign(), no ``controller`` (a KMS adapter)."""
    return SimpleNamespace(id=id, algorithm=key.algorithm, sign=key.sign)


def test_a_did_key_the_issuer_is_not_is_refused(key: KeyPair) -> None:
    other = vcler.generate_key("Ed25519")
    credential = credential_of(other.controller)
    with pytest.raises(ControllerMismatchError) as info:
        vcler.issue(credential, signer=key)
    error = info.value
    assert isinstance(error, ProofError)
    assert error.code == "INVALID_VERIFICATION_METHOD"
    assert error.pointer == "/issuer"
    assert other.controller in error.message and key.id in error.message
    with pytest.raises(ControllerMismatchError):
        vcler.Issuer(key).issue(credential)


def test_the_issuer_as_an_object_or_a_string_is_checked(key: KeyPair) -> None:
    credential = credential_of(key.controller)
    assert vcler.verify(vcler.issue(credential, signer=key)).verified
    credential["issuer"] = key.controller
    assert vcler.verify(vcler.issue(credential, signer=key)).verified
    credential["issuer"] = "https://college.example/issuer"
    with pytest.raises(ControllerMismatchError):
        vcler.issue(credential, signer=key)


def test_did_web_and_https_issuers_need_a_method_of_their_own() -> None:
    web = vcler.generate_key("Ed25519", controller="did:web:college.example", id="#key-1")
    vcler.issue(credential_of("did:web:college.example"), signer=web)
    with pytest.raises(ControllerMismatchError, match="other"):
        vcler.issue(credential_of("did:web:other.example"), signer=web)
    # A signer with no declared controller: its id must be <issuer>#fragment.
    https = "https://college.example/issuer"
    vcler.issue(credential_of(https), signer=kms_signer(web, f"{https}#kms-1"))
    for elsewhere in ("https://college.example/keys/1", https, f"{https}#"):
        with pytest.raises(ControllerMismatchError, match="methods are"):
            vcler.issue(credential_of(https), signer=kms_signer(web, elsewhere))


def test_a_did_key_has_one_method(key: KeyPair) -> None:
    signer = kms_signer(key, f"{key.controller}#key-2")
    with pytest.raises(ControllerMismatchError, match="only method"):
        vcler.issue(credential_of(key.controller), signer=signer)
    vcler.issue(credential_of(key.controller), signer=kms_signer(key, key.id))


def test_a_presentation_holder_must_control_the_key(key: KeyPair) -> None:
    signed = vcler.issue(credential_of(key.controller), signer=key)
    holder = vcler.generate_key("Ed25519")
    presentation = vcler.present([signed], signer=holder, challenge="c")
    assert presentation["holder"] == holder.controller
    assert vcler.verify(presentation, challenge="c").verified
    with pytest.raises(ControllerMismatchError) as info:
        vcler.present([signed], signer=holder, holder=key.controller)
    assert info.value.pointer == "/holder"


def test_a_signed_credential_needs_add_proof(key: KeyPair) -> None:
    signed = vcler.issue(credential_of(key.controller), signer=key, created=CREATED)
    with pytest.raises(ProofExistsError) as info:
        vcler.issue(signed, signer=key)
    assert info.value.code == "PROOF_EXISTS_ERROR" and info.value.pointer == "/proof"
    assert "add_proof=True" in info.value.message
    with pytest.raises(ProofExistsError):
        vcler.Issuer(key).issue(signed)
    both = vcler.issue(signed, signer=key, suite="eddsa-jcs-2022", add_proof=True)
    assert [p["cryptosuite"] for p in both["proof"]] == ["eddsa-rdfc-2022", "eddsa-jcs-2022"]
    result = vcler.verify(both)
    assert result.verified and len(result.proofs) == 2


def test_a_proof_chain_names_the_proof_it_extends(key: KeyPair) -> None:
    issuer = vcler.Issuer(key)
    first = issuer.issue(credential_of(key.controller), proof_id="urn:uuid:1")
    chained = issuer.issue(first, previous_proof="urn:uuid:1")
    assert chained["proof"][1]["previousProof"] == "urn:uuid:1"
    assert vcler.verify(chained).verified


def test_refusals_spend_no_status_index(tmp_path, key: KeyPair) -> None:
    with StatusRegistry(tmp_path / "status.db") as registry:
        registry.create_list(LIST_URL, purpose="revocation", signer=key)
        stranger = credential_of(vcler.generate_key("Ed25519").controller)
        with pytest.raises(ControllerMismatchError):
            vcler.issue(stranger, signer=key, status=(registry, LIST_URL))
        signed = vcler.issue(credential_of(key.controller), signer=key)
        with pytest.raises(ProofExistsError):
            vcler.issue(signed, signer=key, status=(registry, LIST_URL))
        with pytest.raises(InputError, match="its proof would break"):
            vcler.issue(signed, signer=key, status=(registry, LIST_URL), add_proof=True)
        assert registry.get_list(LIST_URL).allocated == 0
        vcler.issue(credential_of(key.controller), signer=key, status=(registry, LIST_URL))
        assert registry.get_list(LIST_URL).allocated == 1
