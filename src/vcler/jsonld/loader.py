"""The static document loader: JSON-LD contexts (and other documents) served from memory.

Secure by default: it never touches the network. The standard contexts ship inside the package
byte-identical to the published documents, pinned by sha256 in ``contexts/MANIFEST.json``.
Callers add documents of their own per loader (a mapping, or a directory of JSON files keyed by
their URL through a manifest or their top-level ``id``); nothing is global. A folder of the
caller's own JSON-LD contexts (:meth:`StaticDocumentLoader.from_contexts`) names every file's
URL in ``contexts.json``, and may not replace a bundled context.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .._json import load_json
from ..errors import DocumentLoaderError, ParsingError

# How many processed contexts one loader keeps (each is keyed by URL or by inline content).
_RESOLVED_CONTEXT_CACHE_SIZE = 256

__all__ = [
    "CONTEXTS_MANIFEST",
    "BundledContext",
    "StaticDocumentLoader",
    "bundled_contexts",
    "default_loader",
]

#: The file of a contexts folder mapping each context URL to its file (see ``from_contexts``).
CONTEXTS_MANIFEST = "contexts.json"


class BundledContext:
    """One context shipped with vcler: its URL, file name, pinned sha256 and provenance."""

    __slots__ = ("file", "license", "sha256", "source", "url")

    def __init__(self, url: str, file: str, sha256: str, source: Mapping[str, Any], license: str):
        self.url = url
        self.file = file
        self.sha256 = sha256
        self.source = dict(source)
        self.license = license

    def read_bytes(self) -> bytes:
        """The context document's bytes, exactly as published."""
        return _read_bytes(self.file)

    def __repr__(self) -> str:
        return f"BundledContext({self.url!r})"


def _contexts_dir() -> resources.abc.Traversable:
    return resources.files("vcler.jsonld").joinpath("contexts")


@cache
def _read_bytes(file: str) -> bytes:
    return _contexts_dir().joinpath(file).read_bytes()


@cache
def bundled_contexts() -> Mapping[str, BundledContext]:
    """Every bundled context by URL, as listed in the package's ``MANIFEST.json``."""
    manifest = json.loads(_read_bytes("MANIFEST.json"))
    return {
        url: BundledContext(url, entry["file"], entry["sha256"], entry["source"], entry["license"])
        for url, entry in manifest["contexts"].items()
    }


@cache
def _bundled_document(url: str) -> Any:
    context = bundled_contexts()[url]
    data = context.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != context.sha256:  # pragma: no cover - only if the installed package was altered
        raise DocumentLoaderError(
            f"bundled context {url} does not match its pinned sha256", url=url
        )
    return load_json(data)


