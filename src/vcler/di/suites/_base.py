"""A cryptosuite as a declaration of its stages, and the stage interfaces.

Every Data Integrity cryptosuite vcler implements follows the same five-stage pattern its
specification describes: **transformation** of the document, **proof configuration** (the
canonical form of the proof options), **hashing** of both, **proof serialization** (signing the
hash data into a ``proofValue``) and **proof verification**. A suite is therefore a
:class:`Cryptosuite` value naming one function for each stage; the generic Data Integrity
algorithms in :mod:`vcler.di.proofs` run the stages. The stages themselves live in
:mod:`vcler.di.suites._stages`.

Spec: https://www.w3.org/TR/vc-data-integrity/#cryptographic-suites
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Protocol

from ...errors import ProofError
from ...jsonld import StaticDocumentLoader
from ...keys import PublicKey, Signer
from ...problems import Problem

__all__ = [
    "DATA_INTEGRITY_CONTEXT",
    "DATA_INTEGRITY_CONTEXTS",
    "DATA_INTEGRITY_PROOF",
    "CreateProof",
    "Cryptosuite",
    "DeriveProof",
    "Hashing",
    "ProofConfiguration",
    "Serialization",
    "Transformation",
    "Verification",
    "VerifyProof",
]

#: The proof ``type`` of every modern cryptosuite.
DATA_INTEGRITY_PROOF = "DataIntegrityProof"
#: The context injected into a document that does not define the Data Integrity terms.
#: Spec: https://www.w3.org/TR/vc-data-integrity/#context-injection
DATA_INTEGRITY_CONTEXT = "https://w3id.org/security/data-integrity/v2"
#: Contexts that define ``DataIntegrityProof`` and its properties.
DATA_INTEGRITY_CONTEXTS: tuple[str, ...] = (
    DATA_INTEGRITY_CONTEXT,
    "https://www.w3.org/ns/credentials/v2",
    "https://w3id.org/security/data-integrity/v1",
)


class Transformation(Protocol):
    """Transformation: an unsecured document to the text that is hashed.

    Raises a :class:`vcler.errors.VclerError` (JSON-LD, canonicalization) when it cannot.
    """

    def __call__(
        self, document: dict[str, Any], *, hash_algorithm: str, loader: StaticDocumentLoader
    ) -> str: ...


class ProofConfiguration(Protocol):
    """Proof configuration: proof options (without ``proofValue``) to their canonical text."""

    def __call__(
        self,
        options: Mapping[str, Any],
        *,
        document: Mapping[str, Any],
        hash_algorithm: str,
        loader: StaticDocumentLoader,
    ) -> str: ...


class Hashing(Protocol):
    """Hashing: the transformed document and canonical proof configuration to hash data."""

    def __call__(
        self, transformed_document: str, canonical_proof_config: str, *, hash_algorithm: str
    ) -> bytes: ...


class Serialization(Protocol):
    """Proof serialization: hash data to a ``proofValue``, signed by ``signer``."""

    def __call__(self, hash_data: bytes, *, signer: Signer) -> str: ...


class Verification(Protocol):
    """Proof verification: whether ``proof_value`` is a proof of ``hash_data`` by the key.

    Raises :class:`vcler.errors.MalformedProofError` when ``proof_value`` cannot be decoded.
    """

    def __call__(self, hash_data: bytes, proof_value: str, *, public_key: PublicKey) -> bool: ...


class CreateProof(Protocol):
    """A suite's whole Create Proof algorithm: the proof (with ``proofValue``) of an
    unsecured document, for proof ``options``. ``mandatory_pointers`` are a selective
    disclosure suite's (what every derived proof must disclose).

    Spec: https://www.w3.org/TR/vc-data-integrity/#dfn-createproof
    """

    def __call__(
        self,
        document: dict[str, Any],
        options: Mapping[str, Any],
        *,
        signer: Signer,
        hash_algorithm: str,
        loader: StaticDocumentLoader,
        mandatory_pointers: Sequence[str] | None = None,
    ) -> dict[str, Any]: ...


class VerifyProof(Protocol):
    """A suite's whole Verify Proof algorithm: every problem of ``proof`` over ``document``
    (the unsecured document) by ``public_key``; none means verified. Pointers are relative to
    the proof. Raises :class:`vcler.errors.VclerError` only for a document that cannot be
    processed (JSON-LD safe mode), as a transformation does.

    Spec: https://www.w3.org/TR/vc-data-integrity/#dfn-verifyproof
    """

    def __call__(
        self,
        document: dict[str, Any],
        proof: Mapping[str, Any],
        *,
        public_key: PublicKey,
        hash_algorithm: str,
        loader: StaticDocumentLoader,
    ) -> list[Problem]: ...


class DeriveProof(Protocol):
    """A selective disclosure suite's derivation: the reveal document of ``document`` (the
    unsecured document) with a derived proof made from its base ``proof``, disclosing what the
    base proof's mandatory pointers and ``selective_pointers`` select. ``presentation_header``
    is bound to a zero-knowledge derived proof (``bbs-2023``); a suite that has none refuses
    a non-empty one.
    """

    def __call__(
        self,
        document: Mapping[str, Any],
        proof: Mapping[str, Any],
        *,
        selective_pointers: Sequence[str],
        loader: StaticDocumentLoader,
        presentation_header: bytes = b"",
    ) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Cryptosuite:
    """One cryptosuite, declared as its stages.

    - ``name``: the registry key (the ``cryptosuite`` value, or the legacy proof ``type``).
    - ``proof_type`` / ``cryptosuite``: what a proof of this suite carries in ``type`` and
      ``cryptosuite`` (``None`` for legacy suites that have no ``cryptosuite`` property).
    - ``hash_algorithms``: key type → hash algorithm (``"sha256"``, ``"sha384"``); the keys are
      the key types the suite accepts, the value is used for canonicalization and hashing.
    - ``transformation``, ``proof_configuration``, ``hashing``, ``serialization``,
      ``verification``: the stages, for a suite that follows the common pattern; or
    - ``create_proof`` and ``verify_proof``: the whole algorithms, for one that does not
      (then the stages are ``None``); ``derive_proof`` for a selective disclosure suite.
    - ``contexts``: JSON-LD contexts that define the proof's terms; the first is injected into
      a document that has none of them.
    - ``json_ld``: the suite processes the document as JSON-LD (so it always needs a context);
      a JCS suite needs one only when the document has an ``@context``.
    - ``embeds_context``: the proof carries the document's ``@context`` (the JCS suites).
    - ``proof_value``: the member holding the signature (``proofValue``; ``jws`` for the
      legacy JWS-based suites).
    - ``spec``: the specification section defining the suite.
    - ``extra``: the optional extra of vcler the suite needs (``bbs`` for ``bbs-2023``), and
      ``installed`` whether it is there; a proof of a suite whose extra is missing is
      ``UNSUPPORTED_CRYPTOSUITE``, as for a suite vcler does not know.
    - ``stamps_created``: whether a proof gets ``created`` (the current time) when the caller
      names none; ``bbs-2023`` leaves it out, since every presentation derived from the
      credential would carry the same value.
    """

    name: str
    proof_type: str
    cryptosuite: str | None
    hash_algorithms: Mapping[str, str]
    transformation: Transformation | None = None
    proof_configuration: ProofConfiguration | None = None
    hashing: Hashing | None = None
    serialization: Serialization | None = None
    verification: Verification | None = None
    contexts: tuple[str, ...] = DATA_INTEGRITY_CONTEXTS
    json_ld: bool = True
    embeds_context: bool = False
    proof_value: str = "proofValue"
    spec: str = field(default="", compare=False)
    create_proof: CreateProof | None = None
    verify_proof: VerifyProof | None = None
    derive_proof: DeriveProof | None = None
    stamps_created: bool = True
    extra: str | None = None
    installed: Callable[[], bool] = field(default=lambda: True, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "hash_algorithms", MappingProxyType(dict(self.hash_algorithms)))
        stages = (
            self.transformation,
            self.proof_configuration,
            self.hashing,
            self.serialization,
            self.verification,
        )
        whole = self.create_proof is not None and self.verify_proof is not None
        if not whole and any(stage is None for stage in stages):
            raise TypeError(
                f"the cryptosuite {self.name} needs its five stages, or create_proof and "
                "verify_proof"
            )

    @property
    def selective_disclosure(self) -> bool:
        """Whether the suite derives proofs that disclose part of a document."""
        return self.derive_proof is not None

    @property
    def key_types(self) -> tuple[str, ...]:
        """The key types (``"Ed25519"``, ``"P-256"``, ``"P-384"``) this suite accepts."""
        return tuple(self.hash_algorithms)

    def hash_algorithm(self, key_type: str) -> str:
        """The hash algorithm for a key of ``key_type``; :class:`ProofError` if it does not fit."""
        algorithm = self.hash_algorithms.get(key_type)
        if algorithm is None:
            raise ProofError(
                f"{self.name} needs a key of type {' or '.join(self.key_types)}, not {key_type!r}"
            )
        return algorithm

    def proof_options(self) -> dict[str, Any]:
        """The ``type`` (and ``cryptosuite``) members every proof of this suite starts with."""
        options: dict[str, Any] = {"type": self.proof_type}
        if self.cryptosuite is not None:
            options["cryptosuite"] = self.cryptosuite
        return options

    def __repr__(self) -> str:
        return f"<Cryptosuite {self.name}>"
