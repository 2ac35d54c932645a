"""What vcler relies on in pyld, pinned in one place.

``vcler.jsonld._pyld`` is the only module of vcler that imports pyld. These tests exercise each
of its functions, so that each private pyld behaviour vcler relies on is checked here: a pyld
release that changes one fails with a message naming it and the pyld versions vcler is
written for, rather than somewhere deep in the fast path's differential tests.
"""

from __future__ import annotations

import copy
import inspect
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from packaging.specifiers import SpecifierSet

from tests.test_package import _imported_distributions
from vcler.errors import DocumentLoaderError
from vcler.jsonld import StaticDocumentLoader, _pyld
from vcler.rdf import IRI, BlankNode, Literal, Quad

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "src" / "vcler"
V2 = "https://www.w3.org/ns/credentials/v2"
EX = "https://ex.org/"


def pinned(behaviour: str) -> str:
    """The failure message: what changed, and where vcler's reliance on it lives."""
    return (
        f"pyld {version('pyld')} no longer behaves as vcler relies on: {behaviour}. "
        f"vcler is written for pyld{_pyld.PYLD_VERSIONS} (pyproject.toml); adapt "
        "src/vcler/jsonld/_pyld.py, the one module that uses pyld, and this test"
    )


class CountingLoader(StaticDocumentLoader):
    """A static loader that counts the documents pyld asks it for."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.loaded: list[str] = []

    def load(self, url: str) -> Any:
        self.loaded.append(url)
        return super().load(url)


def process(local: Any, active: Any = None, **options: Any) -> Any:
    active = _pyld.initial_context() if active is None else active
    return _pyld.process_context(active, local, loader=StaticDocumentLoader(), **options)


def pyld_error(call: Any) -> _pyld.PyldError:
    with pytest.raises(Exception) as info:
        call()
    return _pyld.innermost_error(info.value)


# -- the one door ------------------------------------------------------------------------------


def test_only_the_adapter_imports_pyld() -> None:
    importers = _imported_distributions(SOURCE)["pyld"]
    assert sorted(str(Path(path).relative_to(SOURCE)) for path in importers) == ["jsonld/_pyld.py"]


def test_the_adapter_is_written_for_the_pinned_pyld() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (pin,) = re.findall(r'"pyld([<>=!~][^"]*)",', pyproject)
    assert pin == _pyld.PYLD_VERSIONS, "pyproject.toml and vcler.jsonld._pyld disagree"
    assert version("pyld") in SpecifierSet(pin), pinned("the installed version is outside it")


def test_importing_the_adapter_does_not_import_pyld() -> None:
    code = "import sys, vcler.jsonld._pyld; print('pyld' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


# -- context processing ------------------------------------------------------------------------


def test_the_initial_context() -> None:
    initial = _pyld.initial_context()
    assert initial["processingMode"] == "json-ld-1.1", pinned("_get_initial_context's mode")
    assert not initial["mappings"], pinned("_get_initial_context defines no term")
    assert _pyld.previous_context(initial) is None


def test_processing_a_context_reads_urls_through_the_loader() -> None:
    loader = CountingLoader()
    active = _pyld.process_context(_pyld.initial_context(), [V2], loader=loader)
    assert loader.loaded == [V2], pinned("_process_context loads URLs with the loader")
    assert _pyld.expand_iri(active, "VerifiableCredential") == (
        "https://www.w3.org/2018/credentials#VerifiableCredential"
    ), pinned("_process_context / _expand_iri")
    # A fresh resolver for each call: nothing is remembered from the call before.
    _pyld.process_context(_pyld.initial_context(), [V2], loader=loader)
    assert loader.loaded == [V2, V2], pinned("a ContextResolver with an empty cache")


def test_processing_a_context_leaves_the_active_context_as_it_was() -> None:
    parent = process({"ex": EX, "a": "ex:a"})
    before = copy.deepcopy({key: value for key, value in parent.items() if key != "_uuid"})
    child = process({"b": "ex:b"}, parent)
    after = {key: value for key, value in parent.items() if key != "_uuid"}
    assert after == before, pinned("_process_context does not change the active context")
    assert _pyld.expand_iri(child, "b") == EX + "b"
    assert _pyld.expand_iri(parent, "b") == "b"


def test_a_non_propagated_context_reverts_to_the_very_context_it_was_processed_on() -> None:
    parent = process({"ex": EX})
    scoped = process({"a": "ex:a"}, parent, propagate=False)
    assert _pyld.previous_context(scoped) is parent, pinned("previousContext is the parent")
    nested = process({"b": "ex:b"}, scoped)
    assert _pyld.previous_context(nested) is parent, pinned("previousContext is kept")
    assert _pyld.previous_context(process({"b": "ex:b"}, parent)) is None


def test_protected_terms_are_redefined_only_when_overriding() -> None:
    protected = process({"@protected": True, "a": EX + "a"})
    error = pyld_error(lambda: process({"a": EX + "other"}, protected))
    assert (error.type, error.code) == ("jsonld.SyntaxError", "protected term redefinition"), (
        pinned("a protected term redefinition's error")
    )
    overridden = process({"a": EX + "other"}, protected, override_protected=True)
    assert _pyld.expand_iri(overridden, "a") == EX + "other"


def test_iri_expansion() -> None:
    active = process({"ex": EX, "t": "ex:t", "kind": "@type", "@vocab": EX + "v/"})
    assert _pyld.expand_iri(active, "t") == EX + "t", pinned("_expand_iri of a term")
    assert _pyld.expand_iri(active, "ex:x") == EX + "x", pinned("_expand_iri of a compact IRI")
    assert _pyld.expand_iri(active, "kind") == "@type", pinned("_expand_iri of a keyword alias")
    assert _pyld.expand_iri(active, "other") == EX + "v/other", pinned("_expand_iri, @vocab")
    assert _pyld.expand_iri(active, "_:b0") == "_:b0", pinned("_expand_iri of a blank node")
    assert _pyld.expand_iri(process({}), "other") == "other", pinned("_expand_iri, no @vocab")


def test_term_definitions() -> None:
    active = process(
        {
            "ex": EX,
            "@language": "fr",
            "@direction": "rtl",
            "dated": {"@id": "ex:dated", "@type": "ex:date", "@container": "@set"},
            "english": {"@id": "ex:english", "@language": "en", "@direction": "ltr"},
            "untagged": {"@id": "ex:untagged", "@language": None},
            "plain": "ex:plain",
            "scoped": {"@id": "ex:scoped", "@context": {"inner": "ex:inner"}},
            "parents": {"@reverse": "ex:child"},
        }
    )
    cases = [
        ("dated", "@type", EX + "date"),
        ("dated", "@container", ["@set"]),
        ("english", "@language", "en"),
        ("english", "@direction", "ltr"),
        ("untagged", "@language", None),
        ("plain", "@language", "fr"),  # the context's default
        ("plain", "@direction", "rtl"),
        ("plain", "@type", None),
        ("scoped", "@context", {"inner": "ex:inner"}),
        ("unknown", "@language", "fr"),
    ]
    for term, key, expected in cases:
        found = _pyld.term_value(active, term, key)
        assert found == expected, pinned(f"get_context_value({term!r}, {key!r})")
    assert _pyld.is_reverse(active, "parents"), pinned("a reverse term's mapping")
    assert not _pyld.is_reverse(active, "plain")
    assert not _pyld.is_reverse(active, "unknown")
    assert _pyld.prefix_iris(active) == {"ex": EX}, pinned("mappings' _prefix and @id")


# -- expansion and RDF (the general path) ------------------------------------------------------


def test_the_expand_step_vcler_overrides_has_the_parameters_it_passes() -> None:
    from pyld.jsonld import JsonLdProcessor

    parameters = list(inspect.signature(JsonLdProcessor._expand).parameters)
    assert parameters == [
        "self",
        "active_ctx",
        "active_property",
        "element",
        "options",
        "inside_list",
        "inside_index",
        "type_scoped_ctx",
    ], pinned("JsonLdProcessor._expand's parameters")


def test_expansion_tells_what_it_drops_and_what_each_element_becomes() -> None:
    dropped: list[Any] = []
    elements: list[tuple[Any, Any, bool, bool]] = []
    document = {
        "@context": [V2, {"nothing": None}],
        "type": "VerifiableCredential",
        "undefined": 1,
        "nothing": 2,
        "credentialSubject": {"name": {"@value": None}},
        EX + "list": {"@list": [{"@value": "x"}]},
        "@graph": [{"@id": EX + "lone"}],
    }
    _pyld.expand(
        document,
        loader=StaticDocumentLoader(),
        on_dropped_property=dropped.append,
        on_element=lambda *seen: elements.append(seen),
    )
    assert set(dropped) == {"undefined", None}, pinned("on_property_dropped")
    expected = [
        ({"@value": None}, None, False, False),  # dropped: a null value
        ({"@value": "x"}, {"@value": "x"}, True, False),  # inside a list
        ({"@id": EX + "lone"}, None, False, True),  # dropped: a lone @id directly in @graph
    ]
    for item in expected:
        assert item in elements, pinned(f"_expand is called for {item[0]} as {item[1:]}")
    assert elements[-1][0] == document and elements[-1][3], pinned("_expand at the top")
    assert not any(isinstance(element, list) for element, *_ in elements)


def test_expansion_remembers_static_contexts_in_the_loaders_cache() -> None:
    loader = CountingLoader()
    document = {"@context": V2, "type": "VerifiableCredential"}

    def expand() -> Any:
        return _pyld.expand(
            document, loader=loader, on_dropped_property=print, on_element=lambda *_: None
        )

    first = expand()
    assert loader.loaded == [V2]
    assert expand() == first
    assert loader.loaded == [V2], pinned("ContextResolver keeps 'static' documents")


def test_a_context_processed_on_two_contexts_gives_each_its_own_result() -> None:
    # The loader's resolver caches processed contexts by the active context's _uuid: a
    # context met again on another active context must not reuse the first result.
    loader = StaticDocumentLoader({EX + "shared": {"@context": {"name": "ex:name"}}})

    def names(vocabulary: str) -> Any:
        document = {
            "@context": [{"ex": vocabulary}, EX + "shared"],
            "name": "x",
            "other": "y",
        }
        (node,) = _pyld.expand(
            document, loader=loader, on_dropped_property=print, on_element=lambda *_: None
        )
        return sorted(node)

    assert names("https://a.example/") == ["https://a.example/name"]
    assert names("https://b.example/") == ["https://b.example/name"], pinned("_uuid caching")


def test_to_quads() -> None:
    loader = StaticDocumentLoader()
    document = {
        "@context": [V2, {"@vocab": EX}],
        "id": EX + "credential",
        "type": "VerifiableCredential",
        "note": {"@value": "x", "@language": "en", "@direction": "rtl"},
        "proof": {"type": "DataIntegrityProof"},
    }
    expanded = _pyld.expand(
        document, loader=loader, on_dropped_property=print, on_element=lambda *_: None
    )
    quads = _pyld.to_quads(expanded, loader=loader)
    subject = IRI(EX + "credential")
    security = "https://w3id.org/security#"
    expected = {
        Quad(subject, IRI(EX + "note"), Literal("x", "https://www.w3.org/ns/i18n#en_rtl")),
        Quad(
            subject,
            IRI("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            IRI("https://www.w3.org/2018/credentials#VerifiableCredential"),
        ),
        Quad(subject, IRI(security + "proof"), BlankNode("b0")),
        Quad(
            BlankNode("b1"),
            IRI("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            IRI(security + "DataIntegrityProof"),
            BlankNode("b0"),
        ),
    }
    assert set(quads) == expected, pinned("_create_node_map / _graph_to_rdf and their dataset")


# -- errors ------------------------------------------------------------------------------------


def test_a_loader_error_is_the_cause_of_pyld_s() -> None:
    url = "https://nowhere.example/context"
    with pytest.raises(Exception) as info:
        process(url)
    chain = list(_pyld.causes(info.value))
    assert any(isinstance(error, DocumentLoaderError) for error in chain), pinned("__cause__")
    error = _pyld.innermost_error(info.value)
    assert (error.type, error.code, error.details.get("url")) == (
        "jsonld.InvalidUrl",
        "loading remote context failed",
        url,
    ), pinned("a context that cannot be loaded: JsonLdError's type, code and details")


@pytest.mark.parametrize(
    ("context", "code", "named"),
    [
        ({"@id": "x"}, "keyword redefinition", {"term": "@id"}),
        ({"x": {"@id": 5}}, "invalid IRI mapping", {"iri": 5}),
        ({"@language": 5}, "invalid default language", {"context": {"@language": 5}}),
    ],
)
def test_pyld_errors_name_what_is_at_fault(
    context: dict[str, Any], code: str, named: dict[str, Any]
) -> None:
    error = pyld_error(lambda: process(context))
    assert error.type == "jsonld.SyntaxError", pinned("JsonLdError.type")
    assert error.code == code, pinned("JsonLdError.code")
    assert error.message.startswith("Invalid JSON-LD syntax"), pinned("JsonLdError's message")
    for key, value in named.items():
        assert error.details.get(key) == value, pinned(f"JsonLdError.details[{key!r}]")
