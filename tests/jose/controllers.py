"""Controller documents for the JOSE tests: one JWK verification method, listed for
assertions."""

from __future__ import annotations

import json
from typing import Any

CID_CONTEXT = "https://www.w3.org/ns/cid/v1"


def jwk_controller(
    controller: str,
    jwk: dict[str, Any],
    *,
    fragment: str = "key-1",
    method_type: str = "JsonWebKey",
    contexts: tuple[str, ...] = (CID_CONTEXT,),
) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(verification method, controller document)`` for a public JWK of ``controller``."""
    method = {
        "id": f"{controller}#{fragment}",
        "type": method_type,
        "controller": controller,
        "publicKeyJwk": jwk,
    }
    document = {
        "@context": list(contexts),
        "id": controller,
        "verificationMethod": [method],
        "assertionMethod": [method["id"]],
    }
    return method, document


def rsa_controller(controller: str) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    """A new RSA-2048 jwcrypto key, and its method and controller document."""
    from cryptography.hazmat.primitives.asymmetric import rsa
    from jwcrypto import jwk

    private = jwk.JWK.from_pyca(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    method, document = jwk_controller(
        controller, json.loads(private.export_public()), fragment="rsa"
    )
    return private, method, document
