"""The httpx / httpcore glue: the address guard, the default transports, error translation.

This module imports httpx and httpcore at the top; :mod:`vcler.net` imports it only when a
fetcher first needs the network, so ``import vcler`` stays light.

**How the private-address check survives DNS rebinding.** httpcore opens every TCP connection
through a *network backend* (``connect_tcp(host, port, ...)``). vcler supplies its own backend
which resolves the host name itself (``getaddrinfo``, within the connect timeout), checks
*every* address it gets with :func:`~vcler.net._policy.check_address`, and then connects to
one of those checked addresses (an IP literal, so no second lookup can swap it). TLS is
started afterwards by httpcore on that stream with ``server_hostname`` set from the URL's
host, so SNI and certificate host-name verification are unchanged. The backend is installed
by building the httpcore connection pool of an :class:`httpx.HTTPTransport` with
``network_backend=``. Proxies from the environment are never used (``trust_env=False``): a
proxy would hide the real destination from the check.
"""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Iterable
from typing import Any

import anyio
import httpcore
import httpx

from ..errors import FetchError, FetchPolicyError
from ._policy import FetchPolicy, check_address

__all__ = [
    "async_transport",
    "sync_transport",
    "timeout",
    "translate_error",
]

_SocketOption = Any


def _checked_addresses(
    host: str, infos: Iterable[tuple[Any, ...]], policy: FetchPolicy
) -> list[str]:
    """The addresses of ``getaddrinfo`` results, each checked; refuses if any is forbidden."""
    addresses: list[str] = []
    for info in infos:
        address = str(info[4][0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchError(f"{host} did not resolve to any address")
    for address in addresses:
        check_address(address, url=f"https://{host}", policy=policy)
    return addresses


def _resolution_error(host: str, error: Exception) -> FetchError:
    reason = error.strerror if isinstance(error, OSError) and error.strerror else error
    return FetchError(f"could not resolve {host}: {reason}")


def _late_lookup_error(host: str, timeout: float) -> FetchError:
    return FetchError(f"could not resolve {host}: no answer within {timeout:g} seconds")


# Name lookups waited for at once. ``getaddrinfo`` cannot be interrupted: a lookup that hangs
# keeps its (daemon) thread until the system resolver gives up, and holds a slot till then.
_LOOKUP_SLOTS = threading.BoundedSemaphore(8)


def _lookup(host: str, port: int, timeout: float | None) -> list[tuple[Any, ...]]:
    """``getaddrinfo`` with a deadline: it runs in a daemon thread, waited for ``timeout``."""
    if not _LOOKUP_SLOTS.acquire(blocking=False):
        raise FetchError(f"could not resolve {host}: too many name lookups are still waiting")
    outcome: list[Any] = []
    answered = threading.Event()

    def run() -> None:
        try:
            outcome.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except Exception as error:  # OSError, or UnicodeError for a host IDNA cannot encode
            outcome.append(error)
        finally:
            _LOOKUP_SLOTS.release()
            answered.set()

    threading.Thread(target=run, name=f"vcler-lookup-{host}"[:64], daemon=True).start()
    if not answered.wait(timeout):
        raise _late_lookup_error(host, timeout or 0.0)
    if isinstance(outcome[0], Exception):
        raise _resolution_error(host, outcome[0]) from outcome[0]
    return list(outcome[0])


class _GuardedBackend(httpcore.NetworkBackend):
    """Resolve, check every address, connect to a checked address (sync)."""

    def __init__(self, policy: FetchPolicy) -> None:
        self._policy = policy
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[_SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        infos = _lookup(host, port, timeout)
        last: Exception | None = None
        for address in _checked_addresses(host, infos, self._policy):
            try:
                return self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as e:
                last = e
        assert last is not None
        raise last

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[_SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        raise FetchPolicyError("vcler never connects to unix sockets")


class _AsyncGuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolve, check every address, connect to a checked address (async, via anyio)."""

    def __init__(self, policy: FetchPolicy) -> None:
        self._policy = policy
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[_SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            with anyio.fail_after(timeout):
                infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except TimeoutError:
            raise _late_lookup_error(host, timeout or 0.0) from None
        except (OSError, UnicodeError) as e:
            raise _resolution_error(host, e) from e
        last: Exception | None = None
        for address in _checked_addresses(host, infos, self._policy):
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as e:
                last = e
        assert last is not None
        raise last

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[_SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise FetchPolicyError("vcler never connects to unix sockets")

    async def sleep(self, seconds: float) -> None:
        await anyio.sleep(seconds)


def _ssl_context(policy: FetchPolicy) -> ssl.SSLContext:
    """A verifying TLS context: the policy's CA bundle, else certifi's (as httpx uses)."""
    if policy.ca_bundle is not None:
        try:
            context = ssl.create_default_context(cafile=policy.ca_bundle)
        except (OSError, ssl.SSLError) as e:
            raise FetchError(f"cannot load CA bundle {policy.ca_bundle}: {e}") from e
    else:
        context = httpx.create_ssl_context()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.check_hostname = True
    context.verify_mode = ssl.CERT_REQUIRED
    return context


def _pool_limits() -> dict[str, Any]:
    """httpx's default connection limits (100 connections, 20 kept alive for 5 s), which a pool
    built by hand must be given: httpcore's own default is 10 connections, so an eleventh
    concurrent fetch would wait for a free one."""
    import httpx

    limits = httpx.Limits()
    return {
        "max_connections": limits.max_connections,
        "max_keepalive_connections": limits.max_keepalive_connections,
        "keepalive_expiry": limits.keepalive_expiry,
    }


def sync_transport(policy: FetchPolicy) -> httpx.HTTPTransport:
    """An httpx transport whose connections go through the address guard."""
    context = _ssl_context(policy)
    transport = httpx.HTTPTransport(verify=context, trust_env=False, retries=0)
    # httpx builds its httpcore pool without a network_backend argument: replace the pool with
    # one that has the guarded backend (same settings otherwise).
    transport._pool = httpcore.ConnectionPool(
        ssl_context=context, network_backend=_GuardedBackend(policy), retries=0, **_pool_limits()
    )
    return transport


def async_transport(policy: FetchPolicy) -> httpx.AsyncHTTPTransport:
    """The async twin of :func:`sync_transport`."""
    context = _ssl_context(policy)
    transport = httpx.AsyncHTTPTransport(verify=context, trust_env=False, retries=0)
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=context,
        network_backend=_AsyncGuardedBackend(policy),
        retries=0,
        **_pool_limits(),
    )
    return transport


def timeout(connect: float, read: float) -> httpx.Timeout:
    """httpx timeouts for one request."""
    return httpx.Timeout(connect=connect, read=read, write=read, pool=connect)


def _tls_failure(error: BaseException) -> str | None:
    """The TLS reason inside ``error``'s cause chain, if the failure was a TLS one."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return f"certificate verification failed: {seen.verify_message or seen}"
        if isinstance(seen, ssl.SSLError):
            return f"TLS failed: {seen.reason or seen}"
        seen = seen.__cause__ or seen.__context__
    return None


def translate_error(error: httpx.HTTPError, url: str) -> FetchError:
    """An httpx failure as a :class:`~vcler.errors.FetchError` naming ``url``."""
    if isinstance(error, httpx.ConnectTimeout):
        return FetchError(f"timed out connecting to fetch {url}")
    if isinstance(error, httpx.TimeoutException):
        return FetchError(f"timed out waiting for {url} to respond")
    tls = _tls_failure(error)
    if tls is not None:
        return FetchError(f"could not fetch {url}: {tls}")
    if isinstance(error, httpx.ConnectError):
        return FetchError(f"could not connect to fetch {url}: {error}")
    if isinstance(error, httpx.DecodingError):
        return FetchError(f"could not decode the response from {url}: {error}")
    return FetchError(f"could not fetch {url}: {error or type(error).__name__}")
