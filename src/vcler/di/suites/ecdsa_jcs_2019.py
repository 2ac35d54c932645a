"""ecdsa-jcs-2019: ECDSA (P-256 with SHA-256, P-384 with SHA-384) over JCS canonical JSON.

Spec: https://www.w3.org/TR/vc-di-ecdsa/#ecdsa-jcs-2019
"""

from __future__ import annotations

from ._base import DATA_INTEGRITY_CONTEXTS, DATA_INTEGRITY_PROOF, Cryptosuite
from ._stages import (
    concatenated_hashing,
    jcs_proof_configuration,
    jcs_transformation,
    multibase_serialization,
    multibase_verification,
)

__all__ = ["EcdsaJcs2019"]

EcdsaJcs2019 = Cryptosuite(
    name="ecdsa-jcs-2019",
    proof_type=DATA_INTEGRITY_PROOF,
    cryptosuite="ecdsa-jcs-2019",
    hash_algorithms={"P-256": "sha256", "P-384": "sha384"},
    transformation=jcs_transformation,
    proof_configuration=jcs_proof_configuration,
    hashing=concatenated_hashing,
    serialization=multibase_serialization,
    verification=multibase_verification,
    contexts=DATA_INTEGRITY_CONTEXTS,
    json_ld=False,
    embeds_context=True,
    spec="https://www.w3.org/TR/vc-di-ecdsa/#ecdsa-jcs-2019",
)
