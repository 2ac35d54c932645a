"""VC-JWT as VC Data Model 1.1 and Open Badges 3.0 define it: the credential under ``vc``.

Open Badges 3.0's "JSON Web Token Proof Format" (and VC 1.1 section 6.3.1, which many tokens in
circulation follow) puts the credential in the ``vc`` claim (a presentation in ``vp``) and maps
its members onto registered claims: ``iss`` the issuer's id, ``sub`` the subject's id, ``jti``
the credential's id, ``nbf`` its issuance date (``issuanceDate`` or ``validFrom``), ``exp`` its
expiration (``expirationDate`` or ``validUntil``). The header has ``alg`` (RS256 is the one
every implementation must support), ``kid`` (a URL dereferencing to the key) or ``jwk``, and
``typ`` ``JWT`` when present; no other header parameter is allowed.

vcler issues this form (:func:`issue_vc_jwt_11`) for Open Badges consumers that want it, and
verifies it, including ``endorsementJwt`` values, with the key from the issuer's profile or
DID document.

Spec: https://www.imsglobal.org/spec/ob/v3p0/#jwt-proof
Spec: https://www.w3.org/TR/vc-data-model-1.1/#jwt-encoding
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from .. import codes
from .._datetime import parse_date_time
from .._documents import id_of
from ..errors import InputError
from ..keys import Signer
from ..problems import Problem
from ._compact import CompactJws, JoseError, parse_compact, sign_compact
from ._opened import (
    Opened,
    Options,
    check_critical,
    find_and_verify,
    key_request,
    time_problems,
)
from .algorithms import jws_algorithm_for

__all__ = ["MEDIA_TYPE", "is_vc_jwt_11", "issue_vc_jwt_11", "verify_vc_jwt_11"]

MEDIA_TYPE = "application/jwt"
_ALLOWED_HEADER = frozenset({"alg", "kid", "jwk", "typ"})
_START = ("validFrom", "issuanceDate")
_END = ("validUntil", "expirationDate")


def is_vc_jwt_11(jws: CompactJws) -> bool:
    """Whether a JWS is VC-JWT 1.1 shaped: a ``vc`` or ``vp`` claim, no ``@context`` beside it,
    and no VC-JOSE-COSE ``typ``."""
    typ = jws.header.get("typ")
    return (
        ("vc" in jws.payload or "vp" in jws.payload)
        and "@context" not in jws.payload
        and typ in (None, "JWT", "application/jwt")
    )


def _numeric(value: Any) -> int | None:
    moment = parse_date_time(value)
    return int(moment.timestamp()) if moment is not None else None


def issue_vc_jwt_11(credential: Mapping[str, Any], *, signer: Signer) -> str:
    """An Open Badges 3.0 VC-JWT: the credential under ``vc``, with ``iss``, ``sub``, ``jti``,
    ``nbf`` (and ``exp``) mapped from it; ``kid`` the signer's verification method.

    Spec: https://www.imsglobal.org/spec/ob/v3p0/#jwt-proof
    """
    if not isinstance(credential, Mapping):
        raise InputError("a credential is a JSON object")
    claims: dict[str, Any] = {"vc": dict(credential)}
    subject = credential.get("credentialSubject")
    mapped = {
        "iss": id_of(credential.get("issuer")),
        "sub": id_of(subject[0] if isinstance(subject, list) and subject else subject),
        "jti": credential.get("id"),
        "nbf": next((_numeric(credential[n]) for n in _START if n in credential), None),
        "exp": next((_numeric(credential[n]) for n in _END if n in credential), None),
    }
    claims.update({name: value for name, value in mapped.items() if value is not None})
    header = {"alg": jws_algorithm_for(signer), "kid": signer.id, "typ": "JWT"}
    return sign_compact(header, claims, signer=signer)


def verify_vc_jwt_11(text: str, *, options: Options, media_type: str | None = None) -> Opened:
    """Open a VC-JWT 1.1 / Open Badges 3.0 token (see :func:`verify_parsed_11`)."""
    try:
        jws = parse_compact(text)
    except JoseError as e:
        return Opened.failed(media_type or MEDIA_TYPE, [e.to_problem()])
    return verify_parsed_11(jws, options=options, media_type=media_type)


def verify_parsed_11(jws: CompactJws, *, options: Options, media_type: str | None) -> Opened:
    """The signature, the header, and every registered claim against the credential.

    Spec: https://www.imsglobal.org/spec/ob/v3p0/#jwt-verify-credential
    """
    label = media_type or MEDIA_TYPE
    claims = jws.payload
    presentation = "vp" in claims and "vc" not in claims
    name = "vp" if presentation else "vc"
    document = claims.get(name)
    if not isinstance(document, dict):
        return Opened.failed(label, [Problem(codes.INVALID_CLAIMS, f"{name} is not an object")])
    problems: list[Problem] = []
    # Step 1: the header: no parameter beyond alg, kid, jwk and typ.
    extra = sorted(str(p) for p in set(jws.header) - _ALLOWED_HEADER)
    if extra:
        problems.append(
            Problem(codes.MALFORMED_ENVELOPE, f"header parameters not allowed: {', '.join(extra)}")
        )
    try:
        check_critical(jws.header)
    except JoseError as e:
        problems.append(e.to_problem())
    # Steps 2 to 4: the key from kid (or the jwk, bound to the issuer), and the signature.
    role = "holder" if presentation else "issuer"
    controller = claims.get("iss") if isinstance(claims.get("iss"), str) else None
    request = key_request(
        jws.header, controller=controller or id_of(document.get(role)), presentation=presentation
    )
    found, signature_problems = find_and_verify(jws, request, options)
    problems += signature_problems
    # Steps 5 and 6: the registered claims against the credential, and the time claims.
    problems += _claim_problems(claims, document, role=role, presentation=presentation)
    problems += time_problems(claims, now=options.now, skew=options.clock_skew)
    return Opened.checked(dict(document), label, request=request, found=found, problems=problems)


def _claim_problems(
    claims: Mapping[str, Any], document: Mapping[str, Any], *, role: str, presentation: bool
) -> list[Problem]:
    """iss, sub, jti, nbf and exp against the credential (a presentation: iss and jti)."""
    problems = []

    def mismatch(claim: str, member: str) -> None:
        problems.append(
            Problem(
                codes.INVALID_CLAIMS,
                f"the claim {claim} does not match the credential's {member}",
                f"/{claim}",
            )
        )

    if "iss" in claims and claims["iss"] != id_of(document.get(role)):
        mismatch("iss", f"{role} id")
    if "jti" in claims and "id" in document and claims["jti"] != document["id"]:
        mismatch("jti", "id")
    if presentation:
        return problems
    subject = document.get("credentialSubject")
    subjects = subject if isinstance(subject, list) else [subject]
    if "sub" in claims and claims["sub"] not in {id_of(s) for s in subjects}:
        mismatch("sub", "credentialSubject id")
    for claim, members in (("nbf", _START), ("exp", _END)):
        value = claims.get(claim)
        member = next((m for m in members if m in document), None)
        if member is None or isinstance(value, bool) or not isinstance(value, int | float):
            continue
        stated = parse_date_time(document[member])
        try:
            moment = datetime.fromtimestamp(value, timezone.utc)
        except (OverflowError, OSError, ValueError):
            continue
        if stated is not None and abs((stated - moment).total_seconds()) >= 1:
            mismatch(claim, member)
    return problems
