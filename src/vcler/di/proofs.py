"""The generic Data Integrity algorithms that secure a document: Add Proof (with proof sets
and chains), run over any :class:`~vcler.di.suites.Cryptosuite`.

- :func:`add_proof` returns a new document with one more proof: the first proof is a single
  object, a second one makes a *proof set* (a list), and ``previous_proof`` makes a *proof
  chain* (the new proof also covers the proofs it names).
- :func:`create_proof` is the Create Proof algorithm every suite shares.

Verification is in :mod:`vcler.di.verification`.

Spec: https://www.w3.org/TR/vc-data-integrity/#algorithms
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Any, cast

from .._datetime import format_date_time_stamp, is_date_time_stamp
from .._json import copy_json
from ..errors import InputError, ProofError, VclerError
from ..jsonld import StaticDocumentLoader, default_loader
from ..keys import Signer
from ._contexts import inject_context
from .suites import Cryptosuite, get_suite

__all__ = ["add_proof", "create_proof"]


def create_proof(
    suite: Cryptosuite,
    document: dict[str, Any],
    options: Mapping[str, Any],
    *,
    signer: Signer,
    loader: StaticDocumentLoader,
    mandatory_pointers: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Create Proof: the proof (with ``proofValue``) of ``suite`` for an unsecured document.

    Every suite that follows the common pattern defines this algorithm the same way, and its
    stages differ; a suite that names its own ``create_proof`` (``ecdsa-sd-2023``) runs it.
    ``mandatory_pointers`` are a selective disclosure suite's.

    Spec: https://www.w3.org/TR/vc-di-eddsa/#create-proof-eddsa-rdfc-2022
    Spec: https://www.w3.org/TR/vc-di-eddsa/#create-proof-eddsa-jcs-2022
    """
    hash_algorithm = suite.hash_algorithm(signer.algorithm)
    if suite.create_proof is not None:
        return suite.create_proof(
            document,
            options,
            signer=signer,
            hash_algorithm=hash_algorithm,
            loader=loader,
            mandatory_pointers=mandatory_pointers,
        )
    if mandatory_pointers is not None:
        raise InputError(f"{suite.name} does not disclose selectively: no mandatory_pointers")
    transformation, proof_configuration, hashing, serialization = (
        suite.transformation,
        suite.proof_configuration,
        suite.hashing,
        suite.serialization,
    )
    assert transformation and proof_configuration and hashing and serialization
    # Step 1: the proof starts as a clone of the options.
    proof: dict[str, Any] = copy_json(dict(options))
    # Step 2 (JCS suites): the proof carries the document's @context.
    if suite.embeds_context and "@context" in document:
        proof["@context"] = copy_json(document["@context"])
    # Step 2/3: the canonical proof configuration.
    canonical_proof_config = proof_configuration(
        proof, document=document, hash_algorithm=hash_algorithm, loader=loader
    )
    # Step 3/4: the transformed document.
    transformed = transformation(document, hash_algorithm=hash_algorithm, loader=loader)
    # Step 4/5: the hash data.
    hash_data = hashing(transformed, canonical_proof_config, hash_algorithm=hash_algorithm)
    # Steps 5-6: sign, and encode the proof value.
    try:
        proof["proofValue"] = serialization(hash_data, signer=signer)
    except VclerError:
        raise
    except Exception as error:  # a signer (HSM, KMS adapter...) may raise anything
        raise ProofError(f"the signer failed: {type(error).__name__}: {error}") from error
    return proof


# -- Add Proof --------------------------------------------------------------------------------


def _check_signer(signer: object) -> Signer:
    # What isinstance(signer, Signer) checks (the members are there), without the cost of a
    # runtime protocol check.
    if not all(hasattr(signer, member) for member in ("id", "algorithm", "sign")):
        raise InputError("signer must have 'id', 'algorithm' and 'sign' (vcler.keys.Signer)")
    method = getattr(signer, "id", None)
    if not isinstance(method, str) or not method:
        raise InputError("signer.id must be the verification method id (a non-empty string)")
    return cast(Signer, signer)


