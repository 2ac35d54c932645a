"""bbs-2023: unlinkable selective disclosure with BBS signatures (BLS12-381 G2 issuers).

The issuer signs once (:mod:`.base`): a base proof with mandatory JSON pointers, one BBS
signature over the non-mandatory statements, blank nodes named by HMAC rank. The holder
derives (:mod:`.derived`) a zero-knowledge proof disclosing the mandatory statements and
those their own selective pointers select; each derived proof is fresh, so presentations of
one credential cannot be linked by their proofs. A verifier checks the derived proof
(:mod:`.verification`). The CBOR proof values are in :mod:`.proof_values`; the BBS Signature
Scheme itself in :mod:`vcler.keys.bbs`. The baseline feature is implemented; anonymous
holder binding and pseudonyms are recognised and refused.

Everything hashes with SHA-256 and BBS uses the ``BLS12-381-SHA-256`` ciphersuite. It needs
the extra ``vcler[bbs]``.

Spec: https://www.w3.org/TR/vc-di-bbs/#bbs-2023
"""

from __future__ import annotations

from ....keys.bbs import available
from .._base import DATA_INTEGRITY_CONTEXTS, DATA_INTEGRITY_PROOF, Cryptosuite
from .base import NAME, SHA256, create_base_proof
from .derived import add_derived_proof
from .verification import verify_derived_proof

__all__ = ["Bbs2023"]

Bbs2023 = Cryptosuite(
    name=NAME,
    proof_type=DATA_INTEGRITY_PROOF,
    cryptosuite=NAME,
    hash_algorithms={"Bls12381G2": SHA256},
    contexts=DATA_INTEGRITY_CONTEXTS,
    create_proof=create_base_proof,
    verify_proof=verify_derived_proof,
    derive_proof=add_derived_proof,
    spec="https://www.w3.org/TR/vc-di-bbs/#bbs-2023",
    stamps_created=False,
    extra="bbs",
    installed=available,
)
