"""ecdsa-sd-2023, the holder's side: Add Derived Proof.

From a document with a base proof, the holder keeps what the mandatory pointers and their
own selective pointers select (the *reveal document*), the signatures of the disclosed
non-mandatory statements, and a label map from the blank node labels a verifier will compute
to the HMAC labels the issuer signed. Nothing is signed by the holder.

Spec: https://www.w3.org/TR/vc-di-ecdsa/#add-derived-proof-ecdsa-sd-2023
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ....canon import canonicalize
from ....errors import InputError, ProofError
from ....jsonld import StaticDocumentLoader
from ...selective import canonicalize_and_group, check_pointers, select_json_ld
from ...selective.grouping import (
    Grouping,
    LabelMapFactory,
    create_hmac_id_label_map_function,
)
from .proof_values import (
    BaseProofValue,
    DerivedProofValue,
    parse_base_proof_value,
    serialize_derived_proof_value,
)

__all__ = [
    "Disclosed",
    "DisclosureData",
    "add_derived_proof",
    "create_disclosure_data",
    "disclose",
    "hash_algorithm_of",
    "with_derived_proof",
]


@dataclass(frozen=True)
class DisclosureData:
    """What createDisclosureData returns: the derived proof's components and the reveal
    document."""

    proof_value: DerivedProofValue
    reveal_document: dict[str, Any]


@dataclass(frozen=True)
class Disclosed:
    """What createDisclosureData finds for both selective disclosure suites: the statements
    grouped by the ``mandatory``, ``selective`` and ``combined`` pointers, the positions of the
    mandatory statements among the revealed ones, the reveal document, and the label map from
    the labels a verifier computes to those the issuer signed."""

    grouping: Grouping
    mandatory_indexes: list[int]
    reveal_document: dict[str, Any]
    label_map: dict[str, str]


def disclose(
    document: Mapping[str, Any],
    factory: LabelMapFactory,
    *,
    mandatory: Sequence[str],
    selective: Sequence[str],
    hash_algorithm: str,
    loader: StaticDocumentLoader,
) -> Disclosed:
    """Steps 4-9 and 11-14 of createDisclosureData (bbs-2023's are alike: 4-8 and 14-17),
    blank nodes labelled by ``factory``.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#createdisclosuredata
    """
    # Steps 4-6: canonicalize and group.
    combined = check_pointers([*mandatory, *selective], what="mandatory and selective pointers")
    grouping = canonicalize_and_group(
        document,
        factory,
        {"mandatory": mandatory, "selective": selective, "combined": combined},
        hash_algorithm=hash_algorithm,
        loader=loader,
    )
    groups = grouping.groups
    # Steps 7-9: the mandatory statements' positions among those revealed.
    mandatory_indexes = [
        relative
        for relative, absolute in enumerate(groups["combined"].matching)
        if absolute in groups["mandatory"].matching
    ]
    # Step 11: the reveal document.
    reveal_document = select_json_ld(combined, document)
    assert reveal_document is not None  # combined is not empty
    # Steps 12-14: the labels a verifier computes → the labels the issuer signed.
    canonical = canonicalize(groups["combined"].deskolemized, hash_algorithm=hash_algorithm)
    label_map = {
        verifier_label: grouping.label_map[input_label]
        for input_label, verifier_label in canonical.issued.items()
    }
    return Disclosed(grouping, mandatory_indexes, reveal_document, label_map)


def with_derived_proof(
    reveal_document: dict[str, Any], proof: Mapping[str, Any], proof_value: str
) -> dict[str, Any]:
    """Steps 2-5 of Add Derived Proof (bbs-2023's are the same): the reveal document with the
    base ``proof``'s options and the derived ``proof_value``.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#add-derived-proof-ecdsa-sd-2023
    """
    # Steps 2-3: the base proof's options with the derived proof value.
    new_proof = {key: value for key, value in proof.items() if key != "@context"}
    new_proof["proofValue"] = proof_value
    # Steps 4-5
    reveal_document["proof"] = new_proof
    return reveal_document


def hash_algorithm_of(base: BaseProofValue) -> str:
    """The hash of the issuer's curve, as the base signature and the HMAC key show it."""
    by_length = {(64, 32): "sha256", (96, 48): "sha384"}
    algorithm = by_length.get((len(base.base_signature), len(base.hmac_key)))
    if algorithm is None:
        raise ProofError("the base proof's signature and HMAC key do not fit one curve")
    return algorithm


def create_disclosure_data(
    document: Mapping[str, Any],
    proof: Mapping[str, Any],
    *,
    selective_pointers: Sequence[str],
    loader: StaticDocumentLoader,
) -> DisclosureData:
    """The components of a derived proof disclosing what the base proof's mandatory pointers
    and ``selective_pointers`` select of ``document`` (the unsecured document).

    Raises :class:`vcler.errors.ProofError` (``PROOF_GENERATION_ERROR``) when nothing is
    selected, a pointer does not match the document, or the base proof does not fit it;
    :class:`vcler.errors.MalformedProofError` when ``proof`` is not a base proof.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#createdisclosuredata
    """
    selective = check_pointers(selective_pointers, what="selective_pointers")
    # Step 1: the base proof's components.
    base = parse_base_proof_value(proof.get("proofValue"))
    hash_algorithm = hash_algorithm_of(base)
    mandatory = base.mandatory_pointers
    if not mandatory and not selective:
        raise ProofError("nothing is selected for disclosure: give selective pointers")
    # Steps 2-3: the HMAC label map factory.
    factory = create_hmac_id_label_map_function(base.hmac_key, hash_algorithm=hash_algorithm)
    # Steps 4-9 and 11-14
    disclosed = disclose(
        document,
        factory,
        mandatory=mandatory,
        selective=selective,
        hash_algorithm=hash_algorithm,
        loader=loader,
    )
    grouping = disclosed.grouping
    mandatory_matching = grouping.groups["mandatory"].matching
    if len(base.signatures) != len(grouping.nquads) - len(mandatory_matching):
        raise ProofError(
            "the base proof does not fit the document: it signs "
            f"{len(base.signatures)} non-mandatory statements, the document has "
            f"{len(grouping.nquads) - len(mandatory_matching)}"
        )
    # Step 10: the signatures of the selected non-mandatory statements.
    non_mandatory = [i for i in range(len(grouping.nquads)) if i not in mandatory_matching]
    selective_matching = grouping.groups["selective"].matching
    signatures = [
        signature
        for index, signature in zip(non_mandatory, base.signatures, strict=True)
        if index in selective_matching
    ]
    # Step 15
    return DisclosureData(
        DerivedProofValue(
            base_signature=base.base_signature,
            public_key=base.public_key,
            signatures=signatures,
            label_map=disclosed.label_map,
            mandatory_indexes=disclosed.mandatory_indexes,
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
) -> dict[str, Any]:
    """The reveal document of ``document`` (unsecured) with a derived proof made from its
    base ``proof``. ecdsa-sd-2023 has no presentation header: a non-empty one is refused.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#add-derived-proof-ecdsa-sd-2023
    """
    if presentation_header:
        raise InputError("ecdsa-sd-2023 derived proofs have no presentation header")
    # Step 1
    data = create_disclosure_data(
        document, proof, selective_pointers=selective_pointers, loader=loader
    )
    # Steps 2-5
    return with_derived_proof(
        data.reveal_document, proof, serialize_derived_proof_value(data.proof_value)
    )
