"""Bls12381G2 keys (bbs-2023 issuers): Multikey codecs, key files, BBS signing of messages,
and public keys refused for each way a point can be wrong."""

from __future__ import annotations

import base58
import pytest

pytest.importorskip("py_arkworks_bls12381")

from py_arkworks_bls12381 import G1Point, G2Point

from vcler.errors import InvalidKeyError
from vcler.keys import KeyPair, MultiMessageSigner, PrivateKey, PublicKey, bbs
from vcler.keys.bbs import _curve

from ._points import off_curve, off_subgroup


def _mb(data: bytes) -> str:
    return "z" + base58.b58encode(data).decode()


def _off_subgroup_g2() -> bytes:
    """A compressed point of E2 (the twist) outside the prime-order subgroup."""
    return off_subgroup(G2Point, 96)


def _off_curve_g2() -> bytes:
    return off_curve(G2Point, 96)


def test_generated_keys_round_trip_and_sign_messages() -> None:
    key = KeyPair.generate("Bls12381G2")
    assert isinstance(key, MultiMessageSigner)
    assert key.type == "Bls12381G2"
    assert key.public_key_multibase.startswith("zUC7")
    assert key.controller == "did:key:" + key.public_key_multibase
    assert KeyPair.from_json(key.to_json()) == key
    secret = key.to_json()["secretKeyMultibase"]
    assert base58.b58decode(secret[1:])[:2] == b"\x8a\x26"  # bls12_381-g2-priv, 0x130a
    assert PrivateKey.from_multibase(secret) == key.private_key
    messages = [b"one", b"two", b""]
    signature = key.sign_messages(messages, header=b"header")
    public = key.public_key.public_bytes()
    assert bbs.verify(public, signature, b"header", messages)
    assert not bbs.verify(public, signature, b"header", [b"one", b"two", b"x"])
    with pytest.raises(InvalidKeyError, match="sign_messages"):
        key.sign(b"bytes")
    with pytest.raises(InvalidKeyError, match="BBS"):
        key.public_key.verify(signature, b"bytes")
    with pytest.raises(InvalidKeyError, match="Multikey"):
        key.public_key.to_jwk()
    with pytest.raises(InvalidKeyError, match="messages"):
        PrivateKey.generate("Ed25519").sign_messages([b"m"])


def test_the_w3c_vector_key_material() -> None:
    from tests.vectors import read_json

    material = read_json("di-bbs", "BBSKeyMaterial.json")
    key = PrivateKey.from_private_bytes("Bls12381G2", bytes.fromhex(material["privateKeyHex"]))
    assert key.public_key.public_bytes().hex() == material["publicKeyHex"]
    signed = read_json("di-bbs", "addSignedSDBase.json")
    method = signed["proof"]["verificationMethod"]
    assert method == f"did:key:{key.public_key.to_multibase()}#{key.public_key.to_multibase()}"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        pytest.param(lambda: _off_curve_g2(), "not on the curve", id="not-on-curve"),
        pytest.param(lambda: _off_subgroup_g2(), "not in the prime-order subgroup", id="subgroup"),
        pytest.param(lambda: b"\xc0" + bytes(95), "identity", id="identity"),
        pytest.param(lambda: b"\xe0" + bytes(95), "flag bits", id="flags"),
        pytest.param(lambda: b"\xc0" + bytes(94) + b"\x01", "non-zero bits", id="identity-bits"),
        pytest.param(
            lambda: bytes([0x80 | 0x1A]) + b"\xff" * 95, "not below p", id="coordinate-above-p"
        ),
        pytest.param(lambda: G2Point().to_compressed_bytes()[:-1], "96 bytes", id="short"),
    ],
)
def test_hostile_public_keys_are_refused(raw: object, message: str) -> None:
    data = raw()  # type: ignore[operator]
    with pytest.raises(InvalidKeyError, match=message):
        PublicKey.from_public_bytes("Bls12381G2", data)
    if len(data) == 96:
        with pytest.raises(InvalidKeyError):
            PublicKey.from_multibase(_mb(b"\xeb\x01" + data))


def test_g1_points_are_decoded_as_strictly() -> None:
    with pytest.raises(_curve.InvalidPoint) as raised:
        _curve.g1_from_octets(G1Point.identity().to_compressed_bytes())
    assert raised.value.reason == "identity"
    assert _curve.g1_from_octets(G1Point().to_compressed_bytes()) == G1Point()


@pytest.mark.parametrize("secret", [0, _curve.R, 2**256 - 1])
def test_secret_scalars_out_of_range_are_refused(secret: int) -> None:
    with pytest.raises(InvalidKeyError, match=r"1\.\.r-1"):
        PrivateKey.from_private_bytes("Bls12381G2", secret.to_bytes(32, "big"))


def test_key_gen_needs_32_bytes() -> None:
    with pytest.raises(InvalidKeyError, match="at least 32"):
        bbs.key_gen(bytes(31))
