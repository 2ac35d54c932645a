"""eddsa-jcs-2022: Ed25519 signatures over RFC 8785 (JCS) canonical JSON.

The proof carries the document's ``@context`` (Create Proof step 2), and a verifier checks that
the document's ``@context`` starts with it (Verify Proof step 4).

Spec: https://www.w3.org/TR/vc-di-eddsa/#eddsa-jcs-2022
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

__all__ = ["EddsaJcs2022"]

EddsaJcs2022 = Cryptosuite(
    name="eddsa-jcs-2022",
    proof_type=DATA_INTEGRITY_PROOF,
    cryptosuite="eddsa-jcs-2022",
    hash_algorithms={"Ed25519": "sha256"},
    transformation=jcs_transformation,
    proof_configuration=jcs_proof_configuration,
    hashing=concatenated_hashing,
    serialization=multibase_serialization,
    verification=multibase_verification,
    contexts=DATA_INTEGRITY_CONTEXTS,
    json_ld=False,
    embeds_context=True,
    spec="https://www.w3.org/TR/vc-di-eddsa/#eddsa-jcs-2022",
)
