"""ecdsa-sd-2023, the verifier's side: Verify Derived Proof.

The verifier canonicalizes the reveal document, names its blank nodes through the proof's
label map, and checks the issuer's signature over the proof options' hash, the proof-scoped
key and the hash of the mandatory statements, then each disclosed statement's signature by the
proof-scoped key. Every way a derived proof can be wrong is a :class:`vcler.Problem` with
``PROOF_VERIFICATION_ERROR`` (as the specification asks) and a pointer into the proof; nothing
raises for a document.

Spec: https://www.w3.org/TR/vc-di-ecdsa/#verify-derived-proof-ecdsa-sd-2023
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from .... import codes
from ....errors import InvalidKeyError, ProofError
from ....jsonld import StaticDocumentLoader, to_dataset
from ....keys import PublicKey
from ....problems import Problem
from ...selective import hash_mandatory_nquads, label_replacement_canonicalize_nquads
from ...selective.grouping import create_label_map_function
from .._stages import rdfc_proof_configuration
from .base import hash_proof_configuration
from .proof_values import (
    is_base_proof_value,
    parse_derived_proof_value,
    serialize_sign_data,
)

__all__ = [
    "VerifyData",
    "create_verify_data",
    "verify_data_steps",
    "verify_derived_proof",
]

_VERIFICATION = codes.PROOF_VERIFICATION_ERROR


@dataclass(frozen=True)
class VerifyData:
    """What createVerifyData returns."""

    base_signature: bytes
    proof_hash: bytes
    public_key: bytes
    signatures: list[bytes]
    non_mandatory: list[str]
    mandatory_hash: bytes


class _Refused(Exception):
    """A derived proof that cannot verify, as the problem saying why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _refused(message: str, pointer: str = "/proofValue") -> _Refused:
    return _Refused(Problem(_VERIFICATION, message, pointer))


def _mandatory_hash_and_others(
    document: Mapping[str, Any],
    label_map: Mapping[str, str],
    mandatory_indexes: Sequence[int],
    *,
    hash_algorithm: str,
    loader: StaticDocumentLoader,
) -> tuple[bytes, list[str]]:
    """Steps 3-8 of createVerifyData (bbs-2023's are the same): the reveal ``document``'s
    statements, blank nodes named through ``label_map``; the hash of those at
    ``mandatory_indexes``, and the others in order.

    Raises :class:`vcler.errors.ProofError` for a label map or mandatory indexes that do not
    fit the document.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#createverifydata
    """
    # Steps 3-4: the reveal document's statements, named through the label map.
    quads = to_dataset(dict(document), loader=loader)
    factory = create_label_map_function(label_map)
    issued, nquads = label_replacement_canonicalize_nquads(
        quads, factory, hash_algorithm=hash_algorithm
    )
    # (vcler) the label map names the document's blank nodes, each with its own label.
    if len(label_map) != len(issued):
        raise ProofError("the label map names blank nodes the disclosed document does not have")
    if len(set(label_map.values())) != len(label_map):
        raise ProofError("the label map gives two blank nodes the same label")
    # (vcler) every mandatory index is a statement of the document.
    if mandatory_indexes and mandatory_indexes[-1] >= len(nquads):
        raise ProofError(
            f"mandatory index {mandatory_indexes[-1]} is beyond the disclosed "
            f"document's {len(nquads)} statements"
        )
    # Steps 5-7: the mandatory and the other statements.
    indexes = set(mandatory_indexes)
    mandatory = [nq for index, nq in enumerate(nquads) if index in indexes]
    non_mandatory = [nq for index, nq in enumerate(nquads) if index not in indexes]
    # Step 8
    return hash_mandatory_nquads(mandatory, hash_algorithm=hash_algorithm), non_mandatory


class _DerivedProofValue(Protocol):
    """What the two suites' derived proof values share."""

    @property
    def label_map(self) -> dict[str, str]: ...

    @property
    def mandatory_indexes(self) -> list[int]: ...


_Derived = TypeVar("_Derived", bound=_DerivedProofValue)


