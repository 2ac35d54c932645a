"""Ed25519Signature2020: the legacy Ed25519 suite, RDFC canonicalization (URDNA2015).

The proof ``type`` names the suite and there is no ``cryptosuite`` property; the terms are
defined by the ``https://w3id.org/security/suites/ed25519-2020/v1`` context, which is added to
a document that lacks it. URDNA2015 and RDFC-1.0 give the same output.

Spec: https://www.w3.org/TR/vc-di-eddsa/#the-ed25519signature2020-suite
"""

from __future__ import annotations

from ._base import Cryptosuite
from ._stages import (
    concatenated_hashing,
    multibase_serialization,
    multibase_verification,
    rdfc_proof_configuration,
    rdfc_transformation,
)

__all__ = ["ED25519_2020_CONTEXT", "Ed25519Signature2020"]

ED25519_2020_CONTEXT = "https://w3id.org/security/suites/ed25519-2020/v1"

Ed25519Signature2020 = Cryptosuite(
    name="Ed25519Signature2020",
    proof_type="Ed25519Signature2020",
    cryptosuite=None,
    hash_algorithms={"Ed25519": "sha256"},
    transformation=rdfc_transformation,
    proof_configuration=rdfc_proof_configuration,
    hashing=concatenated_hashing,
    serialization=multibase_serialization,
    verification=multibase_verification,
    contexts=(ED25519_2020_CONTEXT,),
    spec="https://www.w3.org/TR/vc-di-eddsa/#the-ed25519signature2020-suite",
)
