"""The recipes: issue, present and verify credentials in one call, or with configured objects.

``vcler.issue`` / ``vcler.present`` / ``vcler.verify`` are one-shot functions over
:class:`Issuer` and :class:`Verifier`, which hold what does not change between calls (the
signer and suite; the document loader, supplied documents, clock, allowed suites).

``verify`` never raises for a bad document: everything it finds is in the returned
:class:`~vcler.results.VerificationResult`. It raises only for caller misuse (an argument of
the wrong type).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from ._documents import as_document, validate_document
from ._issuing import Issuer
from ._verifying import DEFAULT_CLOCK_SKEW, Verifier
from .errors import ValidationError
from .results import VerificationResult

if TYPE_CHECKING:
    from .jsonld import StaticDocumentLoader
    from .keys import Signer

__all__ = ["Issuer", "Verifier", "issue", "present", "verify"]


def issue(
    credential: Mapping[str, Any],
    *,
    signer: Signer,
    suite: str | None = None,
    created: str | None = None,
    loader: StaticDocumentLoader | None = None,
    status: tuple[Any, str] | None = None,
) -> dict[str, Any]:
    """Sign ``credential``: validate it, then add a Data Integrity proof (see :class:`Issuer`).

    ``suite`` defaults by key type: ``eddsa-rdfc-2022`` for Ed25519, ``ecdsa-rdfc-2019`` for
    P-256 and P-384. ``created`` (an XML Schema dateTimeStamp) defaults to now. With
    ``status=(registry, list_url)`` a fresh index is allocated from the
    :class:`vcler.status.StatusRegistry` and its ``credentialStatus`` entry added first.
    """
    issuer = Issuer(signer, suite=suite, loader=loader)
    if status is not None:
        from .status import add_status_entry

        registry, list_url = status
        document = as_document(credential)
        problems = validate_document(document, loader=loader)
        if problems:  # refuse before an index is spent on a credential that won't be issued
            raise ValidationError("credential refused: it breaks the data model", problems)
        credential, _ = add_status_entry(document, registry, list_url)
    return issuer.issue(credential, created=created)


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
    fetcher: Any = None,
    check_status: bool = True,
    status_fail_closed: bool = True,
    strict: bool = False,
) -> VerificationResult:
    """Verify a credential or a presentation (see :class:`Verifier`); never raises for it.

    Checks the data model, safe-mode JSON-LD, every proof and its purpose (assertionMethod
    for credentials, authentication with ``challenge``/``domain`` for presentations, the key
    controlled by the issuer or holder), the validity period against ``now`` with
    ``clock_skew``, every ``credentialStatus`` entry (status lists from ``documents`` or, when
    a ``fetcher`` is given, the network; a status that cannot be checked fails verification
    unless ``status_fail_closed=False``), and every credential inside a presentation.
    Open Badges / CLR deviations from the 1EdTech JSON Schemas and rules are warnings, and
    problems with ``strict=True``.
    """
    verifier = Verifier(
        documents=documents,
        loader=loader,
        now=now,
        clock_skew=clock_skew,
        allowed_suites=allowed_suites,
        fetcher=fetcher,
        check_status=check_status,
        status_fail_closed=status_fail_closed,
        strict=strict,
    )
    return verifier.verify(document, challenge=challenge, domain=domain)
