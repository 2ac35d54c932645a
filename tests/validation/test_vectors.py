"""``validate`` on the published VC Data Model 2.0/1.1 spec examples and the VC 1.1 test suite.

Which examples are expected valid is decided here (see docs/validation.md, "Vectors"):
blocks that are credentials or presentations are checked; context documents and JWT
headers/claims are not credentials and are skipped.
"""

from __future__ import annotations

import pytest

from tests.vectors import read_json, vector_path
from vcler.jsonld import StaticDocumentLoader, to_dataset
from vcler.rdf import serialize_nquads
from vcler.results import Problem
from vcler.validation import validate, validate_structure

V2 = ("vc-data-model", "v2.0-rec-spec-examples")
V1 = ("vc-data-model", "v1.1-rec-spec-examples")
SUITE = ("vc-data-model", "v1.1-vc-test-suite", "input")


def _loader() -> StaticDocumentLoader:
    """The bundled contexts plus the extension contexts the spec examples define inline."""
    return StaticDocumentLoader(
        {
            # VC 2.0 example 23 is the context example 24 uses; 33 the one 34 uses.
            "https://extension.example/my-contexts/v1": read_json(*V2, "example-23.json"),
            "https://website.example/matrix/v1": read_json(*V2, "example-33.json"),
            # VC 1.1 example 16 is the context example 17 uses.
            "https://example.com/contexts/mycontext.jsonld": read_json(*V1, "example-16.json"),
        }
    )


# -- VC 2.0 spec examples ---------------------------------------------------------------------

# Valid credentials/presentations: every term is defined (examples/v2 has @vocab).
V2_VALID = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 18, 19, 22, 24, 34]
# Conforming in structure, but they use contexts that are neither bundled nor in the spec.
V2_UNKNOWN_CONTEXT = {
    27: "https://w3id.org/age/v1",
    30: "https://w3id.org/citizenship/v3",
    40: "https://achievement.example/multilingual/v2",
}
# Context documents, not credentials.
V2_NOT_CREDENTIALS = [23, 33]


@pytest.mark.parametrize("number", V2_VALID)
def test_v2_example_is_valid(number: int) -> None:
    assert validate(read_json(*V2, f"example-{number:02d}.json"), loader=_loader()) == []


@pytest.mark.parametrize("number", sorted(V2_UNKNOWN_CONTEXT))
def test_v2_example_with_unknown_context(number: int) -> None:
    document = read_json(*V2, f"example-{number:02d}.json")
    assert validate_structure(document) == []
    problems = validate(document)
    assert [p.code for p in problems] == ["LOADING_DOCUMENT_FAILED"]
    assert V2_UNKNOWN_CONTEXT[number] in problems[0].message
    assert problems[0].pointer == "/@context/1"


def test_v2_example_1_template_lacks_an_issuer() -> None:
    # The "getting started" template is completed by issuer software: no issuer yet.
    problems = validate(read_json(*V2, "example-01.json"))
    assert [(p.code, p.pointer) for p in problems] == [("MALFORMED_VALUE_ERROR", "/issuer")]


def test_every_json_v2_example_is_classified() -> None:
    index = read_json(*V2, "index.json")["examples"]
    parsed = {e["n"] for e in index if e["parsed"] == "json"}
    known = {1, *V2_VALID, *V2_UNKNOWN_CONTEXT, *V2_NOT_CREDENTIALS}
    assert parsed == known


def test_v2_example_24_needs_its_context() -> None:
    # Without the extension context the terms cannot be processed at all.
    problems = validate(read_json(*V2, "example-24.json"))
    assert [p.pointer for p in problems] == ["/@context/2"]


