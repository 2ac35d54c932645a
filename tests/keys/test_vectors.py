"""Published keys and signatures: di-eddsa, di-ecdsa, proof sets, did:key JWKs and seeds."""

from __future__ import annotations

import base58
import pytest

from tests.vectors import read_json, read_text
from vcler.keys import KeyPair, PrivateKey, PublicKey

KEY_FILES = [
    ("di-eddsa", "keyPair.json"),
    ("di-ecdsa", "p256KeyPair.json"),
    ("di-ecdsa", "p384KeyPair.json"),
]

# (folder, suffix, key file) of every ecdsa-rdfc-2019 / ecdsa-jcs-2019 vector set.
ECDSA_SETS = [
    ("ecdsa-rdfc-2019-p256", "ECDSAP256", "p256KeyPair.json"),
    ("ecdsa-rdfc-2019-p256/employ", "ECDSAP256", "p256KeyPair.json"),
    ("ecdsa-rdfc-2019-p384", "ECDSAP384", "p384KeyPair.json"),
    ("ecdsa-rdfc-2019-p384/employ", "ECDSAP384", "p384KeyPair.json"),
    ("ecdsa-jcs-2019-p256", "JCSECDSAP256", "p256KeyPair.json"),
    ("ecdsa-jcs-2019-p384", "JCSECDSAP384", "p384KeyPair.json"),
]

EDDSA_SETS = [
    ("eddsa-rdfc-2022", "DataInt"),
    ("eddsa-rdfc-2022/employ", "DataInt"),
    ("eddsa-jcs-2022", "JCS"),
    ("Ed25519Signature2020", "EdSig"),
]


def _all_published_key_files() -> list[dict[str, str]]:
    files = [read_json(*parts) for parts in KEY_FILES]
    files += list(read_json("di-eddsa", "proof-set-chain", "multiKeyPairs.json").values())
    return files


def _hex(*parts: str) -> bytes:
    return bytes.fromhex(read_text(*parts).strip())


@pytest.mark.parametrize("index", range(7))
def test_published_key_files_round_trip_byte_for_byte(index: int) -> None:
    published = _all_published_key_files()[index]
    key_pair = KeyPair.from_json(published)
    assert key_pair.can_sign
    written = key_pair.to_json()
    assert written["publicKeyMultibase"] == published["publicKeyMultibase"]
    secret = published.get("secretKeyMultibase", published.get("privateKeyMultibase"))
    assert written["secretKeyMultibase"] == secret
    # The secret really belongs to the public key.
    assert key_pair.private_key is not None
    assert key_pair.private_key.public_key.to_multibase() == published["publicKeyMultibase"]
    # A did:key by default.
    mb = published["publicKeyMultibase"]
    assert key_pair.controller == f"did:key:{mb}"
    assert key_pair.id == f"did:key:{mb}#{mb}"


def test_published_key_types() -> None:
    types = [KeyPair.from_json(k).algorithm for k in _all_published_key_files()]
    assert types == ["Ed25519", "P-256", "P-384"] + ["Ed25519"] * 4


@pytest.mark.parametrize(("folder", "suffix"), EDDSA_SETS)
def test_ed25519_signature_matches_published_bytes(folder: str, suffix: str) -> None:
    key_pair = KeyPair.from_json(read_json("di-eddsa", "keyPair.json"))
    data = _hex("di-eddsa", folder, f"combinedHash{suffix}.txt")
    expected = _hex("di-eddsa", folder, f"sigHex{suffix}.txt")
    assert key_pair.sign(data) == expected
    assert key_pair.verify(expected, data)
    proof_value = read_text("di-eddsa", folder, f"sigBTC58{suffix}.txt").strip()
    assert proof_value == "z" + base58.b58encode(expected).decode()


