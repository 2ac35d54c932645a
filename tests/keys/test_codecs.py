"""Multikey and JWK codecs: what they accept, and a clear InvalidKeyError for what they refuse."""

from __future__ import annotations

import base58
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import given
from hypothesis import strategies as st

from vcler.errors import InvalidKeyError
from vcler.keys import KeyPair, PrivateKey, PublicKey
from vcler.keys.encoding import (
    b64url_decode,
    multibase_b58_decode,
    varint_decode,
    varint_encode,
)

ED25519_MB = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
P256_MB = "zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP"
P256_SECRET_MB = "z42twTcNeSYcnqg1FLuSFs2bsGH3ZqbRHFmvS9XMsYhjxvHN"


def _mb(data: bytes) -> str:
    return "z" + base58.b58encode(data).decode()


def _off_curve_p256_x() -> bytes:
    """A 32-byte x for which 02||x is not a P-256 point (about half of all x qualify)."""
    for x in range(1, 100):
        candidate = x.to_bytes(32, "big")
        try:
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b"\x02" + candidate)
        except ValueError:
            return candidate
    raise AssertionError("no off-curve x found")


# -- varint -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "encoded"),
    [(0xED, b"\xed\x01"), (0x1200, b"\x80\x24"), (0x1306, b"\x86\x26"), (0x7F, b"\x7f")],
)
def test_varint_known_encodings(number: int, encoded: bytes) -> None:
    assert varint_encode(number) == encoded
    assert varint_decode(encoded + b"rest") == (number, len(encoded))


@pytest.mark.parametrize("data", [b"\x80", b"\xed\x00", b"\xff" * 10, b""])
def test_varint_refuses_truncated_non_minimal_and_long(data: bytes) -> None:
    with pytest.raises(InvalidKeyError):
        varint_decode(data)


# -- Multikey -----------------------------------------------------------------------------------


def test_multikey_prefixes_are_the_known_ones() -> None:
    for key_type, prefix in [("Ed25519", "z6Mk"), ("P-256", "zDna"), ("P-384", "z82L")]:
        assert PrivateKey.generate(key_type).public_key.to_multibase().startswith(prefix)
    # Secret keys: Ed25519 0x1300 (z3u2), P-256 0x1306 (z42t, or z42u for about one key in
    # a hundred: the key's own leading bytes carry into the fourth digit), P-384 0x1307 (z2fa).
    for key_type, code in [("Ed25519", 0x1300), ("P-256", 0x1306), ("P-384", 0x1307)]:
        encoded = PrivateKey.generate(key_type).to_multibase()
        header = varint_encode(code)
        assert multibase_b58_decode(encoded, max_bytes=64)[: len(header)] == header
    assert PrivateKey.generate("Ed25519").to_multibase().startswith("z3u2")
    assert PrivateKey.generate("P-256").to_multibase()[:4] in {"z42t", "z42u"}
    assert PrivateKey.generate("P-384").to_multibase().startswith("z2fa")