def test_v2_related_resource_examples() -> None:
    """Examples 25/26 are fragments; embedded in a credential they are checked for real."""
    base = read_json(*V2, "example-02.json")
    multibase = {
        **base,
        "relatedResource": [
            {
                "id": "https://www.w3.org/ns/credentials/v2",
                "digestMultibase": "uEiBZlVztZpfWHgPyslVv6-UwirFoQoRvW1htfx963sknNA",
            },
            {
                "id": "https://www.w3.org/ns/credentials/examples/v2",
                "digestMultibase": "uEiBXOT-8adbvubm13Jy2uYgLCUQ2Cr_i6vRZyeWM8iedfA",
            },
        ],
    }
    assert validate(multibase) == []
    # Example 25 as rendered in the Recommendation carries a 65-character base64 value
    # ("Ml/Hrj..."): not a SHA-384 digest, so vcler reports it.
    sri = {
        **base,
        "relatedResource": [
            {
                "id": "https://www.w3.org/ns/credentials/v2",
                "digestSRI": "sha384-Ml/HrjlBCNWyAX91hr6LFV2Y3heB5Tcr6IeE4/"
                "Tje8YyzYBM8IhqjHWiWpr8+ZbYU",
            }
        ],
    }
    problems = validate(sri)
    assert [(p.code, p.pointer) for p in problems] == [
        ("MALFORMED_VALUE_ERROR", "/relatedResource/0/digestSRI")
    ]


# -- VC 1.1 spec examples ---------------------------------------------------------------------

V1_VALID = [4, 5, 6, 7, 8, 9, 10, 12, 15, 18, 20]
# Conforming in structure, but they use terms the examples context does not define (or, in
# 21, the ODRL assignee 'AllVerifiers', a relative IRI): safe mode reports what JSON-LD drops.
V1_DATA_LOSS = {
    13: {"/credentialStatus/type"},  # CredentialStatusList2017
    21: {"/termsOfUse/0/prohibition/0/assignee"},
    46: {"/credentialSubject/address", "/type/1", "/holder/type"},
}
V1_NOT_CREDENTIALS = [16, 27, 28, 30]  # a context, JWT header, JWT claims, JWT header


@pytest.mark.parametrize("number", V1_VALID)
def test_v1_example_is_valid(number: int) -> None:
    document = read_json(*V1, f"example-{number:02d}.json")
    assert validate_structure(document) == []
    assert validate(document) == []


def test_v1_example_terms_of_use_expand_through_the_odrl_context() -> None:
    # The 1.1 examples context imports https://www.w3.org/ns/odrl.jsonld (bundled), which
    # defines the ODRL terms of termsOfUse. Example 21's assignee 'AllVerifiers' is a relative
    # IRI (see V1_DATA_LOSS): given as an absolute one, the whole credential converts.
    document = read_json(*V1, "example-21.json")
    assert document["@context"][1] == "https://www.w3.org/2018/credentials/examples/v1"
    document["termsOfUse"][0]["prohibition"][0]["assignee"] = "https://example.org/verifiers"
    assert validate(document) == []
    text = serialize_nquads(to_dataset(document))
    for term in ("prohibition", "assigner", "assignee", "target", "action"):
        assert f"<http://www.w3.org/ns/odrl/2/{term}>" in text


@pytest.mark.parametrize("number", sorted(V1_DATA_LOSS))
def test_v1_example_uses_undefined_terms(number: int) -> None:
    document = read_json(*V1, f"example-{number:02d}.json")
    assert validate_structure(document) == []
    problems = validate(document)
    assert {p.code for p in problems} == {"DATA_LOSS_DETECTION_ERROR"}
    assert {p.pointer for p in problems} == V1_DATA_LOSS[number]


@pytest.mark.parametrize("number", [24, 25])
def test_v1_zkp_examples_lack_issuance_date(number: int) -> None:
    # The ZKP examples omit issuanceDate, which VC 1.1 requires.
    problems = validate_structure(read_json(*V1, f"example-{number:02d}.json"))
    pointer = "/issuanceDate" if number == 24 else "/verifiableCredential/0/issuanceDate"
    assert [(p.code, p.pointer) for p in problems] == [("MALFORMED_VALUE_ERROR", pointer)]


