"""VC-JOSE-COSE with COSE: ``application/vc+cose`` and ``application/vp+cose`` (COSE_Sign1).

A COSE_Sign1 (CBOR tag 18) is ``[protected, unprotected, payload, signature]``: the protected
header a CBOR map in a byte string (``1`` alg, ``3`` content type ``application/vc``, ``4``
kid, ``16`` typ ``application/vc+cose``), the payload the credential's JSON, the signature over
the ``Sig_structure`` ``["Signature1", protected, external_aad, payload]``. vcler writes and
reads it with cbor2 and signs with any :class:`vcler.keys.Signer` (COSE's ECDSA signatures are
``r || s`` as JWS's are). As text (a file, a ``data:`` URL) it is base64.

Spec: https://www.w3.org/TR/vc-jose-cose/#securing-with-cose
Spec: https://www.rfc-editor.org/rfc/rfc9052#section-4.2 (COSE_Sign1), section 4.4
Spec: https://www.rfc-editor.org/rfc/rfc9596 (the typ header parameter)
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import Any

from .. import codes
from .._documents import is_presentation
from .._json import dumps_compact, load_json
from ..errors import ParsingError, VclerError
from ..keys import Signer
from ..problems import Problem
from ._compact import MAX_TOKEN_CHARS, JoseError, utf8
from ._opened import (
    Opened,
    Options,
    check_critical,
    controller_claim,
    issuer_problems,
    key_request,
    time_problems,
    without_jwt_claims,
)
from .algorithms import (
    COSE_ALGORITHMS,
    check_algorithm,
    jws_algorithm_for,
    precheck_algorithm,
    verify_raw,
)
from .vc_jose import binding_problems, media_type_problems, secured_payload

__all__ = ["cose_from_text", "cose_to_text", "issue_cose", "verify_cose"]

_COSE_SIGN1_TAG = 18
_ALG, _CRIT, _CONTENT_TYPE, _KID, _TYP = 1, 2, 3, 4, 16
_COSE_IDS = {name: number for number, name in COSE_ALGORITHMS.items()}


def cose_to_text(data: bytes) -> str:
    """A COSE_Sign1 as text: base64 (RFC 4648 section 4), as a ``data:`` URL carries it."""
    return base64.b64encode(data).decode("ascii")


def cose_from_text(text: str) -> bytes:
    """The bytes of a base64 (or base64url) COSE_Sign1; :class:`JoseError` for other text."""
    if not isinstance(text, str) or len(text) > MAX_TOKEN_CHARS:
        raise JoseError("a COSE_Sign1 as text is a base64 string within the size limit")
    stripped = text.strip()
    alphabet = b"-_" if ("-" in stripped or "_" in stripped) else None
    try:
        padded = stripped.rstrip("=")
        return base64.b64decode(padded + "=" * (-len(padded) % 4), altchars=alphabet, validate=True)
    except (binascii.Error, ValueError) as e:
        raise JoseError("a COSE_Sign1 as text must be base64") from e


def issue_cose(
    document: Mapping[str, Any], *, signer: Signer, claims: Mapping[str, Any] | None = None
) -> bytes:
    """``document`` secured as a COSE_Sign1 (``vc+cose`` or ``vp+cose``).

    Spec: https://www.w3.org/TR/vc-jose-cose/#securing-with-cose
    """
    import cbor2

    payload = utf8(dumps_compact(secured_payload(document, claims=claims)))
    presentation = is_presentation(document)
    alg = _COSE_IDS[jws_algorithm_for(signer)]
    # Step 1: the protected header.
    protected = cbor2.dumps(
        {
            _ALG: alg,
            _CONTENT_TYPE: "application/vp" if presentation else "application/vc",
            _KID: signer.id.encode("utf-8"),
            _TYP: "application/vp+cose" if presentation else "application/vc+cose",
        }
    )
    # Step 2: sign the Sig_structure (RFC 9052 section 4.4).
    to_sign = cbor2.dumps(["Signature1", protected, b"", payload])
    signature = signer.sign(to_sign)
    # Step 3: the tagged COSE_Sign1.
    return bytes(cbor2.dumps(cbor2.CBORTag(_COSE_SIGN1_TAG, [protected, {}, payload, signature])))


def _decode_sign1(data: bytes) -> tuple[bytes, dict[Any, Any], bytes, bytes, dict[Any, Any]]:
    """``(protected bytes, unprotected, payload, signature, protected map)``."""
    import cbor2

    try:
        item = cbor2.loads(data)
    except (cbor2.CBORDecodeError, ValueError, TypeError, RecursionError, OverflowError) as e:
        raise JoseError(f"not CBOR: {e}") from e
    if isinstance(item, cbor2.CBORTag):
        if item.tag != _COSE_SIGN1_TAG:
            raise JoseError(f"CBOR tag {item.tag} is not COSE_Sign1 (18)")
        item = item.value
    if not isinstance(item, list | tuple) or len(item) != 4:
        raise JoseError("a COSE_Sign1 is an array of 4 items")
    protected, unprotected, payload, signature = item
    if not isinstance(protected, bytes) or not isinstance(signature, bytes):
        raise JoseError("a COSE_Sign1's protected header and signature are byte strings")
    if not isinstance(payload, bytes):
        raise JoseError("a detached or absent payload is not a credential")
    if not isinstance(unprotected, Mapping):
        raise JoseError("a COSE_Sign1's unprotected header is a map")
    try:
        header = cbor2.loads(protected) if protected else {}
    except (cbor2.CBORDecodeError, ValueError, TypeError, RecursionError, OverflowError) as e:
        raise JoseError(f"the protected header is not CBOR: {e}") from e
    if not isinstance(header, Mapping):
        raise JoseError("the protected header is not a map")
    return protected, dict(unprotected), payload, signature, dict(header)


def verify_cose(value: bytes | str, *, options: Options, media_type: str | None = None) -> Opened:
    """Open a ``vc+cose`` / ``vp+cose`` COSE_Sign1 (bytes, or base64 text).

    Spec: https://www.w3.org/TR/vc-jose-cose/#securing-with-cose
    """
    import cbor2

    label = media_type or "application/vc+cose"
    # Step 1: a COSE_Sign1 whose payload is a JSON object.
    try:
        data = cose_from_text(value) if isinstance(value, str) else bytes(value)
        protected, unprotected, payload, signature, header = _decode_sign1(data)
        try:
            claims = load_json(payload, max_bytes=MAX_TOKEN_CHARS)
        except ParsingError as e:
            raise JoseError(f"the payload is not JSON: {e.message}") from e
        if not isinstance(claims, dict):
            raise JoseError("the payload is not a JSON object")
        check_critical(header, name=_CRIT)
    except JoseError as e:
        return Opened.failed(label, [e.to_problem()])
    presentation = is_presentation(claims)
    expected = "vp+cose" if presentation else "vc+cose"
    label = "application/" + expected
    problems: list[Problem] = []
    # Step 2: typ and content type; the issuer.
    problems += media_type_problems(
        header,
        expected=expected,
        content="application/vp" if presentation else "application/vc",
        declared=media_type,
        typ_name=_TYP,
        cty_name=_CONTENT_TYPE,
    )
    problems += issuer_problems(claims, claims)
    problems += time_problems(claims, now=options.now, skew=options.clock_skew)
    if presentation:
        problems += binding_problems(claims, options)
    # Step 3: the key (kid in the protected header, or else the unprotected one).
    kid = header.get(_KID, unprotected.get(_KID))
    if isinstance(kid, bytes):
        kid = kid.decode("utf-8", "replace")
    controller = claims.get("iss") if isinstance(claims.get("iss"), str) else None
    request = key_request(
        {},
        controller=controller or controller_claim(claims),
        presentation=presentation,
        kid=kid if isinstance(kid, str) else None,
    )
    found = None
    try:
        # Step 4: an algorithm vcler verifies, the key, the algorithm fits the key, the
        # signature over the Sig_structure.
        alg_id = header.get(_ALG)
        alg = COSE_ALGORITHMS.get(alg_id) if isinstance(alg_id, int) else None
        if alg is None:
            raise JoseError(
                f"COSE algorithm {header.get(_ALG)!r} is not one vcler verifies",
                reason=codes.DISALLOWED_ALGORITHM,
            )
        precheck_algorithm(alg, allowed=options.allowed_algorithms)
        found = options.find_key(request)
        check_algorithm(alg, found.key, allowed=options.allowed_algorithms)
        to_verify = cbor2.dumps(["Signature1", protected, b"", payload])
        if not verify_raw(signature, to_verify, found.key, alg=alg):
            problems.append(
                Problem(
                    codes.CRYPTOGRAPHIC_SECURITY_ERROR,
                    "the COSE signature does not verify with the issuer's key",
                )
            )
    except JoseError as e:
        problems.append(e.to_problem())
    except VclerError as e:
        problems.append(Problem(str(getattr(e, "error", None) or e.code), e.message))
    return Opened.checked(
        without_jwt_claims(claims), label, request=request, found=found, problems=problems
    )
