"""JSON Schema validation against the bundled 1EdTech schemas (never fetched).

The schemas ship in ``vcler/data/schemas`` byte-identical to their sources (see ``NOTICE`` and
``MANIFEST.json`` there, which pins each file's sha256). Each is validated with the draft its
``$schema`` names; references between them resolve through a local :mod:`referencing`
registry whose retrieval always fails, so nothing is ever fetched.

Which schema applies:

- ``OpenBadgeCredential`` / ``AchievementCredential``: the OB 3.0 AchievementCredential schema
  (draft 2019-09, VC Data Model 2.0); for VC Data Model 1.1 credentials the draft-04 variant.
- ``EndorsementCredential``: the OB 3.0 EndorsementCredential schema (VC 1.1: the draft-04
  AchievementCredential schema's ``EndorsementCredential`` definition).
- ``Profile`` documents: the OB 3.0 Profile schema.
- ``ClrCredential``: VC 1.1 ones against the draft-04 CLR 2.0 schema. The only obtainable CLR 2.0
  schema predates CLR 2.0.1's move to VC Data Model 2.0 (it requires ``issuanceDate``), so a VC 2.0
  ClrCredential is checked against a schema vcler writes here from the CLR 2.0 data model, whose
  parts refer to the bundled OB 3.0 definitions (Profile, Achievement, IdentityObject...).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any

import jsonschema_rs
from jsonschema import validators  # type: ignore[import-untyped]
from jsonschema.exceptions import ValidationError as SchemaError  # type: ignore[import-untyped]
from jsonschema.exceptions import best_match
from referencing import Registry, Resource

from ..errors import DocumentLoaderError
from ..results import Problem, json_pointer
from .vocabulary import ASSOCIATION_TYPES, VC_V1_CONTEXT, VC_V2_CONTEXT

__all__ = ["SCHEMA_VALIDATION_ERROR", "bundled_schemas", "schema_problems"]

#: The problem code for a document that breaks a JSON Schema.
SCHEMA_VALIDATION_ERROR = "SCHEMA_VALIDATION_ERROR"

_MESSAGE_LIMIT = 300

# Schema keys (used in problem details) -> bundled file names.
_FILES = {
    "ob-achievementcredential": "ob_v3p0_achievementcredential.json",
    "ob-endorsementcredential": "ob_v3p0_endorsementcredential.json",
    "ob-profile": "ob_v3p0_profile.json",
    "ob-achievementcredential-vc1": "ob_v3p0_achievementcredential_schema_draft4.json",
    "clr-clrcredential-vc1": "clr_v2p0_clrcredential_schema_draft4.json",
}

_CLR_VC2_ID = "urn:vcler:schema:clr-v2p0-clrcredential-vcdm2"
_DRAFT_2019_09 = "https://json-schema.org/draft/2019-09/schema"


def _schemas_dir() -> resources.abc.Traversable:
    return resources.files("vcler").joinpath("data", "schemas")


@cache
def _manifest() -> Mapping[str, Any]:
    data: Mapping[str, Any] = json.loads(_schemas_dir().joinpath("MANIFEST.json").read_bytes())
    return data


@cache
def _load(key: str) -> Mapping[str, Any]:
    file = _FILES[key]
    data = _schemas_dir().joinpath(file).read_bytes()
    pinned = _manifest()["schemas"][file]["sha256"]
    if hashlib.sha256(data).hexdigest() != pinned:  # pragma: no cover - altered installation
        raise DocumentLoaderError(f"bundled schema {file} does not match its pinned sha256")
    schema: Mapping[str, Any] = json.loads(data)
    return schema


def bundled_schemas() -> Mapping[str, Mapping[str, Any]]:
    """Every bundled schema by key (``ob-achievementcredential``, ``clr-clrcredential-vc1``...)."""
    return {key: _load(key) for key in _FILES}


def _uri(key: str) -> str:
    schema = _load(key)
    return str(schema.get("$id") or f"urn:vcler:schema:{key}")


def _refuse(uri: str) -> Resource[Any]:
    raise LookupError(f"vcler never fetches schemas ({uri} is not bundled)")


@cache
def _registry() -> Registry[Any]:
    entries = [(_uri(key), Resource.from_contents(_load(key))) for key in _FILES]
    entries.append((_CLR_VC2_ID, Resource.from_contents(_clr_vc2_schema())))
    registry: Registry[Any] = Registry(retrieve=_refuse)  # type: ignore[call-arg]
    return registry.with_resources(entries)


def _ob_def(name: str) -> dict[str, str]:
    return {"$ref": f"{_uri('ob-achievementcredential')}#/$defs/{name}"}


def _array_of(name: str) -> dict[str, Any]:
    return {"type": "array", "items": _ob_def(name)}


def _one_or_many(name: str) -> dict[str, Any]:
    return {"oneOf": [_ob_def(name), _array_of(name)]}


def _clr_vc2_schema() -> dict[str, Any]:
    """The VC Data Model 2.0 ClrCredential, written from the CLR 2.0 data model.

    Spec: https://www.imsglobal.org/spec/clr/v2p0/#clrcredential
    Spec: https://www.imsglobal.org/spec/clr/v2p0/#clrsubject
    Spec: https://www.imsglobal.org/spec/clr/v2p0/#association
    """
    ob_context = r"^https://purl\.imsglobal\.org/spec/ob/v3p0/context(-3\.\d\.\d)*\.json$"
    clr_context = r"^https://purl\.imsglobal\.org/spec/clr/v2p0/context(-2\.\d\.\d)*\.json$"
    association = {
        "type": "object",
        "required": ["type", "associationType", "sourceId", "targetId"],
        "properties": {
            "type": {"const": "Association"},
            "associationType": {"enum": sorted(ASSOCIATION_TYPES)},
            "sourceId": {"type": "string"},
            "targetId": {"type": "string"},
        },
    }
    subject = {
        "type": "object",
        "required": ["type", "verifiableCredential"],
        "properties": {
            "id": {"type": "string"},
            "type": {
                "oneOf": [
                    {"const": "ClrSubject"},
                    {"type": "array", "contains": {"const": "ClrSubject"}},
                ]
            },
            "identifier": _array_of("IdentityObject"),
            "achievement": _array_of("Achievement"),
            "verifiableCredential": {"type": "array", "minItems": 1, "items": {"type": "object"}},
            "association": {"type": "array", "items": association},
        },
    }
    return {
        "$schema": _DRAFT_2019_09,
        "$id": _CLR_VC2_ID,
        "title": "ClrCredential (VC Data Model 2.0), vcler's rendering of the CLR 2.0 data model",
        "type": "object",
        "required": ["@context", "type", "id", "name", "credentialSubject", "issuer", "validFrom"],
        "properties": {
            "@context": {
                "type": "array",
                "minItems": 3,
                "items": [
                    {"const": VC_V2_CONTEXT},
                    {"type": "string", "pattern": clr_context},
                    {"type": "string", "pattern": ob_context},
                ],
            },
            "type": {
                "type": "array",
                "allOf": [
                    {"contains": {"const": "VerifiableCredential"}},
                    {"contains": {"const": "ClrCredential"}},
                ],
            },
            "id": {"type": "string"},
            "name": {"type": "string"},
            "description": {"type": "string"},
            "image": _ob_def("Image"),
            "partial": {"type": "boolean"},
            "credentialSubject": subject,
            "issuer": _ob_def("ProfileRef"),
            "validFrom": {"type": "string"},
            "validUntil": {"type": "string"},
            "awardedDate": {"type": "string"},
            "endorsement": _array_of("EndorsementCredential"),
            "endorsementJwt": {"type": "array", "items": {"type": "string"}},
            "proof": _one_or_many("Proof"),
            "credentialSchema": _one_or_many("CredentialSchema"),
            "credentialStatus": _ob_def("CredentialStatus"),
            "refreshService": _ob_def("RefreshService"),
            "termsOfUse": _one_or_many("TermsOfUse"),
            "evidence": _one_or_many("Evidence"),
        },
        "additionalProperties": True,
    }


@cache
def _validator(key: str, definition: str | None = None) -> Any:
    root: Mapping[str, Any] = _clr_vc2_schema() if key == "clr-clrcredential-vc2" else _load(key)
    cls = validators.validator_for(root)
    if definition is None:
        schema: Mapping[str, Any] = root
    else:
        base = _CLR_VC2_ID if key == "clr-clrcredential-vc2" else _uri(key)
        schema = {"$schema": root["$schema"], "$ref": f"{base}#/$defs/{definition}"}
    validator = cls(schema, registry=_registry())
    return validator


def _vc_version(document: Mapping[str, Any]) -> int:
    context = document.get("@context")
    first = context[0] if isinstance(context, list) and context else context
    return 1 if first == VC_V1_CONTEXT else 2


def _select(document: Mapping[str, Any], types: set[str]) -> tuple[str, str | None]:
    """The schema key (and definition, if a part of it) that applies to ``document``."""
    version = _vc_version(document)
    if "ClrCredential" in types:
        return ("clr-clrcredential-vc1" if version == 1 else "clr-clrcredential-vc2"), None
    if "EndorsementCredential" in types:
        if version == 1:
            return "ob-achievementcredential-vc1", "EndorsementCredential"
        return "ob-endorsementcredential", None
    if types & {"OpenBadgeCredential", "AchievementCredential"}:
        return (
            "ob-achievementcredential-vc1" if version == 1 else "ob-achievementcredential"
        ), None
    return "ob-profile", None


def _shorten(message: str) -> str:
    if len(message) <= _MESSAGE_LIMIT:
        return message
    return message[: _MESSAGE_LIMIT - 3] + "..."


def _to_problem(error: SchemaError, schema_name: str) -> Problem:
    # In a oneOf/anyOf, branches whose type does not even fit the value explain nothing.
    fitting = [
        e for e in error.context or () if not (e.validator == "type" and not e.relative_path)
    ]
    specific = best_match(fitting) if fitting else None
    chosen = specific if specific is not None else error
    pointer = json_pointer(*chosen.absolute_path)
    where = "/".join(str(part) for part in chosen.absolute_schema_path)
    return Problem(
        SCHEMA_VALIDATION_ERROR,
        _shorten(chosen.message),
        pointer,
        f"schema {schema_name}: {where}",
    )


def _errors(document: Mapping[str, Any], key: str, definition: str | None) -> Iterator[SchemaError]:
    yield from _validator(key, definition).iter_errors(document)


@cache
def _fast_validator(key: str, definition: str | None = None) -> Any:
    """The same schema compiled by jsonschema-rs.

    Used only to answer "is this document valid?" quickly (a few microseconds against half a
    millisecond); problems are always reported by :mod:`jsonschema`, so messages and pointers
    do not depend on jsonschema-rs (a test holds the two to the same answers). Formats are
    annotations here, as in :func:`_validator`; references resolve only to the bundled schemas
    (never fetched).
    """
    root: Mapping[str, Any] = _clr_vc2_schema() if key == "clr-clrcredential-vc2" else _load(key)
    if definition is None:
        schema: Mapping[str, Any] = root
    else:
        base = _CLR_VC2_ID if key == "clr-clrcredential-vc2" else _uri(key)
        schema = {"$schema": root["$schema"], "$ref": f"{base}#/$defs/{definition}"}
    registry = jsonschema_rs.Registry(
        [(_uri(name), _load(name)) for name in _FILES] + [(_CLR_VC2_ID, _clr_vc2_schema())]
    )
    refuse: Any = _refuse  # never called: every reference resolves within the registry
    return jsonschema_rs.validator_for(
        dict(schema), registry=registry, validate_formats=False, retriever=refuse
    )


def _is_valid(document: Mapping[str, Any], key: str, definition: str | None) -> bool:
    return bool(_fast_validator(key, definition).is_valid(document))


def _as_sets(document: Mapping[str, Any]) -> Mapping[str, Any]:
    """``document`` with a single ``proof`` / ``credentialSchema`` object written as an array.

    The 1EdTech schemas want arrays for these [0..*] properties; VC Data Model 2.0 allows one
    object, which JSON-LD reads the same (vcler.issue writes a single proof). Only the schema
    sees this copy.
    """
    single = [k for k in ("proof", "credentialSchema") if isinstance(document.get(k), Mapping)]
    if not single:
        return document
    return {**document, **{k: [document[k]] for k in single}}


def schema_problems(document: Mapping[str, Any], *, types: set[str]) -> list[Problem]:
    """The JSON Schema violations of an Open Badges / CLR document whose types are ``types``.

    A single ``proof`` or ``credentialSchema`` object counts as an array of one.

    Spec: https://www.imsglobal.org/spec/ob/v3p0/#json-schema
    """
    document = _as_sets(document)
    key, definition = _select(document, types)
    name = key if definition is None else f"{key}#/$defs/{definition}"
    if _is_valid(document, key, definition):
        return []
    errors = sorted(_errors(document, key, definition), key=lambda e: list(map(str, e.path)))
    return [_to_problem(error, name) for error in errors]
