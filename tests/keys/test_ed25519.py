"""Ed25519 verification with libsodium agrees with OpenSSL, and is stricter only on purpose."""

from __future__ import annotations

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from hypothesis import given
from hypothesis import strategies as st

from vcler.keys import PrivateKey, PublicKey
from vcler.keys._ed25519 import ed25519_verify

# The order of the edwards25519 base point (RFC 8032 section 5.1).
_L = 2**252 + 27742317777372353535851937790883648493


def _openssl_verify(public_key: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def _signed(seed: bytes, message: bytes) -> tuple[bytes, bytes]:
    key = Ed25519PrivateKey.from_private_bytes(seed)
    public = PrivateKey.from_cryptography(key).public_key.public_bytes()
    return public, key.sign(message)


@given(st.binary(min_size=32, max_size=32), st.binary(max_size=300))
def test_honest_signatures_verify_in_both(seed: bytes, message: bytes) -> None:
    public, signature = _signed(seed, message)
    assert ed25519_verify(public, signature, message)
    assert _openssl_verify(public, signature, message)


@given(
    st.binary(min_size=32, max_size=32),
    st.binary(min_size=1, max_size=100),
    st.sampled_from(["signature", "message", "key"]),
    st.integers(min_value=0),
    st.integers(min_value=0, max_value=7),
)
def test_any_flipped_bit_is_refused_by_both(
    seed: bytes, message: bytes, where: str, position: int, bit: int
) -> None:
    public, signature = _signed(seed, message)
    parts = {"key": bytearray(public), "signature": bytearray(signature)}
    parts["message"] = bytearray(message)
    target = parts[where]
    target[position % len(target)] ^= 1 << bit
    args = (bytes(parts["key"]), bytes(parts["signature"]), bytes(parts["message"]))
    assert not ed25519_verify(*args)
    assert not _openssl_verify(*args)


@given(st.binary(min_size=32, max_size=32), st.binary(max_size=64))
def test_a_non_canonical_s_is_refused_by_both(seed: bytes, message: bytes) -> None:
    # S + L verifies the same equation; RFC 8032 requires S < L, and both libraries check it.
    public, signature = _signed(seed, message)
    s = int.from_bytes(signature[32:], "little") + _L
    malleated = signature[:32] + s.to_bytes(32, "little")
    assert not ed25519_verify(public, malleated, message)
    assert not _openssl_verify(public, malleated, message)


def _base_times(scalar: int) -> bytes:
    """The encoding of [scalar]B (libsodium's scalar multiplication, unclamped)."""
    from nacl.bindings import crypto_scalarmult_ed25519_base_noclamp

    return bytes(crypto_scalarmult_ed25519_base_noclamp(scalar.to_bytes(32, "little")))


def test_a_small_order_public_key_is_refused_by_libsodium_only() -> None:
    # With the identity as public key, [S]B = R + [k]A holds for R = [S]B and any message:
    # a "signature" anybody can make. OpenSSL accepts it; libsodium refuses the weak key.
    identity = (1).to_bytes(32, "little")
    s = 12345
    forged = _base_times(s) + s.to_bytes(32, "little")
    assert _openssl_verify(identity, forged, b"any message")
    assert not ed25519_verify(identity, forged, b"any message")
    assert not PublicKey.from_public_bytes("Ed25519", identity).verify(forged, b"any message")


def test_wrong_lengths_are_false_not_errors() -> None:
    public, signature = _signed(bytes(32), b"m")
    assert not ed25519_verify(public[:31], signature, b"m")
    assert not ed25519_verify(public, signature[:63], b"m")
    assert not ed25519_verify(public, signature + b"\0", b"m")
