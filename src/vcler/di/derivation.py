"""Deriving a proof: what a holder does with a selective disclosure base proof.

:func:`derive_proof` finds the document's base proof (of a suite that derives proofs, such
as ``ecdsa-sd-2023``), and returns the reveal document: what the base proof's mandatory
pointers and the holder's selective pointers select, with the derived proof alone (other
proofs of the document would not verify on a part of it).

Spec: https://www.w3.org/TR/vc-di-ecdsa/#add-derived-proof-ecdsa-sd-2023
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..errors import InputError, MalformedProofError, ProofError
from ..jsonld import StaticDocumentLoader, default_loader
from .suites import SUITES, Cryptosuite
from .suites import suite_of_proof as _suite_of_proof

__all__ = ["derive_proof"]


def _base_proof(
    proofs: list[Any], proof_id: str | None, suites: Mapping[str, Cryptosuite]
) -> tuple[dict[str, Any], Cryptosuite]:
    """The proof to derive from: the one ``proof_id`` names, else the only proof of a suite
    that derives proofs."""
    candidates = []
    for proof in proofs:
        if not isinstance(proof, dict):
            continue
        suite = _suite_of_proof(proof, suites)
        if suite is None or suite.derive_proof is None:
            continue
        if proof_id is None or proof.get("id") == proof_id:
            candidates.append((proof, suite))
    if not candidates:
        wanted = f"with id {proof_id!r} " if proof_id is not None else ""
        raise ProofError(
            f"the document has no proof {wanted}to derive from: it needs a base proof of a "
            "selective disclosure cryptosuite (ecdsa-sd-2023, bbs-2023)",
            pointer="/proof",
        )
    if len(candidates) > 1:
        raise ProofError(
            "the document has several base proofs: name the one to derive from (proof_id)",
            pointer="/proof",
        )
    return candidates[0]


def _bytes_option(value: object) -> bytes:
    if not isinstance(value, bytes | bytearray):
        raise InputError(f"presentation_header must be bytes, not {type(value).__name__}")
    return bytes(value)


def derive_proof(
    document: Mapping[str, Any],
    *,
    selective_pointers: Sequence[str],
    proof_id: str | None = None,
    loader: StaticDocumentLoader | None = None,
    suites: Iterable[Cryptosuite] = (),
    presentation_header: bytes = b"",
) -> dict[str, Any]:
    """The reveal document of ``document`` with a proof derived from its base proof,
    disclosing what the base proof's mandatory pointers and ``selective_pointers`` (JSON
    pointers, such as ``/credentialSubject/achievement/name``) select.

    - ``proof_id``: the ``id`` of the base proof when the document has several.
    - ``suites``: selective disclosure suites of your own, besides vcler's.
    - ``presentation_header``: bytes a ``bbs-2023`` derived proof binds (a verifier's
      challenge, say); ``ecdsa-sd-2023`` has none.

    The input is not modified. Raises :class:`~vcler.errors.InputError` for misuse,
    :class:`~vcler.errors.ProofError` (``PROOF_GENERATION_ERROR``) when there is no base proof
    to derive from, a pointer does not match the document, or nothing would be disclosed;
    :class:`~vcler.errors.MalformedProofError` when the base proof's value is not a base proof
    (a derived proof cannot be derived again); and the JSON-LD errors of safe mode.

    Spec: https://www.w3.org/TR/vc-di-ecdsa/#add-derived-proof-ecdsa-sd-2023
    """
    if not isinstance(document, Mapping):
        raise InputError(f"the document must be a JSON object, not {type(document).__name__}")
    known = dict(SUITES)
    for suite in suites:
        if not isinstance(suite, Cryptosuite):
            raise InputError("suites holds Cryptosuite values")
        known[suite.name] = suite
    if "proof" not in document:
        raise ProofError("the document has no proof to derive from", pointer="/proof")
    value = document["proof"]
    proofs = value if isinstance(value, list) else [value]
    proof, suite = _base_proof(proofs, proof_id, known)
    assert suite.derive_proof is not None
    at = "/proof" if isinstance(value, dict) else f"/proof/{proofs.index(proof)}"
    unsecured = {key: item for key, item in document.items() if key != "proof"}
    try:
        return suite.derive_proof(
            unsecured,
            proof,
            selective_pointers=selective_pointers,
            loader=loader or default_loader(),
            presentation_header=_bytes_option(presentation_header),
        )
    except MalformedProofError as error:  # the proof, not the document
        raise MalformedProofError(
            f"cannot derive from this proof: {error.message}", pointer=at + (error.pointer or "")
        ) from error
