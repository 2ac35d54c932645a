"""Differential testing: the fast path's canonical N-Quads equal the general path's.

Two sources of documents: every JSON object in the published vectors (credentials,
presentations, DID documents, status lists, schemas... and the proof configurations of the
signed ones), and hypothesis-generated credentials and presentations built from the bundled
vocabularies (random nesting, arrays, literals of every kind, inline and scoped contexts,
undefined terms and relative IRIs for safe mode).

For every document: when the general path accepts it, the fast path either falls back or
gives the same canonical N-Quads; when the general path refuses it, the fast path falls back
(so ``to_dataset`` raises the same error). Every run generates 2,000 credentials and
presentations and 300 documents with inline contexts (``VCLER_DIFFERENTIAL_EXAMPLES`` sets
the first number); with ``VCLER_SLOW_TESTS=1`` the ``slow`` test runs 10,000 more.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.vectors import published_folders, vectors_dir
from vcler.canon import canonicalize, canonicalize_statements
from vcler.errors import VclerError
from vcler.jsonld import StaticDocumentLoader, safe_mode_problems, to_dataset
from vcler.jsonld._contexts import context_cache
from vcler.jsonld._fallback import FastPathFallback
from vcler.jsonld._walk import document_statements, document_to_quads, statements_to_quads
from vcler.jsonld.processing import _expand, _general_dataset, fast_path_stats
from vcler.jsonld.safe import expanded_problems

V1 = "https://www.w3.org/2018/credentials/v1"
V2 = "https://www.w3.org/ns/credentials/v2"
EXAMPLES_V1 = "https://www.w3.org/2018/credentials/examples/v1"
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"
UNDEFINED_TERMS = "https://www.w3.org/ns/credentials/undefined-terms/v2"
OB = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_300 = "https://purl.imsglobal.org/spec/ob/v3p0/context.json"
DATA_INTEGRITY = "https://w3id.org/security/data-integrity/v2"
ED25519_2020 = "https://w3id.org/security/suites/ed25519-2020/v1"
STATUS = "https://www.w3.org/ns/credentials/status/v1"

EXAMPLES = int(os.environ.get("VCLER_DIFFERENTIAL_EXAMPLES", "2000"))
INLINE_EXAMPLES = 300


# -- the comparison ----------------------------------------------------------------------------


def _general(document: Any, loader: StaticDocumentLoader) -> str | type[VclerError]:
    """The general path's canonical N-Quads, or the class of the error it raises."""
    try:
        return canonicalize(_general_dataset(document, loader)).nquads
    except VclerError as error:
        return type(error)


def _fast(document: Any, loader: StaticDocumentLoader) -> str | None:
    """The fast path's canonical N-Quads, or None when it falls back: its statements in
    N-Quads form canonicalized as the RDFC suites do, which must also be the canonical form
    of the same statements as quads."""
    try:
        found = document_statements(document, context_cache(loader))
    except FastPathFallback:
        return None
    nquads = canonicalize_statements(found.statements)
    assert nquads == canonicalize(statements_to_quads(found)).nquads
    return nquads


def _routed(document: Any, loader: StaticDocumentLoader) -> str | type[VclerError]:
    try:
        return canonicalize(to_dataset(document, loader=loader)).nquads
    except VclerError as error:
        return type(error)


def _general_problems(document: Any, loader: StaticDocumentLoader) -> list[Any]:
    try:
        expanded, dropped = _expand(document, loader)
    except VclerError as error:
        return list(getattr(error, "problems", None) or [error.to_problem()])
    return expanded_problems(expanded, document, dropped)


def check(document: Any, loader: StaticDocumentLoader, tally: Counter[str]) -> None:
    """Assert the two paths agree on ``document``; count what happened in ``tally``."""
    general = _general(document, loader)
    fast = _fast(document, loader)
    if isinstance(general, str):
        assert fast is None or fast == general, "canonical N-Quads differ"
        tally["accepted, fast path" if fast is not None else "accepted, fell back"] += 1
    else:
        assert fast is None, f"the general path raises {general.__name__}, the fast path did not"
        tally["refused (both)"] += 1
    assert _routed(document, loader) == general
    assert safe_mode_problems(document, loader=loader) == _general_problems(document, loader)


def _report(name: str, tally: Counter[str], loader: StaticDocumentLoader) -> str:
    stats = fast_path_stats(loader).as_dict()
    return f"{name}: {dict(tally)}; loader stats {stats}"


# -- published vectors -------------------------------------------------------------------------


