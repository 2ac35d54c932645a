"""bbs-2023, the verifier's side: Verify Derived Proof.

The verifier canonicalizes the reveal document, names its blank nodes through the proof's
label map, splits the statements into mandatory ones (by the proof's mandatory indexes) and
the disclosed non-mandatory ones, and checks the BBS proof (``ProofVerify``) with the hash of
the proof options and of the mandatory statements as its header. Every way a derived proof can
be wrong is a :class:`vcler.Problem` with ``PROOF_VERIFICATION_ERROR`` (as the specification
asks) and a pointer into the proof; nothing raises for a document. A proof whose points or
scalars do not decode is refused with the reason (not on the curve, not in the subgroup, the
identity, a scalar out of range), before any pairing is computed.

Spec: https://www.w3.org/TR/vc-di-bbs/#verify-derived-proof-bbs-2023
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .... import codes
from ....errors import ProofError
from ....jsonld import StaticDocumentLoader
from ....keys import PublicKey
from ....keys.bbs import MAX_MESSAGES, BbsEncodingError, octets_to_proof, proof_verify
from ....problems import Problem
from ..ecdsa_sd_2023.verification import verify_data_steps
from .base import SHA256
from .proof_values import is_base_proof_value, parse_derived_proof_value

__all__ = ["VerifyData", "create_verify_data", "verify_derived_proof"]


@dataclass(frozen=True)
class VerifyData:
    """What createVerifyData returns."""

    bbs_proof: bytes
    proof_hash: bytes
    mandatory_hash: bytes
    selective_indexes: list[int]
    presentation_header: bytes
    non_mandatory: list[str]


def create_verify_data(
    document: Mapping[str, Any], proof: Mapping[str, Any], *, loader: StaticDocumentLoader
) -> VerifyData:
    """The data a derived proof is verified with, from the reveal ``document`` (without its
    proof) and the ``proof``.

    Raises :class:`vcler.errors.MalformedProofError` for a proof value that is not a derived
    one, :class:`vcler.errors.ProofError` for a label map or mandatory indexes that do not fit
    the document, and the JSON-LD errors of safe mode.

    Spec: https://www.w3.org/TR/vc-di-bbs/#createverifydata
    """
    # Steps 1-8 (as ecdsa-sd-2023's).
    proof_hash, derived, mandatory_hash, non_mandatory = verify_data_steps(
        document, proof, parse_derived_proof_value, hash_algorithm=SHA256, loader=loader
    )
    # Step 9
    return VerifyData(
        bbs_proof=derived.bbs_proof,
        proof_hash=proof_hash,
        mandatory_hash=mandatory_hash,
        selective_indexes=derived.selective_indexes,
        presentation_header=derived.presentation_header,
        non_mandatory=non_mandatory,
    )


def _problem(message: str) -> list[Problem]:
    return [Problem(codes.PROOF_VERIFICATION_ERROR, message, "/proofValue")]


def verify_derived_proof(
    document: dict[str, Any],
    proof: Mapping[str, Any],
    *,
    public_key: PublicKey,
    hash_algorithm: str,
    loader: StaticDocumentLoader,
) -> list[Problem]:
    """Every problem of a derived proof of ``document`` (without its proof) by the issuer's
    ``public_key`` (Bls12381G2); no problem means verified. JSON-LD errors of the document
    (safe mode) raise, as they do for every suite.

    Spec: https://www.w3.org/TR/vc-di-bbs/#verify-derived-proof-bbs-2023
    """
    if is_base_proof_value(proof.get("proofValue")):
        return _problem(
            "this is a base proof, which is for the holder only: a verifier checks a derived "
            "proof (vcler derive makes one)"
        )
    # Steps 1-4
    try:
        data = create_verify_data(document, proof, loader=loader)
    except ProofError as error:  # a malformed proof value among them
        return _problem(error.message)
    # The BBS proof decoded first: a point or scalar that is not one is named.
    try:
        bbs_proof = octets_to_proof(data.bbs_proof)
    except BbsEncodingError as error:
        return _problem(f"the BBS proof is malformed ({error.reason}): {error.message}")
    # The disclosed index set must fit the statements and the proof: one index per disclosed
    # non-mandatory statement, each below the number of signed messages.
    total = len(bbs_proof.commitments) + len(data.selective_indexes)
    if len(data.selective_indexes) != len(data.non_mandatory):
        return _problem(
            f"the disclosed index set ({len(data.selective_indexes)} indexes) does not match "
            f"the {len(data.non_mandatory)} disclosed non-mandatory statements"
        )
    if data.selective_indexes and data.selective_indexes[-1] >= total:
        return _problem(
            f"selective index {data.selective_indexes[-1]} is beyond the {total} messages "
            "the BBS proof covers"
        )
    if total > MAX_MESSAGES:
        return _problem(f"the BBS proof covers more than {MAX_MESSAGES} messages")
    # Steps 5-6 (baseline): ProofVerify.
    verified = proof_verify(
        public_key.public_bytes(),
        bbs_proof,
        data.proof_hash + data.mandatory_hash,
        data.presentation_header,
        [statement.encode("utf-8") for statement in data.non_mandatory],
        data.selective_indexes,
    )
    if not verified:
        return _problem(
            "the BBS proof does not verify: the disclosed statements, the proof options, the "
            "mandatory statements or the presentation header are not what was signed and "
            "proved, or the key is not the issuer's"
        )
    # Step 7
    return []
