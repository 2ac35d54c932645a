"""Status list credentials: build one (issuer side) and read one (verifier side).

- ``BitstringStatusListCredential`` (VC 2.0): subject type ``BitstringStatusList`` with
  ``statusPurpose``, ``encodedList`` (multibase) and optional ``ttl`` (milliseconds);
  ``validFrom`` / ``validUntil``.
- ``StatusList2021Credential`` (VC 1.1 with the ``https://w3id.org/vc/status-list/2021/v1``
  context): subject type ``StatusList2021`` with ``statusPurpose`` and ``encodedList`` (no
  multibase prefix); ``issuanceDate`` / ``expirationDate``.

Spec: https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistcredential
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .._datetime import format_date_time_stamp, parse_date_time
from .._documents import id_of, strings
from ._errors import MalformedValueError, StatusError
from .bitstring import MAX_DECOMPRESSED_BYTES, compress_bitstring, expand_bitstring

__all__ = [
    "BITSTRING_STATUS_LIST",
    "STATUS_LIST_2021",
    "STATUS_LIST_2021_CONTEXT",
    "StatusList",
    "build_status_list_credential",
    "read_status_list_credential",
]

BITSTRING_STATUS_LIST = "BitstringStatusList"
STATUS_LIST_2021 = "StatusList2021"
STATUS_LIST_2021_CONTEXT = "https://w3id.org/vc/status-list/2021/v1"
V1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"


@dataclass(frozen=True)
class StatusList:
    """A decoded status list credential.

    ``ttl`` is in seconds (the credential states milliseconds); ``valid_from`` and
    ``valid_until`` are the credential's validity period, when stated.
    """

    url: str
    type: str
    issuer: str | None
    purposes: tuple[str, ...]
    bitstring: bytes
    ttl: float | None = None
    valid_from: datetime | None = None
    valid_until: datetime | None = None

    @property
    def bit_length(self) -> int:
        """The number of bits in the list."""
        return len(self.bitstring) * 8


def build_status_list_credential(
    url: str,
    *,
    bitstring: bytes,
    purpose: str,
    issuer: str,
    list_type: str = BITSTRING_STATUS_LIST,
    valid_from: datetime,
    valid_until: datetime | None = None,
    ttl: int | None = None,
) -> dict[str, Any]:
    """An unsigned status list credential for ``bitstring`` (sign it with ``vcler.issue``).

    ``ttl`` (milliseconds) is written only for Bitstring Status List, whose context defines
    it.

    Spec: https://www.w3.org/TR/vc-bitstring-status-list/#generate-algorithm
    """
    if list_type not in (BITSTRING_STATUS_LIST, STATUS_LIST_2021):
        raise MalformedValueError(f"unknown status list type {list_type!r}")
    bitstring_list = list_type == BITSTRING_STATUS_LIST
    # Step 2: a status list credential without its encodedList.
    subject: dict[str, Any] = {"id": url + "#list", "type": list_type, "statusPurpose": purpose}
    if bitstring_list:
        credential: dict[str, Any] = {
            "@context": [V2_CONTEXT],
            "id": url,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": issuer,
            "validFrom": format_date_time_stamp(valid_from),
        }
        if valid_until is not None:
            credential["validUntil"] = format_date_time_stamp(valid_until)
    else:
        credential = {
            "@context": [V1_CONTEXT, STATUS_LIST_2021_CONTEXT],
            "id": url,
            "type": ["VerifiableCredential", "StatusList2021Credential"],
            "issuer": issuer,
            "issuanceDate": format_date_time_stamp(valid_from),
        }
        if valid_until is not None:
            credential["expirationDate"] = format_date_time_stamp(valid_until)
    # Steps 3-4: the compressed bitstring as encodedList.
    subject["encodedList"] = compress_bitstring(bitstring, multibase=bitstring_list)
    if ttl is not None and bitstring_list:
        subject["ttl"] = ttl
    credential["credentialSubject"] = subject
    # Step 5 (the proof) is the caller's: see StatusRegistry.publish.
    return credential


def read_status_list_credential(
    document: Any,
    *,
    url: str,
    list_type: str = BITSTRING_STATUS_LIST,
    max_bytes: int = MAX_DECOMPRESSED_BYTES,
    require_id: bool = True,
) -> StatusList:
    """Decode a status list credential retrieved from ``url``.

    Raises :class:`StatusError` (STATUS_VERIFICATION_ERROR) when it is not a status list
    credential of ``list_type`` (or, with ``require_id``, when its ``id`` names another URL
    than ``url``: a signed list of the same issuer served in its place must not decide this
    credential's status), :class:`MalformedValueError` when a property is
    malformed or ``encodedList`` cannot be expanded within ``max_bytes``. Proofs and the
    validity period are the caller's to check.

    Spec: https://www.w3.org/TR/vc-bitstring-status-list/#validate-algorithm
    """
    if not isinstance(document, Mapping):
        raise StatusError(f"the status list credential at {url} is not a JSON object")
    # The credential's type includes <list_type>Credential; its id, if any, is the URL.
    types = strings(document.get("type"))
    if list_type + "Credential" not in types:
        raise StatusError(f"the document at {url} is not a {list_type}Credential")
    if require_id and "id" in document and document["id"] != url:
        raise StatusError(f"the status list credential at {url} names itself {document['id']!r}")
    subject = document.get("credentialSubject")
    if isinstance(subject, list) and len(subject) == 1:
        subject = subject[0]
    if not isinstance(subject, Mapping) or list_type not in strings(subject.get("type")):
        raise StatusError(f"the credentialSubject of {url} is not a {list_type}")
    # credentialSubject.statusPurpose: one or more strings.
    purposes = tuple(strings(subject.get("statusPurpose")))
    if not purposes:
        raise MalformedValueError(f"the status list {url} has no statusPurpose")
    bitstring = expand_bitstring(
        subject.get("encodedList"),  # type: ignore[arg-type]  # checked inside
        multibase=list_type == BITSTRING_STATUS_LIST,
        max_bytes=max_bytes,
    )
    return StatusList(
        url=url,
        type=list_type,
        issuer=id_of(document.get("issuer")),
        purposes=purposes,
        bitstring=bitstring,
        ttl=_ttl(subject.get("ttl"), url=url),
        valid_from=parse_date_time(document.get("validFrom", document.get("issuanceDate"))),
        valid_until=parse_date_time(document.get("validUntil", document.get("expirationDate"))),
    )


def _ttl(value: Any, *, url: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise MalformedValueError(f"the ttl of status list {url} is not a number of ms")
    return float(value) / 1000.0
