"""Skills libraries: whole frameworks read as their publishers export them.

:class:`Library` reads, recognising each by its content (:func:`framework_format`):

- a 1EdTech **CASE** package (``CFPackage`` JSON, as CASE Network and OpenSALT export it:
  ``CFDocument``, ``CFItems``, ``CFAssociations``);
- an **OSMT** export of Open Skills Network Rich Skill Descriptors: a ``RichSkillCollection``
  (its ``skills``), one ``RichSkillDescriptor``, or a list of them;
- a **Lightcast** Open Skills list: the Skills API's response (``{"data": [{"id": "KS...",
  "name", "infoUrl", "type"}]}``) or the bare list;
- a Credential Engine **CTDL-ASN** framework: a ``@graph`` (or a list) of
  ``ceasn:CompetencyFramework`` and ``ceasn:Competency`` objects.

Each skill keeps its framework's name and version (:attr:`Skill.version`). Skills are found by
URL or code (:meth:`Library.get`, :meth:`Library.lookup`) and searched by name and alias
(:meth:`Library.search`). The associations the frameworks publish become the library's
:class:`~vcler.skills.Crosswalk`: CASE ``CFAssociation`` ``exactMatchOf`` and ``isChildOf``
(an item's ``isChildOf`` its own ``CFDocument`` only says it is at the top, and is left out),
RSD ``alignments`` (each an ``exactMatchOf`` between the RSD and the aligned skill), and
CTDL-ASN ``ceasn:isChildOf``, ``ceasn:exactAlignment`` (``exactMatchOf``),
``ceasn:broadAlignment`` (``isChildOf``) and ``ceasn:narrowAlignment`` (``isParentOf``).

The network is used only when asked (:meth:`Library.fetch`, through a policy-checked fetcher).

Spec: https://www.imsglobal.org/spec/case/v1p1/
Spec: https://rsd.openskillsnetwork.org/
Spec: https://credreg.net/ctdlasn/terms
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .. import codes
from .._json import load_json
from ..errors import InputError
from ..openbadges.rules import is_url
from .crosswalk import Crosswalk
from .skill import LIGHTCAST_FRAMEWORK, Skill, canonical_skill_url, plain_text

if TYPE_CHECKING:
    from .._seam import JsonFetcher

__all__ = ["Framework", "FrameworkFormat", "Library", "UnknownSkillError", "framework_format"]

#: The framework formats a :class:`Library` reads.
FrameworkFormat = Literal["case", "osmt", "lightcast", "ctdl"]

#: The URL vcler names the Lightcast Open Skills taxonomy by.
LIGHTCAST_TAXONOMY = "https://lightcast.io/open-skills"
_CTDL_REGISTRY = "https://credentialengineregistry.org/resources/{ctid}"
_LIGHTCAST_ID = re.compile(r"[A-Z]{2}[0-9A-Z]{10,30}")


class UnknownSkillError(InputError):
    """A skill URL or code no framework of the library defines (or one code shared by several
    skills)."""

    code = codes.UNKNOWN_SKILL


@dataclass(frozen=True)
class Framework:
    """One framework a library read: its URL ``id``, ``name``, ``version`` and ``format``."""

    id: str | None
    name: str | None
    version: str | None
    format: FrameworkFormat

    def to_json(self) -> dict[str, Any]:
        """This framework as JSON."""
        return {"id": self.id, "name": self.name, "version": self.version, "format": self.format}


@dataclass(frozen=True)
class _Read:
    """What one document holds."""

    framework: Framework
    skills: tuple[Skill, ...]
    associations: tuple[tuple[str, str, str], ...]
    keys: tuple[tuple[str, str], ...] = ()  # extra lookup keys (uuid, identifier, ctid) -> URL


def framework_format(document: Any) -> FrameworkFormat | None:
    """The format of a framework document, recognised by its content (``None``: none)."""
    if isinstance(document, Mapping):
        if isinstance(document.get("CFPackage"), Mapping):
            document = document["CFPackage"]
        if isinstance(document.get("CFDocument"), Mapping):
            return "case"
        kind = document.get("type", document.get("@type"))
        if kind in ("RichSkillCollection", "RichSkillDescriptor"):
            return "osmt"
        if isinstance(document.get("@graph"), list):
            return "ctdl" if any(_is_ctdl(item) for item in document["@graph"]) else None
        if _is_ctdl(document):
            return "ctdl"
        data = document.get("data")
        if isinstance(data, list) and data and all(_is_lightcast(item) for item in data):
            return "lightcast"
        return None
    if isinstance(document, list) and document:
        if all(_is_rsd(item) for item in document):
            return "osmt"
        if all(_is_lightcast(item) for item in document):
            return "lightcast"
        if any(_is_ctdl(item) for item in document):
            return "ctdl"
    return None


def _is_rsd(item: Any) -> bool:
    return isinstance(item, Mapping) and item.get("type") == "RichSkillDescriptor"


def _is_lightcast(item: Any) -> bool:
    return (
        isinstance(item, Mapping)
        and isinstance(item.get("id"), str)
        and _LIGHTCAST_ID.fullmatch(item["id"]) is not None
        and isinstance(item.get("name"), str)
    )


def _is_ctdl(item: Any) -> bool:
    kind = item.get("@type") if isinstance(item, Mapping) else None
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.startswith("ceasn:") for k in kinds)


def _texts(value: Any) -> list[str]:
    """Every plain string in a string, a list, or language maps."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return [v for v in value.values() if isinstance(v, str)] or [
            t for t in [plain_text(value)] if t
        ]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return []


