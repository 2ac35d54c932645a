"""Data Integrity: add and verify proofs with the EdDSA and ECDSA cryptosuites.

::

    from vcler.di import add_proof, verify_proofs

    signed = add_proof(credential, signer=key, suite="eddsa-rdfc-2022")
    results = verify_proofs(signed, get_verification_method=resolve_method)
    all(result.verified for result in results)

    base = add_proof(credential, signer=p256_key, suite="ecdsa-sd-2023",
                     mandatory_pointers=["/issuer"])
    derived = derive_proof(base, selective_pointers=["/credentialSubject/name"])

One generic proof engine (:mod:`vcler.di.proofs` to add, :mod:`vcler.di.verification` to
verify) runs every cryptosuite; a suite is a small
declaration of its stages (:class:`Cryptosuite`, in :mod:`vcler.di.suites`), registered by
name in :data:`SUITES`. A selective disclosure suite's holder derives proofs with
:func:`derive_proof` (:mod:`vcler.di.derivation`; the shared functions are in
:mod:`vcler.di.selective`). Proof purposes and their challenge/domain checks are in
:mod:`vcler.di.purposes`.

Spec: https://www.w3.org/TR/vc-data-integrity/
"""

from __future__ import annotations

from .derivation import derive_proof
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
    "derive_proof",
    "get_suite",
    "verify_proofs",
]
