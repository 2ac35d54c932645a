"""The data-model rules for verifiable presentations and enveloped credentials/presentations.

Spec: https://www.w3.org/TR/vc-data-model-2.0/#verifiable-presentations
Spec: https://www.w3.org/TR/vc-data-model-2.0/#enveloped-verifiable-credentials
"""

from __future__ import annotations

from typing import Any

from ..results import Problem
from ._rules import (
    V1_1,
    Path,
    check_context,
    check_id,
    check_proof_shape,
    check_type,
    check_typed_objects,
    malformed,
)
from ._values import as_list, is_data_url, is_url, strings
from .credentials import check_credential

__all__ = ["check_enveloped", "check_holder", "check_presentation"]

ENVELOPED_CREDENTIAL = "EnvelopedVerifiableCredential"
ENVELOPED_PRESENTATION = "EnvelopedVerifiablePresentation"


def check_presentation(document: dict[str, Any], path: Path = ()) -> list[Problem]:
    """Every data-model rule a verifiable presentation breaks, its credentials included.

    Each embedded credential is checked in full, its problems pointing below
    ``/verifiableCredential/N``; an ``EnvelopedVerifiableCredential`` is checked as one.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#verifiable-presentations
    """
    # Step 1: @context, which selects the version.
    context = check_context(document, path)
    problems = list(context.problems)
    # Step 2: type includes VerifiablePresentation.
    problems += check_type(document, path, required="VerifiablePresentation")
    # Step 3: the presentation's id, when present, is a URL.
    problems += check_id(document, path, what="the presentation id")
    # Step 4: holder, when present, is a URL or an object with a URL id.
    problems += check_holder(document, path)
    # Step 5: every verifiableCredential value is a credential (embedded or enveloped).
    problems += _check_credentials(document, path, version=context.version)
    # Step 6: terms of use carry a type.
    problems += check_typed_objects(document, "termsOfUse", path)
    # Step 7: proofs are objects.
    problems += check_proof_shape(document, path)
    return problems


def check_holder(document: dict[str, Any], path: Path) -> list[Problem]:
    """Check ``holder``: when present, a URL or an object whose ``id`` is a URL.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#defn-holder
    """
    if "holder" not in document:
        return []
    holder = document["holder"]
    here = (*path, "holder")
    if isinstance(holder, str):
        return [] if is_url(holder) else [malformed(f"holder {holder!r} is not a URL", here)]
    if isinstance(holder, dict):
        return check_id(holder, here, required=True, what="the holder id")
    return [malformed("holder must be a URL or an object with an id", here)]


def _check_credentials(document: dict[str, Any], path: Path, *, version: str) -> list[Problem]:
    """Check the ``verifiableCredential`` values, recursively.

    VC 2.0: each value is an object (never a string or URL). VC 1.1 also admits a string,
    the compact JWT of a credential in a JWT-secured presentation.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#defn-verifiableCredential
    Spec: https://www.w3.org/TR/vc-data-model/#json-web-token (1.1)
    """
    if "verifiableCredential" not in document:
        return []
    value = document["verifiableCredential"]
    problems: list[Problem] = []
    for index, item in enumerate(as_list(value)):
        where = (
            (*path, "verifiableCredential", index)
            if isinstance(value, list)
            else (
                *path,
                "verifiableCredential",
            )
        )
        if isinstance(item, dict):
            if ENVELOPED_CREDENTIAL in strings(item.get("type")):
                problems += check_enveloped(item, where, expected_type=ENVELOPED_CREDENTIAL)
            else:
                problems += check_credential(item, where)
        elif isinstance(item, str) and item and version == V1_1:
            continue
        else:
            problems.append(malformed("verifiableCredential values must be objects", where))
    return problems


def check_enveloped(document: dict[str, Any], path: Path, *, expected_type: str) -> list[Problem]:
    """Check an enveloped credential or presentation.

    It has a ``@context`` (of URLs and objects), its ``type`` is ``expected_type``, and its
    ``id`` is a ``data:`` URL holding the secured document.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#enveloped-verifiable-credentials
    Spec: https://www.w3.org/TR/vc-data-model-2.0/#enveloped-verifiable-presentations
    """
    # Step 1: @context is present (any context defining id, type and the type name).
    problems = check_context(document, path, require_base=False).problems
    # Step 2: the type is the enveloped type.
    problems += check_type(document, path, required=expected_type)
    # Step 3: the id is a data: URL.
    here = (*path, "id")
    if "id" not in document:
        problems.append(malformed(f"an {expected_type} needs an id (a data: URL)", here))
    elif not is_data_url(document["id"]):
        problems.append(malformed(f"the id of an {expected_type} must be a data: URL", here))
    return problems
