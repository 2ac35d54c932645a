"""The did:key method: a DID that is a public key, expanded into a DID document without I/O.

``did:key:<mb>`` where ``<mb>`` is the Multikey ``publicKeyMultibase`` of the key
(``z`` + base58btc(multicodec varint || key bytes)). Supported keys: Ed25519 (with the derived
X25519 key agreement key), X25519, P-256, P-384, P-521, secp256k1 and BLS12-381 G2 (the
``bbs-2023`` issuers' keys, with the extra ``vcler[bbs]``: a Multikey, and no key agreement, as
a BBS key only signs). BLS12-381 G1 and RSA keys are recognised and refused with
``unsupportedPublicKeyType``.

Where the specification leaves room, vcler follows the published did:key test vectors:

- an X25519 did:key has only a ``keyAgreement`` relationship (an X25519 key cannot sign);
- for keys that are not Ed25519 the "derived" encryption key is the key itself, so
  ``keyAgreement`` refers to the one verification method instead of repeating it;
- with ``public_key_format="Ed25519VerificationKey2020"`` the derived key is an
  ``X25519KeyAgreementKey2020``;
- a well-formed DID of another method raises ``methodNotSupported`` (the spec says
  ``invalidDid``; a resolver that dispatches by method reports it this way).

Spec: https://w3c-ccg.github.io/did-method-key/
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import codes
from ..errors import InvalidKeyError, ResolutionError
from ..keys import KeyPair, PrivateKey, PublicKey, bbs
from ..keys.encoding import base58btc_encode, multibase_b58_decode, varint_decode
from ..keys.multicodec import MAX_MULTIKEY_BYTES, codec_by_code

__all__ = [
    "DID_CONTEXT",
    "PUBLIC_KEY_FORMATS",
    "did_key_from_public_key",
    "public_key_from_did_key",
    "resolve_did_key",
]

DID_CONTEXT = "https://www.w3.org/ns/did/v1"

# Step 1 of the Context Creation Algorithm: the context each verification method type needs.
_CONTEXTS: dict[str, str] = {
    "Multikey": "https://w3id.org/security/multikey/v1",
    "JsonWebKey2020": "https://w3id.org/security/suites/jws-2020/v1",
    "Ed25519VerificationKey2020": "https://w3id.org/security/suites/ed25519-2020/v1",
    "X25519KeyAgreementKey2020": "https://w3id.org/security/suites/x25519-2020/v1",
    "Ed25519VerificationKey2018": "https://w3id.org/security/suites/ed25519-2018/v1",
    "X25519KeyAgreementKey2019": "https://w3id.org/security/suites/x25519-2019/v1",
}
#: The ``publicKeyFormat`` values vcler can produce.
PUBLIC_KEY_FORMATS: tuple[str, ...] = tuple(_CONTEXTS)
_SIGNATURE_FORMATS = frozenset({"Multikey", "JsonWebKey2020", "Ed25519VerificationKey2020"})
_ENCRYPTION_FORMATS = frozenset({"Multikey", "JsonWebKey2020", "X25519KeyAgreementKey2020"})
_EXPERIMENTAL_FORMATS = frozenset({"Ed25519VerificationKey2018", "X25519KeyAgreementKey2019"})
# The key type each key-specific format can express.
_FORMAT_KEY_TYPE: dict[str, str] = {
    "Ed25519VerificationKey2020": "Ed25519",
    "Ed25519VerificationKey2018": "Ed25519",
    "X25519KeyAgreementKey2020": "X25519",
    "X25519KeyAgreementKey2019": "X25519",
}
# The key agreement counterpart of a signature format.
_ENCRYPTION_COUNTERPART: dict[str, str] = {
    "Ed25519VerificationKey2020": "X25519KeyAgreementKey2020",
    "Ed25519VerificationKey2018": "X25519KeyAgreementKey2019",
}
_BLS = "Bls12381G2"
_RELATIONSHIPS = (
    "authentication",
    "assertionMethod",
    "capabilityInvocation",
    "capabilityDelegation",
)


@dataclass(frozen=True)
class _Options:
    public_key_format: str
    enable_encryption_key_derivation: bool
    enable_experimental_public_key_types: bool


def resolve_did_key(
    did: str,
    *,
    public_key_format: str = "Multikey",
    enable_encryption_key_derivation: bool = True,
    enable_experimental_public_key_types: bool = False,
) -> dict[str, Any]:
    """The DID document of a did:key (the Document Creation Algorithm).

    ``public_key_format`` is ``"Multikey"`` (default), ``"JsonWebKey2020"`` or
    ``"Ed25519VerificationKey2020"``; with ``enable_experimental_public_key_types`` also the
    legacy ``"Ed25519VerificationKey2018"`` / ``"X25519KeyAgreementKey2019"``. Raises
    :class:`vcler.errors.ResolutionError` whose ``error`` is ``invalidDid``,
    ``methodNotSupported``, ``invalidPublicKeyType``, ``unsupportedPublicKeyType``,
    ``invalidPublicKeyLength`` or ``invalidPublicKey``.

    Spec: https://w3c-ccg.github.io/did-method-key/#document-creation-algorithm
    """
    options = _Options(
        public_key_format, enable_encryption_key_derivation, enable_experimental_public_key_types
    )
    # Steps 2-3: split and check the identifier.
    multibase_value = _multibase_value(did)
    # The key is decoded once here; the method algorithms below re-use it.
    public_key = _decode_public_key(multibase_value)
    verification_methods: list[dict[str, Any]] = []
    relationships: dict[str, list[str]] = {}
    if public_key.type != "X25519":
        # Step 4: the signature verification method.
        signature_method = _signature_method(did, multibase_value, public_key, options)
        # Steps 6-7: it is the first method and serves every signing relationship.
        verification_methods.append(signature_method)
        for name in _RELATIONSHIPS:
            relationships[name] = [signature_method["id"]]
    # Step 8: the key agreement method (an X25519 did:key is one, whatever the option says; a
    # BBS key has none).
    if public_key.type == _BLS:
        pass
    elif enable_encryption_key_derivation or public_key.type == "X25519":
        encryption_method = _encryption_method(did, multibase_value, public_key, options)
        if all(vm["id"] != encryption_method["id"] for vm in verification_methods):
            verification_methods.append(encryption_method)
        relationships["keyAgreement"] = [encryption_method["id"]]
    # Steps 5, 9-10: assemble the document with its contexts.
    return {
        "@context": _contexts(verification_methods),
        "id": did,
        "verificationMethod": verification_methods,
        **relationships,
    }


def _multibase_value(did: object) -> str:
    """The multibase value of a did:key (steps 2-3 of the Document Creation Algorithm).

    Spec: https://w3c-ccg.github.io/did-method-key/#document-creation-algorithm
    """
    if not isinstance(did, str):
        raise ResolutionError("a DID must be a string", error=codes.INVALID_DID)
    if any(c in did for c in "/?#"):
        raise ResolutionError(f"{did!r} is a DID URL, not a DID", error=codes.INVALID_DID)
    # Step 2: scheme, method, optional version, multibase value.
    parts = did.split(":")
    if len(parts) < 3 or parts[0] != "did" or not parts[1]:
        raise ResolutionError(f"{did!r} is not a DID", error=codes.INVALID_DID)
    # Step 3: check each component.
    if parts[1] != "key":
        raise ResolutionError(f"{did!r} is not a did:key", error=codes.METHOD_NOT_SUPPORTED)
    if len(parts) == 3:
        version, multibase_value = "1", parts[2]
    elif len(parts) == 4:
        version, multibase_value = parts[2], parts[3]
    else:
        raise ResolutionError(f"{did!r} has too many components", error=codes.INVALID_DID)
    if not version.isdigit() or int(version) < 1:
        raise ResolutionError(
            f"did:key version {version!r} is not a positive integer", error=codes.INVALID_DID
        )
    if not multibase_value.startswith("z"):
        raise ResolutionError(
            f"the did:key value of {did!r} is not base58btc multibase (it must start with 'z')",
            error=codes.INVALID_DID,
        )
    return multibase_value


def _decode_public_key(multibase_value: str) -> PublicKey:
    """The public key of a did:key (Decode Public Key Algorithm, then length and validity).

    Spec: https://w3c-ccg.github.io/did-method-key/#decode-public-key-algorithm and steps 3-4
    of https://w3c-ccg.github.io/did-method-key/#signature-method-creation-algorithm
    """
    # Step 1: base58btc-decode and read the varint multicodec header.
    try:
        data = multibase_b58_decode(
            multibase_value, max_bytes=MAX_MULTIKEY_BYTES, what="did:key value"
        )
        code, header = varint_decode(data)
    except InvalidKeyError as e:
        raise ResolutionError(f"invalid did:key value: {e}", error=codes.INVALID_DID) from e
    # Step 2: the rest is the raw public key.
    raw = data[header:]
    codec = codec_by_code(code)
    if codec is None or codec.secret:
        what = f"a {codec.name} secret key" if codec else f"unknown multicodec 0x{code:x}"
        raise ResolutionError(
            f"did:key holds {what}, not a public key", error=codes.INVALID_PUBLIC_KEY_TYPE
        )
    if not codec.supported or (codec.key_type == _BLS and not bbs.available()):
        extra = " without the extra vcler[bbs]" if codec.supported else ""
        raise ResolutionError(
            f"{codec.name} keys are not supported{extra}",
            error=codes.UNSUPPORTED_PUBLIC_KEY_TYPE,
        )
    # Signature Method Creation step 3: the length the multicodec requires.
    if len(raw) not in codec.lengths:
        raise ResolutionError(
            f"a {codec.name} key is {codec.lengths[0]} bytes, not {len(raw)}",
            error=codes.INVALID_PUBLIC_KEY_LENGTH,
        )
    # Signature Method Creation step 4: the bytes must encode a key (EC point on the curve).
    try:
        return PublicKey.from_public_bytes(codec.key_type, raw)
    except InvalidKeyError as e:
        raise ResolutionError(str(e), error=codes.INVALID_PUBLIC_KEY) from e


def _check_format(
    public_key_format: str, allowed: frozenset[str], key_type: str, options: _Options
) -> None:
    """Steps 7-8 of the method creation algorithms: the format is known and allowed."""
    # Step 7: a format this implementation does not know.
    if public_key_format not in _CONTEXTS:
        raise ResolutionError(
            f"unknown publicKeyFormat {public_key_format!r}",
            error=codes.UNSUPPORTED_PUBLIC_KEY_TYPE,
        )
    # Step 8: legacy formats only when experimental types are enabled.
    experimental_ok = (
        options.enable_experimental_public_key_types and public_key_format in _EXPERIMENTAL_FORMATS
    )
    if public_key_format not in allowed and not experimental_ok:
        raise ResolutionError(
            f"publicKeyFormat {public_key_format!r} is not allowed here",
            error=codes.INVALID_PUBLIC_KEY_TYPE,
        )
    required = _FORMAT_KEY_TYPE.get(public_key_format)
    # A BLS12-381 G2 key is expressed as a Multikey only (bbs-2023's verification method).
    if (required is not None and required != key_type) or (
        key_type == _BLS and public_key_format != "Multikey"
    ):
        raise ResolutionError(
            f"a {public_key_format} cannot express a {key_type} key",
            error=codes.INVALID_PUBLIC_KEY_TYPE,
        )


def _verification_method(
    did: str, multibase_value: str, public_key: PublicKey, public_key_format: str
) -> dict[str, Any]:
    """Steps 5, 9-12: id, type, controller and the key in the format's member."""
    method: dict[str, Any] = {
        "id": f"{did}#{multibase_value}",
        "type": public_key_format,
        "controller": did,
    }
    if public_key_format == "JsonWebKey2020":
        method["publicKeyJwk"] = public_key.to_jwk()
    elif public_key_format in _EXPERIMENTAL_FORMATS:
        method["publicKeyBase58"] = base58btc_encode(public_key.public_bytes())
    else:
        method["publicKeyMultibase"] = multibase_value
    return method


