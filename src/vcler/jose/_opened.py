"""What opening an envelope gives (:class:`Opened`), and the checks every token format shares:
the kind of document, the issuer claim, the time claims, verifying a compact JWS.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from .. import codes
from .._documents import id_of, is_presentation
from ..errors import VclerError
from ..problems import Problem
from ..results import ProofResult
from ._compact import CompactJws, JoseError
from .algorithms import check_algorithm, precheck_algorithm, verify_jws
from .methods import FoundKey, KeyFinder, KeyRequest

__all__ = [
    "JWT_CLAIMS",
    "Opened",
    "Options",
    "check_critical",
    "controller_claim",
    "find_and_verify",
    "key_request",
    "time_problems",
    "without_jwt_claims",
]

#: JWT claims that secure the token rather than state anything of the credential: removed from
#: the document a token carries before it is checked as a credential.
JWT_CLAIMS = frozenset({"iss", "sub", "aud", "exp", "nbf", "iat", "jti", "cnf", "nonce", "_sd_alg"})
# Header parameters whose meaning vcler implements, in "crit" (none, for a JWT: RFC 7515
# section 4.1.11 lets a verifier refuse every extension it does not implement).
_UNDERSTOOD_CRITICAL: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Options:
    """What a token is verified under: the clock, the skew, the algorithms allowed, the key
    finder, and for presentations the expected ``challenge`` (``nonce``) and ``domain``
    (``aud``)."""

    find_key: KeyFinder
    now: datetime
    clock_skew: timedelta = timedelta(minutes=5)
    allowed_algorithms: tuple[str, ...] | None = None
    challenge: str | None = None
    domain: str | None = None


@dataclass
class Opened:
    """An envelope opened: the ``document`` it secures (``None`` when it could not be read),
    the ``media_type`` it was read as, and ``proof``, the envelope's verdict (verified, the
    key, the problems)."""

    document: dict[str, Any] | None
    media_type: str
    proof: ProofResult
    disclosed: list[str] = field(default_factory=list)

    @classmethod
    def failed(cls, media_type: str, problems: Iterable[Problem]) -> Opened:
        """An envelope that could not be read at all."""
        return cls(None, media_type, ProofResult(False, type=media_type, problems=list(problems)))

    @classmethod
    def checked(
        cls,
        document: dict[str, Any],
        media_type: str,
        *,
        request: KeyRequest,
        found: FoundKey | None,
        problems: list[Problem],
    ) -> Opened:
        """An envelope read and checked: verified when nothing was found wrong."""
        proof = ProofResult(
            verified=not problems,
            type=media_type,
            verification_method=found.method_id if found else request.kid,
            proof_purpose=request.purpose,
            problems=problems,
            controller=found.controller if found else None,
        )
        return cls(document, media_type, proof)


def key_request(
    header: Mapping[Any, Any], *, controller: str | None, presentation: bool, kid: Any = None
) -> KeyRequest:
    """What a token's header says of its key (``kid`` given for COSE, whose header is CBOR),
    the controller the key must belong to, and the relationship: ``authentication`` for a
    presentation, ``assertionMethod`` for a credential."""
    kid = header.get("kid") if kid is None else kid
    jwk = header.get("jwk")
    return KeyRequest(
        kid=kid if isinstance(kid, str) else None,
        jwk=jwk if isinstance(jwk, Mapping) else None,
        controller=controller,
        purpose="authentication" if presentation else "assertionMethod",
    )


def check_critical(header: Mapping[Any, Any], *, name: Any = "crit") -> None:
    """``crit``: every listed parameter present and understood, else refused.

    Spec: https://www.rfc-editor.org/rfc/rfc7515#section-4.1.11
    """
    if name not in header:
        return
    critical = header[name]
    if not isinstance(critical, list) or not critical:
        raise JoseError("'crit' must be a non-empty list", reason=codes.MALFORMED_ENVELOPE)
    unknown = [str(item) for item in critical if item not in _UNDERSTOOD_CRITICAL]
    if unknown:
        raise JoseError(
            f"critical header parameters vcler does not understand: {', '.join(unknown)}",
            reason=codes.UNSUPPORTED_CRITICAL_HEADER,
        )


def controller_claim(document: Mapping[str, Any]) -> str | None:
    """The id of whoever secures ``document``: its issuer, or a presentation's holder."""
    return id_of(document.get("holder" if is_presentation(document) else "issuer"))


