"""JsonWebSignature2020: the legacy suite of JSON Web Keys with a detached JWS (verification
only), as traceability and DCC credentials use it: Ed25519 (EdDSA), P-256 (ES256), P-384
(ES384) and secp256k1 (ES256K) keys, in ``JsonWebKey2020`` methods.

Spec: https://w3c-ccg.github.io/lds-jws2020/
"""

from __future__ import annotations

from ._base import Cryptosuite
from ._jws import detached_jws_serialization, detached_jws_verification
from ._stages import concatenated_hashing, rdfc_proof_configuration, rdfc_transformation

__all__ = ["JWS_2020_CONTEXT", "JsonWebSignature2020"]

JWS_2020_CONTEXT = "https://w3id.org/security/suites/jws-2020/v1"

JsonWebSignature2020 = Cryptosuite(
    name="JsonWebSignature2020",
    proof_type="JsonWebSignature2020",
    cryptosuite=None,
    # URDNA2015 with SHA-256 and SHA-256 hashing whatever the key; the JWS then signs with the
    # key's own algorithm.
    hash_algorithms={
        "Ed25519": "sha256",
        "P-256": "sha256",
        "P-384": "sha256",
        "secp256k1": "sha256",
    },
    transformation=rdfc_transformation,
    proof_configuration=rdfc_proof_configuration,
    hashing=concatenated_hashing,
    serialization=detached_jws_serialization,
    verification=detached_jws_verification,
    contexts=(JWS_2020_CONTEXT,),
    proof_value="jws",
    spec="https://w3c-ccg.github.io/lds-jws2020/",
)
