"""bbs-2023 through the recipes and the command line: issue with a Bls12381G2 key, derive
(with a presentation header), verify; an Open Badge disclosing its achievement; and
unlinkability: two presentations of one credential share no bytes of their proofs beyond the
public header fields, where two ecdsa-sd-2023 presentations share the issuer's signature."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("py_arkworks_bls12381")

import vcler
from tests.compiled import misuse_error
from tests.test_derive import skill_badge, transcript
from vcler.cli import main
from vcler.di.suites.bbs_2023.proof_values import (
    parse_base_proof_value,
    parse_derived_proof_value,
)
from vcler.errors import InputError
from vcler.keys.encoding import b64url_decode

WINDOW = 8  # bytes: a random 8-byte sequence repeating by chance is ~2^-45 here


@pytest.fixture(scope="module")
def registrar() -> Any:
    return vcler.generate_key("Bls12381G2")


@pytest.fixture(scope="module")
def base(registrar: Any) -> dict[str, Any]:
    return vcler.issue(transcript(registrar.controller), signer=registrar, suite="bbs-2023")


def _bytes(proof_value: str) -> bytes:
    return b64url_decode(proof_value[1:], max_bytes=10**6, what="proofValue")


def _shared_windows(a: bytes, b: bytes) -> set[bytes]:
    """Every ``WINDOW``-byte sequence of ``a`` that also occurs in ``b``."""
    windows = {b[i : i + WINDOW] for i in range(len(b) - WINDOW + 1)}
    return {a[i : i + WINDOW] for i in range(len(a) - WINDOW + 1)} & windows


def test_issue_derive_verify(registrar: Any, base: dict[str, Any]) -> None:
    assert registrar.algorithm == "Bls12381G2"
    assert base["proof"]["cryptosuite"] == "bbs-2023"
    assert "created" not in base["proof"]  # every presentation would carry it
    # The default mandatory pointers: the issuer and the validity period.
    assert parse_base_proof_value(base["proof"]["proofValue"]).mandatory_pointers == [
        "/issuer",
        "/validFrom",
        "/validUntil",
    ]
    assert not vcler.verify(base).verified  # a base proof is for the holder
    shared = vcler.derive(
        base,
        selective_pointers=["/credentialSubject/course/1/grade"],
        presentation_header=b"nonce-42",
    )
    assert "birthDate" not in shared["credentialSubject"]
    assert shared["credentialSubject"]["course"] == [{"type": "Course", "grade": "A"}]
    result = vcler.verify(shared)
    assert result.verified, result.problems
    parsed = parse_derived_proof_value(shared["proof"]["proofValue"])
    assert parsed.presentation_header == b"nonce-42"
    # The default suite of a BLS12-381 G2 key is bbs-2023.
    assert vcler.issue(transcript(registrar.controller), signer=registrar)["proof"][
        "cryptosuite"
    ] == ("bbs-2023")


def test_a_changed_disclosed_claim_does_not_verify(base: dict[str, Any]) -> None:
    shared = vcler.derive(base, selective_pointers=["/credentialSubject/course/1/grade"])
    shared["credentialSubject"]["course"][0]["grade"] = "A+"
    assert not vcler.verify(shared).verified


def test_two_presentations_share_no_proof_bytes(base: dict[str, Any]) -> None:
    pointers = ["/credentialSubject/course/0"]
    first = vcler.derive(base, selective_pointers=pointers)
    second = vcler.derive(base, selective_pointers=pointers)
    assert vcler.verify(first).verified and vcler.verify(second).verified
    # Everything but the proof value is the same disclosure...
    assert {k: v for k, v in first.items() if k != "proof"} == {
        k: v for k, v in second.items() if k != "proof"
    }
    one, two = (parse_derived_proof_value(d["proof"]["proofValue"]) for d in (first, second))
    # ...and so are the public header fields of the proof value: label map, indexes, header.
    assert (one.label_map, one.mandatory_indexes, one.selective_indexes) == (
        two.label_map,
        two.mandatory_indexes,
        two.selective_indexes,
    )
    # The zero-knowledge proofs share no byte sequence at all.
    assert len(one.bbs_proof) == len(two.bbs_proof)
    assert not _shared_windows(one.bbs_proof, two.bbs_proof)
    # In the whole proof values, what repeats lies in the public fields: a shared window may
    # reach into the proof (the first byte of a compressed point is mostly flags, 1 in 54 is
    # the same), never stand inside it.
    a, b = _bytes(first["proof"]["proofValue"]), _bytes(second["proof"]["proofValue"])
    start, end = a.index(one.bbs_proof), a.index(one.bbs_proof) + len(one.bbs_proof)
    for window in _shared_windows(a, b):
        at = [i for i in range(len(a) - WINDOW + 1) if a[i : i + WINDOW] == window]
        assert all(i < start or i + WINDOW > end for i in at), window
    # Nor does either show the issuer's signature, which the base proof holds.
    signature = parse_base_proof_value(base["proof"]["proofValue"]).bbs_signature
    assert not _shared_windows(signature, a) and not _shared_windows(signature, b)


def test_ecdsa_sd_presentations_by_contrast_repeat_the_issuer_signature() -> None:
    key = vcler.generate_key("P-256")
    base = vcler.issue(transcript(key.controller), signer=key, suite="ecdsa-sd-2023")
    pointers = ["/credentialSubject/course/0"]
    first, second = (vcler.derive(base, selective_pointers=pointers) for _ in range(2))
    assert first["proof"]["proofValue"] == second["proof"]["proofValue"]


def test_an_open_badge_discloses_its_achievement() -> None:
    college = vcler.generate_key("Bls12381G2")
    base = vcler.issue(skill_badge(college.controller), signer=college, suite="bbs-2023")
    shared = vcler.derive(base, selective_pointers=["/name", "/credentialSubject/achievement"])
    assert set(shared["credentialSubject"]) == {"id", "type", "achievement"}
    strict = vcler.verify(shared, strict=True)
    assert strict.verified, strict.problems


def test_presentation_header_misuse() -> None:
    key = vcler.generate_key("P-256")
    base = vcler.issue(transcript(key.controller), signer=key, suite="ecdsa-sd-2023")
    with pytest.raises(InputError, match="no presentation header"):
        vcler.derive(base, selective_pointers=["/issuer"], presentation_header=b"x")
    with pytest.raises(misuse_error("vcler._api"), match="bytes"):
        vcler.derive(base, selective_pointers=["/issuer"], presentation_header="x")  # type: ignore[arg-type]


def test_a_bls_key_cannot_sign_with_another_suite(registrar: Any) -> None:
    with pytest.raises(vcler.errors.ProofError, match="Bls12381G2"):
        vcler.issue(transcript(registrar.controller), signer=registrar, suite="eddsa-rdfc-2022")
    p256 = vcler.generate_key("P-256")
    with pytest.raises(vcler.errors.ProofError, match="bbs-2023"):
        vcler.issue(transcript(p256.controller), signer=p256, suite="bbs-2023")


def test_more_statements_than_a_bbs_signature_signs(registrar: Any) -> None:
    """Past MAX_MESSAGES the key refuses the messages (INVALID_INPUT) and issuing is
    PROOF_GENERATION_ERROR, as docs/security.md says; never a bare ValueError."""
    from vcler import codes
    from vcler.keys import bbs

    with pytest.raises(InputError, match="messages") as refused:
        registrar.sign_messages([b"m"] * (bbs.MAX_MESSAGES + 1))
    assert refused.value.code == codes.INVALID_INPUT
    credential = transcript(registrar.controller)
    credential["credentialSubject"]["items"] = [
        {"name": f"n{i}"} for i in range(bbs.MAX_MESSAGES // 2 + 1)
    ]
    with pytest.raises(vcler.errors.ProofError, match="messages") as failed:
        vcler.issue(credential, signer=registrar, suite="bbs-2023")
    assert failed.value.code == codes.PROOF_GENERATION_ERROR


def test_the_command_line(tmp_path: Path) -> None:
    key = tmp_path / "key.json"
    assert main(["key", "generate", "--type", "Bls12381G2", "-o", str(key)]) == 0
    controller = json.loads(key.read_text())["controller"]
    credential = tmp_path / "credential.json"
    credential.write_text(json.dumps(transcript(controller)))
    signed, derived = tmp_path / "signed.json", tmp_path / "derived.json"
    assert (
        main(
            ["issue", str(credential), "--key", str(key), "--suite", "bbs-2023", "-o", str(signed)]
        )
        == 0
    )
    assert main(["verify", str(signed)]) == 1  # a base proof
    assert (
        main(
            [
                "derive",
                str(signed),
                "--pointer",
                "/credentialSubject/course/0/name",
                "--presentation-header",
                "113377aa",
                "-o",
                str(derived),
            ]
        )
        == 0
    )
    document = json.loads(derived.read_text())
    parsed = parse_derived_proof_value(document["proof"]["proofValue"])
    assert parsed.presentation_header == bytes.fromhex("113377aa")
    assert main(["verify", str(derived)]) == 0
    with pytest.raises(SystemExit):
        main(["derive", str(signed), "--pointer", "/issuer", "--presentation-header", "zz"])


def test_a_status_list_is_not_signed_with_a_base_proof(registrar: Any, tmp_path: Path) -> None:
    """A Bls12381G2 key's default suite makes base proofs, which never verify: publishing a
    status list with it (or with ecdsa-sd-2023) is refused, not a list nobody can check."""
    from vcler.status import StatusRegistry

    url = "https://registrar.example/status/1"
    with StatusRegistry(tmp_path / "status.db") as registry:
        registry.create_list(url, signer=registrar)
        with pytest.raises(InputError, match="bbs-2023"):
            registry.publish(url)
        p256 = vcler.generate_key("P-256")
        registry.create_list(url + "0", signer=p256)
        with pytest.raises(InputError, match="ecdsa-sd-2023"):
            registry.publish(url + "0", suite="ecdsa-sd-2023")
        assert registry.publish(url + "0")["proof"]["cryptosuite"] == "ecdsa-rdfc-2019"
