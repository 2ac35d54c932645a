"""Finding the key that secures a token: from its ``kid`` (or ``jwk``) and its issuer.

VC-JOSE-COSE and Open Badges name the key three ways, and every one ends at a verification
method in a controller document read through the verification context's document source
(did:key, did:jwk, did:web, an issuer profile over https, or documents the caller supplied):

1. ``kid`` is an absolute URL (a DID URL, an https URL with a fragment): that verification
   method, dereferenced; its controller must be the issuer (or holder).
2. ``kid`` is relative (a fragment, or a JWK thumbprint as many issuers write it): the method
   of the issuer's controller document whose ``id`` is ``issuer#kid``, or whose
   ``publicKeyJwk.kid`` is ``kid``.
3. no ``kid``: the only method of the issuer's document for the purpose; or, when the header
   carries a ``jwk``, the method of that document holding the same key. A ``jwk`` header is
   never trusted alone: a key an attacker puts in the token proves nothing about the issuer.

Spec: https://www.w3.org/TR/vc-jose-cose/#using-controlled-identifier-documents
Spec: https://www.imsglobal.org/spec/ob/v3p0/#dereference
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .. import codes
from ..context import VerificationContext
from ..di.verification_methods import method_public_key
from ..errors import VclerError
from ..problems import Problem
from ._compact import JoseError
from .algorithms import AnyPublicKey

__all__ = ["FoundKey", "KeyFinder", "KeyRequest", "document_key_finder", "key_of_method"]


@dataclass(frozen=True)
class KeyRequest:
    """What a token says about its key: ``kid``, a ``jwk`` header, the ``controller`` the
    key must belong to (the issuer or holder), and the verification relationship."""

    kid: str | None
    jwk: Mapping[str, Any] | None
    controller: str | None
    purpose: str


@dataclass(frozen=True)
class FoundKey:
    """The key found, with the verification method that holds it."""

    key: AnyPublicKey
    method_id: str | None = None
    controller: str | None = None


#: Finds the key of a token, or raises a :class:`~vcler.errors.VclerError` saying why not.
KeyFinder = Callable[[KeyRequest], FoundKey]

# Retrieve Verification Method for a purpose, requiring the controller (vcler._steps gives it).
MethodGetter = Callable[..., Mapping[str, Any]]


def key_of_method(method: Mapping[str, Any], *, now: datetime) -> AnyPublicKey:
    """The public key a verification method holds; :class:`JoseError` when it is unusable."""
    key = method_public_key(method, now=now)
    if isinstance(key, Problem):
        detail = f": {key.detail}" if key.detail else ""
        raise JoseError(key.message + detail, reason=key.code)
    return key


def _is_absolute(kid: str) -> bool:
    return kid.startswith("did:") or kid.startswith("https://") or kid.startswith("http://")


def document_key_finder(
    context: VerificationContext, get_method: Callable[[str | None], MethodGetter]
) -> KeyFinder:
    """A :data:`KeyFinder` over the context's document source.

    ``get_method(controller)`` is Retrieve Verification Method requiring ``controller`` to
    control the method (``vcler._steps.Steps.method_getter``).
    """

    def find(request: KeyRequest) -> FoundKey:
        get = get_method(request.controller)
        now = context.now()
        kid = request.kid
        # Case 1: an absolute kid names the method.
        if kid is not None and _is_absolute(kid):
            method = get(kid, purpose=request.purpose)
            return _found(method, kid, request, now)
        # Cases 2 and 3: look in the controller's document.
        if request.controller is None:
            raise JoseError(
                "the token names no issuer (iss) and no absolute kid: its key cannot be found",
                reason=codes.INVALID_VERIFICATION_METHOD,
            )
        method_id = _select_in_document(context, request, now)
        return _found(get(method_id, purpose=request.purpose), method_id, request, now)

    return find


def _found(
    method: Mapping[str, Any], method_id: str, request: KeyRequest, now: datetime
) -> FoundKey:
    key = key_of_method(method, now=now)
    if request.jwk is not None and not _same_key(request.jwk, key):
        raise JoseError(
            "the jwk header is not the key of the verification method the token names",
            reason=codes.INVALID_VERIFICATION_METHOD,
        )
    controller = method.get("controller")
    return FoundKey(key, method_id, controller if isinstance(controller, str) else None)


def _same_key(jwk: Mapping[str, Any], key: AnyPublicKey) -> bool:
    """Whether a ``jwk`` header holds ``key`` (the public members compared)."""
    if "d" in jwk:
        return False
    mine = key.to_jwk()
    return all(jwk.get(name) == value for name, value in mine.items())


def _select_in_document(context: VerificationContext, request: KeyRequest, now: datetime) -> str:
    """The id of the method of the controller's document that the relative kid (or the jwk,
    or the purpose alone) selects."""
    controller = str(request.controller)
    try:
        document: Any = context.source.get(controller.split("#", 1)[0])
    except VclerError as e:
        raise JoseError(
            f"the controller document of {controller} could not be read: {e.message}",
            reason=getattr(e, "code", codes.INVALID_CONTROLLED_IDENTIFIER_DOCUMENT),
        ) from e
    listed = document.get("verificationMethod") if isinstance(document, Mapping) else None
    methods: list[Mapping[str, Any]] = (
        [m for m in listed if isinstance(m, Mapping)] if isinstance(listed, list) else []
    )
    kid = request.kid
    if kid is not None:
        wanted = controller + (kid if kid.startswith("#") else "#" + kid)
        for method in methods:
            if method.get("id") in (wanted, kid if kid.startswith("#") else None):
                return wanted
        for method in methods:
            jwk = method.get("publicKeyJwk")
            if isinstance(jwk, Mapping) and jwk.get("kid") == kid and isinstance(method["id"], str):
                return _absolute(method["id"], controller)
        raise JoseError(
            f"no verification method of {controller} has the kid {kid!r}",
            reason=codes.INVALID_VERIFICATION_METHOD,
        )
    if request.jwk is not None:
        for method in methods:
            try:
                key = key_of_method(method, now=now)
            except JoseError:
                continue
            if _same_key(request.jwk, key) and isinstance(method.get("id"), str):
                return _absolute(method["id"], controller)
        raise JoseError(
            f"the jwk header is not a key of {controller}: a key the token carries proves "
            "nothing about its issuer",
            reason=codes.INVALID_VERIFICATION_METHOD,
        )
    related = document.get(request.purpose) if isinstance(document, Mapping) else None
    if isinstance(related, list) and len(related) == 1:
        only = related[0]
        only_id = only.get("id") if isinstance(only, Mapping) else only
        if isinstance(only_id, str):
            return _absolute(only_id, controller)
    raise JoseError(
        f"the token has no kid and {controller} has more than one key (or none) for "
        f"{request.purpose}",
        reason=codes.INVALID_VERIFICATION_METHOD,
    )


def _absolute(method_id: str, controller: str) -> str:
    return controller + method_id if method_id.startswith("#") else method_id
