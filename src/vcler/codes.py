"""Every code vcler reports, in one place: the specifications' error codes and vcler's own.

A :class:`vcler.Problem`, a :class:`vcler.errors.VclerError` and a VC-API problem detail all
carry one of these codes. Where a specification names the failure, its code is used unchanged
(and passed through unchanged when a lower layer reports it: a verification method the DID
dereferencer refuses with ``INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD`` stays that code in
the proof's result). vcler's own codes name what no specification does, above all the things
vcler *cannot check* (``UNSUPPORTED_*``): those never count as verified.

``CODES`` maps each code to a :class:`Code` (its title, the document that defines it, and
whether it is reported as a warning). ``docs/reference/codes.md`` lists them all; a test keeps
that page, this module and the code base in step (no code string is written anywhere else).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

__all__ = ["CODES", "SOURCES", "Code", "title_of"]

Source = Literal[
    "vc-data-integrity",
    "cid",
    "vc-data-model",
    "bitstring-status-list",
    "json-ld",
    "vc-api",
    "did-resolution",
    "vcler",
]

#: Where each source's codes are defined.
SOURCES: Final = MappingProxyType(
    {
        "vc-data-integrity": "https://www.w3.org/TR/vc-data-integrity/#processing-errors",
        "cid": "https://www.w3.org/TR/cid-1.0/#retrieve-verification-method",
        "vc-data-model": "https://www.w3.org/TR/vc-data-model-2.0/#problem-details",
        "bitstring-status-list": "https://www.w3.org/TR/vc-bitstring-status-list/#processing-errors",
        "json-ld": "https://www.w3.org/TR/json-ld11-api/#dom-jsonldprocessingerror",
        "vc-api": "https://w3c-ccg.github.io/vc-api/#error-handling",
        "did-resolution": "https://www.w3.org/TR/did-resolution/#errors",
        "vcler": "https://github.com/vcler/vcler/blob/main/docs/reference/codes.md",
    }
)


@dataclass(frozen=True)
class Code:
    """What one code means: a short ``title``, the ``source`` that defines it, and whether
    vcler reports it as a ``warning`` (never affecting ``verified``) rather than a problem."""

    title: str
    source: Source
    warning: bool = False


# -- VC Data Integrity: proofs ---------------------------------------------------------------
PROOF_GENERATION_ERROR: Final = "PROOF_GENERATION_ERROR"
PROOF_VERIFICATION_ERROR: Final = "PROOF_VERIFICATION_ERROR"
PROOF_TRANSFORMATION_ERROR: Final = "PROOF_TRANSFORMATION_ERROR"
MALFORMED_PROOF_ERROR: Final = "MALFORMED_PROOF_ERROR"
MISMATCHED_PROOF_PURPOSE_ERROR: Final = "MISMATCHED_PROOF_PURPOSE_ERROR"
INVALID_DOMAIN_ERROR: Final = "INVALID_DOMAIN_ERROR"
INVALID_CHALLENGE_ERROR: Final = "INVALID_CHALLENGE_ERROR"
DATA_LOSS_DETECTION_ERROR: Final = "DATA_LOSS_DETECTION_ERROR"

# -- Controlled Identifiers: Retrieve Verification Method -------------------------------------
INVALID_VERIFICATION_METHOD_URL: Final = "INVALID_VERIFICATION_METHOD_URL"
INVALID_CONTROLLED_IDENTIFIER_DOCUMENT_ID: Final = "INVALID_CONTROLLED_IDENTIFIER_DOCUMENT_ID"
INVALID_CONTROLLED_IDENTIFIER_DOCUMENT: Final = "INVALID_CONTROLLED_IDENTIFIER_DOCUMENT"
INVALID_VERIFICATION_METHOD: Final = "INVALID_VERIFICATION_METHOD"
INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD: Final = "INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD"
# The names of the same errors in VC Data Integrity drafts before the CID split; a caller's
# resolver may still raise them, and they are passed through as they are.
INVALID_CONTROLLER_DOCUMENT_ID: Final = "INVALID_CONTROLLER_DOCUMENT_ID"
INVALID_CONTROLLER_DOCUMENT: Final = "INVALID_CONTROLLER_DOCUMENT"
INVALID_PROOF_PURPOSE_FOR_VERIFICATION_METHOD: Final = (
    "INVALID_PROOF_PURPOSE_FOR_VERIFICATION_METHOD"
)

# -- VC Data Model 2.0: verification ----------------------------------------------------------
PARSING_ERROR: Final = "PARSING_ERROR"
CRYPTOGRAPHIC_SECURITY_ERROR: Final = "CRYPTOGRAPHIC_SECURITY_ERROR"
MALFORMED_VALUE_ERROR: Final = "MALFORMED_VALUE_ERROR"
RANGE_ERROR: Final = "RANGE_ERROR"

# -- Bitstring Status List --------------------------------------------------------------------
STATUS_RETRIEVAL_ERROR: Final = "STATUS_RETRIEVAL_ERROR"
STATUS_VERIFICATION_ERROR: Final = "STATUS_VERIFICATION_ERROR"
STATUS_LIST_LENGTH_ERROR: Final = "STATUS_LIST_LENGTH_ERROR"

# -- JSON-LD ----------------------------------------------------------------------------------
LOADING_DOCUMENT_FAILED: Final = "LOADING_DOCUMENT_FAILED"

# -- vcler: verdicts of verification ----------------------------------------------------------
CREDENTIAL_REVOKED: Final = "CREDENTIAL_REVOKED"
CREDENTIAL_SUSPENDED: Final = "CREDENTIAL_SUSPENDED"
CREDENTIAL_EXPIRED: Final = "CREDENTIAL_EXPIRED"
CREDENTIAL_NOT_YET_VALID: Final = "CREDENTIAL_NOT_YET_VALID"
SCHEMA_VALIDATION_ERROR: Final = "SCHEMA_VALIDATION_ERROR"
UNKNOWN_CREDENTIAL_SCHEMA: Final = "UNKNOWN_CREDENTIAL_SCHEMA"
HOLDER_NOT_SUBJECT: Final = "HOLDER_NOT_SUBJECT"
RECIPIENT_MISMATCH: Final = "RECIPIENT_MISMATCH"
HOSTED_VERIFICATION_ERROR: Final = "HOSTED_VERIFICATION_ERROR"

# -- vcler: what vcler cannot check (never verified) ------------------------------------------
UNSUPPORTED_CRYPTOSUITE: Final = "UNSUPPORTED_CRYPTOSUITE"
UNSUPPORTED_ENVELOPE: Final = "UNSUPPORTED_ENVELOPE"
UNSUPPORTED_STATUS_TYPE: Final = "UNSUPPORTED_STATUS_TYPE"

# -- vcler: envelopes (VC-JOSE-COSE, SD-JWT, VC-JWT) ------------------------------------------
MALFORMED_ENVELOPE: Final = "MALFORMED_ENVELOPE"
DISALLOWED_ALGORITHM: Final = "DISALLOWED_ALGORITHM"
UNSUPPORTED_CRITICAL_HEADER: Final = "UNSUPPORTED_CRITICAL_HEADER"
INVALID_MEDIA_TYPE: Final = "INVALID_MEDIA_TYPE"
INVALID_CLAIMS: Final = "INVALID_CLAIMS"
INVALID_DISCLOSURE: Final = "INVALID_DISCLOSURE"
KEY_BINDING_ERROR: Final = "KEY_BINDING_ERROR"

# -- vcler: warnings --------------------------------------------------------------------------
CREDENTIAL_REFRESH_AVAILABLE: Final = "CREDENTIAL_REFRESH_AVAILABLE"
UNKNOWN_STATUS_PURPOSE: Final = "UNKNOWN_STATUS_PURPOSE"
STATUS_NOT_CHECKED: Final = "STATUS_NOT_CHECKED"
NO_CHALLENGE: Final = "NO_CHALLENGE"
RECIPIENT_NOT_CHECKED: Final = "RECIPIENT_NOT_CHECKED"

# -- vcler: exceptions (misuse, could-not-do) -------------------------------------------------
VCLER_ERROR: Final = "VCLER_ERROR"
INVALID_INPUT: Final = "INVALID_INPUT"
UNKNOWN_CRYPTOSUITE: Final = "UNKNOWN_CRYPTOSUITE"
MALFORMED_CREDENTIAL: Final = "MALFORMED_CREDENTIAL"
CANONICALIZATION_ERROR: Final = "CANONICALIZATION_ERROR"
CANONICALIZATION_WORK_LIMIT: Final = "CANONICALIZATION_WORK_LIMIT"
INVALID_KEY: Final = "INVALID_KEY"
FETCH_ERROR: Final = "FETCH_ERROR"
FETCH_POLICY_VIOLATION: Final = "FETCH_POLICY_VIOLATION"
STATUS_STORE_ERROR: Final = "STATUS_STORE_ERROR"
STATUS_LIST_FULL: Final = "STATUS_LIST_FULL"
STATUS_UPDATE_REFUSED: Final = "STATUS_UPDATE_REFUSED"
INVALID_CONFIGURATION: Final = "INVALID_CONFIGURATION"
DUPLICATE_CREDENTIAL_ID: Final = "DUPLICATE_CREDENTIAL_ID"
PROOF_EXISTS_ERROR: Final = "PROOF_EXISTS_ERROR"
UNKNOWN_SKILL: Final = "UNKNOWN_SKILL"

# -- DID Resolution: didResolutionMetadata.error values ---------------------------------------
INVALID_DID: Final = "invalidDid"
INVALID_DID_URL: Final = "invalidDidUrl"
DID_NOT_FOUND: Final = "notFound"
METHOD_NOT_SUPPORTED: Final = "methodNotSupported"
REPRESENTATION_NOT_SUPPORTED: Final = "representationNotSupported"
INVALID_PUBLIC_KEY: Final = "invalidPublicKey"
INVALID_PUBLIC_KEY_LENGTH: Final = "invalidPublicKeyLength"
INVALID_PUBLIC_KEY_TYPE: Final = "invalidPublicKeyType"
UNSUPPORTED_PUBLIC_KEY_TYPE: Final = "unsupportedPublicKeyType"
DID_INTERNAL_ERROR: Final = "internalError"

# -- the VC-API server's request errors -------------------------------------------------------
NOT_FOUND: Final = "NOT_FOUND"
METHOD_NOT_ALLOWED: Final = "METHOD_NOT_ALLOWED"
HTTP_ERROR: Final = "HTTP_ERROR"
INTERNAL_ERROR: Final = "INTERNAL_ERROR"
PAYLOAD_TOO_LARGE: Final = "PAYLOAD_TOO_LARGE"
UNSUPPORTED_MEDIA_TYPE: Final = "UNSUPPORTED_MEDIA_TYPE"
UNSUPPORTED_OPTION: Final = "UNSUPPORTED_OPTION"
UNKNOWN_OPTION: Final = "UNKNOWN_OPTION"
UNKNOWN_DATA: Final = "UNKNOWN_DATA"
UNAUTHORIZED: Final = "UNAUTHORIZED"
FORBIDDEN: Final = "FORBIDDEN"
GONE: Final = "GONE"
IDEMPOTENCY_KEY_REUSED: Final = "IDEMPOTENCY_KEY_REUSED"


#: Every code, with its meaning.
CODES: Final = MappingProxyType(
    {
        PROOF_GENERATION_ERROR: Code("Proof generation error", "vc-data-integrity"),
        PROOF_VERIFICATION_ERROR: Code("Proof verification error", "vc-data-integrity"),
        PROOF_TRANSFORMATION_ERROR: Code("Proof transformation error", "vc-data-integrity"),
        MALFORMED_PROOF_ERROR: Code("Malformed proof", "vc-data-integrity"),
        MISMATCHED_PROOF_PURPOSE_ERROR: Code("Mismatched proof purpose", "vc-data-integrity"),
        INVALID_DOMAIN_ERROR: Code("Invalid domain", "vc-data-integrity"),
        INVALID_CHALLENGE_ERROR: Code("Invalid challenge", "vc-data-integrity"),
        DATA_LOSS_DETECTION_ERROR: Code("Data loss detected", "vc-data-integrity"),
        INVALID_VERIFICATION_METHOD_URL: Code("Invalid verification method URL", "cid"),
        INVALID_CONTROLLED_IDENTIFIER_DOCUMENT_ID: Code(
            "Invalid controlled identifier document id", "cid"
        ),
        INVALID_CONTROLLED_IDENTIFIER_DOCUMENT: Code(
            "Invalid controlled identifier document", "cid"
        ),
        INVALID_VERIFICATION_METHOD: Code("Invalid verification method", "cid"),
        INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD: Code(
            "Invalid relationship for verification method", "cid"
        ),
        INVALID_CONTROLLER_DOCUMENT_ID: Code("Invalid controller document id", "cid"),
        INVALID_CONTROLLER_DOCUMENT: Code("Invalid controller document", "cid"),
        INVALID_PROOF_PURPOSE_FOR_VERIFICATION_METHOD: Code(
            "Invalid proof purpose for verification method", "cid"
        ),
        PARSING_ERROR: Code("Parsing error", "vc-data-model"),
        CRYPTOGRAPHIC_SECURITY_ERROR: Code("Cryptographic security error", "vc-data-model"),
        MALFORMED_VALUE_ERROR: Code("Malformed value", "vc-data-model"),
        RANGE_ERROR: Code("Value out of range", "vc-data-model"),
        STATUS_RETRIEVAL_ERROR: Code("Status list could not be retrieved", "bitstring-status-list"),
        STATUS_VERIFICATION_ERROR: Code(
            "Status list could not be verified", "bitstring-status-list"
        ),
        STATUS_LIST_LENGTH_ERROR: Code("Status list too short", "bitstring-status-list"),
        LOADING_DOCUMENT_FAILED: Code("Document could not be loaded", "json-ld"),
        CREDENTIAL_REVOKED: Code("Credential revoked", "vcler"),
        CREDENTIAL_SUSPENDED: Code("Credential suspended", "vcler"),
        CREDENTIAL_EXPIRED: Code("Credential expired", "vcler"),
        CREDENTIAL_NOT_YET_VALID: Code("Credential not yet valid", "vcler"),
        SCHEMA_VALIDATION_ERROR: Code("Breaks a JSON Schema", "vcler"),
        UNKNOWN_CREDENTIAL_SCHEMA: Code("Named schema not bundled: not checked", "vcler"),
        HOLDER_NOT_SUBJECT: Code("Holder is not the subject", "vcler"),
        RECIPIENT_MISMATCH: Code("Open Badge recipient is not the one expected", "vcler"),
        HOSTED_VERIFICATION_ERROR: Code("Open Badges 2.0 hosted verification failed", "vcler"),
        UNSUPPORTED_CRYPTOSUITE: Code("Proof type not supported: not checked", "vcler"),
        UNSUPPORTED_ENVELOPE: Code("Envelope not supported: not checked", "vcler"),
        UNSUPPORTED_STATUS_TYPE: Code("Status type not supported: not checked", "vcler"),
        MALFORMED_ENVELOPE: Code("Malformed envelope (JWS, SD-JWT or COSE)", "vcler"),
        DISALLOWED_ALGORITHM: Code("Signature algorithm not allowed for the key", "vcler"),
        UNSUPPORTED_CRITICAL_HEADER: Code("Critical header parameter not understood", "vcler"),
        INVALID_MEDIA_TYPE: Code("Wrong media type (typ, cty)", "vcler"),
        INVALID_CLAIMS: Code("Claims break the securing specification", "vcler"),
        INVALID_DISCLOSURE: Code("SD-JWT disclosure refused", "vcler"),
        KEY_BINDING_ERROR: Code("SD-JWT key binding refused", "vcler"),
        CREDENTIAL_REFRESH_AVAILABLE: Code("Refresh available", "vcler", warning=True),
        UNKNOWN_STATUS_PURPOSE: Code("Unknown status purpose", "vcler", warning=True),
        STATUS_NOT_CHECKED: Code("Status not checked", "vcler", warning=True),
        NO_CHALLENGE: Code("Presentation accepted without a challenge", "vcler", warning=True),
        RECIPIENT_NOT_CHECKED: Code(
            "Open Badge recipient not checked (no identity given)", "vcler", warning=True
        ),
        VCLER_ERROR: Code("vcler error", "vcler"),
        INVALID_INPUT: Code("Invalid input", "vcler"),
        UNKNOWN_CRYPTOSUITE: Code("Unknown cryptosuite", "vcler"),
        MALFORMED_CREDENTIAL: Code("Malformed credential", "vcler"),
        CANONICALIZATION_ERROR: Code("Canonicalization error", "vcler"),
        CANONICALIZATION_WORK_LIMIT: Code("Canonicalization work limit", "vcler"),
        INVALID_KEY: Code("Invalid key", "vcler"),
        FETCH_ERROR: Code("Fetch failed", "vcler"),
        FETCH_POLICY_VIOLATION: Code("Fetch refused by policy", "vcler"),
        STATUS_STORE_ERROR: Code("Status store error", "vcler"),
        STATUS_LIST_FULL: Code("Status list full", "vcler"),
        STATUS_UPDATE_REFUSED: Code("Status update refused", "vcler"),
        INVALID_CONFIGURATION: Code("Invalid configuration", "vcler"),
        DUPLICATE_CREDENTIAL_ID: Code("Duplicate credential id", "vcler"),
        PROOF_EXISTS_ERROR: Code("Already signed: another proof was not asked for", "vcler"),
        UNKNOWN_SKILL: Code("Skill not in the library", "vcler"),
        INVALID_DID: Code("Invalid DID", "did-resolution"),
        INVALID_DID_URL: Code("Invalid DID URL", "did-resolution"),
        DID_NOT_FOUND: Code("DID not found", "did-resolution"),
        METHOD_NOT_SUPPORTED: Code("DID method not supported", "did-resolution"),
        REPRESENTATION_NOT_SUPPORTED: Code("Representation not supported", "did-resolution"),
        INVALID_PUBLIC_KEY: Code("Invalid public key", "did-resolution"),
        INVALID_PUBLIC_KEY_LENGTH: Code("Invalid public key length", "did-resolution"),
        INVALID_PUBLIC_KEY_TYPE: Code("Invalid public key type", "did-resolution"),
        UNSUPPORTED_PUBLIC_KEY_TYPE: Code("Unsupported public key type", "did-resolution"),
        DID_INTERNAL_ERROR: Code("DID resolution failed", "did-resolution"),
        NOT_FOUND: Code("Not found", "vc-api"),
        METHOD_NOT_ALLOWED: Code("Method not allowed", "vc-api"),
        HTTP_ERROR: Code("HTTP error", "vc-api"),
        INTERNAL_ERROR: Code("Internal error", "vc-api"),
        PAYLOAD_TOO_LARGE: Code("Payload too large", "vc-api"),
        UNSUPPORTED_MEDIA_TYPE: Code("Unsupported media type", "vc-api"),
        UNSUPPORTED_OPTION: Code("Unsupported option", "vc-api"),
        UNKNOWN_OPTION: Code("Unknown option", "vc-api"),
        UNKNOWN_DATA: Code("Unknown request member", "vc-api"),
        UNAUTHORIZED: Code("Authentication required", "vc-api"),
        FORBIDDEN: Code("Not allowed", "vc-api"),
        GONE: Code("Gone", "vc-api"),
        IDEMPOTENCY_KEY_REUSED: Code("Idempotency key reused for another request", "vc-api"),
    }
)

#: The codes a verification method retriever may report, passed through unchanged.
VERIFICATION_METHOD_CODES: Final = frozenset(
    {
        INVALID_VERIFICATION_METHOD_URL,
        INVALID_CONTROLLED_IDENTIFIER_DOCUMENT_ID,
        INVALID_CONTROLLED_IDENTIFIER_DOCUMENT,
        INVALID_VERIFICATION_METHOD,
        INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD,
        INVALID_CONTROLLER_DOCUMENT_ID,
        INVALID_CONTROLLER_DOCUMENT,
        INVALID_PROOF_PURPOSE_FOR_VERIFICATION_METHOD,
    }
)


def title_of(code: str) -> str:
    """A short human title for ``code`` (derived from the code itself when unknown)."""
    known = CODES.get(code)
    return known.title if known is not None else code.replace("_", " ").capitalize()
