"""Issuing credentials and presentations secured by an envelope instead of a proof.

The same refusals as Data Integrity issuing (a document breaking the data model, an issuer or
holder that does not control the signer's key), then one of the formats of :mod:`vcler.jose`:

==========  ============================================================  ==================
format      what                                                          result
==========  ============================================================  ==================
``jwt``     VC-JOSE-COSE ``application/vc+jwt`` / ``vp+jwt``              compact JWS text
``sd-jwt``  VC-JOSE-COSE ``application/vc+sd-jwt`` / ``vp+sd-jwt``        SD-JWT text
``cose``    VC-JOSE-COSE ``application/vc+cose`` / ``vp+cose``            base64 COSE_Sign1
``vc-jwt``  VC-JWT as Open Badges 3.0 (and VC 1.1) define it, under ``vc``  compact JWS text
==========  ============================================================  ==================

A presentation of envelopes carries each as an ``EnvelopedVerifiableCredential`` whose ``id``
is a ``data:`` URL of its media type.

Spec: https://www.w3.org/TR/vc-jose-cose/
Spec: https://www.w3.org/TR/vc-data-model-2.0/#enveloped-verifiable-credentials
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from ._documents import V1_CONTEXT, first_item
from ._inputs import as_document, validate_document
from ._issuing import check_controller
from .errors import InputError, ValidationError

if TYPE_CHECKING:
    from .jsonld import StaticDocumentLoader
    from .keys import PublicKey, Signer

__all__ = [
    "ENVELOPE_FORMATS",
    "EnvelopeFormat",
    "envelope",
    "envelope_of_token",
    "issue_envelope",
    "present_envelope",
    "secure_document",
]

EnvelopeFormat = Literal["jwt", "sd-jwt", "cose", "vc-jwt"]
#: The envelope formats vcler issues, and the media type of each for a credential.
ENVELOPE_FORMATS: Mapping[str, str] = {
    "jwt": "application/vc+jwt",
    "sd-jwt": "application/vc+sd-jwt",
    "cose": "application/vc+cose",
    "vc-jwt": "application/jwt",
}
_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"


def _check_format(format: str) -> str:
    if format not in ENVELOPE_FORMATS:
        raise InputError(f"unknown format {format!r} (known: di, {', '.join(ENVELOPE_FORMATS)})")
    return format


def secure_document(
    document: dict[str, Any],
    *,
    signer: Signer,
    format: str,
    disclose: Sequence[str] = (),
    claims: Mapping[str, Any] | None = None,
    holder_key: PublicKey | None = None,
) -> str:
    """``document``, already checked, secured as ``format`` (no validation here)."""
    from . import jose

    _check_format(format)

    if format == "jwt":
        return jose.issue_jwt(document, signer=signer, claims=claims)
    if format == "sd-jwt":
        return jose.issue_sd_jwt(
            document, signer=signer, disclose=disclose, claims=claims, holder_key=holder_key
        )
    if format == "cose":
        return jose.cose_to_text(jose.issue_cose(document, signer=signer, claims=claims))
    if claims:
        raise InputError("the vc-jwt format maps its claims from the credential")
    return jose.issue_vc_jwt_11(document, signer=signer)


def issue_envelope(
    credential: Mapping[str, Any],
    *,
    signer: Signer,
    format: str,
    disclose: Sequence[str] = (),
    holder_key: PublicKey | None = None,
    loader: StaticDocumentLoader | None = None,
) -> str:
    """``credential`` validated and secured as ``format`` (see the module's table).

    ``disclose`` (SD-JWT) names the paths made selectively disclosable; ``holder_key`` binds an
    SD-JWT to its holder. Refuses what :meth:`vcler.Issuer.issue` refuses
    (:class:`~vcler.errors.ValidationError`, :class:`~vcler.errors.ControllerMismatchError`).
    """
    _check_format(format)
    if disclose and format != "sd-jwt":
        raise InputError("disclose= is for the sd-jwt format")
    document = as_document(credential)
    problems = validate_document(document, loader=loader)
    if problems:
        raise ValidationError("credential refused: it breaks the data model", problems)
    check_controller(document, signer)
    return secure_document(
        document,
        signer=signer,
        format=format,
        disclose=disclose,
        claims=None,
        holder_key=holder_key,
    )


def envelope(token: str, *, format: str, presentation: bool = False) -> dict[str, Any]:
    """An ``EnvelopedVerifiableCredential`` (or ``...Presentation``) carrying ``token``.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#enveloped-verifiable-credentials
    """
    media_type = ENVELOPE_FORMATS[_check_format(format)]
    if presentation:
        media_type = media_type.replace("/vc+", "/vp+")
    encoding = ";base64" if format == "cose" else ""
    kind = "EnvelopedVerifiablePresentation" if presentation else "EnvelopedVerifiableCredential"
    return {
        "@context": [_V2_CONTEXT],
        "id": f"data:{media_type}{encoding},{token}",
        "type": kind,
    }


def envelope_of_token(token: str) -> dict[str, Any]:
    """The ``EnvelopedVerifiableCredential`` carrying a token of the kind its content shows
    (a JWT, an SD-JWT, a base64 COSE_Sign1); :class:`InputError` for other text."""
    from .jose.envelopes import sniff_media_type

    kinds = {"application/vc+jwt": "jwt", "application/vc+sd-jwt": "sd-jwt"}
    sniffed = sniff_media_type(token)
    if sniffed is None:
        raise InputError("a credential given as text must be a JWT, SD-JWT or COSE_Sign1")
    return envelope(token.strip(), format=kinds.get(sniffed, "cose"))


def present_envelope(
    credentials: Sequence[Mapping[str, Any] | str],
    *,
    signer: Signer,
    format: str,
    holder: str | None = None,
    challenge: str | None = None,
    domain: str | None = None,
    disclose: Sequence[str] = (),
    loader: StaticDocumentLoader | None = None,
) -> str:
    """A presentation of ``credentials`` secured as ``format`` by the holder's ``signer``.

    A credential given as a token (a JWT, an SD-JWT: a string) is carried as an
    ``EnvelopedVerifiableCredential``; one given as a JSON object (with its Data Integrity
    proof, or an enveloped credential) as it is. ``challenge`` and ``domain`` become the
    ``nonce`` and ``aud`` claims.

    Spec: https://www.w3.org/TR/vc-jose-cose/#securing-with-jose
    """
    _check_format(format)
    if format == "vc-jwt":
        raise InputError("vcler presents with jwt, sd-jwt or cose (VC-JOSE-COSE)")
    if isinstance(credentials, (str, Mapping)):
        raise InputError("present takes a list of credentials")
    items: list[dict[str, Any]] = []
    for credential in credentials:
        if isinstance(credential, str):
            items.append(envelope_of_token(credential))
        else:
            items.append(as_document(credential))
    base = V1_CONTEXT if items and first_item(items[0].get("@context")) == V1_CONTEXT else None
    presentation: dict[str, Any] = {
        "@context": [base or _V2_CONTEXT],
        "type": ["VerifiablePresentation"],
    }
    presentation["holder"] = holder or getattr(signer, "controller", None)
    if presentation["holder"] is None:
        del presentation["holder"]
    presentation["verifiableCredential"] = items
    problems = validate_document(presentation, loader=loader)
    if problems:
        raise ValidationError("presentation refused: it breaks the data model", problems)
    check_controller(presentation, signer, member="holder")
    claims: dict[str, Any] = {}
    if challenge is not None:
        claims["nonce"] = challenge
    if domain is not None:
        claims["aud"] = domain
    return secure_document(
        presentation,
        signer=signer,
        format=format,
        disclose=disclose,
        claims=claims or None,
        holder_key=None,
    )
