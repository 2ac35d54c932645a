"""Hostile tokens: each refused with a clear code, never an exception; and round trips that hold
for any credential, with any single change to a token caught."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vcler
from vcler.cli._demo import example_credential
from vcler.jose import present_sd_jwt
from vcler.keys import KeyPair
from vcler.keys.encoding import b64url_encode

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
ISSUER = vcler.generate_key("P-256")
HOLDER = vcler.generate_key("Ed25519")


def badge(issuer: str = ISSUER.controller) -> dict[str, Any]:
    credential = example_credential()
    credential["issuer"]["id"] = issuer
    return credential


def b64(value: Any) -> str:
    data = value if isinstance(value, bytes) else json.dumps(value).encode()
    return b64url_encode(data)


def signed_with(header: dict[str, Any], claims: dict[str, Any], signer: Any = ISSUER) -> str:
    encoded = b64(header) + "." + b64(claims)
    return encoded + "." + b64url_encode(signer.sign(encoded.encode()))


def header(**extra: Any) -> dict[str, Any]:
    return {"alg": "ES256", "kid": ISSUER.id, "typ": "vc+jwt", **extra}


def claims(**extra: Any) -> dict[str, Any]:
    return {**badge(), "iss": ISSUER.controller, **extra}


def codes_of(token: Any, **options: Any) -> set[str]:
    result = vcler.verify(token, now=NOW, **options)
    assert not result.verified
    return {p.code for p in result.problems}


def hmac_token() -> str:
    import hmac

    # An HMAC keyed with the issuer's public key: the classic algorithm-confusion forgery.
    secret = json.dumps(ISSUER.public_key.to_jwk()).encode()
    encoded = b64({"alg": "HS256", "kid": ISSUER.id, "typ": "vc+jwt"}) + "." + b64(claims())
    signature = hmac.new(secret, encoded.encode(), hashlib.sha256).digest()
    return encoded + "." + b64url_encode(signature)


def test_the_honest_token_verifies() -> None:
    assert vcler.verify(signed_with(header(), claims()), now=NOW).verified


@pytest.mark.parametrize(
    ("token", "code"),
    [
        (
            lambda: b64({"alg": "none", "typ": "vc+jwt"}) + "." + b64(claims()) + ".",
            "DISALLOWED_ALGORITHM",
        ),
        (hmac_token, "DISALLOWED_ALGORITHM"),
        (lambda: signed_with(header(alg="ES384"), claims()), "DISALLOWED_ALGORITHM"),
        (lambda: signed_with(header(alg="RS256"), claims()), "DISALLOWED_ALGORITHM"),
        (lambda: signed_with(header(alg="PS256"), claims()), "DISALLOWED_ALGORITHM"),
        (lambda: signed_with(header(crit=["exp"], exp=1), claims()), "UNSUPPORTED_CRITICAL_HEADER"),
        (lambda: signed_with(header(crit=[]), claims()), "MALFORMED_ENVELOPE"),
        (lambda: signed_with(header(typ="JWT"), claims()), "INVALID_MEDIA_TYPE"),
        (lambda: signed_with(header(typ="vp+jwt"), claims()), "INVALID_MEDIA_TYPE"),
        (lambda: signed_with(header(cty="vp"), claims()), "INVALID_MEDIA_TYPE"),
        (lambda: signed_with(header(), claims(exp=1_700_000_000)), "CREDENTIAL_EXPIRED"),
        (lambda: signed_with(header(), claims(nbf=1_900_000_000)), "CREDENTIAL_NOT_YET_VALID"),
        (lambda: signed_with(header(), claims(exp="tomorrow")), "INVALID_CLAIMS"),
        (lambda: signed_with(header(), claims(vc={})), "INVALID_CLAIMS"),
        (lambda: signed_with(header(), claims(iss="did:example:someone")), "INVALID_CLAIMS"),
        (lambda: signed_with(header(), claims()) + ".", "MALFORMED_ENVELOPE"),
        (lambda: signed_with(header(), claims()) + "AAAA~x", "CRYPTOGRAPHIC_SECURITY_ERROR"),
        (lambda: "eyJ" + "A" * 20_000 + ".e30.AA", "MALFORMED_ENVELOPE"),
        (lambda: signed_with(header(), claims())[:-2] + "*!", "MALFORMED_ENVELOPE"),
        (lambda: "eyJhbGciOiJFUzI1NiJ9.eyJ$.AA", "MALFORMED_ENVELOPE"),
        (lambda: b64(b"{'alg': 1}") + "." + b64(claims()) + ".AA", "MALFORMED_ENVELOPE"),
        (
            lambda: b64(b'{"alg":"ES256","alg":"none"}') + "." + b64(claims()) + ".AA",
            "MALFORMED_ENVELOPE",
        ),
        (lambda: signed_with({"alg": "ES256", "typ": "vc+jwt"}, claims(iss=None)), None),
    ],
    ids=[
        "alg-none",
        "hmac-with-public-key",
        "es384-for-p256",
        "rs256-for-ec",
        "ps256-unknown",
        "crit-unknown",
        "crit-empty",
        "typ-jwt",
        "typ-vp",
        "cty-vp",
        "expired",
        "not-yet-valid",
        "exp-not-numeric",
        "vc-claim",
        "iss-not-issuer",
        "trailing-segment",
        "trailing-data",
        "oversize-header",
        "bad-base64url",
        "bad-base64url-payload",
        "header-not-json",
        "duplicate-header-member",
        "no-kid-no-iss",
    ],
)
def test_hostile_tokens_are_refused_with_a_code(token: Any, code: str | None) -> None:
    found = codes_of(token())
    assert code is None or code in found, found


def test_a_jwk_header_not_bound_to_the_issuer_is_refused() -> None:
    attacker = vcler.generate_key("P-256")
    forged = signed_with(
        {"alg": "ES256", "typ": "vc+jwt", "jwk": attacker.public_key.to_jwk()}, claims(), attacker
    )
    assert "INVALID_VERIFICATION_METHOD" in codes_of(forged)
    # The issuer's own key in the jwk header, with its kid, is fine.
    honest = signed_with(header(jwk=ISSUER.public_key.to_jwk()), claims())
    assert vcler.verify(honest, now=NOW).verified
    # Another key in the jwk header beside the issuer's kid is not.
    mixed = signed_with(header(jwk=attacker.public_key.to_jwk()), claims())
    assert "INVALID_VERIFICATION_METHOD" in codes_of(mixed)


def test_a_kid_of_another_controller_is_refused() -> None:
    attacker = vcler.generate_key("P-256")
    forged = signed_with(header(kid=attacker.id), claims(), attacker)
    assert codes_of(forged) & {
        "INVALID_VERIFICATION_METHOD",
        "INVALID_CONTROLLED_IDENTIFIER_DOCUMENT",
    }


# -- SD-JWT ---------------------------------------------------------------------------------------

PATHS = ["credentialSubject.achievement.name", "name", "credentialSubject.achievement.description"]


def sd_jwt(**options: Any) -> str:
    return vcler.issue_envelope(badge(), signer=ISSUER, format="sd-jwt", disclose=PATHS, **options)


def disclosure(*values: Any) -> str:
    return b64url_encode(json.dumps(list(values)).encode())


def test_an_sd_jwt_discloses_only_what_the_holder_keeps() -> None:
    token = sd_jwt()
    full = vcler.verify(token, now=NOW)
    assert full.verified and full.document is not None and "name" in full.document
    kept = present_sd_jwt(token, disclose=["credentialSubject.achievement.description"])
    partial = vcler.verify(kept, now=NOW)
    assert partial.verified, partial.problems
    assert partial.document is not None
    achievement = partial.document["credentialSubject"]["achievement"]
    assert "name" not in partial.document and "name" not in achievement
    assert achievement["description"]


def test_decoys_are_indistinguishable_and_harmless() -> None:
    from vcler.jose import issue_sd_jwt

    token = issue_sd_jwt(badge(), signer=ISSUER, disclose=PATHS, decoys=3)
    payload = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    assert len(payload["_sd"]) == 1 + 3 and payload["_sd"] == sorted(payload["_sd"])
    assert vcler.verify(token, now=NOW).verified


@pytest.mark.parametrize(
    "make",
    [
        lambda t: t + disclosure("salt", "extra", "value") + "~",  # digest absent
        lambda t: t + t.split("~")[1] + "~",  # the same disclosure twice
        lambda t: t.replace("~", "~" + "%%%" + "~", 1),  # not base64url
        lambda t: t + b64url_encode(b'["only-salt"]') + "~",  # wrong shape
        lambda t: t.replace("~", "~~", 1),  # empty disclosure
    ],
    ids=["digest-absent", "duplicated", "malformed", "wrong-shape", "empty"],
)
def test_bad_disclosures_are_refused(make: Any) -> None:
    assert codes_of(make(sd_jwt())) & {"INVALID_DISCLOSURE", "MALFORMED_ENVELOPE"}


def test_a_disclosure_reused_by_two_digests_or_overwriting_a_claim_is_refused() -> None:
    salt = "c2FsdA"
    value = disclosure(salt, "name", "Forged")
    digest = b64url_encode(hashlib.sha256(value.encode()).digest())
    credential = {**claims(), "_sd": [digest], "_sd_alg": "sha-256"}
    overwrite = signed_with(header(typ="vc+sd-jwt"), credential) + "~" + value + "~"
    assert "INVALID_DISCLOSURE" in codes_of(overwrite)
    twice = dict(credential)
    del twice["name"]
    twice["credentialSubject"] = {**twice["credentialSubject"], "_sd": [digest]}
    reused = signed_with(header(typ="vc+sd-jwt"), twice) + "~" + value + "~"
    assert "INVALID_DISCLOSURE" in codes_of(reused)


def test_key_binding() -> None:
    token = sd_jwt(holder_key=HOLDER.public_key)
    bound = present_sd_jwt(token, holder=HOLDER, nonce="n-1", audience="https://v.example")
    ok = vcler.verify(bound, now=NOW, challenge="n-1", domain="https://v.example")
    assert ok.verified, ok.problems
    assert "INVALID_CHALLENGE_ERROR" in codes_of(bound, challenge="n-2")
    assert "INVALID_DOMAIN_ERROR" in codes_of(bound, domain="https://other.example")
    # A KB-JWT over another presentation of the SD-JWT (fewer disclosures): wrong sd_hash.
    fewer = present_sd_jwt(token, disclose=["name"])
    moved = fewer + bound.rsplit("~", 1)[1]
    assert "KEY_BINDING_ERROR" in codes_of(moved)
    # Signed by someone else than the cnf key.
    other = present_sd_jwt(token, holder=vcler.generate_key("Ed25519"), nonce="n-1")
    assert "KEY_BINDING_ERROR" in codes_of(other, challenge="n-1")
    # Bound, a challenge expected, and no KB-JWT.
    assert "KEY_BINDING_ERROR" in codes_of(token, challenge="n-1")


# -- properties -----------------------------------------------------------------------------------

values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    extra=st.dictionaries(st.sampled_from(["alpha", "beta", "gamma"]), values, max_size=3),
    format=st.sampled_from(["jwt", "sd-jwt", "cose"]),
)
def test_issue_then_verify_round_trips(extra: dict[str, Any], format: str) -> None:
    from vcler._enveloping import secure_document

    credential = badge()
    credential["credentialSubject"].update(extra)
    disclose = [f"credentialSubject.{name}" for name in extra] if format == "sd-jwt" else ()
    token = secure_document(credential, signer=ISSUER, format=format, disclose=disclose)
    opened = vcler.jose.open_envelope(token, options=_options())
    assert opened.proof.verified, opened.proof.problems
    assert opened.document is not None
    assert opened.document["credentialSubject"] == credential["credentialSubject"]


def _options() -> vcler.jose.Options:
    from vcler.jose import FoundKey

    found = FoundKey(ISSUER.public_key, ISSUER.id, ISSUER.controller)
    return vcler.jose.Options(find_key=lambda request: found, now=NOW)


TOKENS = {
    format: vcler.issue_envelope(badge(), signer=ISSUER, format=format)
    for format in ("jwt", "sd-jwt", "cose", "vc-jwt")
}


@settings(max_examples=150, deadline=None)
@given(
    format=st.sampled_from(sorted(TOKENS)), position=st.integers(0, 10**6), bit=st.integers(0, 5)
)
def test_any_flipped_character_is_caught_and_never_raises(
    format: str, position: int, bit: int
) -> None:
    token = TOKENS[format]
    index = position % len(token)
    flipped = chr(ord(token[index]) ^ (1 << bit))
    changed = token[:index] + flipped + token[index + 1 :]
    opened = vcler.jose.open_envelope(changed, options=_options())
    if changed != token:
        # A base64 character whose changed bits fall in the padding may decode to the same
        # bytes; anything else must be refused.
        same = (
            opened.proof.verified
            and opened.document == vcler.jose.open_envelope(token, options=_options()).document
        )
        assert not opened.proof.verified or same


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=300) | st.binary(max_size=300))
def test_verify_never_raises_on_garbage(text: str | bytes) -> None:
    result = vcler.verify(text, now=NOW)
    assert not result.verified


def test_a_did_key_issuer_token_made_by_jwcrypto_verifies() -> None:
    from jwcrypto import jwk, jws

    key = vcler.generate_key("P-384")
    private = jwk.JWK(**key.private_key.to_jwk())  # type: ignore[union-attr]
    token = jws.JWS(json.dumps({**badge(key.controller), "iss": key.controller}).encode())
    token.add_signature(
        private, alg="ES384", protected={"alg": "ES384", "kid": key.id, "typ": "vc+jwt"}
    )
    assert vcler.verify(token.serialize(compact=True), now=NOW).verified


def test_rs256_tokens_verify_with_an_rsa_key_in_a_controller_document() -> None:
    from jwcrypto import jws

    from tests.jose.controllers import rsa_controller

    controller = "https://issuer.example/profile"
    key, method, document = rsa_controller(controller)
    vc = badge(controller)
    token = jws.JWS(json.dumps({"vc": vc, "iss": controller, "jti": vc.get("id", "x")}).encode())
    token.add_signature(key, alg="RS256", protected={"alg": "RS256", "kid": method["id"]})
    compact = token.serialize(compact=True)
    result = vcler.verify(compact, now=NOW, documents={controller: document})
    assert result.verified, result.problems
    assert result.proofs[0].type == "application/jwt"


def test_key_binding_pair_is_keypair() -> None:
    assert isinstance(HOLDER, KeyPair)


def test_a_token_beyond_the_size_limit_is_refused_for_its_size() -> None:
    from vcler.jose import MAX_TOKEN_CHARS

    huge = "eyJhbGciOiJFUzI1NiJ9." + "A" * MAX_TOKEN_CHARS + ".AA"
    result = vcler.verify(huge, now=NOW)
    assert [p.code for p in result.problems] == ["MALFORMED_ENVELOPE"]
    assert "longer than" in result.problems[0].message
    many = sd_jwt() + "~".join(["WyJhIiwiYiJd"] * 5000) + "~"
    result = vcler.verify(many, now=NOW)
    assert "at most 4096 disclosures" in result.problems[0].message
