"""The VC Data Model 2.0 ClrCredential JSON Schema, written by vcler from the CLR 2.0 data model.

The only obtainable CLR 2.0 schema predates CLR 2.0.1's move to VC Data Model 2.0 (it requires
``issuanceDate``), so a VC 2.0 ClrCredential that names no schema vcler bundles is checked
against this one, whose parts refer to the bundled OB 3.0 definitions (Profile, Achievement,
IdentityObject...). It is vcler's rendering, not 1EdTech's: it never answers a
``credentialSchema`` URL.
"""

from __future__ import annotations

from typing import Any

from .vocabulary import ASSOCIATION_TYPES, VC_V2_CONTEXT

__all__ = ["CLR_VC2_SCHEMA_ID", "clr_vc2_schema"]

#: The ``$id`` of vcler's rendering (a URN: nothing is published there).
CLR_VC2_SCHEMA_ID = "urn:vcler:schema:clr-v2p0-clrcredential-vcdm2"

_DRAFT_2019_09 = "https://json-schema.org/draft/2019-09/schema"


def clr_vc2_schema(ob_schema_id: str) -> dict[str, Any]:
    """The VC Data Model 2.0 ClrCredential, referring to the OB 3.0 schema ``ob_schema_id``.

    Spec: https://www.imsglobal.org/spec/clr/v2p0/#clrcredential
    Spec: https://www.imsglobal.org/spec/clr/v2p0/#clrsubject
    Spec: https://www.imsglobal.org/spec/clr/v2p0/#association
    """

    def ob_def(name: str) -> dict[str, str]:
        return {"$ref": f"{ob_schema_id}#/$defs/{name}"}

    def array_of(name: str) -> dict[str, Any]:
        return {"type": "array", "items": ob_def(name)}

    def one_or_many(name: str) -> dict[str, Any]:
        return {"oneOf": [ob_def(name), array_of(name)]}

    ob_context = r"^https://purl\.imsglobal\.org/spec/ob/v3p0/context(-3\.\d\.\d)*\.json$"
    clr_context = r"^https://purl\.imsglobal\.org/spec/clr/v2p0/context(-2\.\d\.\d)*\.json$"
    association = {
        "type": "object",
        "required": ["type", "associationType", "sourceId", "targetId"],
        "properties": {
            "type": {"const": "Association"},
            "associationType": {"enum": sorted(ASSOCIATION_TYPES)},
            "sourceId": {"type": "string"},
            "targetId": {"type": "string"},
        },
    }
    subject = {
        "type": "object",
        "required": ["type", "verifiableCredential"],
        "properties": {
            "id": {"type": "string"},
            "type": {
                "oneOf": [
                    {"const": "ClrSubject"},
                    {"type": "array", "contains": {"const": "ClrSubject"}},
                ]
            },
            "identifier": array_of("IdentityObject"),
            "achievement": array_of("Achievement"),
            "verifiableCredential": {"type": "array", "minItems": 1, "items": {"type": "object"}},
            "association": {"type": "array", "items": association},
        },
    }
    return {
        "$schema": _DRAFT_2019_09,
        "$id": CLR_VC2_SCHEMA_ID,
        "title": "ClrCredential (VC Data Model 2.0), vcler's rendering of the CLR 2.0 data model",
        "type": "object",
        "required": ["@context", "type", "id", "name", "credentialSubject", "issuer", "validFrom"],
        "properties": {
            "@context": {
                "type": "array",
                "minItems": 3,
                "items": [
                    {"const": VC_V2_CONTEXT},
                    {"type": "string", "pattern": clr_context},
                    {"type": "string", "pattern": ob_context},
                ],
            },
            "type": {
                "type": "array",
                "allOf": [
                    {"contains": {"const": "VerifiableCredential"}},
                    {"contains": {"const": "ClrCredential"}},
                ],
            },
            "id": {"type": "string"},
            "name": {"type": "string"},
            "description": {"type": "string"},
            "image": ob_def("Image"),
            "partial": {"type": "boolean"},
            "credentialSubject": subject,
            "issuer": ob_def("ProfileRef"),
            "validFrom": {"type": "string"},
            "validUntil": {"type": "string"},
            "awardedDate": {"type": "string"},
            "endorsement": array_of("EndorsementCredential"),
            "endorsementJwt": {"type": "array", "items": {"type": "string"}},
            "proof": one_or_many("Proof"),
            "credentialSchema": one_or_many("CredentialSchema"),
            "credentialStatus": ob_def("CredentialStatus"),
            "refreshService": ob_def("RefreshService"),
            "termsOfUse": one_or_many("TermsOfUse"),
            "evidence": one_or_many("Evidence"),
        },
        "additionalProperties": True,
    }
