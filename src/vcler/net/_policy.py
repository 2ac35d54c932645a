"""The fetch policy, and the pure checks it implies.

Nothing here does I/O: each check takes what the driver has (a URL, an address, a status line,
headers) and either returns what to do next or raises
:class:`~vcler.errors.FetchPolicyError` / :class:`~vcler.errors.FetchError` naming the URL.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from .._json import MAX_DEPTH
from .._version import __version__
from ..errors import FetchError, FetchPolicyError, InputError

__all__ = [
    "JSON_CONTENT_TYPES",
    "FetchPolicy",
    "check_address",
    "check_content_type",
    "check_declared_length",
    "check_url",
    "redirect_target",
]

#: The media types vcler accepts by default: JSON, JSON-LD and the DID document types.
JSON_CONTENT_TYPES: frozenset[str] = frozenset(
    {
        "application/json",
        "application/ld+json",
        "application/did+json",
        "application/did+ld+json",
    }
)

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class FetchPolicy:
    """What the fetcher may do. The defaults are the safe ones.

    - ``allow_http``: plain ``http://`` URLs are refused unless this is set (a redirect from
      https to http is refused even then).
    - ``allow_private_hosts``: loopback, private, link-local, multicast, reserved, unspecified
      and other non-global addresses are refused unless this is set. The check is made on the
      addresses a host name *resolves to*, and the connection goes to the checked address.
    - ``ca_bundle``: a PEM file of trusted CA certificates that *replaces* the default store
      (certifi). TLS certificates and host names are always verified.
    - ``connect_timeout`` / ``read_timeout``: seconds per connect / per read;
      ``total_timeout``: seconds for the whole fetch, redirects and body included.
    - ``max_bytes``: the largest (decoded) body accepted; enforced while streaming.
    - ``max_redirects``: redirects followed at most (each to https only).
    - ``accepted_content_types``: media types (without parameters) a response may declare.
    - ``cache_default_ttl``: seconds a response without ``Cache-Control`` is kept;
      ``cache_max_ttl``: cap on any ``max-age``; ``cache_max_entries``: LRU bound.
    - ``max_json_depth``: nesting limit when the body is parsed as JSON.
    """

    allow_http: bool = False
    allow_private_hosts: bool = False
    ca_bundle: str | None = None
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    total_timeout: float = 30.0
    max_bytes: int = 2 * 1024 * 1024
    max_redirects: int = 3
    accepted_content_types: frozenset[str] = field(default=JSON_CONTENT_TYPES)
    cache_default_ttl: float = 300.0
    cache_max_ttl: float = 3600.0
    cache_max_entries: int = 256
    max_json_depth: int = MAX_DEPTH
    user_agent: str = f"vcler/{__version__}"

    def __post_init__(self) -> None:
        for name in ("connect_timeout", "read_timeout", "total_timeout"):
            if not getattr(self, name) > 0:
                raise InputError(f"FetchPolicy.{name} must be a positive number of seconds")
        for name in ("cache_default_ttl", "cache_max_ttl"):
            if not getattr(self, name) >= 0:
                raise InputError(f"FetchPolicy.{name} must not be negative")
        if self.max_bytes < 1:
            raise InputError("FetchPolicy.max_bytes must be at least 1")
        if self.max_redirects < 0 or self.cache_max_entries < 0:
            raise InputError("FetchPolicy.max_redirects and cache_max_entries must be >= 0")
        if not isinstance(self.accepted_content_types, frozenset):
            object.__setattr__(
                self, "accepted_content_types", frozenset(self.accepted_content_types)
            )


def check_url(url: str, *, policy: FetchPolicy) -> tuple[str, str, int]:
    """Check that ``url`` may be fetched; returns ``(scheme, host, port)``.

    Refuses URLs that do not parse, schemes other than https (http only when
    ``allow_http``), URLs without a host or with user credentials, and IP-literal hosts that
    the policy forbids. Host *names* are checked later, on the addresses they resolve to.
    """
    # Step 1: parse.
    try:
        parts = urlsplit(url)
        port = parts.port
        host = parts.hostname
    except ValueError as e:
        raise FetchPolicyError(f"refusing to fetch {url!r}: not a valid URL ({e})") from e
    # Step 2: the scheme.
    scheme = parts.scheme.lower()
    if scheme == "http" and not policy.allow_http:
        raise FetchPolicyError(
            f"refusing to fetch {url}: only https URLs are allowed (http is not enabled)"
        )
    if scheme not in ("https", "http"):
        raise FetchPolicyError(f"refusing to fetch {url!r}: only https URLs are allowed")
    # Step 3: a host and no credentials.
    if not host:
        raise FetchPolicyError(f"refusing to fetch {url!r}: the URL has no host")
    if parts.username is not None or parts.password is not None:
        raise FetchPolicyError(f"refusing to fetch {url}: the URL carries user credentials")
    # Step 4: an IP-literal host is checked at once.
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        check_address(host, url=url, policy=policy)
    return scheme, host, port if port is not None else (443 if scheme == "https" else 80)


def _address_kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why ``ip`` is not a public address, or ``None`` when it is."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if ip.is_reserved:
        return "reserved"
    if ip.is_private:
        return "private"
    if not ip.is_global:
        return "non-global"
    return None


def check_address(address: str, *, url: str, policy: FetchPolicy) -> None:
    """Refuse a connection to ``address`` (an IP address) unless it is public or allowed.

    Loopback, private, link-local, multicast, reserved, unspecified and other non-global
    addresses (IPv4-mapped IPv6 addresses are judged as IPv4) are refused unless
    ``policy.allow_private_hosts``.
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError as e:
        raise FetchPolicyError(f"refusing to fetch {url}: {address!r} is not an address") from e
    if policy.allow_private_hosts:
        return
    kind = _address_kind(ip)
    if kind is not None:
        raise FetchPolicyError(
            f"refusing to fetch {url}: its host is a {kind} address ({ip}); "
            "private hosts are not allowed"
        )


