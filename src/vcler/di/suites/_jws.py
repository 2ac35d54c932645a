"""The stages of the legacy JWS-based Linked Data proofs: a detached JWS with ``b64: false``.

``Ed25519Signature2018`` and ``JsonWebSignature2020`` hash like the Ed25519Signature2020 suite
(``SHA-256(canonical proof options) || SHA-256(canonical document)``, URDNA2015, which is
RFC 8785's RDFC-1.0 with SHA-256) and put the signature in ``jws``: a compact JWS whose payload
is detached and not base64url-encoded (RFC 7797), ``<header>..<signature>``, signed over
``ASCII(header) || "." || hash data``. vcler only verifies them; jwcrypto checks the JWS, with
the one algorithm the key's type allows (EdDSA, ES256, ES256K, ES384).

Spec: https://w3c-ccg.github.io/lds-ed25519-2018/
Spec: https://w3c-ccg.github.io/lds-jws2020/
Spec: https://www.rfc-editor.org/rfc/rfc7797 (unencoded payload option)
"""

from __future__ import annotations

import json

from ...errors import InvalidKeyError, MalformedProofError, ProofError
from ...keys import PublicKey, Signer
from ...keys.encoding import b64url_decode

__all__ = ["detached_jws_serialization", "detached_jws_verification"]

# The JWS alg each key type signs with.
_ALGORITHMS = {"Ed25519": "EdDSA", "P-256": "ES256", "P-384": "ES384", "secp256k1": "ES256K"}
_MAX_HEADER_BYTES = 1024


def detached_jws_serialization(hash_data: bytes, *, signer: Signer) -> str:
    """Not offered: vcler verifies these legacy proofs but does not make new ones."""
    raise ProofError("vcler verifies legacy JWS proofs but does not create them")


def _header(encoded: str) -> dict[str, object]:
    try:
        raw = b64url_decode(encoded, max_bytes=_MAX_HEADER_BYTES, what="the JWS header")
        header = json.loads(raw)
    except (InvalidKeyError, ValueError) as e:
        raise MalformedProofError("the jws header is not base64url JSON", pointer="/jws") from e
    if not isinstance(header, dict):
        raise MalformedProofError("the jws header is not a JSON object", pointer="/jws")
    return header


def detached_jws_verification(hash_data: bytes, proof_value: str, *, public_key: PublicKey) -> bool:
    """Whether the detached, unencoded JWS ``proof_value`` signs ``hash_data`` with the key.

    Spec: https://www.rfc-editor.org/rfc/rfc7797#section-3
    """
    from jwcrypto import jwk, jws
    from jwcrypto.common import JWException

    # Step 1: header..signature, nothing in the payload segment.
    parts = proof_value.split(".") if isinstance(proof_value, str) else []
    if len(parts) != 3 or parts[1] != "" or not parts[0] or not parts[2]:
        raise MalformedProofError(
            "jws must be a detached JWS: <header>..<signature>", pointer="/jws"
        )
    # Step 2: b64 false, declared critical, and the algorithm of the key.
    header = _header(parts[0])
    if header.get("b64") is not False or header.get("crit") != ["b64"]:
        raise MalformedProofError('the jws header must have "b64": false and "crit": ["b64"]')
    algorithm = _ALGORITHMS.get(public_key.type)
    if header.get("alg") != algorithm:
        return False
    # Step 3: the signature over ASCII(header) || "." || hash data, by jwcrypto.
    try:
        token = jws.JWS()
        token.allowed_algs = [algorithm]
        token.deserialize(proof_value)
        token.verify(jwk.JWK(**public_key.to_jwk()), alg=algorithm, detached_payload=hash_data)
    except jws.InvalidJWSSignature:
        return False
    except (JWException, ValueError, TypeError) as e:
        raise MalformedProofError(f"the jws could not be checked: {e}", pointer="/jws") from e
    return True
