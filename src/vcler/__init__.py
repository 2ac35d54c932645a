"""vcler: issue and verify W3C Verifiable Credentials for Learning and Employment Records.

The recipes live at the top level::

    import vcler

    key = vcler.generate_key("Ed25519")
    signed = vcler.issue(credential, signer=key)            # validate, then add a proof
    shared = vcler.derive(base, selective_pointers=["/credentialSubject/achievement"])
    token = vcler.issue_envelope(credential, signer=key, format="jwt")   # or a vc+jwt
    result = vcler.verify(signed)                           # never raises for a bad document
    result.verified, result.problems
    result = await vcler.averify(signed, fetcher=AsyncFetcher())   # the same, async
    for result in vcler.verify_many(credentials, jobs=4):  # batches, on every core, in order
        ...

The engine (``vcler.jsonld``, ``vcler.canon``, ``vcler.di``, ``vcler.keys``, ``vcler.did``,
``vcler.net``...) is usable on its own. Importing ``vcler`` is light: the heavier pieces
(pydantic models, cryptography, pyld) load when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._api import AsyncVerifier, Issuer, Verifier, averify, derive, issue, present, verify
from ._enveloping import issue_envelope, present_envelope
from ._seam import AsyncDocumentSource, DocumentSource
from ._version import __version__
from .context import StatusPolicy, VerificationContext, VerificationPolicy
from .errors import ValidationError, VclerError
from .results import Problem, ProofResult, StatusResult, VerificationResult

if TYPE_CHECKING:
    from ._batch import VerifierPool, averify_many, issue_many, verify_many
    from .keys import KeyPair, Signer, generate_key
    from .validation import validate

__all__ = [
    "AsyncDocumentSource",
    "AsyncVerifier",
    "DocumentSource",
    "Issuer",
    "KeyPair",
    "Problem",
    "ProofResult",
    "Signer",
    "StatusPolicy",
    "StatusResult",
    "ValidationError",
    "VclerError",
    "VerificationContext",
    "VerificationPolicy",
    "VerificationResult",
    "Verifier",
    "VerifierPool",
    "__version__",
    "averify",
    "averify_many",
    "derive",
    "generate_key",
    "issue",
    "issue_envelope",
    "issue_many",
    "present",
    "present_envelope",
    "validate",
    "verify",
    "verify_many",
]

# Names loaded on first use, so that ``import vcler`` stays light.
_LAZY = {
    "VerifierPool": "vcler._batch",
    "averify_many": "vcler._batch",
    "issue_many": "vcler._batch",
    "verify_many": "vcler._batch",
    "KeyPair": "vcler.keys",
    "Signer": "vcler.keys",
    "generate_key": "vcler.keys",
    "validate": "vcler.validation",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'vcler' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
