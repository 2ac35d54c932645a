"""ecdsa-sd-2023, the issuer's side: Create Base Proof and its stages.

The issuer canonicalizes the document with HMAC-keyed blank node labels, splits the
statements into mandatory ones (those the mandatory JSON pointers select) and the rest, signs
each of the rest with a fresh proof-scoped P-256 key, and signs the proof options' hash, that
key and the mandatory statements' hash with its own key. The base proof carries everything the
holder needs to derive proofs (the HMAC key among it): it is for the holder only.

Spec: https://www.w3.org/TR/vc-di-ecdsa/#create-base-proof-ecdsa-sd-2023
"""

from __future__ import annotations

import copy
import hashlib
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ...._datetime import parse_date_time
from ....errors import ProofError, VclerError
from ....jsonld import StaticDocumentLoader
from ....keys import PrivateKey, Signer
from ...selective import canonicalize_and_group, check_pointers, hash_mandatory_nquads
from ...selective.grouping import LabelMapFactory, create_hmac_id_label_map_function
from .._base import DATA_INTEGRITY_PROOF
from .._stages import rdfc_proof_configuration
from .proof_values import BaseProofValue, serialize_base_proof_value, serialize_sign_data

__all__ = [
    "NAME",
    "BaseHashData",
    "TransformedBase",
    "base_proof_configuration",
    "base_proof_hashing",
    "base_proof_serialization",
    "base_proof_transformation",
    "create_base_proof",
    "hash_proof_configuration",
]

#: The suite's name, in every proof's ``cryptosuite``.
NAME = "ecdsa-sd-2023"


@dataclass(frozen=True)
class TransformedBase:
    """What Base Proof Transformation returns: the canonical statements (with HMAC labels)
    split by the mandatory pointers, and the HMAC key.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#base-proof-transformation-ecdsa-sd-2023
    """

    mandatory_pointers: list[str]
    mandatory: list[str]
    non_mandatory: list[str]
    hmac_key: bytes


@dataclass(frozen=True)
class BaseHashData:
    """What Base Proof Hashing returns: the transformed document with the two hashes."""

    transformed: TransformedBase
    proof_hash: bytes
    mandatory_hash: bytes


def base_proof_transformation(
    document: Mapping[str, Any],
    *,
    mandatory_pointers: Sequence[str],
    hmac_key: bytes,
    hash_algorithm: str,
    loader: StaticDocumentLoader,
    label_map_factory: LabelMapFactory | None = None,
) -> TransformedBase:
    """The document's canonical statements, labelled by HMAC with ``hmac_key``, split into
    those ``mandatory_pointers`` select and the others. ``label_map_factory`` replaces the
    HMAC labels with another suite's labels keyed by ``hmac_key`` (bbs-2023's HMAC ranks).

    Raises :class:`vcler.errors.ProofError` for a pointer that does not match the document,
    and the JSON-LD errors of safe mode.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#base-proof-transformation-ecdsa-sd-2023
    """
    # Steps 1-2: the HMAC (a key as long as the digest) and its label map factory.
    if len(hmac_key) != hashlib.new(hash_algorithm).digest_size:
        raise ProofError(f"the HMAC key must be as long as a {hash_algorithm} digest")
    factory = label_map_factory or create_hmac_id_label_map_function(
        hmac_key, hash_algorithm=hash_algorithm
    )
    # Steps 3-4: canonicalize and group by the mandatory pointers.
    grouping = canonicalize_and_group(
        document,
        factory,
        {"mandatory": mandatory_pointers},
        hash_algorithm=hash_algorithm,
        loader=loader,
    )
    mandatory = grouping.groups["mandatory"]
    # Steps 5-8.
    return TransformedBase(
        mandatory_pointers=list(mandatory_pointers),
        mandatory=list(mandatory.matching.values()),
        non_mandatory=list(mandatory.non_matching.values()),
        hmac_key=hmac_key,
    )


def base_proof_configuration(
    options: Mapping[str, Any],
    *,
    document: Mapping[str, Any],
    hash_algorithm: str,
    loader: StaticDocumentLoader,
    cryptosuite: str = NAME,
) -> str:
    """The proof options, in the document's ``@context``, as canonical N-Quads (those of an
    ecdsa-sd-2023 proof, or of ``cryptosuite``'s: bbs-2023 configures its proofs alike).

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#base-proof-configuration-ecdsa-sd-2023
    """
    # Step 2: this suite's type and cryptosuite.
    if options.get("type") != DATA_INTEGRITY_PROOF or options.get("cryptosuite") != cryptosuite:
        raise ProofError(
            f"the proof options are not those of a {DATA_INTEGRITY_PROOF} {cryptosuite}"
        )
    # Step 3: created, when set, is a dateTime.
    if "created" in options and parse_date_time(options["created"]) is None:
        raise ProofError("the proof option created is not an XML Schema dateTime")
    # Steps 1, 4-6.
    return rdfc_proof_configuration(
        options, document=document, hash_algorithm=hash_algorithm, loader=loader
    )


