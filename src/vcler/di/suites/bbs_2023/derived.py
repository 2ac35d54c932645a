"""bbs-2023, the holder's side: Add Derived Proof.

From a document with a base proof, the holder keeps what the mandatory pointers and their
own selective pointers select (the *reveal document*), and proves in zero knowledge that the
issuer signed the disclosed non-mandatory statements among others (BBS ``ProofGen``): every
derived proof is made with fresh random scalars, so two derived proofs of one credential share
no proof bytes. A label map names the blank nodes a verifier will see by the labels the issuer
signed; a presentation header (a verifier's challenge, say) may be bound to the proof.

Spec: https://www.w3.org/TR/vc-di-bbs/#add-derived-proof-bbs-2023
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ....errors import MalformedProofError, ProofError
from ....jsonld import StaticDocumentLoader
from ....keys.bbs import BbsEncodingError, proof_gen
from ....keys.bbs.scheme import RandomScalars
from ...selective import check_pointers
from ..ecdsa_sd_2023.derived import disclose, with_derived_proof
from .base import SHA256
from .labels import create_shuffled_id_label_map_function
from .proof_values import DerivedProofValue, parse_base_proof_value, serialize_derived_proof_value

__all__ = ["DisclosureData", "add_derived_proof", "create_disclosure_data"]


@dataclass(frozen=True)
class DisclosureData:
    """What createDisclosureData returns: the derived proof's components and the reveal
    document."""

    proof_value: DerivedProofValue
    reveal_document: dict[str, Any]


def create_disclosure_data(
    document: Mapping[str, Any],
    proof: Mapping[str, Any],
    *,
    selective_pointers: Sequence[str],
    loader: StaticDocumentLoader,
    presentation_header: bytes = b"",
    random_scalars: RandomScalars | None = None,
) -> DisclosureData:
    """The components of a derived proof disclosing what the base proof's mandatory pointers
    and ``selective_pointers`` select of ``document`` (the unsecured document), bound to
    ``presentation_header``. ``random_scalars`` replaces the proof's fresh random scalars
    (the test vectors' mocked ones; never in use).

    Raises :class:`vcler.errors.ProofError` (``PROOF_GENERATION_ERROR``) when nothing is
    selected, a pointer does not match the document, or the base proof does not fit it;
    :class:`vcler.errors.MalformedProofError` when ``proof`` is not a base proof.

    Spec: https://www.w3.org/TR/vc-di-bbs/#createdisclosuredata
    """
    selective = check_pointers(selective_pointers, what="selective_pointers")
    # Step 1: the base proof's components.
    base = parse_base_proof_value(proof.get("proofValue"))
    mandatory = base.mandatory_pointers
    if not mandatory and not selective:
        raise ProofError("nothing is selected for disclosure: give selective pointers")
    # Steps 2-3: the label map factory.
    factory = create_shuffled_id_label_map_function(base.hmac_key)
    # Steps 4-8 and 14-17 (as ecdsa-sd-2023's).
    disclosed = disclose(
        document,
        factory,
        mandatory=mandatory,
        selective=selective,
        hash_algorithm=SHA256,
        loader=loader,
    )
    groups = disclosed.grouping.groups
    # Steps 9-10: the selected statements' positions among the non-mandatory ones (the BBS
    # messages).
    selective_matching = groups["selective"].matching
    non_mandatory = groups["mandatory"].non_matching
    selective_indexes = [
        relative
        for relative, absolute in enumerate(non_mandatory)
        if absolute in selective_matching
    ]
    # Step 11: the BBS messages.
    bbs_messages = [statement.encode("utf-8") for statement in non_mandatory.values()]
    # Step 12 (baseline): ProofGen.
    try:
        bbs_proof = proof_gen(
            base.public_key,
            base.bbs_signature,
            base.bbs_header,
            presentation_header,
            bbs_messages,
            selective_indexes,
            random_scalars=random_scalars,
        )
    except BbsEncodingError as error:
        raise MalformedProofError(
            f"the base proof's BBS signature: {error.message}", pointer="/proofValue"
        ) from error
    except ValueError as error:  # more messages than a BBS signature signs
        raise ProofError(f"cannot derive a BBS proof: {error}") from error
    # Step 18
    return DisclosureData(
        DerivedProofValue(
            bbs_proof=bbs_proof,
            label_map=disclosed.label_map,
            mandatory_indexes=disclosed.mandatory_indexes,
            selective_indexes=selective_indexes,
            presentation_header=bytes(presentation_header),
        ),
        disclosed.reveal_document,
    )


def add_derived_proof(
    document: Mapping[str, Any],
    proof: Mapping[str, Any],
    *,
    selective_pointers: Sequence[str],
    loader: StaticDocumentLoader,
    presentation_header: bytes = b"",
    random_scalars: RandomScalars | None = None,
) -> dict[str, Any]:
    """The reveal document of ``document`` (unsecured) with a derived proof made from its
    base ``proof``, bound to ``presentation_header``.

    Spec: https://www.w3.org/TR/vc-di-bbs/#add-derived-proof-bbs-2023
    """
    # Step 1
    data = create_disclosure_data(
        document,
        proof,
        selective_pointers=selective_pointers,
        loader=loader,
        presentation_header=presentation_header,
        random_scalars=random_scalars,
    )
    # Steps 2-5 (as ecdsa-sd-2023's).
    return with_derived_proof(
        data.reveal_document, proof, serialize_derived_proof_value(data.proof_value)
    )
