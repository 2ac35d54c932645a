"""Every cost bounded by the input's size: hostile values are refused *for their size*.

Each decoder gets a 1 MiB value (or one just over its cap, where the cap is larger) and must
refuse it with a message saying it is too long, too deep or has too many digits: the check
happens before the work whose cost grows faster than the input (base58btc decoding is
quadratic in the length of the text, so is converting a long integer). The tests assert on
the refusal's reason, never on time.
"""

from __future__ import annotations

import ast
import base64
import copy
import functools
import gzip
import json
import re
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import vcler
from tests.status._helpers import credential
from tests.test_docs import _resolve as resolve_dotted
from vcler._json import MAX_BYTES, MAX_DEPTH, MAX_INTEGER_DIGITS, check_json, load_json
from vcler.did import jwk_from_did_jwk, resolve
from vcler.errors import InvalidKeyError, ParsingError, ResolutionError
from vcler.keys import MAX_PUBLIC_KEY_BYTES, MAX_SIGNATURE_BYTES, KeyPair, PrivateKey, PublicKey
from vcler.keys.encoding import (
    b64url_decode,
    b64url_encode,
    b64url_length,
    base58btc_decode,
    base58btc_encode,
    base58btc_length,
    multibase_b58_decode,
)
from vcler.keys.multicodec import MAX_MULTIKEY_BYTES
from vcler.status import MalformedValueError, expand_bitstring
from vcler.status.bitstring import MAX_DECOMPRESSED_BYTES, MAX_ENCODED_CHARS, MAX_GZIP_MEMBERS
from vcler.validation._digests import parse_digest_multibase

MIB = 1024 * 1024
B58 = "2" * MIB  # base58btc digits (a valid alphabet: only the length is wrong)
B64 = "A" * MIB  # base64url characters
TOO_LONG = r"is too long: \d+ characters, more than the \d+ of a"


def _refused(call: Callable[[], Any], error: type[Exception], reason: str) -> None:
    with pytest.raises(error, match=reason):
        call()


# -- the codecs and key decoders ------------------------------------------------------------


DECODERS: dict[str, tuple[Callable[[], Any], type[Exception], str]] = {
    "base58btc": (
        lambda: base58btc_decode(B58, max_bytes=MAX_SIGNATURE_BYTES),
        ValueError,
        "base58btc text " + TOO_LONG,
    ),
    "multibase": (
        lambda: multibase_b58_decode("z" + B58, max_bytes=MAX_MULTIKEY_BYTES, what="value"),
        InvalidKeyError,
        "value " + TOO_LONG,
    ),
    "base64url": (
        lambda: b64url_decode(B64, max_bytes=32, what="x"),
        InvalidKeyError,
        "x " + TOO_LONG,
    ),
    "publicKeyMultibase": (
        lambda: PublicKey.from_multibase("z" + B58),
        InvalidKeyError,
        "publicKeyMultibase " + TOO_LONG,
    ),
    "secretKeyMultibase": (
        lambda: PrivateKey.from_multibase("z" + B58),
        InvalidKeyError,
        "secretKeyMultibase " + TOO_LONG,
    ),
    "publicKeyBase58": (
        lambda: KeyPair.from_json({"type": "Ed25519VerificationKey2018", "publicKeyBase58": B58}),
        InvalidKeyError,
        "publicKeyBase58 " + TOO_LONG,
    ),
    "JWK x (OKP)": (
        lambda: PublicKey.from_jwk({"kty": "OKP", "crv": "Ed25519", "x": B64}),
        InvalidKeyError,
        "JWK member 'x' " + TOO_LONG,
    ),
    "JWK y (EC)": (
        lambda: PublicKey.from_jwk({"kty": "EC", "crv": "P-256", "x": "A" * 43, "y": B64}),
        InvalidKeyError,
        "JWK member 'y' " + TOO_LONG,
    ),
    "JWK d": (
        lambda: PrivateKey.from_jwk({"kty": "OKP", "crv": "Ed25519", "x": "A" * 43, "d": B64}),
        InvalidKeyError,
        "JWK member 'd' " + TOO_LONG,
    ),
    "did:key": (
        lambda: _raise_resolution("did:key:z" + B58),
        ResolutionError,
        "did:key value " + TOO_LONG,
    ),
    "did:jwk": (
        lambda: jwk_from_did_jwk("did:jwk:" + B64),
        ResolutionError,
        "did:jwk identifier " + TOO_LONG,
    ),
    "encodedList": (
        lambda: expand_bitstring("u" + "A" * MAX_ENCODED_CHARS),
        MalformedValueError,
        rf"encodedList is {MAX_ENCODED_CHARS + 1} characters long; at most {MAX_ENCODED_CHARS}",
    ),
    "encodedList (GZIP bomb)": (
        lambda: expand_bitstring(_gzip_bomb()),
        MalformedValueError,
        f"encodedList expands to more than {MAX_DECOMPRESSED_BYTES} bytes",
    ),
    "encodedList (GZIP members)": (
        lambda: expand_bitstring(_gzip_members(MIB)),
        MalformedValueError,
        f"encodedList has more than {MAX_GZIP_MEMBERS} GZIP members",
    ),
    "JSON integer": (
        lambda: load_json("[" + "7" * MIB + "]"),
        ParsingError,
        f"a JSON number has {MIB} digits, more than the limit of {MAX_INTEGER_DIGITS}",
    ),
    "JSON negative integer": (
        lambda: load_json('{"n": -' + "7" * MIB + "}"),
        ParsingError,
        f"a JSON number has {MIB} digits",
    ),
    "JSON nesting": (
        lambda: load_json("[" * MIB + "]" * MIB),
        ParsingError,
        f"JSON nested deeper than {MAX_DEPTH} levels",
    ),
    "JSON size": (
        lambda: load_json(b" " * (MAX_BYTES + 1)),
        ParsingError,
        f"larger than the limit of {MAX_BYTES}",
    ),
    "in-memory integer": (
        lambda: check_json({"n": 10**MAX_INTEGER_DIGITS}),
        ParsingError,
        f"more than the limit of {MAX_INTEGER_DIGITS} digits",
    ),
}