def _aliases(skill: Skill, *values: Any) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in values:
        for text in _texts(value):
            if text and text != skill.name:
                seen.setdefault(text, None)
    return tuple(seen)


# -- CASE ----------------------------------------------------------------------------------


def _uri(node: Any) -> str | None:
    if isinstance(node, Mapping):
        node = node.get("uri")
    return canonical_skill_url(node) if is_url(node) else None


def _read_case(document: Mapping[str, Any]) -> _Read:
    """A CASE ``CFPackage``.

    Spec: https://www.imsglobal.org/spec/case/v1p1/#cfpackage
    """
    if isinstance(document.get("CFPackage"), Mapping):
        document = document["CFPackage"]
    cf_document = document["CFDocument"]
    # Step 1: the framework (the CFDocument).
    framework = Framework(
        _uri(cf_document),
        plain_text(cf_document.get("title")),
        plain_text(cf_document.get("version")),
        "case",
    )
    # Step 2: every CFItem is a skill.
    skills: list[Skill] = []
    keys: list[tuple[str, str]] = []
    items = document.get("CFItems")
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, Mapping) or not is_url(item.get("uri")):
            continue
        skill = Skill.from_case_item(item, framework=framework.name)
        skill = replace(
            skill,
            version=framework.version,
            aliases=_aliases(
                skill,
                item.get("fullStatement"),
                item.get("alternativeLabel"),
                item.get("conceptKeywords"),
            ),
        )
        skills.append(skill)
        if isinstance(item.get("identifier"), str):
            keys.append((item["identifier"], skill.id))
    # Step 3: the associations that make one skill count for another.
    associations: list[tuple[str, str, str]] = []
    links = document.get("CFAssociations")
    for link in links if isinstance(links, list) else []:
        if not isinstance(link, Mapping):
            continue
        kind = link.get("associationType")
        origin, destination = _uri(link.get("originNodeURI")), _uri(link.get("destinationNodeURI"))
        if kind not in ("exactMatchOf", "isChildOf") or origin is None or destination is None:
            continue
        if kind == "isChildOf" and destination == framework.id:
            continue  # a top-level item: the document is not a skill
        associations.append((str(kind), origin, destination))
    return _Read(framework, tuple(skills), tuple(associations), tuple(keys))


# -- OSMT ----------------------------------------------------------------------------------


def _read_osmt(document: Any) -> _Read:
    """An OSMT ``RichSkillCollection``, one ``RichSkillDescriptor`` or a list of them.

    Spec: https://rsd.openskillsnetwork.org/
    """
    collection: Mapping[str, Any] | None = None
    if isinstance(document, Mapping) and document.get("type") == "RichSkillCollection":
        collection = document
        rsds = document.get("skills")
    elif isinstance(document, Mapping):
        rsds = [document]
    else:
        rsds = document
    framework = Framework(
        canonical_skill_url(collection["id"])
        if collection and is_url(collection.get("id"))
        else None,
        plain_text(collection.get("name")) if collection else None,
        plain_text(collection.get("version")) if collection else None,
        "osmt",
    )
    skills: list[Skill] = []
    keys: list[tuple[str, str]] = []
    associations: list[tuple[str, str, str]] = []
    for rsd in rsds if isinstance(rsds, list) else []:
        if not isinstance(rsd, Mapping) or not is_url(rsd.get("id")):
            continue
        named = dict(rsd)
        named.setdefault("type", "RichSkillDescriptor")
        author = rsd.get("author", rsd.get("authors"))
        skill = Skill.from_rsd(named, framework=None if author else framework.name)
        skill = replace(
            skill,
            version=framework.version,
            aliases=_aliases(
                skill, rsd.get("keywords"), rsd.get("categories"), rsd.get("category")
            ),
        )
        skills.append(skill)
        if isinstance(rsd.get("uuid"), str):
            keys.append((rsd["uuid"], skill.id))
        alignments = rsd.get("alignments")
        for alignment in alignments if isinstance(alignments, list) else []:
            target = alignment.get("id") if isinstance(alignment, Mapping) else None
            if is_url(target):
                associations.append(("exactMatchOf", skill.id, canonical_skill_url(str(target))))
    if collection is None and skills:
        framework = replace(framework, name=skills[0].framework)
    return _Read(framework, tuple(skills), tuple(associations), tuple(keys))