def issuer_problems(claims: Mapping[str, Any], document: Mapping[str, Any]) -> list[Problem]:
    """``iss``, when present, names the issuer (or holder) the document names.

    Spec: https://www.w3.org/TR/vc-jose-cose/#securing-with-jose (iss and issuer, holder)
    """
    if "iss" not in claims:
        return []
    named = controller_claim(document)
    if claims["iss"] == named or named is None:
        return []
    role = "holder" if is_presentation(document) else "issuer"
    return [
        Problem(
            codes.INVALID_CLAIMS,
            f"iss {claims['iss']!r} is not the {role} {named!r} the document names",
            "/iss",
        )
    ]


def time_problems(claims: Mapping[str, Any], *, now: datetime, skew: timedelta) -> list[Problem]:
    """``exp`` and ``nbf``: NumericDates, and the token within them. (``iat`` states when it
    was made; vcler does not judge it, and many tokens in circulation write it as a string.)

    Spec: https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4 (exp), section 4.1.5 (nbf)
    """
    problems = []
    for name, code in (("exp", codes.CREDENTIAL_EXPIRED), ("nbf", codes.CREDENTIAL_NOT_YET_VALID)):
        if name not in claims:
            continue
        value = claims[name]
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(
                Problem(codes.INVALID_CLAIMS, f"{name} is not a NumericDate", f"/{name}")
            )
            continue
        try:
            moment = datetime.fromtimestamp(value, timezone.utc)
        except (OverflowError, OSError, ValueError):
            problems.append(Problem(codes.INVALID_CLAIMS, f"{name} is out of range", f"/{name}"))
            continue
        if name == "exp" and now - skew >= moment:
            problems.append(Problem(code, f"the token expired at {moment.isoformat()}", "/exp"))
        if name == "nbf" and now + skew < moment:
            problems.append(
                Problem(code, f"the token is not valid before {moment.isoformat()}", "/nbf")
            )
    return problems


def without_jwt_claims(claims: Mapping[str, Any]) -> dict[str, Any]:
    """The credential or presentation of a payload: the JWT claims removed."""
    return {name: value for name, value in claims.items() if name not in JWT_CLAIMS}


def find_and_verify(
    jws: CompactJws, request: KeyRequest, options: Options
) -> tuple[FoundKey | None, list[Problem]]:
    """Find the key ``request`` names and check the JWS signature with it."""
    try:
        precheck_algorithm(jws.header.get("alg"), allowed=options.allowed_algorithms)
        found = options.find_key(request)
    except JoseError as e:
        return None, [e.to_problem()]
    except VclerError as e:
        return None, [_as_method_problem(e)]
    try:
        alg = check_algorithm(jws.header.get("alg"), found.key, allowed=options.allowed_algorithms)
        if not verify_jws(jws, found.key, alg=alg):
            return found, [
                Problem(
                    codes.CRYPTOGRAPHIC_SECURITY_ERROR,
                    "the signature does not verify with the issuer's key",
                    "",
                )
            ]
    except JoseError as e:
        return found, [e.to_problem()]
    return found, []


def _as_method_problem(error: VclerError) -> Problem:
    """A key that could not be found, with the code the resolver gave (a CID error, or a DID
    resolution error)."""
    code = getattr(error, "error", None) or error.code
    return Problem(str(code), f"the token's key could not be found: {error.message}", "")
