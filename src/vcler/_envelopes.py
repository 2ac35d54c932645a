"""Credentials secured by an envelope rather than an embedded proof: recognising them.

A credential or presentation can reach a verifier as a JOSE or COSE envelope: a compact JWS
(``application/vc+jwt``, VC-JWT 1.1), an SD-JWT (``application/vc+sd-jwt``), a COSE_Sign1
(``application/vc+cose``), or, inside a presentation, an ``EnvelopedVerifiableCredential``
whose ``id`` is a ``data:`` URL holding one of those. vcler does not verify envelopes yet: each
one is reported as ``UNSUPPORTED_ENVELOPE``, which makes the result not verified, rather than
skipped. What is recognised here is named in the problem, so a caller learns what they sent.

Spec: https://www.w3.org/TR/vc-data-model-2.0/#enveloped-verifiable-credentials
Spec: https://www.w3.org/TR/vc-jose-cose/
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from . import codes
from ._documents import types_of
from .problems import Problem

__all__ = ["ENVELOPE_TYPES", "data_url_media_type", "envelope_problem", "jose_format"]

ENVELOPED_CREDENTIAL = "EnvelopedVerifiableCredential"
ENVELOPED_PRESENTATION = "EnvelopedVerifiablePresentation"
#: The types of the objects that carry an envelope in a ``data:`` URL.
ENVELOPE_TYPES = frozenset({ENVELOPED_CREDENTIAL, ENVELOPED_PRESENTATION})

# base64url segments of a compact JWS (header.payload.signature; the signature may be empty
# for alg "none", the payload for a detached JWS), and an SD-JWT's ~-separated disclosures.
_SEGMENT = r"[A-Za-z0-9_-]*"
_COMPACT_JWS = re.compile(rf"eyJ{_SEGMENT}\.{_SEGMENT}\.{_SEGMENT}")
_SD_JWT = re.compile(rf"eyJ{_SEGMENT}\.{_SEGMENT}\.{_SEGMENT}~[A-Za-z0-9_~.-]*")
# A data: URL's media type: everything up to the first ";" or ",".
_DATA_URL = re.compile(r"data:([^;,]*)[;,]")


def jose_format(text: str) -> str | None:
    """``"SD-JWT"`` or ``"JWT"`` when ``text`` has that serialization's shape, else ``None``.

    Only the shape is looked at (no decoding), so the cost is linear in the text's length.
    """
    stripped = text.strip()
    if _SD_JWT.fullmatch(stripped):
        return "SD-JWT"
    if _COMPACT_JWS.fullmatch(stripped):
        return "JWT"
    return None


def data_url_media_type(value: Any) -> str | None:
    """The media type of a ``data:`` URL (``""`` when it names none), or ``None``.

    Spec: https://www.rfc-editor.org/rfc/rfc2397
    """
    if not isinstance(value, str):
        return None
    match = _DATA_URL.match(value)
    return match.group(1).strip().lower() if match else None


def envelope_problem(value: Any) -> Problem | None:
    """``UNSUPPORTED_ENVELOPE`` for a value secured by an envelope, else ``None``.

    ``value`` is what was handed to a verifier (a whole input, or one ``verifiableCredential``
    item): a JOSE-serialized string, or an enveloped credential or presentation object.
    """
    if isinstance(value, str):
        kind = jose_format(value)
        if kind is None:
            return None
        return Problem(
            codes.UNSUPPORTED_ENVELOPE,
            f"this is a {kind}-secured credential or presentation (VC-JOSE-COSE or VC-JWT); "
            "vcler does not verify JOSE envelopes yet, so it was not checked",
        )
    if not isinstance(value, (dict, Mapping)):
        return None
    kinds = ENVELOPE_TYPES.intersection(types_of(value))
    if not kinds:
        return None
    media_type = data_url_media_type(value.get("id"))
    named = f"media type {media_type!r}" if media_type else "an envelope without a media type"
    return Problem(
        codes.UNSUPPORTED_ENVELOPE,
        f"{sorted(kinds)[0]} with {named}: vcler does not verify envelopes yet, so it was "
        "not checked",
        "/id" if "id" in value else "",
    )
