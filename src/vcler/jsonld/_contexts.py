"""Compiled JSON-LD contexts: each active-context transition computed once per loader.

Context processing itself is pyld's (through :mod:`._pyld`): document contexts, property-
and type-scoped contexts, ``@propagate`` and ``@protected`` follow the JSON-LD algorithm
exactly as on the general path. What this module adds is memory of the results. A
:class:`CompiledContext` wraps one processed active context together with what the fast path
asks of it again and again (IRI expansion of terms, the term definitions, the type-scoped
context of a type, the previous context to revert to); the plans of maps derived from it
(:mod:`._plans`) are kept on it too.

Transitions are cached by *content*: the key of a compiled context is derived from the key of
the context it was processed from and the canonical form of the local context (its URL, or
its canonical JSON), with the ``propagate``/``override_protected`` flags. Nothing depends on
object identity or pyld's per-object ``_uuid``, so a type-scoped context met in a thousand
documents is processed once. Every cache is bounded (LRU for transitions, size-capped memos
on each compiled context) so that a stream of hostile documents cannot grow memory, and every
cache belongs to one :class:`~vcler.jsonld.StaticDocumentLoader`, never to the module.

Spec: https://www.w3.org/TR/json-ld11-api/#context-processing-algorithm
Spec: https://www.w3.org/TR/json-ld11-api/#iri-expansion
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from .._cache import BoundedCache
from .._json import MAX_DEPTH, compact_encoder
from . import _pyld
from ._fallback import FastPathFallback, FastPathStats
from .safe import ABSOLUTE_IRI

if TYPE_CHECKING:
    from .loader import StaticDocumentLoader

__all__ = [
    "MEMO_KEY_LENGTH",
    "MEMO_SIZE",
    "PLANS_PER_LOADER",
    "CompiledContext",
    "ContextCache",
    "TermDefinition",
    "context_cache",
    "local_context_key",
    "plain_json_size",
]

#: How many active-context transitions (compiled contexts) one loader remembers.
TRANSITION_CACHE_SIZE = 256
#: How many IRI expansions, term definitions or type contexts one compiled context remembers
#: (each memo is cleared when full) and the longest key remembered: together they bound the
#: memory a stream of hostile documents can make a loader hold.
MEMO_SIZE = 512
MEMO_KEY_LENGTH = 200
#: How many plans and layouts (:mod:`._plans`) one loader keeps in all, across its compiled
#: contexts; when a stream of ever-new shapes reaches it, every plan is dropped and the count
#: starts over.
PLANS_PER_LOADER = 4096
#: Containers the fast path handles (anything else takes the general path).
_HANDLED_CONTAINERS = frozenset({"@set", "@graph"})

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class TermDefinition:
    """What expansion needs to know of one term in one active context.

    ``language`` and ``direction`` are the ones that apply to a plain string value of the
    term (the term's own, else the context's default), as JSON-LD value expansion reads them.
    ``handled`` is false for constructs the fast path leaves to the general path;
    ``predicate`` is the IRI the term denotes as a property, in N-Quads form (``<...>``;
    ``None`` unless it is an absolute IRI that RDF accepts as a predicate); ``graph`` whether
    its values are graph objects;
    ``plain`` whether a string value is a plain ``xsd:string`` literal (no coercion, language
    or direction).

    Spec: https://www.w3.org/TR/json-ld11-api/#value-expansion
    """

    coercion: str | None
    container: frozenset[str]
    scoped: Any
    scoped_key: Hashable | None
    language: str | None
    direction: str | None
    handled: bool
    predicate: str | None
    graph: bool
    plain: bool


def _remember(memo: dict[str, V], key: str, value: V) -> None:
    """Memoize ``value`` under ``key``, within the bounds (a full memo starts over)."""
    if len(key) > MEMO_KEY_LENGTH:
        return
    if len(memo) >= MEMO_SIZE:
        memo.clear()
    memo[key] = value


def plain_json_size(value: Any, *, depth: int = 1) -> int:
    """How many JSON values ``value`` holds; a fallback unless it is plain JSON within limits.

    ``depth`` is the nesting depth of ``value`` in its document: the general path's
    ``check_json`` refuses containers deeper than ``MAX_DEPTH``, and so does this.
    """
    stack = [(value, depth)]
    count = 0
    while stack:
        item, level = stack.pop()
        count += 1
        kind = type(item)
        if kind is dict or kind is list:
            if level > MAX_DEPTH:
                raise FastPathFallback("too deep")
            if kind is dict:
                for key, child in item.items():
                    if type(key) is not str:
                        raise FastPathFallback("not JSON")
                    stack.append((child, level + 1))
            else:
                stack.extend((child, level + 1) for child in item)
        elif kind is float:
            if not math.isfinite(item):
                raise FastPathFallback("not JSON")
        elif not (item is None or kind is str or kind is bool or kind is int):
            raise FastPathFallback("not JSON")
    return count


# json.dumps(sort_keys=True, separators=(",", ":"), allow_nan=False), made once (for values
# plain_json_size has walked: no cycles).
_CANONICAL_JSON = compact_encoder(sort_keys=True, ensure_ascii=True, allow_nan=False)


def local_context_key(local: Any, *, checked: bool = False) -> Hashable:
    """A content key for a local context: its URL(s), or its canonical JSON.

    ``checked``: the caller has already made sure (with :func:`plain_json_size`) that
    ``local`` is plain JSON within limits.
    """
    if type(local) is str:
        return ("url", local)
    if type(local) is list and all(type(item) is str for item in local):
        return ("urls", *local)
    if not checked:
        plain_json_size(local)
    return ("json", _CANONICAL_JSON(local))


class CompiledContext:
    """One processed active context and memos of what expansion asks of it.

    ``key`` identifies the context by content (how it was reached from the initial context);
    ``raw`` is pyld's active context; ``previous`` is the compiled context that a
    non-propagated (type-scoped) context reverts to, if any.
    """

    __slots__ = (
        "_cache",
        "_prefixes",
        "_terms",
        "_type_contexts",
        "_type_iris",
        "_vocab",
        "key",
        "plans",
        "previous",
        "raw",
    )

    def __init__(
        self, key: str, raw: Any, previous: CompiledContext | None, cache: ContextCache
    ) -> None:
        self.key = key
        self.raw = raw
        self.previous = previous
        self._cache = cache
        self._vocab: dict[str, str | None] = {}
        self._terms: dict[str, TermDefinition] = {}
        self._type_contexts: dict[str, tuple[Any, Hashable] | None] = {}
        self._type_iris: dict[str, str] = {}
        self._prefixes: dict[str, str] | None = None
        #: What :mod:`._plans` derives from this context, memoized there (bounded by
        #: :data:`MEMO_SIZE` and, across the loader, by :data:`PLANS_PER_LOADER`).
        self.plans: dict[Hashable, Any] = {}

    def note_plan(self) -> None:
        """Count one more memoized plan or layout against the loader's budget."""
        self._cache.note_plan()

    # -- IRI expansion ---------------------------------------------------------------------
    def expand_vocab(self, value: str) -> str | None:
        """IRI expansion of a term, type or ``@vocab``-coerced value (``vocab`` true).

        Spec: https://www.w3.org/TR/json-ld11-api/#iri-expansion
        """
        try:
            return self._vocab[value]
        except KeyError:
            pass
        except TypeError:  # an unhashable key
            raise FastPathFallback("not JSON") from None
        if type(value) is not str:
            raise FastPathFallback("not JSON")
        expanded = _pyld.expand_iri(self.raw, value)
        if expanded is not None and type(expanded) is not str:
            raise FastPathFallback("unexpected IRI expansion")
        _remember(self._vocab, value, expanded)
        return expanded

    def expand_identifier(self, value: str) -> str:
        """IRI expansion of an ``@id`` value (document-relative, no base IRI).

        Without a base IRI a relative reference stays as it is; a compact IRI whose prefix is
        a term usable as a prefix expands; keyword-like strings are left to the general path.

        Spec: https://www.w3.org/TR/json-ld11-api/#iri-expansion
        """
        # Step 1 and 2: keywords and keyword-like values.
        if value[:1] == "@":
            raise FastPathFallback("keyword-like identifier")
        # Step 6: a compact IRI or an IRI.
        prefix, colon, suffix = value.partition(":")
        if colon and prefix and prefix != "_" and not suffix.startswith("//"):
            # Step 6.4: a prefix with a term definition usable as a prefix.
            iri = self._prefix_iris().get(prefix)
            if iri is not None:
                return iri + suffix
        # Steps 6.5, 7, 8: an IRI, or a relative reference left as it is (no base IRI).
        return value

    def _prefix_iris(self) -> dict[str, str]:
        prefixes = self._prefixes
        if prefixes is None:
            prefixes = self._prefixes = _pyld.prefix_iris(self.raw)
        return prefixes

    # -- term definitions ------------------------------------------------------------------
    def term(self, key: str) -> TermDefinition:
        """The term definition of ``key`` as expansion uses it (memoized)."""
        definition = self._terms.get(key)
        if definition is None:
            definition = self._compile_term(key)
            _remember(self._terms, key, definition)
        return definition

    def _compile_term(self, key: str) -> TermDefinition:
        raw = self.raw
        container = _pyld.term_value(raw, key, "@container") or []
        if not isinstance(container, list):
            container = [container]
        coercion = _pyld.term_value(raw, key, "@type")
        scoped = _pyld.term_value(raw, key, "@context")
        language = _pyld.term_value(raw, key, "@language")
        direction = _pyld.term_value(raw, key, "@direction")
        handled = (
            all(item in _HANDLED_CONTAINERS for item in container)
            and not _pyld.is_reverse(raw, key)
            and coercion != "@json"
            and (coercion is None or type(coercion) is str)
            and (language is None or type(language) is str)
            and direction in (None, "ltr", "rtl")
        )
        if "@graph" in container and ("@id" in container or "@index" in container):
            handled = False
        if coercion not in (None, "@id", "@vocab", "@none") and (
            type(coercion) is not str or ABSOLUTE_IRI.match(coercion) is None
        ):
            handled = False  # a datatype safe mode would refuse
        expanded = self.expand_vocab(key)
        predicate = None
        if expanded and expanded[:2] != "_:" and ABSOLUTE_IRI.match(expanded) is not None:
            predicate = f"<{expanded}>"
        return TermDefinition(
            coercion=coercion,
            container=frozenset(container),
            scoped=scoped,
            scoped_key=None if scoped is None else local_context_key(scoped),
            language=language,
            direction=direction,
            handled=handled,
            predicate=predicate,
            graph="@graph" in container,
            plain=coercion in (None, "@none") and language is None and direction is None,
        )

    def type_iri(self, type_: str) -> str:
        """The IRI of a ``@type`` value in N-Quads form (``<...>``; a fallback unless it
        expands to an absolute IRI).

        Spec: https://www.w3.org/TR/json-ld11-api/#expansion-algorithm (step 13.4.4)
        """
        found = self._type_iris.get(type_)
        if found is None:
            iri = self.expand_vocab(type_)
            if not iri or iri[:2] == "_:" or ABSOLUTE_IRI.match(iri) is None:
                raise FastPathFallback("type")
            found = f"<{iri}>"
            _remember(self._type_iris, type_, found)
        return found

    def type_context(self, type_: str) -> tuple[Any, Hashable] | None:
        """The type-scoped context of the type term ``type_`` and its key, or ``None``.

        Spec: https://www.w3.org/TR/json-ld11-api/#expansion-algorithm (step 11)
        """
        try:
            return self._type_contexts[type_]
        except KeyError:
            pass
        scoped = _pyld.term_value(self.raw, type_, "@context")
        found = None if scoped is None or scoped is False else (scoped, local_context_key(scoped))
        _remember(self._type_contexts, type_, found)
        return found

    # -- transitions -----------------------------------------------------------------------
    def process(
        self,
        local: Any,
        local_key: Hashable,
        *,
        propagate: bool = True,
        override_protected: bool = False,
    ) -> CompiledContext:
        """The active context after processing ``local`` on this one (cached per loader).

        Spec: https://www.w3.org/TR/json-ld11-api/#context-processing-algorithm
        """
        transition = (self.key, local_key, propagate, override_protected)
        found = self._cache.transitions.get(transition)
        if found is None:
            found = self._cache.compile(self, local, transition)
        return found

    def __repr__(self) -> str:
        return f"CompiledContext({self.key[:12]})"


