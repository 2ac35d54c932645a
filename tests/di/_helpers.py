"""Shared helpers for the Data Integrity tests: keys, a did:key method resolver, documents."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from vcler.di import verify_proofs
from vcler.did import dereference_verification_method
from vcler.keys import KeyPair
from vcler.results import ProofResult

from ..vectors import read_json, read_text

NOW = datetime(2024, 1, 1, tzinfo=timezone.utc)
CREATED = "2023-02-24T23:36:38Z"

CREDENTIAL: dict[str, Any] = {
    "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://www.w3.org/ns/credentials/examples/v2",
    ],
    "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
    "type": ["VerifiableCredential", "AlumniCredential"],
    "name": "Alumni Credential",
    "issuer": "https://vc.example/issuers/5678",
    "validFrom": "2023-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
}

#: Every suite, with a key type it accepts.
SUITE_KEYS: tuple[tuple[str, str], ...] = (
    ("eddsa-rdfc-2022", "Ed25519"),
    ("eddsa-jcs-2022", "Ed25519"),
    ("ecdsa-rdfc-2019", "P-256"),
    ("ecdsa-rdfc-2019", "P-384"),
    ("ecdsa-jcs-2019", "P-256"),
    ("ecdsa-jcs-2019", "P-384"),
    ("Ed25519Signature2020", "Ed25519"),
)


def credential() -> dict[str, Any]:
    """A fresh copy of the test credential."""
    return copy.deepcopy(CREDENTIAL)


def resolve_method(vm_id: str, *, purpose: str) -> dict[str, Any]:
    """The verification method of a did:key, checked for ``purpose``."""
    return dereference_verification_method(vm_id, purpose=purpose)


def eddsa_key() -> KeyPair:
    """The di-eddsa test key (did:key)."""
    pair = read_json("di-eddsa", "keyPair.json")
    return KeyPair.from_multibase(
        public=pair["publicKeyMultibase"], secret=pair["privateKeyMultibase"]
    )


def ecdsa_key(curve: str) -> KeyPair:
    """The di-ecdsa test key for ``curve`` (``"p256"`` or ``"p384"``)."""
    pair = read_json("di-ecdsa", f"{curve}KeyPair.json")
    return KeyPair.from_multibase(
        public=pair["publicKeyMultibase"], secret=pair["secretKeyMultibase"]
    )


def verify(document: Any, **options: Any) -> list[ProofResult]:
    """``verify_proofs`` with the did:key resolver and a fixed clock."""
    options.setdefault("get_verification_method", resolve_method)
    options.setdefault("now", NOW)
    return verify_proofs(document, **options)


def codes(results: list[ProofResult]) -> set[str]:
    """Every problem code in ``results``."""
    return {problem.code for result in results for problem in result.problems}


def verified(results: list[ProofResult]) -> bool:
    """Whether there is at least one result and every one verified."""
    return bool(results) and all(result.verified for result in results)


def public_method(key: KeyPair, **extra: Any) -> Mapping[str, Any]:
    """A Multikey verification method for ``key``."""
    return {
        "id": key.id,
        "type": "Multikey",
        "controller": key.controller,
        "publicKeyMultibase": key.public_key_multibase,
        **extra,
    }


def vector_files(root: str, folder: str, suffix: str) -> dict[str, Any]:
    """One suite's published step-by-step files (``canonDoc<suffix>.txt``...) in ``root``."""
    parts = folder.split("/")

    def text(name: str) -> str:
        return read_text(root, *parts, f"{name}{suffix}.txt")

    return {
        "canonDoc": text("canonDoc"),
        "docHash": text("docHash").strip(),
        "proofCanon": text("proofCanon"),
        "proofHash": text("proofHash").strip(),
        "combinedHash": text("combinedHash").strip(),
        "sigHex": text("sigHex").strip(),
        "sigBTC58": text("sigBTC58").strip(),
        "proofConfig": read_json(root, *parts, f"proofConfig{suffix}.json"),
        "signed": read_json(root, *parts, f"signed{suffix}.json"),
    }


def assert_group_indexes(grouping: Any, indexes: Mapping[str, Any]) -> None:
    """The groups' statement indexes are a selective disclosure vector's
    ``derivedGroupIndexes.json`` (ecdsa-sd-2023 and bbs-2023 publish them alike)."""
    assert list(grouping.groups["combined"].matching) == indexes["combinedIndexes"]
    assert list(grouping.groups["mandatory"].matching) == indexes["mandatoryIndexes"]
    assert list(grouping.groups["mandatory"].non_matching) == indexes["nonMandatoryIndexes"]
    assert list(grouping.groups["selective"].matching) == indexes["selectiveIndexes"]
