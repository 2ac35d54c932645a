"""The data-model rules for a verifiable credential (VC 2.0 and VC 1.1).

Spec: https://www.w3.org/TR/vc-data-model-2.0/#verifiable-credentials
Spec: https://www.w3.org/TR/vc-data-model/ (1.1)
"""

from __future__ import annotations

from typing import Any

from ..jsonld import bundled_contexts
from ..results import Problem, json_pointer
from ._digests import Digest, parse_digest_multibase, parse_digest_sri
from ._rules import (
    RANGE,
    V1_1,
    V2_0,
    Path,
    check_context,
    check_id,
    check_proof_shape,
    check_text,
    check_type,
    check_typed_objects,
    malformed,
)
from ._values import as_list, is_media_type, is_url, parse_datetime

__all__ = [
    "check_credential",
    "check_credential_subject",
    "check_issuer",
    "check_related_resources",
    "check_validity_period",
]


def check_credential(document: dict[str, Any], path: Path = ()) -> list[Problem]:
    """Every data-model rule a verifiable credential breaks (JSON-LD processing aside).

    The first ``@context`` item decides whether the VC 2.0 or the VC 1.1 rules apply.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#verifiable-credentials
    """
    # Step 1: @context, which selects the version.
    context = check_context(document, path)
    version = context.version
    problems = list(context.problems)
    # Step 2: type includes VerifiableCredential.
    problems += check_type(document, path, required="VerifiableCredential")
    # Step 3: the credential's id, when present, is a URL.
    problems += check_id(document, path, what="the credential id")
    # Step 4: issuer.
    problems += check_issuer(document, path, version=version)
    # Step 5: credentialSubject.
    problems += check_credential_subject(document, path)
    # Step 6: validity period (validFrom/validUntil, or issuanceDate/expirationDate in 1.1).
    problems += check_validity_period(document, path, version=version)
    # Step 7 (2.0): name and description.
    if version == V2_0:
        problems += check_text(document, "name", path)
        problems += check_text(document, "description", path)
    # Step 8: status, schema, evidence, terms of use, refresh service: typed objects.
    problems += check_typed_objects(document, "credentialStatus", path, id_required=version == V1_1)
    problems += check_typed_objects(document, "credentialSchema", path, id_required=True)
    problems += check_typed_objects(document, "evidence", path)
    problems += check_typed_objects(document, "termsOfUse", path)
    problems += check_typed_objects(document, "refreshService", path, id_required=version == V1_1)
    if version == V2_0:
        # Step 9 (2.0): reserved extension points carry a type.
        problems += check_typed_objects(document, "confidenceMethod", path)
        problems += check_typed_objects(document, "renderMethod", path)
        # Step 10 (2.0): related resources.
        problems += check_related_resources(document, path)
    # Step 11: proofs are objects (their verification belongs to vcler.di).
    problems += check_proof_shape(document, path)
    return problems


def check_issuer(document: dict[str, Any], path: Path, *, version: str) -> list[Problem]:
    """Check ``issuer``: required; a URL, or an object whose ``id`` is a URL.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#issuer
    """
    here = (*path, "issuer")
    # Step 1: a credential MUST have an issuer.
    if "issuer" not in document:
        return [malformed("issuer is required", here)]
    issuer = document["issuer"]
    # Step 2: a URL...
    if isinstance(issuer, str):
        return [] if is_url(issuer) else [malformed(f"issuer {issuer!r} is not a URL", here)]
    # Step 3: ...or an object with an id that is a URL.
    if isinstance(issuer, dict):
        problems = check_id(issuer, here, required=True, what="the issuer id")
        if version == V2_0:
            problems += check_text(issuer, "name", here)
            problems += check_text(issuer, "description", here)
        return problems
    return [malformed("issuer must be a URL or an object with an id", here)]


def check_credential_subject(document: dict[str, Any], path: Path) -> list[Problem]:
    """Check ``credentialSubject``: required; one or more objects, each making a claim.

    Each subject is an object with at least one property (a claim, or an ``id``); its ``id``,
    when present, is a URL.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#credential-subject
    """
    here = (*path, "credentialSubject")
    # Step 1: a credential MUST have a credentialSubject.
    if "credentialSubject" not in document:
        return [malformed("credentialSubject is required", here)]
    value = document["credentialSubject"]
    subjects = as_list(value)
    if not subjects:
        return [malformed("credentialSubject must hold at least one subject", here)]
    problems: list[Problem] = []
    for index, subject in enumerate(subjects):
        where = (*here, index) if isinstance(value, list) else here
        # Step 2: each subject is an object...
        if not isinstance(subject, dict):
            problems.append(malformed("credentialSubject values must be objects", where))
            continue
        # Step 3: ...about which at least one claim (or an id) is made.
        if not subject:
            problems.append(malformed("a credential subject must make at least one claim", where))
        problems += check_id(subject, where, what="the credential subject id")
    return problems


