"""The multicodec key codes vcler knows, with the byte length each key form must have.

Codes checked against the multicodec table (multiformats/multicodec ``table.csv``, tag ``key``).
Keys of the codecs marked ``supported=False`` are recognised (so errors can say what they are)
but not decoded.

Spec: https://github.com/multiformats/multicodec/blob/master/table.csv
"""

from __future__ import annotations

from dataclasses import dataclass

from .encoding import varint_encode

__all__ = ["KEY_CODECS", "MAX_MULTIKEY_BYTES", "KeyCodec", "codec_by_code", "codec_for"]


@dataclass(frozen=True)
class KeyCodec:
    """One multicodec key entry.

    ``lengths`` are the byte lengths the raw key after the varint header may have: compressed
    SEC1 points for the EC public keys, the scalar for EC secret keys, the 32-byte seed (or
    ``seed || public key``, as some implementations write it) for an Ed25519 secret key.
    """

    name: str
    code: int
    key_type: str
    secret: bool
    lengths: tuple[int, ...]
    supported: bool = True


KEY_CODECS: tuple[KeyCodec, ...] = (
    KeyCodec("ed25519-pub", 0xED, "Ed25519", False, (32,)),
    KeyCodec("x25519-pub", 0xEC, "X25519", False, (32,)),
    KeyCodec("p256-pub", 0x1200, "P-256", False, (33,)),
    KeyCodec("p384-pub", 0x1201, "P-384", False, (49,)),
    KeyCodec("p521-pub", 0x1202, "P-521", False, (67,)),
    KeyCodec("secp256k1-pub", 0xE7, "secp256k1", False, (33,)),
    KeyCodec("ed25519-priv", 0x1300, "Ed25519", True, (32, 64)),
    KeyCodec("p256-priv", 0x1306, "P-256", True, (32,)),
    KeyCodec("p384-priv", 0x1307, "P-384", True, (48,)),
    KeyCodec("p521-priv", 0x1308, "P-521", True, (66,)),
    KeyCodec("secp256k1-priv", 0x1301, "secp256k1", True, (32,)),
    KeyCodec("bls12_381-g2-pub", 0xEB, "Bls12381G2", False, (96,)),
    KeyCodec("bls12_381-g2-priv", 0x130A, "Bls12381G2", True, (32,)),
    # Recognised, not supported.
    KeyCodec("x25519-priv", 0x1302, "X25519", True, (32,), supported=False),
    KeyCodec("bls12_381-g1-pub", 0xEA, "BLS12-381-G1", False, (48,), supported=False),
    KeyCodec("bls12_381-g1g2-pub", 0xEE, "BLS12-381-G1G2", False, (144,), supported=False),
    KeyCodec("rsa-pub", 0x1205, "RSA", False, (270, 526), supported=False),
    KeyCodec("rsa-priv", 0x1305, "RSA", True, (), supported=False),
)

_BY_CODE = {codec.code: codec for codec in KEY_CODECS}


#: The longest ``varint(code) || key`` of a known codec (an RSA-4096 public key: 528 bytes).
#: Multikey values (``publicKeyMultibase``, ``secretKeyMultibase``, did:key identifiers) are
#: capped by it before decoding, so that a key vcler knows but does not support is still
#: named in the error rather than refused for its length.
MAX_MULTIKEY_BYTES = max(
    len(varint_encode(codec.code)) + max(codec.lengths, default=0) for codec in KEY_CODECS
)


def codec_by_code(code: int) -> KeyCodec | None:
    """The key codec with multicodec ``code``, or ``None`` if vcler does not know it."""
    return _BY_CODE.get(code)


def codec_for(key_type: str, *, secret: bool) -> KeyCodec:
    """The supported codec for a public or secret key of ``key_type``; ``KeyError`` if none."""
    for codec in KEY_CODECS:
        if codec.key_type == key_type and codec.secret == secret and codec.supported:
            return codec
    raise KeyError(key_type)