# -- Lightcast -----------------------------------------------------------------------------


def _read_lightcast(document: Any, version: str | None) -> _Read:
    """A Lightcast Open Skills list (the Skills API's ``GET /versions/{version}/skills``).

    The API does not repeat the version in the response; it is ``version``, else a top-level
    ``"version"`` added when the list was saved.
    """
    if isinstance(document, Mapping):
        version = version or plain_text(document.get("version"))
        document = document.get("data")
    framework = Framework(LIGHTCAST_TAXONOMY, LIGHTCAST_FRAMEWORK, version, "lightcast")
    skills: list[Skill] = []
    for item in document if isinstance(document, list) else []:
        if not _is_lightcast(item):
            continue
        skill = Skill.from_lightcast(
            item["id"], name=item["name"], statement=plain_text(item.get("description"))
        )
        skills.append(replace(skill, version=version))
    return _Read(framework, tuple(skills), ())


# -- CTDL-ASN ------------------------------------------------------------------------------


def _ctdl_ids(nodes: list[Mapping[str, Any]]) -> dict[str, str]:
    """Each node's ``@id`` (and ctid) -> its URL: the ``@id`` when it is one, else the Credential
    Registry resource of its ``ceterms:ctid``."""
    urls: dict[str, str] = {}
    for node in nodes:
        ctid = plain_text(node.get("ceterms:ctid"))
        node_id = node.get("@id")
        url = node_id if is_url(node_id) else (_CTDL_REGISTRY.format(ctid=ctid) if ctid else None)
        if url is None:
            continue
        for key in (node_id, ctid):
            if isinstance(key, str):
                urls[key] = url
    return urls


def _ctdl_refs(value: Any, urls: Mapping[str, str]) -> list[str]:
    refs: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, Mapping):
            item = item.get("@id")
        if isinstance(item, str) and item in urls:
            refs.append(urls[item])
        elif is_url(item) and str(item).startswith(("http://", "https://")):
            refs.append(canonical_skill_url(str(item)))
    return refs


def _ctdl_version(node: Mapping[str, Any]) -> str | None:
    version = plain_text(node.get("ceasn:versionCode"))
    if version is None:
        identifiers = node.get("ceterms:versionIdentifier")
        for identifier in identifiers if isinstance(identifiers, list) else []:
            if isinstance(identifier, Mapping):
                version = plain_text(identifier.get("ceterms:identifierValueCode"))
                if version:
                    break
    return version


_CTDL_LINKS = {
    "ceasn:isChildOf": "isChildOf",
    "ceasn:exactAlignment": "exactMatchOf",
    "ceasn:broadAlignment": "isChildOf",
    "ceasn:narrowAlignment": "isParentOf",
}


def _ctdl_nodes(document: Any) -> list[Mapping[str, Any]]:
    """The objects of a CTDL-ASN document (a ``@graph``, a list, or one object)."""
    if isinstance(document, Mapping):
        document = document["@graph"] if isinstance(document.get("@graph"), list) else [document]
    return (
        [node for node in document if isinstance(node, Mapping)]
        if isinstance(document, list)
        else []
    )