def verify_data_steps(
    document: Mapping[str, Any],
    proof: Mapping[str, Any],
    parse: Callable[[object], _Derived],
    *,
    hash_algorithm: str,
    loader: StaticDocumentLoader,
) -> tuple[bytes, _Derived, bytes, list[str]]:
    """Steps 1-8 of createVerifyData (bbs-2023's are the same, with its ``parse``): the proof
    hash, the derived proof value, the hash of the mandatory statements and the others.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#createverifydata
    """
    # Step 1: the proof options' hash.
    options = {key: value for key, value in proof.items() if key != "proofValue"}
    canonical_proof_config = rdfc_proof_configuration(
        options, document=document, hash_algorithm=hash_algorithm, loader=loader
    )
    proof_hash = hash_proof_configuration(canonical_proof_config, hash_algorithm=hash_algorithm)
    # Step 2: the derived proof's components.
    derived = parse(proof.get("proofValue"))
    # Steps 3-8
    mandatory_hash, non_mandatory = _mandatory_hash_and_others(
        document,
        derived.label_map,
        derived.mandatory_indexes,
        hash_algorithm=hash_algorithm,
        loader=loader,
    )
    return proof_hash, derived, mandatory_hash, non_mandatory


def create_verify_data(
    document: Mapping[str, Any],
    proof: Mapping[str, Any],
    *,
    hash_algorithm: str,
    loader: StaticDocumentLoader,
) -> VerifyData:
    """The data a derived proof is verified with, from the reveal ``document`` (without its
    proof) and the ``proof``.

    Raises :class:`vcler.errors.MalformedProofError` for a proof value that is not a derived
    one, :class:`vcler.errors.ProofError` for a label map or mandatory indexes that do not
    fit the document, and the JSON-LD errors of safe mode.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#createverifydata
    """
    # Steps 1-8
    proof_hash, derived, mandatory_hash, non_mandatory = verify_data_steps(
        document, proof, parse_derived_proof_value, hash_algorithm=hash_algorithm, loader=loader
    )
    # Step 9
    return VerifyData(
        base_signature=derived.base_signature,
        proof_hash=proof_hash,
        public_key=derived.public_key,
        signatures=derived.signatures,
        non_mandatory=non_mandatory,
        mandatory_hash=mandatory_hash,
    )


def _verify_data(
    document: Mapping[str, Any],
    proof: Mapping[str, Any],
    *,
    hash_algorithm: str,
    loader: StaticDocumentLoader,
) -> VerifyData:
    if is_base_proof_value(proof.get("proofValue")):
        raise _refused(
            "this is a base proof, which is for the holder only: a verifier checks a derived "
            "proof (vcler derive makes one)"
        )
    try:
        return create_verify_data(document, proof, hash_algorithm=hash_algorithm, loader=loader)
    except ProofError as error:  # a malformed proof value among them
        raise _refused(error.message) from error


def verify_derived_proof(
    document: dict[str, Any],
    proof: Mapping[str, Any],
    *,
    public_key: PublicKey,
    hash_algorithm: str,
    loader: StaticDocumentLoader,
) -> list[Problem]:
    """Every problem of a derived proof of ``document`` (without its proof) by the issuer's
    ``public_key``; no problem means verified. JSON-LD errors of the document (safe mode)
    raise, as they do for every suite.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#verify-derived-proof-ecdsa-sd-2023
    """
    # Steps 1-2
    try:
        data = _verify_data(document, proof, hash_algorithm=hash_algorithm, loader=loader)
    except _Refused as refused:
        return [refused.problem]
    # Step 3: one signature per non-mandatory statement.
    if len(data.signatures) != len(data.non_mandatory):
        return [
            Problem(
                _VERIFICATION,
                f"the signature count ({len(data.signatures)}) does not match the "
                f"non-mandatory statement count ({len(data.non_mandatory)})",
                "/proofValue",
            )
        ]
    # Step 4: the proof-scoped key.
    try:
        scoped = PublicKey.from_multicodec(data.public_key)
    except InvalidKeyError as error:
        return [Problem(_VERIFICATION, f"the proof-scoped key: {error.message}", "/proofValue")]
    problems = []
    # Steps 5-7: the issuer's signature of proofHash || publicKey || mandatoryHash.
    to_verify = serialize_sign_data(data.proof_hash, data.public_key, data.mandatory_hash)
    if not public_key.verify(data.base_signature, to_verify):
        problems.append(
            Problem(
                _VERIFICATION,
                "the base signature does not verify: the proof options or the mandatory "
                "statements are not what the issuer signed, or the key is not the issuer's",
                "/proofValue",
            )
        )
    # Step 8: each disclosed statement's signature.
    failed = [
        index
        for index, (signature, statement) in enumerate(
            zip(data.signatures, data.non_mandatory, strict=True)
        )
        if not scoped.verify(signature, statement.encode("utf-8"))
    ]
    if failed:
        problems.append(
            Problem(
                _VERIFICATION,
                f"{len(failed)} disclosed statement(s) do not verify against their signatures "
                f"(the first: non-mandatory statement {failed[0]})",
                "/proofValue",
            )
        )
    # Step 9
    return problems
