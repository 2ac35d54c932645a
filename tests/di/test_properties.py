"""Property tests: sign → verify holds for every suite; any single change breaks it;
verify_proofs never raises, whatever it is given."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vcler.di import add_proof, verify_proofs
from vcler.keys import KeyPair

from ._helpers import CREATED, SUITE_KEYS, resolve_method, verify

KEYS = {key_type: KeyPair.generate(key_type) for key_type in ("Ed25519", "P-256", "P-384")}
OTHER_KEYS = {key_type: KeyPair.generate(key_type) for key_type in KEYS}
SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Subject claims from the examples/v2 vocabulary (it maps every term with @vocab) and an
# inline context defining a few typed terms.
INLINE_CONTEXT = {
    "ex": "https://example.org/vocab#",
    "score": {"@id": "ex:score", "@type": "http://www.w3.org/2001/XMLSchema#integer"},
    "nickname": "ex:nickname",
    "tags": {"@id": "ex:tags", "@container": "@set"},
}
TERMS = ["alumniOf", "degreeName", "nickname", "score", "tags", "grade", "active"]
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
claim_value = st.one_of(
    text,
    st.integers(min_value=-(10**6), max_value=10**6),
    st.booleans(),
    st.lists(text, min_size=1, max_size=3),
)
claims = st.dictionaries(st.sampled_from(TERMS), claim_value, min_size=1, max_size=4)
suite_keys = st.sampled_from(SUITE_KEYS)


def _credential(subject_claims: dict[str, Any], inline: bool) -> dict[str, Any]:
    contexts: list[Any] = [
        "https://www.w3.org/ns/credentials/v2",
        "https://www.w3.org/ns/credentials/examples/v2",
    ]
    if inline:
        contexts.append(INLINE_CONTEXT)
    claims = dict(subject_claims)
    if not inline:  # without the inline context, "score" is an untyped term
        claims = {k: v for k, v in claims.items() if k != "score"} or {"alumniOf": "x"}
    return {
        "@context": contexts,
        "type": ["VerifiableCredential", "ExampleAlumniCredential"],
        "issuer": "did:example:issuer",
        "validFrom": "2023-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:subject", **claims},
    }


def _sign(document: dict[str, Any], suite: str, key_type: str) -> dict[str, Any]:
    return add_proof(document, signer=KEYS[key_type], suite=suite, created=CREATED)


@SETTINGS
@given(subject_claims=claims, inline=st.booleans(), suite_key=suite_keys)
def test_sign_then_verify(
    subject_claims: dict[str, Any], inline: bool, suite_key: tuple[str, str]
) -> None:
    suite, key_type = suite_key
    signed = _sign(_credential(subject_claims, inline), suite, key_type)
    results = verify(signed)
    assert [r.verified for r in results] == [True], [r.to_json() for r in results]


def _statements(value: Any, *, typed: bool) -> frozenset[tuple[Any, Any]]:
    """The RDF statements a claim value makes, roughly: a list is a set of its items; a term
    with a datatype turns every value into that datatype's lexical form."""
    items = value if isinstance(value, list) else [value]
    if typed:
        return frozenset(
            (None, str(item).lower() if isinstance(item, bool) else str(item)) for item in items
        )
    return frozenset((type(item), item) for item in items)


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, Any]:
    """One change to a signed credential: (kind, argument)."""
    kind = draw(
        st.sampled_from(
            [
                "claim-value",
                "claim-added",
                "claim-removed",
                "created",
                "method",
                "purpose",
                "context",
            ]
        )
    )
    if kind == "claim-value":
        return kind, draw(claim_value)
    if kind == "claim-added":
        return kind, (draw(st.sampled_from(["extraTerm", "anotherTerm"])), draw(text))
    if kind == "created":
        return kind, draw(st.sampled_from(["2023-02-24T23:36:39Z", "2024-01-01T00:00:00Z"]))
    return kind, None


def _mutate(document: dict[str, Any], kind: str, argument: Any, key_type: str) -> bool:
    """Apply one mutation; ``False`` when it would not change anything."""
    subject = document["credentialSubject"]
    claim = sorted(k for k in subject if k != "id")[0]
    proof = document["proof"]
    if kind == "claim-value":
        typed = claim == "score" and INLINE_CONTEXT in document["@context"]
        if _statements(subject[claim], typed=typed) == _statements(argument, typed=typed):
            return False  # the same statements (RDF sets are unordered, duplicates collapse)
        subject[claim] = argument
    elif kind == "claim-added":
        subject[argument[0]] = argument[1]
    elif kind == "claim-removed":
        del subject[claim]
    elif kind == "created":
        proof["created"] = argument
    elif kind == "method":
        proof["verificationMethod"] = OTHER_KEYS[key_type].id
    elif kind == "purpose":
        proof["proofPurpose"] = "authentication"
    elif kind == "context":
        contexts = list(document["@context"])
        contexts[1] = {"@vocab": "https://evil.example/vocab#"}
        document["@context"] = contexts
        if "@context" in proof:  # keep the JCS proof's context a prefix: the signature decides
            proof["@context"] = contexts
    return True


