"""Verifiable presentations and enveloped credentials/presentations as pydantic models.

Spec: https://www.w3.org/TR/vc-data-model-2.0/#verifiable-presentations
Spec: https://www.w3.org/TR/vc-data-model-2.0/#enveloped-verifiable-credentials
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Discriminator, Field, Tag

from ._base import VcModel
from .credentials import (
    Context,
    Proof,
    TermsOfUse,
    TypeValue,
    VerifiableCredential,
)

__all__ = [
    "EnvelopedVerifiableCredential",
    "EnvelopedVerifiablePresentation",
    "Holder",
    "VerifiablePresentation",
]


class EnvelopedVerifiableCredential(VcModel):
    """A credential secured by an enveloping proof, carried as a ``data:`` URL in ``id``.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#enveloped-verifiable-credentials
    """

    context: Context = Field(default=None, alias="@context")
    id: Any = None
    type: TypeValue = None


class EnvelopedVerifiablePresentation(VcModel):
    """A presentation secured by an enveloping proof, carried as a ``data:`` URL in ``id``.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#enveloped-verifiable-presentations
    """

    context: Context = Field(default=None, alias="@context")
    id: Any = None
    type: TypeValue = None


class Holder(VcModel):
    """The holder as an object whose ``id`` is a URL.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#defn-holder
    """

    id: Any = None
    type: TypeValue = None


def _credential_kind(value: Any) -> str:
    """Which model a ``verifiableCredential`` item is parsed into."""
    if isinstance(value, EnvelopedVerifiableCredential):
        return "enveloped"
    if isinstance(value, VerifiableCredential):
        return "credential"
    if not isinstance(value, dict):
        return "other"
    kind = value.get("type")
    types = kind if isinstance(kind, list) else [kind]
    return "enveloped" if "EnvelopedVerifiableCredential" in types else "credential"


#: One ``verifiableCredential`` item: an embedded credential, an enveloped one, or (VC 1.1
#: JWT presentations, or broken input) any other JSON value.
CredentialItem = Annotated[
    Annotated[VerifiableCredential, Tag("credential")]
    | Annotated[EnvelopedVerifiableCredential, Tag("enveloped")]
    | Annotated[Any, Tag("other")],
    Discriminator(_credential_kind),
]


class VerifiablePresentation(VcModel):
    """A verifiable presentation (VC Data Model 2.0 or 1.1).

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#verifiable-presentations
    """

    context: Context = Field(default=None, alias="@context")
    id: Any = None
    type: TypeValue = None
    holder: str | Holder | Any = None
    verifiable_credential: list[CredentialItem] | CredentialItem = Field(
        default=None, union_mode="left_to_right"
    )
    terms_of_use: TermsOfUse | list[TermsOfUse | Any] | Any = None
    proof: Proof | list[Proof | Any] | Any = None

    @property
    def credentials(self) -> list[VerifiableCredential | EnvelopedVerifiableCredential]:
        """The embedded and enveloped credentials, as a list."""
        value = self.verifiable_credential
        items = value if isinstance(value, list) else [value]
        return [
            item
            for item in items
            if isinstance(item, (VerifiableCredential, EnvelopedVerifiableCredential))
        ]
