"""JSON Schema conformance against the bundled 1EdTech schemas (never fetched).

The schemas ship in ``vcler/data/schemas`` byte-identical to their sources (see ``NOTICE`` and
``MANIFEST.json`` there, which pins each file's sha256 and records the URL credentials name it
by, its ``$id`` and the VC Data Model version it is for). Each is validated with the draft its
``$schema`` names; references between them resolve through a local :mod:`referencing`
registry whose retrieval always fails, so nothing is ever fetched.

Which schemas apply (OB 3.0 verification, step 1; CLR 2.0 likewise):

- Those the credential names in ``credentialSchema`` with the type
  ``1EdTechJsonSchemaValidator2019``, looked up among the bundled ones by URL or ``$id`` and by
  the credential's VC Data Model version (the canonical URLs served VC 1.1 schemas until 2024
  and VC 2.0 ones since). A named schema vcler does not bundle is reported
  (``UNKNOWN_CREDENTIAL_SCHEMA``), never fetched.
- When it names none that vcler bundles, the bundled schema for its kind:
  ``OpenBadgeCredential`` / ``AchievementCredential`` and ``EndorsementCredential`` the OB 3.0
  schema of their data model version, ``Profile`` documents the OB 3.0 Profile schema,
  VC 1.1 ``ClrCredential`` the draft-04 CLR 2.0 schema, and VC 2.0 ``ClrCredential`` vcler's
  rendering of the CLR 2.0 data model (:mod:`~vcler.openbadges.clr_schema`).

Every finding here is a deviation (a warning unless validation is strict): see
:mod:`vcler.openbadges.validation`.
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

from ..codes import SCHEMA_VALIDATION_ERROR, UNKNOWN_CREDENTIAL_SCHEMA
from ..errors import DocumentLoaderError
from ..results import Problem, json_pointer
from .clr_schema import CLR_VC2_SCHEMA_ID, clr_vc2_schema
from .vocabulary import ACHIEVEMENT_CREDENTIAL_TYPES, VC_V1_CONTEXT, type_names

__all__ = [
    "SCHEMA_VALIDATION_ERROR",
    "SCHEMA_VALIDATOR_TYPE",
    "UNKNOWN_CREDENTIAL_SCHEMA",
    "bundled_schemas",
    "named_schema",
    "schema_problems",
]

#: The ``credentialSchema`` type that asks for JSON Schema validation (1EdTech VCCS 1.0).
SCHEMA_VALIDATOR_TYPE = "1EdTechJsonSchemaValidator2019"

_MESSAGE_LIMIT = 300

# Schema keys (used in problem details) -> bundled file names.
_FILES = {
    "ob-achievementcredential": "ob_v3p0_achievementcredential.json",
    "ob-endorsementcredential": "ob_v3p0_endorsementcredential.json",
    "ob-profile": "ob_v3p0_profile.json",
    "ob-achievementcredential-vc1": "ob_v3p0_achievementcredential_vcdm1p1.json",
    "ob-endorsementcredential-vc1": "ob_v3p0_endorsementcredential_vcdm1p1.json",
    "clr-clrcredential-vc1": "clr_v2p0_clrcredential_schema_draft4.json",
}
# vcler's own rendering (not a bundled file, never named by a URL).
_CLR_VC2 = "clr-clrcredential-vc2"


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


@cache
def _index() -> Mapping[tuple[str, str | None], str]:
    """(URL or ``$id``, VC Data Model version or None for any) -> schema key."""
    index: dict[tuple[str, str | None], str] = {}
    for key, file in _FILES.items():
        entry = _manifest()["schemas"][file]
        for name in (entry["url"], entry["$id"]):
            index[(name, entry["vcdm"])] = key
    return index


def named_schema(url: str, *, vcdm: str) -> str | None:
    """The key of the bundled schema that ``url`` names for VC Data Model ``vcdm``.

    ``url`` is matched against the URL credentials name each schema by and its ``$id``;
    ``vcdm`` is ``"1.1"`` or ``"2.0"``. ``None`` when vcler bundles no such schema.
    """
    index = _index()
    return index.get((url, vcdm)) or index.get((url, None))


def _uri(key: str) -> str:
    return str(_load(key)["$id"])


def _refuse(uri: str) -> Resource[Any]:
    raise LookupError(f"vcler never fetches schemas ({uri} is not bundled)")


@cache
def _clr_vc2() -> Mapping[str, Any]:
    return clr_vc2_schema(_uri("ob-achievementcredential"))


def _root(key: str) -> Mapping[str, Any]:
    return _clr_vc2() if key == _CLR_VC2 else _load(key)


def _resources() -> list[tuple[str, Mapping[str, Any]]]:
    return [(_uri(key), _load(key)) for key in _FILES] + [(CLR_VC2_SCHEMA_ID, _clr_vc2())]


@cache
def _registry() -> Registry[Any]:
    entries = [(uri, Resource.from_contents(schema)) for uri, schema in _resources()]
    registry: Registry[Any] = Registry(retrieve=_refuse)  # type: ignore[call-arg]
    return registry.with_resources(entries)


@cache
def _validator(key: str) -> Any:
    root = _root(key)
    return validators.validator_for(root)(root, registry=_registry())


@cache
def _fast_validator(key: str) -> Any:
    """The same schema compiled by jsonschema-rs.

    Used only to answer "is this document valid?" quickly (a few microseconds against half a
    millisecond); problems are always reported by :mod:`jsonschema`, so messages and pointers
    do not depend on jsonschema-rs (a test holds the two to the same answers). Formats are
    annotations here, as in :func:`_validator`; references resolve only to the bundled schemas
    (never fetched).
    """
    registry = jsonschema_rs.Registry([(uri, dict(schema)) for uri, schema in _resources()])
    refuse: Any = _refuse  # never called: every reference resolves within the registry
    return jsonschema_rs.validator_for(
        dict(_root(key)), registry=registry, validate_formats=False, retriever=refuse
    )


def _errors(document: Any, key: str) -> Iterator[SchemaError]:
    yield from _validator(key).iter_errors(document)


def _is_valid(document: Any, key: str) -> bool:
    return bool(_fast_validator(key).is_valid(document))


def _vcdm(document: Mapping[str, Any]) -> str:
    """The VC Data Model version: ``"1.1"`` when the first context is the 1.1 one."""
    context = document.get("@context")
    first = context[0] if isinstance(context, list) and context else context
    return "1.1" if first == VC_V1_CONTEXT else "2.0"


def _kind_schema(document: Mapping[str, Any], types: set[str]) -> str:
    """The bundled schema for the document's kind and data model version."""
    v1 = _vcdm(document) == "1.1"
    if "ClrCredential" in types:
        return "clr-clrcredential-vc1" if v1 else _CLR_VC2
    if "EndorsementCredential" in types:
        return "ob-endorsementcredential-vc1" if v1 else "ob-endorsementcredential"
    if types & ACHIEVEMENT_CREDENTIAL_TYPES:
        return "ob-achievementcredential-vc1" if v1 else "ob-achievementcredential"
    return "ob-profile"


