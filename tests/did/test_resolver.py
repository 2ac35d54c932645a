"""The resolver interface: syntax, pluggable methods, the result object, never raising."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vcler.did import (
    RESOLUTION_ERRORS,
    FetchNeeded,
    ResolutionResult,
    is_did,
    parse_did_url,
    resolve,
    resolve_async,
)
from vcler.errors import FetchError, ResolutionError
from vcler.net import FetchStatusError

DID_KEY = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"


@pytest.mark.parametrize(
    "did",
    [
        "did:example:123",
        "did:web:example.com%3A3000:user:alice",
        "did:a1:b",
        "did:example::x",
        "did:example:%41",
        "did:example:a.b-c_d",
    ],
)
def test_valid_dids(did: str) -> None:
    assert is_did(did)


@pytest.mark.parametrize(
    "did",
    [
        "",
        "did:",
        "did:example",
        "did:example:",
        "did:Example:123",
        "did:ex-ample:123",
        "DID:example:123",
        "did:example:12 3",
        "did:example:123:",
        "did:example:%4",
        "did:example:%zz",
        "did:example:123#frag",
        "did:example:123/path",
        "did:example:ü",
        "did:example:123\n",
    ],
)
def test_invalid_dids(did: str) -> None:
    assert not is_did(did)
    assert resolve(did).error == "invalidDid"


def test_non_string_did() -> None:
    assert resolve(42).error == "invalidDid"  # type: ignore[arg-type]


def test_did_url_parts() -> None:
    url = parse_did_url("did:example:123/path/x?service=a&b=c#key-1")
    assert (url.did, url.method, url.path, url.query, url.fragment) == (
        "did:example:123",
        "example",
        "/path/x",
        "service=a&b=c",
        "key-1",
    )
    assert parse_did_url("did:example:123").fragment is None
    with pytest.raises(ResolutionError) as info:
        parse_did_url("did:example:123#a b")
    assert info.value.error == "invalidDidUrl"


# The ABNF of DID Core, one alternation per character, as the reference for the expressions
# vcler matches in linear time (character classes, then a check of every "%").
_IDCHAR = r"(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})"
_PCHAR = r"(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})"
_REFERENCE_DID_URL = re.compile(
    rf"did:[a-z0-9]+:(?:{_IDCHAR}*:)*{_IDCHAR}+(?P<path>(?:/{_PCHAR}*)*)"
    rf"(?:\?(?P<query>(?:{_PCHAR}|[/?])*))?(?:#(?P<fragment>(?:{_PCHAR}|[/?])*))?",
    re.ASCII,
)
_DID_PIECES = st.lists(
    st.sampled_from(
        (
            *("did", ":", "key", "z6Mk", "%41", "%4", "%", "%zz", ".", "-", "_", "é", " "),
            *("/", "?", "#", "@", "!", "~", "A", "9", "a:b", "::", "%2F"),
        )
    ),
    max_size=12,
).map("".join)


@given(_DID_PIECES)
def test_did_syntax_agrees_with_the_abnf(tail: str) -> None:
    for text in ("did:" + tail, "did:web:" + tail, tail):
        reference = _REFERENCE_DID_URL.fullmatch(text)
        try:
            url = parse_did_url(text)
        except ResolutionError:
            assert reference is None
        else:
            assert reference is not None
            assert (url.path, url.query, url.fragment) == reference.group(
                "path", "query", "fragment"
            )
        # A DID is a DID URL with nothing after the method-specific identifier.
        assert is_did(text) == (reference is not None and reference.start("path") == len(text))


def test_a_megabyte_did_url_is_parsed() -> None:
    # Matched by character classes, not one alternation per character (seconds, before).
    long_id = "z" + "2" * 1024 * 1024
    url = parse_did_url(f"did:key:{long_id}#{long_id}")
    assert url.fragment == long_id and is_did(url.did)


def test_unknown_method_is_not_supported() -> None:
    result = resolve("did:example:123")
    assert result.error == "methodNotSupported"
    assert "example" in (result.error_message or "")
    assert resolve(DID_KEY, resolvers={}).error == "methodNotSupported"


def test_unsupported_representation() -> None:
    result = resolve(DID_KEY, options={"accept": "application/did+cbor"})
    assert result.error == "representationNotSupported"
    ok = resolve(DID_KEY, options={"accept": "application/did+json"})
    assert ok.did_resolution_metadata["contentType"] == "application/did+json"


def test_did_key_goes_to_the_key_method() -> None:
    result = resolve(DID_KEY)
    assert result.error is None and result.did_document is not None
    assert result.did_document["id"] == DID_KEY
    assert result.raise_for_error() == result.did_document


def test_result_json_shape() -> None:
    failed = resolve("did:example:123")
    assert failed.to_json() == {
        "didDocument": None,
        "didResolutionMetadata": {
            "error": "methodNotSupported",
            "errorMessage": failed.error_message,
        },
        "didDocumentMetadata": {},
    }
    with pytest.raises(ResolutionError) as info:
        failed.raise_for_error()
    assert info.value.error == "methodNotSupported"


class _ExampleResolver:
    """A plug-in method that needs one fetch, as did:web does."""

    def read(self, did: str, *, options: Mapping[str, Any]) -> FetchNeeded:
        def complete(fetched: Any) -> dict[str, Any]:
            if fetched.get("id") != did:
                raise ResolutionError("wrong document", error="internalError")
            return dict(fetched)

        return FetchNeeded(url=f"https://example.test/{did}", complete=complete)


class _StubFetcher:
    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers = answers
        self.calls: list[str] = []

    def get_json(self, url: str, *, accept: str | None = None) -> Any:
        self.calls.append(url)
        answer = self.answers[url]
        if isinstance(answer, Exception):
            raise answer
        return answer


class _AsyncStubFetcher(_StubFetcher):
    async def get_json(self, url: str, *, accept: str | None = None) -> Any:  # type: ignore[override]
        return _StubFetcher.get_json(self, url, accept=accept)


def test_pluggable_method_with_fetch() -> None:
    resolvers = {"example": _ExampleResolver()}
    fetcher = _StubFetcher(
        {
            "https://example.test/did:example:1": {"id": "did:example:1"},
            "https://example.test/did:example:2": {"id": "did:example:other"},
            "https://example.test/did:example:3": FetchStatusError(
                "gone", status_code=404, url="https://example.test/did:example:3"
            ),
            "https://example.test/did:example:4": FetchError("boom"),
        }
    )
    results = [
        resolve(f"did:example:{n}", resolvers=resolvers, fetcher=fetcher) for n in range(1, 5)
    ]
    assert [r.error for r in results] == [None, "internalError", "notFound", "internalError"]
    assert results[0].did_resolution_metadata == {"contentType": "application/did+json"}

    async_results = [
        asyncio.run(
            resolve_async(
                f"did:example:{n}", resolvers=resolvers, fetcher=_AsyncStubFetcher(fetcher.answers)
            )
        )
        for n in range(1, 5)
    ]
    assert async_results == results


def test_unknown_error_codes_become_internal_error() -> None:
    class Odd:
        def read(self, did: str, *, options: Mapping[str, Any]) -> dict[str, Any]:
            raise ResolutionError("odd", error="somethingElse")

    assert resolve("did:odd:1", resolvers={"odd": Odd()}).error == "internalError"


@given(st.text(max_size=60))
def test_resolve_never_raises(text: str) -> None:
    result = resolve(text)
    assert isinstance(result, ResolutionResult)
    assert (result.error is None) == (result.did_document is not None)
    assert result.error is None or result.error in RESOLUTION_ERRORS


@given(st.from_regex(r"did:(key|jwk|web):[A-Za-z0-9._%:-]{1,40}", fullmatch=True))
def test_resolve_never_raises_on_known_methods(did: str) -> None:
    result = resolve(did)
    assert result.error is None or result.error in RESOLUTION_ERRORS