#: At most this many results derived from one loader's documents (:func:`derived_cache`).
DERIVED_CACHE_SIZE = 256


class ContextCache:
    """One loader's compiled contexts: the initial context and a bounded transition cache."""

    def __init__(self, loader: StaticDocumentLoader, *, size: int = TRANSITION_CACHE_SIZE):
        self.loader = loader
        self.transitions: BoundedCache[tuple[Any, ...], CompiledContext] = BoundedCache(size)
        # Results derived from this loader's documents by the layers above (the canonical
        # forms of proof configurations), keyed by content.
        self.derived: BoundedCache[tuple[str, ...], Any] = BoundedCache(DERIVED_CACHE_SIZE)
        self.stats = FastPathStats()
        raw = _pyld.initial_context()
        self.initial = CompiledContext(f"initial:{_pyld.PROCESSING_MODE}", raw, None, self)
        self.plans_remembered = 0

    def note_plan(self) -> None:
        """Count a memoized plan or layout; at :data:`PLANS_PER_LOADER`, drop them all."""
        if self.plans_remembered >= PLANS_PER_LOADER:
            for context in [self.initial, *self.transitions.values()]:
                context.plans.clear()
            self.plans_remembered = 0
        self.plans_remembered += 1

    def compile(
        self, parent: CompiledContext, local: Any, transition: tuple[Any, ...]
    ) -> CompiledContext:
        """Process ``local`` on ``parent`` with pyld and remember the result under ``transition``.

        Any failure (an unknown context, an invalid or protected-term-redefining context) is a
        fallback: the general path then reports it exactly as it always has.
        """
        _, _, propagate, override_protected = transition
        try:
            raw = _pyld.process_context(
                parent.raw,
                local,
                loader=self.loader,
                propagate=propagate,
                override_protected=override_protected,
            )
        except Exception as error:  # pyld raises many kinds; the general path reports them
            raise FastPathFallback("context processing failed") from error
        previous_raw = _pyld.previous_context(raw)
        previous: CompiledContext | None
        if previous_raw is None:
            previous = None
        elif previous_raw is parent.raw:
            previous = parent
        elif parent.previous is not None and previous_raw is parent.previous.raw:
            previous = parent.previous
        else:
            raise FastPathFallback("unrecognized previous context")
        digest = hashlib.sha256(repr(transition).encode("utf-8", "surrogatepass")).hexdigest()
        compiled = CompiledContext(digest, raw, previous, self)
        self.transitions.put(transition, compiled)
        return compiled


def context_cache(loader: StaticDocumentLoader) -> ContextCache:
    """The compiled-context cache that belongs to ``loader`` (created on first use)."""
    cache: ContextCache = loader.compiled_contexts(ContextCache)
    return cache
