"""The status errors: each carries the Bitstring Status List (or VC Data Model) error code.

::

    VclerError
    ├── StatusError                     STATUS_VERIFICATION_ERROR
    │   ├── StatusRetrievalError        STATUS_RETRIEVAL_ERROR
    │   ├── StatusListLengthError       STATUS_LIST_LENGTH_ERROR
    │   ├── MalformedValueError         MALFORMED_VALUE_ERROR
    │   └── StatusRangeError            RANGE_ERROR
    ├── StatusStoreError                STATUS_STORE_ERROR   (the issuer's registry storage)
    └── InputError
        └── StatusListFullError         STATUS_LIST_FULL     (no free index left in a list)

Spec: https://www.w3.org/TR/vc-bitstring-status-list/#processing-errors
"""

from __future__ import annotations

from .. import codes
from ..errors import InputError, VclerError

__all__ = [
    "MalformedValueError",
    "StatusError",
    "StatusListFullError",
    "StatusListLengthError",
    "StatusRangeError",
    "StatusRetrievalError",
    "StatusStoreError",
]


class StatusError(VclerError):
    """A status entry or status list could not be validated; ``detail`` says more."""

    code = codes.STATUS_VERIFICATION_ERROR

    def __init__(
        self, message: str, *, pointer: str | None = None, detail: str | None = None
    ) -> None:
        super().__init__(message, pointer=pointer)
        self.detail = detail


class StatusRetrievalError(StatusError):
    """The status list credential could not be retrieved."""

    code = codes.STATUS_RETRIEVAL_ERROR


class StatusListLengthError(StatusError):
    """The status list is shorter than the minimum length required for herd privacy."""

    code = codes.STATUS_LIST_LENGTH_ERROR


class MalformedValueError(StatusError):
    """A status property breaks a MUST of the data model (or an encoded list is unreadable).

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#MALFORMED_VALUE_ERROR
    """

    code = codes.MALFORMED_VALUE_ERROR


class StatusRangeError(StatusError):
    """A status index lies outside the status list.

    Spec: https://www.w3.org/TR/vc-data-model-2.0/#RANGE_ERROR
    """

    code = codes.RANGE_ERROR


class StatusStoreError(VclerError):
    """The issuer-side status registry's storage failed (locked too long, disk full...)."""

    code = codes.STATUS_STORE_ERROR


class StatusListFullError(InputError):
    """Every index of an issuer's status list was handed out: open another list."""

    code = codes.STATUS_LIST_FULL
