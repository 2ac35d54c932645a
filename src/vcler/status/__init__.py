"""Credential status: Bitstring Status List v1.0 and StatusList2021.

- The codec (:mod:`vcler.status.bitstring`): GZIP + base64url lists, multi-bit entries, index
  0 the most significant bit of the first byte, GZIP bombs refused.
- The verifier side (:mod:`vcler.status.check`): :class:`StatusChecker` /
  :func:`check_status` read every ``credentialStatus`` entry and return one
  :class:`vcler.StatusResult` each; revoked or suspended credentials carry problems.
- The issuer side (:mod:`vcler.status.registry`): :class:`StatusRegistry`, a durable SQLite
  registry (behind the :class:`StatusStore` protocol) that allocates random indexes, records
  statuses and publishes signed status list credentials; :func:`add_status_entry` puts an
  entry in a credential before it is signed.

Spec: https://www.w3.org/TR/vc-bitstring-status-list/
"""

from __future__ import annotations

from ._errors import (
    MalformedValueError,
    StatusError,
    StatusListFullError,
    StatusListLengthError,
    StatusRangeError,
    StatusRetrievalError,
    StatusStoreError,
)
from .bitstring import (
    MIN_LIST_LENGTH,
    compress_bitstring,
    expand_bitstring,
    new_bitstring,
    read_status,
    write_status,
)
from .check import StatusChecker, StatusListCache, VerifyFunction, check_status
from .credential import (
    StatusList,
    build_status_list_credential,
    read_status_list_credential,
)
from .entry import StatusEntry, parse_entry
from .registry import StatusRegistry, add_status_entry, status_entry, with_status_entry
from .store import SQLiteStatusStore, StatusListRecord, StatusStore

__all__ = [
    "MIN_LIST_LENGTH",
    "MalformedValueError",
    "SQLiteStatusStore",
    "StatusChecker",
    "StatusEntry",
    "StatusError",
    "StatusList",
    "StatusListCache",
    "StatusListFullError",
    "StatusListLengthError",
    "StatusListRecord",
    "StatusRangeError",
    "StatusRegistry",
    "StatusRetrievalError",
    "StatusStore",
    "StatusStoreError",
    "VerifyFunction",
    "add_status_entry",
    "build_status_list_credential",
    "check_status",
    "compress_bitstring",
    "expand_bitstring",
    "new_bitstring",
    "parse_entry",
    "read_status",
    "read_status_list_credential",
    "status_entry",
    "with_status_entry",
    "write_status",
]