def _date_option(name: str, value: object, now: datetime | None) -> str | None:
    """``created`` / ``expires`` as written into the proof (``None``: omitted)."""
    if value is None and name == "created":
        return format_date_time_stamp(now or datetime.now(timezone.utc))
    if value is None or value is False:
        return None
    if isinstance(value, datetime):
        return format_date_time_stamp(value)
    if isinstance(value, str) and is_date_time_stamp(value):
        return value
    raise ProofError(
        f"{name} must be an XSD dateTimeStamp (like 2023-02-24T23:36:38Z), not {value!r}"
    )


def _string_list_option(name: str, value: object) -> str | list[str] | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, Sequence) and value and all(isinstance(v, str) for v in value):
        return list(value)
    raise InputError(f"{name} must be a string or a non-empty list of strings")


def _proof_options(
    suite: Cryptosuite,
    *,
    signer: Signer,
    purpose: str,
    created: object,
    expires: object,
    challenge: str | None,
    domain: str | list[str] | None,
    previous_proof: str | list[str] | None,
    proof_id: str | None,
    now: datetime | None,
) -> dict[str, Any]:
    """The proof options: what the new proof says besides its ``proofValue``."""
    if not isinstance(purpose, str) or not purpose:
        raise InputError("purpose must be a proof purpose such as 'assertionMethod'")
    if proof_id is not None and (not isinstance(proof_id, str) or ":" not in proof_id):
        raise InputError("proof_id must be a URL, such as 'urn:uuid:...'")
    if challenge is not None and not isinstance(challenge, str):
        raise InputError("challenge must be a string")
    options: dict[str, Any] = {"type": suite.proof_type}
    if proof_id is not None:
        options["id"] = proof_id
    if suite.cryptosuite is not None:
        options["cryptosuite"] = suite.cryptosuite
    if created is None and not suite.stamps_created:
        created = False
    created_value = _date_option("created", created, now)
    if created_value is not None:
        options["created"] = created_value
    expires_value = _date_option("expires", expires, now)
    if expires_value is not None:
        options["expires"] = expires_value
    options["verificationMethod"] = signer.id
    options["proofPurpose"] = purpose
    if challenge is not None:
        options["challenge"] = challenge
    if domain is not None:
        options["domain"] = domain
    if previous_proof is not None:
        options["previousProof"] = previous_proof
    return options