def check_validity_period(document: dict[str, Any], path: Path, *, version: str) -> list[Problem]:
    """Check the validity period's date-times and their order.

    VC 2.0: ``validFrom``/``validUntil`` are optional XML Schema ``dateTimeStamp`` values (a
    time zone is required) and ``validFrom`` is not later than ``validUntil``. VC 1.1:
    ``issuanceDate`` is required, ``issuanceDate``/``expirationDate`` are XML Schema
    ``dateTime`` values, and the credential does not expire before it is issued.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#validity-period
    Spec: https://www.w3.org/TR/vc-data-model/#issuance-date (1.1)
    """
    if version == V2_0:
        start, end, need_zone, required = "validFrom", "validUntil", True, False
    else:
        start, end, need_zone, required = "issuanceDate", "expirationDate", False, True
    problems: list[Problem] = []
    # Step 1 (1.1): issuanceDate is required.
    if required and start not in document:
        problems.append(malformed(f"{start} is required", (*path, start)))
    # Step 2: each value present is a well-formed date-time.
    instants = {}
    for key in (start, end):
        if key not in document:
            continue
        parsed = parse_datetime(document[key])
        if parsed is None or (need_zone and not parsed.has_timezone):
            kind = "dateTimeStamp (with a time zone)" if need_zone else "dateTime"
            problems.append(malformed(f"{key} must be an XML Schema {kind}", (*path, key)))
        else:
            instants[key] = parsed.instant
    # Step 3: the period does not end before it starts.
    if start in instants and end in instants and instants[start] > instants[end]:
        problems.append(
            Problem(RANGE, f"{end} must not be earlier than {start}", json_pointer(*path, end))
        )
    return problems


def check_related_resources(document: dict[str, Any], path: Path) -> list[Problem]:
    """Check ``relatedResource``: objects with unique URL ids, each pinned by a digest.

    Each object has an ``id`` (a URL, unique among them) and a ``digestSRI`` or a
    ``digestMultibase`` (or both), well-formed; ``mediaType``, when present, is a media type.
    When the resource is a context bundled with vcler, every digest must match its bytes.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#integrity-of-related-resources
    """
    if "relatedResource" not in document:
        return []
    value = document["relatedResource"]
    items = as_list(value)
    here = (*path, "relatedResource")
    if not items:
        return [malformed("relatedResource must hold at least one object", here)]
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        where = (*here, index) if isinstance(value, list) else here
        # Step 1: each value is an object.
        if not isinstance(item, dict):
            problems.append(malformed("relatedResource values must be objects", where))
            continue
        # Step 2: its id is required, a URL, and unique among the related resources.
        problems += check_id(item, where, required=True, what="the related resource id")
        resource = item.get("id")
        if isinstance(resource, str):
            if resource in seen:
                problems.append(
                    malformed(f"related resource id {resource!r} is listed twice", (*where, "id"))
                )
            seen.add(resource)
        # Step 3: mediaType, when present, is a media type.
        if "mediaType" in item and not is_media_type(item["mediaType"]):
            problems.append(malformed("mediaType must be a media type", (*where, "mediaType")))
        # Step 4: at least one digest, each well-formed.
        if "digestSRI" not in item and "digestMultibase" not in item:
            problems.append(
                malformed("a related resource needs a digestSRI or a digestMultibase", where)
            )
        for key, parse in (
            ("digestSRI", parse_digest_sri),
            ("digestMultibase", parse_digest_multibase),
        ):
            if key not in item:
                continue
            digests = parse(item[key])
            if isinstance(digests, str):
                problems.append(malformed(f"{key} {digests}", (*where, key)))
            elif isinstance(resource, str):
                # Step 5: a bundled context's bytes match every digest.
                problems += _check_bundled(resource, digests, (*where, key))
    return problems


def _check_bundled(resource: str, digests: list[Digest], path: Path) -> list[Problem]:
    """Compare ``digests`` with the bytes of a bundled context (nothing to do otherwise)."""
    context = bundled_contexts().get(resource)
    if context is None:
        return []
    data = context.read_bytes()
    key = path[-1]
    for digest in digests:
        matches = digest.matches(data)
        if matches is None:
            return [malformed(f"{key} uses a hash function vcler cannot compute", path)]
        if not matches:
            return [
                malformed(
                    f"{key} does not match the published context {resource!r} "
                    f"({digest.algorithm} digest differs)",
                    path,
                )
            ]
    return []
