"""Verifiable credentials (VC Data Model 2.0 and 1.1) and their parts as pydantic models.

The models are deliberately permissive in type: every field accepts the shape the
specification asks for *and* any other JSON value, so a broken document still loads for
inspection. The rules live in :func:`vcler.validation.validate`, not here. Known shapes are
parsed into nested models (an issuer object becomes an :class:`Issuer`), anything else is
kept as plain JSON.

Spec: https://www.w3.org/TR/vc-data-model-2.0/#verifiable-credentials
Spec: https://www.w3.org/TR/vc-data-model/#basic-concepts (1.1)
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .._documents import strings
from ._base import VcModel

__all__ = [
    "Context",
    "CredentialSchema",
    "CredentialStatus",
    "CredentialSubject",
    "Evidence",
    "Issuer",
    "LanguageValue",
    "Proof",
    "RefreshService",
    "RelatedResource",
    "TermsOfUse",
    "TypeValue",
    "VerifiableCredential",
]

#: ``@context``: a URL, an inline context object, or an ordered list of them.
Context = str | dict[str, Any] | list[str | dict[str, Any] | Any] | Any
#: ``type``: one term or URL, or a list of them.
TypeValue = str | list[str | Any] | Any


class LanguageValue(VcModel):
    """A string with a language tag and base direction (a JSON-LD value object).

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#language-and-base-direction
    """

    value: Any = Field(default=None, alias="@value")
    language: Any = Field(default=None, alias="@language")
    direction: Any = Field(default=None, alias="@direction")


#: ``name`` / ``description``: a string, a language value object, or a list of them.
TextValue = str | LanguageValue | list[str | LanguageValue | Any] | Any


class _Node(VcModel):
    """An object that may carry a JSON-LD ``@context``, an ``id`` and a ``type``."""

    context: Context = Field(default=None, alias="@context")
    id: Any = None
    type: TypeValue = None


class Issuer(_Node):
    """The issuer as an object: its ``id`` is a URL, anything else describes it.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#issuer
    """

    name: TextValue = None
    description: TextValue = None


class CredentialSubject(_Node):
    """One subject of a credential: an optional ``id`` and the claims about it.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#credential-subject
    """


class CredentialStatus(_Node):
    """A status entry (for example a ``BitstringStatusListEntry``).

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#status
    """


class CredentialSchema(_Node):
    """A data schema (for example a ``JsonSchema``) with the schema's URL as ``id``.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#data-schemas
    """


class Evidence(_Node):
    """Evidence the issuer relied on, identified by its ``type``.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#evidence
    """


class TermsOfUse(_Node):
    """A terms-of-use policy, identified by its ``type``.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#terms-of-use
    """


class RefreshService(_Node):
    """A service the holder or verifier can use to refresh the credential.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#refreshing
    """


class RelatedResource(VcModel):
    """A resource the credential depends on, pinned by a digest (``digestSRI``/``digestMultibase``).

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#integrity-of-related-resources
    """

    id: Any = None
    media_type: Any = None
    digest_sri: Any = Field(default=None, alias="digestSRI")
    digest_multibase: Any = None


class Proof(VcModel):
    """An embedded proof, open-world: Data Integrity proofs and legacy suites alike.

    Verifying it is the job of ``vcler.di``; this model only names the common properties.

    Spec: https://www.w3.org/TR/vc-data-integrity/#proofs
    """

    context: Context = Field(default=None, alias="@context")
    id: Any = None
    type: TypeValue = None
    cryptosuite: Any = None
    created: Any = None
    expires: Any = None
    verification_method: Any = None
    proof_purpose: Any = None
    proof_value: Any = None
    challenge: Any = None
    domain: Any = None
    nonce: Any = None
    previous_proof: Any = None


class VerifiableCredential(VcModel):
    """A verifiable credential, VC Data Model 2.0 (``validFrom``) or 1.1 (``issuanceDate``).

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#verifiable-credentials
    """

    context: Context = Field(default=None, alias="@context")
    id: Any = None
    type: TypeValue = None
    name: TextValue = None
    description: TextValue = None
    issuer: str | Issuer | Any = None
    valid_from: Any = None
    valid_until: Any = None
    issuance_date: Any = None
    expiration_date: Any = None
    credential_subject: CredentialSubject | list[CredentialSubject | Any] | Any = None
    credential_status: CredentialStatus | list[CredentialStatus | Any] | Any = None
    credential_schema: CredentialSchema | list[CredentialSchema | Any] | Any = None
    evidence: Evidence | list[Evidence | Any] | Any = None
    terms_of_use: TermsOfUse | list[TermsOfUse | Any] | Any = None
    refresh_service: RefreshService | list[RefreshService | Any] | Any = None
    related_resource: RelatedResource | list[RelatedResource | Any] | Any = None
    proof: Proof | list[Proof | Any] | Any = None

    @property
    def types(self) -> list[str]:
        """The ``type`` values that are strings, as a list."""
        return strings(self.type)

    @property
    def issuer_id(self) -> str | None:
        """The issuer's URL, whether ``issuer`` is a URL or an object with an ``id``."""
        if isinstance(self.issuer, str):
            return self.issuer
        if isinstance(self.issuer, Issuer) and isinstance(self.issuer.id, str):
            return self.issuer.id
        return None

    @property
    def subjects(self) -> list[CredentialSubject]:
        """The credential subjects that are objects, as a list."""
        value = self.credential_subject
        items = value if isinstance(value, list) else [value]
        return [item for item in items if isinstance(item, CredentialSubject)]
