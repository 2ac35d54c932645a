"""An issuer's status lists, which never fill: ``/status/{name}/1``, ``/status/{name}/2``...

Every credential an issuer with ``status`` issues gets an index of its newest list. When that
list is full (every index handed out), the next one is opened in the store and issuing goes on
there; whichever worker finds the list full first opens the next, the others find it open.
A list's URL never changes, so every credential keeps pointing at the list that holds its
status, and every list stays served.

A signed list is kept per process with a digest of the statuses it was signed with, and
signed again when the store says otherwise: a status changed by any worker shows at the next
request to every worker.

Spec: https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistcredential
"""

from __future__ import annotations

import hashlib
import threading
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..status import StatusRegistry, StatusStoreError
from .config import ConfigError, StatusConfig

if TYPE_CHECKING:
    from ..keys import KeyPair
    from ..status import StatusListRecord
    from .store import ServerStore

__all__ = ["IssuerLists"]


class IssuerLists:
    """The status lists of the issuer called ``name``, published under ``prefix`` (followed by
    the list's number), kept in ``store`` and signed with ``key`` (and ``suite``)."""

    def __init__(
        self,
        name: str,
        *,
        prefix: str,
        status: StatusConfig,
        key: KeyPair,
        suite: str | None,
        store: ServerStore,
    ) -> None:
        self.name = name
        self.prefix = prefix
        self.status = status
        self.store = store
        self.registry = StatusRegistry(store)
        self._key = key
        self._suite = suite
        self._lock = threading.Lock()
        self._records: dict[str, StatusListRecord] = {}
        self._published: dict[str, tuple[str, dict[str, Any]]] = {}
        #: The number of the list new credentials get an index of.
        self.number = 0

    # -- which lists -----------------------------------------------------------------------

    def url(self, number: int) -> str:
        """The URL of list ``number``."""
        return f"{self.prefix}{number}"

    @property
    def current(self) -> str:
        """The URL of the list new credentials get an index of."""
        return self.url(self.number)

    def number_of(self, url: str) -> int | None:
        """The number in ``url`` if it is one of this issuer's list URLs (open or not)."""
        if not url.startswith(self.prefix):
            return None
        digits = url[len(self.prefix) :]
        if not (digits.isascii() and digits.isdigit()) or len(digits) > 12 or digits[0] == "0":
            return None
        return int(digits)

    def urls(self) -> list[str]:
        """The URLs of every list of this issuer in the store, in order."""
        numbers = sorted(
            number for number in map(self.number_of, self.store.list_urls()) if number is not None
        )
        return [self.url(number) for number in numbers]

    def record(self, url: str) -> StatusListRecord | None:
        """What the store keeps about this issuer's list at ``url`` (``None``: no such list).
        A list's record never changes, so it is read once."""
        record = self._records.get(url)
        if record is None and self.number_of(url) is not None:
            try:
                record = self._records[url] = self.registry.get_list(url)
            except StatusStoreError:
                raise
            except InputError:
                return None
        return record

    # -- opening ---------------------------------------------------------------------------

    def open(self) -> None:
        """Check the lists the store holds for this issuer (its key, purpose and entry size)
        and go on with the newest; create the first on the first start. :class:`ConfigError`
        when a list belongs to another key, purpose or entry size."""
        status = self.status
        urls = self.urls()
        for url in urls:
            record = self.record(url)
            assert record is not None
            if (
                record.issuer != self._key.controller
                or record.purpose != status.purpose
                or record.status_size != status.size
            ):
                found = _kind(record.purpose, record.status_size)
                wanted = _kind(status.purpose, status.size)
                raise ConfigError(
                    f"issuer {self.name!r}: the status list {url} in "
                    f"{status.db or self.store.description} is a {found} list of "
                    f"{record.issuer}, not a {wanted} list of {self._key.controller}"
                )
        if urls:
            self.number = self.number_of(urls[-1]) or 1
        else:
            self.open_next(0)

    def open_next(self, full: int) -> None:
        """Open the list after number ``full`` (unless this or another process did already)
        and give indexes of it from now on. Every list of the issuer has the configured
        purpose, length, entry size, messages and reference."""
        with self._lock:
            if self.number > full:
                return
            url = self.url(full + 1)
            try:
                self.registry.create_list(
                    url,
                    purpose=self.status.purpose,
                    length=self.status.length,
                    status_size=self.status.size,
                    messages=self.status.messages,
                    reference=self.status.reference,
                    signer=self._key,
                    ttl=self.status.ttl,
                )
            except StatusStoreError:
                raise
            except InputError:  # another process opened it first
                if self.record(url) is None:
                    raise
            self.number = full + 1

    # -- publishing ------------------------------------------------------------------------

    def published(self, url: str) -> dict[str, Any] | None:
        """The signed list credential at ``url`` as the store has it now (``None``: not a
        list of this issuer)."""
        if self.record(url) is None:
            return None
        statuses = sorted(self.store.set_statuses(url))
        digest = hashlib.sha256(repr(statuses).encode("ascii")).hexdigest()
        with self._lock:
            kept = self._published.get(url)
            if kept is not None and kept[0] == digest:
                return kept[1]
            document = self.registry.publish(url, signer=self._key, suite=self._suite)
            self._published[url] = (digest, document)
            return document


def _kind(purpose: str, size: int) -> str:
    """A list's purpose, with its entry size when that is more than a bit."""
    return purpose if size == 1 else f"{purpose} ({size}-bit)"
