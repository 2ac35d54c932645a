"""``POST /credentials/derive``: the holder's selective disclosure, over HTTP.

::

    {"verifiableCredential": {...with an ecdsa-sd-2023 or bbs-2023 base proof...},
     "options": {"selectivePointers": ["/credentialSubject/achievement"],
                 "presentationHeader": "113377aa"}}

(``presentationHeader``, hexadecimal: bytes a ``bbs-2023`` derived proof binds.)

answers **201** with the derived credential itself (the VC-API's ``DeriveCredentialResponse``
is a verifiable credential), or 400 with the problem: no base proof to derive from, a pointer
that matches nothing, nothing to disclose.

Spec: https://w3c-ccg.github.io/vc-api/#derive-credential
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import codes
from ..errors import VclerError
from ..results import json_pointer
from .bodies import bad_request, check_request
from .problems import ApiError

if TYPE_CHECKING:
    from ..jsonld import StaticDocumentLoader

__all__ = ["DERIVE_OPTIONS", "derive_answer"]

#: The options ``POST /credentials/derive`` understands.
DERIVE_OPTIONS = frozenset({"selectivePointers", "presentationHeader"})


def derive_answer(body: Any, *, loader: StaticDocumentLoader | None) -> dict[str, Any]:
    """The derived credential for a derive request body; :class:`ApiError` (400) otherwise."""
    from .._api import derive

    # Step 1: the request's shape and options.
    options = check_request(body, document="verifiableCredential", allowed_options=DERIVE_OPTIONS)
    pointers = options.get("selectivePointers", [])
    if not isinstance(pointers, list) or not all(isinstance(p, str) for p in pointers):
        raise bad_request(
            codes.MALFORMED_VALUE_ERROR,
            "options.selectivePointers must be an array of JSON pointers",
            "/options/selectivePointers",
        )
    header = options.get("presentationHeader", "")
    try:
        presentation_header = bytes.fromhex(header) if isinstance(header, str) else None
    except ValueError:
        presentation_header = None
    if presentation_header is None:
        raise bad_request(
            codes.MALFORMED_VALUE_ERROR,
            "options.presentationHeader must be a hexadecimal string",
            "/options/presentationHeader",
        )
    # Step 2: derive.
    try:
        return derive(
            body["verifiableCredential"],
            selective_pointers=pointers,
            loader=loader,
            presentation_header=presentation_header,
        )
    except VclerError as e:
        problem = e.to_problem()
        under = "/verifiableCredential" if e.pointer else json_pointer("options")
        raise ApiError(
            400,
            e.code,
            f"the credential could not be derived: {e.message}",
            problems=[problem.under(under)],
        ) from e
