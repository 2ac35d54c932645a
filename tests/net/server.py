"""A real HTTPS server on 127.0.0.1 for the network tests, with a test CA made at test time.

The CA and the server certificate (SANs ``localhost`` and ``127.0.0.1``) are generated with
``cryptography`` into a temporary folder; nothing is committed. Routes are plain functions of the
request handler; every request is counted per path, and the TLS SNI names the server saw are
recorded.
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import ssl
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

Route = Callable[[BaseHTTPRequestHandler], None]


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def make_certificates(folder: Path) -> tuple[Path, Path, Path]:
    """``(ca.pem, server.pem, server.key)``: a test CA and a server certificate it signed."""
    now = datetime.datetime.now(datetime.timezone.utc)
    start, end = now - datetime.timedelta(hours=1), now + datetime.timedelta(days=1)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(_name("vcler test CA"))
        .issuer_name(_name("vcler test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    server_key = ec.generate_private_key(ec.SECP256R1())
    server_cert = (
        x509.CertificateBuilder()
        .subject_name(_name("localhost"))
        .issuer_name(ca_cert.subject)
        .public_key(server_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_path, cert_path, key_path = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca_path.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    cert_path.write_bytes(server_cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        server_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return ca_path, cert_path, key_path


@dataclass
class LocalServer:
    """The running server: its port, CA bundle, routes, hit counts and SNI names seen."""

    port: int
    ca_bundle: str
    routes: dict[str, Route] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    sni_names: list[str | None] = field(default_factory=list)

    def url(self, path: str, host: str = "localhost") -> str:
        return f"https://{host}:{self.port}{path}"

    @property
    def did(self) -> str:
        """The did:web DID of the server's root (``did:web:localhost%3A<port>``)."""
        return f"did:web:localhost%3A{self.port}"


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        self.server.state.hits[path] += 1
        route = self.server.state.routes.get(path)
        try:
            if route is None:
                send(self, 404, b"not found", content_type="text/plain")
            else:
                route(self)
        except (OSError, ssl.SSLError):
            pass  # the client went away (size cap, timeout): expected in these tests

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Room for many clients connecting at once (socketserver's default backlog is 5: the
    # rest would wait for SYN retransmissions, seconds, and a client's connect timeout).
    request_queue_size = 256
    state: LocalServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


def send(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes,
    *,
    content_type: str = "application/json",
    headers: dict[str, str] | None = None,
    length: bool = True,
) -> None:
    """Write a whole response."""
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    if length:
        handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def json_route(
    document: Any, *, status: int = 200, content_type: str = "application/json", **headers: str
) -> Route:
    """A route answering ``document`` as JSON."""
    body = json.dumps(document).encode()
    header_map = {name.replace("_", "-"): value for name, value in headers.items()}
    return lambda h: send(h, status, body, content_type=content_type, headers=header_map)


def raw_route(body: bytes, *, content_type: str = "application/json") -> Route:
    return lambda h: send(h, 200, body, content_type=content_type)


def redirect_route(location: str, status: int = 302) -> Route:
    return lambda h: send(h, status, b"", headers={"Location": location})


def slow_route(seconds: float, document: Any) -> Route:
    body = json.dumps(document).encode()

    def route(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        send(handler, 200, body)

    return route


def stalled_route(release: threading.Event, document: Any, *, limit: float = 30.0) -> Route:
    """A route that answers only once ``release`` is set (or after ``limit`` seconds).

    A client's read timeout fires before it answers however loaded the machine is, as long as
    the test sets ``release`` only after the timeout.
    """
    body = json.dumps(document).encode()

    def route(handler: BaseHTTPRequestHandler) -> None:
        release.wait(limit)
        send(handler, 200, body)

    return route


def huge_route(size: int, *, declare_length: bool, pause: float = 0.0) -> Route:
    """A route streaming ``size`` bytes (declared in Content-Length or not).

    With ``pause``, it waits that many seconds before each 64 KiB chunk, as a loaded server
    (or a loaded test machine) does.
    """
    chunk = b" " * 65536

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        if declare_length:
            handler.send_header("Content-Length", str(size))
        handler.end_headers()
        handler.wfile.write(b"[")
        sent = 1
        while sent < size:
            time.sleep(pause)
            handler.wfile.write(chunk)
            sent += len(chunk)

    return route


@pytest.fixture(scope="session")
def https_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    """A threaded HTTPS server on 127.0.0.1 (HTTP/1.0: every response closes its connection)."""
    ca_path, cert_path, key_path = make_certificates(tmp_path_factory.mktemp("tls"))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    server = _Server(("127.0.0.1", 0), _Handler)
    state = LocalServer(port=server.server_address[1], ca_bundle=str(ca_path))

    def remember_sni(sock: Any, name: str | None, ctx: Any) -> None:
        state.sni_names.append(name)

    context.sni_callback = remember_sni
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.state = state
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
