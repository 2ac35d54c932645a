"""The two seams between vcler and key material: :class:`Signer` and :class:`Verifier`.

vcler never needs to hold a secret key: anything with an ``id``, an ``algorithm`` and a
``sign`` method is a signer, so a key in an HSM or a cloud KMS plugs in through a small adapter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from ._keys import PublicKey

__all__ = ["MultiMessageSigner", "Signer", "Verifier"]


@runtime_checkable
class Signer(Protocol):
    """Signs bytes on behalf of one verification method.

    - ``id``: the verification method id written into proofs
      (``did:key:z6Mk...#z6Mk...``, ``did:web:example.com#key-1``, ``https://...#key-1``).
    - ``algorithm``: the key type, which fixes the signature format: ``"Ed25519"`` (RFC 8032
      over the bytes as given, 64 bytes), ``"P-256"`` / ``"P-384"`` (also ``"P-521"``,
      ``"secp256k1"``): ECDSA over the curve hash of the bytes (SHA-256 / SHA-384 / SHA-512 /
      SHA-256), returned as IEEE P1363 ``r || s``, **not** DER.
    - ``sign(data)``: the signature of ``data``.

    :class:`vcler.keys.KeyPair` is the built-in implementation.
    """

    @property
    def id(self) -> str:
        """The verification method id."""
        ...

    @property
    def algorithm(self) -> str:
        """The key type naming the signature algorithm (``"Ed25519"``, ``"P-256"``...)."""
        ...

    def sign(self, data: bytes) -> bytes:
        """The raw signature of ``data`` (format as described on the class)."""
        ...


@runtime_checkable
class MultiMessageSigner(Signer, Protocol):
    """A :class:`Signer` whose key signs a list of messages with a header: a BBS signer
    (``algorithm`` ``"Bls12381G2"``, the ``bbs-2023`` issuer's key).

    - ``public_key``: the signer's public key (the base proof carries its bytes);
    - ``sign_messages(messages, header=...)``: the BBS ``Sign`` of the ``BLS12-381-SHA-256``
      ciphersuite (80 bytes).

    :class:`vcler.keys.KeyPair` implements it for ``Bls12381G2`` keys; an HSM adapter
    implements these two members.
    """

    @property
    def public_key(self) -> PublicKey:
        """The public key of the verification method."""
        ...

    def sign_messages(self, messages: Sequence[bytes], *, header: bytes = b"") -> bytes:
        """The BBS signature of ``messages`` and ``header``."""
        ...


@runtime_checkable
class Verifier(Protocol):
    """Checks signatures for one verification method; ``verify`` never raises for a bad one."""

    @property
    def id(self) -> str:
        """The verification method id."""
        ...

    @property
    def algorithm(self) -> str:
        """The key type naming the signature algorithm (``"Ed25519"``, ``"P-256"``...)."""
        ...

    def verify(self, signature: bytes, data: bytes) -> bool:
        """Whether ``signature`` is a valid signature of ``data``."""
        ...
