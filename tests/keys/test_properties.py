"""Properties: codecs round-trip, sign -> verify holds, any single-byte change breaks it."""

from __future__ import annotations

import contextlib
from functools import cache

from hypothesis import given
from hypothesis import strategies as st

from vcler.errors import InvalidKeyError
from vcler.keys import SIGNING_KEY_TYPES, KeyPair, PrivateKey, PublicKey

_BITS = {"P-256": 256, "P-384": 384, "P-521": 521, "secp256k1": 256}
_SIZES = {"P-256": 32, "P-384": 48, "P-521": 66, "secp256k1": 32}


@st.composite
def private_keys(draw: st.DrawFn) -> PrivateKey:
    """A reproducible private key of any signing type (EC scalars below 2^(bits-1) < n)."""
    key_type = draw(st.sampled_from(SIGNING_KEY_TYPES))
    if key_type == "Ed25519":
        return PrivateKey.from_private_bytes(key_type, draw(st.binary(min_size=32, max_size=32)))
    scalar = draw(st.integers(min_value=1, max_value=2 ** (_BITS[key_type] - 1)))
    return PrivateKey.from_private_bytes(key_type, scalar.to_bytes(_SIZES[key_type], "big"))


@cache
def _fixed_key(key_type: str) -> PrivateKey:
    return PrivateKey.generate(key_type)


@given(private_keys())
def test_multibase_multicodec_and_jwk_round_trip(key: PrivateKey) -> None:
    public = key.public_key
    assert PublicKey.from_multibase(public.to_multibase()) == public
    assert PublicKey.from_multicodec(public.to_multicodec()) == public
    assert PublicKey.from_jwk(public.to_jwk()) == public
    assert PublicKey.from_public_bytes(key.type, public.public_bytes(compressed=False)) == public
    assert PrivateKey.from_multibase(key.to_multibase()) == key
    assert PrivateKey.from_jwk(key.to_jwk()) == key
    assert PrivateKey.from_private_bytes(key.type, key.private_bytes()) == key
    # The text forms are canonical: decoding then encoding gives the same string.
    assert PublicKey.from_multibase(public.to_multibase()).to_multibase() == public.to_multibase()
    key_pair = KeyPair(key)
    assert KeyPair.from_json(key_pair.to_json()) == key_pair


@given(private_keys())
def test_ed25519_public_keys_map_to_x25519(key: PrivateKey) -> None:
    if key.type == "Ed25519":
        x25519 = key.public_key.to_x25519()
        assert x25519.type == "X25519"
        assert PublicKey.from_multibase(x25519.to_multibase()) == x25519


@given(st.sampled_from(SIGNING_KEY_TYPES), st.binary(max_size=200))
def test_sign_then_verify_holds(key_type: str, data: bytes) -> None:
    key = _fixed_key(key_type)
    signature = key.sign(data)
    assert key.public_key.verify(signature, data)


@given(
    st.sampled_from(SIGNING_KEY_TYPES),
    st.binary(min_size=1, max_size=100),
    st.integers(min_value=0),
    st.integers(min_value=1, max_value=255),
    st.booleans(),
)
def test_any_single_byte_change_breaks_verification(
    key_type: str, data: bytes, position: int, flip: int, in_signature: bool
) -> None:
    key = _fixed_key(key_type)
    signature = key.sign(data)
    if in_signature:
        changed = bytearray(signature)
        changed[position % len(changed)] ^= flip
        assert not key.public_key.verify(bytes(changed), data)
    else:
        changed = bytearray(data)
        changed[position % len(changed)] ^= flip
        assert not key.public_key.verify(signature, bytes(changed))


@given(st.sampled_from(SIGNING_KEY_TYPES), st.binary(max_size=150), st.binary(max_size=150))
def test_verify_never_raises_on_garbage(key_type: str, signature: bytes, data: bytes) -> None:
    assert _fixed_key(key_type).public_key.verify(signature, data) in (True, False)


@given(st.text(max_size=60))
def test_multibase_decoding_only_raises_invalid_key_error(value: str) -> None:
    for decode in (PublicKey.from_multibase, PrivateKey.from_multibase):
        with contextlib.suppress(InvalidKeyError):
            decode("z" + value)