def test_ec_points_are_compressed_and_decompress() -> None:
    key = PublicKey.from_multibase(P256_MB)
    raw = base58.b58decode(P256_MB[1:])
    assert raw[:2] == b"\x80\x24" and len(raw) == 35 and raw[2] in (2, 3)
    assert key.public_bytes() == raw[2:]
    uncompressed = key.public_bytes(compressed=False)
    assert len(uncompressed) == 65 and uncompressed[0] == 4
    assert PublicKey.from_public_bytes("P-256", uncompressed) == key


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("u7QE", "start with 'z'"),
        ("", "non-empty"),
        ("z0OIl", "not valid base58btc"),
        (_mb(b"\x99\x99\x03" + bytes(32)), "unknown multicodec"),
        (_mb(b"\xed\x01" + bytes(31)), "must hold 32 key bytes, not 31"),
        (_mb(b"\xed\x01" + bytes(33)), "must hold 32 key bytes, not 33"),
        (_mb(b"\x80\x24" + b"\x04" + bytes(64)), "must hold 33 key bytes, not 65"),
        (_mb(b"\xea\x01" + bytes(48)), "bls12_381-g1-pub key, which vcler does not support"),
        (_mb(b"\x80\x24\x02" + _off_curve_p256_x()), "not on the curve"),
        (_mb(b"\x80\x24\x05" + bytes(32)), "not on the curve"),
        (P256_SECRET_MB, "holds a secret key"),
        (_mb(b"\xed\x01" + (2**255 - 19).to_bytes(32, "little")), "not on the curve"),
    ],
)
def test_public_multibase_errors(value: str, message: str) -> None:
    with pytest.raises(InvalidKeyError, match=message):
        PublicKey.from_multibase(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (P256_MB, "expected a secret key"),
        (_mb(b"\x86\x26" + bytes(32)), "scalar out of range"),
        (_mb(b"\x86\x26" + b"\xff" * 32), "scalar out of range"),
        (_mb(b"\x80\x26" + bytes(48)), "ed25519-priv.*32 or 64 key bytes, not 48"),
        (_mb(b"\x82\x26" + bytes(32)), "x25519-priv key, which vcler does not support"),
    ],
)
def test_secret_multibase_errors(value: str, message: str) -> None:
    with pytest.raises(InvalidKeyError, match=message):
        PrivateKey.from_multibase(value)


def test_ed25519_secret_as_seed_and_public_is_accepted() -> None:
    key = PrivateKey.generate("Ed25519")
    seed, public = key.private_bytes(), key.public_key.public_bytes()
    assert PrivateKey.from_multibase(_mb(b"\x80\x26" + seed + public)) == key
    other = PrivateKey.generate("Ed25519").public_key.public_bytes()
    with pytest.raises(InvalidKeyError, match="does not match"):
        PrivateKey.from_multibase(_mb(b"\x80\x26" + seed + other))


def test_public_only_types_cannot_sign() -> None:
    for key_type in ("X25519",):
        with pytest.raises(InvalidKeyError, match="cannot sign"):
            PrivateKey.generate(key_type)
    with pytest.raises(InvalidKeyError, match="unknown key type"):
        PrivateKey.generate("RSA")
    x25519 = PrivateKey.generate("Ed25519").public_key.to_x25519()
    with pytest.raises(InvalidKeyError, match="key agreement"):
        x25519.verify(bytes(64), b"data")
    with pytest.raises(InvalidKeyError):
        PublicKey.from_multibase(P256_MB).to_x25519()


def test_p521_x25519_secp256k1_public_multikeys_round_trip() -> None:
    for key_type in ("P-521", "secp256k1"):
        public = PrivateKey.generate(key_type).public_key
        assert PublicKey.from_multibase(public.to_multibase()) == public
        assert len(public.public_bytes()) == {"P-521": 67, "secp256k1": 33}[key_type]
    x25519 = PublicKey.from_multibase(ED25519_MB).to_x25519()
    assert x25519.to_multibase().startswith("z6LS")
    assert PublicKey.from_multibase(x25519.to_multibase()) == x25519


# -- JWK ----------------------------------------------------------------------------------------


def test_b64url_is_strict() -> None:
    assert b64url_decode("AQAB", max_bytes=3) == b"\x01\x00\x01"
    assert b64url_decode("AQ==", max_bytes=1) == b"\x01"  # padding tolerated
    for bad in ("AQ+B", "A", "AR", 5):
        with pytest.raises(InvalidKeyError):
            b64url_decode(bad, max_bytes=3)


