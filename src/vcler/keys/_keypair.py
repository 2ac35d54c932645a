"""A key bound to a verification method: :class:`KeyPair`, the key file, :func:`generate_key`.

The key file is a Multikey verification method plus its secret::

    {"id": "did:key:z6Mk...#z6Mk...", "type": "Multikey", "controller": "did:key:z6Mk...",
     "publicKeyMultibase": "z6Mk...", "secretKeyMultibase": "z3u2..."}

Spec: https://www.w3.org/TR/cid-1.0/#Multikey
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import InputError, InvalidKeyError
from ._curves import MAX_PUBLIC_KEY_BYTES, KeyType
from ._files import write_private_file
from ._keys import PrivateKey, PublicKey
from .encoding import multibase_b58_decode

__all__ = ["MULTIKEY_TYPE", "KeyPair", "generate_key"]

MULTIKEY_TYPE = "Multikey"

# Verification method types whose key is in publicKeyMultibase (multicodec-prefixed).
_MULTIBASE_TYPES = frozenset(
    {MULTIKEY_TYPE, "Ed25519VerificationKey2020", "X25519KeyAgreementKey2020"}
)
# Verification method types whose key is in publicKeyJwk.
_JWK_TYPES = frozenset({"JsonWebKey", "JsonWebKey2020"})
# Legacy types whose key is raw base58btc (no multibase header, no multicodec) in publicKeyBase58.
_BASE58_TYPES: dict[str, KeyType] = {
    "Ed25519VerificationKey2018": "Ed25519",
    "X25519KeyAgreementKey2019": "X25519",
}


def _did_key(public_key: PublicKey) -> str:
    return "did:key:" + public_key.to_multibase()


def _identify(public_key: PublicKey, id: str | None, controller: str | None) -> tuple[str, str]:
    """The ``(id, controller)`` of a key: did:key ones by default, else the caller's."""
    for name, value in (("id", id), ("controller", controller)):
        if value is not None and (not isinstance(value, str) or not value):
            raise InputError(f"{name} must be a non-empty string")
    fragment = public_key.to_multibase()
    if controller is None:
        if id is None:
            controller = _did_key(public_key)
        elif "#" in id and not id.startswith("#"):
            controller = id.split("#", 1)[0]
        else:
            raise InputError(f"give the controller of verification method {id!r}")
    if id is None:
        id = f"{controller}#{fragment}"
    elif id.startswith("#"):
        id = controller + id
    if controller.startswith("did:key:"):
        _check_did_key_binding(public_key, id, controller)
    return id, controller


def _check_did_key_binding(public_key: PublicKey, id: str, controller: str) -> None:
    """A did:key controls its own key (id ``<did>#<mb>``) and, for Ed25519, the derived X25519
    key agreement key; nothing else."""
    own = _did_key(public_key)
    fragment = public_key.to_multibase()
    if controller == own and id == f"{own}#{fragment}":
        return
    if public_key.type == "X25519" and id == f"{controller}#{fragment}":
        try:
            controller_key = PublicKey.from_multibase(controller.removeprefix("did:key:"))
        except InvalidKeyError:
            controller_key = None
        if (
            controller_key is not None
            and controller_key.type == "Ed25519"
            and controller_key.to_x25519() == public_key
        ):
            return
    raise InvalidKeyError(f"a did:key controller must be {own!r} with id '{own}#{fragment}'")


