"""The JWS Compact Serialization, read defensively and written with any :class:`Signer`.

Reading splits ``header.payload.signature`` within size limits, decodes each segment as strict,
canonical base64url and the header and payload as JSON through vcler's safe JSON reader (no
duplicate members, bounded depth and numbers), so a hostile token ends as a
:class:`JoseError` with a code, never as an exception from below. The signature itself is
checked elsewhere (:mod:`vcler.jose.algorithms`), with jwcrypto.

Writing needs no private key: the signing input is handed to a :class:`vcler.keys.Signer`,
whose raw signatures (Ed25519; ECDSA as ``r || s``) are exactly what JWS carries, so keys in an
HSM or a KMS sign tokens too.

Spec: https://www.rfc-editor.org/rfc/rfc7515#section-7.1 (Compact Serialization)
Spec: https://www.rfc-editor.org/rfc/rfc7515#section-5.2 (Message Signature Validation)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import codes
from .._json import JSON_ESCAPE, dumps_compact, load_json
from ..errors import InvalidKeyError, ParsingError, VclerError
from ..keys import MAX_SIGNATURE_BYTES, Signer
from ..keys.encoding import b64url_decode, b64url_encode
from ..keys.rsa import MAX_RSA_BITS
from ..problems import Problem

__all__ = [
    "MAX_HEADER_BYTES",
    "MAX_TOKEN_CHARS",
    "CompactJws",
    "JoseError",
    "b64url_json",
    "parse_compact",
    "sign_compact",
    "utf8",
]

#: The longest token (a JWS, an SD-JWT with its disclosures, a base64 COSE_Sign1) accepted.
MAX_TOKEN_CHARS = 4 * 1024 * 1024
#: The largest protected header accepted, decoded.
MAX_HEADER_BYTES = 16 * 1024
# The largest signature: an RSA-8192 signature, or P-521's r || s.
_MAX_JWS_SIGNATURE_BYTES = max(MAX_RSA_BITS // 8, MAX_SIGNATURE_BYTES)


class JoseError(VclerError):
    """A token that cannot be read or is refused. ``reason`` is the precise code
    (``MALFORMED_ENVELOPE``, ``DISALLOWED_ALGORITHM``...), the one its problem carries."""

    code = codes.MALFORMED_ENVELOPE

    def __init__(
        self, message: str, *, reason: str = codes.MALFORMED_ENVELOPE, pointer: str | None = None
    ) -> None:
        super().__init__(message, pointer=pointer)
        self.reason = reason

    def to_problem(self) -> Problem:
        """This refusal as a :class:`vcler.Problem` with its precise code."""
        return Problem(self.reason, self.message, self.pointer or "")


def _error(message: str) -> JoseError:
    return JoseError(message)


def utf8(text: str) -> bytes:
    """UTF-8 of JSON text; a lone surrogate is written as its JSON escape."""
    return text.encode("utf-8", JSON_ESCAPE)


@dataclass(frozen=True)
class CompactJws:
    """A compact JWS, split and decoded (the signature not yet checked)."""

    header: dict[str, Any]
    payload: dict[str, Any]
    signing_input: bytes
    signature: bytes
    text: str


def b64url_json(segment: str, *, max_bytes: int, what: str) -> dict[str, Any]:
    """A base64url segment holding a JSON object (RFC 7515 section 2, RFC 7519 section 7.2)."""
    try:
        raw = b64url_decode(segment, max_bytes=max_bytes, what=what)
    except InvalidKeyError as e:
        raise _error(e.message) from e
    try:
        value = load_json(raw, max_bytes=max_bytes)
    except ParsingError as e:
        raise _error(f"the {what} is not JSON: {e.message}") from e
    if not isinstance(value, dict):
        raise _error(f"the {what} is not a JSON object")
    return value


def parse_compact(text: str, *, max_chars: int = MAX_TOKEN_CHARS) -> CompactJws:
    """Split and decode a compact JWS; :class:`JoseError` for anything malformed.

    Spec: https://www.rfc-editor.org/rfc/rfc7515#section-5.2 (steps 1 to 7)
    """
    if not isinstance(text, str):
        raise _error("a compact JWS is a string")
    if len(text) > max_chars:
        raise _error(f"the token is longer than {max_chars} characters")
    # Step 1: three segments separated by periods; nothing around them.
    segments = text.split(".")
    if len(segments) != 3:
        raise _error(f"a compact JWS has 3 segments, not {len(segments)}")
    encoded_header, encoded_payload, encoded_signature = segments
    if not encoded_header or not encoded_payload:
        raise _error("a compact JWS needs a header and a payload")
    # Steps 2 to 4: the protected header, a JSON object.
    header = b64url_json(encoded_header, max_bytes=MAX_HEADER_BYTES, what="JWS header")
    # Steps 5 to 7: the signature and the payload.
    try:
        signature = b64url_decode(
            encoded_signature, max_bytes=_MAX_JWS_SIGNATURE_BYTES, what="JWS signature"
        )
    except InvalidKeyError as e:
        raise _error(e.message) from e
    payload = b64url_json(encoded_payload, max_bytes=max_chars, what="JWT payload")
    signing_input = f"{encoded_header}.{encoded_payload}".encode("ascii")
    return CompactJws(header, payload, signing_input, signature, text)


def sign_compact(header: dict[str, Any], payload: Any, *, signer: Signer) -> str:
    """``BASE64URL(header).BASE64URL(payload).BASE64URL(signature)`` signed by ``signer``.

    ``payload`` is a JSON value (written as compact UTF-8 JSON) or bytes taken as they are.

    Spec: https://www.rfc-editor.org/rfc/rfc7515#section-5.1
    """
    # Steps 1 to 4: encode the payload and the protected header.
    body = payload if isinstance(payload, bytes) else utf8(dumps_compact(payload))
    encoded = b64url_encode(utf8(dumps_compact(header))) + "." + b64url_encode(body)
    # Step 5: the signature over the ASCII signing input.
    signature = signer.sign(encoded.encode("ascii"))
    # Steps 6 and 7: the compact serialization.
    return f"{encoded}.{b64url_encode(signature)}"
