"""ecdsa-sd-2023: selective disclosure with ECDSA (P-256 and P-384 issuers).

The issuer signs once (:mod:`.base`): a base proof with mandatory JSON pointers, each
non-mandatory statement signed by a proof-scoped key, blank nodes labelled by an HMAC. The
holder derives (:mod:`.derived`) a proof that discloses the mandatory statements and those
their own selective pointers select. A verifier checks the derived proof
(:mod:`.verification`); a base proof presented to a verifier does not verify. The CBOR proof
values are in :mod:`.proof_values`, the selective disclosure functions the three share in
:mod:`vcler.di.selective`.

The curve of the issuer's key fixes the hash used throughout (HMAC, RDFC-1.0, proof and
mandatory hashes, the base signature): SHA-256 for P-256, SHA-384 for P-384. The proof-scoped
key is always P-256 (ES256), as the specification says.

Spec: https://www.w3.org/TR/vc-di-ecdsa/#ecdsa-sd-2023
"""

from __future__ import annotations

from .._base import DATA_INTEGRITY_CONTEXTS, DATA_INTEGRITY_PROOF, Cryptosuite
from .base import NAME, create_base_proof
from .derived import add_derived_proof
from .verification import verify_derived_proof

__all__ = ["EcdsaSd2023"]

EcdsaSd2023 = Cryptosuite(
    name=NAME,
    proof_type=DATA_INTEGRITY_PROOF,
    cryptosuite=NAME,
    hash_algorithms={"P-256": "sha256", "P-384": "sha384"},
    contexts=DATA_INTEGRITY_CONTEXTS,
    create_proof=create_base_proof,
    verify_proof=verify_derived_proof,
    derive_proof=add_derived_proof,
    spec="https://www.w3.org/TR/vc-di-ecdsa/#ecdsa-sd-2023",
)