def _read_ctdl(document: Any) -> list[_Read]:
    """CTDL-ASN frameworks and their competencies (a ``@graph``, a list, or one object).

    Spec: https://credreg.net/ctdlasn/terms
    """
    nodes = _ctdl_nodes(document)
    urls = _ctdl_ids(nodes)

    def typed(node: Mapping[str, Any], name: str) -> bool:
        kind = node.get("@type")
        return name in (kind if isinstance(kind, list) else [kind])

    # Step 1: the frameworks.
    frameworks: dict[str, Framework] = {}
    for node in nodes:
        if typed(node, "ceasn:CompetencyFramework"):
            url = urls.get(str(node.get("@id"))) or urls.get(str(node.get("ceterms:ctid")))
            if url is not None:
                frameworks[url] = Framework(
                    url, plain_text(node.get("ceasn:name")), _ctdl_version(node), "ctdl"
                )
    found: dict[str | None, list[Skill]] = {url: [] for url in frameworks}
    associations: list[tuple[str, str, str]] = []
    keys: list[tuple[str, str]] = []
    # Step 2: the competencies, each in the framework it is part of.
    for node in nodes:
        if not typed(node, "ceasn:Competency"):
            continue
        url = urls.get(str(node.get("@id"))) or urls.get(str(node.get("ceterms:ctid")))
        if url is None:
            continue
        part_of = next(
            (ref for ref in _ctdl_refs(node.get("ceasn:isPartOf"), urls) if ref in frameworks), None
        )
        framework = frameworks.get(part_of) if part_of else None
        competency = {k: v for k, v in node.items() if k != "ceasn:isPartOf"}
        competency["@id"] = url
        skill = Skill.from_ctdl(competency, framework=framework.name if framework else None)
        skill = replace(
            skill,
            version=framework.version if framework else None,
            aliases=_aliases(
                skill, node.get("ceasn:competencyText"), node.get("ceasn:conceptKeyword")
            ),
        )
        found.setdefault(part_of, []).append(skill)
        ctid = plain_text(node.get("ceterms:ctid"))
        if ctid:
            keys.append((ctid, url))
        # Step 3: the associations (a link to a framework only says "at the top").
        for name, kind in _CTDL_LINKS.items():
            for target in _ctdl_refs(node.get(name), urls):
                if target not in frameworks and target != url:
                    associations.append((kind, url, target))
    reads: list[_Read] = []
    for url, skills in found.items():
        if url is None and not skills:
            continue
        framework = frameworks[url] if url in frameworks else Framework(None, None, None, "ctdl")
        reads.append(_Read(framework, tuple(skills), ()))
    if reads:
        reads[0] = replace(reads[0], associations=tuple(associations), keys=tuple(keys))
    return reads


# -- the library ---------------------------------------------------------------------------