def _existing_proofs(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Step 1 of Add Proof Set/Chain: the proofs the document already has."""
    if "proof" not in document:
        return []
    proof = document["proof"]
    proofs = proof if isinstance(proof, list) else [proof]
    if not all(isinstance(p, dict) for p in proofs):
        raise InputError("the document's proof must be an object or a list of objects")
    return proofs


def _matching_proofs(
    all_proofs: list[dict[str, Any]], previous_proof: str | list[str] | None
) -> list[dict[str, Any]]:
    """Steps 3-5 of Add Proof Set/Chain: the proofs ``previous_proof`` names, in order.

    Spec: https://www.w3.org/TR/vc-data-integrity/#add-proof-set-chain
    """
    if previous_proof is None:
        return []
    wanted = [previous_proof] if isinstance(previous_proof, str) else previous_proof
    known = {p.get("id") for p in all_proofs}
    for proof_id in wanted:
        if proof_id not in known:
            raise ProofError(f"previousProof {proof_id!r} names no proof of the document")
    return [p for p in all_proofs if p.get("id") in wanted]


def add_proof(
    document: Mapping[str, Any],
    *,
    signer: Signer,
    suite: str | Cryptosuite = "eddsa-rdfc-2022",
    purpose: str = "assertionMethod",
    created: str | datetime | bool | None = None,
    challenge: str | None = None,
    domain: str | Sequence[str] | None = None,
    previous_proof: str | Sequence[str] | None = None,
    proof_id: str | None = None,
    expires: str | datetime | None = None,
    loader: StaticDocumentLoader | None = None,
    now: datetime | None = None,
    mandatory_pointers: Sequence[str] | None = None,
) -> dict[str, Any]:
    """A copy of ``document`` with one more Data Integrity proof, signed by ``signer``.

    - ``suite``: a registry name (``"eddsa-rdfc-2022"``, ``"eddsa-jcs-2022"``,
      ``"ecdsa-rdfc-2019"``, ``"ecdsa-jcs-2019"``, ``"ecdsa-sd-2023"``,
      ``"Ed25519Signature2020"``) or a :class:`Cryptosuite`; the signer's key type must fit
      it.
    - ``mandatory_pointers`` (``ecdsa-sd-2023`` only): JSON pointers to what every proof
      derived from this base proof must disclose (default: nothing).
    - ``created``: ``None`` for ``now`` (default: the current time), a ``datetime`` or an XSD
      ``dateTimeStamp`` string, or ``False`` to leave it out. ``expires`` likewise (default:
      none).
    - ``previous_proof``: the ``id`` (or ids) of existing proofs the new proof chains to.
    - ``proof_id``: the new proof's ``id`` (a URL), so that later proofs can chain to it.

    The input is not modified. When the document already has a proof, the result's ``proof``
    is a list (a proof set, or a chain with ``previous_proof``). A document whose context does
    not define the suite's terms gets the suite's context appended (context injection).

    Raises :class:`~vcler.errors.UnknownSuiteError`, :class:`~vcler.errors.InputError` for
    misuse, :class:`~vcler.errors.ProofError` when the proof cannot be made (key type not
    fitting the suite, unknown ``previous_proof``), and JSON-LD or canonicalization errors
    (:class:`~vcler.errors.DataLossError`...) for a document that cannot be secured.

    Spec: https://www.w3.org/TR/vc-data-integrity/#add-proof
    Spec: https://www.w3.org/TR/vc-data-integrity/#add-proof-set-chain
    """
    cryptosuite = get_suite(suite)
    signer = _check_signer(signer)
    cryptosuite.hash_algorithm(signer.algorithm)  # the key must fit the suite
    if not isinstance(document, Mapping):
        raise InputError(f"the document must be a JSON object, not {type(document).__name__}")
    loader = loader or default_loader()
    previous = _string_list_option("previous_proof", previous_proof)
    options = _proof_options(
        cryptosuite,
        signer=signer,
        purpose=purpose,
        created=created,
        expires=expires,
        challenge=challenge,
        domain=_string_list_option("domain", domain),
        previous_proof=previous,
        proof_id=proof_id,
        now=now,
    )
    # Add Proof Set/Chain, step 1: the existing proofs.
    secured = copy_json(dict(document))
    all_proofs = _existing_proofs(secured)
    # Step 2: the input document, without proofs, in a context defining the proof's terms.
    output = {key: value for key, value in secured.items() if key != "proof"}
    inject_context(output, cryptosuite)
    # Steps 3-6: the proofs the new one chains to are part of what it secures.
    input_document = dict(output)
    matching = _matching_proofs(all_proofs, previous)
    if matching:
        input_document["proof"] = matching
    # Step 7 = Add Proof, step 1: the suite creates the proof.
    proof = create_proof(
        cryptosuite,
        input_document,
        options,
        signer=signer,
        loader=loader,
        mandatory_pointers=mandatory_pointers,
    )
    # Add Proof, steps 2-4.
    for member in ("type", "verificationMethod", "proofPurpose"):
        if not proof.get(member):
            raise ProofError(f"the created proof has no {member}")
    if proof.get("domain") != options.get("domain"):
        raise ProofError("the created proof's domain is not the requested one")
    if proof.get("challenge") != options.get("challenge"):
        raise ProofError("the created proof's challenge is not the requested one")
    # Add Proof Set/Chain, steps 8-9 (a lone proof stays a single object).
    output["proof"] = [*all_proofs, proof] if all_proofs else proof
    return output
