"""Key objects over pyca/cryptography: :class:`PublicKey` and :class:`PrivateKey`.

Signatures are raw bytes: Ed25519 signs the message bytes as given (RFC 8032, 64-byte
signature); ECDSA hashes the message with the curve's hash (P-256 and secp256k1: SHA-256,
P-384: SHA-384, P-521: SHA-512) and returns IEEE P1363 ``r || s``, each half the field size.

A ``Bls12381G2`` key (a BLS12-381 G2 public key and its scalar) signs a list of messages with
a header, not one byte string: BBS ``Sign`` (:meth:`PrivateKey.sign_messages`,
:mod:`vcler.keys.bbs`). Its points are checked with arkworks (the extra ``vcler[bbs]``).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, x25519
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from ..errors import InvalidKeyError
from ._curves import (
    EC_CURVES,
    SIGNING_KEY_TYPES,
    KeyType,
    check_key_type,
    ed25519_point_is_valid,
    ed25519_public_to_x25519,
)
from ._ed25519 import ed25519_verify
from .bbs import BLS12_381_SHA_256, BbsEncodingError, key_gen, octets_to_pubkey, sk_to_pk
from .bbs import sign as bbs_sign
from .encoding import multibase_b58_decode, multibase_b58_encode, varint_decode, varint_encode
from .jwk import jwk_fields, make_jwk
from .multicodec import MAX_MULTIKEY_BYTES, KeyCodec, codec_by_code, codec_for

__all__ = ["PrivateKey", "PublicKey", "decode_multicodec"]

PublicKeyObject = ed25519.Ed25519PublicKey | x25519.X25519PublicKey | ec.EllipticCurvePublicKey
PrivateKeyObject = ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey

_RAW = serialization.Encoding.Raw
_X962 = serialization.Encoding.X962
_COMPRESSED = serialization.PublicFormat.CompressedPoint
_UNCOMPRESSED = serialization.PublicFormat.UncompressedPoint
_BLS = "Bls12381G2"


def _bls_public(data: bytes) -> bytes:
    """A BLS12-381 G2 public key's 96 bytes, checked (on the curve, in the subgroup, not the
    identity)."""
    if len(data) != 96:
        raise InvalidKeyError(f"a Bls12381G2 public key is 96 bytes, not {len(data)}")
    try:
        octets_to_pubkey(data)
    except BbsEncodingError as error:
        raise InvalidKeyError(f"not a valid Bls12381G2 public key: {error.message}") from error
    return data


def _bls_secret(data: bytes) -> int:
    if len(data) != 32:
        raise InvalidKeyError(f"a Bls12381G2 secret key is 32 bytes, not {len(data)}")
    return int.from_bytes(data, "big")


def decode_multicodec(data: bytes, *, what: str = "key") -> tuple[KeyCodec, bytes]:
    """The key codec and the raw key bytes of ``varint(code) || key``.

    Raises :class:`InvalidKeyError` for an unknown or unsupported code and for a key of the
    wrong length.

    Spec: https://www.w3.org/TR/cid-1.0/#Multikey
    """
    # Step 1: the varint header is the multicodec code.
    code, header = varint_decode(data)
    codec = codec_by_code(code)
    if codec is None:
        raise InvalidKeyError(f"{what} has unknown multicodec 0x{code:x}")
    if not codec.supported:
        raise InvalidKeyError(f"{what} is a {codec.name} key, which vcler does not support")
    # Step 2: the rest is the raw key, of a length fixed by the codec.
    raw = data[header:]
    if len(raw) not in codec.lengths:
        expected = " or ".join(str(n) for n in codec.lengths)
        raise InvalidKeyError(
            f"{what} ({codec.name}) must hold {expected} key bytes, not {len(raw)}"
        )
    return codec, raw


def _decode_multibase(value: str, *, secret: bool, what: str) -> tuple[KeyCodec, bytes]:
    data = multibase_b58_decode(value, max_bytes=MAX_MULTIKEY_BYTES, what=what)
    codec, raw = decode_multicodec(data, what=what)
    if codec.secret != secret:
        kind = "secret" if codec.secret else "public"
        raise InvalidKeyError(f"{what} holds a {kind} key ({codec.name})")
    return codec, raw


class PublicKey:
    """A public key: Ed25519, X25519, P-256, P-384, P-521 or secp256k1.

    Build one with a ``from_*`` class method; compare with ``==``. ``verify`` never raises for
    a bad signature: it returns ``False``.
    """

    __slots__ = ("_key", "_raw", "_type")

    def __init__(self, key_type: KeyType, key: PublicKeyObject | bytes) -> None:
        """Wrap a pyca public key object, or the checked bytes of a ``Bls12381G2`` key (prefer
        the ``from_*`` class methods)."""
        self._type: KeyType = key_type
        self._key = key
        if isinstance(key, bytes):
            self._raw = key
        elif isinstance(key, ec.EllipticCurvePublicKey):
            self._raw = key.public_bytes(_X962, _COMPRESSED)
        else:
            self._raw = key.public_bytes(_RAW, serialization.PublicFormat.Raw)

    # -- constructors -------------------------------------------------------------------------

    @classmethod
    def from_public_bytes(cls, key_type: str, data: bytes) -> PublicKey:
        """A public key from its raw bytes: 32 bytes for Ed25519 and X25519, a SEC1 point
        (compressed or uncompressed) for the EC types. The point is checked to be on the curve.
        """
        kind = check_key_type(key_type)
        data = bytes(data)
        if kind == _BLS:
            return cls(kind, _bls_public(data))
        if kind == "Ed25519":
            if len(data) != 32:
                raise InvalidKeyError(f"an Ed25519 public key is 32 bytes, not {len(data)}")
            if not ed25519_point_is_valid(data):
                raise InvalidKeyError("not a valid Ed25519 public key: point not on the curve")
            return cls(kind, ed25519.Ed25519PublicKey.from_public_bytes(data))
        if kind == "X25519":
            if len(data) != 32:
                raise InvalidKeyError(f"an X25519 public key is 32 bytes, not {len(data)}")
            return cls(kind, x25519.X25519PublicKey.from_public_bytes(data))
        curve = EC_CURVES[kind]
        if len(data) not in (1 + curve.size, 1 + 2 * curve.size):
            raise InvalidKeyError(
                f"a {kind} public key is a {1 + curve.size}-byte compressed or "
                f"{1 + 2 * curve.size}-byte uncompressed point, not {len(data)} bytes"
            )
        try:
            point = ec.EllipticCurvePublicKey.from_encoded_point(curve.curve, data)
        except (ValueError, UnsupportedAlgorithm) as e:
            raise InvalidKeyError(f"not a valid {kind} public key: point not on the curve") from e
        return cls(kind, point)

    @classmethod
    def from_multicodec(cls, data: bytes) -> PublicKey:
        """A public key from ``varint(multicodec) || key bytes``."""
        codec, raw = decode_multicodec(bytes(data), what="public key")
        if codec.secret:
            raise InvalidKeyError(f"expected a public key, got a secret key ({codec.name})")
        return cls.from_public_bytes(codec.key_type, raw)

    @classmethod
    def from_multibase(cls, value: str) -> PublicKey:
        """A public key from its Multikey ``publicKeyMultibase`` (``z`` + base58btc).

        Spec: https://www.w3.org/TR/cid-1.0/#Multikey
        """
        codec, raw = _decode_multibase(value, secret=False, what="publicKeyMultibase")
        return cls.from_public_bytes(codec.key_type, raw)

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any]) -> PublicKey:
        """A public key from a JWK (a private JWK's public part is used)."""
        fields = jwk_fields(jwk)
        return cls.from_public_bytes(fields.key_type, fields.public)

    @classmethod
    def from_cryptography(cls, key: object) -> PublicKey:
        """Wrap a pyca/cryptography public key object of a supported type."""
        if isinstance(key, ed25519.Ed25519PublicKey):
            return cls("Ed25519", key)
        if isinstance(key, x25519.X25519PublicKey):
            return cls("X25519", key)
        if isinstance(key, ec.EllipticCurvePublicKey):
            for name, curve in EC_CURVES.items():
                if key.curve.name == curve.curve.name:
                    return cls(check_key_type(name), key)
        raise InvalidKeyError(f"unsupported public key object {type(key).__name__}")

    # -- properties and encodings -------------------------------------------------------------

    @property
    def type(self) -> KeyType:
        """The key type: ``"Ed25519"``, ``"X25519"``, ``"P-256"``, ``"P-384"``..."""
        return self._type

    @property
    def algorithm(self) -> KeyType:
        """The signature algorithm name (the key type; see :class:`vcler.keys.Signer`)."""
        return self._type

    def public_bytes(self, *, compressed: bool = True) -> bytes:
        """The raw public key; EC points compressed unless ``compressed=False``."""
        if not compressed and isinstance(self._key, ec.EllipticCurvePublicKey):
            return self._key.public_bytes(_X962, _UNCOMPRESSED)
        return self._raw

    def to_multicodec(self) -> bytes:
        """``varint(multicodec) || key bytes`` (EC points compressed)."""
        return varint_encode(codec_for(self._type, secret=False).code) + self._raw

    def to_multibase(self) -> str:
        """The Multikey ``publicKeyMultibase`` value.

        Spec: https://www.w3.org/TR/cid-1.0/#Multikey
        """
        return multibase_b58_encode(self.to_multicodec())

    def to_jwk(self) -> dict[str, str]:
        """The public JWK (``kty``, ``crv``, ``x``[, ``y``])."""
        if self._type == _BLS:
            raise InvalidKeyError("vcler writes Bls12381G2 keys as Multikeys, not JWKs")
        return make_jwk(self._type, self.public_bytes(compressed=False))

    def to_cryptography(self) -> PublicKeyObject:
        """The underlying pyca/cryptography public key object."""
        if isinstance(self._key, bytes):
            raise InvalidKeyError("a Bls12381G2 key is not a pyca/cryptography key")
        return self._key

    def to_x25519(self) -> PublicKey:
        """The X25519 key agreement key derived from this Ed25519 key (RFC 7748 section 4.1)."""
        if self._type == "X25519":
            return self
        if self._type != "Ed25519":
            raise InvalidKeyError(f"only an Ed25519 key has an X25519 equivalent, not {self._type}")
        return PublicKey.from_public_bytes("X25519", ed25519_public_to_x25519(self._raw))

    # -- verbs --------------------------------------------------------------------------------

    def verify(self, signature: bytes, data: bytes) -> bool:
        """Whether ``signature`` is this key's signature of ``data``; never raises for a bad one.

        Ed25519 verifies over ``data`` as given, with libsodium (which also refuses small-order
        keys and commitments, see ``vcler.keys._ed25519``); ECDSA hashes ``data`` with the
        curve's hash and expects an IEEE P1363 ``r || s`` signature. An X25519 key cannot
        verify, nor can a Bls12381G2 key verify one byte string (BBS signs messages with a
        header: :func:`vcler.keys.bbs.verify`): both raise :class:`InvalidKeyError`.
        """
        if not isinstance(signature, bytes | bytearray) or not isinstance(data, bytes | bytearray):
            return False
        signature, data = bytes(signature), bytes(data)
        key = self._key
        try:
            if isinstance(key, ed25519.Ed25519PublicKey):
                return len(signature) == 64 and ed25519_verify(self._raw, signature, data)
            if isinstance(key, ec.EllipticCurvePublicKey):
                curve = EC_CURVES[self._type]
                if len(signature) != 2 * curve.size:
                    return False
                r = int.from_bytes(signature[: curve.size], "big")
                s = int.from_bytes(signature[curve.size :], "big")
                key.verify(encode_dss_signature(r, s), data, curve.ecdsa)
                return True
        except (InvalidSignature, ValueError):
            return False
        if self._type == _BLS:
            raise InvalidKeyError("a Bls12381G2 key verifies BBS signatures of messages")
        raise InvalidKeyError("an X25519 key is for key agreement; it cannot verify signatures")

    # -- dunder -------------------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PublicKey):
            return NotImplemented
        return self._type == other._type and self._raw == other._raw

    def __hash__(self) -> int:
        return hash((self._type, self._raw))

    def __repr__(self) -> str:
        return f"PublicKey({self._type!r}, {self.to_multibase()!r})"


class PrivateKey:
    """A signing key: Ed25519, P-256, P-384, P-521 or secp256k1.

    ``sign(data)`` returns raw signature bytes (see the module docstring). ECDSA nonces are
    deterministic (RFC 6979): the same key and data give the same signature, and signing does
    not depend on the quality of the random number generator. ``repr`` never shows the secret.
    """

    __slots__ = ("_key", "_public", "_type")

    def __init__(self, key_type: KeyType, key: PrivateKeyObject | int) -> None:
        """Wrap a pyca private key object, or a ``Bls12381G2`` secret scalar (prefer the
        ``from_*`` class methods)."""
        self._type: KeyType = key_type
        self._key = key
        if isinstance(key, int):
            self._public = PublicKey(key_type, sk_to_pk(key))
        else:
            self._public = PublicKey(key_type, key.public_key())

    # -- constructors -------------------------------------------------------------------------

    @classmethod
    def generate(cls, key_type: str = "Ed25519") -> PrivateKey:
        """A new random key of ``key_type``."""
        kind = _signing_type(key_type)
        if kind == "Ed25519":
            return cls(kind, ed25519.Ed25519PrivateKey.generate())
        if kind == _BLS:
            # KeyGen of the BBS draft over 32 random bytes.
            return cls(kind, key_gen(secrets.token_bytes(32)))
        return cls(kind, ec.generate_private_key(EC_CURVES[kind].curve))

    @classmethod
    def from_private_bytes(cls, key_type: str, data: bytes) -> PrivateKey:
        """A key from its raw secret: the 32-byte Ed25519 seed, or the EC scalar (big-endian,
        exactly the field size)."""
        kind = _signing_type(key_type)
        data = bytes(data)
        if kind == "Ed25519":
            if len(data) != 32:
                raise InvalidKeyError(f"an Ed25519 secret key is 32 bytes, not {len(data)}")
            return cls(kind, ed25519.Ed25519PrivateKey.from_private_bytes(data))
        if kind == _BLS:
            return cls(kind, _bls_secret(data))
        curve = EC_CURVES[kind]
        if len(data) != curve.size:
            raise InvalidKeyError(f"a {kind} secret key is {curve.size} bytes, not {len(data)}")
        try:
            key = ec.derive_private_key(int.from_bytes(data, "big"), curve.curve)
        except ValueError as e:
            raise InvalidKeyError(f"not a valid {kind} secret key: scalar out of range") from e
        return cls(kind, key)

    @classmethod
    def from_multicodec(cls, data: bytes) -> PrivateKey:
        """A key from ``varint(multicodec) || secret bytes``.

        An Ed25519 secret may be the 32-byte seed or ``seed || public key`` (64 bytes, as some
        implementations write it); the public half must then match the seed.
        """
        codec, raw = decode_multicodec(bytes(data), what="secret key")
        if not codec.secret:
            raise InvalidKeyError(f"expected a secret key, got a public key ({codec.name})")
        if codec.key_type == "Ed25519" and len(raw) == 64:
            key = cls.from_private_bytes("Ed25519", raw[:32])
            if not hmac.compare_digest(key.public_key.public_bytes(), raw[32:]):
                raise InvalidKeyError("Ed25519 secret key: public half does not match the seed")
            return key
        return cls.from_private_bytes(codec.key_type, raw)

    @classmethod
    def from_multibase(cls, value: str) -> PrivateKey:
        """A key from its Multikey ``secretKeyMultibase`` (or ``privateKeyMultibase``).

        Spec: https://www.w3.org/TR/cid-1.0/#Multikey
        """
        data = multibase_b58_decode(value, max_bytes=MAX_MULTIKEY_BYTES, what="secretKeyMultibase")
        return cls.from_multicodec(data)

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any]) -> PrivateKey:
        """A key from a private JWK (with ``d``); the public members must match ``d``."""
        fields = jwk_fields(jwk)
        if fields.private is None:
            raise InvalidKeyError("the JWK has no 'd' member: it is a public key")
        key = cls.from_private_bytes(fields.key_type, fields.private)
        if key.public_key != PublicKey.from_public_bytes(fields.key_type, fields.public):
            raise InvalidKeyError("the JWK's public members do not match its 'd'")
        return key

    @classmethod
    def from_cryptography(cls, key: object) -> PrivateKey:
        """Wrap a pyca/cryptography private key object of a supported type."""
        if isinstance(key, ed25519.Ed25519PrivateKey):
            return cls("Ed25519", key)
        if isinstance(key, ec.EllipticCurvePrivateKey):
            for name, curve in EC_CURVES.items():
                if key.curve.name == curve.curve.name:
                    return cls(check_key_type(name), key)
        raise InvalidKeyError(f"unsupported private key object {type(key).__name__}")

    # -- properties and encodings -------------------------------------------------------------

    @property
    def type(self) -> KeyType:
        """The key type: ``"Ed25519"``, ``"P-256"``, ``"P-384"``..."""
        return self._type

    @property
    def algorithm(self) -> KeyType:
        """The signature algorithm name (the key type)."""
        return self._type

    @property
    def public_key(self) -> PublicKey:
        """The matching public key."""
        return self._public

    def private_bytes(self) -> bytes:
        """The raw secret: the Ed25519 seed, or the EC scalar in the field size."""
        key = self._key
        if isinstance(key, int):
            return key.to_bytes(32, "big")
        if isinstance(key, ed25519.Ed25519PrivateKey):
            return key.private_bytes(
                _RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption()
            )
        size = EC_CURVES[self._type].size
        return key.private_numbers().private_value.to_bytes(size, "big")

    def to_multicodec(self) -> bytes:
        """``varint(multicodec) || secret bytes``."""
        return varint_encode(codec_for(self._type, secret=True).code) + self.private_bytes()

    def to_multibase(self) -> str:
        """The Multikey ``secretKeyMultibase`` value."""
        return multibase_b58_encode(self.to_multicodec())

    def to_jwk(self) -> dict[str, str]:
        """The private JWK (the public members and ``d``)."""
        if self._type == _BLS:
            raise InvalidKeyError("vcler writes Bls12381G2 keys as Multikeys, not JWKs")
        return make_jwk(
            self._type, self._public.public_bytes(compressed=False), self.private_bytes()
        )

    def to_cryptography(self) -> PrivateKeyObject:
        """The underlying pyca/cryptography private key object."""
        if isinstance(self._key, int):
            raise InvalidKeyError("a Bls12381G2 key is not a pyca/cryptography key")
        return self._key

    # -- verbs --------------------------------------------------------------------------------

    def sign(self, data: bytes) -> bytes:
        """The signature of ``data``: Ed25519 over the bytes as given (64 bytes); ECDSA over
        the curve-hash of ``data`` with an RFC 6979 nonce, as P1363 ``r || s``.

        Spec: https://www.w3.org/TR/vc-di-ecdsa/#proof-serialization-ecdsa-rdfc-2019 (the
        ``hashData`` given is signed with ECDSA, which hashes it with the curve's hash),
        https://www.w3.org/TR/vc-di-eddsa/#proof-serialization-eddsa-rdfc-2022
        """
        if not isinstance(data, bytes | bytearray | memoryview):
            raise TypeError("data to sign must be bytes")
        data = bytes(data)
        key = self._key
        if isinstance(key, int):
            raise InvalidKeyError("a Bls12381G2 key signs messages with a header: sign_messages")
        if isinstance(key, ed25519.Ed25519PrivateKey):
            return key.sign(data)
        curve = EC_CURVES[self._type]
        der = key.sign(data, ec.ECDSA(curve.hash(), deterministic_signing=True))
        r, s = decode_dss_signature(der)
        return r.to_bytes(curve.size, "big") + s.to_bytes(curve.size, "big")

    def sign_messages(self, messages: Sequence[bytes], *, header: bytes = b"") -> bytes:
        """The BBS signature (``BLS12-381-SHA-256``, 80 bytes) of ``messages`` and ``header``;
        only a ``Bls12381G2`` key signs this way.

        Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html#name-signature-generation-sign
        """
        key = self._key
        if not isinstance(key, int):
            raise InvalidKeyError(f"a {self._type} key signs bytes (sign), not messages")
        return bbs_sign(
            key, self._public.public_bytes(), header, list(messages), suite=BLS12_381_SHA_256
        )

    def verify(self, signature: bytes, data: bytes) -> bool:
        """Same as ``public_key.verify``."""
        return self._public.verify(signature, data)

    # -- dunder -------------------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PrivateKey):
            return NotImplemented
        return self._type == other._type and hmac.compare_digest(
            self.private_bytes(), other.private_bytes()
        )

    def __hash__(self) -> int:
        return hash((self._type, self._public))

    def __repr__(self) -> str:
        return f"PrivateKey({self._type!r}, public={self._public.to_multibase()!r})"


def _signing_type(key_type: str) -> KeyType:
    kind = check_key_type(key_type)
    if kind not in SIGNING_KEY_TYPES and kind != _BLS:
        raise InvalidKeyError(f"{kind} keys cannot sign; vcler holds no {kind} secret keys")
    return kind