@SETTINGS
@given(subject_claims=claims, inline=st.booleans(), suite_key=suite_keys, mutation=mutations())
def test_any_single_change_fails(
    subject_claims: dict[str, Any],
    inline: bool,
    suite_key: tuple[str, str],
    mutation: tuple[str, Any],
) -> None:
    suite, key_type = suite_key
    signed = _sign(_credential(subject_claims, inline), suite, key_type)
    tampered = copy.deepcopy(signed)
    kind, argument = mutation
    if not _mutate(tampered, kind, argument, key_type):
        return
    results = verify(tampered, expected_purpose=None if kind == "purpose" else "assertionMethod")
    assert not any(r.verified for r in results), (kind, argument, [r.to_json() for r in results])
    assert all(r.problems for r in results)


# -- verify_proofs never raises ---------------------------------------------------------------

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**60), max_value=2**60),
    st.floats(allow_nan=False, allow_infinity=False),
    text,
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            text | st.sampled_from(["@context", "@id", "@type", "id", "type"]), children, max_size=3
        )
    ),
    max_leaves=10,
)
PROOF_MEMBERS = [
    "type",
    "cryptosuite",
    "verificationMethod",
    "proofPurpose",
    "proofValue",
    "created",
    "expires",
    "domain",
    "challenge",
    "previousProof",
    "id",
    "@context",
]
member_values = st.one_of(
    json_values,
    st.sampled_from(
        [
            "DataIntegrityProof",
            "Ed25519Signature2020",
            "eddsa-rdfc-2022",
            "eddsa-jcs-2022",
            "ecdsa-rdfc-2019",
            "ecdsa-jcs-2019",
            "assertionMethod",
            KEYS["Ed25519"].id,
            KEYS["P-256"].id,
            "did:key:z6MkInvalid#z6MkInvalid",
            "zInvalidProofValue",
            "z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk9czhSePTFehP8c3PGfb6a22gkfUKKEbSHdsRFPH4EXxXn",
            "2023-02-24T23:36:38Z",
        ]
    ),
)
proofs = st.one_of(
    json_values,
    st.dictionaries(st.sampled_from(PROOF_MEMBERS), member_values, max_size=len(PROOF_MEMBERS)),
)


def _check(results: Any) -> None:
    assert isinstance(results, list)
    for result in results:
        assert not result.verified
        assert result.problems
        for problem in result.problems:
            # Any "unexpected error" is a bug: the boundary turned an exception into a problem.
            assert problem.message != "unexpected error while verifying the proof", problem


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(proof=st.one_of(proofs, st.lists(proofs, max_size=3)), context=st.booleans())
def test_verify_never_raises_for_any_proof(proof: Any, context: bool) -> None:
    document = {
        "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer",
        "credentialSubject": {"id": "did:example:subject"},
        "proof": proof,
    }
    if context:
        document["@context"] = ["https://www.w3.org/ns/credentials/v2"]
    _check(verify_proofs(document, get_verification_method=resolve_method))


@settings(max_examples=60, deadline=None)
@given(document=json_values)
def test_verify_never_raises_for_any_document(document: Any) -> None:
    results = verify_proofs(document, get_verification_method=resolve_method)
    if isinstance(document, dict) and document.get("proof") not in (None, []):
        assert results
    _check(results)


@settings(max_examples=40, deadline=None)
@given(value=json_values, member=st.sampled_from(PROOF_MEMBERS))
def test_verify_never_raises_for_a_changed_member(value: Any, member: str) -> None:
    signed = _sign(_credential({"alumniOf": "x"}, False), "eddsa-rdfc-2022", "Ed25519")
    signed["proof"][member] = value
    _check(verify_proofs(signed, get_verification_method=resolve_method))


# -- ecdsa-sd-2023: whatever is disclosed verifies, and nothing else is disclosed ---------------


@SETTINGS
@given(
    subject_claims=claims,
    inline=st.booleans(),
    key_type=st.sampled_from(["P-256", "P-384"]),
    data=st.data(),
)
def test_derive_then_verify(
    subject_claims: dict[str, Any], inline: bool, key_type: str, data: st.DataObject
) -> None:
    from vcler.di import derive_proof

    credential = _credential(subject_claims, inline)
    base = add_proof(
        credential,
        signer=KEYS[key_type],
        suite="ecdsa-sd-2023",
        created=CREATED,
        mandatory_pointers=["/issuer"],
    )
    subject = credential["credentialSubject"]
    names = sorted(name for name in subject if name != "id")
    chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, unique=True))
    derived = derive_proof(base, selective_pointers=[f"/credentialSubject/{n}" for n in chosen])
    assert derived["credentialSubject"] == {
        "id": "did:example:subject",
        **{name: subject[name] for name in chosen},
    }
    assert [r.verified for r in verify(derived)] == [True]
    # Any disclosed claim changed, or one more claim disclosed, breaks the derived proof.
    changed = copy.deepcopy(derived)
    changed["credentialSubject"][chosen[0]] = "changed"
    hidden = [name for name in names if name not in chosen]
    if changed["credentialSubject"] != derived["credentialSubject"]:
        assert [r.verified for r in verify(changed)] == [False]
    if hidden:
        more = copy.deepcopy(derived)
        more["credentialSubject"][hidden[0]] = subject[hidden[0]]
        assert [r.verified for r in verify(more)] == [False]
