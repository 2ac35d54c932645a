"""What the batch tests share: a batch of valid, tampered, revoked and unreadable credentials,
and what verifying its items one by one gives."""

from __future__ import annotations

import base64
import copy
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import vcler
from vcler._inputs import parse_document
from vcler.cli._demo import example_credential
from vcler.errors import ParsingError, VclerError
from vcler.status import StatusRegistry

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
PUBLISHED = datetime(2026, 11, 1, tzinfo=timezone.utc)
SUITES = ("eddsa-rdfc-2022", "ecdsa-rdfc-2019", "eddsa-jcs-2022", "ecdsa-jcs-2019")
LIST_URL = "https://status.example.org/lists/1"


def credential(key: Any, learner: int) -> dict[str, Any]:
    document = example_credential()
    document["issuer"]["id"] = key.controller
    document["id"] = f"urn:uuid:00000000-0000-4000-8000-{learner:012d}"
    document["credentialSubject"]["id"] = f"did:example:learner-{learner}"
    return document


def issue_batch(folder: Path) -> dict[str, Any]:
    """Valid credentials of two issuers in every suite, one revoked, one tampered, and the
    status list they share (its registry in ``folder``)."""
    ed25519 = vcler.generate_key("Ed25519")
    p256 = vcler.generate_key("P-256")
    registry = StatusRegistry(folder / "status.db")
    registry.create_list(LIST_URL, issuer=ed25519.controller, signer=ed25519)
    valid = []
    for learner, suite in enumerate(SUITES * 2):
        key = ed25519 if suite.startswith("eddsa") else p256  # the list is ed25519's
        valid.append(
            vcler.issue(
                credential(key, learner),
                signer=key,
                suite=suite,
                created="2026-11-01T00:00:00Z",
                status=(registry, LIST_URL) if key is ed25519 else None,
            )
        )
    revoked = vcler.issue(credential(ed25519, 100), signer=ed25519, status=(registry, LIST_URL))
    registry.set_status(LIST_URL, int(revoked["credentialStatus"]["statusListIndex"]), 1)
    tampered = copy.deepcopy(valid[1])
    tampered["credentialSubject"]["id"] = "did:example:someone-else"
    status_list = registry.publish(LIST_URL, now=PUBLISHED)
    registry.close()
    jwt = vcler.issue_envelope(credential(p256, 200), signer=p256, format="jwt")
    cose = vcler.issue_envelope(credential(p256, 201), signer=p256, format="cose")
    return {
        # a vc+jwt as its text, and a vc+cose as its bytes (a .cose file's content)
        "envelopes": [jwt, base64.b64decode(cose)],
        "valid": valid,
        "revoked": revoked,
        "tampered": tampered,
        "documents": {LIST_URL: status_list},
    }


def mixed_batch(issued: dict[str, Any]) -> list[Any]:
    """Valid, unreadable, tampered, revoked: as dicts, serialized bytes and read failures;
    a token that is no envelope, and valid envelopes."""
    valid = issued["valid"]
    return [
        valid[0],
        b"{not json",
        issued["tampered"],
        json.dumps(valid[1]).encode(),
        issued["revoked"],
        ParsingError("cannot read missing.json: No such file or directory"),
        "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
        *valid[2:],
        json.dumps(issued["revoked"]).encode(),
        b"[" * 100 + b"]" * 100,
        {"not": "a credential"},
        *issued["envelopes"],
    ]


def one_by_one(
    items: list[Any], verifier: vcler.Verifier, *, keep_read: bool = False
) -> list[vcler.VerificationResult]:
    """What verifying each item alone gives (bytes read as the CLI reads a file; the result of
    bytes holds no document unless ``keep_read``)."""
    results = []
    for item in items:
        read = isinstance(item, bytes)
        if read:
            try:
                item = parse_document(item)
            except ParsingError as error:
                item = error
        if isinstance(item, VclerError):
            results.append(vcler.VerificationResult.from_problems([item.to_problem()]))
            continue
        result = verifier.verify(item)
        if read and not keep_read:
            result.document = None
        results.append(result)
    return results


def codes(result: vcler.VerificationResult) -> list[str]:
    return [problem.code for problem in result.problems]


def served_batch(server: Any, folder: Path, path: str, count: int) -> tuple[list[Any], Any]:
    """``count`` credentials of one did:web issuer whose DID document and status list
    ``server`` serves (the list at ``path``, the DID document at ``path`` + ``/did.json``),
    and a fetcher that may read them."""
    from tests.net.server import json_route
    from vcler.net import Fetcher, FetchPolicy

    name = path.strip("/").replace("/", ":")
    did = f"{server.did}:{name}"
    key = vcler.generate_key("Ed25519", controller=did)
    server.routes[f"{path}/did.json"] = json_route(
        {
            "@context": ["https://www.w3.org/ns/did/v1"],
            "id": did,
            "verificationMethod": [key.to_json(include_secret=False)],
            "assertionMethod": [key.id],
        }
    )
    url = server.url(path)
    with StatusRegistry(folder / "status.db") as registry:
        registry.create_list(url, issuer=key.controller, signer=key)
        batch = [
            vcler.issue(credential(key, n), signer=key, status=(registry, url))
            for n in range(count)
        ]
        server.routes[path] = json_route(registry.publish(url))
    policy = FetchPolicy(allow_private_hosts=True, ca_bundle=server.ca_bundle)
    return batch, Fetcher(policy=policy)