@pytest.mark.parametrize(("folder", "suffix", "key_file"), ECDSA_SETS)
def test_published_ecdsa_signatures_verify(folder: str, suffix: str, key_file: str) -> None:
    key_pair = KeyPair.from_json(read_json("di-ecdsa", key_file))
    data = _hex("di-ecdsa", folder, f"combinedHash{suffix}.txt")
    signature = _hex("di-ecdsa", folder, f"sigHex{suffix}.txt")
    assert len(signature) == {"P-256": 64, "P-384": 96}[key_pair.algorithm]
    assert key_pair.verify(signature, data)
    # Verify-only key pairs (the public half alone) accept it too.
    public_only = KeyPair(key_pair.public_key)
    assert public_only.verify(signature, data)
    # The signed bytes are combinedHash itself (hashed again by ECDSA), not its hash.
    assert not key_pair.verify(signature, data[:-1])
    assert not key_pair.verify(signature[:-1] + bytes([signature[-1] ^ 1]), data)


@pytest.mark.parametrize(("folder", "suffix", "key_file"), ECDSA_SETS[:1] + ECDSA_SETS[2:3])
def test_our_ecdsa_signatures_verify_and_are_deterministic(
    folder: str, suffix: str, key_file: str
) -> None:
    key_pair = KeyPair.from_json(read_json("di-ecdsa", key_file))
    data = _hex("di-ecdsa", folder, f"combinedHash{suffix}.txt")
    signature = key_pair.sign(data)
    assert key_pair.verify(signature, data)
    assert key_pair.sign(data) == signature  # RFC 6979


def _did_key_entries(name: str) -> list[tuple[str, dict]]:
    return list(read_json("did-key", name).items())


@pytest.mark.parametrize("index", range(5))
def test_ed25519_seeds_give_the_published_keys_and_x25519(index: int) -> None:
    did, entry = _did_key_entries("ed25519-x25519.json")[index]
    key = PrivateKey.from_private_bytes("Ed25519", bytes.fromhex(entry["seed"]))
    assert did == "did:key:" + key.public_key.to_multibase()
    x25519 = key.public_key.to_x25519()
    verification, agreement = entry["verificationKeyPair"], entry["keyAgreementKeyPair"]
    if "publicKeyJwk" in verification:  # the last entry uses JsonWebKey2020
        assert PrivateKey.from_jwk(verification["privateKeyJwk"]) == key
        assert key.to_jwk() == verification["privateKeyJwk"]
        assert x25519.to_jwk() == agreement["publicKeyJwk"]
    else:
        published = base58.b58decode(verification["publicKeyBase58"])
        assert key.public_key.public_bytes() == published
        assert x25519.public_bytes() == base58.b58decode(agreement["publicKeyBase58"])
    assert agreement["id"].endswith("#" + x25519.to_multibase())


@pytest.mark.parametrize("index", range(7))
def test_nist_curve_jwks_match_their_did(index: int) -> None:
    did, entry = _did_key_entries("nist-curves.json")[index]
    method = entry["verificationMethod"]
    if "privateKeyJwk" not in method:  # the P256Key2021 entry: base58 compressed keys
        public = PublicKey.from_public_bytes("P-256", base58.b58decode(method["publicKeyBase58"]))
        secret = PrivateKey.from_private_bytes(
            "P-256", base58.b58decode(method["privateKeyBase58"])
        )
        assert secret.public_key == public
    else:
        secret = PrivateKey.from_jwk(method["privateKeyJwk"])
        public = PublicKey.from_jwk(method["publicKeyJwk"])
        assert secret.public_key == public
        assert public.to_jwk() == method["publicKeyJwk"]
        assert secret.to_jwk() == method["privateKeyJwk"]
    assert did == "did:key:" + public.to_multibase()


@pytest.mark.parametrize("index", range(6))
def test_secp256k1_seeds_and_jwks_match_their_did(index: int) -> None:
    did, entry = _did_key_entries("secp256k1.json")[index]
    method = entry["verificationKeyPair"]
    if "privateKeyJwk" in method:
        public = PrivateKey.from_jwk(method["privateKeyJwk"]).public_key
        assert public.to_jwk() == method["publicKeyJwk"]
    else:
        raw = base58.b58decode(method["publicKeyBase58"])
        public = PublicKey.from_public_bytes("secp256k1", raw)
        secret = PrivateKey.from_private_bytes(
            "secp256k1", base58.b58decode(method["privateKeyBase58"])
        )
        assert secret.public_key == public
    assert did == "did:key:" + public.to_multibase()
    # A public-only secp256k1 key still verifies its own signatures.
    key = KeyPair.from_multibase(public=public.to_multibase())
    assert not key.can_sign
