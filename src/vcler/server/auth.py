"""Who may call what: OAuth 2.0 bearer tokens and static API keys, checked against scopes.

Every endpoint that issues, changes a status, reads or deletes an issued credential, or
verifies (unless ``[auth] open_verify``) needs ``Authorization: Bearer <token>`` granting its
scope:

=================================================  =====================
``POST /issuers/{name}/credentials/issue``         ``issue:{name}``
``POST /issuers/{name}/credentials/status``        ``status:{name}``
``GET /credentials/{id}``                          ``read:{issuer}``
``DELETE /credentials/{id}``                       ``issue:{issuer}``
``POST /credentials/verify``, ``/presentations/    ``verify``
verify``, ``/challenges``
=================================================  =====================

The token is either a static API key, of which the configuration keeps only the SHA-256
(compared in constant time), or a JWT access token from the configured OAuth 2.0
authorization server (a client-credentials grant, say): its signature is checked by jwcrypto
against the ``jwks`` file (read again when it changes, so keys rotate without a restart), with
an asymmetric algorithm only, and it must name the configured ``iss``, include the ``aud``,
and carry an ``exp`` not past. Its scopes are the ``scope`` claim (space-separated, RFC 9068)
and ``scp``. A refusal is a problem details answer: 401 with ``WWW-Authenticate: Bearer`` for
a missing or bad token, 403 (``error="insufficient_scope"``) for a good one without the scope.

Without an ``[auth]`` table there is no authentication: the server answers these endpoints
only to loopback addresses (and ``vcler serve`` listens only there).

Spec: https://w3c-ccg.github.io/vc-api/#authorization, RFC 6750 (bearer tokens), RFC 9068
(JWT access tokens), RFC 9457 (problem details)
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import codes
from .config import AuthConfig, ConfigError, JwtConfig
from .problems import ApiError

__all__ = ["ACCESS_TOKEN_ALGORITHMS", "Authenticator", "Principal", "is_loopback"]

#: The signature algorithms an access token may use (asymmetric only: a JWKS is public).
ACCESS_TOKEN_ALGORITHMS = (
    "EdDSA",
    "ES256",
    "ES384",
    "ES512",
    "PS256",
    "PS384",
    "PS512",
    "RS256",
    "RS384",
    "RS512",
)
_REALM = 'Bearer realm="vcler"'


@dataclass(frozen=True)
class Principal:
    """Who is calling (an API key's ``id``, a token's ``client_id`` or ``sub``) and the scopes
    granted; ``unrestricted`` without ``[auth]`` (a loopback caller)."""

    id: str
    scopes: frozenset[str] = frozenset()
    unrestricted: bool = False

    def allows(self, scope: str) -> bool:
        """Whether ``scope`` was granted."""
        return self.unrestricted or scope in self.scopes


def is_loopback(host: str | None) -> bool:
    """Whether ``host`` is a loopback address (``127.0.0.0/8``, ``::1``) or ``localhost``."""
    if host is None:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _unauthorized(detail: str, *, error: str | None = "invalid_token") -> ApiError:
    challenge = _REALM if error is None else f'{_REALM}, error="{error}"'
    return ApiError(401, codes.UNAUTHORIZED, detail, headers={"WWW-Authenticate": challenge})


def forbidden(scope: str) -> ApiError:
    """403: the token is good, but does not grant ``scope``."""
    return ApiError(
        403,
        codes.FORBIDDEN,
        f"the token does not grant the scope {scope}",
        headers={"WWW-Authenticate": f'{_REALM}, error="insufficient_scope", scope="{scope}"'},
    )


class Authenticator:
    """Checks the ``Authorization`` header of a request against ``[auth]`` (``None``: no
    authentication, loopback callers only). Thread-safe."""

    def __init__(self, config: AuthConfig | None) -> None:
        self.config = config
        self._keys = (
            {key.sha256: Principal(key.id, key.scopes) for key in config.api_keys}
            if config is not None
            else {}
        )
        self._jwks = _Jwks(config.jwt) if config is not None and config.jwt is not None else None

    @property
    def open(self) -> bool:
        """Whether there is no authentication (no ``[auth]``)."""
        return self.config is None

    def authenticate(self, authorization: str | None, *, client: str | None) -> Principal:
        """The caller of a request with this ``Authorization`` header from the ``client``
        address; 401 (or 403: a non-loopback caller without ``[auth]``) otherwise."""
        if self.config is None:
            if not is_loopback(client):
                raise ApiError(
                    403,
                    codes.FORBIDDEN,
                    "this server has no [auth] configuration and answers only on loopback "
                    "addresses",
                )
            return Principal("loopback", unrestricted=True)
        if not authorization:
            raise _unauthorized("this endpoint needs Authorization: Bearer <token>", error=None)
        scheme, _, token = authorization.strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise _unauthorized("the Authorization header must be: Bearer <token>")
        digest = hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()
        found = None
        for known, principal in self._keys.items():  # every key compared, in constant time
            if hmac.compare_digest(known, digest):
                found = principal
        if found is not None:
            return found
        if self._jwks is not None and token.count(".") == 2:
            return self._jwks.principal(token)
        raise _unauthorized("the token is not a key or a token this server accepts")

    def require(self, authorization: str | None, *, client: str | None, scope: str) -> Principal:
        """:meth:`authenticate`, then 403 unless ``scope`` is granted."""
        principal = self.authenticate(authorization, client=client)
        if not principal.allows(scope):
            raise forbidden(scope)
        return principal


class _Jwks:
    """The authorization server's keys (``[auth] jwt``), read again when the file changes."""

    def __init__(self, config: JwtConfig) -> None:
        self.config = config
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._keys: Any = None
        try:
            self._current()
        except OSError as e:
            raise ConfigError(f"auth.jwt.jwks: cannot read {config.jwks}: {e.strerror}") from e

    def _current(self) -> Any:
        from jwcrypto import jwk

        path = Path(self.config.jwks)
        status = path.stat()
        stamp = (status.st_mtime_ns, status.st_size)
        with self._lock:
            if stamp != self._stamp:
                try:
                    keys = jwk.JWKSet.from_json(path.read_text(encoding="utf-8"))
                except (ValueError, jwk.InvalidJWKValue) as e:
                    if self._keys is None:
                        raise ConfigError(f"auth.jwt.jwks: {path} is not a JWK set: {e}") from e
                    return self._keys  # a file being rewritten: keep the keys read last
                self._keys, self._stamp = keys, stamp
            return self._keys

    def principal(self, token: str) -> Principal:
        """The caller a valid access token names; 401 for any other token."""
        from jwcrypto.common import JWException
        from jwcrypto.jwt import JWT

        config = self.config
        try:
            keys = self._current()
            checked = JWT(
                jwt=token,
                key=keys,
                algs=list(ACCESS_TOKEN_ALGORITHMS),
                check_claims={"iss": config.issuer, "aud": config.audience, "exp": None},
                expected_type="JWS",
            )
            claims = json.loads(checked.claims)
        except (JWException, ValueError, TypeError, OSError) as e:
            raise _unauthorized(f"the access token is not valid: {e}") from e
        if not isinstance(claims, dict):
            raise _unauthorized("the access token's claims are not a JSON object")
        return Principal(
            str(claims.get("client_id") or claims.get("sub") or config.issuer),
            _scopes(claims),
        )


def _scopes(claims: dict[str, Any]) -> frozenset[str]:
    """A token's scopes: ``scope`` (space-separated) and ``scp`` (a list or a string)."""
    found: set[str] = set()
    for value in (claims.get("scope"), claims.get("scp")):
        if isinstance(value, str):
            found.update(value.split())
        elif isinstance(value, list):
            found.update(v for v in value if isinstance(v, str))
    return frozenset(found)
