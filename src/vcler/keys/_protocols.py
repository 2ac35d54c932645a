"""The two seams between vcler and key material: :class:`Signer` and :class:`Verifier`.

vcler never needs to hold a secret key: anything with an ``id``, an ``algorithm`` and a
``sign`` method is a signer, so a key in an HSM or a cloud KMS plugs in through a small adapter.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

__all__ = ["Signer", "Verifier"]


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
