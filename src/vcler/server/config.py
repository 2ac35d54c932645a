"""The server's configuration file (TOML), read into frozen dataclasses.

::

    base_url = "https://issuer.example.edu"   # where this server is reached
    max_body_bytes = 1048576                  # optional: the largest request body (1 MiB)

    [[issuer]]
    name = "eddsa-rdfc-2022"                  # served at /issuers/{name}/credentials/issue
    key = "ed25519.json"                      # a key file from `vcler key generate`
    suite = "eddsa-rdfc-2022"                 # optional: default by key type

    [[issuer]]
    name = "jwt"
    key = "p256.json"
    format = "vc+jwt"                         # optional: "di" (default), "vc+jwt",
                                              # "vc+sd-jwt", "vc+cose", "vc-jwt" (Open Badges)
    disclose = ["credentialSubject.name"]     # vc+sd-jwt: paths made disclosable

    [[issuer]]
    name = "with-status"
    key = "ed25519.json"
    status = { purpose = "revocation" }       # optional: ttl (ms), length, db (its own file)

    [[issuer]]                                # a status message list: 2-bit entries
    name = "with-messages"
    key = "ed25519.json"
    status = { purpose = "message", size = 2,
               messages = ["pending", "accepted", "rejected", "withdrawn"],
               reference = "https://registrar.example/status-codes" }

    [store]                                   # server-wide: status lists, issued credentials,
    url = "postgresql://vcler@127.0.0.1:5432/vcler"   # idempotency keys, used challenges;
    pool = 10                                 # or an SQLite file ("vcler.db"); pool: PostgreSQL
                                              # connections per worker

    [auth]                                    # optional: without it, loopback only
    api_keys = [{ id = "registrar", sha256 = "<hex>", scopes = ["issue:with-status"] }]
    jwt = { issuer = "https://idp.example", jwks = "jwks.json", audience = "vcler" }
    open_verify = false                       # true: verifying needs no token

    [verifier]                                # optional; offline by default
    allow_network = false
    allow_private_hosts = false
    ca_bundle = "ca.pem"
    documents = "documents"                   # a folder of DID / controller documents
    challenge_ttl = 600                       # seconds a challenge from /challenges lasts
    require_challenge = true                  # presentations must be checked against one
    holder_binding = "none"                   # or "subject": holder = each subject
    issuer_proofs = "any"                     # or "all", or "none": whose keys sign proofs
    status_list_issuers = "credential"        # or "any", or a list of trusted list issuers
    status_list_id_must_match = true          # a list must be served at the URL it names
    strict = false                            # Open Badges schema deviations fail

    [jsonld]                                  # optional
    contexts = "contexts"                     # your own JSON-LD contexts, for issuing and
                                              # verifying: contexts.json maps URL -> file

Relative paths are relative to the configuration file. Unknown keys are refused, so a typo
never silently turns a feature off. Reading the file needs only the standard library
(``tomllib``; ``tomli`` on Python 3.10).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from .. import codes
from ..context import StatusPolicy, VerificationPolicy
from ..errors import InputError

__all__ = [
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_STATUS_TTL_MS",
    "ApiKeyConfig",
    "AuthConfig",
    "ConfigError",
    "IssuerConfig",
    "JsonLdConfig",
    "JwtConfig",
    "ServerConfig",
    "StatusConfig",
    "StoreConfig",
    "VerifierConfig",
    "load_config",
    "parse_config",
]

#: The largest request body accepted by default (1 MiB).
DEFAULT_MAX_BODY_BYTES = 1024 * 1024
#: How long a published status list may be cached by default (milliseconds).
DEFAULT_STATUS_TTL_MS = 300_000

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_ISSUER_PROOFS: dict[str, Literal["any", "all", "none"]] = {
    "any": "any",
    "all": "all",
    "none": "none",
}
_STATUS_PURPOSES = ("revocation", "suspension", "message")


class ConfigError(InputError):
    """The configuration file is unreadable or invalid (the message names the key)."""

    code = codes.INVALID_CONFIGURATION


@dataclass(frozen=True)
class StatusConfig:
    """Status entries for every credential an issuer issues.

    ``purpose`` is ``revocation``, ``suspension`` or ``message``; ``db`` an SQLite file of
    the issuer's own (``None``: the server's ``[store]``); ``ttl`` (milliseconds) how long
    verifiers may cache the published list; ``length`` the number of entries of each list. A
    ``message`` list may have entries of ``size`` bits (``statusSize``), with one of
    ``messages`` (``statusMessage``) per value, and a ``reference`` (``statusReference``) URL;
    every list the issuer opens has them.
    """

    purpose: str
    db: Path | None = None
    ttl: int = DEFAULT_STATUS_TTL_MS
    length: int = 131_072
    size: int = 1
    messages: tuple[str, ...] | None = None
    reference: str | None = None


@dataclass(frozen=True)
class IssuerConfig:
    """One issuer instance: served at ``/issuers/{name}/credentials/issue``."""

    name: str
    key: Path
    suite: str | None = None
    status: StatusConfig | None = None
    #: "di" (a Data Integrity proof), or the envelope: "vc+jwt", "vc+sd-jwt", "vc+cose",
    #: "vc-jwt" (the Open Badges 3.0 JWT).
    format: str = "di"
    #: For "vc+sd-jwt": the paths made selectively disclosable.
    disclose: tuple[str, ...] = ()


@dataclass(frozen=True)
class VerifierConfig:
    """How the server's verifier reaches documents (offline by default)."""

    allow_network: bool = False
    allow_private_hosts: bool = False
    ca_bundle: Path | None = None
    documents: Path | None = None
    #: Seconds a challenge handed out by ``POST /challenges`` stays usable.
    challenge_ttl: int = 600
    #: A presentation must come with a challenge (``options.challenge``) to verify.
    require_challenge: bool = True
    #: ``"subject"``: a presentation's holder must be the subject of what it presents.
    holder_binding: str = "none"
    #: Whose keys a credential's proofs may be by: ``"any"`` (at least one the issuer's),
    #: ``"all"`` (every one the issuer's) or ``"none"`` (no binding).
    issuer_proofs: str = "any"
    #: Whose status lists are trusted: ``"credential"``, ``"any"`` or a tuple of issuer ids.
    status_list_issuers: str | tuple[str, ...] = "credential"
    #: A status list must name, as its ``id``, the URL it was retrieved from.
    status_list_id_must_match: bool = True
    #: Open Badges / CLR schema deviations fail verification instead of warning.
    strict: bool = False

    def policy(self) -> VerificationPolicy:
        """The verification policy these settings describe."""
        issuers = self.status_list_issuers
        return VerificationPolicy(
            require_challenge=self.require_challenge,
            holder_binding="subject" if self.holder_binding == "subject" else "none",
            issuer_proofs=_ISSUER_PROOFS.get(self.issuer_proofs, "any"),
            strict=self.strict,
            status=StatusPolicy(
                list_issuers=frozenset(issuers) if isinstance(issuers, tuple) else issuers,  # type: ignore[arg-type]
                list_id_must_match=self.status_list_id_must_match,
            ),
        )