@pytest.mark.parametrize(
    ("jwk", "message"),
    [
        ({"kty": "RSA", "n": "AQAB", "e": "AQAB"}, "unsupported JWK"),
        ({"kty": "OKP", "crv": "Ed448", "x": "AA"}, "unsupported JWK"),
        ({"kty": "OKP", "crv": "Ed25519"}, "lacks the 'x' member"),
        ({"kty": "OKP", "crv": "Ed25519", "x": "AAAA"}, "must be 32 bytes"),
        ({"kty": "EC", "crv": "P-256", "x": "A" * 43}, "lacks the 'y' member"),
        ({"kty": "EC", "crv": "P-256", "x": "A" * 43, "y": "A" * 43}, "not on the curve"),
        ("not a dict", "JSON object"),
    ],
)
def test_jwk_errors(jwk: object, message: str) -> None:
    with pytest.raises(InvalidKeyError, match=message):
        PublicKey.from_jwk(jwk)  # type: ignore[arg-type]


def test_jwk_alg_must_fit_the_key() -> None:
    jwk = PrivateKey.generate("P-256").public_key.to_jwk()
    assert PublicKey.from_jwk({**jwk, "alg": "ES256", "kid": "x", "use": "sig"})
    with pytest.raises(InvalidKeyError, match="does not fit"):
        PublicKey.from_jwk({**jwk, "alg": "ES384"})


def test_private_jwk_members_must_agree() -> None:
    jwk = PrivateKey.generate("P-384").to_jwk()
    other = PrivateKey.generate("P-384").to_jwk()
    with pytest.raises(InvalidKeyError, match="do not match"):
        PrivateKey.from_jwk({**jwk, "d": other["d"]})
    with pytest.raises(InvalidKeyError, match="no 'd'"):
        PrivateKey.from_jwk(PrivateKey.generate("Ed25519").public_key.to_jwk())
    ed = PrivateKey.generate("Ed25519").to_jwk()
    assert set(ed) == {"kty", "crv", "x", "d"} and ed["kty"] == "OKP"


def test_key_objects_do_not_show_secrets() -> None:
    key = KeyPair.generate("P-256")
    assert key.private_key is not None
    secret = key.private_key.to_multibase()
    for text in (repr(key), repr(key.private_key), str(key)):
        assert secret not in text and key.private_key.to_jwk()["d"] not in text


def test_cryptography_objects_round_trip() -> None:
    key = PrivateKey.generate("P-384")
    assert PrivateKey.from_cryptography(key.to_cryptography()) == key
    public = key.public_key
    assert PublicKey.from_cryptography(public.to_cryptography()) == public
    with pytest.raises(InvalidKeyError):
        PublicKey.from_cryptography(object())
    with pytest.raises(InvalidKeyError):
        PrivateKey.from_cryptography(ec.generate_private_key(ec.SECP224R1()))


@given(st.binary(max_size=80))
def test_base58btc_matches_the_reference_library(data: bytes) -> None:
    from vcler.keys.encoding import base58btc_decode, base58btc_encode

    text = base58btc_encode(data)
    assert text == base58.b58encode(data).decode("ascii")
    assert base58btc_decode(text, max_bytes=len(data)) == data


@pytest.mark.parametrize("text", ["0", "O", "I", "l", "z+", "é"])
def test_base58btc_refuses_characters_outside_the_alphabet(text: str) -> None:
    from vcler.keys.encoding import base58btc_decode

    with pytest.raises(ValueError):
        base58btc_decode(text, max_bytes=8)


@given(st.text(alphabet="123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz", max_size=60))
def test_base58btc_decodes_any_text_as_the_reference_library(text: str) -> None:
    # Any text, not only the encoder's: leading zero digits, every length around the
    # ten-digit steps the decoder reads in.
    from vcler.keys.encoding import base58btc_decode

    assert base58btc_decode(text, max_bytes=64) == base58.b58decode(text)


@pytest.mark.parametrize("text", ["ÿ", "\x7f", "1" * 5 + "\x00", "2" * 11 + "0"])
def test_base58btc_refuses_bytes_the_digit_table_marks(text: str) -> None:
    from vcler.keys.encoding import base58btc_decode

    with pytest.raises(ValueError, match="not a base58btc character"):
        base58btc_decode(text, max_bytes=64)
