"""Credentials and presentations that each break exactly one rule, with the exact pointer."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from vcler.models import VerifiableCredential
from vcler.validation import validate, validate_structure

V2 = "https://www.w3.org/ns/credentials/v2"
V1 = "https://www.w3.org/2018/credentials/v1"
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"
UNDEFINED_TERMS = "https://www.w3.org/ns/credentials/undefined-terms/v2"
MALFORMED = "MALFORMED_VALUE_ERROR"


def credential() -> dict[str, Any]:
    """A valid VC 2.0 credential using every property the validator checks."""
    return {
        "@context": [V2, EXAMPLES_V2],
        "id": "urn:uuid:0c07c1ce-57cb-41af-bef2-1b932b986873",
        "type": ["VerifiableCredential", "ExampleDegreeCredential"],
        "name": [{"@value": "Degree", "@language": "en"}, "Diplôme"],
        "description": {"@value": "شهادة", "@language": "ar", "@direction": "rtl"},
        "issuer": {"id": "did:example:issuer", "name": "Example University"},
        "validFrom": "2024-01-01T00:00:00Z",
        "validUntil": "2030-01-01T00:00:00+01:00",
        "credentialSubject": [{"id": "did:example:learner", "degree": "BSc"}, {"name": "x"}],
        "credentialStatus": {
            "id": "https://status.example/3#94567",
            "type": "BitstringStatusListEntry",
        },
        "credentialSchema": [{"id": "https://schema.example/degree.json", "type": "JsonSchema"}],
        "evidence": [{"id": "https://evidence.example/1", "type": ["Evidence"]}],
        "termsOfUse": {"type": "ExamplePolicy"},
        "refreshService": {"type": "ExampleRefresh", "url": "https://refresh.example/"},
        "relatedResource": [
            {
                "id": V2,
                "digestMultibase": "uEiBZlVztZpfWHgPyslVv6-UwirFoQoRvW1htfx963sknNA",
                "mediaType": "application/ld+json",
            },
            {"id": "https://image.example/logo.png", "digestSRI": "sha256-" + "A" * 43 + "="},
        ],
        "proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022"},
    }


def presentation() -> dict[str, Any]:
    """A valid VC 2.0 presentation with an embedded and an enveloped credential."""
    return {
        "@context": [V2, EXAMPLES_V2],
        "id": "urn:uuid:3978344f-8596-4c3a-a978-8fcaba3903c5",
        "type": ["VerifiablePresentation"],
        "holder": {"id": "did:example:holder"},
        "verifiableCredential": [
            credential(),
            {
                "@context": V2,
                "id": "data:application/vc+jwt,eyJhbGciOiJFUzI1NiJ9.e30.sig",
                "type": "EnvelopedVerifiableCredential",
            },
        ],
        "termsOfUse": [{"type": "HolderPolicy"}],
        "proof": [{"type": "DataIntegrityProof"}],
    }


def credential_v1() -> dict[str, Any]:
    """A valid VC 1.1 credential."""
    return {
        "@context": [V1],
        "type": ["VerifiableCredential"],
        "issuer": "https://issuer.example/",
        "issuanceDate": "2010-01-01T19:23:24",
        "expirationDate": "2020-01-01T19:23:24Z",
        "credentialSubject": {"id": "did:example:learner"},
        "credentialStatus": {"id": "https://status.example/24", "type": "CredentialStatusList2017"},
        "refreshService": {"id": "https://refresh.example/1", "type": "ManualRefreshService2018"},
    }


def test_fixtures_are_valid() -> None:
    assert validate(credential()) == []
    assert validate(presentation()) == []
    assert validate_structure(credential_v1()) == []


def _set(document: dict[str, Any], pointer: str, value: Any) -> dict[str, Any]:
    """A copy of ``document`` with ``pointer`` set to ``value`` (deleted for ``DELETE``)."""
    document = copy.deepcopy(document)
    *parents, last = [int(t) if t.isdigit() else t for t in pointer.split("/")[1:]]
    target: Any = document
    for token in parents:
        target = target[token]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value
    return document


DELETE = object()

# (pointer to change, new value, expected code, expected problem pointer)
CREDENTIAL_CASES = [
    ("/@context", DELETE, MALFORMED, "/@context"),
    ("/@context/0", EXAMPLES_V2, MALFORMED, "/@context/0"),
    ("/@context/1", 42, MALFORMED, "/@context/1"),
    ("/@context/1", "not a url", MALFORMED, "/@context/1"),
    ("/@context", [V2, UNDEFINED_TERMS, EXAMPLES_V2], MALFORMED, "/@context/1"),
    ("/type", DELETE, MALFORMED, "/type"),
    ("/type", ["ExampleDegreeCredential"], MALFORMED, "/type"),
    ("/type/1", 7, MALFORMED, "/type/1"),
    ("/type", [], MALFORMED, "/type"),
    ("/id", "3732", MALFORMED, "/id"),
    ("/id", ["urn:a", "urn:b"], MALFORMED, "/id"),
    ("/name/0/@language", "not a tag!", MALFORMED, "/name/0/@language"),
    ("/name/1", 5, MALFORMED, "/name/1"),
    ("/description/@direction", "up", MALFORMED, "/description/@direction"),
    ("/description/@value", None, MALFORMED, "/description/@value"),
    ("/description/@type", "x", MALFORMED, "/description"),
    ("/issuer", DELETE, MALFORMED, "/issuer"),
    ("/issuer", "example", MALFORMED, "/issuer"),
    ("/issuer", ["did:example:a", "did:example:b"], MALFORMED, "/issuer"),
    ("/issuer/id", DELETE, MALFORMED, "/issuer/id"),
    ("/issuer/id", "http://", MALFORMED, "/issuer/id"),
    ("/issuer/name", {"en": "x"}, MALFORMED, "/issuer/name"),
    ("/validFrom", "2024-01-01T00:00:00", MALFORMED, "/validFrom"),
    ("/validFrom", "2023-02-29T00:00:00Z", MALFORMED, "/validFrom"),
    ("/validUntil", "2030-01-01", MALFORMED, "/validUntil"),
    ("/validUntil", "2023-12-31T23:59:59Z", "RANGE_ERROR", "/validUntil"),
    ("/credentialSubject", DELETE, MALFORMED, "/credentialSubject"),
    ("/credentialSubject", [], MALFORMED, "/credentialSubject"),
    ("/credentialSubject/1", {}, MALFORMED, "/credentialSubject/1"),
    ("/credentialSubject/1", "did:example:x", MALFORMED, "/credentialSubject/1"),
    ("/credentialSubject/0/id", "learner", MALFORMED, "/credentialSubject/0/id"),
    ("/credentialStatus/type", DELETE, MALFORMED, "/credentialStatus/type"),
    ("/credentialStatus/id", "94567", MALFORMED, "/credentialStatus/id"),
    ("/credentialStatus", "https://status.example/3", MALFORMED, "/credentialStatus"),
    ("/credentialSchema/0/id", DELETE, MALFORMED, "/credentialSchema/0/id"),
    ("/credentialSchema/0/type", DELETE, MALFORMED, "/credentialSchema/0/type"),
    ("/evidence/0/type", [], MALFORMED, "/evidence/0/type"),
    ("/evidence/0/id", 1, MALFORMED, "/evidence/0/id"),
    ("/termsOfUse/type", DELETE, MALFORMED, "/termsOfUse/type"),
    ("/refreshService/type", DELETE, MALFORMED, "/refreshService/type"),
    ("/relatedResource/0/id", DELETE, MALFORMED, "/relatedResource/0/id"),
    (
        "/relatedResource/1",
        {"id": V2, "digestMultibase": "uEiBZlVztZpfWHgPyslVv6-UwirFoQoRvW1htfx963sknNA"},
        MALFORMED,
        "/relatedResource/1/id",
    ),
    ("/relatedResource/1/digestSRI", DELETE, MALFORMED, "/relatedResource/1"),
    ("/relatedResource/1/digestSRI", "md5-abc", MALFORMED, "/relatedResource/1/digestSRI"),
    ("/relatedResource/1/digestSRI", "sha256-AAAA", MALFORMED, "/relatedResource/1/digestSRI"),
    (
        "/relatedResource/0/digestMultibase",
        "uEiBXOT-8adbvubm13Jy2uYgLCUQ2Cr_i6vRZyeWM8iedfA",  # the examples/v2 digest
        MALFORMED,
        "/relatedResource/0/digestMultibase",
    ),
    ("/relatedResource/0/digestMultibase", "zzz0", MALFORMED, "/relatedResource/0/digestMultibase"),
    ("/relatedResource/0/mediaType", "json", MALFORMED, "/relatedResource/0/mediaType"),
    ("/relatedResource/1", "https://image.example/logo.png", MALFORMED, "/relatedResource/1"),
    ("/proof", "z58DAdFfa9SkqZMVPxAQp", MALFORMED, "/proof"),
    ("/proof", [{"type": "DataIntegrityProof"}, 3], MALFORMED, "/proof/1"),
]


@pytest.mark.parametrize(("pointer", "value", "code", "where"), CREDENTIAL_CASES)
def test_credential_breaking_one_rule(pointer: str, value: Any, code: str, where: str) -> None:
    problems = validate_structure(_set(credential(), pointer, value))
    assert [(p.code, p.pointer) for p in problems] == [(code, where)]


PRESENTATION_CASES = [
    ("/type", ["ExamplePresentation"], MALFORMED, "/type"),
    ("/id", "3978344f", MALFORMED, "/id"),
    ("/holder", "holder", MALFORMED, "/holder"),
    ("/holder", {"name": "x"}, MALFORMED, "/holder/id"),
    ("/holder", 3, MALFORMED, "/holder"),
    ("/verifiableCredential/0/issuer", DELETE, MALFORMED, "/verifiableCredential/0/issuer"),
    (
        "/verifiableCredential/0/credentialSubject/1",
        {},
        MALFORMED,
        "/verifiableCredential/0/credentialSubject/1",
    ),
    ("/verifiableCredential/0/@context", DELETE, MALFORMED, "/verifiableCredential/0/@context"),
    ("/verifiableCredential/1/id", "https://vc.example/1", MALFORMED, "/verifiableCredential/1/id"),
    ("/verifiableCredential/1/id", DELETE, MALFORMED, "/verifiableCredential/1/id"),
    ("/verifiableCredential/1/@context", DELETE, MALFORMED, "/verifiableCredential/1/@context"),
    (
        "/verifiableCredential/1",
        "eyJhbGciOiJFUzI1NiJ9.e30.sig",
        MALFORMED,
        "/verifiableCredential/1",
    ),
    ("/termsOfUse/0/type", DELETE, MALFORMED, "/termsOfUse/0/type"),
    ("/proof/0", "sig", MALFORMED, "/proof/0"),
]


@pytest.mark.parametrize(("pointer", "value", "code", "where"), PRESENTATION_CASES)
def test_presentation_breaking_one_rule(pointer: str, value: Any, code: str, where: str) -> None:
    problems = validate_structure(_set(presentation(), pointer, value))
    assert [(p.code, p.pointer) for p in problems] == [(code, where)]


V1_CASES = [
    ("/issuanceDate", DELETE, MALFORMED, "/issuanceDate"),
    ("/issuanceDate", "2010-01-01", MALFORMED, "/issuanceDate"),
    ("/expirationDate", "2009-12-31T00:00:00Z", "RANGE_ERROR", "/expirationDate"),
    ("/credentialStatus/id", DELETE, MALFORMED, "/credentialStatus/id"),
    ("/refreshService/id", DELETE, MALFORMED, "/refreshService/id"),
    ("/@context/0", V2 + "x", MALFORMED, "/@context/0"),
]


@pytest.mark.parametrize(("pointer", "value", "code", "where"), V1_CASES)
def test_v1_credential_breaking_one_rule(pointer: str, value: Any, code: str, where: str) -> None:
    problems = validate_structure(_set(credential_v1(), pointer, value))
    assert [(p.code, p.pointer) for p in problems] == [(code, where)]


def test_v1_rules_are_not_v2_rules() -> None:
    # 1.1 needs no validFrom and admits a dateTime without zone; 2.0 needs no issuanceDate.
    v2 = _set(credential(), "/validFrom", DELETE)
    assert validate_structure(v2) == []
    v1_presentation = {
        "@context": [V1],
        "type": "VerifiablePresentation",
        "verifiableCredential": ["eyJhbGciOiJFUzI1NiJ9.e30.sig", credential_v1()],
    }
    assert validate_structure(v1_presentation) == []


def test_all_violations_are_reported() -> None:
    document = credential()
    del document["issuer"]
    document["validFrom"] = "yesterday"
    document["credentialSubject"] = []
    document["type"] = "ExampleDegreeCredential"
    pointers = [p.pointer for p in validate_structure(document)]
    assert pointers == ["/type", "/issuer", "/credentialSubject", "/validFrom"]


def test_safe_mode_problem_is_appended() -> None:
    document = credential()
    document["@context"] = [V2]
    problems = validate(document)
    assert {p.code for p in problems} == {"DATA_LOSS_DETECTION_ERROR"}
    assert "/credentialSubject/0/degree" in {p.pointer for p in problems}


def test_safe_mode_skipped_when_context_is_malformed() -> None:
    document = credential()
    document["@context"] = [V2, 42]
    assert [p.pointer for p in validate(document)] == ["/@context/1"]


def test_loader_is_used() -> None:
    document = credential()
    document["@context"].append("https://ctx.example/v1")
    problems = validate(document)
    assert [(p.code, p.pointer) for p in problems] == [("LOADING_DOCUMENT_FAILED", "/@context/2")]
    from vcler.jsonld import StaticDocumentLoader

    loader = StaticDocumentLoader({"https://ctx.example/v1": {"@context": {}}})
    assert validate(document, loader=loader) == []


def test_non_object_documents() -> None:
    for document in (None, 1, "vc", [credential()], True):
        assert [(p.code, p.pointer) for p in validate(document)] == [("PARSING_ERROR", "")]


def test_too_deep_is_a_problem_not_an_exception() -> None:
    deep: Any = "x"
    for _ in range(200):
        deep = [deep]
    document = credential()
    document["credentialSubject"][0]["deep"] = deep
    assert [p.code for p in validate(document)] == ["PARSING_ERROR"]


@pytest.mark.parametrize("value", [{1, 2}, float("nan"), object(), {1: "a"}])
def test_non_json_raises_input_error(value: Any) -> None:
    from vcler.errors import InputError

    document = credential()
    document["credentialSubject"][0]["bad"] = value
    with pytest.raises(InputError):
        validate(document)


def test_enveloped_presentation_at_top_level() -> None:
    document = {
        "@context": V2,
        "id": "data:application/vp+jwt,eyJraWQiO.e30.sig",
        "type": "EnvelopedVerifiablePresentation",
    }
    assert validate(document) == []
    document["id"] = "data:application/vp+jwt;eyJraWQiO"  # no comma: not a data: URL
    assert [p.pointer for p in validate(document)] == ["/id"]


def test_model_is_accepted_as_input() -> None:
    model = VerifiableCredential.from_json(credential())
    assert validate(model) == []
    model.issuer = "not a url"
    assert {p.pointer for p in validate(model)} == {"/issuer"}
