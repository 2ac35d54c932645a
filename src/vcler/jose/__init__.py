"""JOSE and COSE: credentials secured by an envelope instead of an embedded proof.

- VC-JOSE-COSE (W3C Recommendation): ``vc+jwt`` / ``vp+jwt`` (:mod:`vcler.jose.vc_jose`),
  ``vc+sd-jwt`` / ``vp+sd-jwt`` with disclosures, decoys and key binding
  (:mod:`vcler.jose.sd_jwt`), ``vc+cose`` / ``vp+cose`` (:mod:`vcler.jose.cose`).
- VC-JWT as VC 1.1 and Open Badges 3.0 define it, the credential under ``vc``
  (:mod:`vcler.jose.vc_jwt_11`).
- :func:`open_envelope`: any of those, by declared media type or by content, verified with a
  key found through the verification context's document source
  (:func:`vcler.jose.methods.document_key_finder`); it never raises for a bad token.

Issuing signs with any :class:`vcler.keys.Signer` (EdDSA, ES256, ES384, ES512, ES256K);
verifying also accepts RS256/384/512 with RSA keys. ``alg: none``, HMAC algorithms and an
algorithm that does not fit the key are refused (``DISALLOWED_ALGORITHM``).

::

    token = vcler.jose.issue_jwt(credential, signer=key)          # "eyJ..."
    vcler.verify(token).verified                                  # True
"""

from __future__ import annotations

from ._compact import MAX_HEADER_BYTES, MAX_TOKEN_CHARS, CompactJws, JoseError, parse_compact
from ._opened import Opened, Options
from .cose import cose_from_text, cose_to_text, issue_cose
from .envelopes import MEDIA_TYPES, normalize_media_type, open_data_url, open_envelope
from .methods import FoundKey, KeyRequest, document_key_finder
from .sd_jwt import MAX_DISCLOSURES, issue_sd_jwt, present_sd_jwt
from .vc_jose import issue_jwt
from .vc_jwt_11 import issue_vc_jwt_11

__all__ = [
    "MAX_DISCLOSURES",
    "MAX_HEADER_BYTES",
    "MAX_TOKEN_CHARS",
    "MEDIA_TYPES",
    "CompactJws",
    "FoundKey",
    "JoseError",
    "KeyRequest",
    "Opened",
    "Options",
    "cose_from_text",
    "cose_to_text",
    "document_key_finder",
    "issue_cose",
    "issue_jwt",
    "issue_sd_jwt",
    "issue_vc_jwt_11",
    "normalize_media_type",
    "open_data_url",
    "open_envelope",
    "parse_compact",
    "present_sd_jwt",
]
