"""Ed25519Signature2018: the legacy Ed25519 suite with a detached JWS (verification only).

Still met in the field (older Open Badges 3.0 pilots, DCC credentials). The proof ``type``
names the suite; the signature is the ``jws`` member; the key is an
``Ed25519VerificationKey2018`` (``publicKeyBase58``) or any Ed25519 method.

Spec: https://w3c-ccg.github.io/lds-ed25519-2018/
"""

from __future__ import annotations

from ._base import Cryptosuite
from ._jws import detached_jws_serialization, detached_jws_verification
from ._stages import concatenated_hashing, rdfc_proof_configuration, rdfc_transformation

__all__ = ["ED25519_2018_CONTEXT", "Ed25519Signature2018"]

ED25519_2018_CONTEXT = "https://w3id.org/security/suites/ed25519-2018/v1"

Ed25519Signature2018 = Cryptosuite(
    name="Ed25519Signature2018",
    proof_type="Ed25519Signature2018",
    cryptosuite=None,
    hash_algorithms={"Ed25519": "sha256"},
    transformation=rdfc_transformation,
    proof_configuration=rdfc_proof_configuration,
    hashing=concatenated_hashing,
    serialization=detached_jws_serialization,
    verification=detached_jws_verification,
    contexts=(
        ED25519_2018_CONTEXT,
        "https://www.w3.org/2018/credentials/v1",
        "https://w3id.org/security/v2",
    ),
    proof_value="jws",
    spec="https://w3c-ccg.github.io/lds-ed25519-2018/",
)
