"""vcler: issue and verify W3C Verifiable Credentials for Learning and Employment Records.

The recipes (``validate``, ``issue``, ``verify``...) live at the top level; the engine
(``vcler.jsonld``, ``vcler.canon``, ``vcler.di``, ``vcler.keys``, ``vcler.did``...) is usable on
its own. Importing ``vcler`` is light: heavy dependencies load where they are used.
"""

from __future__ import annotations

from ._version import __version__
from .errors import VclerError
from .results import Problem, ProofResult, StatusResult, VerificationResult

__all__ = [
    "Problem",
    "ProofResult",
    "StatusResult",
    "VclerError",
    "VerificationResult",
    "__version__",
]
