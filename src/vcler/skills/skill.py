"""The :class:`Skill` value: one node of a skills framework, and its OB 3.0 Alignment form.

A skill is named by the URL of its official description (``id``), and carries the framework's
name, a code, a short name and a statement. Constructors read the common skill sources:

- Open Skills Network Rich Skill Descriptors (RSD JSON-LD, as served by OSMT:
  ``{"@context": "https://rsd.openskillsnetwork.org/context-v1.json", "type":
  "RichSkillDescriptor", "id", "skillName", "skillStatement", "author", ...}``);
- Lightcast Open Skills ids (``KS...``; the URL is the taxonomy's ``infoUrl`` form
  ``https://lightcast.io/open-skills/skills/<id>``, see :data:`LIGHTCAST_SKILL_URL`);
- 1EdTech CASE ``CFItem`` objects (``uri``, ``fullStatement``, ``humanCodingScheme``...);
- Credential Engine CTDL-ASN competencies (``@id``, ``ceasn:competencyLabel``...).

Spec: https://www.imsglobal.org/spec/ob/v3p0/#alignment
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..openbadges.rules import is_url

__all__ = [
    "LIGHTCAST_FRAMEWORK",
    "LIGHTCAST_SKILL_URL",
    "Skill",
    "canonical_skill_url",
    "is_uri",
    "plain_text",
]

#: The canonical URL of a Lightcast Open Skills skill (the ``infoUrl`` of the Lightcast Skills
#: API). Pages also answer with a trailing name slug, which vcler drops.
LIGHTCAST_SKILL_URL = "https://lightcast.io/open-skills/skills/{id}"
#: The framework name vcler gives Lightcast skills.
LIGHTCAST_FRAMEWORK = "Lightcast Open Skills"
_LIGHTCAST_ID = re.compile(r"[A-Z]{2}[0-9A-Z]{10,30}")
# Lightcast skill pages and the older Emsi skill URLs, with the id captured.
_LIGHTCAST_URL = re.compile(
    r"https?://(?:www\.)?(?:lightcast\.io/open-skills/skills|skills\.emsidata\.com/skills)"
    r"/(?P<id>[A-Z]{2}[0-9A-Z]{10,30})(?:/[^/?#]*)?/?"
)
_RSD_TYPE = "RichSkillDescriptor"


_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s]+")


def is_uri(value: Any) -> bool:
    """True for an absolute URI without whitespace (``https://...``, ``urn:uuid:...``)."""
    return isinstance(value, str) and _URI.fullmatch(value) is not None


def canonical_skill_url(url: str) -> str:
    """``url`` in the form vcler compares skills by: Lightcast URLs become the canonical form.

    >>> canonical_skill_url("https://lightcast.io/open-skills/skills/KS1200771D9CR9LB4MWW/js")
    'https://lightcast.io/open-skills/skills/KS1200771D9CR9LB4MWW'
    """
    url = url.strip()
    found = _LIGHTCAST_URL.fullmatch(url)
    if found:
        return LIGHTCAST_SKILL_URL.format(id=found["id"])
    return url


def plain_text(value: Any) -> str | None:
    """A plain string from a string, a JSON-LD language map or a ``@value`` object."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        if isinstance(value.get("@value"), str):
            return str(value["@value"])
        for key in ("en", "en-us", "en-US", "en-gb"):
            if isinstance(value.get(key), str):
                return str(value[key])
        for item in value.values():
            if isinstance(item, str):
                return item
    if isinstance(value, list):
        for item in value:
            text = plain_text(item)
            if text is not None:
                return text
    return None


def _require_url(value: Any, what: str) -> str:
    if not is_url(value):
        raise InputError(f"{what} must be a URL, not {value!r}")
    return canonical_skill_url(str(value))


@dataclass(frozen=True)
class Skill:
    """A skill: its URL ``id``, ``name``, ``framework``, ``code``, ``statement``, OB
    ``target_type`` (``CFItem``, ``ceasn:Competency``, ``ext:...``), and, when read from a
    whole framework (:class:`vcler.skills.Library`), the framework's ``version`` and the
    skill's other names (``aliases``)."""

    id: str
    name: str | None = None
    framework: str | None = None
    code: str | None = None
    statement: str | None = None
    target_type: str | None = None
    version: str | None = None
    aliases: tuple[str, ...] = ()

    @classmethod
    def from_url(
        cls,
        url: str,
        *,
        name: str | None = None,
        framework: str | None = None,
        code: str | None = None,
        statement: str | None = None,
        target_type: str | None = None,
    ) -> Skill:
        """A skill known by its URL; Lightcast URLs are recognised and made canonical."""
        skill_url = _require_url(url, "a skill URL")
        found = _LIGHTCAST_URL.fullmatch(skill_url)
        if found:
            return cls.from_lightcast(found["id"], name=name, statement=statement)
        return cls(skill_url, name, framework, code, statement, target_type)

    @classmethod
    def from_lightcast(
        cls, skill_id: str, *, name: str | None = None, statement: str | None = None
    ) -> Skill:
        """A Lightcast Open Skills skill from its id (``KS1200771D9CR9LB4MWW``)."""
        if not isinstance(skill_id, str) or not _LIGHTCAST_ID.fullmatch(skill_id):
            raise InputError(
                f"{skill_id!r} is not a Lightcast skill id (like 'KS1200771D9CR9LB4MWW')"
            )
        return cls(
            LIGHTCAST_SKILL_URL.format(id=skill_id),
            name,
            LIGHTCAST_FRAMEWORK,
            skill_id,
            statement,
            "ext:LightcastSkill",
        )

    @classmethod
    def from_rsd(cls, document: Mapping[str, Any], *, framework: str | None = None) -> Skill:
        """A skill from an Open Skills Network Rich Skill Descriptor (RSD JSON-LD).

        ``framework`` defaults to the RSD's ``author`` (or ``authors``, joined).
        """
        if not isinstance(document, Mapping):
            raise InputError("an RSD must be a JSON object")
        kind = document.get("type", document.get("@type"))
        if kind is not None and _RSD_TYPE not in ([kind] if isinstance(kind, str) else kind):
            raise InputError(f"an RSD has type {_RSD_TYPE!r}, not {kind!r}")
        url = _require_url(document.get("id", document.get("@id")), "an RSD's id")
        author = document.get("author", document.get("authors"))
        if framework is None:
            if isinstance(author, list):
                framework = ", ".join(a for a in author if isinstance(a, str)) or None
            else:
                framework = plain_text(author)
        return cls(
            url,
            plain_text(document.get("skillName")),
            framework,
            None,
            plain_text(document.get("skillStatement")),
            "ext:RichSkillDescriptor",
        )

    @classmethod
    def from_case_item(cls, item: Mapping[str, Any], *, framework: str | None = None) -> Skill:
        """A skill from a 1EdTech CASE ``CFItem`` (its ``uri``, statements and coding scheme).

        ``framework`` defaults to the title of the item's ``CFDocumentURI``.
        """
        if not isinstance(item, Mapping):
            raise InputError("a CFItem must be a JSON object")
        url = _require_url(item.get("uri"), "a CFItem's uri")
        document = item.get("CFDocumentURI")
        if framework is None and isinstance(document, Mapping):
            framework = plain_text(document.get("title"))
        statement = plain_text(item.get("fullStatement"))
        code = plain_text(item.get("humanCodingScheme")) or plain_text(item.get("identifier"))
        return cls(
            url,
            plain_text(item.get("abbreviatedStatement")) or statement,
            framework,
            code,
            statement,
            "CFItem",
        )

    @classmethod
    def from_ctdl(cls, competency: Mapping[str, Any], *, framework: str | None = None) -> Skill:
        """A skill from a Credential Engine CTDL-ASN ``ceasn:Competency``.

        The URL is its ``@id`` (else the Credential Registry resource of its ``ceterms:ctid``);
        ``framework`` defaults to its ``ceasn:isPartOf``.
        """
        if not isinstance(competency, Mapping):
            raise InputError("a CTDL competency must be a JSON object")
        ctid = plain_text(competency.get("ceterms:ctid"))
        url = competency.get("@id")
        if url is None and ctid is not None:
            url = f"https://credentialengineregistry.org/resources/{ctid}"
        skill_url = _require_url(url, "a competency's @id")
        if framework is None:
            framework = plain_text(competency.get("ceasn:isPartOf"))
        text = plain_text(competency.get("ceasn:competencyText"))
        return cls(
            skill_url,
            plain_text(competency.get("ceasn:competencyLabel")) or text,
            framework,
            plain_text(competency.get("ceasn:codedNotation")) or ctid,
            text,
            "ceasn:Competency",
        )

    @classmethod
    def from_alignment(cls, alignment: Mapping[str, Any]) -> Skill:
        """The skill an OB 3.0 ``Alignment`` points at (``targetUrl``, ``targetName``...).

        Spec: https://www.imsglobal.org/spec/ob/v3p0/#alignment
        """
        if not isinstance(alignment, Mapping):
            raise InputError("an alignment must be a JSON object")
        url = _require_url(alignment.get("targetUrl"), "an alignment's targetUrl")
        return cls(
            url,
            plain_text(alignment.get("targetName")),
            plain_text(alignment.get("targetFramework")),
            plain_text(alignment.get("targetCode")),
            plain_text(alignment.get("targetDescription")),
            plain_text(alignment.get("targetType")),
        )

    def to_alignment(self) -> dict[str, Any]:
        """This skill as an OB 3.0 ``Alignment`` (``targetName`` falls back to code, then URL).

        Spec: https://www.imsglobal.org/spec/ob/v3p0/#alignment
        """
        alignment: dict[str, Any] = {
            "type": ["Alignment"],
            "targetName": self.name or self.code or self.id,
            "targetUrl": self.id,
        }
        optional = {
            "targetType": self.target_type,
            "targetFramework": self.framework,
            "targetCode": self.code,
            "targetDescription": self.statement,
        }
        alignment.update({key: value for key, value in optional.items() if value is not None})
        return alignment
