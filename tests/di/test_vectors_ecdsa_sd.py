"""Published ecdsa-sd-2023 vectors (w3c/vc-di-ecdsa, ``TestVectors/ecdsa-sd-2023``): every step
of issuing, deriving and verifying, reproduced exactly.

The vectors fix the HMAC key and the proof-scoped key, and ECDSA signatures are deterministic
(RFC 6979) on both sides, so the base and derived proof values themselves come out byte for
byte. Skolem identifiers are random in both implementations: where a step lists them
(``derivedAllGroupData``), the statements they turn into are compared instead.

The permanent resident card's published unsigned input (``prCredUnsigned.json``) has since
been edited upstream (its ``description``); the document that was signed is the signed base
document without its proof, which is what these tests start from.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from vcler.canon import canonicalize
from vcler.di.selective import (
    canonicalize_and_group,
    create_hmac_id_label_map_function,
    create_label_map_function,
    label_replacement_canonicalize_json_ld,
    select_json_ld,
)
from vcler.di.suites.ecdsa_sd_2023.base import (
    base_proof_configuration,
    base_proof_hashing,
    base_proof_transformation,
    create_base_proof,
)
from vcler.di.suites.ecdsa_sd_2023.derived import add_derived_proof, create_disclosure_data
from vcler.di.suites.ecdsa_sd_2023.proof_values import (
    parse_base_proof_value,
    parse_derived_proof_value,
)
from vcler.di.suites.ecdsa_sd_2023.verification import create_verify_data
from vcler.jsonld import default_loader, to_dataset
from vcler.keys import KeyPair, PrivateKey, PublicKey

from ..vectors import read_json, read_text
from ._helpers import assert_group_indexes, verified, verify

# (folder, mandatory pointers file, selective pointers file, published unsigned input)
CASES = [
    ("employ", "employMandatory.json", "employSelective.json", "employmentAuth.json"),
    ("prc", "prCredMandatory.json", "prCredSelective.json", None),
]
IDS = [case[0] for case in CASES]
SHA256 = "sha256"


def step(folder: str, name: str) -> Any:
    return read_json("di-ecdsa", "ecdsa-sd-2023", folder, name)


def step_text(folder: str, name: str) -> str:
    return read_text("di-ecdsa", "ecdsa-sd-2023", folder, name)


def as_map(value: dict[str, Any]) -> dict[Any, Any]:
    """A JavaScript ``Map`` as the vectors write it (``{"dataType": "Map", "value": [...]}``)."""
    assert value["dataType"] == "Map"
    return dict(value["value"])


def material() -> tuple[KeyPair, PrivateKey, bytes]:
    keys = read_json("di-ecdsa", "ecdsa-sd-2023", "SDKeyMaterial.json")
    base = keys["baseKeyPair"]
    issuer_key = KeyPair.from_multibase(
        public=base["publicKeyMultibase"], secret=base["secretKeyMultibase"]
    )
    proof_key = PrivateKey.from_multibase(keys["proofKeyPair"]["secretKeyMultibase"])
    return issuer_key, proof_key, bytes.fromhex(keys["hmacKeyString"])


def unsigned(folder: str, published: str | None) -> dict[str, Any]:
    signed = step(folder, "addSignedSDBase.json")
    document = {key: value for key, value in signed.items() if key != "proof"}
    if published is not None:  # the published input is the signed document
        assert read_json("di-ecdsa", published) == document
    return document


def proof_options(folder: str) -> dict[str, Any]:
    config = step(folder, "addProofConfig.json")
    return {key: value for key, value in config.items() if key != "@context"}


@pytest.fixture(params=CASES, ids=IDS)
def case(request: pytest.FixtureRequest) -> dict[str, Any]:
    folder, mandatory, selective, published = request.param
    return {
        "folder": folder,
        "document": unsigned(folder, published),
        "mandatory": read_json("di-ecdsa", mandatory),
        "selective": read_json("di-ecdsa", selective),
    }


# -- issuing: Create Base Proof ----------------------------------------------------------------


def test_base_proof_configuration(case: dict[str, Any]) -> None:
    folder = case["folder"]
    canonical = base_proof_configuration(
        step(folder, "addProofConfig.json"),
        document=case["document"],
        hash_algorithm=SHA256,
        loader=default_loader(),
    )
    assert canonical == step_text(folder, "addProofConfigCanon.txt")


def test_canonical_document_and_hmac_labels(case: dict[str, Any]) -> None:
    folder = case["folder"]
    _, _, hmac_key = material()
    dataset = to_dataset(case["document"], loader=default_loader())
    lines = canonicalize(dataset).nquads.splitlines(keepends=True)
    assert lines == step(folder, "addBaseDocCanon.json")
    factory = create_hmac_id_label_map_function(hmac_key, hash_algorithm=SHA256)
    _, relabelled = label_replacement_canonicalize_json_ld(
        case["document"], factory, hash_algorithm=SHA256, loader=default_loader()
    )
    assert relabelled == step(folder, "addBaseDocHMACCanon.json")


def test_mandatory_pointer_values(case: dict[str, Any]) -> None:
    for item in step(case["folder"], "addPointerValues.json"):
        selection = select_json_ld([item["pointer"]], case["document"])
        assert selection is not None
        assert selection[item["pointer"].lstrip("/")] == item["value"]


def test_base_transformation_and_hashes(case: dict[str, Any]) -> None:
    folder = case["folder"]
    _, _, hmac_key = material()
    loader = default_loader()
    transformed = base_proof_transformation(
        case["document"],
        mandatory_pointers=case["mandatory"],
        hmac_key=hmac_key,
        hash_algorithm=SHA256,
        loader=loader,
    )
    expected = step(folder, "addBaseTransform.json")
    assert transformed.mandatory_pointers == expected["mandatoryPointers"]
    assert transformed.mandatory == list(as_map(expected["mandatory"]).values())
    assert transformed.non_mandatory == list(as_map(expected["nonMandatory"]).values())
    assert transformed.hmac_key.hex() == expected["hmacKeyString"].lower()
    canonical = base_proof_configuration(
        step(folder, "addProofConfig.json"),
        document=case["document"],
        hash_algorithm=SHA256,
        loader=loader,
    )
    hashes = base_proof_hashing(transformed, canonical, hash_algorithm=SHA256)
    assert hashes.proof_hash.hex() == step(folder, "addHashData.json")["proofHash"]
    assert hashes.mandatory_hash.hex() == step(folder, "addHashData.json")["mandatoryHash"]


def test_base_proof_byte_for_byte(case: dict[str, Any]) -> None:
    folder = case["folder"]
    issuer_key, proof_key, hmac_key = material()
    proof = create_base_proof(
        case["document"],
        proof_options(folder),
        signer=issuer_key,
        hash_algorithm=SHA256,
        loader=default_loader(),
        mandatory_pointers=case["mandatory"],
        hmac_key=hmac_key,
        proof_key=proof_key,
    )
    raw = step(folder, "addRawBaseSignatureInfo.json")
    parsed = parse_base_proof_value(proof["proofValue"])
    assert parsed.base_signature.hex() == raw["baseSignature"]
    assert PublicKey.from_multicodec(parsed.public_key).to_multibase() == raw["publicKey"]
    assert [s.hex() for s in parsed.signatures] == raw["signatures"]
    assert parsed.mandatory_pointers == raw["mandatoryPointers"]
    signed = {**case["document"], "proof": proof}
    assert json.dumps(signed, indent=2) == step_text(folder, "addSignedSDBase.json").rstrip("\n")


# -- deriving: Add Derived Proof ---------------------------------------------------------------


def test_recovered_base_data(case: dict[str, Any]) -> None:
    folder = case["folder"]
    parsed = parse_base_proof_value(step(folder, "addSignedSDBase.json")["proof"]["proofValue"])
    expected = step(folder, "derivedRecoveredBaseData.json")
    assert parsed.base_signature.hex() == expected["baseSignature"]
    assert (
        PublicKey.from_multicodec(parsed.public_key).to_multibase() == (expected["proofPublicKey"])
    )
    assert parsed.hmac_key.hex() == expected["hmacKey"]
    assert [s.hex() for s in parsed.signatures] == expected["signatures"]
    assert parsed.mandatory_pointers == expected["mandatoryPointers"]


def test_groups(case: dict[str, Any]) -> None:
    folder = case["folder"]
    _, _, hmac_key = material()
    combined = [*case["mandatory"], *case["selective"]]
    grouping = canonicalize_and_group(
        case["document"],
        create_hmac_id_label_map_function(hmac_key, hash_algorithm=SHA256),
        {"mandatory": case["mandatory"], "selective": case["selective"], "combined": combined},
        hash_algorithm=SHA256,
        loader=default_loader(),
    )
    expected = step(folder, "derivedAllGroupData.json")
    assert grouping.nquads == expected["nquads"]
    assert sorted(grouping.label_map.values()) == sorted(as_map(expected["labelMap"]).values())
    for name, group in grouping.groups.items():
        published = expected["groups"][name]
        assert group.matching == {int(k): v for k, v in as_map(published["matching"]).items()}
        assert group.non_matching == {
            int(k): v for k, v in as_map(published["nonMatching"]).items()
        }
        assert len(group.deskolemized) == len(published["deskolemizedNQuads"])
    indexes = step(folder, "derivedGroupIndexes.json")
    assert_group_indexes(grouping, indexes)


def test_disclosure_data(case: dict[str, Any]) -> None:
    folder = case["folder"]
    base = step(folder, "addSignedSDBase.json")
    data = create_disclosure_data(
        case["document"],
        base["proof"],
        selective_pointers=case["selective"],
        loader=default_loader(),
    )
    value = data.proof_value
    published = step(folder, "derivedDisclosureData.json")
    assert value.base_signature.hex() == published["baseSignature"]
    assert PublicKey.from_multicodec(value.public_key).to_multibase() == published["publicKey"]
    assert [s.hex() for s in value.signatures] == published["signatures"]
    assert value.label_map == as_map(published["labelMap"])
    assert value.mandatory_indexes == published["mandatoryIndexes"]
    assert (
        value.mandatory_indexes
        == step(folder, "derivedAdjMandatoryIndexes.json")["adjMandatoryIndexes"]
    )
    adjusted = step(folder, "derivedAdjSignatures.json")
    assert [s.hex() for s in value.signatures] == adjusted["filteredSignatures"]
    all_signatures = parse_base_proof_value(base["proof"]["proofValue"]).signatures
    assert [all_signatures[i] for i in adjusted["adjSignatureIndexes"]] == value.signatures
    assert data.reveal_document == step(folder, "derivedUnsignedReveal.json")


def test_derived_proof_byte_for_byte(case: dict[str, Any]) -> None:
    folder = case["folder"]
    base = step(folder, "addSignedSDBase.json")
    revealed = add_derived_proof(
        case["document"],
        base["proof"],
        selective_pointers=case["selective"],
        loader=default_loader(),
    )
    text = step_text(folder, "derivedRevealDocument.json")
    assert json.dumps(revealed, indent=2) == text.rstrip("\n")


# -- verifying: Verify Derived Proof -----------------------------------------------------------


def test_verify_data(case: dict[str, Any]) -> None:
    folder = case["folder"]
    revealed = step(folder, "derivedRevealDocument.json")
    document = {key: value for key, value in revealed.items() if key != "proof"}
    parsed = parse_derived_proof_value(revealed["proof"]["proofValue"])
    published = step(folder, "verifyDerivedProofValue.json")
    assert parsed.base_signature.hex() == published["baseSignature"]
    assert PublicKey.from_multicodec(parsed.public_key).to_multibase() == published["publicKey"]
    assert [s.hex() for s in parsed.signatures] == published["signatures"]
    assert parsed.label_map == dict(published["labelMap"])
    assert parsed.mandatory_indexes == published["mandatoryIndexes"]
    data = create_verify_data(
        document, revealed["proof"], hash_algorithm=SHA256, loader=default_loader()
    )
    expected = step(folder, "verifyCreateVerifyData.json")
    assert data.base_signature.hex() == expected["baseSignature"]
    assert data.proof_hash.hex() == expected["proofHash"]
    assert PublicKey.from_multicodec(data.public_key).to_multibase() == expected["publicKey"]
    assert [s.hex() for s in data.signatures] == expected["signatures"]
    assert data.non_mandatory == expected["nonMandatory"]
    assert data.mandatory_hash.hex() == expected["mandatoryHash"]
    assert data.mandatory_hash.hex() == step(folder, "addHashData.json")["mandatoryHash"]
    # The statements the verifier canonicalizes, named through the proof's label map.
    _, nquads = label_replacement_canonicalize_json_ld(
        document,
        create_label_map_function(parsed.label_map),
        hash_algorithm=SHA256,
        loader=default_loader(),
    )
    assert nquads == step(folder, "verifyNQuads.json")


def test_derived_document_verifies(case: dict[str, Any]) -> None:
    results = verify(step(case["folder"], "derivedRevealDocument.json"))
    assert verified(results), [r.to_json() for r in results]
    assert results[0].cryptosuite == "ecdsa-sd-2023"


def test_base_document_does_not_verify(case: dict[str, Any]) -> None:
    [result] = verify(step(case["folder"], "addSignedSDBase.json"))
    assert not result.verified
    assert [p.code for p in result.problems] == ["PROOF_VERIFICATION_ERROR"]
    assert "base proof" in result.problems[0].message