def _raise_resolution(did: str) -> None:
    result = resolve(did)
    assert result.error == "invalidDid"
    raise ResolutionError(result.error_message or "", error=result.error)


@functools.cache
def _gzip_bomb() -> str:
    """A short encodedList that expands to twice the cap on decompressed bytes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [compressor.compress(bytes(MIB)) for _ in range(2 * MAX_DECOMPRESSED_BYTES // MIB)]
    data = b"".join(parts) + compressor.flush()
    return "u" + base64.urlsafe_b64encode(data).decode().rstrip("=")


def _gzip_members(size: int) -> str:
    """An encodedList of ~``size`` characters made of tiny GZIP members."""
    member = gzip.compress(bytes(16), mtime=0)
    data = member * (size * 3 // 4 // len(member))
    return "u" + base64.urlsafe_b64encode(data).decode().rstrip("=")


def test_the_hostile_values_are_as_large_as_promised() -> None:
    assert len(_gzip_members(MIB)) >= MIB * 0.99
    assert len(_gzip_bomb()) < MIB // 8  # deflate's ratio for zeros is about 1000:1


@pytest.mark.parametrize("name", sorted(DECODERS))
def test_every_decoder_refuses_a_hostile_value_for_its_size(name: str) -> None:
    call, error, reason = DECODERS[name]
    _refused(call, error, reason)


def test_a_digest_multibase_is_refused_for_its_size() -> None:
    for value in ("z" + B58, "u" + B64):
        message = parse_digest_multibase(value)
        assert isinstance(message, str) and message.startswith("is too long:")


# -- the caps never refuse what a real value can be -----------------------------------------


@given(st.integers(min_value=0, max_value=600))
def test_base58btc_length_is_the_longest_encoding(size: int) -> None:
    assert len(base58btc_encode(b"\xff" * size)) == base58btc_length(size)
    assert len(base58btc_encode(bytes(size))) <= base58btc_length(size)
    assert len(b64url_encode(b"\xff" * size)) == b64url_length(size)


@given(st.binary(max_size=200), st.integers(min_value=0, max_value=40))
def test_decoders_round_trip_under_the_cap(data: bytes, room: int) -> None:
    cap = len(data) + room
    assert base58btc_decode(base58btc_encode(data), max_bytes=cap) == data
    assert multibase_b58_decode("z" + base58btc_encode(data), max_bytes=cap) == data
    assert b64url_decode(b64url_encode(data), max_bytes=cap) == data


@given(st.binary(min_size=1, max_size=200))
def test_a_value_longer_than_its_cap_is_refused_for_its_size(data: bytes) -> None:
    cap = len(data) - 1
    text = "z" + base58btc_encode(data)  # refused by its length, or once decoded
    _refused(lambda: multibase_b58_decode(text, max_bytes=cap), InvalidKeyError, "too long")
    _refused(lambda: b64url_decode(b64url_encode(data), max_bytes=cap), InvalidKeyError, "too long")


@given(
    st.integers(min_value=0, max_value=140),
    st.integers(min_value=1, max_value=300),
    # Not "=": base64url tolerates trailing padding, so "=" alone is an empty value.
    st.text(st.characters(exclude_characters="="), max_size=3),
)
def test_any_over_long_text_is_refused_for_its_size_before_its_characters(
    max_bytes: int, extra: int, junk: str
) -> None:
    # Characters outside the alphabet too: the length is checked first.
    text = (junk + "2" * (base58btc_length(max_bytes) + extra))[
        : base58btc_length(max_bytes) + extra
    ]
    _refused(lambda: base58btc_decode(text, max_bytes=max_bytes), ValueError, "too long")
    _refused(
        lambda: multibase_b58_decode("z" + text, max_bytes=max_bytes), InvalidKeyError, "too long"
    )
    text64 = (junk + "A" * (b64url_length(max_bytes) + extra))[: b64url_length(max_bytes) + extra]
    _refused(lambda: b64url_decode(text64, max_bytes=max_bytes), InvalidKeyError, "too long")


@given(st.integers(min_value=1, max_value=MAX_INTEGER_DIGITS + 50), st.booleans())
def test_integers_are_read_up_to_the_digit_limit(digits: int, negative: bool) -> None:
    text = ("-" if negative else "") + "9" * digits
    if digits <= MAX_INTEGER_DIGITS:
        assert load_json(f"[{text}]") == [int(text)]
        check_json([int(text)])
    else:
        _refused(lambda: load_json(f"[{text}]"), ParsingError, f"has {digits} digits")
        with pytest.raises(ParsingError, match="digits"):
            check_json([10**MAX_INTEGER_DIGITS * (-1 if negative else 1)])


@pytest.mark.parametrize("text", ["[1e999]", "[-1e400]"])
def test_a_number_beyond_a_double_is_a_parsing_error(text: str) -> None:
    _refused(lambda: load_json(text), ParsingError, "beyond the range of a double")


def test_the_caps_fit_the_largest_real_values() -> None:
    p521 = PrivateKey.generate("P-521")
    signature = p521.sign(b"data")
    assert len(signature) == MAX_SIGNATURE_BYTES
    assert len(p521.public_key.public_bytes(compressed=False)) == MAX_PUBLIC_KEY_BYTES
    assert PublicKey.from_multibase(p521.public_key.to_multibase()) == p521.public_key
    assert PrivateKey.from_multibase(p521.to_multibase()) == p521
    # An RSA key is known but not supported: it is named, not refused for its length.
    rsa = "z" + base58btc_encode(b"\x85\x24" + bytes(526))
    _refused(lambda: PublicKey.from_multibase(rsa), InvalidKeyError, "vcler does not support")


# -- through vcler.verify: every suite, every encoded member --------------------------------


@pytest.fixture(scope="module")
def issuer() -> KeyPair:
    return vcler.generate_key("P-384")


SUITE_KEYS = (
    ("eddsa-rdfc-2022", "Ed25519"),
    ("eddsa-jcs-2022", "Ed25519"),
    ("ecdsa-rdfc-2019", "P-384"),
    ("ecdsa-jcs-2019", "P-256"),
    ("Ed25519Signature2020", "Ed25519"),
)


def _problems(result: vcler.VerificationResult) -> list[tuple[str, str, str]]:
    """(code, pointer, message and detail) of every problem of the result and its proofs."""
    problems = [*result.problems]
    for proof in result.proofs:
        problems += proof.problems
    return [(p.code, p.pointer, f"{p.message}: {p.detail}") for p in problems]


@pytest.mark.parametrize(("suite", "key_type"), SUITE_KEYS)
def test_a_hostile_proof_value_is_refused_for_its_size_by_each_suite(
    suite: str, key_type: str
) -> None:
    key = vcler.generate_key(key_type)
    signed = vcler.issue(credential(key.controller), signer=key, suite=suite)
    signed["proof"]["proofValue"] = "z" + B58
    problems = _problems(vcler.verify(signed))
    assert any(
        code == "MALFORMED_PROOF_ERROR" and "proofValue is too long" in message
        for code, _, message in problems
    ), problems


def _with_method(signed: dict[str, Any], method: str) -> dict[str, Any]:
    document = copy.deepcopy(signed)
    document["proof"]["verificationMethod"] = method
    return document


def test_hostile_verification_methods_are_refused_for_their_size(issuer: KeyPair) -> None:
    signed = vcler.issue(credential(issuer.controller), signer=issuer)
    for method, reason in (
        (f"did:key:z{B58}#z{B58}", "did:key value " + TOO_LONG),
        (f"did:jwk:{B64}#0", "did:jwk identifier " + TOO_LONG),
    ):
        problems = _problems(vcler.verify(_with_method(signed, method)))
        assert any(code == "INVALID_VERIFICATION_METHOD" for code, _, _ in problems), problems
        assert any(_matches(reason, message) for _, _, message in problems), problems


def _matches(pattern: str, text: str) -> bool:
    return re.search(pattern, text) is not None


@pytest.mark.parametrize(
    ("method", "member"),
    [
        ({"type": "Multikey", "publicKeyMultibase": "z" + B58}, "publicKeyMultibase"),
        ({"type": "Ed25519VerificationKey2018", "publicKeyBase58": B58}, "publicKeyBase58"),
        (
            {"type": "JsonWebKey", "publicKeyJwk": {"kty": "EC", "crv": "P-384", "x": B64}},
            "JWK member 'x'",
        ),
    ],
)
def test_hostile_keys_in_a_controller_document_are_refused_for_their_size(
    issuer: KeyPair, method: dict[str, Any], member: str
) -> None:
    controller = "https://issuer.example/profile"
    key = KeyPair(issuer.private_key, id=controller + "#key", controller=controller)
    signed = vcler.issue(credential(controller), signer=key, suite="ecdsa-rdfc-2019")
    document = {
        "@context": ["https://www.w3.org/ns/cid/v1"],
        "id": controller,
        "verificationMethod": [{"id": key.id, "controller": controller, **method}],
        "assertionMethod": [key.id],
    }
    result = vcler.verify(signed, documents={controller: document})
    assert not result.verified
    assert any(_matches(member + " " + TOO_LONG, message) for *_, message in _problems(result)), (
        _problems(result)
    )


def test_a_hostile_digest_is_refused_for_its_size(issuer: KeyPair) -> None:
    resource = {"id": "https://example.com/schema", "digestMultibase": "z" + B58}
    result = vcler.verify(credential(issuer.controller, relatedResource=[resource]))
    assert any(
        code == "MALFORMED_VALUE_ERROR" and "digestMultibase is too long" in message
        for code, _, message in _problems(result)
    ), _problems(result)


def test_a_status_list_bomb_is_refused_for_its_size(issuer: KeyPair) -> None:
    url = "https://status.example/lists/1"
    status_list = vcler.issue(
        credential(
            issuer.controller,
            id=url,
            type=["VerifiableCredential", "BitstringStatusListCredential"],
            credentialSubject={
                "id": url + "#list",
                "type": "BitstringStatusList",
                "statusPurpose": "revocation",
                "encodedList": _gzip_bomb(),
            },
        ),
        signer=issuer,
    )
    entry = {
        "id": url + "#7",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "7",
        "statusListCredential": url,
    }
    signed = vcler.issue(credential(issuer.controller, credentialStatus=entry), signer=issuer)
    result = vcler.verify(signed, documents={url: status_list})
    assert not result.verified
    messages = [p.message for status in result.status for p in status.problems]
    messages += [message for *_, message in _problems(result)]
    assert any("encodedList expands to more than" in message for message in messages), messages


def test_a_document_with_a_long_integer_is_a_parsing_error(issuer: KeyPair) -> None:
    document = credential(issuer.controller)
    document["credentialSubject"]["score"] = 10**MAX_INTEGER_DIGITS
    result = vcler.verify(document)
    assert [p.code for p in result.problems] == ["PARSING_ERROR"]
    assert "digits" in result.problems[0].message
    json.dumps(result.to_json())  # the result itself holds no such number


# -- docs/security.md lists each limit with its value ----------------------------------------

ROOT = Path(__file__).resolve().parent.parent
# A table row whose third cell names a constant: | limit | value | `vcler...` | beyond |
_ROW = re.compile(r"^\|[^|\n]*\|([^|\n]*)\|\s*`(vcler\.[\w.]+)`\s*\|", re.MULTILINE)
_LIMIT_NAME = re.compile(r"[A-Z0-9_]*MAX_[A-Z0-9_]+")


def _documented_limits() -> dict[str, str]:
    """``{dotted constant: value cell}`` of the input-limits table of docs/security.md."""
    text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    section = text[text.index("## Input limits") :]
    return {match[2]: match[1].strip() for match in _ROW.finditer(section)}


def test_the_security_doc_gives_each_limit_its_value() -> None:
    documented = _documented_limits()
    assert len(documented) >= 20
    for dotted, cell in documented.items():
        first_number = re.search(r"\d[\d,]*", cell)
        assert first_number, f"{dotted}: no value in {cell!r}"
        assert int(first_number[0].replace(",", "")) == resolve_dotted(dotted), dotted


def _defined_limits() -> set[str]:
    """Every public ``...MAX_...`` constant a vcler module assigns at its top level."""
    found = set()
    for path in sorted((ROOT / "src" / "vcler").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT / "src").with_suffix("").parts)
        module = module.removesuffix(".__init__")
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets = node.targets if isinstance(node, ast.Assign) else []
            if isinstance(node, ast.AnnAssign):
                targets = [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and _LIMIT_NAME.fullmatch(target.id):
                    found.add(f"{module}.{target.id}")
    return found


def test_every_limit_constant_is_in_the_security_doc() -> None:
    defined = _defined_limits()
    assert "vcler._json.MAX_INTEGER_DIGITS" in defined  # the scan sees the constants
    missing = defined - set(_documented_limits())
    assert not missing, f"add these to the table in docs/security.md: {sorted(missing)}"
