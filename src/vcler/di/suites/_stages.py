"""The stages the cryptosuites share: RDFC and JCS transformation and proof configuration,
SHA-2 hashing, and multibase (base58-btc) signature serialization and verification.

Each function is one stage of the cryptosuite specifications; a suite module picks its stages.

Spec: https://www.w3.org/TR/vc-di-eddsa/#algorithms
Spec: https://www.w3.org/TR/vc-di-ecdsa/#algorithms
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

from ...canon import canonicalize_json, canonicalize_statements
from ...canon.rdfc10 import HASH_ALGORITHMS
from ...errors import InvalidKeyError, MalformedProofError
from ...jsonld import StaticDocumentLoader, derived_cache, to_statements
from ...keys import MAX_SIGNATURE_BYTES, PublicKey, Signer
from ...keys.encoding import multibase_b58_decode, multibase_b58_encode

__all__ = [
    "concatenated_hashing",
    "jcs_proof_configuration",
    "jcs_transformation",
    "multibase_serialization",
    "multibase_verification",
    "rdfc_proof_configuration",
    "rdfc_transformation",
]


def rdfc_transformation(
    document: dict[str, Any], *, hash_algorithm: str, loader: StaticDocumentLoader
) -> str:
    """The document as RDFC-1.0 canonical N-Quads (JSON-LD to RDF in safe mode).

    ``hash_algorithm`` is the one RDFC-1.0 uses for blank node labels: SHA-256, or SHA-384 for
    ECDSA with P-384.

    Spec: https://www.w3.org/TR/vc-di-eddsa/#transformation-eddsa-rdfc-2022
    Spec: https://www.w3.org/TR/vc-di-ecdsa/#transformation-ecdsa-rdfc-2019
    """
    # Step 2: to RDF statements, canonicalize, serialize.
    statements = to_statements(document, loader=loader)
    return canonicalize_statements(statements, hash_algorithm=hash_algorithm)


def jcs_transformation(
    document: dict[str, Any], *, hash_algorithm: str, loader: StaticDocumentLoader
) -> str:
    """The document as RFC 8785 canonical JSON.

    Spec: https://www.w3.org/TR/vc-di-eddsa/#transformation-eddsa-jcs-2022
    Spec: https://www.w3.org/TR/vc-di-ecdsa/#transformation-ecdsa-jcs-2019
    """
    # Step 2: apply JCS to the document.
    return canonicalize_json(document)


def _clone_options(options: Mapping[str, Any]) -> dict[str, Any]:
    """Step 1 of Proof Configuration: a clone of the options, without a ``proofValue``."""
    return {key: value for key, value in options.items() if key != "proofValue"}


def rdfc_proof_configuration(
    options: Mapping[str, Any],
    *,
    document: Mapping[str, Any],
    hash_algorithm: str,
    loader: StaticDocumentLoader,
) -> str:
    """The proof options, in the document's ``@context``, as RDFC-1.0 canonical N-Quads.

    Spec: https://www.w3.org/TR/vc-di-eddsa/#proof-configuration-eddsa-rdfc-2022
    Spec: https://www.w3.org/TR/vc-di-ecdsa/#proof-configuration-ecdsa-rdfc-2019
    """
    # Step 1: clone the options.
    proof_config = _clone_options(options)
    # Steps 2-3 (type, cryptosuite, created) are checked by the generic algorithms.
    # Step 4: the proof configuration is read in the document's context.
    proof_config.pop("@context", None)
    if "@context" in document:
        proof_config = {"@context": document["@context"], **proof_config}
    # Step 5: canonicalize (or reuse the canonical form of the same configuration, in which
    # only `created` differed).
    created = proof_config.get("created")
    if not isinstance(created, str):
        return _canonical(proof_config, hash_algorithm, loader)
    key = _configuration_key(proof_config, created, hash_algorithm)
    if key is None:
        return _canonical(proof_config, hash_algorithm, loader)
    cache = derived_cache(loader)
    template: tuple[str, str] | None = cache.get(key)
    if template is not None:
        before, after = template
        return before + _created_literal(created) + after
    canonical = _canonical(proof_config, hash_algorithm, loader)
    template = _created_template(canonical, created, key[2])
    if template is not None:
        cache.put(key, template)
    return canonical


def _canonical(document: dict[str, Any], hash_algorithm: str, loader: StaticDocumentLoader) -> str:
    statements = to_statements(document, loader=loader)
    return canonicalize_statements(statements, hash_algorithm=hash_algorithm)


# An XML Schema dateTime made of ASCII characters N-Quads writes as they are.
_PLAIN_DATETIME = re.compile(
    r"-?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?"
)
_DC_CREATED = "<http://purl.org/dc/terms/created>"


def _created_literal(created: str) -> str:
    return f'"{created}"^^<http://www.w3.org/2001/XMLSchema#dateTime>'


def _configuration_key(
    proof_config: dict[str, Any], created: str, hash_algorithm: str
) -> tuple[str, str, str] | None:
    """The content of ``proof_config`` but its ``created``, or ``None`` when ``created`` is
    not a plain dateTime or the configuration is not plain JSON."""
    if _PLAIN_DATETIME.fullmatch(created) is None:
        return None
    rest = {name: value for name, value in proof_config.items() if name != "created"}
    try:
        content = json.dumps(rest, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    except (TypeError, ValueError):
        return None
    return ("rdfc proof configuration", hash_algorithm, content)


def _created_template(canonical: str, created: str, rest: str) -> tuple[str, str] | None:
    """``canonical`` split around its one ``created`` literal, when every configuration that
    differs from this one only by another plain ``created`` has the same canonical form with
    that literal in its place; else ``None``.

    That holds when: the dataset has at most one blank node (its label is then ``_:c14n0``
    whatever its hash); exactly one statement has the predicate ``dc:created``, with this
    literal as its object (its line sorts by its subject and predicate alone, before the
    literal); the literal occurs once; and no other value of the configuration is the same
    string (so no other term's statement could merge with it for one value and not another).
    """
    literal = _created_literal(created)
    if (
        "_:c14n1" in canonical
        or canonical.count(_DC_CREATED) != 1
        or canonical.count(literal) != 1
        or f"{_DC_CREATED} {literal} .\n" not in canonical
        or json.dumps(created) in rest
    ):
        return None
    before, _, after = canonical.partition(literal)
    return before, after


def jcs_proof_configuration(
    options: Mapping[str, Any],
    *,
    document: Mapping[str, Any],
    hash_algorithm: str,
    loader: StaticDocumentLoader,
) -> str:
    """The proof options (with the ``@context`` they carry) as RFC 8785 canonical JSON.

    Spec: https://www.w3.org/TR/vc-di-eddsa/#proof-configuration-eddsa-jcs-2022
    Spec: https://www.w3.org/TR/vc-di-ecdsa/#proof-configuration-ecdsa-jcs-2019
    """
    # Step 1: clone the options.
    proof_config = _clone_options(options)
    # Step 4: canonicalize.
    return canonicalize_json(proof_config)


def concatenated_hashing(
    transformed_document: str, canonical_proof_config: str, *, hash_algorithm: str
) -> bytes:
    """``hash(canonicalProofConfig) || hash(transformedDocument)`` with SHA-256 or SHA-384.

    Spec: https://www.w3.org/TR/vc-di-eddsa/#hashing-eddsa-rdfc-2022
    Spec: https://www.w3.org/TR/vc-di-ecdsa/#hashing-ecdsa-rdfc-2019
    """
    # (hashlib's named constructors directly: hashlib.new goes through a Python wrapper.)
    digest = HASH_ALGORITHMS.get(hash_algorithm)
    if digest is None:
        return _concatenated(transformed_document, canonical_proof_config, hash_algorithm)
    # Step 1: hash the proof configuration (32 or 48 bytes).
    proof_config_hash: bytes = digest(canonical_proof_config.encode()).digest()
    # Step 2: hash the transformed document.
    document_hash: bytes = digest(transformed_document.encode()).digest()
    # Step 3: join them, proof configuration first.
    return proof_config_hash + document_hash


def _concatenated(transformed_document: str, canonical_proof_config: str, name: str) -> bytes:
    """:func:`concatenated_hashing` with any other hashlib algorithm (the same steps)."""
    proof_config_hash = hashlib.new(name, canonical_proof_config.encode()).digest()
    return proof_config_hash + hashlib.new(name, transformed_document.encode()).digest()


def multibase_serialization(hash_data: bytes, *, signer: Signer) -> str:
    """Sign ``hash_data`` and encode the signature as a base58-btc multibase ``proofValue``.

    The signer applies the algorithm of its key: Ed25519 (Pure EdDSA) over the hash data, or
    ECDSA, which hashes the hash data once more with the curve's hash (SHA-256 for P-256,
    SHA-384 for P-384) and yields IEEE P1363 ``r || s``.

    Spec: https://www.w3.org/TR/vc-di-eddsa/#proof-serialization-eddsa-rdfc-2022
    Spec: https://www.w3.org/TR/vc-di-ecdsa/#proof-serialization-ecdsa-rdfc-2019
    """
    # Steps 1-2: sign with the key the signer holds.
    proof_bytes = signer.sign(hash_data)
    if not isinstance(proof_bytes, bytes | bytearray):
        raise TypeError(f"signer.sign returned {type(proof_bytes).__name__}, not bytes")
    # Step 6 of Create Proof: the base58-btc multibase value of the proof bytes.
    return multibase_b58_encode(bytes(proof_bytes))


def multibase_verification(hash_data: bytes, proof_value: str, *, public_key: PublicKey) -> bool:
    """Whether the base58-btc multibase ``proof_value`` is the key's signature of ``hash_data``.

    Spec: https://www.w3.org/TR/vc-di-eddsa/#proof-verification-eddsa-rdfc-2022
    Spec: https://www.w3.org/TR/vc-di-ecdsa/#proof-verification-ecdsa-rdfc-2019
    """
    # Step 3 of Verify Proof: decode the multibase base58-btc value.
    try:
        proof_bytes = multibase_b58_decode(
            proof_value, max_bytes=MAX_SIGNATURE_BYTES, what="proofValue"
        )
    except InvalidKeyError as error:
        raise MalformedProofError(error.message, pointer="/proofValue") from error
    # Steps 1-2: verify with the public key.
    return public_key.verify(proof_bytes, hash_data)
