"""The BBS Signature Scheme (IRTF CFRG draft) over BLS12-381: what ``bbs-2023`` signs with.

- :mod:`.ciphersuites`: the ``BLS12-381-SHA-256`` and ``BLS12-381-SHAKE-256`` ciphersuites and
  the draft's utilities (hash_to_scalar, messages_to_scalars, create_generators,
  calculate_domain, serialize, the test vectors' mocked random scalars);
- :mod:`.scheme`: KeyGen, SkToPk, Sign, Verify, ProofGen, ProofVerify, their core operations
  and the octet encodings.

Group and pairing arithmetic is arkworks' through ``py-arkworks-bls12381`` (the optional extra
``vcler[bbs]``); nothing here is field arithmetic of its own. Importing this package does not
import the binding: the first key, signature or proof does.

Spec: https://www.ietf.org/archive/id/draft-irtf-cfrg-bbs-signatures-08.html
"""

from __future__ import annotations

from ._curve import available
from .ciphersuites import (
    BLS12_381_SHA_256,
    BLS12_381_SHAKE_256,
    CIPHERSUITES,
    MAX_MESSAGES,
    Ciphersuite,
    create_generators,
    hash_to_scalar,
    messages_to_scalars,
    seeded_random_scalars,
)
from .scheme import (
    BbsEncodingError,
    Proof,
    Signature,
    key_gen,
    octets_to_proof,
    octets_to_pubkey,
    octets_to_signature,
    proof_gen,
    proof_verify,
    sign,
    sk_to_pk,
    verify,
)

__all__ = [
    "BLS12_381_SHAKE_256",
    "BLS12_381_SHA_256",
    "CIPHERSUITES",
    "MAX_MESSAGES",
    "BbsEncodingError",
    "Ciphersuite",
    "Proof",
    "Signature",
    "available",
    "create_generators",
    "hash_to_scalar",
    "key_gen",
    "messages_to_scalars",
    "octets_to_proof",
    "octets_to_pubkey",
    "octets_to_signature",
    "proof_gen",
    "proof_verify",
    "seeded_random_scalars",
    "sign",
    "sk_to_pk",
    "verify",
]