class KeyPair:
    """A key bound to a verification method ``id`` and its ``controller``.

    Holds a public key, and the secret key when it can sign. Implements both
    :class:`vcler.keys.Signer` and :class:`vcler.keys.Verifier` (and, for a ``Bls12381G2``
    key, :class:`vcler.keys.MultiMessageSigner`).

    Without ``id`` and ``controller`` the key is a did:key: controller ``did:key:<mb>`` and id
    ``did:key:<mb>#<mb>``, ``<mb>`` being the ``publicKeyMultibase``. With only a controller
    (a DID or an https URL of a controller document) the id is ``<controller>#<mb>``; an id
    starting with ``#`` is taken relative to the controller.
    """

    __slots__ = ("_controller", "_id", "_private", "_public")

    def __init__(
        self, key: PublicKey | PrivateKey, *, id: str | None = None, controller: str | None = None
    ) -> None:
        """Bind ``key`` (a :class:`PrivateKey` to sign, a :class:`PublicKey` to verify only)."""
        if isinstance(key, PrivateKey):
            self._private: PrivateKey | None = key
            self._public = key.public_key
        elif isinstance(key, PublicKey):
            self._private = None
            self._public = key
        else:
            raise InputError("KeyPair takes a vcler.keys.PublicKey or PrivateKey")
        self._id, self._controller = _identify(self._public, id, controller)

    # -- constructors -------------------------------------------------------------------------

    @classmethod
    def generate(
        cls, type: str = "Ed25519", *, controller: str | None = None, id: str | None = None
    ) -> KeyPair:
        """A new random key pair of ``type`` (``"Ed25519"``, ``"P-256"``, ``"P-384"``...)."""
        return cls(PrivateKey.generate(type), id=id, controller=controller)

    @classmethod
    def from_multibase(
        cls,
        *,
        public: str | None = None,
        secret: str | None = None,
        controller: str | None = None,
        id: str | None = None,
    ) -> KeyPair:
        """A key pair from ``publicKeyMultibase`` and/or ``secretKeyMultibase`` values.

        With both, the secret must belong to the public key.
        """
        if public is None and secret is None:
            raise InputError("give public=, secret= or both")
        public_key = PublicKey.from_multibase(public) if public is not None else None
        if secret is None:
            assert public_key is not None
            return cls(public_key, id=id, controller=controller)
        private_key = PrivateKey.from_multibase(secret)
        if public_key is not None and public_key != private_key.public_key:
            raise InvalidKeyError("the secret key does not belong to the public key")
        return cls(private_key, id=id, controller=controller)

    @classmethod
    def from_jwk(
        cls, jwk: Mapping[str, Any], *, controller: str | None = None, id: str | None = None
    ) -> KeyPair:
        """A key pair from a JWK: able to sign when the JWK has ``d``."""
        key: PublicKey | PrivateKey
        key = PrivateKey.from_jwk(jwk) if "d" in jwk else PublicKey.from_jwk(jwk)
        return cls(key, id=id, controller=controller)

    @classmethod
    def from_private_bytes(
        cls, type: str, data: bytes, *, controller: str | None = None, id: str | None = None
    ) -> KeyPair:
        """A key pair from the raw secret (Ed25519 seed or EC scalar)."""
        return cls(PrivateKey.from_private_bytes(type, data), id=id, controller=controller)

    @classmethod
    def from_json(cls, document: Mapping[str, Any]) -> KeyPair:
        """A key pair from a key file or a verification method.

        Reads ``publicKeyMultibase`` (Multikey, Ed25519VerificationKey2020,
        X25519KeyAgreementKey2020), ``publicKeyJwk`` (JsonWebKey, JsonWebKey2020) or
        ``publicKeyBase58`` (Ed25519VerificationKey2018, X25519KeyAgreementKey2019), and the
        secret from ``secretKeyMultibase`` or ``privateKeyMultibase`` (or ``secretKeyJwk`` /
        ``privateKeyJwk``). ``id`` and ``controller`` default as for :class:`KeyPair`.
        """
        if not isinstance(document, Mapping):
            raise InvalidKeyError("a key file must be a JSON object")
        public_key = _public_key_of(document)
        private_key = _private_key_of(document)
        if public_key is None and private_key is None:
            raise InvalidKeyError("the key file has no publicKeyMultibase or secretKeyMultibase")
        key: PublicKey | PrivateKey
        if private_key is None:
            assert public_key is not None
            key = public_key
        else:
            if public_key is not None and public_key != private_key.public_key:
                raise InvalidKeyError("the secret key does not belong to the public key")
            key = private_key
        return cls(key, id=document.get("id"), controller=document.get("controller"))

    # -- properties ---------------------------------------------------------------------------

    @property
    def id(self) -> str:
        """The verification method id."""
        return self._id

    @property
    def controller(self) -> str:
        """The controller: a DID or the URL of a controller document."""
        return self._controller

    @property
    def type(self) -> KeyType:
        """The key type (``"Ed25519"``, ``"P-256"``...)."""
        return self._public.type

    @property
    def algorithm(self) -> KeyType:
        """The key type, naming the signature algorithm (see :class:`vcler.keys.Signer`)."""
        return self._public.type

    @property
    def public_key(self) -> PublicKey:
        """The public key."""
        return self._public

    @property
    def private_key(self) -> PrivateKey | None:
        """The secret key, or ``None`` for a verify-only key pair."""
        return self._private

    @property
    def can_sign(self) -> bool:
        """Whether this key pair holds its secret key."""
        return self._private is not None

    @property
    def public_key_multibase(self) -> str:
        """The ``publicKeyMultibase`` value."""
        return self._public.to_multibase()

    # -- verbs --------------------------------------------------------------------------------

    def sign(self, data: bytes) -> bytes:
        """The signature of ``data`` (see :meth:`PrivateKey.sign`)."""
        if self._private is None:
            raise InvalidKeyError(f"key {self._id} has no secret key: it cannot sign")
        return self._private.sign(data)

    def sign_messages(self, messages: Sequence[bytes], *, header: bytes = b"") -> bytes:
        """The BBS signature of ``messages`` and ``header`` (a ``Bls12381G2`` key; see
        :meth:`PrivateKey.sign_messages`)."""
        if self._private is None:
            raise InvalidKeyError(f"key {self._id} has no secret key: it cannot sign")
        return self._private.sign_messages(messages, header=header)

    def verify(self, signature: bytes, data: bytes) -> bool:
        """Whether ``signature`` is this key's signature of ``data``; never raises for a bad one."""
        return self._public.verify(signature, data)

    def to_json(self, *, include_secret: bool = True) -> dict[str, str]:
        """The key file (with ``secretKeyMultibase`` when held and ``include_secret``), or with
        ``include_secret=False`` the Multikey verification method to publish."""
        document = {
            "id": self._id,
            "type": MULTIKEY_TYPE,
            "controller": self._controller,
            "publicKeyMultibase": self._public.to_multibase(),
        }
        if include_secret and self._private is not None:
            document["secretKeyMultibase"] = self._private.to_multibase()
        return document

    def save(self, path: str | os.PathLike[str], *, overwrite: bool = False) -> None:
        """Write the key file (:meth:`to_json`, with the secret) to ``path``, readable and
        writable by its owner only: the file is created with mode 0600, never narrowed after.

        An existing ``path`` raises ``FileExistsError`` unless ``overwrite=True``, which
        replaces it atomically (a symlink is replaced, not written through). Read it back with
        ``KeyPair.from_json(json.load(...))``.
        """
        text = json.dumps(self.to_json(), indent=2) + "\n"
        write_private_file(path, text.encode("utf-8"), overwrite=overwrite)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, KeyPair):
            return NotImplemented
        return (self._id, self._controller, self._public, self._private) == (
            other._id,
            other._controller,
            other._public,
            other._private,
        )

    def __hash__(self) -> int:
        return hash((self._id, self._public))

    def __repr__(self) -> str:
        secret = "with secret" if self._private is not None else "public only"
        return f"KeyPair({self._public.type!r}, id={self._id!r}, {secret})"