def test_v1_example_17_uses_undefined_terms() -> None:
    # Its context (example 16) defines referenceNumber and favoriteFood only: 'name' and the
    # type CustomExt12 would be dropped by JSON-LD processing.
    document = read_json(*V1, "example-17.json")
    assert validate_structure(document) == []
    problems = validate(document, loader=_loader())
    assert {(p.code, p.pointer) for p in problems} == {
        ("DATA_LOSS_DETECTION_ERROR", "/credentialSubject/name"),
        ("DATA_LOSS_DETECTION_ERROR", "/type/1"),
    }


def test_every_json_v1_example_is_classified() -> None:
    index = read_json(*V1, "index.json")["examples"]
    parsed = {e["n"] for e in index if e["parsed"] == "json"}
    assert parsed == {17, 24, 25, *V1_VALID, *V1_DATA_LOSS, *V1_NOT_CREDENTIALS}


# -- VC 1.1 test suite ------------------------------------------------------------------------

# '-bad-' fixtures the data model alone cannot reject: the suite's generator also required a
# proof with a type, and a credentialSchema for ZKP credentials. Proofs are checked by
# vcler.verify, not by validate (docs/validation.md).
SUITE_OUT_OF_SCOPE = {
    "example-015-zkp-bad-no-credential-schema.jsonld",
    "example-015-zkp-bad-no-proof.jsonld",
    "example-015-zkp-bad-proof-missing-type.jsonld",
    "example-015-zkp-vp-bad-missing-proof.jsonld",
    "example-015-zkp-vp-bad-no-credential-schema.jsonld",
    "example-5-bad-proof-missing-type.jsonld",
    "example-8-bad-missing-proof-type.jsonld",
}

# The exact problem each rejected fixture gives (code, pointer).
SUITE_REJECTED = {
    "example-014-bad-no-credential-subject.jsonld": [
        ("MALFORMED_VALUE_ERROR", "/credentialSubject")
    ],
    "example-015-zkp-bad-no-credential-schema-id.jsonld": [
        ("MALFORMED_VALUE_ERROR", "/credentialSchema/id")
    ],
    "example-015-zkp-bad-no-credential-schema-type.jsonld": [
        ("MALFORMED_VALUE_ERROR", "/credentialSchema/type")
    ],
    "example-1-bad-cardinality.jsonld": [
        ("MALFORMED_VALUE_ERROR", "/@context"),
        ("MALFORMED_VALUE_ERROR", "/@context"),
    ],
    "example-1-bad-url.jsonld": [("MALFORMED_VALUE_ERROR", "/@context/0")],
    "example-2-bad-cardinality.jsonld": [
        ("MALFORMED_VALUE_ERROR", "/id"),
        ("PARSING_ERROR", ""),  # JSON-LD: "@id" value must be a string
    ],
    "example-3-bad-cardinality.jsonld": [("MALFORMED_VALUE_ERROR", "/type")],
    "example-3-bad-missing-type.jsonld": [("MALFORMED_VALUE_ERROR", "/type")],
    "example-4-bad-issuanceDate-cardinality.jsonld": [("MALFORMED_VALUE_ERROR", "/issuanceDate")],
    "example-4-bad-issuanceDate.jsonld": [("MALFORMED_VALUE_ERROR", "/issuanceDate")],
    "example-4-bad-issuer-cardinality.jsonld": [("MALFORMED_VALUE_ERROR", "/issuer")],
    "example-4-bad-issuer-uri.jsonld": [("MALFORMED_VALUE_ERROR", "/issuer")],
    "example-4-bad-missing-issuanceDate.jsonld": [("MALFORMED_VALUE_ERROR", "/issuanceDate")],
    "example-4-bad-missing-issuer.jsonld": [("MALFORMED_VALUE_ERROR", "/issuer")],
    "example-6-bad-cardinality.jsonld": [("MALFORMED_VALUE_ERROR", "/expirationDate")],
    "example-6-bad-expirationDate.jsonld": [("MALFORMED_VALUE_ERROR", "/expirationDate")],
    "example-7-bad-missing-id.jsonld": [("MALFORMED_VALUE_ERROR", "/credentialStatus/id")],
    "example-7-bad-missing-type.jsonld": [("MALFORMED_VALUE_ERROR", "/credentialStatus/type")],
    "example-8-bad-type.jsonld": [
        ("MALFORMED_VALUE_ERROR", "/type"),
        ("MALFORMED_VALUE_ERROR", "/issuer"),
        ("MALFORMED_VALUE_ERROR", "/issuanceDate"),
    ],
}


