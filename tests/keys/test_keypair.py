"""KeyPair: ids and controllers, the key file, the Signer / Verifier protocols."""

from __future__ import annotations

import pytest

from tests.vectors import read_json
from vcler.errors import InputError, InvalidKeyError
from vcler.keys import KeyPair, PrivateKey, PublicKey, Signer, Verifier, generate_key


@pytest.mark.parametrize("key_type", ["Ed25519", "P-256", "P-384"])
def test_generate_key_is_a_did_key(key_type: str) -> None:
    key = generate_key(key_type)
    mb = key.public_key_multibase
    assert key.algorithm == key.type == key_type
    assert key.controller == f"did:key:{mb}"
    assert key.id == f"did:key:{mb}#{mb}"
    assert key.to_json() == {
        "id": key.id,
        "type": "Multikey",
        "controller": key.controller,
        "publicKeyMultibase": mb,
        "secretKeyMultibase": key.private_key.to_multibase() if key.private_key else None,
    }
    assert "secretKeyMultibase" not in key.to_json(include_secret=False)


def test_default_type_is_ed25519() -> None:
    assert generate_key().algorithm == "Ed25519"


def test_controllers_and_ids() -> None:
    key = generate_key("P-256", controller="did:web:issuer.example")
    assert key.id == f"did:web:issuer.example#{key.public_key_multibase}"
    key = generate_key(controller="https://issuer.example/keys.json", id="#key-1")
    assert key.id == "https://issuer.example/keys.json#key-1"
    key = generate_key(id="did:web:issuer.example#key-2")
    assert key.controller == "did:web:issuer.example"
    with pytest.raises(InputError):
        generate_key(id="#key-1")
    with pytest.raises(InputError):
        generate_key(controller="")
    # A did:key controller must be this key's did:key.
    other = generate_key().controller
    with pytest.raises(InvalidKeyError, match="did:key controller"):
        generate_key(controller=other)


def test_key_file_round_trip_keeps_id_and_controller() -> None:
    key = generate_key("P-384", controller="did:web:example.com", id="#k")
    again = KeyPair.from_json(key.to_json())
    assert again == key and again.id == "did:web:example.com#k"
    public = KeyPair.from_json(key.to_json(include_secret=False))
    assert not public.can_sign and public.public_key == key.public_key
    with pytest.raises(InvalidKeyError, match="cannot sign"):
        public.sign(b"data")


def test_key_file_accepts_private_key_multibase_and_checks_the_pair() -> None:
    published = read_json("di-eddsa", "keyPair.json")
    assert "privateKeyMultibase" in published
    key = KeyPair.from_json(published)
    other = generate_key()
    assert other.private_key is not None
    mismatched = {**published, "privateKeyMultibase": other.private_key.to_multibase()}
    with pytest.raises(InvalidKeyError, match="does not belong"):
        KeyPair.from_json(mismatched)
    both = {**published, "secretKeyMultibase": published["privateKeyMultibase"]}
    with pytest.raises(InvalidKeyError, match="one secret key member"):
        KeyPair.from_json(both)
    assert KeyPair.from_multibase(secret=published["privateKeyMultibase"]) == key


def test_from_json_reads_other_verification_method_forms() -> None:
    key = generate_key("P-256")
    jwk_method = {
        "id": key.id,
        "type": "JsonWebKey2020",
        "controller": key.controller,
        "publicKeyJwk": key.public_key.to_jwk(),
    }
    assert KeyPair.from_json(jwk_method).public_key == key.public_key
    assert key.private_key is not None
    secret_jwk = {**jwk_method, "privateKeyJwk": key.private_key.to_jwk()}
    assert KeyPair.from_json(secret_jwk) == key
    with pytest.raises(InvalidKeyError, match="does not use publicKeyMultibase"):
        KeyPair.from_json({**key.to_json(), "type": "JsonWebKey2020"})
    with pytest.raises(InvalidKeyError, match="no 'd'"):
        KeyPair.from_json({**jwk_method, "publicKeyJwk": key.private_key.to_jwk()})
    with pytest.raises(InvalidKeyError, match="one key member"):
        KeyPair.from_json({**jwk_method, "publicKeyMultibase": key.public_key_multibase})
    with pytest.raises(InvalidKeyError):
        KeyPair.from_json({"id": "x"})
    with pytest.raises(InvalidKeyError):
        KeyPair.from_json(["not", "an", "object"])  # type: ignore[arg-type]


