"""Credentials secured by an envelope rather than an embedded proof: recognising them.

A credential or presentation can reach a verifier as a JOSE or COSE envelope: a compact JWS
(``application/vc+jwt``, VC-JWT 1.1), an SD-JWT (``application/vc+sd-jwt``), a COSE_Sign1
(``application/vc+cose``), or, inside a presentation, an ``EnvelopedVerifiableCredential``
whose ``id`` is a ``data:`` URL holding one of those. The verification steps open them with
:func:`vcler.jose.open_envelope`; what is here names the objects that carry an envelope and
checks that an enveloped object's type fits the media type of its ``data:`` URL.

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

__all__ = ["ENVELOPE_TYPES", "data_url_media_type", "envelope_kind_problem"]

ENVELOPED_CREDENTIAL = "EnvelopedVerifiableCredential"
ENVELOPED_PRESENTATION = "EnvelopedVerifiablePresentation"
#: The types of the objects that carry an envelope in a ``data:`` URL.
ENVELOPE_TYPES = frozenset({ENVELOPED_CREDENTIAL, ENVELOPED_PRESENTATION})

# A data: URL's media type: everything up to the first ";" or ",".
_DATA_URL = re.compile(r"data:([^;,]*)[;,]")
# Media types that may secure either kind (VC-JWT 1.1's).
_EITHER = frozenset({"application/jwt"})


def data_url_media_type(value: Any) -> str | None:
    """The media type of a ``data:`` URL (``""`` when it names none), or ``None``.

    Spec: https://www.rfc-editor.org/rfc/rfc2397
    """
    if not isinstance(value, str):
        return None
    match = _DATA_URL.match(value)
    return match.group(1).strip().lower() if match else None


def envelope_kind_problem(document: Mapping[str, Any], media_type: str) -> Problem | None:
    """``INVALID_MEDIA_TYPE`` when an enveloped credential carries a presentation's media
    type, or an enveloped presentation a credential's.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#enveloped-verifiable-credentials
    """
    if media_type in _EITHER:
        return None
    kinds = ENVELOPE_TYPES.intersection(types_of(document))
    wanted = "application/vp" if ENVELOPED_PRESENTATION in kinds else "application/vc"
    if media_type.startswith(wanted):
        return None
    return Problem(
        codes.INVALID_MEDIA_TYPE,
        f"{sorted(kinds)[0]} holds a {media_type!r} envelope, not one of a "
        f"{'presentation' if wanted.endswith('vp') else 'credential'}",
        "/id",
    )
