"""Opening any envelope vcler verifies, chosen by its declared media type or by its content.

=============================================  =====================================
media type                                     module
=============================================  =====================================
``application/vc+jwt``, ``application/vp+jwt``  :mod:`vcler.jose.vc_jose`
``application/vc+sd-jwt``, ``vp+sd-jwt``        :mod:`vcler.jose.sd_jwt`
``application/vc+cose``, ``vp+cose``            :mod:`vcler.jose.cose`
``application/jwt`` (VC-JWT 1.1, Open Badges)   :mod:`vcler.jose.vc_jwt_11`
=============================================  =====================================

A declared media type vcler does not implement is ``UNSUPPORTED_ENVELOPE``: not verified, and
said so. Without a declared type the content decides: text with ``~`` after a JWS is an SD-JWT,
a compact JWS is a JWT (VC-JWT 1.1 when it holds a ``vc`` or ``vp`` claim and no ``@context``),
bytes or base64 text of a CBOR-tagged COSE_Sign1 are COSE.

Spec: https://www.w3.org/TR/vc-jose-cose/#media-types
Spec: https://www.w3.org/TR/vc-data-model-2.0/#enveloped-verifiable-credentials
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from .. import codes
from ..problems import Problem
from ._compact import JoseError, parse_compact
from ._opened import Opened, Options
from .cose import cose_from_text, verify_cose
from .sd_jwt import verify_sd_jwt
from .vc_jose import verify_parsed
from .vc_jwt_11 import is_vc_jwt_11, verify_parsed_11

__all__ = [
    "MEDIA_TYPES",
    "normalize_media_type",
    "open_data_url",
    "open_envelope",
    "peek",
    "sniff_media_type",
]

#: Every media type vcler opens, by family.
MEDIA_TYPES: dict[str, str] = {
    "application/vc+jwt": "jwt",
    "application/vp+jwt": "jwt",
    "application/vc+sd-jwt": "sd-jwt",
    "application/vp+sd-jwt": "sd-jwt",
    "application/vc+cose": "cose",
    "application/vp+cose": "cose",
    "application/jwt": "jwt",
    "application/vc+ld+json+jwt": "jwt",
    "application/vp+ld+json+jwt": "jwt",
}


def normalize_media_type(value: str) -> str:
    """``vc+jwt`` → ``application/vc+jwt``; parameters dropped, lower case."""
    name = value.split(";", 1)[0].strip().lower()
    return name if "/" in name else "application/" + name


def sniff_media_type(value: str | bytes) -> str | None:
    """The media type ``value``'s content has, or ``None`` when it is no envelope vcler knows."""
    if isinstance(value, bytes):
        return "application/vc+cose" if value[:1] in (b"\xd2", b"\x84") else None
    text = value.strip()
    head = text.split("~", 1)[0]
    if head.startswith("eyJ") and head.count(".") == 2:
        return "application/vc+sd-jwt" if "~" in text else "application/vc+jwt"
    if text.startswith(("0oR", "hF")):  # base64 of CBOR tag 18 or of a 4-item array
        return "application/vc+cose"
    return None


def open_envelope(value: str | bytes, *, options: Options, media_type: str | None = None) -> Opened:
    """Verify an envelope and return what it secures, never raising for a bad one.

    ``media_type`` is what the caller or the ``data:`` URL declares; ``None`` means "look".
    """
    declared = normalize_media_type(media_type) if media_type else None
    kind = MEDIA_TYPES.get(declared) if declared else None
    if declared is not None and kind is None:
        return Opened.failed(
            declared,
            [
                Problem(
                    codes.UNSUPPORTED_ENVELOPE,
                    f"vcler does not verify envelopes of media type {declared!r}, so it was "
                    "not checked",
                )
            ],
        )
    if kind is None:
        sniffed = sniff_media_type(value)
        if sniffed is None:
            return Opened.failed(
                "application/octet-stream",
                [Problem(codes.MALFORMED_ENVELOPE, "not a JWS, SD-JWT or COSE_Sign1")],
            )
        kind = MEDIA_TYPES[sniffed]
    if kind == "cose":
        return verify_cose(value, options=options, media_type=declared)
    if not isinstance(value, str):
        return Opened.failed(declared or "application/vc+jwt", [_bytes_problem()])
    if kind == "sd-jwt":
        return verify_sd_jwt(value.strip(), options=options, media_type=declared)
    try:
        jws = parse_compact(value.strip())
    except JoseError as e:
        return Opened.failed(declared or "application/vc+jwt", [e.to_problem()])
    legacy = declared in ("application/jwt", "application/vc+ld+json+jwt")
    if (
        legacy
        or declared == "application/vp+ld+json+jwt"
        or (declared is None and is_vc_jwt_11(jws))
    ):
        return verify_parsed_11(jws, options=options, media_type=declared)
    return verify_parsed(jws, options=options, media_type=declared)


def _bytes_problem() -> Problem:
    return Problem(codes.MALFORMED_ENVELOPE, "a JWT or SD-JWT is text, not bytes")


def open_data_url(value: Any) -> tuple[str, str | bytes]:
    """``(media type, content)`` of an enveloped credential's ``data:`` URL; the content is
    bytes when the URL says ``;base64`` (a COSE_Sign1), else the text (a JWT, an SD-JWT).

    Spec: https://www.rfc-editor.org/rfc/rfc2397
    """
    if not isinstance(value, str) or not value.startswith("data:") or "," not in value:
        raise JoseError("an enveloped credential's id is a data: URL")
    # A URL parser removes ASCII tabs and newlines (https://url.spec.whatwg.org, step 3).
    value = value.translate({ord("\t"): None, ord("\n"): None, ord("\r"): None})
    head, _, data = value[5:].partition(",")
    parameters = [part.strip().lower() for part in head.split(";")]
    media_type = parameters[0] or "text/plain"
    text = urllib.parse.unquote(data)
    if "base64" in parameters[1:]:
        return normalize_media_type(media_type), cose_from_text(text)
    return normalize_media_type(media_type), text


def peek(value: Any) -> tuple[set[str], dict[str, Any] | None]:
    """What an envelope (a token, or an enveloped object) will need, read without verifying
    it: the controller documents its key may come from (an absolute ``kid``'s, the issuer's),
    and the document it carries. Anything unreadable gives nothing."""
    from .._documents import id_of, is_presentation

    try:
        if isinstance(value, dict):
            _, value = open_data_url(value.get("id"))
        if isinstance(value, bytes) or sniff_media_type(value) == "application/vc+cose":
            return set(), None
        jws = parse_compact(value.strip().split("~", 1)[0])
    except JoseError:
        return set(), None
    claims = jws.payload
    document = claims.get("vc", claims.get("vp", claims)) if "@context" not in claims else claims
    if not isinstance(document, dict):
        return set(), None
    urls = set()
    kid = jws.header.get("kid")
    if isinstance(kid, str) and (kid.startswith("did:") or kid.startswith("https://")):
        urls.add(kid.split("#", 1)[0])
    role = "holder" if is_presentation(document) else "issuer"
    for named in (claims.get("iss"), id_of(document.get(role))):
        if isinstance(named, str):
            urls.add(named.split("#", 1)[0])
    return urls, document