def _named(document: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """(path, URL) of every ``credentialSchema`` entry asking for 1EdTech JSON Schema
    validation (a single object or an array of them)."""
    value = document.get("credentialSchema")
    entries: list[tuple[tuple[str | int, ...], Any]]
    if isinstance(value, list):
        entries = [(("credentialSchema", index), item) for index, item in enumerate(value)]
    else:
        entries = [(("credentialSchema",), value)]
    return [
        (path, entry["id"])
        for path, entry in entries
        if isinstance(entry, Mapping)
        and isinstance(entry.get("id"), str)
        and SCHEMA_VALIDATOR_TYPE in type_names(entry.get("type"))
    ]


def _schemas_for(document: Mapping[str, Any], types: set[str]) -> tuple[list[str], list[Problem]]:
    """The schema keys that apply to ``document``, and a problem per named schema not bundled.

    Spec: https://www.imsglobal.org/spec/ob/v3p0/#verification (step 1)
    """
    vcdm = _vcdm(document)
    keys: list[str] = []
    unknown: list[tuple[tuple[str | int, ...], str]] = []
    for path, url in _named(document):
        key = named_schema(url, vcdm=vcdm)
        if key is None:
            unknown.append((path, url))
        elif key not in keys:
            keys.append(key)
    detail = None
    if not keys:
        keys = [_kind_schema(document, types)]
        detail = f"checked against the bundled schema {keys[0]} instead"
    problems = [
        Problem(
            UNKNOWN_CREDENTIAL_SCHEMA,
            f"credentialSchema names {url}, which vcler does not bundle for VC Data Model "
            f"{vcdm}; schemas are never fetched, so the credential was not checked against it",
            json_pointer(*path, "id"),
            detail,
        )
        for path, url in unknown
    ]
    return keys, problems


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


_SETS = ("proof", "credentialSchema")


def _as_sets(document: Mapping[str, Any]) -> Mapping[str, Any]:
    """``document`` with a single ``proof`` / ``credentialSchema`` object written as an array.

    The 1EdTech schemas want arrays for these [0..*] properties; VC Data Model 2.0 allows one
    object, which JSON-LD reads the same (vcler.issue writes a single proof). Only the schema
    sees this copy.
    """
    single = [k for k in _SETS if isinstance(document.get(k), Mapping)]
    if not single:
        return document
    return {**document, **{k: [document[k]] for k in single}}


def _with_sets(value: Any) -> Any:
    """``value`` with :func:`_as_sets` applied to every embedded endorsement, at any depth
    (parts that need no change are shared, not copied)."""
    if isinstance(value, list):
        items = [_with_sets(item) for item in value]
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    if not isinstance(value, Mapping):
        return value
    changed: dict[str, Any] = {}
    for name, item in value.items():
        new = _with_sets(item)
        if name == "endorsement" and isinstance(new, list):
            sets = [_as_sets(e) if isinstance(e, Mapping) else e for e in new]
            new = sets if any(a is not b for a, b in zip(sets, new, strict=True)) else new
        if new is not item:
            changed[name] = new
    return {**value, **changed} if changed else value


def schema_problems(document: Mapping[str, Any], *, types: set[str]) -> list[Problem]:
    """The JSON Schema deviations of an Open Badges / CLR document whose types are ``types``.

    Checked against the schemas :func:`_schemas_for` picks (a ``UNKNOWN_CREDENTIAL_SCHEMA``
    problem for each named schema vcler does not bundle). A single ``proof`` or
    ``credentialSchema`` object counts as an array of one, in the document and in every
    embedded endorsement.

    Spec: https://www.imsglobal.org/spec/ob/v3p0/#verification (step 1)
    Spec: https://www.imsglobal.org/spec/ob/v3p0/#json-schema
    """
    # Step 1: the schemas the credential names that vcler bundles, else its kind's.
    keys, problems = _schemas_for(document, types)
    # Step 2: [0..*] properties given as one object count as a set of one (in endorsements
    # too, looked for only when the document does not conform as it is: a walk of it all).
    top = _as_sets(document)
    normalized: Any = None
    # Step 3: conformance to each schema.
    for key in keys:
        if _is_valid(top, key):
            continue
        if normalized is None:
            normalized = _with_sets(top)
        if normalized is not top and _is_valid(normalized, key):
            continue
        errors = sorted(_errors(normalized, key), key=lambda e: list(map(str, e.path)))
        problems += [_to_problem(error, key) for error in errors]
    return problems
