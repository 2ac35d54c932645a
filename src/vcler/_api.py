"""The recipes: issue, derive, present and verify credentials in one call, or with configured
objects.

``vcler.issue`` / ``vcler.present`` / ``vcler.verify`` are one-shot functions over
:class:`Issuer` and :class:`Verifier`, which hold what does not change between calls (the
signer and suite; the document loader, supplied documents, clock, allowed suites).
``vcler.derive`` is the holder's selective disclosure of an ``ecdsa-sd-2023`` credential.

``verify`` never raises for a bad document: everything it finds is in the returned
:class:`~vcler.results.VerificationResult`. It raises only for caller misuse (an argument of
the wrong type).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from ._issuing import Issuer
from ._verifying import AsyncVerifier, Verifier
from .context import DEFAULT_CLOCK_SKEW
from .errors import InputError
from .results import VerificationResult

if TYPE_CHECKING:
    from ._seam import JsonFetcher
    from .context import VerificationContext
    from .jsonld import StaticDocumentLoader
    from .keys import Signer

__all__ = [
    "AsyncVerifier",
    "Issuer",
    "Verifier",
    "averify",
    "derive",
    "issue",
    "present",
    "verify",
]


def issue(
    credential: Mapping[str, Any],
    *,
    signer: Signer,
    suite: str | None = None,
    created: str | None = None,
    loader: StaticDocumentLoader | None = None,
    status: tuple[Any, str] | None = None,
    add_proof: bool = False,
    mandatory_pointers: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Sign ``credential``: validate it, then add a Data Integrity proof (see :class:`Issuer`).

    ``suite`` defaults by key type: ``eddsa-rdfc-2022`` for Ed25519, ``ecdsa-rdfc-2019`` for
    P-256 and P-384. With ``suite="ecdsa-sd-2023"`` the proof is a base proof the holder
    derives selective disclosures from (:func:`derive`); ``mandatory_pointers`` are what every
    disclosure must include (default: the issuer, the validity period and the status).
    ``created`` (an XML Schema dateTimeStamp) defaults to now. With
    ``status=(registry, list_url)`` a fresh index is allocated from the
    :class:`vcler.status.StatusRegistry` and its ``credentialStatus`` entry added first.

    A credential that already has a proof is refused unless ``add_proof=True`` asks for a proof
    set; one whose issuer does not control ``signer``'s key is refused (see
    :meth:`Issuer.issue` for the exceptions).
    """
    issuer = Issuer(signer, suite=suite, loader=loader, mandatory_pointers=mandatory_pointers)
    if status is not None:
        from .status import add_status_entry

        registry, list_url = status
        # Refuse before an index is spent on a credential that won't be issued.
        document = issuer.check(credential, add_proof=add_proof)
        if "proof" in document:
            raise InputError(
                "a status entry cannot be added to a signed credential: its proof would break"
            )
        credential, _ = add_status_entry(document, registry, list_url)
    return issuer.issue(credential, created=created, add_proof=add_proof)


def derive(
    credential: Mapping[str, Any],
    *,
    selective_pointers: Sequence[str],
    proof_id: str | None = None,
    loader: StaticDocumentLoader | None = None,
) -> dict[str, Any]:
    """A selective disclosure of ``credential``, which carries an ``ecdsa-sd-2023`` base proof:
    what its mandatory pointers and ``selective_pointers`` select (JSON pointers, such as
    ``/credentialSubject/achievement/name``), with a derived proof that verifies.

    Selecting an object discloses all of it; an object's ``id`` and ``type`` are disclosed on
    the way to anything inside it. ``proof_id`` names the base proof when there are several.

    Raises :class:`~vcler.errors.ProofError` when there is no base proof, a pointer matches
    nothing, or nothing would be disclosed; :class:`~vcler.errors.MalformedProofError` for a
    proof that is not a base proof (a derived credential cannot be derived again).
    """
    from ._inputs import as_document
    from .di import derive_proof

    return derive_proof(
        as_document(credential),
        selective_pointers=selective_pointers,
        proof_id=proof_id,
        loader=loader,
    )