# What safe mode reports as dropped by JSON-LD processing (DATA_LOSS_DETECTION_ERROR pointers):
# terms and types the examples context does not define, relative IRIs, a JWT string or a proof
# without type as a @graph value. Without the VerifiableCredential type, the 1.1 context's
# type-scoped terms (issuer, issuanceDate, credentialSubject) are undefined too.
SUITE_DATA_LOSS = {
    "example-012.jsonld": {"/termsOfUse/0/prohibition/0/assignee"},
    "example-013.jsonld": {"/evidence/0/type/0", "/evidence/1/type/0"},
    "example-015-zkp-vp-bad-no-credential-schema.jsonld": {"/proof/proofValue"},
    "example-015-zkp-vp.jsonld": {"/proof/proofValue"},
    "example-016-jwt-presentation-no-iss.jsonld": {"/type/1", "/verifiableCredential/0"},
    "example-016-jwt-presentation-no-jti.jsonld": {"/type/1", "/verifiableCredential/0"},
    "example-016-jwt-presentation.jsonld": {"/type/1", "/verifiableCredential/0"},
    "example-016-jwt-with-embedded-proof.jsonld": {"/proof/type"},
    "example-3-bad-cardinality.jsonld": {"/issuer", "/issuanceDate", "/credentialSubject"},
    "example-3-bad-missing-type.jsonld": {"/issuer", "/issuanceDate", "/credentialSubject"},
    "example-4-bad-issuer-uri.jsonld": {"/issuer"},
    "example-5-bad-proof-missing-type.jsonld": {
        "",
        "/proof/created",
        "/proof/jws",
        "/proof/proofPurpose",
        "/proof/verificationMethod",
    },
    "example-7-bad-missing-id.jsonld": {"/credentialStatus/type"},
    "example-7.jsonld": {"/credentialStatus/type"},
    "example-8-bad-missing-proof-type.jsonld": {""},
    "example-8-bad-type.jsonld": {"/credentialSubject", "/verifiableCredential", "/type/0"},
    "example-8.jsonld": {"/type/1"},
}


def _split(problems: list[Problem]) -> tuple[list[tuple[str, str]], set[str]]:
    """(code, pointer) of every problem but data loss, and the data-loss pointers."""
    data_loss = {p.pointer for p in problems if p.code == "DATA_LOSS_DETECTION_ERROR"}
    others = [(p.code, p.pointer) for p in problems if p.code != "DATA_LOSS_DETECTION_ERROR"]
    return others, data_loss


def _suite_files() -> list[str]:
    return sorted(p.name for p in vector_path(*SUITE).glob("*.jsonld"))


def test_suite_fixtures_are_all_classified() -> None:
    bad = {name for name in _suite_files() if "-bad-" in name}
    assert bad == set(SUITE_REJECTED) | SUITE_OUT_OF_SCOPE


@pytest.mark.parametrize("name", sorted(SUITE_REJECTED))
def test_suite_bad_fixture_is_rejected(name: str) -> None:
    others, data_loss = _split(validate(read_json(*SUITE, name)))
    assert others == SUITE_REJECTED[name]
    assert data_loss == SUITE_DATA_LOSS.get(name, set())


@pytest.mark.parametrize(
    "name", [n for n in _suite_files() if "-bad-" not in n] + sorted(SUITE_OUT_OF_SCOPE)
)
def test_suite_fixture_is_accepted(name: str) -> None:
    document = read_json(*SUITE, name)
    assert validate_structure(document) == []
    others, data_loss = _split(validate(document))
    assert others == []
    assert data_loss == SUITE_DATA_LOSS.get(name, set())