def _signature_method(
    did: str, multibase_value: str, public_key: PublicKey, options: _Options
) -> dict[str, Any]:
    """The signature verification method (steps 3-4 are done by :func:`_decode_public_key`).

    Spec: https://w3c-ccg.github.io/did-method-key/#signature-method-creation-algorithm
    """
    _check_format(options.public_key_format, _SIGNATURE_FORMATS, public_key.type, options)
    return _verification_method(did, multibase_value, public_key, options.public_key_format)


def _encryption_method(
    did: str, multibase_value: str, public_key: PublicKey, options: _Options
) -> dict[str, Any]:
    """The key agreement verification method.

    Spec: https://w3c-ccg.github.io/did-method-key/#encryption-method-creation-algorithm and
    https://w3c-ccg.github.io/did-method-key/#derive-encryption-key-algorithm
    """
    # Step 2: derive the encryption key: X25519 from Ed25519, otherwise the key itself.
    if public_key.type == "Ed25519":
        public_key = public_key.to_x25519()
        # Step 4: its multibase value.
        multibase_value = public_key.to_multibase()
    # Steps 6-8: the format, mapped to its key agreement counterpart.
    public_key_format = _ENCRYPTION_COUNTERPART.get(
        options.public_key_format, options.public_key_format
    )
    allowed = _ENCRYPTION_FORMATS if public_key.type == "X25519" else _SIGNATURE_FORMATS
    _check_format(public_key_format, allowed, public_key.type, options)
    return _verification_method(did, multibase_value, public_key, public_key_format)


