"""Decentralized Identifiers: the resolver interface, dereferencing, did:key, did:jwk, did:web.

::

    from vcler.did import resolve, dereference_verification_method
    from vcler.net import Fetcher

    result = resolve("did:jwk:eyJr...")            # offline: did:key, did:jwk
    result.did_document, result.error               # error is None when resolved

    with Fetcher() as fetcher:                      # did:web needs the network
        result = resolve("did:web:example.com", fetcher=fetcher)

    method = dereference_verification_method(
        "did:web:example.com#key-0", purpose="assertionMethod",
        documents={"did:web:example.com": known_document},   # offline when supplied
    )

Method resolvers are pluggable (``resolvers={"web": WebResolver(), ...}``) and do no I/O:
:func:`resolve` and :func:`resolve_async` perform the one fetch a method may ask for.
"""

from __future__ import annotations

from .dereference import (
    dereference_verification_method,
    dereference_verification_method_async,
    split_verification_method_id,
)
from .document import VERIFICATION_RELATIONSHIPS
from .jwk import JwkResolver, did_jwk_from_jwk, jwk_from_did_jwk, resolve_did_jwk
from .resolver import (
    RESOLUTION_ERRORS,
    AsyncJsonFetcher,
    FetchNeeded,
    JsonFetcher,
    KeyResolver,
    MethodResolver,
    ResolutionResult,
    default_resolvers,
    resolve,
    resolve_async,
)
from .syntax import DidUrl, is_did, parse_did, parse_did_url
from .web import WebResolver, did_web_from_url, did_web_to_url

__all__ = [
    "RESOLUTION_ERRORS",
    "VERIFICATION_RELATIONSHIPS",
    "AsyncJsonFetcher",
    "DidUrl",
    "FetchNeeded",
    "JsonFetcher",
    "JwkResolver",
    "KeyResolver",
    "MethodResolver",
    "ResolutionResult",
    "WebResolver",
    "default_resolvers",
    "dereference_verification_method",
    "dereference_verification_method_async",
    "did_jwk_from_jwk",
    "did_web_from_url",
    "did_web_to_url",
    "is_did",
    "jwk_from_did_jwk",
    "parse_did",
    "parse_did_url",
    "resolve",
    "resolve_async",
    "resolve_did_jwk",
    "split_verification_method_id",
]