def present(
    credentials: Sequence[Mapping[str, Any]],
    *,
    signer: Signer,
    challenge: str | None = None,
    domain: str | None = None,
    suite: str | None = None,
    holder: str | None = None,
    created: str | None = None,
    loader: StaticDocumentLoader | None = None,
) -> dict[str, Any]:
    """A signed Verifiable Presentation of ``credentials`` (see :meth:`Issuer.present`)."""
    return Issuer(signer, suite=suite, loader=loader).present(
        credentials, challenge=challenge, domain=domain, holder=holder, created=created
    )


def verify(
    document: Any,
    *,
    challenge: str | None = None,
    domain: str | None = None,
    now: datetime | None = None,
    documents: Mapping[str, Any] | None = None,
    loader: StaticDocumentLoader | None = None,
    clock_skew: timedelta = DEFAULT_CLOCK_SKEW,
    allowed_suites: Sequence[str] | None = None,
    fetcher: JsonFetcher | None = None,
    check_status: bool = True,
    status_fail_closed: bool = True,
    context: VerificationContext | None = None,
    media_type: str | None = None,
    recipient: str | None = None,
    **policy: Any,
) -> VerificationResult:
    """Verify a credential or presentation (see :class:`Verifier`); never raises for it.

    Checks the data model, safe-mode JSON-LD, every proof and its purpose (assertionMethod
    for credentials, authentication with ``challenge``/``domain`` for presentations, the key
    controlled by the issuer or holder), the validity period against ``now`` with
    ``clock_skew``, every ``credentialStatus`` entry (status lists from ``documents`` or, when
    a ``fetcher`` is given, the network; a status that cannot be checked fails verification
    unless ``status_fail_closed=False``), and every credential inside a presentation. Other
    policy keywords (``strict``, ``require_challenge``, ``holder_binding``,
    ``status_list_issuers``, ``status_list_id_must_match``) are :class:`Verifier`'s; or pass a
    whole ``context`` instead of any of these.

    ``document`` may be an envelope instead of a JSON object: a ``vc+jwt`` / ``vp+jwt``,
    SD-JWT or COSE_Sign1 token, or a VC-JWT 1.1 / Open Badges 3.0 JWT, recognised by its
    content or named by ``media_type``; its key is found through the same document sources.
    Or an Open Badges 2.0 assertion (hosted or signed; its BadgeClass, Issuer, key and
    revocation list read from ``documents`` or, with a ``fetcher``, the network), whose
    recipient is checked against ``recipient`` (an email).
    """
    if context is not None:
        return Verifier(context).verify(
            document, challenge=challenge, domain=domain, media_type=media_type, recipient=recipient
        )
    verifier = Verifier(
        documents=documents,
        loader=loader,
        now=now,
        clock_skew=clock_skew,
        allowed_suites=allowed_suites,
        fetcher=fetcher,
        check_status=check_status,
        status_fail_closed=status_fail_closed,
        **policy,
    )
    return verifier.verify(
        document, challenge=challenge, domain=domain, media_type=media_type, recipient=recipient
    )


async def averify(
    document: Any,
    *,
    challenge: str | None = None,
    domain: str | None = None,
    context: VerificationContext | None = None,
    media_type: str | None = None,
    recipient: str | None = None,
    **options: Any,
) -> VerificationResult:
    """The async :func:`verify`: ``await vcler.averify(document, fetcher=AsyncFetcher())``.

    Takes the same keywords as :class:`AsyncVerifier` (an async ``fetcher``); never raises for
    the document.
    """
    verifier = AsyncVerifier(context, **options)
    return await verifier.verify(
        document, challenge=challenge, domain=domain, media_type=media_type, recipient=recipient
    )
