"""Authentication and authorization: API keys and OAuth 2.0 access tokens (JWTs) against
scopes, on a real server on 127.0.0.1. Tokens are minted here with jwcrypto, as an
authorization server would, and the server checks them against the JWKS file."""

from __future__ import annotations

import base64
import hashlib
import json
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

import vcler
from tests.server.conftest import V2, start_uvicorn
from vcler.server import ConfigError, create_app, load_config, parse_config, serve
from vcler.server.auth import Authenticator

jwk = pytest.importorskip("jwcrypto.jwk")
jwt = pytest.importorskip("jwcrypto.jwt")

IDP = "https://idp.example"
KEYS = {"registrar": "k-registrar-0123456789", "bootcamp": "k-bootcamp-0123456789"}


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class AuthServer:
    url: str
    key: Any
    folder: Path
    signing_key: Any

    def token(self, scope: str, *, key: Any = None, **claims: Any) -> str:
        """An access token from the authorization server (valid for a minute)."""
        signing = key or self.signing_key
        body = {"iss": IDP, "aud": "vcler", "exp": int(time.time()) + 60, "scope": scope}
        body.update(claims)
        alg = "EdDSA" if signing.get("kty") == "OKP" else "ES256"
        header = {"alg": alg, "kid": signing.get("kid"), "typ": "at+jwt"}
        token = jwt.JWT(header=header, claims=body)
        token.make_signed_token(signing)
        return str(token.serialize())

    def credential(self, credential_id: str) -> dict[str, Any]:
        return {
            "@context": [V2],
            "id": credential_id,
            "type": ["VerifiableCredential"],
            "issuer": self.key.controller,
            "credentialSubject": {"id": "did:example:learner"},
        }


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


def write_jwks(path: Path, *keys: Any) -> None:
    jwks = {"keys": [json.loads(key.export_public()) for key in keys]}
    path.write_text(json.dumps(jwks), encoding="utf-8")


@contextmanager
def serving(folder: Path, key: Any, config: str) -> Iterator[str]:
    """A server on 127.0.0.1 configured by ``config`` (after its ``base_url``) in ``folder``,
    with ``key`` as ``key.json``; yields its URL."""
    (folder / "key.json").write_text(json.dumps(key.to_json()), encoding="utf-8")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    (folder / "server.toml").write_text(f'base_url = "{url}"\n{config}', encoding="utf-8")
    running, thread = start_uvicorn(create_app(load_config(folder / "server.toml")), sock)
    try:
        yield url
    finally:
        running.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AuthServer]:
    folder = tmp_path_factory.mktemp("auth")
    key = vcler.generate_key("Ed25519")
    signing_key = jwk.JWK.generate(kty="EC", crv="P-256", kid="idp-1")
    write_jwks(folder / "jwks.json", signing_key)
    config = (
        '[store]\nurl = "store.db"\n'
        '[[issuer]]\nname = "college"\nkey = "key.json"\nstatus = { purpose = "revocation" }\n'
        '[[issuer]]\nname = "bootcamp"\nkey = "key.json"\nstatus = { purpose = "revocation" }\n'
        "[auth]\napi_keys = [\n"
        f'  {{ id = "registrar", sha256 = "{sha256(KEYS["registrar"])}", scopes = '
        '["issue:college", "status:college", "read:college"] },\n'
        f'  {{ id = "bootcamp", sha256 = "{sha256(KEYS["bootcamp"])}", scopes = '
        '["issue:bootcamp"] },\n]\n'
        f'jwt = {{ issuer = "{IDP}", jwks = "jwks.json", audience = "vcler" }}\n'
    )
    with serving(folder, key, config) as url:
        yield AuthServer(url, key, folder, signing_key)


def problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["code"] == code
    return body