def _json_objects(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, dict)]
    return []


def _proof_configurations(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The proof configurations (and the unsecured document) of a signed document."""
    proofs = document.get("proof")
    found: list[dict[str, Any]] = []
    for proof in proofs if isinstance(proofs, list) else [proofs]:
        if isinstance(proof, dict) and "@context" in document:
            options = {key: value for key, value in proof.items() if key != "proofValue"}
            found.append({**options, "@context": document["@context"]})
    if found:
        found.append({key: value for key, value in document.items() if key != "proof"})
    return found


def _vector_documents() -> list[tuple[str, dict[str, Any]]]:
    root = vectors_dir()
    documents = []
    paths = (path for folder in published_folders() for path in sorted(folder.rglob("*")))
    for path in paths:
        if path.suffix not in (".json", ".jsonld"):
            continue
        try:
            value = json.loads(path.read_bytes())
        except ValueError:
            continue
        for index, document in enumerate(_json_objects(value)):
            name = f"{path.relative_to(root)}#{index}"
            documents.append((name, document))
            documents.extend(
                (f"{name} (proof configuration {n})", config)
                for n, config in enumerate(_proof_configurations(document))
            )
    return documents


def test_published_vectors_agree(capsys: pytest.CaptureFixture[str]) -> None:
    loader = StaticDocumentLoader()
    tally: Counter[str] = Counter()
    for name, document in _vector_documents():
        try:
            check(document, loader, tally)
        except AssertionError as error:
            raise AssertionError(f"{name}: {error}") from error
    with capsys.disabled():
        print("\n" + _report("published vectors", tally, loader))
    # The fast path covers the credentials and presentations among them.
    assert tally["accepted, fast path"] >= 150
    assert tally["accepted, fast path"] >= 10 * tally["accepted, fell back"]


# -- generated credentials and presentations ---------------------------------------------------


def _terms(loader: StaticDocumentLoader, urls: list[str]) -> tuple[list[str], list[str]]:
    """Property and type terms defined anywhere in the contexts at ``urls``."""
    properties: set[str] = set()
    types: set[str] = set()

    def visit(context: Any) -> None:
        if not isinstance(context, dict):
            return
        for term, definition in context.items():
            if term.startswith("@"):
                continue
            (types if term[:1].isupper() else properties).add(term)
            if isinstance(definition, dict):
                visit(definition.get("@context"))

    for url in urls:
        visit(loader.load(url).get("@context"))
    return sorted(properties), sorted(types)


CONTEXT_SETS = [
    [V2],
    [V2, EXAMPLES_V2],
    [V2, OB],
    [V2, OB, EXAMPLES_V2],
    [V2, UNDEFINED_TERMS],
    [V2, DATA_INTEGRITY],
    [V2, STATUS, EXAMPLES_V2],
    [V1],
    [V1, EXAMPLES_V1],
    [V1, ED25519_2020],
    [V1, OB_300],
]

_LOADER = StaticDocumentLoader()
_ALL_PROPERTIES, _ALL_TYPES = _terms(
    _LOADER, sorted({url for contexts in CONTEXT_SETS for url in contexts})
)

identifiers = st.sampled_from(
    [
        "https://example.org/things/1",
        "https://example.org/things/2",
        "did:example:123",
        "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
        "urn:uuid:3978344f-8596-4c3a-a978-8fcaba3903c5",
        "_:shared",
        "_:other",
        "relative/path",
        "ex:compact",
        "cred:issuer",
        "",
    ]
)
texts = st.text(max_size=12) | st.sampled_from(["VC", "caf\u00e9", 'quote " and \\', "line\nbreak"])
numbers = st.integers(-(10**25), 10**25) | st.floats(allow_nan=False, allow_infinity=False)
special_numbers = st.sampled_from(
    [0, -0.0, 1.0, 1.5, 1e21, 1e-7, -1e21, 10**21, 123456789.0, 5e-324]
)
datatypes = st.sampled_from(
    [
        "http://www.w3.org/2001/XMLSchema#dateTime",
        "http://www.w3.org/2001/XMLSchema#double",
        "http://www.w3.org/2001/XMLSchema#integer",
        "xsd:string",
        "https://example.org/datatype",
        "UndefinedDatatype",
        "@json",
    ]
)
languages = st.sampled_from(["en", "EN-us", "fr-CA", "ar", "not a tag", "x-private-1"])
value_objects = st.one_of(
    st.fixed_dictionaries({"@value": texts | numbers | st.booleans(), "@type": datatypes}),
    st.fixed_dictionaries({"@value": texts, "@language": languages}),
    st.fixed_dictionaries(
        {"@value": texts, "@direction": st.sampled_from(["ltr", "rtl"])},
        optional={"@language": languages},
    ),
    st.fixed_dictionaries({"@value": st.none() | texts}),
)
scalars = st.one_of(
    texts, numbers, special_numbers, st.booleans(), st.none(), identifiers, value_objects
)


def _nodes(properties: list[str], types: list[str]) -> st.SearchStrategy[Any]:
    keys = st.one_of(
        st.sampled_from(properties),
        st.sampled_from(["undefinedTerm", "ex:compactKey", "https://example.org/vocab#p"]),
    )
    type_values = st.sampled_from(types) | st.lists(st.sampled_from(types), max_size=3)

    def node(children: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
        members = st.dictionaries(keys, children, max_size=4)
        extras = st.fixed_dictionaries(
            {},
            optional={
                "id": identifiers,
                "type": type_values,
                "@context": st.sampled_from(
                    [EXAMPLES_V2, {"@vocab": "https://example.org/inline#"}, [], None]
                ),
            },
        )
        return st.builds(lambda a, b: {**a, **b}, members, extras)

    return st.recursive(
        scalars, lambda children: node(children) | st.lists(children, max_size=3), max_leaves=12
    )


@st.composite
def credentials(draw: st.DrawFn, *, presentation_allowed: bool = True) -> dict[str, Any]:
    contexts = draw(st.sampled_from(CONTEXT_SETS))
    properties, types = _terms(_LOADER, contexts)
    properties = properties or _ALL_PROPERTIES
    values = _nodes(properties, types or _ALL_TYPES)
    extra_types = draw(st.lists(st.sampled_from(types or _ALL_TYPES), max_size=2))
    document: dict[str, Any] = {
        "@context": list(contexts),
        "type": ["VerifiableCredential", *extra_types],
        "issuer": draw(
            identifiers | st.fixed_dictionaries({"id": identifiers}, optional={"name": texts})
        ),
        "credentialSubject": draw(values),
    }
    document.update(draw(st.dictionaries(st.sampled_from(properties), values, max_size=4)))
    if draw(st.booleans()):
        document["proof"] = {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "created": "2024-01-01T00:00:00Z",
            "verificationMethod": "did:example:123#key-1",
            "proofPurpose": draw(st.sampled_from(["assertionMethod", "authentication"])),
            "proofValue": "z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk",
        }
    if presentation_allowed and draw(st.integers(0, 3)) == 0:
        inner = draw(st.lists(credentials(presentation_allowed=False), max_size=3))
        return {
            "@context": list(contexts),
            "type": "VerifiablePresentation",
            "holder": draw(identifiers),
            "verifiableCredential": inner,
        }
    return document


# Documents whose own inline contexts define terms in every way JSON-LD allows (coercions,
# containers, scoped contexts, @propagate, @protected, null mappings, default language and
# direction), to exercise compiled contexts and the fallback rules.
_TERMS = ["a", "b", "c", "T", "U", "ex", "kind"]
_IRIS = st.sampled_from(
    ["https://ex.org/a", "ex:c", "_:bn", "@id", "@type", "relative", "https://ex.org/T"]
)


def _definitions(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        _IRIS,
        st.none(),
        st.fixed_dictionaries(
            {},
            optional={
                "@id": _IRIS,
                "@type": st.sampled_from(["@id", "@vocab", "@none", "@json", "ex:dt"]),
                "@container": st.sampled_from(["@set", "@graph", ["@graph", "@set"], "@list"]),
                "@context": children,
                "@protected": st.booleans(),
                "@language": st.sampled_from(["en", None, "De"]),
                "@direction": st.sampled_from(["ltr", "rtl", None]),
            },
        ),
    )


inline_contexts = st.recursive(
    st.sampled_from([EXAMPLES_V2, None]),
    lambda children: st.one_of(
        st.dictionaries(st.sampled_from(_TERMS), _definitions(children), max_size=4),
        st.fixed_dictionaries(
            {},
            optional={
                "@vocab": st.sampled_from(["https://ex.org/v#", "ex:"]),
                "@propagate": st.booleans(),
                "@language": st.sampled_from(["en", "FR"]),
                "@direction": st.sampled_from(["ltr", "rtl"]),
                "ex": st.just("https://ex.org/"),
            },
        ),
        st.lists(children, max_size=2),
    ),
    max_leaves=6,
)
_KEYS = st.sampled_from(
    [*_TERMS, "@id", "@type", "@value", "@language", "@direction", "@graph", "ex:z", "type", "id"]
)
_LEAVES = st.one_of(
    st.text(max_size=4),
    st.integers(-3, 3),
    st.sampled_from([1.5, 1e21, -0.0, True, None, "ex:c", "_:x", "https://ex.org/x", "ltr"]),
)
_VALUES = st.recursive(
    _LEAVES,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(_KEYS, children, max_size=4),
        st.builds(
            lambda context, members: {"@context": context, **members},
            inline_contexts,
            st.dictionaries(_KEYS, children, max_size=3),
        ),
    ),
    max_leaves=15,
)
documents_with_inline_contexts = st.builds(
    lambda context, members: {"@context": context, **members},
    inline_contexts | st.builds(lambda context: [V2, context], inline_contexts),
    st.dictionaries(_KEYS, _VALUES, max_size=5),
)


def test_generated_documents_with_inline_contexts_agree(
    capsys: pytest.CaptureFixture[str],
) -> None:
    loader = StaticDocumentLoader()
    tally: Counter[str] = Counter()

    @settings(max_examples=INLINE_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(documents_with_inline_contexts)
    def run(document: dict[str, Any]) -> None:
        check(document, loader, tally)

    run()
    with capsys.disabled():
        print("\n" + _report(f"{INLINE_EXAMPLES} documents with inline contexts", tally, loader))
    assert tally["refused (both)"] > 0


def _with_values(values: Any, **extra: Any) -> dict[str, Any]:
    return {
        "@context": [V2],
        "type": ["VerifiableCredential"],
        "issuer": "https://example.org/issuer",
        "credentialSubject": {"id": "https://example.org/subject", "name": values, **extra},
    }


@pytest.mark.parametrize(
    ("document", "fast_path"),
    [
        # Found by the 10,000-document run: the node map keeps one of two values that differ
        # only by @direction (pyld and jsonld.js compare no @direction), so the fast path,
        # which would keep both, gives these to the general path.
        (_with_values(["", {"@value": "", "@direction": "ltr"}]), False),
        (_with_values([{"@value": "x", "@direction": "ltr"}, "x"]), False),
        (
            _with_values(
                [{"@value": "x", "@direction": "ltr"}, {"@value": "x", "@direction": "rtl"}]
            ),
            False,
        ),
        (
            _with_values(
                [
                    {"@value": "x", "@language": "en"},
                    {"@value": "x", "@language": "en", "@direction": "rtl"},
                ]
            ),
            False,
        ),
        (
            {
                **_with_values("x"),
                "evidence": {
                    "id": "https://example.org/subject",
                    "name": {"@value": "x", "@direction": "rtl"},
                },
            },
            False,
        ),
        # No collision: different values, languages or datatypes keep the fast path.
        (_with_values(["a", {"@value": "b", "@direction": "ltr"}]), True),
        (
            _with_values(
                [
                    {"@value": "x", "@language": "fr"},
                    {"@value": "x", "@language": "en", "@direction": "rtl"},
                ]
            ),
            True,
        ),
        (_with_values({"@value": "x", "@direction": "rtl"}, description="x"), True),
    ],
)
def test_values_differing_only_by_direction(document: dict[str, Any], fast_path: bool) -> None:
    loader = StaticDocumentLoader()
    general = _general(document, loader)
    assert isinstance(general, str)
    assert (_fast(document, loader) is not None) is fast_path
    if not fast_path:
        with pytest.raises(FastPathFallback, match="differing only by direction"):
            document_to_quads(document, context_cache(loader))
    check(document, loader, Counter())


def _run_generated(examples: int) -> Callable[[], None]:
    loader = StaticDocumentLoader()
    tally: Counter[str] = Counter()

    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(credentials())
    def run(document: dict[str, Any]) -> None:
        check(document, loader, tally)

    def go() -> None:
        run()
        print("\n" + _report(f"{examples} generated documents", tally, loader))
        # The generator makes both kinds; both paths must have been exercised.
        assert tally["accepted, fast path"] > 0
        assert tally["refused (both)"] > 0

    return go


def test_generated_credentials_agree(capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        _run_generated(EXAMPLES)()


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("VCLER_SLOW_TESTS"), reason="set VCLER_SLOW_TESTS=1")
def test_thousands_of_generated_credentials_agree(capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        _run_generated(10_000)()
