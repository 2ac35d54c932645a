"""Published ECDSA vectors (w3c/vc-di-ecdsa): canonical forms and hashes byte for byte, every
signed document verifies, and our own (randomized) signatures verify."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from vcler.di import add_proof, get_suite
from vcler.jsonld import default_loader

from ..vectors import read_json
from ._helpers import codes, ecdsa_key, vector_files, verified, verify

# (folder, file suffix, suite, curve, unsigned document)
CASES = [
    ("ecdsa-rdfc-2019-p256", "ECDSAP256", "ecdsa-rdfc-2019", "p256", "unsigned.json"),
    ("ecdsa-rdfc-2019-p256/employ", "ECDSAP256", "ecdsa-rdfc-2019", "p256", "employmentAuth.json"),
    ("ecdsa-rdfc-2019-p384", "ECDSAP384", "ecdsa-rdfc-2019", "p384", "unsigned.json"),
    ("ecdsa-rdfc-2019-p384/employ", "ECDSAP384", "ecdsa-rdfc-2019", "p384", "employmentAuth.json"),
    ("ecdsa-jcs-2019-p256", "JCSECDSAP256", "ecdsa-jcs-2019", "p256", "unsigned.json"),
    ("ecdsa-jcs-2019-p384", "JCSECDSAP384", "ecdsa-jcs-2019", "p384", "unsigned.json"),
]
IDS = [case[0] for case in CASES]
HASHES = {"p256": "sha256", "p384": "sha384"}


def _files(folder: str, suffix: str) -> dict[str, Any]:
    return vector_files("di-ecdsa", folder, suffix)


@pytest.mark.parametrize(
    ("folder", "suffix", "suite_name", "curve", "unsigned_file"), CASES, ids=IDS
)
def test_intermediates(
    folder: str, suffix: str, suite_name: str, curve: str, unsigned_file: str
) -> None:
    files = _files(folder, suffix)
    suite = get_suite(suite_name)
    key = ecdsa_key(curve)
    hash_algorithm = suite.hash_algorithm(key.algorithm)
    assert hash_algorithm == HASHES[curve]
    unsigned = read_json("di-ecdsa", unsigned_file)
    loader = default_loader()
    transformed = suite.transformation(unsigned, hash_algorithm=hash_algorithm, loader=loader)
    assert transformed == files["canonDoc"]
    assert hashlib.new(hash_algorithm, transformed.encode()).hexdigest() == files["docHash"]
    canonical_config = suite.proof_configuration(
        files["proofConfig"], document=unsigned, hash_algorithm=hash_algorithm, loader=loader
    )
    assert canonical_config == files["proofCanon"]
    assert hashlib.new(hash_algorithm, canonical_config.encode()).hexdigest() == files["proofHash"]
    hash_data = suite.hashing(transformed, canonical_config, hash_algorithm=hash_algorithm)
    assert hash_data.hex() == files["combinedHash"]
    # The published signature is an ECDSA signature of the hash data (r || s).
    signature = bytes.fromhex(files["sigHex"])
    assert key.public_key.verify(signature, hash_data)
    assert suite.verification(hash_data, files["sigBTC58"], public_key=key.public_key)


@pytest.mark.parametrize(
    ("folder", "suffix", "suite_name", "curve", "unsigned_file"), CASES, ids=IDS
)
def test_signed_document_verifies(
    folder: str, suffix: str, suite_name: str, curve: str, unsigned_file: str
) -> None:
    signed = _files(folder, suffix)["signed"]
    results = verify(signed)
    assert verified(results), [r.to_json() for r in results]
    assert results[0].cryptosuite == suite_name


@pytest.mark.parametrize(
    ("folder", "suffix", "suite_name", "curve", "unsigned_file"), CASES, ids=IDS
)
def test_sign_then_verify(
    folder: str, suffix: str, suite_name: str, curve: str, unsigned_file: str
) -> None:
    files = _files(folder, suffix)
    unsigned = read_json("di-ecdsa", unsigned_file)
    signed = add_proof(
        unsigned, signer=ecdsa_key(curve), suite=suite_name, created=files["proofConfig"]["created"]
    )
    # Everything but the (randomized) proof value is the published document.
    expected = files["signed"]
    proof, published = dict(signed["proof"]), dict(expected["proof"])
    assert proof.pop("proofValue") != ""
    published.pop("proofValue")
    assert proof == published
    assert {k: v for k, v in signed.items() if k != "proof"} == {
        k: v for k, v in expected.items() if k != "proof"
    }
    assert verified(verify(signed))


@pytest.mark.parametrize(
    ("folder", "suffix", "suite_name", "curve", "unsigned_file"), CASES, ids=IDS
)
def test_tampered_signed_document_fails(
    folder: str, suffix: str, suite_name: str, curve: str, unsigned_file: str
) -> None:
    signed = _files(folder, suffix)["signed"]
    signed["validFrom"] = "2023-01-01T00:00:01Z" if "employ" not in folder else signed["validFrom"]
    if "employ" in folder:
        signed["credentialSubject"]["givenName"] = "JANE"
    results = verify(signed)
    assert codes(results) == {"PROOF_VERIFICATION_ERROR"}


def test_p384_proof_with_p256_key_is_refused() -> None:
    """The verification method's key fixes the curve; a P-256 key cannot verify a P-384 proof."""
    signed = _files("ecdsa-rdfc-2019-p384", "ECDSAP384")["signed"]
    p256 = ecdsa_key("p256")
    results = verify(
        signed,
        get_verification_method=lambda vm_id, *, purpose: {
            "id": vm_id,
            "type": "Multikey",
            "controller": p256.controller,
            "publicKeyMultibase": p256.public_key_multibase,
        },
    )
    assert codes(results) == {"PROOF_VERIFICATION_ERROR"}
