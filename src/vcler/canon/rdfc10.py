"""RDFC-1.0: the RDF Dataset Canonicalization algorithm (formerly URDNA2015).

The module mirrors the specification: the canonicalization state, the identifier issuer, Hash
First Degree Quads, Hash Related Blank Node, Hash N-Degree Quads and the canonicalization
algorithm, each a small function carrying the spec's step numbers.

Two additions the specification leaves to implementations:

- **A work limit** (Spec: https://www.w3.org/TR/rdf-canon/#dataset-poisoning). Every call of
  Hash N-Degree Quads and every permutation it examines costs one unit of work; going over
  ``work_limit`` raises :class:`vcler.errors.WorkLimitExceededError`. The default is
  ``max(DEFAULT_WORK_FLOOR, DEFAULT_WORK_PER_BLANK_NODE * number of blank nodes)``.
- **A depth limit.** Hash N-Degree Quads recurses through the blank nodes it reaches; more
  than ``MAX_DEPTH`` levels raises :class:`vcler.errors.WorkLimitExceededError` too (a chain
  of that many indistinguishable blank nodes), before Python's stack or the C stack of the
  compiled build runs out.
- **Interchangeable blank nodes.** Two blank nodes whose mention sets are equal once each is
  replaced by a placeholder (siblings with identical content, say) can be swapped without
  changing the dataset. Hash N-Degree Quads gives the same path for two permutations that
  differ only by such swaps (while neither node has an identifier yet), so only the first
  permutation of each such family is examined. This is exact — the chosen path and issuer are
  those of the plain enumeration in lexicographic order — and turns the ``k!`` permutations of
  ``k`` identical siblings into one.

Spec: https://www.w3.org/TR/rdf-canon/
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError, WorkLimitExceededError
from ..rdf import IRI, BlankNode, Quad, Statement, parse_nquads, serialize_term

__all__ = [
    "DEFAULT_WORK_FLOOR",
    "DEFAULT_WORK_PER_BLANK_NODE",
    "HASH_ALGORITHMS",
    "MAX_DEPTH",
    "CanonicalizationResult",
    "CanonicalizationState",
    "IdentifierIssuer",
    "canonicalize",
    "canonicalize_statements",
    "hash_first_degree_quads",
    "hash_n_degree_quads",
    "hash_related_blank_node",
]

HASH_ALGORITHMS: dict[str, Callable[[bytes], Any]] = {
    "sha256": hashlib.sha256,
    "sha384": hashlib.sha384,
}
DEFAULT_WORK_FLOOR = 10_000
DEFAULT_WORK_PER_BLANK_NODE = 100
# How deep Hash N-Degree Quads may recurse. Each level is three Python frames; 200 levels stay
# well inside Python's default recursion limit of 1,000 from any caller.
MAX_DEPTH = 200

# A quad prepared for hashing: each component is ``(label, text)``, ``text`` being the term in
# canonical N-Quads form and ``label`` the blank node label ("" for an IRI or a literal).
_Component = tuple[str, str]


@dataclass(slots=True, eq=False)
class _PreparedQuad:
    # Not frozen: one is built per statement on the hot path, and frozen slots cost more.
    components: tuple[_Component, ...]
    predicate: str
    line: str  # the statement in canonical N-Quads form, with its input labels
    quad: Quad | None  # None when made from a statement in N-Quads form
    has_blank_node: bool
    # When the subject is the only blank node: the line after the subject (the common case).
    tail: str | None = None


class CanonicalizationResult:
    """What :func:`canonicalize` returns (read-only).

    ``nquads``: the serialized canonical form (sorted canonical N-Quads, each ending in
    ``"\\n"``); ``issued``: the issued identifiers map, input blank node label → canonical label
    (``"c14n0"``...); ``quads``: the relabelled quads, in canonical order (built when first
    read: most callers only need ``nquads``). :meth:`relabelled` writes the statements with
    other labels in place of the canonical ones (selective disclosure's label maps).
    """

    __slots__ = ("_make_quads", "_prepared", "_quads", "issued", "nquads")

    def __init__(
        self,
        nquads: str,
        issued: dict[str, str],
        quads: list[Quad] | None = None,
        *,
        make_quads: Callable[[], list[Quad]] | None = None,
        prepared: list[_PreparedQuad] | None = None,
    ) -> None:
        self.nquads = nquads
        self.issued = issued
        self._quads = quads
        self._make_quads = make_quads
        self._prepared = prepared

    def relabelled(self, labels: Mapping[str, str]) -> list[str]:
        """The canonical statements as N-Quads lines (each ending in ``"\\n"``), every blank
        node written with ``labels[canonical label]`` instead of its canonical label, sorted
        again in code point order.

        This is labelReplacementCanonicalizeNQuads's last step, for a label map factory's
        output re-keyed by canonical label. Raises :class:`vcler.errors.InputError` when
        ``labels`` lacks a canonical label the dataset uses.

        Spec: https://www.w3.org/TR/vc-di-ecdsa/#labelreplacementcanonicalizenquads
        """
        if self._prepared is not None:  # the input statements, named by their input labels
            prepared, keys = self._prepared, self.issued
        else:  # statements already written with their canonical labels
            prepared = _prepared_quads(self.quads)
            keys = {canonical: canonical for canonical in self.issued.values()}
        try:
            names = {label: labels[canonical] for label, canonical in keys.items()}
        except KeyError as e:
            raise InputError(f"the label map has no label for _:{e.args[0]}") from e
        name = names.__getitem__
        return sorted(
            _serialize_prepared(quad, name) if quad.has_blank_node else quad.line
            for quad in prepared
        )

    @property
    def quads(self) -> list[Quad]:
        """The relabelled quads, in canonical order."""
        if self._quads is None:
            self._quads = self._make_quads() if self._make_quads is not None else []
            self._make_quads = None
        return self._quads

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CanonicalizationResult):
            return NotImplemented
        return (self.nquads, self.issued, self.quads) == (other.nquads, other.issued, other.quads)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"CanonicalizationResult(nquads={self.nquads!r}, issued={self.issued!r}, "
            f"quads={self.quads!r})"
        )


class IdentifierIssuer:
    """Issues blank node identifiers ``prefix + counter`` and remembers what it issued.

    Spec: https://www.w3.org/TR/rdf-canon/#bn-issuer-state
    """

    __slots__ = ("counter", "issued", "prefix")

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.counter = 0
        self.issued: dict[str, str] = {}

    def issue(self, existing: str) -> str:
        """The Issue Identifier algorithm.

        Spec: https://www.w3.org/TR/rdf-canon/#issue-identifier-algorithm
        """
        # Step 1
        issued = self.issued.get(existing)
        if issued is not None:
            return issued
        # Step 2
        issued = f"{self.prefix}{self.counter}"
        # Step 3
        self.issued[existing] = issued
        # Step 4
        self.counter += 1
        # Step 5
        return issued

    def copy(self) -> IdentifierIssuer:
        """An independent issuer in the same state."""
        other = IdentifierIssuer(self.prefix)
        other.counter = self.counter
        other.issued = dict(self.issued)
        return other


@dataclass(slots=True)
class CanonicalizationState:
    """The canonicalization state, plus the caches and work counter of one run.

    Spec: https://www.w3.org/TR/rdf-canon/#canon-state
    """

    hash: Callable[[bytes], Any]
    work_limit: int
    blank_node_to_quads: dict[str, list[_PreparedQuad]] = field(default_factory=dict)
    hash_to_blank_nodes: dict[str, list[str]] = field(default_factory=dict)
    canonical_issuer: IdentifierIssuer = field(default_factory=lambda: IdentifierIssuer("c14n"))
    first_degree_hashes: dict[str, str] = field(default_factory=dict)
    interchangeable: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    work: int = 0
    depth: int = 0

    def digest(self, text: str) -> str:
        """The lower-case hex hash of ``text`` (UTF-8) with the run's hash algorithm."""
        return str(self.hash(text.encode("utf-8")).hexdigest())

    def spend(self) -> None:
        """Count one unit of work; raise when the work limit is exceeded."""
        self.work += 1
        if self.work > self.work_limit:
            raise WorkLimitExceededError(
                f"RDFC-1.0 work limit of {self.work_limit} exceeded: the dataset needs too many "
                "Hash N-Degree Quads steps (a poisoned or unusually symmetric dataset)"
            )


def _component(term: Any) -> _Component:
    """``(label, text)`` of one term: its blank node label ("" if none) and its N-Quads text."""
    kind = type(term)
    if kind is IRI:
        return "", f"<{term.value}>"
    if kind is BlankNode:
        label = term.label
        if not label:
            raise InputError("a blank node label cannot be empty")
        return label, "_:" + label
    return "", serialize_term(term)


def _prepare(quad: Quad) -> _PreparedQuad:
    """``quad`` with each term serialized once."""
    subject = _component(quad.subject)
    predicate = _component(quad.predicate)
    obj = _component(quad.object)
    if quad.graph is None:
        components: tuple[_Component, ...] = (subject, predicate, obj)
        line = f"{subject[1]} {predicate[1]} {obj[1]} .\n"
    else:
        graph = _component(quad.graph)
        components = (subject, predicate, obj, graph)
        line = f"{subject[1]} {predicate[1]} {obj[1]} {graph[1]} .\n"
    graph_label = len(components) == 4 and components[3][0]
    has_blank_node = bool(subject[0] or obj[0] or graph_label)
    tail = line[len(subject[1]) :] if subject[0] and not (obj[0] or graph_label) else None
    return _PreparedQuad(components, quad.predicate.value, line, quad, has_blank_node, tail)


def _serialize_prepared(quad: _PreparedQuad, name: Callable[[str], str]) -> str:
    if quad.tail is not None:
        return "_:" + name(quad.components[0][0]) + quad.tail
    parts = [("_:" + name(label)) if label else text for label, text in quad.components]
    parts.append(".\n")
    return " ".join(parts)


def hash_first_degree_quads(state: CanonicalizationState, reference: str) -> str:
    """The hash of the quads mentioning ``reference`` (memoized in the state).

    Spec: https://www.w3.org/TR/rdf-canon/#hash-1d-quads-algorithm
    """
    cached = state.first_degree_hashes.get(reference)
    if cached is not None:
        return cached

    def name(label: str) -> str:
        # Step 3.1.1
        return "a" if label == reference else "z"

    # Step 1, 2, 3
    nquads = [_serialize_prepared(quad, name) for quad in state.blank_node_to_quads[reference]]
    # Step 4
    nquads.sort()
    # Step 5
    result = state.digest("".join(nquads))
    state.first_degree_hashes[reference] = result
    return result


def hash_related_blank_node(
    state: CanonicalizationState,
    related: str,
    quad: _PreparedQuad,
    issuer: IdentifierIssuer,
    position: str,
) -> str:
    """The hash of how ``related`` is related to a blank node through ``quad``.

    Spec: https://www.w3.org/TR/rdf-canon/#hash-related-algorithm
    """
    # Step 1
    data = position
    # Step 2
    if position != "g":
        data += f"<{quad.predicate}>"
    # Step 3
    identifier = state.canonical_issuer.issued.get(related) or issuer.issued.get(related)
    if identifier is not None:
        data += "_:" + identifier
    # Step 4
    else:
        data += hash_first_degree_quads(state, related)
    # Step 5
    return state.digest(data)


_POSITIONS = ("s", None, "o", "g")


def _related_hashes(
    state: CanonicalizationState, identifier: str, issuer: IdentifierIssuer
) -> dict[str, list[str]]:
    # Steps 1-3 of Hash N-Degree Quads: Hn, related hash -> related blank nodes.
    related_hashes: dict[str, list[str]] = {}
    # Step 2, 3
    for quad in state.blank_node_to_quads[identifier]:
        for position, (label, _text) in zip(_POSITIONS, quad.components, strict=False):
            # Step 3.1
            if not label or label == identifier or position is None:
                continue
            related_hash = hash_related_blank_node(state, label, quad, issuer, position)
            # Step 3.1.2
            related_hashes.setdefault(related_hash, []).append(label)
    return related_hashes


def _interchangeability_key(
    state: CanonicalizationState, label: str
) -> tuple[tuple[str, ...], ...]:
    """The mention set of ``label`` with ``label`` itself blanked out: equal keys, twin nodes."""
    key = state.interchangeable.get(label)
    if key is None:
        key = tuple(
            sorted(
                tuple("" if lab == label else text for lab, text in q.components)
                for q in state.blank_node_to_quads[label]
            )
        )
        state.interchangeable[label] = key
    return key


def _permutations(
    state: CanonicalizationState, blank_nodes: Sequence[str], issuer: IdentifierIssuer
) -> Iterator[list[str]]:
    """Permutations of ``blank_nodes`` in lexicographic order, one per family of equivalent ones.

    Two permutations are equivalent when they differ only by exchanging equal entries, or
    entries that are interchangeable blank nodes with no canonical or temporary identifier yet.
    """
    items = sorted(blank_nodes)
    # previous[i]: the index of the previous entry of i's family, or -1. Entries of a family
    # are taken in index order, so i may be taken only once previous[i] has been.
    previous: list[int] = []
    last_of_family: dict[object, int] = {}
    for index, item in enumerate(items):
        family: object = item
        if item not in state.canonical_issuer.issued and item not in issuer.issued:
            family = _interchangeability_key(state, item)
        previous.append(last_of_family.get(family, -1))
        last_of_family[family] = index
    size = len(items)
    used = [False] * size
    chosen: list[int] = []
    cursors = [0]  # cursors[depth]: the next index to try at that depth
    while cursors:
        index = cursors[-1]
        while index < size and (
            used[index] or (previous[index] >= 0 and not used[previous[index]])
        ):
            index += 1
        if index == size:
            cursors.pop()
            if chosen:
                used[chosen.pop()] = False
            continue
        cursors[-1] = index + 1
        used[index] = True
        chosen.append(index)
        if len(chosen) == size:
            yield [items[i] for i in chosen]
            used[chosen.pop()] = False
        else:
            cursors.append(0)


def hash_n_degree_quads(
    state: CanonicalizationState, identifier: str, issuer: IdentifierIssuer
) -> tuple[str, IdentifierIssuer]:
    """The N-degree hash of ``identifier`` and the issuer that produced its chosen paths.

    Spec: https://www.w3.org/TR/rdf-canon/#hash-nd-quads-algorithm
    """
    state.spend()
    # Not a step: the recursion (through step 5.4.5.1) is bounded by MAX_DEPTH, counted here
    # rather than left to Python's recursion limit, which compiled code does not meet.
    state.depth += 1
    if state.depth > MAX_DEPTH:
        raise WorkLimitExceededError(
            f"RDFC-1.0 gave up: Hash N-Degree Quads recursed more than {MAX_DEPTH} levels deep "
            "for this dataset"
        )
    # Step 1, 2, 3
    related_hashes = _related_hashes(state, identifier, issuer)
    # Step 4
    data_to_hash = ""
    # Step 5
    for related_hash in sorted(related_hashes):
        blank_node_list = related_hashes[related_hash]
        # Step 5.1
        data_to_hash += related_hash
        # Step 5.2, 5.3
        chosen_path: str | None = None
        chosen_issuer: IdentifierIssuer | None = None
        # Step 5.4
        for permutation in _permutations(state, blank_node_list, issuer):
            state.spend()
            path = _permutation_path(state, permutation, issuer, chosen_path)
            if path is None:
                continue
            # Step 5.4.6
            if chosen_path is None or path[0] < chosen_path:
                chosen_path, chosen_issuer = path
        assert chosen_path is not None and chosen_issuer is not None
        # Step 5.5
        data_to_hash += chosen_path
        # Step 5.6
        issuer = chosen_issuer
    state.depth -= 1
    # Step 6
    return state.digest(data_to_hash), issuer


def _longer_and_greater(path: str, chosen_path: str | None) -> bool:
    # Step 5.4.4.3 and 5.4.5.5 of Hash N-Degree Quads.
    return chosen_path is not None and len(path) >= len(chosen_path) and path > chosen_path


def _permutation_path(
    state: CanonicalizationState,
    permutation: list[str],
    issuer: IdentifierIssuer,
    chosen_path: str | None,
) -> tuple[str, IdentifierIssuer] | None:
    """Steps 5.4.1-5.4.5 of Hash N-Degree Quads: one permutation's path, or ``None`` if pruned.

    Spec: https://www.w3.org/TR/rdf-canon/#hash-nd-quads-algorithm
    """
    # Step 5.4.1
    issuer_copy = issuer.copy()
    # Step 5.4.2
    path = ""
    # Step 5.4.3
    recursion_list: list[str] = []
    # Step 5.4.4
    for related in permutation:
        canonical = state.canonical_issuer.issued.get(related)
        # Step 5.4.4.1
        if canonical is not None:
            path += "_:" + canonical
        # Step 5.4.4.2
        else:
            if related not in issuer_copy.issued:
                recursion_list.append(related)
            path += "_:" + issuer_copy.issue(related)
        # Step 5.4.4.3
        if _longer_and_greater(path, chosen_path):
            return None
    # Step 5.4.5
    for related in recursion_list:
        # Step 5.4.5.1
        result_hash, result_issuer = hash_n_degree_quads(state, related, issuer_copy)
        # Step 5.4.5.2
        path += "_:" + issuer_copy.issue(related)
        # Step 5.4.5.3
        path += f"<{result_hash}>"
        # Step 5.4.5.4
        issuer_copy = result_issuer
        # Step 5.4.5.5
        if _longer_and_greater(path, chosen_path):
            return None
    return path, issuer_copy


def _hash_function(hash_algorithm: str) -> Callable[[bytes], Any]:
    name = hash_algorithm.lower().replace("-", "") if isinstance(hash_algorithm, str) else ""
    function = HASH_ALGORITHMS.get(name)
    if function is None:
        raise InputError(f"unsupported RDFC-1.0 hash algorithm {hash_algorithm!r} (sha256, sha384)")
    return function


def _prepared_quads(dataset: str | Iterable[Quad]) -> list[_PreparedQuad]:
    # Read as objects: a caller's dataset may hold anything, checked here one by one.
    quads: Iterable[object] = parse_nquads(dataset) if isinstance(dataset, str) else dataset
    # A dataset is a set: duplicate statements count once.
    unique: dict[str, _PreparedQuad] = {}
    for quad in quads:
        if type(quad) is not Quad and not isinstance(quad, Quad):
            raise InputError(f"a dataset is N-Quads text or Quad values, not {type(quad).__name__}")
        prepared = _prepare(quad)
        if prepared.line not in unique:
            unique[prepared.line] = prepared
    return list(unique.values())


def _relabelled_quads(quads: list[_PreparedQuad], issued: dict[str, str]) -> list[Quad]:
    """The quads with their canonical labels, in the given order."""
    nodes = {label: BlankNode(canonical) for label, canonical in issued.items()}

    def term(node: Any) -> Any:
        return nodes[node.label] if type(node) is BlankNode else node

    relabelled = []
    for prepared in quads:
        quad = prepared.quad
        assert quad is not None  # canonicalize prepares quads (statements are never relabelled)
        if prepared.has_blank_node:
            quad = Quad(term(quad.subject), quad.predicate, term(quad.object), term(quad.graph))
        relabelled.append(quad)
    return relabelled


def canonicalize(
    dataset: str | Iterable[Quad],
    *,
    hash_algorithm: str = "sha256",
    work_limit: int | None = None,
) -> CanonicalizationResult:
    """Canonicalize an RDF dataset (N-Quads text or quads) with RDFC-1.0.

    Raises :class:`vcler.errors.ParsingError` for malformed N-Quads,
    :class:`vcler.errors.InputError` for an unknown ``hash_algorithm`` (``"sha256"``,
    ``"sha384"``), :class:`vcler.errors.WorkLimitExceededError` when the dataset needs more
    than ``work_limit`` units of Hash N-Degree Quads work.

    Spec: https://www.w3.org/TR/rdf-canon/#canon-algo-algo
    """
    hash_function = _hash_function(hash_algorithm)
    # Step 1
    quads = _prepared_quads(dataset)
    issued = _issue_identifiers(quads, hash_function, work_limit)
    # Step 6, 7
    name = issued.__getitem__
    lines = [
        (
            _serialize_prepared(prepared, name) if prepared.has_blank_node else prepared.line,
            prepared,
        )
        for prepared in quads
    ]
    lines.sort(key=lambda line: line[0])
    return CanonicalizationResult(
        "".join([line for line, _ in lines]),
        issued,
        make_quads=lambda: _relabelled_quads([prepared for _, prepared in lines], issued),
        prepared=quads,
    )


def canonicalize_statements(
    statements: Iterable[Statement],
    *,
    hash_algorithm: str = "sha256",
    work_limit: int | None = None,
) -> str:
    """The canonical N-Quads of a dataset given as statements in N-Quads form (see
    :data:`vcler.rdf.Statement`): ``canonicalize(dataset).nquads`` without building quads.

    When every blank node has a first-degree hash of its own (the common case), each is
    labelled by the order of its hash and the statements are written with those labels
    directly; otherwise the statements go through the full algorithm. Raises as
    :func:`canonicalize`.

    Spec: https://www.w3.org/TR/rdf-canon/#canon-algo-algo
    """
    hash_function = _hash_function(hash_algorithm)
    if work_limit is not None and (not isinstance(work_limit, int) or work_limit < 0):
        raise InputError(f"work_limit must be a non-negative int, not {work_limit!r}")
    # Step 1: each statement once (a dataset is a set), with its N-Quads line.
    lines: dict[str, Statement] = {}
    for statement in statements:
        subject, predicate, obj, graph = statement
        if graph is None:
            lines.setdefault(f"{subject} {predicate} {obj} .\n", statement)
        else:
            lines.setdefault(f"{subject} {predicate} {obj} {graph} .\n", statement)
    # Step 2: the statements that mention each blank node.
    mentions: dict[str, list[Statement]] = {}
    for statement in lines.values():
        subject, _, obj, graph = statement
        if subject[0] == "_":
            mentions.setdefault(subject, []).append(statement)
        if obj[0] == "_" and obj != subject:
            mentions.setdefault(obj, []).append(statement)
        if graph is not None and graph[0] == "_" and graph != subject and graph != obj:
            mentions.setdefault(graph, []).append(statement)
    if not mentions:  # Steps 3-6 issue nothing
        return "".join(sorted(lines))
    # Step 3: the first-degree hashes; Step 4: each unique one labels its blank node.
    by_hash: dict[str, str] = {}
    for node, quads in mentions.items():
        first_degree_hash = _first_degree_hash(node, quads, hash_function)
        if first_degree_hash in by_hash:  # Step 5 is needed: the full algorithm
            return _canonical_statements(lines, hash_function, work_limit)
        by_hash[first_degree_hash] = node
    issued = {by_hash[key]: f"_:c14n{index}" for index, key in enumerate(sorted(by_hash))}
    # Steps 6, 7: the statements with their canonical labels, in code point order.
    return "".join(sorted(_relabelled_lines(lines, issued.get)))


def _first_degree_hash(
    node: str, quads: list[Statement], hash_function: Callable[[bytes], Any]
) -> str:
    """Hash First Degree Quads of the blank node ``node`` (its N-Quads text) mentioned by
    ``quads``.

    Spec: https://www.w3.org/TR/rdf-canon/#hash-1d-quads-algorithm
    """
    nquads = []
    for subject, predicate, obj, graph in quads:
        # Step 3.1.1: the node itself is _:a, any other blank node _:z.
        if subject[0] == "_":
            subject = "_:a" if subject == node else "_:z"
        if obj[0] == "_":
            obj = "_:a" if obj == node else "_:z"
        if graph is None:
            nquads.append(f"{subject} {predicate} {obj} .\n")
        else:
            if graph[0] == "_":
                graph = "_:a" if graph == node else "_:z"
            nquads.append(f"{subject} {predicate} {obj} {graph} .\n")
    # Steps 4, 5
    nquads.sort()
    return str(hash_function("".join(nquads).encode("utf-8")).hexdigest())


def _relabelled_lines(
    lines: dict[str, Statement], canonical: Callable[[str], str | None]
) -> Iterator[str]:
    """Each statement's line, its blank nodes written with their ``canonical`` labels."""
    for line, (subject, predicate, obj, graph) in lines.items():
        if subject[0] == "_" or obj[0] == "_" or (graph is not None and graph[0] == "_"):
            subject = canonical(subject) or subject
            obj = canonical(obj) or obj
            if graph is None:
                yield f"{subject} {predicate} {obj} .\n"
            else:
                yield f"{subject} {predicate} {obj} {canonical(graph) or graph} .\n"
        else:
            yield line


def _canonical_statements(
    lines: dict[str, Statement], hash_function: Callable[[bytes], Any], work_limit: int | None
) -> str:
    """The full algorithm (Hash N-Degree Quads for blank nodes sharing a first-degree hash)
    for statements in N-Quads form, keyed by their lines."""
    prepared = [_prepare_statement(line, statement) for line, statement in lines.items()]
    issued = _issue_identifiers(prepared, hash_function, work_limit)
    labels = {f"_:{label}": f"_:{canonical}" for label, canonical in issued.items()}
    return "".join(sorted(_relabelled_lines(lines, labels.get)))


def _prepare_statement(line: str, statement: Statement) -> _PreparedQuad:
    """A statement in N-Quads form prepared for hashing (as :func:`_prepare` prepares a quad)."""
    subject, predicate, obj, graph = statement
    components = tuple(
        (text[2:] if text[0] == "_" else "", text) for text in statement if text is not None
    )
    other_blank = obj[0] == "_" or (graph is not None and graph[0] == "_")
    tail = line[len(subject) :] if subject[0] == "_" and not other_blank else None
    has_blank_node = subject[0] == "_" or other_blank
    return _PreparedQuad(components, predicate[1:-1], line, None, has_blank_node, tail)


def _issue_identifiers(
    quads: list[_PreparedQuad], hash_function: Callable[[bytes], Any], work_limit: int | None
) -> dict[str, str]:
    """Steps 2-5 of the canonicalization algorithm: the canonical identifier of each blank node
    label of ``quads`` (each statement listed once).

    Spec: https://www.w3.org/TR/rdf-canon/#canon-algo-algo
    """
    state = CanonicalizationState(hash=hash_function, work_limit=0)
    # Step 2
    for prepared in quads:
        if not prepared.has_blank_node:
            continue
        for label, _text in prepared.components:
            if label:
                mentions = state.blank_node_to_quads.setdefault(label, [])
                # Step 2.1 (a quad mentioning a blank node twice is listed once)
                if not mentions or mentions[-1] is not prepared:
                    mentions.append(prepared)
    if work_limit is None:
        work_limit = max(
            DEFAULT_WORK_FLOOR, DEFAULT_WORK_PER_BLANK_NODE * len(state.blank_node_to_quads)
        )
    if not isinstance(work_limit, int) or work_limit < 0:
        raise InputError(f"work_limit must be a non-negative int, not {work_limit!r}")
    state.work_limit = work_limit
    # Step 3
    for label in state.blank_node_to_quads:
        # Step 3.1
        first_degree_hash = hash_first_degree_quads(state, label)
        # Step 3.2
        state.hash_to_blank_nodes.setdefault(first_degree_hash, []).append(label)
    # Step 4
    for first_degree_hash in sorted(state.hash_to_blank_nodes):
        identifier_list = state.hash_to_blank_nodes[first_degree_hash]
        # Step 4.1
        if len(identifier_list) > 1:
            continue
        # Step 4.2
        state.canonical_issuer.issue(identifier_list[0])
        # Step 4.3
        del state.hash_to_blank_nodes[first_degree_hash]
    # Step 5
    try:
        for first_degree_hash in sorted(state.hash_to_blank_nodes):
            _label_shared_hash(state, state.hash_to_blank_nodes[first_degree_hash])
    except RecursionError as e:
        raise WorkLimitExceededError(
            "RDFC-1.0 gave up: Hash N-Degree Quads recursed too deeply for this dataset"
        ) from e
    return dict(state.canonical_issuer.issued)


def _label_shared_hash(state: CanonicalizationState, identifier_list: list[str]) -> None:
    """Step 5 of the canonicalization algorithm, for one shared first-degree hash.

    Spec: https://www.w3.org/TR/rdf-canon/#canon-algo-algo
    """
    # Step 5.1
    hash_path_list: list[tuple[str, IdentifierIssuer]] = []
    # Step 5.2
    for identifier in identifier_list:
        # Step 5.2.1
        if identifier in state.canonical_issuer.issued:
            continue
        # Step 5.2.2
        temporary_issuer = IdentifierIssuer("b")
        # Step 5.2.3
        temporary_issuer.issue(identifier)
        # Step 5.2.4
        hash_path_list.append(hash_n_degree_quads(state, identifier, temporary_issuer))
    # Step 5.3
    for _hash, issuer in sorted(hash_path_list, key=lambda result: result[0]):
        # Step 5.3.1
        for existing in issuer.issued:
            state.canonical_issuer.issue(existing)
