"""Rules shared by credentials and presentations: contexts, types, identifiers, typed objects.

Each check takes the JSON object being checked and the path (JSON pointer tokens) to it, and
returns the problems it finds. None of them raises on any JSON value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import codes
from ..results import Problem, json_pointer
from ._values import as_list, is_language_tag, is_url

__all__ = [
    "BASE_CONTEXT_V1",
    "BASE_CONTEXT_V2",
    "MALFORMED",
    "PARSING",
    "RANGE",
    "UNDEFINED_TERMS_V2",
    "V1_1",
    "V2_0",
    "ContextCheck",
    "Path",
    "check_context",
    "check_id",
    "check_proof_shape",
    "check_text",
    "check_type",
    "check_typed_objects",
    "malformed",
]

Path = tuple[str | int, ...]

#: VC 2.0 processing-error codes.
#: Spec: https://www.w3.org/TR/vc-data-model-2.0/#problem-details
MALFORMED = codes.MALFORMED_VALUE_ERROR
PARSING = codes.PARSING_ERROR
RANGE = codes.RANGE_ERROR

V2_0 = "2.0"
V1_1 = "1.1"
BASE_CONTEXT_V2 = "https://www.w3.org/ns/credentials/v2"
BASE_CONTEXT_V1 = "https://www.w3.org/2018/credentials/v1"
UNDEFINED_TERMS_V2 = "https://www.w3.org/ns/credentials/undefined-terms/v2"
_BASE_CONTEXTS = {BASE_CONTEXT_V2: V2_0, BASE_CONTEXT_V1: V1_1}


def malformed(message: str, path: Path) -> Problem:
    """A ``MALFORMED_VALUE_ERROR`` at ``path``."""
    return Problem(MALFORMED, message, json_pointer(*path))


def _item_path(path: Path, key: str, value: Any, index: int) -> Path:
    """The path of item ``index`` of property ``key`` (no index when it is a single value)."""
    return (*path, key, index) if isinstance(value, list) else (*path, key)


@dataclass
class ContextCheck:
    """What checking ``@context`` found: the data-model version it selects and the problems.

    ``well_formed`` is true when ``@context`` is present and every item is a URL or an
    object, so JSON-LD processing can be attempted.
    """

    version: str
    well_formed: bool
    problems: list[Problem] = field(default_factory=list)


def check_context(
    document: dict[str, Any], path: Path, *, require_base: bool = True
) -> ContextCheck:
    """Check ``@context`` and decide whether the document follows VC 2.0 or VC 1.1.

    With ``require_base=False`` (enveloped objects) any context may come first.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#contexts
    Spec: https://www.w3.org/TR/vc-data-model/#contexts (1.1)
    """
    here = (*path, "@context")
    # Step 1: the document MUST include a @context property.
    if "@context" not in document:
        return ContextCheck(
            _guess_version([], document), False, [malformed("@context is required", here)]
        )
    value = document["@context"]
    items = as_list(value)
    problems: list[Problem] = []
    # Step 2: the value is an ordered set; every item is a URL or a context object.
    if not items:
        problems.append(malformed("@context must not be empty", here))
    for index, item in enumerate(items):
        where = _item_path(path, "@context", value, index)
        if isinstance(item, str):
            if not is_url(item):
                problems.append(malformed(f"@context item {item!r} is not a URL", where))
        elif not isinstance(item, dict):
            problems.append(malformed("@context items must be URLs or objects", where))
    well_formed = not problems
    # Step 3: the first item is the base context, which selects the version.
    first = items[0] if items else None
    version = _BASE_CONTEXTS.get(first) if isinstance(first, str) else None
    if version is None:
        version = _guess_version(items, document)
        if require_base:
            expected = BASE_CONTEXT_V1 if version == V1_1 else BASE_CONTEXT_V2
            problems.append(
                malformed(
                    f"the first @context item must be the base context {expected!r}",
                    _item_path(path, "@context", value, 0) if items else here,
                )
            )
    # Step 4 (2.0): the undefined-terms context, when used, is the last item.
    if version == V2_0 and UNDEFINED_TERMS_V2 in items[:-1]:
        index = items.index(UNDEFINED_TERMS_V2)
        problems.append(
            malformed(
                f"{UNDEFINED_TERMS_V2!r} must be the last @context item",
                _item_path(path, "@context", value, index),
            )
        )
    return ContextCheck(version, well_formed, problems)


def _guess_version(items: list[Any], document: dict[str, Any]) -> str:
    """The version a document with a wrong first @context item most likely meant."""
    if BASE_CONTEXT_V1 in items:
        return V1_1
    if BASE_CONTEXT_V2 in items:
        return V2_0
    return V1_1 if "issuanceDate" in document and "validFrom" not in document else V2_0


def check_type(
    document: dict[str, Any], path: Path, *, required: str | None = None
) -> list[Problem]:
    """Check ``type``: present, one or more non-empty strings, including ``required``.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#types
    """
    here = (*path, "type")
    # Step 1: the object MUST have a type.
    if "type" not in document:
        return [malformed("type is required", here)]
    value = document["type"]
    items = as_list(value)
    # Step 2: one or more terms or absolute URL strings.
    if not items:
        return [malformed("type must have at least one value", here)]
    problems = [
        malformed("type values must be non-empty strings", _item_path(path, "type", value, i))
        for i, item in enumerate(items)
        if not isinstance(item, str) or not item
    ]
    # Step 3: the required type is among them.
    if required is not None and required not in items:
        problems.append(malformed(f"type must include {required!r}", here))
    return problems


def check_id(
    obj: dict[str, Any], path: Path, *, required: bool = False, what: str = "id"
) -> list[Problem]:
    """Check an ``id``: when present (or when required), a single URL.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#identifiers
    """
    here = (*path, "id")
    if "id" not in obj:
        return [malformed(f"{what} is required", here)] if required else []
    value = obj["id"]
    if not is_url(value):
        shown = repr(value) if isinstance(value, str) else f"a JSON {_kind(value)}"
        return [malformed(f"{what} must be a single URL, not {shown}", here)]
    return []


def check_typed_objects(
    document: dict[str, Any], key: str, path: Path, *, id_required: bool = False
) -> list[Problem]:
    """Check a property holding one or more objects that each MUST have a ``type``.

    This is the shape of ``credentialStatus``, ``credentialSchema``, ``evidence``,
    ``termsOfUse``, ``refreshService`` and the reserved extension points. Each object's
    ``id``, when present (or when ``id_required``), is a URL.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#types
    Spec: https://www.w3.org/TR/vc-data-model-2.0/#reserved-extension-points
    """
    if key not in document:
        return []
    value = document[key]
    items = as_list(value)
    if not items:
        return [malformed(f"{key} must hold at least one object", (*path, key))]
    problems: list[Problem] = []
    for index, item in enumerate(items):
        where = _item_path(path, key, value, index)
        if not isinstance(item, dict):
            problems.append(malformed(f"{key} values must be objects", where))
            continue
        problems += check_type(item, where)
        problems += check_id(item, where, required=id_required, what=f"{key} id")
    return problems


def check_proof_shape(document: dict[str, Any], path: Path) -> list[Problem]:
    """Check that ``proof``, when present, is an object or a list of objects.

    Proofs themselves are verified by ``vcler.di``; only their shape is checked here.

    Spec: https://www.w3.org/TR/vc-data-integrity/#proofs
    """
    if "proof" not in document:
        return []
    value = document["proof"]
    items = as_list(value)
    if not items:
        return [malformed("proof must hold at least one proof object", (*path, "proof"))]
    return [
        malformed("proof values must be objects", _item_path(path, "proof", value, index))
        for index, item in enumerate(items)
        if not isinstance(item, dict)
    ]


_LANGUAGE_KEYS = frozenset({"@value", "@language", "@direction"})


def check_text(document: dict[str, Any], key: str, path: Path) -> list[Problem]:
    """Check ``name``/``description``: a string, a language value object, or a list of them.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#names-and-descriptions
    Spec: https://www.w3.org/TR/vc-data-model-2.0/#language-and-base-direction
    """
    if key not in document:
        return []
    value = document[key]
    items = as_list(value)
    if not items:
        return [malformed(f"{key} must not be an empty list", (*path, key))]
    problems: list[Problem] = []
    for index, item in enumerate(items):
        where = _item_path(path, key, value, index)
        if isinstance(item, str):
            continue
        if not isinstance(item, dict):
            problems.append(malformed(f"{key} must be a string or a language value object", where))
            continue
        problems += _check_language_value(item, key, where)
    return problems


def _check_language_value(item: dict[str, Any], key: str, path: Path) -> list[Problem]:
    """Check one language value object: ``@value`` and optional ``@language``/``@direction``."""
    if "@value" not in item:
        return [malformed(f"{key} must be a string or a language value object", path)]
    problems: list[Problem] = []
    extra = sorted(k for k in item if k not in _LANGUAGE_KEYS)
    if extra:
        problems.append(
            malformed(
                f"a language value object for {key} has only @value, @language and "
                f"@direction, not {', '.join(extra)}",
                path,
            )
        )
    if not isinstance(item["@value"], str):
        problems.append(malformed(f"{key} @value must be a string", (*path, "@value")))
    if "@language" in item and not is_language_tag(item["@language"]):
        problems.append(
            malformed(f"{key} @language must be a BCP 47 language tag", (*path, "@language"))
        )
    if "@direction" in item and item["@direction"] not in ("ltr", "rtl"):
        problems.append(
            malformed(f"{key} @direction must be 'ltr' or 'rtl'", (*path, "@direction"))
        )
    return problems


def _kind(value: Any) -> str:
    """The JSON type name of ``value``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"
