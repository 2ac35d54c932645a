"""VC-JOSE-COSE with JOSE: ``application/vc+jwt`` and ``application/vp+jwt``.

The JWT Claims Set *is* the credential (or presentation): the unsecured document, plus the
JWT claims that secure it (``iss``, and for presentations ``nonce`` and ``aud``). The header
names the algorithm, the key (``kid``, an absolute verification method URL when vcler issues)
and the media types (``typ`` ``vc+jwt``, ``cty`` ``vc``). The JWT claims ``vc`` and ``vp`` of
VC-JWT 1.1 must not appear (:mod:`vcler.jose.vc_jwt_11` reads those tokens).

Spec: https://www.w3.org/TR/vc-jose-cose/#securing-with-jose
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import codes
from .._documents import is_presentation
from ..errors import InputError
from ..keys import Signer
from ..problems import Problem
from ._compact import CompactJws, JoseError, parse_compact, sign_compact
from ._opened import (
    Opened,
    Options,
    check_critical,
    controller_claim,
    find_and_verify,
    issuer_problems,
    key_request,
    time_problems,
    without_jwt_claims,
)
from .algorithms import jws_algorithm_for

__all__ = ["CREDENTIAL_TYP", "PRESENTATION_TYP", "issue_jwt", "verify_jwt"]

CREDENTIAL_TYP = "vc+jwt"
PRESENTATION_TYP = "vp+jwt"


def media_type_names(typ: str) -> frozenset[str]:
    """The spellings of a media type a ``typ`` or ``cty`` may use (RFC 7515 section 4.1.9)."""
    return frozenset({typ, "application/" + typ})


def issue_jwt(
    document: Mapping[str, Any],
    *,
    signer: Signer,
    claims: Mapping[str, Any] | None = None,
    typ: tuple[str, str] | None = None,
) -> str:
    """``document`` secured as ``vc+jwt`` (a credential) or ``vp+jwt`` (a presentation).

    The header carries ``alg`` (the signer's key type), ``kid`` (the signer's verification
    method id), ``typ`` and ``cty``; the claims set is the document plus ``iss`` (its issuer or
    holder id) and any ``claims`` given (``nonce``, ``aud``, ``exp``...).

    Spec: https://www.w3.org/TR/vc-jose-cose/#securing-with-jose
    """
    payload = secured_payload(document, claims=claims)
    presentation = is_presentation(document)
    kind, content = typ or ((PRESENTATION_TYP, "vp") if presentation else (CREDENTIAL_TYP, "vc"))
    header = {"alg": jws_algorithm_for(signer), "kid": signer.id, "typ": kind, "cty": content}
    return sign_compact(header, payload, signer=signer)


def secured_payload(
    document: Mapping[str, Any], *, claims: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The claims set securing ``document``: the document, ``iss``, and ``claims``."""
    if not isinstance(document, Mapping):
        raise InputError("a credential or presentation is a JSON object")
    # Spec: the JWT claim names vc and vp must not be present.
    for name in ("vc", "vp"):
        if name in document or (claims and name in claims):
            raise InputError(f"a VC-JOSE-COSE claims set must not have a {name!r} claim")
    payload = dict(document)
    controller = controller_claim(document)
    if controller is not None:
        payload["iss"] = controller
    payload.update(claims or {})
    return payload


def verify_jwt(text: str, *, options: Options, media_type: str | None = None) -> Opened:
    """Open a ``vc+jwt`` / ``vp+jwt`` token: its signature, header and claims.

    ``media_type`` is what the token was declared as (an enveloped credential's ``data:`` URL,
    ``--media-type``); the header's ``typ`` and ``cty``, when present, must agree with it and
    with the document.

    Spec: https://www.w3.org/TR/vc-jose-cose/#securing-with-jose
    """
    label = media_type or "application/vc+jwt"
    # Step 1: a well-formed compact JWS.
    try:
        jws = parse_compact(text)
    except JoseError as e:
        return Opened.failed(label, [e.to_problem()])
    return verify_parsed(jws, options=options, media_type=media_type)