@dataclass(frozen=True)
class JsonLdConfig:
    """JSON-LD processing: ``contexts`` is a folder of the operator's own contexts (read by
    :meth:`vcler.jsonld.StaticDocumentLoader.from_contexts`), used to issue and to verify."""

    contexts: Path | None = None


@dataclass(frozen=True)
class StoreConfig:
    """The server-wide store: ``url`` is a PostgreSQL URL or an SQLite file (made absolute);
    ``pool`` caps PostgreSQL connections per worker process."""

    url: str
    pool: int = 10

    @property
    def shared(self) -> bool:
        """Whether other processes can share it (anything but SQLite's ``:memory:``)."""
        return self.url != ":memory:"


@dataclass(frozen=True)
class ApiKeyConfig:
    """A static API key: its ``id`` (for logs), the SHA-256 of the key (lowercase hex), and
    the ``scopes`` it grants."""

    id: str
    sha256: str
    scopes: frozenset[str]


@dataclass(frozen=True)
class JwtConfig:
    """OAuth 2.0 access tokens (JWTs): signed by a key of the ``jwks`` file, from ``issuer``,
    for ``audience``."""

    issuer: str
    jwks: Path
    audience: str


@dataclass(frozen=True)
class AuthConfig:
    """Who may call the endpoints that issue, change status, read and verify.

    Scopes: ``issue:<issuer>``, ``status:<issuer>``, ``read:<issuer>`` (one configured
    issuer's name each) and ``verify``; ``open_verify`` lets anyone verify.
    """

    api_keys: tuple[ApiKeyConfig, ...] = ()
    jwt: JwtConfig | None = None
    open_verify: bool = False