class StaticDocumentLoader(Mapping[str, Any]):
    """Serves JSON documents by URL from memory; a URL it does not hold is an error.

    >>> loader = StaticDocumentLoader({"https://example.org/ctx": {"@context": {}}})
    >>> "https://www.w3.org/ns/credentials/v2" in loader
    True

    ``documents`` are extra documents keyed by URL (a parsed JSON value, or ``bytes``/``str``
    holding JSON); they take precedence over the bundled contexts. With ``bundled=False`` only
    ``documents`` are served. The loader is a read-only mapping from URL to parsed document and
    is also callable the way pyld calls a document loader.
    """

    def __init__(self, documents: Mapping[str, Any] | None = None, *, bundled: bool = True) -> None:
        own: dict[str, Any] = {}
        for url, document in (documents or {}).items():
            if not isinstance(url, str):
                raise TypeError(f"document URLs must be strings, not {type(url).__name__}")
            own[url] = load_json(document) if isinstance(document, (bytes, str)) else document
        self._documents = own
        self._bundled = bundled
        self._resolved_contexts: Any = None
        self._compiled_contexts: Any = None

    def __getstate__(self) -> dict[str, Any]:
        # Pickled (for a worker process) without its caches: they are made again there.
        return {**self.__dict__, "_resolved_contexts": None, "_compiled_contexts": None}

    def compiled_contexts(self, factory: Callable[[StaticDocumentLoader], Any]) -> Any:
        """This loader's compiled-context cache (the fast path's), made by ``factory`` once.

        It lives on the loader, like the pyld context cache, so that nothing is global and
        two loaders never share processed contexts.
        """
        if self._compiled_contexts is None:
            self._compiled_contexts = factory(self)
        return self._compiled_contexts

    def context_resolver(self) -> Any:
        """A pyld context resolver whose processed-context cache belongs to this loader.

        Processed contexts are cached per loader (bounded, LRU) so that documents sharing
        contexts do not re-process them, and two loaders never see each other's documents.
        """
        from cachetools import LRUCache

        from ._pyld import context_resolver

        if self._resolved_contexts is None:
            self._resolved_contexts = LRUCache(maxsize=_RESOLVED_CONTEXT_CACHE_SIZE)
        return context_resolver(self._resolved_contexts, self)

    @classmethod
    def from_directory(cls, directory: str | Path, *, bundled: bool = True) -> StaticDocumentLoader:
        """A loader serving every ``*.json``/``*.jsonld`` file in ``directory`` under its URL.

        A file's URL is its top-level ``id`` (or ``@id``); files with neither are skipped
        unless the directory has a ``MANIFEST.json`` shaped like the bundled one
        (``{"contexts": {URL: {"file": NAME}}}``), which names them.
        """
        root = Path(directory)
        if not root.is_dir():
            raise DocumentLoaderError(f"{root} is not a directory")
        documents: dict[str, Any] = {}
        manifest = root / "MANIFEST.json"
        named: set[str] = set()
        if manifest.is_file():
            entries = load_json(manifest.read_bytes()).get("contexts", {})
            for url, entry in entries.items():
                documents[url] = load_json((root / entry["file"]).read_bytes())
                named.add(entry["file"])
        for path in sorted(root.iterdir()):
            if path.suffix not in {".json", ".jsonld"} or path.name in named:
                continue
            if path.name == "MANIFEST.json":
                continue
            document = load_json(path.read_bytes())
            url = document.get("id", document.get("@id")) if isinstance(document, dict) else None
            if isinstance(url, str):
                documents[url] = document
        return cls(documents, bundled=bundled)

    @classmethod
    def from_contexts(cls, directory: str | Path) -> StaticDocumentLoader:
        """A loader serving the bundled contexts and the caller's own, read from ``directory``.

        The folder holds ``contexts.json``, a JSON object mapping each context URL to the name
        of its file in the folder, and those files::

            contexts/
              contexts.json        {"https://example.org/ctx/v1": "example-v1.jsonld"}
              example-v1.jsonld    {"@context": {...}}

        Nothing is guessed and nothing is skipped: every file of the folder (except
        ``contexts.json`` and hidden files) must be named by the mapping, every named file must
        exist and be a context document (a JSON object with ``@context``), and the URL of a
        bundled context may only name a byte-identical copy of it: a file never replaces a
        standard context. Otherwise :class:`~vcler.errors.DocumentLoaderError` says which file
        or URL is wrong.
        """
        return cls(_read_contexts_folder(Path(directory)))

    def with_documents(self, documents: Mapping[str, Any]) -> StaticDocumentLoader:
        """A new loader serving ``documents`` on top of everything this one serves."""
        merged = StaticDocumentLoader(documents, bundled=self._bundled)
        merged._documents = {**self._documents, **merged._documents}  # a new context cache
        return merged

    # -- Mapping ----------------------------------------------------------------------------
    def __getitem__(self, url: str) -> Any:
        if url in self._documents:
            return self._documents[url]
        if self._bundled and url in bundled_contexts():
            return _bundled_document(url)
        raise KeyError(url)

    def __contains__(self, url: object) -> bool:
        return url in self._documents or (self._bundled and url in bundled_contexts())

    def __iter__(self) -> Iterator[str]:
        yield from self._documents
        if self._bundled:
            yield from (url for url in bundled_contexts() if url not in self._documents)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    # -- loading ----------------------------------------------------------------------------
    def load(self, url: str) -> Any:
        """The parsed document at ``url``; :class:`DocumentLoaderError` naming it if absent."""
        try:
            return self[url]
        except KeyError:
            raise DocumentLoaderError(
                f"document {url!r} is not available offline: vcler never fetches JSON-LD "
                "contexts; add it to the document loader",
                url=url,
            ) from None

    def __call__(self, url: str, options: Any = None) -> dict[str, Any]:
        """pyld's document loader interface.

        Documents are tagged ``static`` so that pyld keeps their processed form in this
        loader's context cache across documents (untagged remote contexts are re-processed).
        """
        return {"contextUrl": None, "documentUrl": url, "document": self.load(url), "tag": "static"}