def redirect_target(
    url: str,
    *,
    status: int,
    location: str | None,
    seen: tuple[str, ...],
    policy: FetchPolicy,
) -> str | None:
    """The URL to follow after a response with ``status``, or ``None`` if it is no redirect.

    ``seen`` lists the URLs already requested in this fetch (the first is the one asked for).
    A redirect without ``Location``, a loop, one too many, a downgrade from https to http, or a
    target the policy refuses raises.
    """
    if status not in _REDIRECT_STATUSES:
        return None
    # Step 1: a target.
    if not location:
        raise FetchError(f"{url} answered {status} (redirect) without a Location header")
    target = urljoin(url, location.strip())
    # Step 2: no loops, and a bounded number of hops.
    if target in seen:
        raise FetchError(f"redirect loop fetching {seen[0]}: {url} redirects back to {target}")
    if len(seen) > policy.max_redirects:
        raise FetchError(
            f"too many redirects fetching {seen[0]} (more than {policy.max_redirects})"
        )
    # Step 3: never downgrade, and the target passes the policy like any URL.
    if urlsplit(url).scheme.lower() == "https" and urlsplit(target).scheme.lower() != "https":
        raise FetchPolicyError(
            f"refusing redirect from {url} to {target}: redirects must stay on https"
        )
    check_url(target, policy=policy)
    return target


def check_content_type(value: str | None, *, url: str, policy: FetchPolicy) -> str:
    """The media type of a response (lower case, parameters dropped), if the policy accepts it."""
    media_type = (value or "").split(";", 1)[0].strip().lower()
    if media_type not in policy.accepted_content_types:
        accepted = ", ".join(sorted(policy.accepted_content_types))
        raise FetchError(
            f"{url} returned content type {media_type or '(none)'!s}; expected one of {accepted}"
        )
    return media_type


def check_declared_length(headers: Mapping[str, str], *, url: str, policy: FetchPolicy) -> None:
    """Refuse a response whose ``Content-Length`` already exceeds ``policy.max_bytes``."""
    declared = headers.get("content-length")
    if declared is None:
        return
    try:
        length = int(declared)
    except ValueError:
        return  # the streaming count still bounds the body
    if length > policy.max_bytes:
        raise FetchError(
            f"response from {url} is {length} bytes, larger than the limit of "
            f"{policy.max_bytes} bytes"
        )
