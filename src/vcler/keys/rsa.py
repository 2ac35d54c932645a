"""RSA public keys, for verification only: the JWS algorithms ``RS256``, ``RS384``, ``RS512``.

Open Badges 3.0 names RS256 as the algorithm every VC-JWT implementation must support, so a
verifier meets RSA keys in JWKs (``kty: "RSA"``, ``n``, ``e``). vcler never signs with RSA and
RSA has no Multikey form it reads; :class:`RsaPublicKey` reads a JWK, refuses moduli outside
:data:`MIN_RSA_BITS`..:data:`MAX_RSA_BITS`, and verifies RSASSA-PKCS1-v1_5 signatures.

Spec: https://www.rfc-editor.org/rfc/rfc7518#section-6.3.1 (RSA public key members)
Spec: https://www.rfc-editor.org/rfc/rfc7518#section-3.3 (RSASSA-PKCS1-v1_5)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from ..errors import InvalidKeyError
from .encoding import b64url_decode, b64url_encode

__all__ = ["MAX_RSA_BITS", "MIN_RSA_BITS", "RsaPublicKey"]

#: The smallest RSA modulus accepted (NIST SP 800-131A: 2048 bits).
MIN_RSA_BITS = 2048
#: The largest RSA modulus accepted: verification costs grow with it, and no issuer needs more.
MAX_RSA_BITS = 8192
# The public exponent: odd, at least 3, at most 2**32 (larger exponents only cost time).
_MAX_EXPONENT_BYTES = 4

_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


class RsaPublicKey:
    """An RSA public key read from a JWK; ``verify`` never raises for a bad signature."""

    __slots__ = ("_key",)

    type = "RSA"

    def __init__(self, key: rsa.RSAPublicKey) -> None:
        """Wrap a pyca RSA public key (prefer :meth:`from_jwk`)."""
        self._key = key

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any]) -> RsaPublicKey:
        """The key of an RSA JWK (its ``n`` and ``e``; a private JWK is refused).

        Spec: https://www.rfc-editor.org/rfc/rfc7518#section-6.3.1
        """
        if not isinstance(jwk, Mapping) or jwk.get("kty") != "RSA":
            raise InvalidKeyError("an RSA JWK has kty 'RSA'")
        if "d" in jwk:
            raise InvalidKeyError("the RSA JWK holds the private key ('d')")
        # Step 1: the modulus, base64url big-endian, within the size limits.
        n_bytes = b64url_decode(jwk.get("n"), max_bytes=MAX_RSA_BITS // 8, what="JWK member 'n'")
        modulus = int.from_bytes(n_bytes, "big")
        if not MIN_RSA_BITS <= modulus.bit_length() <= MAX_RSA_BITS:
            raise InvalidKeyError(
                f"an RSA modulus of {modulus.bit_length()} bits is outside "
                f"{MIN_RSA_BITS}..{MAX_RSA_BITS}"
            )
        # Step 2: the exponent.
        e_bytes = b64url_decode(jwk.get("e"), max_bytes=_MAX_EXPONENT_BYTES, what="JWK member 'e'")
        exponent = int.from_bytes(e_bytes, "big")
        if exponent < 3 or exponent % 2 == 0:
            raise InvalidKeyError("an RSA public exponent is odd and at least 3")
        try:
            key = rsa.RSAPublicNumbers(exponent, modulus).public_key()
        except ValueError as e:
            raise InvalidKeyError(f"not a valid RSA public key: {e}") from e
        return cls(key)

    @property
    def bits(self) -> int:
        """The size of the modulus."""
        return self._key.key_size

    def to_jwk(self) -> dict[str, str]:
        """The public JWK (``kty``, ``n``, ``e``)."""
        numbers = self._key.public_numbers()
        size = (numbers.n.bit_length() + 7) // 8
        exponent = numbers.e.to_bytes((numbers.e.bit_length() + 7) // 8, "big")
        return {
            "kty": "RSA",
            "n": b64url_encode(numbers.n.to_bytes(size, "big")),
            "e": b64url_encode(exponent),
        }

    def verify(self, signature: bytes, data: bytes, *, hash_name: str = "sha256") -> bool:
        """Whether ``signature`` is an RSASSA-PKCS1-v1_5 signature of ``data`` (``hash_name``)."""
        algorithm = _HASHES.get(hash_name)
        if algorithm is None:
            raise InvalidKeyError(f"unsupported hash {hash_name!r} for RSA")
        try:
            self._key.verify(bytes(signature), bytes(data), padding.PKCS1v15(), algorithm())
        except (InvalidSignature, ValueError):
            return False
        return True

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RsaPublicKey):
            return NotImplemented
        return self._key.public_numbers() == other._key.public_numbers()

    def __hash__(self) -> int:
        return hash(self._key.public_numbers())

    def __repr__(self) -> str:
        return f"RsaPublicKey({self.bits} bits)"
