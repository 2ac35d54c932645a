"""The RDFC proof configuration's canonical form, reused when only ``created`` differs: always
the bytes a fresh canonicalization gives, and never reused where it could differ."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from vcler.canon import canonicalize_statements
from vcler.di.suites._stages import rdfc_proof_configuration
from vcler.jsonld import StaticDocumentLoader, derived_cache, to_statements

V2 = "https://www.w3.org/ns/credentials/v2"
DOCUMENT = {"@context": [V2, {"alumniOf": "https://schema.org#alumniOf"}]}
OPTIONS = {
    "type": "DataIntegrityProof",
    "cryptosuite": "eddsa-rdfc-2022",
    "verificationMethod": "did:key:z6Mkq#z6Mkq",
    "proofPurpose": "assertionMethod",
}

datetimes = st.builds(
    "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}{}{}".format,
    st.integers(0, 9999),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 23),
    st.integers(0, 59),
    st.integers(0, 59),
    st.sampled_from(["", ".5", ".123456"]),
    st.sampled_from(["", "Z", "+01:00", "-12:30"]),
)


def fresh(options: dict[str, Any], document: dict[str, Any], hash_algorithm: str) -> str:
    """The canonical form computed from scratch (no reuse)."""
    config = {"@context": document["@context"], **options}
    statements = to_statements(config, loader=StaticDocumentLoader())
    return canonicalize_statements(statements, hash_algorithm=hash_algorithm)


def configuration(
    options: dict[str, Any], loader: StaticDocumentLoader, document: dict[str, Any] = DOCUMENT
) -> str:
    return rdfc_proof_configuration(
        options, document=document, hash_algorithm="sha256", loader=loader
    )


def test_second_configuration_reuses_the_first_with_its_own_created() -> None:
    loader = StaticDocumentLoader()
    first = {**OPTIONS, "created": "2024-01-01T00:00:00Z"}
    second = {**OPTIONS, "created": "2031-12-31T23:59:59.25+02:00"}
    assert configuration(first, loader) == fresh(first, DOCUMENT, "sha256")
    assert len(derived_cache(loader)) == 1
    assert configuration(second, loader) == fresh(second, DOCUMENT, "sha256")
    assert len(derived_cache(loader)) == 1  # the same entry served both
    assert '"2031-12-31T23:59:59.25+02:00"^^' in configuration(second, loader)


@settings(max_examples=60, deadline=None)
@given(
    first=datetimes,
    second=datetimes,
    extra=st.fixed_dictionaries(
        {},
        optional={
            "id": st.sampled_from(["urn:uuid:1", "_:b0", "https://a.example/x"]),
            "domain": datetimes,
            "challenge": datetimes,
            "expires": datetimes,
            "alumniOf": st.one_of(datetimes, st.builds(lambda x: {"alumniOf": x}, datetimes)),
        },
    ),
)
def test_reuse_gives_the_bytes_of_a_fresh_canonicalization(
    first: str, second: str, extra: dict[str, str]
) -> None:
    loader = StaticDocumentLoader()
    for created in (first, second, first):
        options = {**OPTIONS, **extra, "created": created}
        assert configuration(options, loader) == fresh(options, DOCUMENT, "sha256")


def test_not_reused_when_another_term_states_created_too() -> None:
    # "made" is dc:created as well: with the same value the two statements are one, with
    # another value two; a template from the first would be wrong for the second.
    document = {
        "@context": [
            V2,
            {
                "made": {
                    "@id": "http://purl.org/dc/terms/created",
                    "@type": "http://www.w3.org/2001/XMLSchema#dateTime",
                }
            },
        ]
    }
    loader = StaticDocumentLoader()
    same = {**OPTIONS, "made": "2024-01-01T00:00:00Z", "created": "2024-01-01T00:00:00Z"}
    other = {**OPTIONS, "made": "2024-01-01T00:00:00Z", "created": "2025-01-01T00:00:00Z"}
    assert configuration(same, loader, document) == fresh(same, document, "sha256")
    assert configuration(other, loader, document) == fresh(other, document, "sha256")
    assert fresh(same, document, "sha256").count("terms/created") == 1
    assert fresh(other, document, "sha256").count("terms/created") == 2
    assert len(derived_cache(loader)) == 0


def test_not_reused_for_a_created_that_is_not_a_plain_datetime() -> None:
    loader = StaticDocumentLoader()
    for created in ["2024-01-01", 'x"y', 17, ["2024-01-01T00:00:00Z"], "２０２４-01-01T00:00:00Z"]:
        options = {**OPTIONS, "created": created}
        assert configuration(options, loader) == fresh(options, DOCUMENT, "sha256")
    assert len(derived_cache(loader)) == 0


def test_not_reused_with_two_blank_nodes() -> None:
    loader = StaticDocumentLoader()
    options = {**OPTIONS, "created": "2024-01-01T00:00:00Z", "proofPurpose": "assertionMethod"}
    options["alumniOf"] = {"alumniOf": "Example University"}  # a second blank node
    assert configuration(options, loader) == fresh(options, DOCUMENT, "sha256")
    assert len(derived_cache(loader)) == 0
