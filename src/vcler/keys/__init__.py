"""Keys: key objects, the Multikey and JWK codecs, and the :class:`Signer` seam.

- :class:`PublicKey` (Ed25519, X25519, P-256, P-384, P-521, secp256k1, Bls12381G2) and
  :class:`PrivateKey` (all but X25519) wrap pyca/cryptography keys (and BLS12-381 G2 keys,
  whose BBS Signature Scheme is in :mod:`vcler.keys.bbs`) with ``from_*`` constructors, ``sign`` /
  ``verify`` and ``to_multibase`` / ``to_jwk`` encoders.
- :class:`KeyPair` binds a key to a verification method ``id`` and ``controller``; it is the
  built-in :class:`Signer` and :class:`Verifier`, and reads and writes the key file.
- :func:`generate_key` makes a new did:key (or a key for a controller you publish).

Signatures: Ed25519 signs the bytes as given; ECDSA hashes them with the curve's hash (SHA-256
for P-256 and secp256k1, SHA-384 for P-384, SHA-512 for P-521) and returns IEEE P1363 ``r || s``
with deterministic (RFC 6979) nonces. Bad key material raises
:class:`vcler.errors.InvalidKeyError`; a bad signature makes ``verify`` return ``False``.
"""

from __future__ import annotations

from ._curves import (
    KEY_TYPES,
    MAX_PUBLIC_KEY_BYTES,
    MAX_SIGNATURE_BYTES,
    SIGNING_KEY_TYPES,
    KeyType,
)
from ._keypair import MULTIKEY_TYPE, KeyPair, generate_key
from ._keys import PrivateKey, PublicKey
from ._protocols import MultiMessageSigner, Signer, Verifier

__all__ = [
    "KEY_TYPES",
    "MAX_PUBLIC_KEY_BYTES",
    "MAX_SIGNATURE_BYTES",
    "MULTIKEY_TYPE",
    "SIGNING_KEY_TYPES",
    "KeyPair",
    "KeyType",
    "MultiMessageSigner",
    "PrivateKey",
    "PublicKey",
    "Signer",
    "Verifier",
    "generate_key",
]
