"""The BBS Signature Scheme against every fixture of the IRTF draft (both ciphersuites): key
pair, hash_to_scalar, messages_to_scalars, generators, mocked random scalars, signatures
(deterministic: byte for byte) and proofs (deterministic under the mocked random scalars: byte
for byte), each invalid case refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.vectors import read_json, vector_path

pytest.importorskip("py_arkworks_bls12381")

from vcler.keys import bbs
from vcler.keys.bbs import ciphersuites

DRAFT = ("di-bbs", "bbs-signatures-draft")
SUITES = {
    "bls12-381-sha-256": bbs.BLS12_381_SHA_256,
    "bls12-381-shake-256": bbs.BLS12_381_SHAKE_256,
}


def _read(folder: str, *parts: str) -> Any:
    return read_json(*DRAFT, folder, *parts)


def _cases(kind: str) -> list[Any]:
    return [
        pytest.param(folder, path.name, id=f"{folder}/{path.stem}")
        for folder in SUITES
        for path in sorted(vector_path(*DRAFT, folder, kind).glob("*.json"))
    ]


def _mocked(folder: str) -> Any:
    rng = _read(folder, "mockedRng.json")
    suite = SUITES[folder]

    def random_scalars(count: int) -> list[int]:
        return bbs.seeded_random_scalars(
            suite, bytes.fromhex(rng["seed"]), bytes.fromhex(rng["dst"]), count
        )

    return random_scalars


@pytest.mark.parametrize("folder", SUITES)
def test_key_pair(folder: str) -> None:
    case = _read(folder, "keypair.json")
    suite = SUITES[folder]
    secret = bbs.key_gen(
        bytes.fromhex(case["keyMaterial"]),
        bytes.fromhex(case["keyInfo"]),
        bytes.fromhex(case["keyDst"]),
        suite=suite,
    )
    assert secret.to_bytes(32, "big").hex() == case["keyPair"]["secretKey"]
    assert bbs.sk_to_pk(secret).hex() == case["keyPair"]["publicKey"]


@pytest.mark.parametrize("folder", SUITES)
def test_hash_to_scalar_and_messages_to_scalars(folder: str) -> None:
    suite = SUITES[folder]
    case = _read(folder, "h2s.json")
    scalar = bbs.hash_to_scalar(suite, bytes.fromhex(case["message"]), bytes.fromhex(case["dst"]))
    assert scalar.to_bytes(32, "big").hex() == case["scalar"]
    mapped = _read(folder, "MapMessageToScalarAsHash.json")
    assert bytes.fromhex(mapped["dst"]) == suite.api_id + b"MAP_MSG_TO_SCALAR_AS_HASH_"
    scalars = bbs.messages_to_scalars(
        suite, [bytes.fromhex(c["message"]) for c in mapped["cases"]], api_id=suite.api_id
    )
    assert [s.to_bytes(32, "big").hex() for s in scalars] == [c["scalar"] for c in mapped["cases"]]


@pytest.mark.parametrize("folder", SUITES)
def test_generators(folder: str) -> None:
    suite = SUITES[folder]
    case = _read(folder, "generators.json")
    assert suite.p1.to_compressed_bytes().hex() == case["P1"]
    count = 1 + len(case["MsgGenerators"])
    generators = bbs.create_generators(suite, count, api_id=suite.api_id)
    assert [g.to_compressed_bytes().hex() for g in generators] == [
        case["Q1"],
        *case["MsgGenerators"],
    ]
    # A shorter list is a prefix of the longer one (the cached blocks are reused).
    assert bbs.create_generators(suite, 3, api_id=suite.api_id) == generators[:3]


@pytest.mark.parametrize("folder", SUITES)
def test_mocked_random_scalars(folder: str) -> None:
    case = _read(folder, "mockedRng.json")
    scalars = _mocked(folder)(case["count"])
    assert [s.to_bytes(32, "big").hex() for s in scalars] == case["mockedScalars"]


@pytest.mark.parametrize(("folder", "name"), _cases("signature"))
def test_signature_fixture(folder: str, name: str) -> None:
    suite = SUITES[folder]
    case = _read(folder, "signature", name)
    public_key = bytes.fromhex(case["signerKeyPair"]["publicKey"])
    header = bytes.fromhex(case["header"])
    messages = [bytes.fromhex(m) for m in case["messages"]]
    signature = bytes.fromhex(case["signature"])
    assert (
        bbs.verify(public_key, signature, header, messages, suite=suite) is case["result"]["valid"]
    )
    if case["result"]["valid"]:
        secret = int(case["signerKeyPair"]["secretKey"], 16)
        assert bbs.sign(secret, public_key, header, messages, suite=suite) == signature


@pytest.mark.parametrize(("folder", "name"), _cases("proof"))
def test_proof_fixture(folder: str, name: str) -> None:
    suite = SUITES[folder]
    case = _read(folder, "proof", name)
    public_key = bytes.fromhex(case["signerPublicKey"])
    header = bytes.fromhex(case["header"])
    presentation_header = bytes.fromhex(case["presentationHeader"])
    messages = [bytes.fromhex(m) for m in case["messages"]]
    indexes = case["disclosedIndexes"]
    proof = bytes.fromhex(case["proof"])
    disclosed = [messages[i] for i in indexes]
    verified = bbs.proof_verify(
        public_key, proof, header, presentation_header, disclosed, indexes, suite=suite
    )
    assert verified is case["result"]["valid"]
    if case["result"]["valid"]:
        made = bbs.proof_gen(
            public_key,
            bytes.fromhex(case["signature"]),
            header,
            presentation_header,
            messages,
            indexes,
            suite=suite,
            random_scalars=_mocked(folder),
        )
        assert made.hex() == case["proof"]


def test_every_fixture_is_read() -> None:
    # Both ciphersuites' ten signature and fifteen proof fixtures (a new file shows here).
    folder = vector_path(*DRAFT)
    assert sorted(p.name for p in folder.iterdir() if p.is_dir()) == sorted(SUITES)
    for suite in SUITES:
        assert len(list(Path(folder, suite, "signature").glob("*.json"))) == 10
        assert len(list(Path(folder, suite, "proof").glob("*.json"))) == 15


def test_serialize_refuses_what_it_cannot_write() -> None:
    with pytest.raises(ValueError, match="cannot serialize"):
        ciphersuites.serialize([2**64])
