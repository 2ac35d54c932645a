"""Ed25519 signature verification with libsodium (through PyNaCl).

Signing stays with pyca/cryptography (OpenSSL); verifying, the step a verifier repeats for
every credential, uses libsodium, which checks an Ed25519 signature in about half the time.
libsodium's check is the RFC 8032 cofactorless equation, ``[S]B = R + [k]A``, with ``S``
required to be below the group order (as OpenSSL requires too) and, beyond OpenSSL, the
public key ``A`` and the commitment ``R`` required to be canonical encodings of points that
are not of small order. Signatures made by RFC 8032 signers meet all of these; the stricter
checks refuse only deliberately malformed signatures and weak keys. A property test holds
both libraries to the same answer on honest and altered signatures.

Spec: https://www.rfc-editor.org/rfc/rfc8032#section-5.1.7
"""

from __future__ import annotations

from typing import Any

__all__ = ["ed25519_verify"]

_binding: tuple[Any, tuple[type[Exception], ...]] | None = None


def _sign_open() -> tuple[Any, tuple[type[Exception], ...]]:
    """libsodium's ``crypto_sign_open`` and what it raises for a refusal, imported on first
    use (``import vcler`` stays light)."""
    global _binding
    if _binding is None:
        from nacl.bindings import crypto_sign_open
        from nacl.exceptions import CryptoError

        _binding = (crypto_sign_open, (CryptoError, ValueError, TypeError))
    return _binding


def ed25519_verify(public_key: bytes, signature: bytes, message: bytes) -> bool:
    """Whether ``signature`` (64 bytes) is ``public_key``'s (32 bytes) signature of ``message``.

    Never raises for a bad signature or key: any refusal by libsodium is ``False``.
    """
    if len(public_key) != 32 or len(signature) != 64:
        return False
    sign_open, refusals = _sign_open()
    try:
        sign_open(signature + message, public_key)
    except refusals:  # BadSignatureError, or a ValueError for a key libsodium refuses
        return False
    return True