@dataclass(frozen=True)
class ServerConfig:
    """The whole configuration (``auth`` ``None``: no authentication, loopback only)."""

    base_url: str
    issuers: tuple[IssuerConfig, ...]
    verifier: VerifierConfig = VerifierConfig()
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    jsonld: JsonLdConfig = JsonLdConfig()
    store: StoreConfig | None = None
    auth: AuthConfig | None = None

    def status_list_prefix(self, issuer: str) -> str:
        """Where an issuer's status lists are published: ``{base_url}/status/{issuer}/``."""
        return f"{self.base_url}/status/{issuer}/"

    def status_list_url(self, issuer: str, number: int = 1) -> str:
        """The URL of an issuer's status list: ``{base_url}/status/{issuer}/{number}``."""
        return f"{self.base_url}/status/{issuer}/{number}"

    def issuer(self, name: str) -> IssuerConfig | None:
        """The issuer called ``name``, or ``None``."""
        return next((i for i in self.issuers if i.name == name), None)


def _load_toml(data: bytes) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"not a TOML file: {e}") from e


def load_config(path: str | Path) -> ServerConfig:
    """Read the configuration file at ``path``; :class:`ConfigError` if unusable."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as e:
        raise ConfigError(f"cannot read {file}: {e.strerror or e}") from e
    try:
        return parse_config(_load_toml(data), base_dir=file.resolve().parent)
    except ConfigError as e:
        raise ConfigError(f"{file}: {e.message}") from e


def _only(table: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
    unknown = sorted(set(table) - set(allowed))
    if unknown:
        raise ConfigError(f"unknown key(s) in {where}: {', '.join(unknown)}")


def _string(table: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> Any:
    value = table.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{where}.{key} must be a non-empty string")
    return value


def _bool(table: Mapping[str, Any], key: str, where: str, *, default: bool = False) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(f"{where}.{key} must be true or false")
    return value


def _int(table: Mapping[str, Any], key: str, where: str, *, default: int, minimum: int) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ConfigError(f"{where}.{key} must be an integer of at least {minimum}")
    return value


def _path(base_dir: Path, value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else base_dir / path


def _base_url(value: Any) -> str:
    if not isinstance(value, str):
        raise ConfigError("base_url must be a string (where this server is reached)")
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(f"base_url {value!r} must be an http(s) URL without query or fragment")
    return value.rstrip("/")


def _status(value: Any, where: str, base_dir: Path) -> StatusConfig:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where} must be a table such as {{ purpose = ..., db = ... }}")
    _only(value, ("purpose", "db", "ttl", "length", "size", "messages", "reference"), where)
    db = _string(value, "db", where, required=False)
    purpose = _string(value, "purpose", where)
    if purpose not in _STATUS_PURPOSES:
        raise ConfigError(f"{where}.purpose must be one of {', '.join(_STATUS_PURPOSES)}")
    length = _int(value, "length", where, default=131_072, minimum=131_072)
    if length % 8:
        raise ConfigError(f"{where}.length must be a multiple of 8")
    size = _int(value, "size", where, default=1, minimum=1)
    messages = value.get("messages")
    if messages is not None and (
        not isinstance(messages, list)
        or not all(isinstance(m, str) and m for m in messages)
        or len(messages) != 2**size
    ):
        raise ConfigError(f"{where}.messages must be {2**size} strings (one per status value)")
    if (size > 1 or messages is not None) and purpose != "message":
        raise ConfigError(f"{where}: size and messages are for a message list")
    if size > 1 and messages is None:
        raise ConfigError(f"{where}: a list of {size}-bit entries needs messages")
    return StatusConfig(
        purpose=purpose,
        db=_path(base_dir, db) if db else None,
        ttl=_int(value, "ttl", where, default=DEFAULT_STATUS_TTL_MS, minimum=0),
        length=length,
        size=size,
        messages=tuple(messages) if messages is not None else None,
        reference=_string(value, "reference", where, required=False),
    )


def _issuer(value: Any, index: int, base_dir: Path) -> IssuerConfig:
    where = f"issuer[{index}]"
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where} must be a table")
    _only(value, ("name", "key", "suite", "status", "format", "disclose"), where)
    name = _string(value, "name", where)
    if not _NAME.fullmatch(name):
        raise ConfigError(f"{where}.name {name!r} must be letters, digits, '.', '_' or '-'")
    status = value.get("status")
    format = _string(value, "format", where, required=False) or "di"
    if format not in ISSUE_FORMATS:
        raise ConfigError(f"{where}.format {format!r} is one of {', '.join(ISSUE_FORMATS)}")
    disclose = value.get("disclose", [])
    if not isinstance(disclose, list) or not all(isinstance(p, str) for p in disclose):
        raise ConfigError(f"{where}.disclose must be a list of paths")
    if disclose and format != "vc+sd-jwt":
        raise ConfigError(f'{where}.disclose is for format = "vc+sd-jwt"')
    return IssuerConfig(
        name=name,
        key=_path(base_dir, _string(value, "key", where)),
        suite=_string(value, "suite", where, required=False),
        status=_status(status, f"{where}.status", base_dir) if status is not None else None,
        format=format,
        disclose=tuple(disclose),
    )


#: An issuer's ``format`` values, with vcler's format names (``vcler.issue_envelope``).
ISSUE_FORMATS: dict[str, str] = {
    "di": "di",
    "vc+jwt": "jwt",
    "vc+sd-jwt": "sd-jwt",
    "vc+cose": "cose",
    "vc-jwt": "vc-jwt",
}


def _verifier(value: Any, base_dir: Path) -> VerifierConfig:
    if not isinstance(value, Mapping):
        raise ConfigError("[verifier] must be a table")
    _only(
        value,
        (
            "allow_network",
            "allow_private_hosts",
            "ca_bundle",
            "documents",
            "challenge_ttl",
            "require_challenge",
            "holder_binding",
            "issuer_proofs",
            "status_list_issuers",
            "status_list_id_must_match",
            "strict",
        ),
        "verifier",
    )
    ca_bundle = _string(value, "ca_bundle", "verifier", required=False)
    documents = _string(value, "documents", "verifier", required=False)
    holder_binding = value.get("holder_binding", "none")
    if holder_binding not in ("none", "subject"):
        raise ConfigError('verifier.holder_binding must be "none" or "subject"')
    issuer_proofs = value.get("issuer_proofs", "any")
    if issuer_proofs not in _ISSUER_PROOFS:
        raise ConfigError('verifier.issuer_proofs must be "any", "all" or "none"')
    config = VerifierConfig(
        allow_network=_bool(value, "allow_network", "verifier"),
        allow_private_hosts=_bool(value, "allow_private_hosts", "verifier"),
        ca_bundle=_path(base_dir, ca_bundle) if ca_bundle else None,
        documents=_path(base_dir, documents) if documents else None,
        challenge_ttl=_int(value, "challenge_ttl", "verifier", default=600, minimum=1),
        require_challenge=_bool(value, "require_challenge", "verifier", default=True),
        holder_binding=holder_binding,
        issuer_proofs=issuer_proofs,
        status_list_issuers=_list_issuers(value.get("status_list_issuers", "credential")),
        status_list_id_must_match=_bool(
            value, "status_list_id_must_match", "verifier", default=True
        ),
        strict=_bool(value, "strict", "verifier"),
    )
    if not config.allow_network and (config.allow_private_hosts or config.ca_bundle):
        raise ConfigError("verifier.allow_private_hosts and ca_bundle need allow_network = true")
    return config


def _list_issuers(value: Any) -> str | tuple[str, ...]:
    if value in ("credential", "any"):
        return str(value)
    if isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
        return tuple(value)
    raise ConfigError(
        'verifier.status_list_issuers must be "credential", "any" or a list of issuer ids'
    )


def _jsonld(value: Any, base_dir: Path) -> JsonLdConfig:
    if not isinstance(value, Mapping):
        raise ConfigError("[jsonld] must be a table")
    _only(value, ("contexts",), "jsonld")
    contexts = _string(value, "contexts", "jsonld", required=False)
    return JsonLdConfig(contexts=_path(base_dir, contexts) if contexts else None)


def _store(value: Any, base_dir: Path) -> StoreConfig:
    if not isinstance(value, Mapping):
        raise ConfigError("[store] must be a table")
    _only(value, ("url", "pool"), "store")
    url = _string(value, "url", "store")
    if not url.startswith(("postgresql://", "postgres://")) and url != ":memory:":
        url = str(_path(base_dir, url))
    return StoreConfig(url=url, pool=_int(value, "pool", "store", default=10, minimum=1))


_SCOPE = re.compile(r"(issue|status|read):(.+)")


def _scopes(value: Any, where: str, issuers: tuple[str, ...]) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}.scopes must be a list of strings")
    for scope in value:
        match = _SCOPE.fullmatch(scope)
        if scope != "verify" and (match is None or match.group(2) not in issuers):
            raise ConfigError(
                f"{where}.scopes: {scope!r} is not verify, issue:<issuer>, status:<issuer> "
                "or read:<issuer> for a configured issuer"
            )
    return frozenset(value)


def _api_key(value: Any, index: int, issuers: tuple[str, ...]) -> ApiKeyConfig:
    where = f"auth.api_keys[{index}]"
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where} must be a table {{ id = ..., sha256 = ..., scopes = [...] }}")
    _only(value, ("id", "sha256", "scopes"), where)
    digest = _string(value, "sha256", where).lower()
    if not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise ConfigError(f"{where}.sha256 must be the key's SHA-256 in hex (64 digits)")
    return ApiKeyConfig(
        id=_string(value, "id", where),
        sha256=digest,
        scopes=_scopes(value.get("scopes"), where, issuers),
    )


def _jwt(value: Any, base_dir: Path) -> JwtConfig:
    if not isinstance(value, Mapping):
        raise ConfigError("auth.jwt must be a table { issuer = ..., jwks = ..., audience = ... }")
    _only(value, ("issuer", "jwks", "audience"), "auth.jwt")
    return JwtConfig(
        issuer=_string(value, "issuer", "auth.jwt"),
        jwks=_path(base_dir, _string(value, "jwks", "auth.jwt")),
        audience=_string(value, "audience", "auth.jwt"),
    )


def _auth(value: Any, base_dir: Path, issuers: tuple[str, ...]) -> AuthConfig:
    if not isinstance(value, Mapping):
        raise ConfigError("[auth] must be a table")
    _only(value, ("api_keys", "jwt", "open_verify"), "auth")
    keys = value.get("api_keys", [])
    if not isinstance(keys, list):
        raise ConfigError("auth.api_keys must be a list of { id, sha256, scopes } tables")
    api_keys = tuple(_api_key(key, i, issuers) for i, key in enumerate(keys))
    ids = [key.id for key in api_keys]
    if len(set(ids)) != len(ids):
        raise ConfigError("auth.api_keys: every key needs its own id")
    jwt = _jwt(value["jwt"], base_dir) if "jwt" in value else None
    if not api_keys and jwt is None:
        raise ConfigError("[auth] needs api_keys, jwt or both")
    return AuthConfig(api_keys=api_keys, jwt=jwt, open_verify=_bool(value, "open_verify", "auth"))


def parse_config(data: Mapping[str, Any], *, base_dir: str | Path) -> ServerConfig:
    """A :class:`ServerConfig` from parsed TOML; paths are relative to ``base_dir``."""
    base = Path(base_dir)
    _only(
        data,
        ("base_url", "max_body_bytes", "issuer", "verifier", "jsonld", "store", "auth"),
        "the configuration",
    )
    issuers_value = data.get("issuer", [])
    if not isinstance(issuers_value, list):
        raise ConfigError("issuers are given as [[issuer]] tables")
    issuers = tuple(_issuer(value, i, base) for i, value in enumerate(issuers_value))
    names = [issuer.name for issuer in issuers]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ConfigError(f"issuer names must be unique: {', '.join(duplicates)}")
    store = _store(data["store"], base) if "store" in data else None
    for issuer in issuers:
        if issuer.status is not None and issuer.status.db is None and store is None:
            raise ConfigError(
                f"issuer {issuer.name!r}: status lists need a [store] or status.db to keep them"
            )
    return ServerConfig(
        base_url=_base_url(data.get("base_url")),
        issuers=issuers,
        verifier=_verifier(data.get("verifier", {}), base),
        max_body_bytes=_int(
            data, "max_body_bytes", "the configuration", default=DEFAULT_MAX_BODY_BYTES, minimum=1
        ),
        jsonld=_jsonld(data.get("jsonld", {}), base),
        store=store,
        auth=_auth(data["auth"], base, tuple(names)) if "auth" in data else None,
    )