def test_without_a_token_every_guarded_endpoint_is_401(server: AuthServer) -> None:
    with httpx.Client(base_url=server.url) as client:
        answers = [
            client.post("/issuers/college/credentials/issue", json={"credential": {}}),
            client.post("/issuers/college/credentials/status", json={}),
            client.get("/credentials/urn:uuid:1"),
            client.delete("/credentials/urn:uuid:1"),
            client.post("/credentials/verify", json={}),
            client.post("/presentations/verify", json={}),
            client.post("/credentials/derive", json={}),
            client.post("/challenges"),
        ]
        for answer in answers:
            problem(answer, 401, "UNAUTHORIZED")
            assert answer.headers["www-authenticate"] == 'Bearer realm="vcler"'
        # Public documents stay public.
        assert client.get("/status/college/1").status_code == 200
        assert client.get("/").status_code == 200
        for token in ("not-a-key", "a.b.c", server.token("issue:college")[:-4] + "AAAA"):
            refused = client.post("/credentials/verify", json={}, headers=bearer(token))
            problem(refused, 401, "UNAUTHORIZED")
            assert 'error="invalid_token"' in refused.headers["www-authenticate"]
        basic = client.post("/credentials/verify", json={}, headers={"authorization": "Basic x"})
        problem(basic, 401, "UNAUTHORIZED")


def test_an_api_key_acts_for_its_issuer_only(server: AuthServer) -> None:
    registrar, bootcamp = bearer(KEYS["registrar"]), bearer(KEYS["bootcamp"])
    body = {"credential": server.credential("urn:uuid:api-key-1")}
    with httpx.Client(base_url=server.url) as client:
        issued = client.post("/issuers/college/credentials/issue", json=body, headers=registrar)
        assert issued.status_code == 201, issued.text
        other = client.post("/issuers/college/credentials/issue", json=body, headers=bootcamp)
        forbidden = problem(other, 403, "FORBIDDEN")
        assert "issue:college" in forbidden["detail"]
        assert other.headers["www-authenticate"] == (
            'Bearer realm="vcler", error="insufficient_scope", scope="issue:college"'
        )
        revoke = {
            "credentialId": "urn:uuid:api-key-1",
            "credentialStatus": {"type": "BitstringStatusListEntry"},
            "status": True,
        }
        problem(
            client.post("/issuers/college/credentials/status", json=revoke, headers=bootcamp),
            403,
            "FORBIDDEN",
        )
        done = client.post("/issuers/college/credentials/status", json=revoke, headers=registrar)
        assert done.status_code == 200, done.text
        read = client.get("/credentials/urn:uuid:api-key-1", headers=registrar)
        assert read.status_code == 200
        assert read.json() == issued.json()["verifiableCredential"]
        problem(client.get("/credentials/urn:uuid:api-key-1", headers=bootcamp), 403, "FORBIDDEN")
        problem(client.post("/credentials/verify", json={}, headers=registrar), 403, "FORBIDDEN")


def test_access_tokens_are_checked_and_scoped(server: AuthServer) -> None:
    body = {"credential": server.credential("urn:uuid:jwt-1")}
    scope = "issue:bootcamp read:bootcamp"
    with httpx.Client(base_url=server.url) as client:
        issue = "/issuers/bootcamp/credentials/issue"
        good = client.post(issue, json=body, headers=bearer(server.token(scope)))
        assert good.status_code == 201, good.text
        # A token for one issuer cannot act for another.
        problem(
            client.post(
                "/issuers/college/credentials/issue", json=body, headers=bearer(server.token(scope))
            ),
            403,
            "FORBIDDEN",
        )
        read = client.get("/credentials/urn:uuid:jwt-1", headers=bearer(server.token(scope)))
        assert read.json() == good.json()["verifiableCredential"]
        # The college's credential stays hidden from the bootcamp's reader.
        registrar = bearer(KEYS["registrar"])
        college = {"credential": server.credential("urn:uuid:jwt-college")}
        assert client.post("/issuers/college/credentials/issue", json=college, headers=registrar)
        hidden = client.get(
            "/credentials/urn:uuid:jwt-college", headers=bearer(server.token(scope))
        )
        problem(hidden, 404, "NOT_FOUND")
        # scp (an array) works as scope does.
        scp = server.token("", scp=["verify"])
        assert client.post("/challenges", headers=bearer(scp)).status_code == 200
        stranger = jwk.JWK.generate(kty="EC", crv="P-256", kid="idp-1")
        for token, why in [
            (server.token(scope, iss="https://other.example"), "iss"),
            (server.token(scope, aud="someone-else"), "aud"),
            (server.token(scope, exp=int(time.time()) - 3600), "Expired"),
            (server.token(scope, key=stranger), "Key"),
        ]:
            refused = problem(
                client.post(issue, json=body, headers=bearer(token)), 401, "UNAUTHORIZED"
            )
            assert why in refused["detail"]
        # An unsigned token ("alg": "none") and an HMAC one are refused.
        claims = {"iss": IDP, "aud": "vcler", "exp": int(time.time()) + 60, "scope": scope}
        unsigned = ".".join(
            base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=").decode()
            for part in ({"alg": "none"}, claims)
        )
        secret = jwk.JWK.generate(kty="oct", size=256, kid="idp-1")
        hmac_token = jwt.JWT(header={"alg": "HS256", "kid": "idp-1"}, claims=claims)
        hmac_token.make_signed_token(secret)
        for token in [unsigned + ".", hmac_token.serialize()]:
            problem(client.post(issue, json=body, headers=bearer(token)), 401, "UNAUTHORIZED")


