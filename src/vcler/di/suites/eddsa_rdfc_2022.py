"""eddsa-rdfc-2022: Ed25519 signatures over RDFC-1.0 canonical N-Quads.

Spec: https://www.w3.org/TR/vc-di-eddsa/#eddsa-rdfc-2022
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

__all__ = ["EddsaRdfc2022"]

EddsaRdfc2022 = Cryptosuite(
    name="eddsa-rdfc-2022",
    proof_type=DATA_INTEGRITY_PROOF,
    cryptosuite="eddsa-rdfc-2022",
    hash_algorithms={"Ed25519": "sha256"},
    transformation=rdfc_transformation,
    proof_configuration=rdfc_proof_configuration,
    hashing=concatenated_hashing,
    serialization=multibase_serialization,
    verification=multibase_verification,
    contexts=DATA_INTEGRITY_CONTEXTS,
    spec="https://www.w3.org/TR/vc-di-eddsa/#eddsa-rdfc-2022",
)