def _read(document: Any, *, version: str | None) -> list[_Read]:
    kind = framework_format(document)
    if kind == "case":
        return [_read_case(document)]
    if kind == "osmt":
        return [_read_osmt(document)]
    if kind == "lightcast":
        return [_read_lightcast(document, version)]
    if kind == "ctdl":
        return _read_ctdl(document)
    raise InputError(
        "not a skills framework vcler reads (a CASE CFPackage, an OSMT RSD collection, a "
        "Lightcast skills list or a CTDL-ASN graph)"
    )


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class Library:
    """Skills of one or more frameworks, with their crosswalk (immutable; ``+`` merges).

    Build one with :meth:`load` (a parsed document), :meth:`from_files` or :meth:`fetch`.
    """

    skills: tuple[Skill, ...] = ()
    frameworks: tuple[Framework, ...] = ()
    crosswalk: Crosswalk = field(default_factory=Crosswalk)
    _reads: tuple[_Read, ...] = field(default=(), repr=False, compare=False)
    _by_url: Mapping[str, Skill] = field(default_factory=dict, repr=False, compare=False)
    _by_key: Mapping[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def _build(cls, reads: Sequence[_Read]) -> Library:
        by_url: dict[str, Skill] = {}
        by_key: dict[str, list[str]] = {}
        associations: tuple[tuple[str, str, str], ...] = ()
        for read in reads:
            for skill in read.skills:
                by_url.setdefault(skill.id, skill)
            associations += read.associations
            pairs = [(s.code, s.id) for s in read.skills if s.code] + list(read.keys)
            for key, url in pairs:
                urls = by_key.setdefault(_fold(key), [])
                if url not in urls:
                    urls.append(url)
        return cls(
            tuple(by_url.values()),
            tuple(dict.fromkeys(read.framework for read in reads)),
            Crosswalk._from_triples(associations),
            tuple(reads),
            by_url,
            {key: tuple(urls) for key, urls in by_key.items()},
        )

    @classmethod
    def load(cls, document: Any, *, version: str | None = None) -> Library:
        """A library from one parsed framework document (its format recognised by content).

        ``version`` names the version of a Lightcast list, which the Skills API does not
        repeat in its response. Raises :class:`~vcler.errors.InputError` for anything else.
        """
        return cls._build(_read(document, version=version))

    @classmethod
    def from_files(cls, *paths: str | Path, version: str | None = None) -> Library:
        """A library of every framework in ``paths`` (JSON files)."""
        reads: list[_Read] = []
        graph: list[Any] = []  # CTDL-ASN objects of every file, read as one graph
        for path in paths:
            try:
                document = load_json(Path(path).read_bytes())
                if framework_format(document) == "ctdl":
                    graph += _ctdl_nodes(document)
                else:
                    reads += _read(document, version=version)
            except OSError as error:
                raise InputError(f"cannot read {path}: {error.strerror or error}") from error
            except InputError as error:
                raise InputError(f"{path}: {error}") from error
        if graph:
            reads += _read_ctdl(graph)
        return cls._build(reads)

    @classmethod
    def fetch(cls, url: str, *, fetcher: JsonFetcher, version: str | None = None) -> Library:
        """A library from a framework published at ``url`` (a CASE ``CFPackages/{id}``
        endpoint, an OSMT collection, a CTDL-ASN graph...), read through ``fetcher``
        (:class:`vcler.net.Fetcher`, which applies its fetch policy). The only way a library
        touches the network."""
        document = fetcher.get_json(url, accept="application/json, application/ld+json")
        return cls.load(document, version=version)

    def __add__(self, other: Library) -> Library:
        return Library._build(self._reads + other._reads)

    def __len__(self) -> int:
        return len(self.skills)

    def __iter__(self) -> Iterator[Skill]:
        return iter(self.skills)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.lookup(key) is not None

    def lookup(self, key: str) -> Skill | None:
        """The skill named by ``key``: a URL (Lightcast URLs in any form), a framework code
        (``humanCodingScheme``, ``ceasn:codedNotation``, a Lightcast id), a CASE
        ``identifier``, an RSD ``uuid`` or a CTDL ``ctid``; ``None`` when no skill has it or
        several share it."""
        if not isinstance(key, str):
            return None
        key = key.strip()
        skill = self._by_url.get(canonical_skill_url(key))
        if skill is not None:
            return skill
        urls = self._by_key.get(_fold(key), ())
        return self._by_url.get(urls[0]) if len(urls) == 1 else None

    def get(self, key: str) -> Skill:
        """:meth:`lookup`, raising :class:`UnknownSkillError` when no single skill has ``key``."""
        skill = self.lookup(key)
        if skill is not None:
            return skill
        urls = self._by_key.get(_fold(key), ()) if isinstance(key, str) else ()
        if len(urls) > 1:
            raise UnknownSkillError(
                f"the code {key!r} names several skills ({', '.join(urls)}): use the URL"
            )
        raise UnknownSkillError(f"no framework of the library defines the skill {key!r}")

    def resolve(self, key: str) -> str:
        """The URL of the skill ``key`` names: the library's skill, else ``key`` itself when it
        is a URL (a skill of a framework not loaded); :class:`UnknownSkillError` otherwise."""
        skill = self.lookup(key)
        if skill is not None:
            return skill.id
        if is_url(key):
            return canonical_skill_url(key)
        return self.get(key).id

    def search(self, text: str, *, limit: int | None = None) -> tuple[Skill, ...]:
        """Skills whose name, alias or code contains ``text`` (case- and space-insensitive),
        best first: an exact name, then an exact alias or code, then names starting with it,
        then the rest; ties by name."""
        wanted = _fold(text)
        if not wanted:
            return ()
        ranked: list[tuple[int, str, Skill]] = []
        for skill in self.skills:
            name = _fold(skill.name or "")
            others = [_fold(alias) for alias in skill.aliases] + [_fold(skill.code or "")]
            if name == wanted:
                rank = 0
            elif wanted in others:
                rank = 1
            elif name.startswith(wanted):
                rank = 2
            elif wanted in name:
                rank = 3
            elif any(wanted in other for other in others):
                rank = 4
            else:
                continue
            ranked.append((rank, name, skill))
        ranked.sort(key=lambda entry: (entry[0], entry[1], entry[2].id))
        found = tuple(entry[2] for entry in ranked)
        return found if limit is None else found[:limit]

    def version(self, skill: str) -> str | None:
        """The version of the framework that defines ``skill`` (a URL or code)."""
        return self.get(skill).version

    def named(self, skill_id: str) -> Skill | None:
        """The library's skill for ``skill_id`` or, failing that, for a skill the crosswalk
        makes equivalent to it (for naming skills that credentials align to)."""
        found = self.lookup(skill_id)
        if found is not None:
            return found
        for other in sorted(self.crosswalk.equivalents(skill_id)):
            found = self._by_url.get(other)
            if found is not None:
                return found
        return None

    def to_json(self) -> dict[str, Any]:
        """The frameworks and skills as JSON."""
        return {
            "frameworks": [framework.to_json() for framework in self.frameworks],
            "skills": [
                {
                    "id": s.id,
                    "name": s.name,
                    "code": s.code,
                    "framework": s.framework,
                    "version": s.version,
                }
                for s in self.skills
            ],
        }