def test_legacy_base58_verification_methods() -> None:
    entry = next(iter(read_json("did-key", "ed25519-x25519.json").values()))
    method = entry["didDocument"]["verificationMethod"][0]
    assert method["type"] == "Ed25519VerificationKey2018"
    key = KeyPair.from_json(method)
    assert key.id == method["id"] and key.algorithm == "Ed25519"
    with pytest.raises(InvalidKeyError, match="legacy type"):
        KeyPair.from_json({**method, "type": "Multikey"})


def test_from_multibase_and_jwk_and_private_bytes() -> None:
    key = generate_key("P-256")
    assert key.private_key is not None
    secret = key.private_key.to_multibase()
    assert KeyPair.from_multibase(public=key.public_key_multibase, secret=secret) == key
    wrong = generate_key("P-256").public_key_multibase
    with pytest.raises(InvalidKeyError, match="does not belong"):
        KeyPair.from_multibase(public=wrong, secret=secret)
    with pytest.raises(InputError):
        KeyPair.from_multibase()
    assert KeyPair.from_jwk(key.private_key.to_jwk()) == key
    assert not KeyPair.from_jwk(key.public_key.to_jwk()).can_sign
    raw = key.private_key.private_bytes()
    assert KeyPair.from_private_bytes("P-256", raw) == key
    with pytest.raises(InputError):
        KeyPair("not a key")  # type: ignore[arg-type]


def test_keypair_implements_signer_and_verifier() -> None:
    key = generate_key("P-384")
    assert isinstance(key, Signer) and isinstance(key, Verifier)
    signature = key.sign(b"hello")
    assert len(signature) == 96 and key.verify(signature, b"hello")


class _RemoteSigner:
    """A signer whose secret lives elsewhere (here: a PrivateKey standing in for a KMS)."""

    def __init__(self, secret: PrivateKey, id: str) -> None:
        self._secret = secret
        self.id = id
        self.algorithm = secret.algorithm

    def sign(self, data: bytes) -> bytes:
        return self._secret.sign(data)


def test_an_external_signer_satisfies_the_protocol() -> None:
    secret = PrivateKey.generate("Ed25519")
    signer = _RemoteSigner(secret, "did:web:example.com#kms-1")
    assert isinstance(signer, Signer)
    assert not isinstance(signer, Verifier)
    verifier = KeyPair(secret.public_key, controller="did:web:example.com", id="#kms-1")
    assert isinstance(verifier, Verifier) and verifier.id == signer.id
    assert verifier.verify(signer.sign(b"payload"), b"payload")
    assert not isinstance(PublicKey.from_multibase(verifier.public_key_multibase), Signer)


def test_a_did_key_controls_its_derived_x25519_key_only() -> None:
    ed25519 = generate_key("Ed25519")
    x25519 = ed25519.public_key.to_x25519()
    derived = KeyPair(x25519, controller=ed25519.controller)
    assert derived.id == f"{ed25519.controller}#{x25519.to_multibase()}"
    stranger = generate_key("Ed25519").public_key.to_x25519()
    with pytest.raises(InvalidKeyError, match="did:key controller"):
        KeyPair(stranger, controller=ed25519.controller)
    with pytest.raises(InvalidKeyError, match="did:key controller"):
        KeyPair(ed25519.public_key, controller=ed25519.controller, id="#other")
