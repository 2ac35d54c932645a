"""Safe-mode JSON-LD: nothing is silently dropped, every error is ours and has a pointer."""

from __future__ import annotations

import contextlib
import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.vectors import read_json
from vcler.errors import DataLossError, DocumentLoaderError, JsonLdError, ParsingError, VclerError
from vcler.jsonld import StaticDocumentLoader, expand, safe_mode_problems, to_dataset
from vcler.rdf import IRI, Literal, serialize_nquads

V1 = "https://www.w3.org/2018/credentials/v1"
V2 = "https://www.w3.org/ns/credentials/v2"


def credential_v2(**extra):
    doc = {
        "@context": [V2],
        "type": ["VerifiableCredential"],
        "issuer": "https://issuer.example/",
        "credentialSubject": {"id": "did:example:learner"},
    }
    doc.update(extra)
    return doc


def credential_v1(**extra):
    doc = {
        "@context": [V1],
        "type": ["VerifiableCredential"],
        "issuer": "https://issuer.example/",
        "issuanceDate": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
    }
    doc.update(extra)
    return doc


def test_vector_document_converts():
    quads = to_dataset(read_json("di-eddsa", "unsigned.json"))
    assert any(q.predicate == IRI("https://schema.org/name") for q in quads)
    assert serialize_nquads(quads).count("\n") == len(quads) == 8


def test_undefined_term_is_data_loss_with_pointer():
    doc = credential_v1(credentialSubject={"id": "did:example:x", "degree": {"kind": "BSc"}})
    with pytest.raises(DataLossError) as info:
        to_dataset(doc)
    assert info.value.pointer == "/credentialSubject/degree"
    assert info.value.code == "DATA_LOSS_DETECTION_ERROR"
    assert "degree" in str(info.value)


def test_every_dropped_term_is_listed():
    doc = credential_v1(credentialSubject={"id": "did:example:x", "a": 1, "b": 2})
    pointers = [p.pointer for p in safe_mode_problems(doc)]
    assert pointers == ["/credentialSubject/a", "/credentialSubject/b"]


def test_undefined_type_is_data_loss():
    doc = credential_v1(type=["VerifiableCredential", "DiplomaCredential"])
    problems = safe_mode_problems(doc)
    assert [p.pointer for p in problems] == ["/type/1"]
    assert "DiplomaCredential" in problems[0].message


def test_undefined_terms_context_maps_them_without_loss():
    doc = credential_v2(credentialSubject={"id": "did:example:x", "degree": "BSc"})
    assert [p.pointer for p in safe_mode_problems(doc)] == ["/credentialSubject/degree"]
    doc["@context"] = [V2, "https://www.w3.org/ns/credentials/undefined-terms/v2"]
    quads = to_dataset(doc)
    assert any(
        q.predicate.value == "https://www.w3.org/ns/credentials/undefined-term#degree"
        for q in quads
    )


def test_relative_id_is_data_loss():
    doc = credential_v2(credentialSubject={"id": "learner-42", "name": "Ada"})
    with pytest.raises(DataLossError) as info:
        to_dataset(doc)
    assert info.value.pointer == "/credentialSubject/id"


@pytest.mark.parametrize(
    ("changes", "pointer"),
    [
        ({"id": "https://example.org/credential\n"}, "/id"),
        ({"credentialSubject": {"id": "did:example:learner\n"}}, "/credentialSubject/id"),
        ({"name": {"@value": "Diploma", "@language": "en\n"}}, "/name/@language"),
    ],
)
def test_a_final_newline_does_not_make_an_iri_or_a_language_tag(changes, pointer):
    # An IRI or tag ending in a newline is not one (a Python $ would match before it, as
    # JavaScript's does not): safe mode refuses it, on both paths, rather than write it out.
    doc = credential_v2(**changes)
    problems = safe_mode_problems(doc)
    assert problems and problems[0].pointer == pointer
    with pytest.raises(DataLossError):
        to_dataset(doc)


def test_invalid_language_tag_is_data_loss():
    doc = credential_v2(name={"@value": "Diploma", "@language": "not a tag"})
    problems = safe_mode_problems(doc)
    assert problems and problems[0].pointer == "/name/@language"


def test_direction_is_kept_as_i18n_datatype():
    doc = credential_v2(name={"@value": "شهادة", "@language": "ar", "@direction": "rtl"})
    names = [q.object for q in to_dataset(doc) if q.predicate.value == "https://schema.org/name"]
    assert names == [Literal("شهادة", "https://www.w3.org/ns/i18n#ar_rtl")]