def hash_proof_configuration(canonical_proof_config: str, *, hash_algorithm: str) -> bytes:
    """``proofHash``: the hash of the canonical proof configuration (both the base proof and
    a verifier's createVerifyData make it).

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#base-proof-hashing-ecdsa-sd-2023
    """
    return hashlib.new(hash_algorithm, canonical_proof_config.encode("utf-8")).digest()


def base_proof_hashing(
    transformed: TransformedBase, canonical_proof_config: str, *, hash_algorithm: str
) -> BaseHashData:
    """The hash of the canonical proof configuration and of the mandatory statements.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#base-proof-hashing-ecdsa-sd-2023
    """
    # Step 1
    proof_hash = hash_proof_configuration(canonical_proof_config, hash_algorithm=hash_algorithm)
    # Step 2
    mandatory_hash = hash_mandatory_nquads(transformed.mandatory, hash_algorithm=hash_algorithm)
    # Steps 3-4
    return BaseHashData(transformed, proof_hash, mandatory_hash)


def base_proof_serialization(
    hash_data: BaseHashData, *, signer: Signer, proof_key: PrivateKey | None = None
) -> str:
    """The base proof value: each non-mandatory statement signed by a proof-scoped P-256
    key (``proof_key``; default a fresh one, forgotten afterwards), and the proof hash, that
    key and the mandatory hash signed by ``signer``.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#base-proof-serialization-ecdsa-sd-2023
    """
    transformed = hash_data.transformed
    # Step 2: the proof-scoped key pair.
    scoped = proof_key if proof_key is not None else PrivateKey.generate("P-256")
    if scoped.type != "P-256":
        raise ProofError("the proof-scoped key of ecdsa-sd-2023 is a P-256 key")
    # Step 3: each non-mandatory statement signed (ES256), in order.
    signatures = [scoped.sign(statement.encode("utf-8")) for statement in transformed.non_mandatory]
    # Step 4: the scoped public key as a Multikey (0x8024 + compressed point).
    public_key = scoped.public_key.to_multicodec()
    # Steps 5-6: the issuer signs proofHash || publicKey || mandatoryHash.
    to_sign = serialize_sign_data(hash_data.proof_hash, public_key, hash_data.mandatory_hash)
    try:
        base_signature = signer.sign(to_sign)
    except VclerError:
        raise
    except Exception as error:  # a signer (HSM, KMS adapter...) may raise anything
        raise ProofError(f"the signer failed: {type(error).__name__}: {error}") from error
    if not isinstance(base_signature, bytes | bytearray):
        raise TypeError(f"signer.sign returned {type(base_signature).__name__}, not bytes")
    # Step 7
    return serialize_base_proof_value(
        BaseProofValue(
            base_signature=bytes(base_signature),
            public_key=public_key,
            hmac_key=transformed.hmac_key,
            signatures=signatures,
            mandatory_pointers=transformed.mandatory_pointers,
        )
    )


def create_base_proof(
    document: dict[str, Any],
    options: Mapping[str, Any],
    *,
    signer: Signer,
    hash_algorithm: str,
    loader: StaticDocumentLoader,
    mandatory_pointers: Sequence[str] | None = None,
    hmac_key: bytes | None = None,
    proof_key: PrivateKey | None = None,
) -> dict[str, Any]:
    """Create Base Proof: the base proof (with ``proofValue``) of an unsecured document.

    ``mandatory_pointers`` (default none) select what every derived proof must disclose;
    ``hmac_key`` and ``proof_key`` are fresh random keys unless given (the published test
    vectors fix them).

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#create-base-proof-ecdsa-sd-2023
    """
    pointers = check_pointers(mandatory_pointers or [], what="mandatory_pointers")
    key = (
        hmac_key
        if hmac_key is not None
        else secrets.token_bytes(hashlib.new(hash_algorithm).digest_size)
    )
    # Step 1
    proof = copy.deepcopy(dict(options))
    # Step 2
    canonical_proof_config = base_proof_configuration(
        proof, document=document, hash_algorithm=hash_algorithm, loader=loader
    )
    # Step 3
    transformed = base_proof_transformation(
        document,
        mandatory_pointers=pointers,
        hmac_key=key,
        hash_algorithm=hash_algorithm,
        loader=loader,
    )
    # Step 4
    hash_data = base_proof_hashing(
        transformed, canonical_proof_config, hash_algorithm=hash_algorithm
    )
    # Steps 5-6
    proof["proofValue"] = base_proof_serialization(hash_data, signer=signer, proof_key=proof_key)
    # Step 7
    return proof
