"""Open Badges 2.0: verifying hosted and signed assertions.

Canvas Credentials (Badgr), Credly and many learning platforms issued Open Badges 2.0 for a
decade. An OB 2.0 assertion is not a Verifiable Credential: it is JSON-LD naming its
``BadgeClass`` and the BadgeClass's ``Issuer`` by URL, and it is verified one of two ways:

- **hosted**: the assertion is published at its ``id`` by the issuer; verifying it means
  reading it from there, from an origin the issuer allows (the published copy is
  authoritative: a copy, baked in an image say, may leave members out, but one that says
  anything else is refused);
- **signed**: the assertion is the payload of a JWS, signed with a ``CryptographicKey`` that
  its ``verification.creator`` names and whose ``owner`` is the issuer.

Either way the recipient is checked against the identity the verifier supplies (the
``identity`` is usually ``sha256$`` + the hex SHA-256 of the email and the ``salt``), and the
issuer's ``revocationList`` against the assertion's id. Every document (assertion, BadgeClass,
Issuer, key, revocation list) is read through the verification context's document source
(``context.source.get(url)``): the documents a caller supplies, else the policy-checked
fetcher when one is given. :func:`verify_assertion` never raises for a bad assertion: every
finding is a problem of the returned :class:`~vcler.results.VerificationResult`, whose
``document`` is the assertion with its BadgeClass (and its Issuer) in place of their URLs.

Spec: https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html#Verification
Spec: https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html#RevocationList
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .. import codes
from .._datetime import parse_date_time
from .._json import check_json
from ..errors import ParsingError, VclerError
from ..problems import Problem, json_pointer
from ..results import ProofResult, VerificationResult
from .vocabulary import type_names

if TYPE_CHECKING:
    from ..context import VerificationContext
    from ..jose.algorithms import AnyPublicKey

__all__ = [
    "OB2_CONTEXT",
    "is_v2_assertion",
    "is_v2_document",
    "referenced_urls",
    "signed_v2_payload",
    "verify_assertion",
]

#: The JSON-LD context of Open Badges 2.0.
OB2_CONTEXT = "https://w3id.org/openbadges/v2"
_V2_TYPES = frozenset({"Assertion", "BadgeClass", "Issuer", "Profile", "CryptographicKey"})
_HOSTED = frozenset({"hosted", "HostedBadge"})
_SIGNED = frozenset({"signed", "SignedBadge"})
_HASHES = {"sha256": hashlib.sha256, "md5": hashlib.md5}
# The largest PEM public key read (an RSA-8192 key is about 1.5 kB of PEM).
_PEM_CHARACTERS = 16 * 1024


def _contexts(document: Mapping[str, Any]) -> list[Any]:
    context = document.get("@context")
    return context if isinstance(context, list) else [context]


def is_v2_document(document: Any) -> bool:
    """Whether ``document`` is an Open Badges 2.0 object (its ``@context`` is OB 2.0's, or it
    is an Assertion with a ``verification`` and a ``badge``, as v1.1-era JSON often is)."""
    if not (type(document) is dict or isinstance(document, Mapping)):
        return False
    contexts = _contexts(document)
    if OB2_CONTEXT in contexts or f"{OB2_CONTEXT}/" in contexts:
        return True
    return (
        "Assertion" in type_names(document.get("type"))
        and "badge" in document
        and isinstance(document.get("verification"), Mapping)
        and "credentialSubject" not in document
    )


def is_v2_assertion(document: Any) -> bool:
    """Whether ``document`` is an Open Badges 2.0 ``Assertion``."""
    return is_v2_document(document) and "Assertion" in type_names(document.get("type"))


def signed_v2_payload(token: str | bytes) -> dict[str, Any] | None:
    """The assertion a compact JWS carries when it is a signed OB 2.0 assertion, else ``None``
    (the signature is not checked here)."""
    from ..jose import JoseError, parse_compact

    if isinstance(token, bytes):
        try:
            token = token.decode("ascii")
        except UnicodeDecodeError:
            return None
    try:
        jws = parse_compact(token.strip())
    except JoseError:
        return None
    return jws.payload if is_v2_assertion(jws.payload) else None


def referenced_urls(document: Any) -> set[str]:
    """The URLs verifying ``document`` (an OB 2.0 assertion, BadgeClass or Issuer, or a signed
    assertion's token) reads next: the hosted assertion, its BadgeClass, the signing key; a
    BadgeClass's Issuer; an Issuer's revocation list. The async verifier retrieves these
    ahead, round by round."""
    if isinstance(document, (str, bytes)):
        payload = signed_v2_payload(document)
        if payload is None:
            return set()
        document = payload
    if not is_v2_document(document):
        return set()
    found: set[str] = set()
    types = set(type_names(document.get("type")))
    verification = document.get("verification")
    names: list[Any] = []
    if "Assertion" in types:
        names.append(document.get("badge"))
        if isinstance(verification, Mapping):
            if verification.get("type") in _HOSTED:
                names.append(document.get("id"))
            names.append(verification.get("creator"))
    if "BadgeClass" in types:
        names.append(document.get("issuer"))
    if types & {"Issuer", "Profile"}:
        names.append(document.get("revocationList"))
    found.update(name for name in names if isinstance(name, str) and "://" in name)
    return found


# -- the steps -----------------------------------------------------------------------------


class _Failed(Exception):
    """Verification cannot go on: ``problem`` says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _get(context: VerificationContext, url: str, what: str, pointer: str) -> dict[str, Any]:
    """A document read through the context's document source."""
    try:
        document = context.source.get(url)
    except VclerError as error:
        problem = error.to_problem()
        raise _Failed(
            Problem(
                problem.code,
                f"the {what} at {url} could not be read: {problem.message}",
                pointer,
            )
        ) from error
    if not isinstance(document, dict):
        raise _Failed(
            Problem(codes.PARSING_ERROR, f"the {what} at {url} is not a JSON object", pointer)
        )
    try:
        check_json(document)
    except ParsingError as error:
        raise _Failed(
            Problem(codes.PARSING_ERROR, f"the {what} at {url}: {error}", pointer)
        ) from error
    return document


def _node(
    context: VerificationContext, value: Any, kinds: frozenset[str], what: str, pointer: str
) -> dict[str, Any]:
    """An embedded object, or the one its URL names, of one of ``kinds``."""
    if isinstance(value, str):
        # Its URL is what the chain trusts; an id that differs says nothing more (the 1EdTech
        # validator accepts it too).
        document = _get(context, value, what, pointer)
    elif isinstance(value, dict):
        document = value
    else:
        raise _Failed(Problem(codes.MALFORMED_VALUE_ERROR, f"the {what} is missing", pointer))
    if not kinds & set(type_names(document.get("type"))):
        raise _Failed(
            Problem(
                codes.MALFORMED_VALUE_ERROR,
                f"the {what} is not of type {' or '.join(sorted(kinds))}",
                pointer,
            )
        )
    return document


def _check_shape(assertion: Mapping[str, Any]) -> None:
    """Step 1: what every assertion has.

    Spec: https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html#Assertion
    """
    if "Assertion" not in type_names(assertion.get("type")):
        raise _Failed(Problem(codes.MALFORMED_VALUE_ERROR, "the type is not Assertion", "/type"))
    if not isinstance(assertion.get("id"), str):
        raise _Failed(Problem(codes.MALFORMED_VALUE_ERROR, "an assertion needs an id", "/id"))
    recipient = assertion.get("recipient")
    if not isinstance(recipient, Mapping) or not isinstance(recipient.get("identity"), str):
        raise _Failed(
            Problem(
                codes.MALFORMED_VALUE_ERROR, "an assertion needs a recipient identity", "/recipient"
            )
        )
    verification = assertion.get("verification")
    if not isinstance(verification, Mapping) or verification.get("type") not in _HOSTED | _SIGNED:
        raise _Failed(
            Problem(
                codes.MALFORMED_VALUE_ERROR,
                "verification.type is 'hosted' or 'signed'",
                "/verification/type",
            )
        )
    if parse_date_time(assertion.get("issuedOn")) is None:
        raise _Failed(
            Problem(codes.MALFORMED_VALUE_ERROR, "issuedOn is not a date-time", "/issuedOn")
        )


def _hosted(
    context: VerificationContext, given: Mapping[str, Any] | None, url: str
) -> tuple[dict[str, Any], ProofResult]:
    """Step 2 (hosted): the assertion as its issuer publishes it, at its id.

    Spec: https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html#HostedBadge
    """
    hosted = _get(context, url, "hosted assertion", "/id")
    proof = ProofResult(
        verified=True, pointer="/verification", type="HostedBadge", verification_method=url
    )
    # A copy (baked in an image, say) may leave members out, never say something else.
    for name in sorted(given or {}):
        if given is not None and (
            name not in hosted or _canonical(given[name]) != _canonical(hosted[name])
        ):
            proof.verified = False
            proof.problems.append(
                Problem(
                    codes.HOSTED_VERIFICATION_ERROR,
                    f"the assertion's {name} differs from the one its issuer hosts at {url}",
                    json_pointer(name),
                )
            )
    if hosted.get("id") != url:
        proof.verified = False
        proof.problems.append(
            Problem(
                codes.HOSTED_VERIFICATION_ERROR,
                f"the assertion hosted at {url} has the id {hosted.get('id')!r}",
                "/id",
            )
        )
    return hosted, proof


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _key_of_pem(pem: Any) -> AnyPublicKey:
    """The public key of a ``CryptographicKey``'s ``publicKeyPem``."""
    from jwcrypto import jwk

    from ..errors import InvalidKeyError
    from ..keys import PublicKey
    from ..keys.rsa import RsaPublicKey

    if not isinstance(pem, str) or len(pem) > _PEM_CHARACTERS:
        raise InvalidKeyError("publicKeyPem is not a PEM public key of a sane size")
    try:
        public = jwk.JWK.from_pem(pem.encode("ascii")).export_public(as_dict=True)
    except (ValueError, TypeError, UnicodeEncodeError) as error:
        raise InvalidKeyError(f"publicKeyPem cannot be read: {error}") from error
    if public.get("kty") == "RSA":
        return RsaPublicKey.from_jwk(public)
    return PublicKey.from_jwk(public)


def _signed(
    context: VerificationContext,
    token: str,
    assertion: Mapping[str, Any],
    issuer: Mapping[str, Any],
    issuer_url: str | None,
) -> ProofResult:
    """Step 4 (signed): the JWS signature, by a key its issuer owns.

    Spec: https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html#SignedBadge
    """
    from ..errors import InvalidKeyError
    from ..jose import JoseError, parse_compact
    from ..jose.algorithms import check_algorithm, verify_jws

    verification = assertion.get("verification") or {}
    creator = verification.get("creator") if isinstance(verification, Mapping) else None
    proof = ProofResult(verified=False, pointer="/verification", type="SignedBadge")
    if not isinstance(creator, str):
        proof.problems.append(
            Problem(
                codes.MALFORMED_PROOF_ERROR,
                "verification.creator names no key",
                "/verification/creator",
            )
        )
        return proof
    proof.verification_method = creator
    try:
        key_document = _node(
            context,
            creator,
            frozenset({"CryptographicKey"}),
            "signing key",
            "/verification/creator",
        )
    except _Failed as failed:
        proof.problems.append(failed.problem)
        return proof
    owner = key_document.get("owner")
    proof.controller = owner if isinstance(owner, str) else None
    if owner not in {issuer.get("id"), issuer_url}:
        proof.problems.append(
            Problem(
                codes.INVALID_VERIFICATION_METHOD,
                f"the key {creator} is owned by {owner!r}, not the issuer {issuer.get('id')!r}",
                "/verification/creator",
            )
        )
        return proof
    try:
        key = _key_of_pem(key_document.get("publicKeyPem"))
        jws = parse_compact(token)
        alg = check_algorithm(jws.header.get("alg"), key, allowed=context.policy.allowed_algorithms)
        verified = verify_jws(jws, key, alg=alg)
    except JoseError as error:
        proof.problems.append(Problem(error.reason, error.message, ""))
        return proof
    except InvalidKeyError as error:
        proof.problems.append(
            Problem(codes.INVALID_VERIFICATION_METHOD, error.message, "/verification/creator")
        )
        return proof
    proof.type = f"SignedBadge ({alg})"
    if not verified:
        proof.problems.append(
            Problem(codes.PROOF_VERIFICATION_ERROR, "the assertion's signature does not verify", "")
        )
        return proof
    proof.verified = True
    return proof


def _origin_problems(assertion_id: str, issuer: Mapping[str, Any]) -> list[Problem]:
    """Step 5 (hosted): the assertion is hosted where its issuer allows: a URL starting with
    one of the issuer's ``verification.startsWith``, else on one of its ``allowedOrigins``
    (by default, the host of the issuer's id).

    Spec: https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html#VerificationObject
    """
    policy = issuer.get("verification")
    policy = policy if isinstance(policy, Mapping) else {}
    starts = policy.get("startsWith")
    starts = [starts] if isinstance(starts, str) else starts if isinstance(starts, list) else []
    if starts:
        if any(isinstance(p, str) and assertion_id.startswith(p) for p in starts):
            return []
        return [
            Problem(
                codes.HOSTED_VERIFICATION_ERROR,
                "the assertion is not hosted under a prefix its issuer allows "
                f"({', '.join(map(str, starts))})",
                "/id",
            )
        ]
    origins = policy.get("allowedOrigins")
    origins = (
        [origins] if isinstance(origins, str) else origins if isinstance(origins, list) else []
    )
    issuer_id = issuer.get("id")
    allowed = {str(o).lower() for o in origins} or (
        {urlsplit(issuer_id).netloc.lower()} if isinstance(issuer_id, str) else set()
    )
    host = urlsplit(assertion_id).netloc.lower()
    if host and host in allowed:
        return []
    return [
        Problem(
            codes.HOSTED_VERIFICATION_ERROR,
            f"the assertion is hosted on {host or '(no host)'}, which its issuer does not allow "
            f"({', '.join(sorted(allowed)) or 'none'})",
            "/id",
        )
    ]


def _date_problems(
    assertion: Mapping[str, Any], context: VerificationContext, now: datetime
) -> list[Problem]:
    """Step 6: issued in the past, not expired (with the policy's clock skew)."""
    skew = context.policy.clock_skew
    problems: list[Problem] = []
    issued = parse_date_time(assertion.get("issuedOn"))
    if issued is not None and now + skew < issued:
        problems.append(
            Problem(
                codes.CREDENTIAL_NOT_YET_VALID,
                f"the assertion is issued on {assertion['issuedOn']}, in the future",
                "/issuedOn",
            )
        )
    if "expires" in assertion:
        expires = parse_date_time(assertion.get("expires"))
        if expires is None:
            problems.append(
                Problem(codes.MALFORMED_VALUE_ERROR, "expires is not a date-time", "/expires")
            )
        elif now - skew > expires:
            problems.append(
                Problem(
                    codes.CREDENTIAL_EXPIRED,
                    f"the assertion expired at {assertion['expires']}",
                    "/expires",
                )
            )
    return problems


def recipient_matches(recipient: Mapping[str, Any], identity: str) -> bool:
    """Whether ``identity`` (an email...) is the assertion's recipient: the plain identity
    (case-insensitively), or ``algorithm$hex`` of the identity and the ``salt`` (SHA-256 or
    MD5; the identity as given, or in lower case).

    Spec: https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html#IdentityObject
    """
    shown = recipient.get("identity")
    if not isinstance(shown, str):
        return False
    if recipient.get("hashed") is not True and "$" not in shown:
        return shown.strip().casefold() == identity.strip().casefold()
    algorithm, _, digest = shown.partition("$")
    hash_function = _HASHES.get(algorithm.lower())
    if hash_function is None:
        return False
    salt = recipient.get("salt") if isinstance(recipient.get("salt"), str) else ""
    for candidate in dict.fromkeys([identity.strip(), identity.strip().lower()]):
        computed = hash_function((candidate + str(salt)).encode("utf-8")).hexdigest()
        if hmac.compare_digest(computed, digest.lower()):
            return True
    return False


def _recipient_problems(
    assertion: Mapping[str, Any], recipient: str | None, warnings: list[Problem]
) -> list[Problem]:
    """Step 7: the recipient is the one the verifier expects."""
    if recipient is None:
        warnings.append(
            Problem(
                codes.RECIPIENT_NOT_CHECKED,
                "no recipient identity was given to check the assertion's recipient against",
                "/recipient",
            )
        )
        return []
    if recipient_matches(assertion["recipient"], recipient):
        return []
    return [
        Problem(
            codes.RECIPIENT_MISMATCH,
            "the assertion was not issued to the recipient given",
            "/recipient/identity",
        )
    ]


def _revocation_problems(
    context: VerificationContext,
    assertion: Mapping[str, Any],
    issuer: Mapping[str, Any],
    warnings: list[Problem],
) -> list[Problem]:
    """Step 8: the issuer's revocation list does not list the assertion (nor does the hosted
    assertion say ``revoked``).

    Spec: https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html#RevocationList
    """
    if assertion.get("revoked") is True:
        return [_revoked("the issuer revoked the assertion", assertion, "/revoked")]
    url = issuer.get("revocationList")
    if url is None:
        return []
    status = context.policy.status
    if not status.check:
        warnings.append(
            Problem(
                codes.STATUS_NOT_CHECKED, "the issuer's revocation list was not checked", "/badge"
            )
        )
        return []
    try:
        revocations = _node(
            context, url, frozenset({"RevocationList"}), "revocation list", "/badge"
        )
    except _Failed as failed:
        problem = Problem(codes.STATUS_RETRIEVAL_ERROR, failed.problem.message, "/badge")
        if status.fail_closed:
            return [problem]
        warnings.append(problem)
        return []
    listed = revocations.get("revokedAssertions")
    ids = {assertion.get("id"), assertion.get("uid")} - {None}
    for entry in listed if isinstance(listed, list) else []:
        entry_ids = (
            {entry}
            if isinstance(entry, str)
            else (
                {entry.get("id"), entry.get("uid")} - {None}
                if isinstance(entry, Mapping)
                else set()
            )
        )
        if entry_ids & ids:
            message = "the issuer's revocation list lists the assertion"
            return [_revoked(message, entry if isinstance(entry, Mapping) else {}, "")]
    return []


def _revoked(message: str, revocation: Mapping[str, Any], pointer: str) -> Problem:
    """``CREDENTIAL_REVOKED`` with the ``revocationReason`` given, if any."""
    reason = revocation.get("revocationReason")
    detail = f": {reason}" if isinstance(reason, str) else ""
    return Problem(codes.CREDENTIAL_REVOKED, message + detail, pointer)


def verify_assertion(
    document: Any,
    *,
    context: VerificationContext,
    recipient: str | None = None,
    now: datetime | None = None,
) -> VerificationResult:
    """Verify an Open Badges 2.0 assertion: a hosted one (its JSON, or the URL it is hosted
    at) or a signed one (the JWS); never raises for a bad one.

    ``recipient`` is the identity the verifier expects (the learner's email); without it the
    recipient is not checked (a ``RECIPIENT_NOT_CHECKED`` warning). The result's ``document``
    is the assertion with its ``badge`` (the BadgeClass, whose ``issuer`` is the Issuer
    profile) in place of their URLs.
    """
    now = now if now is not None else context.now()
    warnings: list[Problem] = []
    problems: list[Problem] = []
    proof: ProofResult | None = None
    shown: dict[str, Any] | None = None
    try:
        # Step 1: the assertion (the payload of a signed one, the given JSON or the URL).
        token: str | None = None
        given: Mapping[str, Any] | None = None
        if isinstance(document, (str, bytes)) and signed_v2_payload(document) is not None:
            token = document.decode("ascii") if isinstance(document, bytes) else document
            token = token.strip()
            assertion: dict[str, Any] = dict(signed_v2_payload(token) or {})
        elif isinstance(document, str) and document.startswith(("https://", "http://")):
            assertion = {"id": document.strip()}
        elif isinstance(document, Mapping):
            given = document
            assertion = dict(document)
        else:
            raise _Failed(Problem(codes.PARSING_ERROR, "not an Open Badges 2.0 assertion"))
        verification = assertion.get("verification")
        kind = verification.get("type") if isinstance(verification, Mapping) else None
        # Step 2 (hosted): the authoritative copy, at the assertion's id.
        if token is None and (kind in _HOSTED or set(assertion) == {"id"}):
            if not isinstance(assertion.get("id"), str):
                raise _Failed(
                    Problem(codes.MALFORMED_VALUE_ERROR, "an assertion needs an id", "/id")
                )
            assertion, proof = _hosted(context, given, assertion["id"])
            problems += proof.problems
            verification = assertion.get("verification")
            kind = verification.get("type") if isinstance(verification, Mapping) else None
            if kind in _SIGNED:
                raise _Failed(
                    Problem(
                        codes.MALFORMED_VALUE_ERROR,
                        "a signed assertion is verified from its JWS, not as JSON",
                        "/verification/type",
                    )
                )
        elif token is None:
            raise _Failed(
                Problem(
                    codes.MALFORMED_VALUE_ERROR,
                    "a signed assertion is verified from its JWS, not as JSON",
                    "/verification/type",
                )
            )
        _check_shape(assertion)
        shown = dict(assertion)
        # Step 3: its BadgeClass and the BadgeClass's Issuer.
        badge = _node(
            context, assertion.get("badge"), frozenset({"BadgeClass"}), "BadgeClass", "/badge"
        )
        issuer = _node(
            context,
            badge.get("issuer"),
            frozenset({"Issuer", "Profile"}),
            "issuer profile",
            "/badge/issuer",
        )
        shown["badge"] = {**badge, "issuer": issuer}
        # Step 4 (signed): the signature, by a key the issuer owns.
        if token is not None:
            issuer_url = badge.get("issuer") if isinstance(badge.get("issuer"), str) else None
            proof = _signed(context, token, assertion, issuer, issuer_url)
            problems += proof.problems
        else:
            # Step 5 (hosted): hosted where the issuer allows.
            problems += _origin_problems(str(assertion["id"]), issuer)
        # Steps 6 to 8: dates, recipient, revocation.
        problems += _date_problems(assertion, context, now)
        problems += _recipient_problems(assertion, recipient, warnings)
        problems += _revocation_problems(context, assertion, issuer, warnings)
    except _Failed as failed:
        problems.append(failed.problem)
    return VerificationResult.from_problems(
        problems,
        document=shown,
        proofs=[proof] if proof is not None else [],
        warnings=warnings,
    )
