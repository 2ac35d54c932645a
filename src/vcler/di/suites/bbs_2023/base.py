"""bbs-2023, the issuer's side: Create Base Proof and its stages.

The issuer canonicalizes the document with blank nodes named by the HMAC ranks
(:mod:`.labels`), splits the statements into mandatory ones (those the mandatory JSON pointers
select) and the rest, and signs the rest with one BBS signature whose header is the hash of
the proof options and the hash of the mandatory statements. The base proof carries the HMAC
key: it is for the holder only.

Spec: https://www.w3.org/TR/vc-di-bbs/#create-base-proof-bbs-2023
"""

from __future__ import annotations

import copy
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from ....errors import InputError, InvalidKeyError, ProofError, VclerError
from ....jsonld import StaticDocumentLoader
from ....keys import MultiMessageSigner, Signer
from ...selective import check_pointers
from ..ecdsa_sd_2023 import base as ecdsa_sd_base
from ..ecdsa_sd_2023.base import BaseHashData, TransformedBase
from .labels import create_shuffled_id_label_map_function
from .proof_values import BaseProofValue, serialize_base_proof_value

__all__ = [
    "NAME",
    "BaseHashData",
    "TransformedBase",
    "base_proof_configuration",
    "base_proof_hashing",
    "base_proof_serialization",
    "base_proof_transformation",
    "create_base_proof",
]

#: The suite's name, in every proof's ``cryptosuite``.
NAME = "bbs-2023"
#: The hash of everything in bbs-2023 (HMAC, RDFC-1.0, proof and mandatory hashes).
SHA256 = "sha256"
_HMAC_KEY_BYTES = 32


def base_proof_transformation(
    document: Mapping[str, Any],
    *,
    mandatory_pointers: Sequence[str],
    hmac_key: bytes,
    loader: StaticDocumentLoader,
) -> TransformedBase:
    """The document's canonical statements, blank nodes named by the HMAC (``hmac_key``)
    ranks, split into those ``mandatory_pointers`` select and the others: ecdsa-sd-2023's
    transformation with the shuffled label map.

    Raises :class:`vcler.errors.ProofError` for a pointer that does not match the document,
    and the JSON-LD errors of safe mode.

    Spec: https://www.w3.org/TR/vc-di-bbs/#base-proof-transformation-bbs-2023
    """
    # Steps 1-8 (Step 2: the shuffled label map factory).
    return ecdsa_sd_base.base_proof_transformation(
        document,
        mandatory_pointers=mandatory_pointers,
        hmac_key=hmac_key,
        hash_algorithm=SHA256,
        loader=loader,
        label_map_factory=create_shuffled_id_label_map_function(hmac_key),
    )


def base_proof_configuration(
    options: Mapping[str, Any], *, document: Mapping[str, Any], loader: StaticDocumentLoader
) -> str:
    """The proof options, in the document's ``@context``, as canonical N-Quads.

    Spec: https://www.w3.org/TR/vc-di-bbs/#base-proof-configuration-bbs-2023
    """
    # Steps 1-6, as ecdsa-sd-2023's with this suite's name.
    return ecdsa_sd_base.base_proof_configuration(
        options, document=document, hash_algorithm=SHA256, loader=loader, cryptosuite=NAME
    )


def base_proof_hashing(transformed: TransformedBase, canonical_proof_config: str) -> BaseHashData:
    """The hash of the canonical proof configuration and of the mandatory statements.

    Spec: https://www.w3.org/TR/vc-di-bbs/#base-proof-hashing-bbs-2023
    """
    # Steps 1-4, as ecdsa-sd-2023's with SHA-256.
    return ecdsa_sd_base.base_proof_hashing(
        transformed, canonical_proof_config, hash_algorithm=SHA256
    )


def _bbs_signer(signer: Signer) -> MultiMessageSigner:
    if not isinstance(signer, MultiMessageSigner) or signer.algorithm != "Bls12381G2":
        raise ProofError(
            f"{NAME} signs with a Bls12381G2 key that signs messages (sign_messages), not a "
            f"{getattr(signer, 'algorithm', '?')} signer"
        )
    return signer


def base_proof_serialization(hash_data: BaseHashData, *, signer: Signer) -> str:
    """The base proof value: the BBS signature (by ``signer``, a Bls12381G2
    :class:`vcler.keys.MultiMessageSigner`) of the non-mandatory statements, with the proof
    hash and the mandatory hash as its header (the baseline feature).

    Spec: https://www.w3.org/TR/vc-di-bbs/#base-proof-serialization-bbs-2023
    """
    bbs_signer = _bbs_signer(signer)
    transformed = hash_data.transformed
    # Step 2: the BBS header.
    bbs_header = hash_data.proof_hash + hash_data.mandatory_hash
    # Step 3: the BBS messages, UTF-8.
    bbs_messages = [statement.encode("utf-8") for statement in transformed.non_mandatory]
    # Step 4 (baseline): Sign.
    try:
        bbs_signature = bbs_signer.sign_messages(bbs_messages, header=bbs_header)
        public_key = bbs_signer.public_key.public_bytes()
    except InputError as error:  # more statements than a BBS signature signs
        raise ProofError(f"cannot sign a BBS signature: {error}") from error
    except VclerError:
        raise
    except Exception as error:  # a signer (HSM, KMS adapter...) may raise anything
        raise ProofError(f"the signer failed: {type(error).__name__}: {error}") from error
    if not isinstance(bbs_signature, bytes | bytearray) or len(bbs_signature) != 80:
        raise InvalidKeyError("sign_messages did not return an 80-byte BBS signature")
    # Steps 5-6
    return serialize_base_proof_value(
        BaseProofValue(
            bbs_signature=bytes(bbs_signature),
            bbs_header=bbs_header,
            public_key=public_key,
            hmac_key=transformed.hmac_key,
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
) -> dict[str, Any]:
    """Create Base Proof: the base proof (with ``proofValue``) of an unsecured document, the
    baseline feature.

    ``mandatory_pointers`` (default none) select what every derived proof must disclose;
    ``hmac_key`` is a fresh random key unless given (the published test vectors fix it).
    ``hash_algorithm`` is always SHA-256 for this suite.

    Spec: https://www.w3.org/TR/vc-di-bbs/#create-base-proof-bbs-2023
    """
    if hash_algorithm != SHA256:
        raise ProofError(f"{NAME} hashes with SHA-256")
    _bbs_signer(signer)
    pointers = check_pointers(mandatory_pointers or [], what="mandatory_pointers")
    key = hmac_key if hmac_key is not None else secrets.token_bytes(_HMAC_KEY_BYTES)
    # Step 1
    proof = copy.deepcopy(dict(options))
    # Step 2
    canonical_proof_config = base_proof_configuration(proof, document=document, loader=loader)
    # Step 3
    transformed = base_proof_transformation(
        document, mandatory_pointers=pointers, hmac_key=key, loader=loader
    )
    # Step 4
    hash_data = base_proof_hashing(transformed, canonical_proof_config)
    # Steps 5-6
    proof["proofValue"] = base_proof_serialization(hash_data, signer=signer)
    # Step 7
    return proof