def _contexts(verification_methods: list[dict[str, Any]]) -> list[str]:
    """The document's ``@context``: DID v1, then one context per verification method type.

    Spec: https://w3c-ccg.github.io/did-method-key/#context-creation-algorithm
    """
    contexts = [DID_CONTEXT]
    for method in verification_methods:
        context = _CONTEXTS[method["type"]]
        if context not in contexts:
            contexts.append(context)
    return contexts


def did_key_from_public_key(key: PublicKey | PrivateKey | KeyPair) -> str:
    """The did:key of a public key: ``did:key:`` + its ``publicKeyMultibase``.

    Spec: https://w3c-ccg.github.io/did-method-key/#create
    """
    if isinstance(key, PrivateKey | KeyPair):
        key = key.public_key
    if not isinstance(key, PublicKey):
        raise TypeError("did_key_from_public_key takes a vcler.keys key")
    return "did:key:" + key.to_multibase()


def public_key_from_did_key(did: str) -> PublicKey:
    """The public key a did:key (or a did:key URL, fragment ignored) stands for.

    Raises :class:`vcler.errors.ResolutionError` as :func:`resolve_did_key` does.
    """
    if not isinstance(did, str):
        raise ResolutionError("a DID must be a string", error=codes.INVALID_DID)
    return _decode_public_key(_multibase_value(did.split("#", 1)[0]))