def _public_key_of(document: Mapping[str, Any]) -> PublicKey | None:
    """The public key of a verification method document, by its type and key member."""
    members = [
        m for m in ("publicKeyMultibase", "publicKeyJwk", "publicKeyBase58") if m in document
    ]
    if len(members) > 1:
        raise InvalidKeyError(f"a verification method has one key member, not {members}")
    vm_type = document.get("type")
    if not members:
        return None
    member = members[0]
    if member == "publicKeyMultibase":
        if vm_type is not None and vm_type not in _MULTIBASE_TYPES:
            raise InvalidKeyError(f"type {vm_type!r} does not use publicKeyMultibase")
        return PublicKey.from_multibase(document[member])
    if member == "publicKeyJwk":
        if vm_type is not None and vm_type not in _JWK_TYPES:
            raise InvalidKeyError(f"type {vm_type!r} does not use publicKeyJwk")
        jwk = document[member]
        if not isinstance(jwk, Mapping) or "d" in jwk:
            raise InvalidKeyError("publicKeyJwk must be a public JWK object (no 'd')")
        return PublicKey.from_jwk(jwk)
    if vm_type not in _BASE58_TYPES:
        raise InvalidKeyError(f"publicKeyBase58 needs a legacy type, not {vm_type!r}")
    value = document[member]
    if not isinstance(value, str):
        raise InvalidKeyError("publicKeyBase58 must be a string")
    raw = multibase_b58_decode("z" + value, max_bytes=MAX_PUBLIC_KEY_BYTES, what="publicKeyBase58")
    return PublicKey.from_public_bytes(_BASE58_TYPES[vm_type], raw)


def _private_key_of(document: Mapping[str, Any]) -> PrivateKey | None:
    """The secret key of a key file, if it has one."""
    members = [
        m
        for m in ("secretKeyMultibase", "privateKeyMultibase", "secretKeyJwk", "privateKeyJwk")
        if m in document
    ]
    if len(members) > 1:
        raise InvalidKeyError(f"a key file has one secret key member, not {members}")
    if not members:
        return None
    value = document[members[0]]
    if members[0].endswith("Jwk"):
        if not isinstance(value, Mapping):
            raise InvalidKeyError(f"{members[0]} must be a JWK object")
        return PrivateKey.from_jwk(value)
    return PrivateKey.from_multibase(value)


def generate_key(
    type: str = "Ed25519", *, controller: str | None = None, id: str | None = None
) -> KeyPair:
    """A new key pair; a did:key unless ``controller`` (and optionally ``id``) is given.

    >>> key = generate_key("P-256")
    >>> key.controller == "did:key:" + key.public_key_multibase
    True
    """
    return KeyPair.generate(type, controller=controller, id=id)
