"""A small verifier service: vcler.Verifier with supplied documents and a trust policy.

An applicant-tracking system accepts learning credentials only from issuers it trusts, and
verifies them without network access: the issuers' DID documents and status lists are supplied
(fetched and vetted ahead of time, e.g. by a nightly job). ``CredentialGate.check`` answers one
credential with a :class:`Decision`; nothing raises for a bad credential.

Run the demo (a did:web college, one good badge, one revoked, one from an unknown issuer)::

    python examples/verifier_service.py

or check files against a folder of supplied documents::

    python examples/verifier_service.py --documents DIR --trust did:web:college.example CRED.json...
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import vcler
from vcler.keys import KeyPair
from vcler.status import StatusRegistry


@dataclass
class Decision:
    """Whether a credential is accepted, and why not."""

    accepted: bool
    issuer: str | None
    reasons: list[str] = field(default_factory=list)


class CredentialGate:
    """Verifies credentials offline and accepts those of ``trusted_issuers``."""

    def __init__(self, *, trusted_issuers: Iterable[str], documents: Mapping[str, Any]) -> None:
        self.trusted_issuers = frozenset(trusted_issuers)
        # One Verifier for every request: supplied documents, offline (no fetcher).
        self.verifier = vcler.Verifier(documents=documents)

    @classmethod
    def from_folder(cls, folder: Path, *, trusted_issuers: Iterable[str]) -> CredentialGate:
        """A gate whose documents are the JSON files of ``folder``, keyed by their ``id``."""
        documents = {}
        for path in sorted(folder.glob("*.json")):
            document = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(document, dict) and isinstance(document.get("id"), str):
                documents[document["id"]] = document
        return cls(trusted_issuers=trusted_issuers, documents=documents)

    def check(self, credential: Any) -> Decision:
        """Verify ``credential``, then apply the trust policy."""
        result = self.verifier.verify(credential)
        issuer = credential.get("issuer") if isinstance(credential, dict) else None
        issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
        reasons = [f"{p.code} at {p.pointer or '/'}: {p.message}" for p in result.problems]
        if result.verified and issuer_id not in self.trusted_issuers:
            reasons.append(f"issuer {issuer_id} is not trusted")
        return Decision(accepted=not reasons, issuer=issuer_id, reasons=reasons)


def did_web_document(key: KeyPair) -> dict[str, Any]:
    """The DID document a did:web issuer publishes at /.well-known/did.json."""
    method = key.to_json(include_secret=False)
    method.pop("@context", None)
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": key.controller,
        "verificationMethod": [method],
        "assertionMethod": [method["id"]],
    }


def demo(folder: Path) -> list[Decision]:
    """Issue three credentials and check them: accepted, revoked, untrusted."""
    college = KeyPair.generate(
        "Ed25519", controller="did:web:college.example", id="did:web:college.example#key-1"
    )
    stranger = vcler.generate_key("Ed25519")
    list_url = "https://college.example/status/1"

    def badge(issuer: str, name: str) -> dict[str, Any]:
        return {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": issuer,
            "validFrom": "2024-01-01T00:00:00Z",
            "credentialSubject": {"id": "did:example:applicant", "name": name},
        }

    with StatusRegistry(folder / "status.db") as registry:
        registry.create_list(list_url, signer=college)
        good = vcler.issue(
            badge(college.controller, "Welding I"), signer=college, status=(registry, list_url)
        )
        revoked = vcler.issue(
            badge(college.controller, "Welding II"), signer=college, status=(registry, list_url)
        )
        registry.set_status(list_url, int(revoked["credentialStatus"]["statusListIndex"]), 1)
        status_list = registry.publish(list_url)
    untrusted = vcler.issue(badge(stranger.controller, "Welding III"), signer=stranger)
    gate = CredentialGate(
        trusted_issuers=[college.controller],
        documents={college.controller: did_web_document(college), list_url: status_list},
    )
    return [gate.check(c) for c in (good, revoked, untrusted)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="credentials to check")
    parser.add_argument("--documents", type=Path, help="folder of supplied documents")
    parser.add_argument("--trust", action="append", default=[], help="a trusted issuer id")
    args = parser.parse_args(argv)
    if args.files:
        gate = CredentialGate.from_folder(args.documents or Path("."), trusted_issuers=args.trust)
        decisions = [gate.check(json.loads(p.read_text(encoding="utf-8"))) for p in args.files]
    else:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            decisions = demo(Path(tmp))
    for decision in decisions:
        verdict = "ACCEPTED" if decision.accepted else "REFUSED"
        print(f"{verdict:8} {decision.issuer}")
        for reason in decision.reasons:
            print(f"         - {reason}")
    return 0 if all(d.accepted for d in decisions) else 1


if __name__ == "__main__":
    raise SystemExit(main())