def test_keys_rotate_when_the_jwks_file_changes(server: AuthServer) -> None:
    rotated = jwk.JWK.generate(kty="OKP", crv="Ed25519", kid="idp-2")
    token = server.token("issue:bootcamp", key=rotated)
    with httpx.Client(base_url=server.url) as client:
        issue = "/issuers/bootcamp/credentials/issue"
        body = {"credential": server.credential("urn:uuid:rotated")}
        problem(client.post(issue, json=body, headers=bearer(token)), 401, "UNAUTHORIZED")
        write_jwks(server.folder / "jwks.json", server.signing_key, rotated)
        try:
            assert client.post(issue, json=body, headers=bearer(token)).status_code == 201
        finally:
            write_jwks(server.folder / "jwks.json", server.signing_key)


def test_delete_forgets_the_credential(server: AuthServer) -> None:
    registrar = bearer(KEYS["registrar"])
    with httpx.Client(base_url=server.url) as client:
        body = {"credential": server.credential("urn:uuid:to-delete")}
        assert client.post("/issuers/college/credentials/issue", json=body, headers=registrar)
        read_only = bearer(server.token("read:college"))
        problem(
            client.delete("/credentials/urn:uuid:to-delete", headers=read_only), 403, "FORBIDDEN"
        )
        deleted = client.delete("/credentials/urn:uuid:to-delete", headers=registrar)
        assert deleted.status_code == 202 and deleted.content == b""
        problem(client.get("/credentials/urn:uuid:to-delete", headers=registrar), 410, "GONE")
        problem(client.delete("/credentials/urn:uuid:to-delete", headers=registrar), 410, "GONE")
        problem(client.get("/credentials/urn:uuid:never", headers=registrar), 404, "NOT_FOUND")
        # Its status can still be changed: deleting is not revoking.
        revoke = {
            "credentialId": "urn:uuid:to-delete",
            "credentialStatus": {"type": "BitstringStatusListEntry"},
            "status": True,
        }
        changed = client.post("/issuers/college/credentials/status", json=revoke, headers=registrar)
        assert changed.status_code == 200, changed.text


def test_deriving_needs_the_verify_scope(server: AuthServer) -> None:
    """Deriving signs nothing and changes nothing: it is authorized as verifying is."""
    body = {"verifiableCredential": server.credential("urn:uuid:no-base-proof")}
    with httpx.Client(base_url=server.url) as client:
        issuer_only = bearer(KEYS["registrar"])
        refused = client.post("/credentials/derive", json=body, headers=issuer_only)
        assert 'scope="verify"' in refused.headers["www-authenticate"]
        problem(refused, 403, "FORBIDDEN")
        allowed = client.post(
            "/credentials/derive", json=body, headers=bearer(server.token("verify"))
        )
        problem(allowed, 400, "PROOF_GENERATION_ERROR")


