"""Pydantic models for verifiable credentials and presentations (VC Data Model 2.0 and 1.1).

Every model is open-world (unknown properties are kept), has snake_case attributes with the
JSON names as aliases, and round-trips: ``Model.from_json(doc).to_json() == doc``. Models
validate shape loosely and help build documents; the data-model rules are checked by
:func:`vcler.validation.validate`.
"""

from ._base import VcModel
from .credentials import (
    CredentialSchema,
    CredentialStatus,
    CredentialSubject,
    Evidence,
    Issuer,
    LanguageValue,
    Proof,
    RefreshService,
    RelatedResource,
    TermsOfUse,
    VerifiableCredential,
)
from .presentations import (
    EnvelopedVerifiableCredential,
    EnvelopedVerifiablePresentation,
    Holder,
    VerifiablePresentation,
)

__all__ = [
    "CredentialSchema",
    "CredentialStatus",
    "CredentialSubject",
    "EnvelopedVerifiableCredential",
    "EnvelopedVerifiablePresentation",
    "Evidence",
    "Holder",
    "Issuer",
    "LanguageValue",
    "Proof",
    "RefreshService",
    "RelatedResource",
    "TermsOfUse",
    "VcModel",
    "VerifiableCredential",
    "VerifiablePresentation",
]
