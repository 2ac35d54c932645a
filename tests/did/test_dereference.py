"""Dereferencing verification methods (CID 1.0 §3.3), offline and against the HTTPS server."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from tests.net.server import LocalServer, json_route
from tests.vectors import read_json
from vcler.did import (
    dereference_verification_method,
    dereference_verification_method_async,
    did_jwk_from_jwk,
    split_verification_method_id,
)
from vcler.errors import InputError, ResolutionError
from vcler.net import AsyncFetcher, Fetcher, FetchPolicy

DID_KEY = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
WEB = "did:web:example.com"
ISSUER = "https://issuer.example.org/profile"
ISSUER_PROFILE = {
    "@context": ["https://www.w3.org/ns/did/v1"],
    "id": ISSUER,
    "type": "Profile",
    "verificationMethod": [
        {
            "id": "#key-1",
            "type": "Multikey",
            "controller": ISSUER,
            "publicKeyMultibase": "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
        }
    ],
    "assertionMethod": ["#key-1"],
}


def _web_document() -> Any:
    return read_json("did-web", "spec-examples", "example-01.trailing-comma-removed.derived.json")


def _error(call: Any, **kwargs: Any) -> ResolutionError:
    with pytest.raises(ResolutionError) as info:
        call(**kwargs)
    return info.value


def test_did_key_method_with_purpose() -> None:
    method_id = f"{DID_KEY}#{DID_KEY.removeprefix('did:key:')}"
    method = dereference_verification_method(method_id, purpose="assertionMethod")
    assert method["id"] == method_id and method["controller"] == DID_KEY


def test_did_jwk_relationships_follow_use() -> None:
    jwk = {"kty": "OKP", "crv": "Ed25519", "use": "sig", "x": "A" * 43}
    did = did_jwk_from_jwk(jwk)
    assert dereference_verification_method(did + "#0", purpose="authentication")["type"] == (
        "JsonWebKey2020"
    )
    error = _error(
        dereference_verification_method, vm_identifier=did + "#0", purpose="keyAgreement"
    )
    assert error.error == "INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD"


def test_supplied_did_web_document_needs_no_network() -> None:
    documents = {WEB: _web_document()}
    method = dereference_verification_method(
        WEB + "#key-2", documents=documents, purpose="assertionMethod"
    )
    assert method["publicKeyJwk"]["crv"] == "P-256"
    error = _error(
        dereference_verification_method,
        vm_identifier=WEB + "#key-1",
        documents=documents,
        purpose="assertionMethod",
    )
    assert error.error == "INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD"


def test_supplied_documents_take_precedence_over_resolution() -> None:
    # A did:key whose "document" is supplied by the caller: the supplied one is used.
    method_id = f"{DID_KEY}#custom"
    document = {
        "id": DID_KEY,
        "verificationMethod": [{"id": "#custom", "type": "Multikey", "controller": DID_KEY}],
    }
    method = dereference_verification_method(method_id, documents={DID_KEY: document})
    assert method == {"id": method_id, "type": "Multikey", "controller": DID_KEY}


def test_https_controller_document_with_relative_ids() -> None:
    method = dereference_verification_method(
        ISSUER + "#key-1", documents={ISSUER: ISSUER_PROFILE}, purpose="assertionMethod"
    )
    assert method["id"] == ISSUER + "#key-1"
    assert ISSUER_PROFILE["verificationMethod"][0]["id"] == "#key-1"  # not mutated


def test_embedded_method_in_a_relationship() -> None:
    document = {
        "id": WEB,
        "assertionMethod": [{"id": WEB + "#embedded", "type": "Multikey", "controller": WEB}],
    }
    method = dereference_verification_method(
        WEB + "#embedded", documents={WEB: document}, purpose="assertionMethod"
    )
    assert method["type"] == "Multikey"
    error = _error(
        dereference_verification_method,
        vm_identifier=WEB + "#embedded",
        documents={WEB: document},
        purpose="authentication",
    )
    assert error.error == "INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD"


@pytest.mark.parametrize(
    ("vm_identifier", "document", "error"),
    [
        (WEB, None, "INVALID_VERIFICATION_METHOD_URL"),
        (WEB + "#", None, "INVALID_VERIFICATION_METHOD_URL"),
        ("did:web:exa mple.com#k", None, "INVALID_VERIFICATION_METHOD_URL"),
        ("urn:uuid:1234#k", None, "INVALID_VERIFICATION_METHOD_URL"),
        (WEB + "#nope", {"id": WEB, "verificationMethod": []}, "notFound"),
        (WEB + "#k", {"id": "did:web:other.com"}, "INVALID_CONTROLLED_IDENTIFIER_DOCUMENT_ID"),
        (WEB + "#k", ["not", "an", "object"], "INVALID_CONTROLLED_IDENTIFIER_DOCUMENT"),
        (
            WEB + "#k",
            {"id": WEB, "verificationMethod": [{"id": "#k", "type": "X", "controller": "did:x:y"}]},
            "INVALID_VERIFICATION_METHOD",
        ),
        (
            WEB + "#k",
            {"id": WEB, "verificationMethod": [{"id": "#k", "controller": WEB}]},
            "INVALID_VERIFICATION_METHOD",
        ),
    ],
)
def test_failures(vm_identifier: str, document: Any, error: str) -> None:
    documents = {} if document is None else {WEB: document}
    raised = _error(
        dereference_verification_method, vm_identifier=vm_identifier, documents=documents
    )
    assert raised.error == error


def test_network_needed_but_not_allowed() -> None:
    for vm_identifier in (WEB + "#key-0", ISSUER + "#key-1"):
        raised = _error(dereference_verification_method, vm_identifier=vm_identifier)
        assert raised.error == "internalError"
        assert "not allowed" in raised.message


def test_resolution_errors_pass_through() -> None:
    raised = _error(dereference_verification_method, vm_identifier="did:example:1#k")
    assert raised.error == "methodNotSupported"
    raised = _error(dereference_verification_method, vm_identifier="did:example:1/path#k")
    assert raised.error == "INVALID_VERIFICATION_METHOD_URL"


def test_bad_purpose_is_misuse() -> None:
    with pytest.raises(InputError):
        dereference_verification_method(WEB + "#k", purpose=3)  # type: ignore[arg-type]


def test_split() -> None:
    assert split_verification_method_id(ISSUER + "#key-1") == (ISSUER, "key-1")
    assert split_verification_method_id(WEB + "#key-1") == (WEB, "key-1")


# --- with the network -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def issuers(https_server: LocalServer) -> LocalServer:
    did = https_server.did + ":issuers:one"
    web = json.loads(json.dumps(_web_document()).replace(WEB, did))
    profile = json.loads(json.dumps(ISSUER_PROFILE).replace(ISSUER, https_server.url("/profile")))
    https_server.routes.update(
        {"/issuers/one/did.json": json_route(web), "/profile": json_route(profile)}
    )
    return https_server


@pytest.mark.network
def test_dereference_did_web_and_https_profile(issuers: LocalServer) -> None:
    policy = FetchPolicy(allow_private_hosts=True, ca_bundle=issuers.ca_bundle)
    did = issuers.did + ":issuers:one"
    with Fetcher(policy=policy) as fetcher:
        method = dereference_verification_method(
            did + "#key-0", fetcher=fetcher, purpose="assertionMethod"
        )
        assert method["controller"] == did
        profile_key = dereference_verification_method(
            issuers.url("/profile") + "#key-1", fetcher=fetcher, purpose="assertionMethod"
        )
        assert profile_key["type"] == "Multikey"
        missing = _error(
            dereference_verification_method,
            vm_identifier=issuers.url("/nowhere") + "#k",
            fetcher=fetcher,
        )
        assert missing.error == "notFound"

    async def scenario() -> dict[str, Any]:
        async with AsyncFetcher(policy=policy) as async_fetcher:
            return await dereference_verification_method_async(
                did + "#key-2", fetcher=async_fetcher, purpose="assertionMethod"
            )

    assert asyncio.run(scenario())["id"] == did + "#key-2"