def test_protected_term_redefinition_is_an_error():
    doc = credential_v2()
    doc["@context"] = [V2, {"VerifiableCredential": "https://evil.example/VC"}]
    with pytest.raises(JsonLdError) as info:
        to_dataset(doc)
    assert "protected" in str(info.value).lower()
    assert info.value.code in {"PARSING_ERROR", "DATA_LOSS_DETECTION_ERROR"}


def test_unknown_context_names_url_and_pointer():
    doc = credential_v2()
    doc["@context"] = [V2, "https://contexts.example/unknown"]
    with pytest.raises(DocumentLoaderError) as info:
        to_dataset(doc)
    assert info.value.pointer == "/@context/1"
    assert info.value.url == "https://contexts.example/unknown"


def test_caller_context_through_loader():
    ctx_url = "https://contexts.example/degree"
    loader = StaticDocumentLoader(
        {ctx_url: {"@context": {"degree": "https://contexts.example/vocab#degree"}}}
    )
    doc = credential_v1(credentialSubject={"id": "did:example:x", "degree": "BSc"})
    doc["@context"] = [V1, ctx_url]
    quads = to_dataset(doc, loader=loader)
    assert any(q.predicate.value == "https://contexts.example/vocab#degree" for q in quads)


def test_deep_nesting_is_a_parsing_error():
    doc = credential_v2()
    inner: dict = {}
    doc["credentialSubject"] = {"id": "did:example:x", "n": inner}
    for _ in range(200):
        inner["n"] = {}
        inner = inner["n"]
    with pytest.raises(ParsingError):
        to_dataset(doc)


@pytest.mark.parametrize("value", [[], "text", 3, None])
def test_non_object_documents_are_refused(value):
    with pytest.raises(JsonLdError):
        expand(value)  # type: ignore[arg-type]


def test_expand_does_not_mutate_input():
    doc = read_json("di-eddsa", "unsigned.json")
    before = copy.deepcopy(doc)
    expand(doc)
    to_dataset(doc)
    assert doc == before


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "type",
                    "@id",
                    "@type",
                    "@value",
                    "@language",
                    "@list",
                    "@graph",
                    "name",
                    "x",
                    "@context",
                    "@set",
                    "credentialSubject",
                    "@direction",
                    "@included",
                ]
            ),
            children,
            max_size=4,
        )
    ),
    max_leaves=12,
)


@given(
    st.dictionaries(
        st.sampled_from(
            [
                "id",
                "type",
                "name",
                "foo",
                "@graph",
                "@id",
                "credentialSubject",
                "@included",
                "@reverse",
            ]
        ),
        json_values,
        max_size=5,
    ),
    st.sampled_from([[V2], [V1], V2, [V2, {"@vocab": "https://v.example/"}]]),
)
def test_processing_never_raises_anything_but_vcler_errors(body, context):
    doc = {"@context": context, **body}
    with contextlib.suppress(VclerError):
        to_dataset(doc)
    problems = safe_mode_problems(doc)
    assert all(p.code for p in problems)


def test_many_problems_are_found_in_linear_time_and_capped():
    # Thousands of relative identifiers: one walk of the document locates them all, and the
    # list stops at MAX_PROBLEMS with a last problem saying how many more there are.
    from vcler.jsonld.safe import MAX_PROBLEMS

    subjects = [{"id": f"learner-{index}", "name": "x"} for index in range(5000)]
    problems = safe_mode_problems(credential_v2(credentialSubject=subjects))
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[0].pointer == "/credentialSubject/0/id"
    assert problems[MAX_PROBLEMS - 1].pointer == f"/credentialSubject/{MAX_PROBLEMS - 1}/id"
    assert problems[-1].message == f"and {5000 - MAX_PROBLEMS} more problems of this document"


@pytest.mark.parametrize(
    ("member", "pointers"),
    [
        ("urn:uuid:credential-1", ["/verifiableCredential"]),  # a reference, not a credential
        # ("id" is not defined in the member's own context: dropped, leaving an empty object)
        ({"id": "urn:uuid:credential-1"}, ["/verifiableCredential/id", ""]),
        ({}, [""]),
    ],
)
def test_what_jsonld_js_drops_from_a_graph_container_is_refused(member, pointers):
    # verifiableCredential is a @graph container with a property-scoped context of null: its
    # value is expanded in an empty context, so the check looks at the expanded graph.
    presentation = {
        "@context": [V2],
        "type": ["VerifiablePresentation"],
        "verifiableCredential": member,
    }
    problems = safe_mode_problems(presentation)
    assert [p.pointer for p in problems] == pointers
    assert {p.code for p in problems} == {"DATA_LOSS_DETECTION_ERROR"}
    assert "@graph container" in problems[-1].message