def verify_parsed(
    jws: CompactJws,
    *,
    options: Options,
    media_type: str | None,
    typs: tuple[str, str] = (CREDENTIAL_TYP, PRESENTATION_TYP),
    claims: dict[str, Any] | None = None,
) -> Opened:
    """:func:`verify_jwt` of a parsed token; ``typs`` are the credential and presentation
    ``typ`` values (``vc+sd-jwt`` and ``vp+sd-jwt`` for an SD-JWT's issuer-signed JWT), and
    ``claims`` the claims set to judge when it is not the payload as signed (an SD-JWT's, with
    its disclosures applied)."""
    claims = jws.payload if claims is None else claims
    presentation = is_presentation(claims)
    expected = typs[1] if presentation else typs[0]
    label = "application/" + expected
    problems: list[Problem] = []
    # Step 2: the header: critical parameters, typ and cty, the declared media type.
    try:
        check_critical(jws.header)
    except JoseError as e:
        problems.append(e.to_problem())
    problems += media_type_problems(
        jws.header, expected=expected, content="vp" if presentation else "vc", declared=media_type
    )
    # Step 3: the claims: no vc / vp claims, iss naming the issuer, a document with @context.
    for name in ("vc", "vp"):
        if name in claims:
            problems.append(
                Problem(codes.INVALID_CLAIMS, f"the claim {name!r} must not be present", f"/{name}")
            )
    if "@context" not in claims:
        problems.append(
            Problem(codes.INVALID_CLAIMS, "the claims set is not a credential or presentation")
        )
    problems += issuer_problems(claims, claims)
    # Step 4: the key, and the signature.
    controller = claims.get("iss") if isinstance(claims.get("iss"), str) else None
    request = key_request(
        jws.header, controller=controller or controller_claim(claims), presentation=presentation
    )
    found, signature_problems = find_and_verify(jws, request, options)
    problems += signature_problems
    # Step 5: the time claims, and a presentation's nonce and audience.
    problems += time_problems(claims, now=options.now, skew=options.clock_skew)
    if presentation:
        problems += binding_problems(claims, options)
    return Opened.checked(
        without_jwt_claims(claims), label, request=request, found=found, problems=problems
    )


def media_type_problems(
    header: Mapping[Any, Any],
    *,
    expected: str,
    content: str,
    declared: str | None,
    typ_name: Any = "typ",
    cty_name: Any = "cty",
) -> list[Problem]:
    """``typ`` (when present) names ``expected``, ``cty`` (when present) ``content``, and a
    declared media type is ``expected`` too.

    Spec: https://www.w3.org/TR/vc-jose-cose/#securing-with-jose (typ, cty)
    """
    problems = []
    if declared is not None and declared not in media_type_names(expected):
        problems.append(
            Problem(
                codes.INVALID_MEDIA_TYPE,
                f"declared as {declared!r}, but the token secures a {expected} document",
            )
        )
    typ = header.get(typ_name)
    if typ is not None and typ not in media_type_names(expected):
        problems.append(
            Problem(codes.INVALID_MEDIA_TYPE, f"typ {typ!r} is not {expected!r}", "/typ")
        )
    cty = header.get(cty_name)
    if cty is not None and cty not in media_type_names(content):
        problems.append(
            Problem(codes.INVALID_MEDIA_TYPE, f"cty {cty!r} is not {content!r}", "/cty")
        )
    return problems


def binding_problems(claims: Mapping[str, Any], options: Options) -> list[Problem]:
    """A presentation's ``nonce`` is the expected challenge and its ``aud`` the domain."""
    problems = []
    if options.challenge is not None and claims.get("nonce") != options.challenge:
        problems.append(
            Problem(
                codes.INVALID_CHALLENGE_ERROR,
                "the presentation's nonce is not the expected challenge",
                "/nonce",
            )
        )
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if options.domain is not None and options.domain not in audiences:
        problems.append(
            Problem(
                codes.INVALID_DOMAIN_ERROR,
                "the presentation's aud is not the expected domain",
                "/aud",
            )
        )
    return problems
