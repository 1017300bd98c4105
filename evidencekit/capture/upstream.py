"""The proxy's side towards the real server: verified TLS, the presented chain, the address.

Each HTTPS host is first probed once: the TLS handshake is checked against the trust store
(certifi's Mozilla roots, or a CA file given for tests) with the host name, and the chain the
server presented is recorded as it was sent, whether it verified or not. A certificate that does
not verify is never silently accepted: the capture continues (what a harasser's site shows is the
evidence) but the failure is recorded and flagged in the capture and in the dossier.
"""

from __future__ import annotations

import http.client
import select
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import certifi
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from OpenSSL import SSL

from evidencekit.capture.exchange import Headers

TIMEOUT = 30.0
MAX_BODY = 200 * 1024 * 1024
# Hop-by-hop headers (RFC 9110 §7.6.1) are the proxy's business, never forwarded.
HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-connection", "proxy-authorization",
                        "proxy-authenticate", "te", "trailer", "transfer-encoding", "upgrade"})


@dataclass
class ServerFacts:
    """What one server (host, port) showed of itself."""

    host: str
    port: int
    ip: str = ""
    chain_der: list[bytes] = field(default_factory=list)
    verified: bool = False
    error: str = ""  # why the certificate did not verify, "" when it did (or plain HTTP)
    tls_version: str = ""

    def to_json(self) -> dict[str, Any]:
        certs = []
        for der in self.chain_der:
            cert = x509.load_der_x509_certificate(der)
            certs.append({"subject": cert.subject.rfc4514_string(),
                          "issuer": cert.issuer.rfc4514_string(),
                          "serial": format(cert.serial_number, "x"),
                          "not_before": cert.not_valid_before_utc.isoformat(),
                          "not_after": cert.not_valid_after_utc.isoformat(),
                          "sha256": cert.fingerprint(hashes.SHA256()).hex()})
        return {"host": self.host, "port": self.port, "ip": self.ip, "verified": self.verified,
                "error": self.error, "tls_version": self.tls_version, "chain": certs}

    def pem(self) -> bytes:
        return b"".join(x509.load_der_x509_certificate(d).public_bytes(
            serialization.Encoding.PEM) for d in self.chain_der)


@dataclass
class Response:
    status: int
    reason: str
    version: str
    headers: Headers
    body: bytes
    ip: str


class Upstream:
    """Fetches for the proxy and remembers each server's certificate facts."""

    def __init__(self, cafile: str | None = None, timeout: float = TIMEOUT) -> None:
        self.cafile = cafile or certifi.where()
        self.timeout = timeout
        self.servers: dict[tuple[str, int], ServerFacts] = {}
        self._lock = threading.Lock()
        self._verified = ssl.create_default_context(cafile=self.cafile)
        self._unverified = ssl.create_default_context(cafile=self.cafile)
        self._unverified.check_hostname = False
        self._unverified.verify_mode = ssl.CERT_NONE
        for context in (self._verified, self._unverified):
            context.set_alpn_protocols(["http/1.1"])

    def server(self, scheme: str, host: str, port: int) -> ServerFacts:
        key = (host, port)
        with self._lock:
            known = self.servers.get(key)
        if known is not None:
            return known
        facts = self._probe(host, port) if scheme == "https" else self._resolve(host, port)
        with self._lock:
            return self.servers.setdefault(key, facts)

    def _resolve(self, host: str, port: int) -> ServerFacts:
        with socket.create_connection((host, port), timeout=self.timeout) as sock:
            return ServerFacts(host, port, ip=str(sock.getpeername()[0]), verified=False)

    def _probe(self, host: str, port: int) -> ServerFacts:
        facts = ServerFacts(host, port)
        with socket.create_connection((host, port), timeout=self.timeout) as sock:
            facts.ip = str(sock.getpeername()[0])
            try:
                with self._verified.wrap_socket(sock, server_hostname=host) as tls:
                    facts.verified = True
                    facts.tls_version = tls.version() or ""
            except ssl.SSLCertVerificationError as exc:
                facts.error = exc.verify_message or str(exc)
            except ssl.SSLError as exc:
                facts.error = exc.reason or str(exc)
        facts.chain_der = self._presented_chain(host, port)
        return facts

    def _presented_chain(self, host: str, port: int) -> list[bytes]:
        # Python's ssl (3.11) gives only the leaf; pyOpenSSL gives the chain as presented.
        context = SSL.Context(SSL.TLS_CLIENT_METHOD)
        context.set_verify(SSL.VERIFY_NONE, lambda *args: True)
        with socket.create_connection((host, port), timeout=self.timeout) as sock:
            conn = SSL.Connection(context, sock)
            if not _is_ip(host):
                conn.set_tlsext_host_name(host.encode("idna"))
            conn.set_connect_state()
            if not _handshake(conn, sock, self.timeout):
                return []
            chain = conn.get_peer_cert_chain(as_cryptography=True) or []
            return [c.public_bytes(serialization.Encoding.DER) for c in chain]

    def fetch(self, method: str, scheme: str, host: str, port: int, target: str,
              headers: Headers, body: bytes) -> Response:
        facts = self.server(scheme, host, port)
        conn: http.client.HTTPConnection
        if scheme == "https":
            context = self._verified if facts.verified else self._unverified
            conn = http.client.HTTPSConnection(host, port, timeout=self.timeout,
                                               context=context)
        else:
            conn = http.client.HTTPConnection(host, port, timeout=self.timeout)
        try:
            conn.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
            for name, value in headers:
                if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                    conn.putheader(name, value)
            if body or method in ("POST", "PUT", "PATCH"):
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body or None)
            answer = conn.getresponse()
            ip = str(conn.sock.getpeername()[0]) if conn.sock else facts.ip
            data = answer.read(MAX_BODY + 1)
            if len(data) > MAX_BODY:
                raise OSError(f"response larger than {MAX_BODY} bytes")
            version = {10: "HTTP/1.0", 11: "HTTP/1.1"}.get(answer.version, "HTTP/1.1")
            return Response(answer.status, answer.reason, version,
                            [(k, v) for k, v in answer.getheaders()], data, ip)
        finally:
            conn.close()


def _handshake(conn: SSL.Connection, sock: socket.socket, timeout: float) -> bool:
    # A socket with a timeout is non-blocking underneath: pyOpenSSL then asks to be called again.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn.do_handshake()
            return True
        except SSL.WantReadError:
            select.select([sock], [], [], max(0.0, deadline - time.monotonic()))
        except SSL.WantWriteError:
            select.select([], [sock], [], max(0.0, deadline - time.monotonic()))
        except SSL.Error:
            return False
    return False


def _is_ip(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
