"""The verification policy: status lists, challenges, holder and issuer binding.

Each rule the specifications leave to the verifier is a setting with a default argued in
``docs/verification-policy.md``; these tests hold both the default and the alternative.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

import vcler
from tests.status._helpers import credential
from vcler.di import add_proof
from vcler.status import StatusRegistry

CANONICAL = "https://status.college.example/lists/1"
MIRROR = "https://cdn.college.example/lists/1"


@pytest.fixture
def issuer_key() -> vcler.KeyPair:
    return vcler.generate_key("Ed25519")


def _revoked(tmp_path: Path, issuer: Any, list_signer: Any) -> tuple[dict[str, Any], dict]:
    """A credential of ``issuer`` revoked in a list signed by ``list_signer``, and the list."""
    with StatusRegistry(tmp_path / "status.db") as registry:
        registry.create_list(CANONICAL, signer=list_signer)
        signed = vcler.issue(
            credential(issuer.controller), signer=issuer, status=(registry, CANONICAL)
        )
        registry.set_status(CANONICAL, int(signed["credentialStatus"]["statusListIndex"]), 1)
        return signed, registry.publish(CANONICAL)


def _codes(result: vcler.VerificationResult) -> list[str]:
    return [p.code for p in result.problems]


# -- status lists ------------------------------------------------------------------------------


def test_a_revoked_credential_with_its_list_supplied_is_revoked(
    tmp_path: Path, issuer_key: Any
) -> None:
    signed, status_list = _revoked(tmp_path, issuer_key, issuer_key)
    result = vcler.verify(signed, documents={CANONICAL: status_list})
    assert _codes(result) == ["CREDENTIAL_REVOKED"]


def test_a_list_of_another_issuer_is_trusted_only_when_the_policy_says(
    tmp_path: Path, issuer_key: Any
) -> None:
    registrar = vcler.generate_key("Ed25519")  # the college's registrar keeps the lists
    signed, status_list = _revoked(tmp_path, issuer_key, registrar)
    documents = {CANONICAL: status_list}
    default = vcler.verify(signed, documents=documents)
    assert _codes(default) == ["STATUS_VERIFICATION_ERROR"]
    assert "not by the credential's issuer" in default.problems[0].message
    for trusted in ("any", frozenset({registrar.controller})):
        result = vcler.verify(signed, documents=documents, status_list_issuers=trusted)
        assert _codes(result) == ["CREDENTIAL_REVOKED"], trusted
    other = frozenset({"did:example:someone-else"})
    refused = vcler.verify(signed, documents=documents, status_list_issuers=other)
    assert _codes(refused) == ["STATUS_VERIFICATION_ERROR"]


def test_a_list_served_at_another_url_is_accepted_only_when_the_policy_says(
    tmp_path: Path, issuer_key: Any
) -> None:
    signed, status_list = _revoked(tmp_path, issuer_key, issuer_key)
    # The credential names the mirror; the list names its canonical URL.
    entry = signed["credentialStatus"]
    moved = {**signed, "credentialStatus": {**entry, "statusListCredential": MIRROR}}
    moved.pop("proof")
    moved = add_proof(moved, signer=issuer_key, suite="eddsa-rdfc-2022")
    documents = {MIRROR: status_list}
    default = vcler.verify(moved, documents=documents)
    assert _codes(default) == ["STATUS_VERIFICATION_ERROR"]
    assert "names itself" in default.problems[0].message
    relaxed = vcler.verify(moved, documents=documents, status_list_id_must_match=False)
    assert _codes(relaxed) == ["CREDENTIAL_REVOKED"]


def test_the_cli_reaches_the_revoked_verdict_with_the_policy_flags(
    tmp_path: Path, issuer_key: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from vcler.cli import main

    registrar = vcler.generate_key("Ed25519")
    signed, status_list = _revoked(tmp_path, issuer_key, registrar)
    entry = signed["credentialStatus"]
    moved = {**signed, "credentialStatus": {**entry, "statusListCredential": MIRROR}}
    moved.pop("proof")
    moved = add_proof(moved, signer=issuer_key, suite="eddsa-rdfc-2022")
    (tmp_path / "vc.json").write_text(json.dumps(moved))
    (tmp_path / "list.json").write_text(json.dumps(status_list))
    base = [
        "verify",
        "--json",
        str(tmp_path / "vc.json"),
        "--document",
        f"{MIRROR}=" + str(tmp_path / "list.json"),
    ]
    assert main(base) == 1
    assert json.loads(capsys.readouterr().out)["problems"][0]["code"] == (
        "STATUS_VERIFICATION_ERROR"
    )
    flags = ["--status-list-issuer", registrar.controller, "--status-list-any-url"]
    assert main([*base, *flags]) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert [p["code"] for p in problems] == ["CREDENTIAL_REVOKED"]
    assert main([*base, "--no-status"]) == 0
    warnings = json.loads(capsys.readouterr().out)["warnings"]
    assert [w["code"] for w in warnings] == ["STATUS_NOT_CHECKED"]


# -- presentations -----------------------------------------------------------------------------


def _presentation(holder: Any, subject: str, *, challenge: str | None) -> dict[str, Any]:
    issuer = vcler.generate_key("Ed25519")
    document = credential(issuer.controller, credentialSubject={"id": subject})
    signed = vcler.issue(document, signer=issuer)
    return vcler.present([signed], signer=holder, challenge=challenge)


def test_a_presentation_verified_without_a_challenge_warns_or_fails() -> None:
    holder = vcler.generate_key("Ed25519")
    presentation = _presentation(holder, holder.controller, challenge=None)
    lenient = vcler.verify(presentation)
    assert lenient.verified
    assert [w.code for w in lenient.warnings] == ["NO_CHALLENGE"]
    strict = vcler.verify(presentation, require_challenge=True)
    assert _codes(strict) == ["INVALID_CHALLENGE_ERROR"]
    answered = _presentation(holder, holder.controller, challenge="c-9")
    good = vcler.verify(answered, challenge="c-9", require_challenge=True)
    assert good.verified and not good.warnings


def test_holder_binding_is_a_policy() -> None:
    holder = vcler.generate_key("Ed25519")
    presentation = _presentation(holder, "did:example:someone-else", challenge="c-1")
    # VC Data Model 2.0 lets anyone present a credential: by default this verifies...
    assert vcler.verify(presentation, challenge="c-1").verified
    # ...and a verifier that binds holders to subjects refuses it.
    bound = vcler.verify(presentation, challenge="c-1", holder_binding="subject")
    assert _codes(bound) == ["HOLDER_NOT_SUBJECT"]
    assert bound.problems[0].pointer == "/verifiableCredential/0/credentialSubject"
    own = _presentation(holder, holder.controller, challenge="c-1")
    assert vcler.verify(own, challenge="c-1", holder_binding="subject").verified


# -- issuer binding ----------------------------------------------------------------------------


def test_proofs_by_others_need_one_issuer_proof_by_default(issuer_key: Any) -> None:
    endorser = vcler.generate_key("Ed25519")
    signed = vcler.issue(credential(issuer_key.controller), signer=issuer_key)
    endorsed = add_proof(signed, signer=endorser, suite="eddsa-rdfc-2022")
    # By default an endorser's proof in a proof set is accepted next to the issuer's...
    assert vcler.VerificationPolicy().issuer_proofs == "any"
    default = vcler.verify(endorsed)
    assert default.verified
    assert [p.controller for p in default.proofs] == [issuer_key.controller, endorser.controller]
    # ...but at least one proof must be the issuer's.
    alone = add_proof(credential(issuer_key.controller), signer=endorser, suite="eddsa-rdfc-2022")
    result = vcler.verify(alone)
    assert _codes(result) == ["INVALID_VERIFICATION_METHOD"]
    assert result.problems[0].pointer == "/proof"


def test_all_proofs_by_the_issuer_or_none_by_choice(issuer_key: Any) -> None:
    endorser = vcler.generate_key("Ed25519")
    signed = vcler.issue(credential(issuer_key.controller), signer=issuer_key)
    endorsed = add_proof(signed, signer=endorser, suite="eddsa-rdfc-2022")
    alone = add_proof(credential(issuer_key.controller), signer=endorser, suite="eddsa-rdfc-2022")
    every = vcler.VerificationContext.create(issuer_proofs="all")
    refused = vcler.verify(endorsed, context=every)
    assert _codes(refused) == ["INVALID_VERIFICATION_METHOD"]
    assert refused.problems[0].pointer == "/proof/1/verificationMethod"
    assert vcler.verify(signed, context=every).verified
    # "none": each proof verifies against its own controller, whoever the issuer is.
    unbound = vcler.VerificationContext.create(issuer_proofs="none")
    assert vcler.verify(alone, context=unbound).verified
    assert vcler.verify(endorsed, issuer_proofs="none").verified
    # A tampered proof still fails, whatever the binding.
    tampered = copy.deepcopy(alone)
    tampered["credentialSubject"]["name"] = "Mallory"
    assert not vcler.verify(tampered, context=unbound).verified
    with pytest.raises(vcler.VclerError):
        vcler.VerificationPolicy(issuer_proofs="some")  # type: ignore[arg-type]
