"""Data Integrity: add and verify proofs with the EdDSA and ECDSA cryptosuites.

::

    from vcler.di import add_proof, verify_proofs

    signed = add_proof(credential, signer=key, suite="eddsa-rdfc-2022")
    results = verify_proofs(signed, get_verification_method=resolve_method)
    all(result.verified for result in results)

One generic proof engine (:mod:`vcler.di.proofs` to add, :mod:`vcler.di.verification` to
verify) runs every cryptosuite; a suite is a small
declaration of its stages (:class:`Cryptosuite`, in :mod:`vcler.di.suites`), registered by
name in :data:`SUITES`. Proof purposes and their challenge/domain checks are in
:mod:`vcler.di.purposes`.

Spec: https://www.w3.org/TR/vc-data-integrity/
"""

from __future__ import annotations

from .proofs import add_proof, create_proof
from .purposes import PROOF_PURPOSES
from .suites import SUITES, Cryptosuite, get_suite
from .verification import GetVerificationMethod, verify_proofs

__all__ = [
    "PROOF_PURPOSES",
    "SUITES",
    "Cryptosuite",
    "GetVerificationMethod",
    "add_proof",
    "create_proof",
    "get_suite",
    "verify_proofs",
]
