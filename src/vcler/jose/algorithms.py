"""JOSE and COSE signature algorithms: which key each needs, and checking a signature.

An algorithm is accepted only for the key type it belongs to (``ES256`` with a P-256 key, and so
on), which shuts out algorithm confusion: ``alg: "none"`` is never accepted, an HMAC algorithm
never (vcler holds no shared secrets, and a public key must not become one), and an RSA or
ECDSA algorithm against a key of another type is refused before any signature is computed.
A :class:`~vcler.context.VerificationPolicy` may narrow the set further
(``allowed_algorithms``).

JWS signatures are checked by jwcrypto (``JWS.verify``, with the one algorithm allowed); the
key it is handed is the one vcler decoded and checked (a point on its curve, an RSA modulus of
a sane size). COSE_Sign1 signatures are checked by :mod:`vcler.keys` over the
``Sig_structure``.

Spec: https://www.rfc-editor.org/rfc/rfc7518#section-3.1 (JWS algorithms)
Spec: https://www.rfc-editor.org/rfc/rfc8037#section-3.1 (EdDSA), RFC 8812 (ES256K)
Spec: https://www.rfc-editor.org/rfc/rfc9053#section-2 (COSE algorithms)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from .. import codes
from ..keys import PublicKey, Signer
from ..keys.rsa import RsaPublicKey
from ._compact import CompactJws, JoseError

__all__ = [
    "COSE_ALGORITHMS",
    "JWS_ALGORITHMS",
    "AnyPublicKey",
    "check_algorithm",
    "jws_algorithm_for",
    "precheck_algorithm",
    "verify_jws",
    "verify_raw",
]

AnyPublicKey = PublicKey | RsaPublicKey

#: Every JWS ``alg`` vcler verifies, with the key type it needs.
JWS_ALGORITHMS: Mapping[str, str] = MappingProxyType(
    {
        "EdDSA": "Ed25519",
        "Ed25519": "Ed25519",
        "ES256": "P-256",
        "ES384": "P-384",
        "ES512": "P-521",
        "ES256K": "secp256k1",
        "RS256": "RSA",
        "RS384": "RSA",
        "RS512": "RSA",
    }
)
#: COSE algorithm identifiers vcler verifies, with their JOSE names.
COSE_ALGORITHMS: Mapping[int, str] = MappingProxyType(
    {-8: "EdDSA", -7: "ES256", -35: "ES384", -36: "ES512", -47: "ES256K", -257: "RS256"}
)
# The algorithm a signer of each key type signs tokens with.
_SIGNING: Mapping[str, str] = MappingProxyType(
    {
        "Ed25519": "EdDSA",
        "P-256": "ES256",
        "P-384": "ES384",
        "P-521": "ES512",
        "secp256k1": "ES256K",
    }
)
_RSA_HASHES = {"RS256": "sha256", "RS384": "sha384", "RS512": "sha512"}


def jws_algorithm_for(signer: Signer) -> str:
    """The JWS ``alg`` a signer's key type signs with; :class:`JoseError` for an unknown one."""
    algorithm = _SIGNING.get(str(getattr(signer, "algorithm", "")))
    if algorithm is None:
        raise JoseError(
            f"no JOSE algorithm for a {getattr(signer, 'algorithm', '?')} signer",
            reason=codes.DISALLOWED_ALGORITHM,
        )
    return algorithm


def precheck_algorithm(alg: Any, *, allowed: Iterable[str] | None = None) -> str:
    """``alg`` if vcler verifies it and ``allowed`` has it, checked before any key is looked
    for (so that ``alg: none`` costs no fetch); else ``DISALLOWED_ALGORITHM``."""
    if not isinstance(alg, str) or not alg:
        raise JoseError("the header has no 'alg' string", reason=codes.MALFORMED_ENVELOPE)
    if alg == "none":
        raise JoseError("an unsecured token (alg 'none') is never accepted", reason=_DISALLOWED)
    if alg.startswith("HS"):
        raise JoseError(
            f"{alg} is an HMAC: a public key is never used as a shared secret", reason=_DISALLOWED
        )
    needed = JWS_ALGORITHMS.get(alg)
    if needed is None:
        raise JoseError(f"vcler does not verify the algorithm {alg!r}", reason=_DISALLOWED)
    if allowed is not None and alg not in set(allowed):
        raise JoseError(f"the verification policy does not allow {alg}", reason=_DISALLOWED)
    return alg


def check_algorithm(alg: Any, key: AnyPublicKey, *, allowed: Iterable[str] | None = None) -> str:
    """``alg`` if it may be used with ``key`` under ``allowed``; else ``DISALLOWED_ALGORITHM``.

    Spec: https://www.rfc-editor.org/rfc/rfc8725#section-3.1 (perform algorithm verification)
    """
    name = precheck_algorithm(alg, allowed=allowed)
    needed = JWS_ALGORITHMS[name]
    if key.type != needed:
        raise JoseError(
            f"{name} needs a {needed} key; the issuer's key is {key.type}", reason=_DISALLOWED
        )
    return name


_DISALLOWED = codes.DISALLOWED_ALGORITHM


def verify_jws(jws: CompactJws, key: AnyPublicKey, *, alg: str) -> bool:
    """Whether the compact JWS's signature verifies with ``key`` under ``alg``, by jwcrypto.

    ``alg`` was checked with :func:`check_algorithm`; jwcrypto is allowed that one algorithm.
    """
    from jwcrypto import jwk
    from jwcrypto import jws as jwcrypto_jws
    from jwcrypto.common import JWException

    try:
        public = jwk.JWK(**key.to_jwk())
        token = jwcrypto_jws.JWS()
        token.allowed_algs = [alg]
        token.deserialize(jws.text)
        token.verify(public, alg=alg)
    except jwcrypto_jws.InvalidJWSSignature:
        return False
    except (JWException, ValueError, TypeError) as e:
        raise JoseError(f"the JWS could not be checked: {e}") from e
    return True


def verify_raw(signature: bytes, data: bytes, key: AnyPublicKey, *, alg: str) -> bool:
    """Whether ``signature`` (Ed25519 raw, ECDSA ``r || s``, RSA PKCS#1 v1.5) signs ``data``."""
    if isinstance(key, RsaPublicKey):
        return key.verify(signature, data, hash_name=_RSA_HASHES[alg])
    return key.verify(signature, data)
