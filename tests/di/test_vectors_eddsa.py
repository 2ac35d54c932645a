"""Published EdDSA vectors (w3c/vc-di-eddsa): every intermediate reproduced byte for byte."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from vcler.di import add_proof, get_suite
from vcler.jsonld import default_loader
from vcler.keys import KeyPair

from ..vectors import read_json
from ._helpers import codes, eddsa_key, vector_files, verified, verify

# (folder, file suffix, suite, unsigned document)
CASES = [
    ("eddsa-rdfc-2022", "DataInt", "eddsa-rdfc-2022", "unsigned.json"),
    ("eddsa-rdfc-2022/employ", "DataInt", "eddsa-rdfc-2022", "employmentAuth.json"),
    ("eddsa-jcs-2022", "JCS", "eddsa-jcs-2022", "unsigned.json"),
    ("Ed25519Signature2020", "EdSig", "Ed25519Signature2020", "unsigned.json"),
]
IDS = [case[0] for case in CASES]


def _files(folder: str, suffix: str) -> dict[str, Any]:
    return vector_files("di-eddsa", folder, suffix)


def _input_document(suite_name: str, unsigned: dict[str, Any], config: dict[str, Any]) -> dict:
    """The document as the suite secures it (Ed25519Signature2020 adds its context)."""
    if suite_name == "Ed25519Signature2020":
        return {**unsigned, "@context": config["@context"]}
    return unsigned


@pytest.mark.parametrize(("folder", "suffix", "suite_name", "unsigned_file"), CASES, ids=IDS)
def test_intermediates(folder: str, suffix: str, suite_name: str, unsigned_file: str) -> None:
    files = _files(folder, suffix)
    suite = get_suite(suite_name)
    unsigned = read_json("di-eddsa", unsigned_file)
    document = _input_document(suite_name, unsigned, files["proofConfig"])
    loader = default_loader()
    # Transformation
    transformed = suite.transformation(document, hash_algorithm="sha256", loader=loader)
    assert transformed == files["canonDoc"]
    assert hashlib.sha256(transformed.encode()).hexdigest() == files["docHash"]
    # Proof configuration
    canonical_config = suite.proof_configuration(
        files["proofConfig"], document=document, hash_algorithm="sha256", loader=loader
    )
    assert canonical_config == files["proofCanon"]
    assert hashlib.sha256(canonical_config.encode()).hexdigest() == files["proofHash"]
    # Hashing
    hash_data = suite.hashing(transformed, canonical_config, hash_algorithm="sha256")
    assert hash_data.hex() == files["combinedHash"]
    # Proof serialization
    key = eddsa_key()
    assert key.sign(hash_data).hex() == files["sigHex"]
    assert suite.serialization(hash_data, signer=key) == files["sigBTC58"]


@pytest.mark.parametrize(("folder", "suffix", "suite_name", "unsigned_file"), CASES, ids=IDS)
def test_signed_document(folder: str, suffix: str, suite_name: str, unsigned_file: str) -> None:
    files = _files(folder, suffix)
    unsigned = read_json("di-eddsa", unsigned_file)
    signed = add_proof(
        unsigned,
        signer=eddsa_key(),
        suite=suite_name,
        created=files["proofConfig"]["created"],
    )
    assert signed == files["signed"]
    assert signed["proof"]["proofValue"] == files["sigBTC58"]
    assert unsigned == read_json("di-eddsa", unsigned_file)  # input untouched


@pytest.mark.parametrize(("folder", "suffix", "suite_name", "unsigned_file"), CASES, ids=IDS)
def test_signed_document_verifies(
    folder: str, suffix: str, suite_name: str, unsigned_file: str
) -> None:
    results = verify(_files(folder, suffix)["signed"])
    assert verified(results), [r.to_json() for r in results]
    assert results[0].pointer == "/proof"
    assert results[0].type == _files(folder, suffix)["signed"]["proof"]["type"]


# -- proof sets and chains --------------------------------------------------------------------


def _set_chain_key(number: int) -> KeyPair:
    pair = read_json("di-eddsa", "proof-set-chain", "multiKeyPairs.json")[f"keyPair{number}"]
    return KeyPair.from_multibase(
        public=pair["publicKeyMultibase"], secret=pair["privateKeyMultibase"]
    )


def _add(document: dict[str, Any], config_name: str, key: int) -> dict[str, Any]:
    config = read_json("di-eddsa", "proof-set-chain", config_name)
    return add_proof(
        document,
        signer=_set_chain_key(key),
        suite=config["cryptosuite"],
        created=config["created"],
        proof_id=config.get("id"),
        previous_proof=config.get("previousProof"),
    )


def _vector(name: str) -> Any:
    return read_json("di-eddsa", "proof-set-chain", name)


def test_proof_set_and_chain_reproduced() -> None:
    unsigned = _vector("unsigned.json")
    set1 = _add(unsigned, "proofSetConfig1.json", 1)
    assert set1 == _vector("signedProofSet1.json")
    assert set1["proof"] == _vector("proofSetConfigSigned1.json")
    set2 = _add(set1, "proofSetConfig2.json", 2)
    assert set2 == _vector("signedProofSet2.json")
    assert set2["proof"][1] == _vector("proofSetConfigSigned2.json")
    chain1 = _add(set2, "proofChainConfig1.json", 3)
    assert chain1 == _vector("signedProofChain1.json")
    assert chain1["proof"][2] == _vector("proofChainConfigSigned1.json")
    chain2 = _add(chain1, "proofChainConfig2.json", 4)
    assert chain2 == _vector("signedProofChain2.json")
    assert chain2["proof"][3] == _vector("proofChainConfigSigned2.json")


def test_chain_proof_covers_the_temp_document() -> None:
    """The chained proof is the proof of the intermediate document holding its previous proofs."""
    config = _vector("proofChainConfig1.json")
    temp = _vector("proofChainTempDoc1.json")
    chained = add_proof(
        {key: value for key, value in temp.items() if key != "proof"},
        signer=_set_chain_key(3),
        created=config["created"],
        proof_id=config["id"],
    )
    # The same signature cannot come from a document without the previous proofs...
    assert chained["proof"]["proofValue"] != _vector("proofChainConfigSigned1.json")["proofValue"]
    # ...while the published temp document (previous proofs attached) yields it exactly.
    suite = get_suite("eddsa-rdfc-2022")
    loader = default_loader()
    transformed = suite.transformation(temp, hash_algorithm="sha256", loader=loader)
    options = {k: v for k, v in config.items()}
    canonical = suite.proof_configuration(
        options, document=temp, hash_algorithm="sha256", loader=loader
    )
    signature = suite.serialization(
        suite.hashing(transformed, canonical, hash_algorithm="sha256"), signer=_set_chain_key(3)
    )
    assert signature == _vector("proofChainConfigSigned1.json")["proofValue"]


@pytest.mark.parametrize(
    "name",
    [
        "signedProofSet1.json",
        "signedProofSet2.json",
        "signedProofChain1.json",
        "signedProofChain2.json",
    ],
)
def test_proof_set_and_chain_vectors_verify(name: str) -> None:
    results = verify(_vector(name))
    assert verified(results), [r.to_json() for r in results]
    count = 1 if name == "signedProofSet1.json" else len(_vector(name)["proof"])
    assert len(results) == count


def test_chain_fails_when_a_covered_proof_is_removed() -> None:
    document = _vector("signedProofChain2.json")
    del document["proof"][0]  # the chain's first link named this proof
    results = verify(document)
    assert not results[1].verified  # previousProof now names a missing proof
    assert "MALFORMED_PROOF_ERROR" in codes([results[1]])
    assert not results[2].verified  # chains to the failed proof
    assert results[0].verified


def test_chain_fails_when_a_covered_proof_is_tampered() -> None:
    document = _vector("signedProofChain1.json")
    document["proof"][0]["created"] = "2023-02-24T23:36:39Z"
    results = verify(document)
    assert [r.verified for r in results] == [False, True, False]
    assert results[2].problems[0].code == "PROOF_VERIFICATION_ERROR"


def test_tampered_vector_fails() -> None:
    document = read_json("di-eddsa", "eddsa-rdfc-2022", "signedDataInt.json")
    document["credentialSubject"]["alumniOf"] = "The School of Counterexamples"
    results = verify(document)
    assert not results[0].verified
    assert codes(results) == {"PROOF_VERIFICATION_ERROR"}
    assert results[0].problems[0].pointer == "/proof/proofValue"