def test_open_verify_opens_verifying_and_deriving_only(tmp_path: Path) -> None:
    config = (
        '[[issuer]]\nname = "college"\nkey = "key.json"\n'
        f'[auth]\nopen_verify = true\napi_keys = [{{ id = "x", sha256 = "{sha256("x" * 20)}", '
        'scopes = ["issue:college"] }]\n'
    )
    key = vcler.generate_key("Ed25519")
    with serving(tmp_path, key, config) as url, httpx.Client() as client:
        credential = {"verifiableCredential": {"@context": [V2]}}
        problem(
            client.post(f"{url}/credentials/derive", json=credential), 400, "PROOF_GENERATION_ERROR"
        )
        assert client.post(f"{url}/credentials/verify", json=credential).status_code == 400
        assert client.post(f"{url}/challenges").status_code == 200
        issue = client.post(f"{url}/issuers/college/credentials/issue", json={"credential": {}})
        problem(issue, 401, "UNAUTHORIZED")


def test_open_verification_by_configuration(tmp_path: Path) -> None:
    folder = tmp_path
    data = {
        "base_url": "http://127.0.0.1:1",
        "auth": {"api_keys": [{"id": "x", "sha256": sha256("x"), "scopes": ["verify"]}]},
    }
    closed = Authenticator(parse_config(data, base_dir=folder).auth)
    with pytest.raises(Exception) as raised:
        closed.require(None, client="127.0.0.1", scope="verify")
    assert getattr(raised.value, "status", None) == 401
    data["auth"]["open_verify"] = True  # type: ignore[index]
    config = parse_config(data, base_dir=folder)
    assert config.auth is not None and config.auth.open_verify


def test_without_auth_only_loopback(tmp_path: Path) -> None:
    open_server = Authenticator(None)
    assert open_server.authenticate(None, client="127.0.0.1").unrestricted
    assert open_server.authenticate(None, client="::1").unrestricted
    with pytest.raises(Exception) as raised:
        open_server.authenticate(None, client="192.0.2.7")
    assert getattr(raised.value, "status", None) == 403
    config = parse_config({"base_url": "http://127.0.0.1:1"}, base_dir=tmp_path)
    with pytest.raises(ConfigError, match="loopback"):
        serve(config, host="0.0.0.0")


@pytest.mark.parametrize(
    "auth, message",
    [
        ({}, "needs api_keys, jwt or both"),
        ({"api_keys": [{"id": "x", "sha256": "00", "scopes": []}]}, "sha256"),
        (
            {"api_keys": [{"id": "x", "sha256": "0" * 64, "scopes": ["issue:nobody"]}]},
            "issue:nobody",
        ),
        ({"api_keys": [{"id": "x", "sha256": "0" * 64, "scopes": ["admin"]}]}, "'admin'"),
        ({"api_keys": [{"id": "x", "sha256": "0" * 64, "scopes": []}] * 2}, "its own id"),
        ({"jwt": {"issuer": IDP, "jwks": "j.json"}}, "auth.jwt.audience"),
        ({"open": True, "api_keys": []}, "unknown key(s) in auth: open"),
    ],
)
def test_auth_configuration_is_checked(auth: dict[str, Any], message: str) -> None:
    data = {"base_url": "https://x.example", "auth": auth}
    with pytest.raises(ConfigError) as raised:
        parse_config(data, base_dir="/srv")
    assert message in str(raised.value)


def test_an_unreadable_jwks_stops_the_server(tmp_path: Path) -> None:
    data = {
        "base_url": "https://x.example",
        "auth": {"jwt": {"issuer": IDP, "jwks": "jwks.json", "audience": "vcler"}},
    }
    config = parse_config(data, base_dir=tmp_path)
    with pytest.raises(ConfigError, match="cannot read"):
        Authenticator(config.auth)
    (tmp_path / "jwks.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ConfigError, match="not a JWK set"):
        Authenticator(config.auth)
