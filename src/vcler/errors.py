"""The vcler exception tree.

Every exception vcler raises on purpose derives from :class:`VclerError` and carries a ``code``:
the error code of the specification that defines the failure (VC Data Integrity, JSON-LD,
DID Core...), or a vcler code where no specification names one.

Exceptions are for *misuse* and for "could not do what was asked" (a document that cannot be
canonicalized, a key that cannot sign). An invalid document handed to ``vcler.verify`` never
raises: it yields a :class:`vcler.VerificationResult` whose problems carry the same codes.

::

    VclerError                                  VCLER_ERROR
    ├── InputError                              INVALID_INPUT        (caller misuse: types, options)
    │   └── UnknownSuiteError                   UNKNOWN_CRYPTOSUITE
    ├── ParsingError                            PARSING_ERROR        (unreadable / hostile JSON)
    ├── DocumentLoaderError                     LOADING_DOCUMENT_FAILED
    ├── JsonLdError                             PARSING_ERROR        (JSON-LD processing failed)
    │   └── DataLossError                       DATA_LOSS_DETECTION_ERROR (safe mode)
    ├── CanonicalizationError                   CANONICALIZATION_ERROR
    │   └── WorkLimitExceededError              CANONICALIZATION_WORK_LIMIT
    ├── ValidationError                         MALFORMED_CREDENTIAL (carries .problems)
    ├── InvalidKeyError                         INVALID_KEY
    ├── ProofError                              PROOF_GENERATION_ERROR
    │   ├── MalformedProofError                 MALFORMED_PROOF_ERROR
    │   ├── ControllerMismatchError             INVALID_VERIFICATION_METHOD (issuing refused:
    │   │                                       the issuer or holder does not control the key)
    │   └── ProofExistsError                    PROOF_EXISTS_ERROR   (issuing refused: already
    │                                           signed, and no add_proof=True)
    ├── ResolutionError                         (didResolutionMetadata.error, e.g. notFound)
    ├── FetchError                              FETCH_ERROR          (the network seam)
    │   ├── FetchPolicyError                    FETCH_POLICY_VIOLATION
    │   └── vcler.net.FetchStatusError          FETCH_ERROR          (carries status_code)
    ├── vcler.status.StatusError                STATUS_VERIFICATION_ERROR
    │   ├── StatusRetrievalError                STATUS_RETRIEVAL_ERROR
    │   ├── StatusListLengthError               STATUS_LIST_LENGTH_ERROR
    │   ├── MalformedValueError                 MALFORMED_VALUE_ERROR
    │   └── StatusRangeError                    RANGE_ERROR
    ├── vcler.status.StatusStoreError           STATUS_STORE_ERROR   (the registry's storage)
    └── WorkerError                             WORKER_FAILED        (a batch's worker process
                                                stopped: killed, out of memory)

    and below InputError, for the VC-API server: vcler.server.ConfigError
    (INVALID_CONFIGURATION) and vcler.server.DuplicateCredentialError (DUPLICATE_CREDENTIAL_ID).

The classes named with a module live there, next to the code that raises them; they are
listed here so that the whole tree is in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from . import codes
from .problems import Problem

__all__ = [
    "CanonicalizationError",
    "ControllerMismatchError",
    "DataLossError",
    "DocumentLoaderError",
    "FetchError",
    "FetchPolicyError",
    "InputError",
    "InvalidKeyError",
    "JsonLdError",
    "MalformedProofError",
    "ParsingError",
    "ProofError",
    "ProofExistsError",
    "ResolutionError",
    "UnknownSuiteError",
    "ValidationError",
    "VclerError",
    "WorkLimitExceededError",
    "WorkerError",
]


class VclerError(Exception):
    """Base of every exception vcler raises on purpose.

    ``code`` is the specification's error code for the failure; ``pointer`` is a JSON pointer
    (RFC 6901) to the offending spot of the input document when one is known.
    """

    code: ClassVar[str] = codes.VCLER_ERROR

    def __init__(self, message: str, *, pointer: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.pointer = pointer

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (a refusal sent back from a worker process) as its class and attributes,
        # whatever arguments its constructor takes.
        return (_restore, (type(self), self.args, self.__dict__))

    def __str__(self) -> str:
        if self.pointer is not None:
            return f"{self.message} (at {self.pointer or '/'})"
        return self.message

    def to_problem(self) -> Problem:
        """This error as a :class:`vcler.Problem`."""
        return Problem(code=self.code, message=self.message, pointer=self.pointer or "")


class InputError(VclerError, ValueError):
    """The caller passed something vcler cannot work with (wrong type, bad option)."""

    code = codes.INVALID_INPUT


class UnknownSuiteError(InputError):
    """A cryptosuite name vcler does not implement."""

    code = codes.UNKNOWN_CRYPTOSUITE


class ParsingError(VclerError):
    """The input is not well-formed JSON, or is too large or too deeply nested to process.

    Spec: https://www.w3.org/TR/vc-data-integrity/#processing-errors (PARSING_ERROR)
    """

    code = codes.PARSING_ERROR


class DocumentLoaderError(VclerError):
    """A document (a JSON-LD context, a DID document...) could not be loaded.

    Spec: https://www.w3.org/TR/json-ld11-api/#dom-jsonldprocessingerror (loading document failed)
    """

    code = codes.LOADING_DOCUMENT_FAILED

    def __init__(self, message: str, *, url: str | None = None, pointer: str | None = None):
        super().__init__(message, pointer=pointer)
        self.url = url


class JsonLdError(VclerError):
    """JSON-LD processing of a document failed (an invalid context, IRI, keyword use...)."""

    code = codes.PARSING_ERROR

    def __init__(
        self, message: str, *, pointer: str | None = None, jsonld_code: str | None = None
    ) -> None:
        super().__init__(message, pointer=pointer)
        self.jsonld_code = jsonld_code
        #: Every problem found, when processing found several (the first is this error).
        self.problems: list[Problem] = []


class DataLossError(JsonLdError):
    """Safe mode: JSON-LD processing would drop or silently reinterpret part of the document.

    Spec: https://www.w3.org/TR/vc-data-integrity/#processing-errors (DATA_LOSS_DETECTION_ERROR)
    """

    code = codes.DATA_LOSS_DETECTION_ERROR


class CanonicalizationError(VclerError):
    """A dataset could not be canonicalized."""

    code = codes.CANONICALIZATION_ERROR


class WorkLimitExceededError(CanonicalizationError):
    """RDFC-1.0 gave up: the dataset needs more Hash N-Degree Quads calls than allowed.

    Spec: https://www.w3.org/TR/rdf-canon/#dataset-poisoning
    """

    code = codes.CANONICALIZATION_WORK_LIMIT


class ValidationError(VclerError):
    """A document breaks the data model; ``problems`` lists every violation found."""

    code = codes.MALFORMED_CREDENTIAL

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)

    def __str__(self) -> str:
        lines = [self.message]
        lines += [f"  - {p.code} at {p.pointer or '/'}: {p.message}" for p in self.problems]
        return "\n".join(lines)


class InvalidKeyError(VclerError, ValueError):
    """Key material is malformed, of the wrong type or length, or cannot do what was asked."""

    code = codes.INVALID_KEY


class ProofError(VclerError):
    """A proof could not be created.

    Spec: https://www.w3.org/TR/vc-data-integrity/#processing-errors (PROOF_GENERATION_ERROR)
    """

    code = codes.PROOF_GENERATION_ERROR


class MalformedProofError(ProofError):
    """A proof, or the options for one, lacks required properties or has wrong values.

    Spec: https://www.w3.org/TR/vc-data-integrity/#processing-errors (MALFORMED_PROOF_ERROR)
    """

    code = codes.MALFORMED_PROOF_ERROR


class ControllerMismatchError(ProofError):
    """Signing refused: the credential's issuer (or the presentation's holder) does not
    control the signer's verification method, so no verifier would accept the proof.

    The method's controller must be the issuer: its id is ``<issuer id>#<fragment>`` (a did:key
    issuer's only method is ``<did>#<multibase>``), and a signer that names its ``controller``
    names the issuer. ``pointer`` is ``/issuer`` (or ``/holder``).

    Spec: https://www.w3.org/TR/cid-1.0/#retrieve-verification-method (INVALID_VERIFICATION_METHOD)
    """

    code = codes.INVALID_VERIFICATION_METHOD


class ProofExistsError(ProofError):
    """Signing refused: the document already has a proof, and adding another one (a proof
    set) was not asked for (``add_proof=True``, ``--add-proof``). ``pointer`` is ``/proof``.

    Spec: https://www.w3.org/TR/vc-data-integrity/#proof-sets
    """

    code = codes.PROOF_EXISTS_ERROR


class ResolutionError(VclerError):
    """A DID or DID URL could not be resolved; ``code`` is the DID Resolution error."""

    code = codes.DID_INTERNAL_ERROR

    def __init__(self, message: str, *, error: str = codes.DID_INTERNAL_ERROR) -> None:
        super().__init__(message)
        self.error = error

    @property
    def resolution_error(self) -> str:
        """The ``didResolutionMetadata.error`` value (``notFound``, ``invalidDid``...)."""
        return self.error


class FetchError(VclerError):
    """A network fetch failed (timeout, HTTP error, body too large, bad content)."""

    code = codes.FETCH_ERROR


class FetchPolicyError(FetchError):
    """A fetch was refused by the fetch policy (not https, private address, network off)."""

    code = codes.FETCH_POLICY_VIOLATION


class WorkerError(VclerError):
    """A worker process of a batch (:func:`vcler.verify_many`, a Dask worker) stopped before
    it answered: killed, out of memory, or its cluster went away. What it was given has no
    answer; the batch cannot go on."""

    code = codes.WORKER_FAILED


def _restore(cls: type[VclerError], args: tuple[Any, ...], state: dict[str, Any]) -> VclerError:
    """An unpickled error (see :meth:`VclerError.__reduce__`)."""
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error
