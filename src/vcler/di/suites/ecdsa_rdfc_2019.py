"""ecdsa-rdfc-2019: ECDSA (P-256 with SHA-256, P-384 with SHA-384) over RDFC-1.0 N-Quads.

The curve of the key fixes the hash used throughout: for RDFC-1.0 blank node labelling, for
hashing the canonical forms, and inside ECDSA itself.

Spec: https://www.w3.org/TR/vc-di-ecdsa/#ecdsa-rdfc-2019
Spec: https://www.w3.org/TR/vc-di-ecdsa/#canon-and-hash
"""

from __future__ import annotations

from ._base import DATA_INTEGRITY_CONTEXTS, DATA_INTEGRITY_PROOF, Cryptosuite
from ._stages import (
    concatenated_hashing,
    multibase_serialization,
    multibase_verification,
    rdfc_proof_configuration,
    rdfc_transformation,
)

__all__ = ["EcdsaRdfc2019"]

EcdsaRdfc2019 = Cryptosuite(
    name="ecdsa-rdfc-2019",
    proof_type=DATA_INTEGRITY_PROOF,
    cryptosuite="ecdsa-rdfc-2019",
    hash_algorithms={"P-256": "sha256", "P-384": "sha384"},
    transformation=rdfc_transformation,
    proof_configuration=rdfc_proof_configuration,
    hashing=concatenated_hashing,
    serialization=multibase_serialization,
    verification=multibase_verification,
    contexts=DATA_INTEGRITY_CONTEXTS,
    spec="https://www.w3.org/TR/vc-di-ecdsa/#ecdsa-rdfc-2019",
)