def _read_contexts_folder(root: Path) -> dict[str, Any]:
    """The contexts of a folder by URL, checked as :meth:`StaticDocumentLoader.from_contexts`
    describes (a bundled context's identical copy is left to the bundled one)."""
    # Step 1: the folder and its mapping from URL to file name.
    manifest = root / CONTEXTS_MANIFEST
    if not root.is_dir():
        raise DocumentLoaderError(f"{root} is not a directory")
    if not manifest.is_file():
        raise DocumentLoaderError(
            f"{root} has no {CONTEXTS_MANIFEST}: it must map each context URL to its file, "
            'e.g. {"https://example.org/ctx/v1": "example-v1.jsonld"}'
        )
    _, mapping = _read_json_file(manifest)
    if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
        raise DocumentLoaderError(f"{manifest} must be a JSON object mapping URLs to file names")
    # Step 2: absolute URLs, each naming a file of this folder.
    for url, name in mapping.items():
        if not urlsplit(url).scheme:
            raise DocumentLoaderError(f"{manifest}: {url!r} is not an absolute URL", url=url)
        if name != Path(name).name or name in ("", ".", "..", CONTEXTS_MANIFEST) or "\\" in name:
            raise DocumentLoaderError(f"{manifest}: {name!r} is not a file name in {root}", url=url)
        if not (root / name).is_file():
            raise DocumentLoaderError(f"{manifest}: {url} names {name}, which is not in {root}")
    # Step 3: no file without a URL (it would otherwise be skipped without a word).
    named = {*mapping.values(), CONTEXTS_MANIFEST}
    strays = sorted(p.name for p in root.iterdir() if p.name not in named and p.name[0] != ".")
    if strays:
        raise DocumentLoaderError(
            f"{root}: no URL in {CONTEXTS_MANIFEST} for {', '.join(strays)}: a context file "
            "without a URL is an error; map its URL to it, or move it out of the folder"
        )
    # Step 4: context documents; never a replacement for a bundled context.
    documents: dict[str, Any] = {}
    for url, name in mapping.items():
        path = root / name
        data, document = _read_json_file(path)
        if url in bundled_contexts():
            if data != bundled_contexts()[url].read_bytes():
                raise DocumentLoaderError(
                    f"{path}: {url} is a standard context bundled with vcler, and a file may "
                    f"not replace it; remove its entry from {CONTEXTS_MANIFEST}",
                    url=url,
                )
            continue
        if not isinstance(document, dict) or "@context" not in document:
            raise DocumentLoaderError(f"{path} is not a JSON-LD context (an object with @context)")
        documents[url] = document
    return documents


def _read_json_file(path: Path) -> tuple[bytes, Any]:
    """The bytes of ``path`` and their JSON; :class:`DocumentLoaderError` naming the file."""
    try:
        data = path.read_bytes()
        return data, load_json(data)
    except OSError as e:
        raise DocumentLoaderError(f"cannot read {path}: {e.strerror or e}") from e
    except ParsingError as e:
        raise DocumentLoaderError(f"{path}: {e.message}") from e


@cache
def default_loader() -> StaticDocumentLoader:
    """The loader that serves exactly the bundled contexts."""
    return StaticDocumentLoader()
