"""A small HTTPS web site on 127.0.0.1 with its own CA, written by the tests.

It serves a redirect (/ -> /page), a page with two images (one from `localhost`, one from
`127.0.0.1`, two hosts for the proxy), a meta publication date, and a login form whose POST sets a
cookie and opens /private.
"""

from __future__ import annotations

import datetime as dt
import io
import ipaddress
import secrets
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from PIL import Image

PUBLISHED = "2026-11-02T08:30:00+00:00"


def _png(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, "PNG")
    return out.getvalue()


def make_ca(folder: Path, name: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                         content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False,
                                         encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    path = folder / f"{name.replace(' ', '-')}.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key, cert, path


class LocalSite:
    """Start with `with LocalSite(tmp_path) as site:`; `site.url` is https://localhost:PORT/."""

    def __init__(self, folder: Path, *, trusted: bool = True) -> None:
        self.folder = folder
        ca_key, ca_cert, self.ca_file = make_ca(folder, "LocalSite Test CA")
        if not trusted:
            # Signed by a second CA the capture is not told about: a certificate that fails.
            ca_key, ca_cert, _ = make_ca(folder, "Unknown Rogue CA")
        key = ec.generate_private_key(ec.SECP256R1())
        now = dt.datetime.now(dt.UTC)
        self.certificate = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
            .issuer_name(ca_cert.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .sign(ca_key, hashes.SHA256()))
        self.ca_certificate = ca_cert
        pem = folder / "server.pem"
        pem.write_bytes(self.certificate.public_bytes(serialization.Encoding.PEM)
                        + ca_cert.public_bytes(serialization.Encoding.PEM)
                        + key.private_bytes(serialization.Encoding.PEM,
                                            serialization.PrivateFormat.PKCS8,
                                            serialization.NoEncryption()))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(pem)
        self.requests: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self.server.daemon_threads = True
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = int(self.server.server_address[1])
        self.url = f"https://localhost:{self.port}/"
        # The session a login opens: random, so that a search of the record's bytes for it
        # finds only a leak, never a coincidence.
        self.session = secrets.token_hex(16)
        self.posted: list[bytes] = []
        self.red = _png((200, 30, 30))
        self.blue = _png((30, 30, 200))

    def __enter__(self) -> LocalSite:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def _make_handler(site: LocalSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

        def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802
            site.requests.append(self.path)
            if self.path == "/":
                self._send(302, b"", "text/plain", {"Location": "/page"})
            elif self.path == "/page":
                html = (f"<!doctype html><html><head><title>Harassing post</title>"
                        f"<meta property='article:published_time' content='{PUBLISHED}'></head>"
                        f"<body><h1>Public post</h1><p>You will regret it.</p>"
                        f"<img src='/img/red.png' width=40 height=30>"
                        f"<img src='https://127.0.0.1:{site.port}/img/blue.png'>"
                        f"<form method=post action='/login'><input name=user>"
                        f"<input name=password type=password><button>Log in</button></form>"
                        f"<div style='height:1800px'></div><p>end of page</p></body></html>")
                self._send(200, html.encode(), "text/html; charset=utf-8",
                           {"X-Site": "local-test"})
            elif self.path == "/img/red.png":
                self._send(200, site.red, "image/png")
            elif self.path == "/img/blue.png":
                self._send(200, site.blue, "image/png")
            elif self.path == "/hang":
                self._send(200, b"<html><body><p>Still loading</p><img src='/never.png'>"
                           b"</body></html>", "text/html")
            elif self.path == "/challenge":
                # A bot check as some hosts put before the content (Cloudflare answers 403 or
                # 503 with a page the user must act on).
                self._send(403, b"<html><body><p>Checking your browser</p></body></html>",
                           "text/html")
            elif self.path == "/never.png":
                time.sleep(20)  # an image that never comes: the page never finishes loading
                self._send(200, site.red, "image/png")
            elif self.path == "/private":
                if f"session={site.session}" in (self.headers.get("Cookie") or ""):
                    # The page's own API call, as social sites make them: a POST with a JSON
                    # body and the session as a bearer token (read from the cookie).
                    script = (b"<script>fetch('/api/feed',{method:'POST',headers:{"
                              b"'Content-Type':'application/json','Authorization':'Bearer '+"
                              b"document.cookie.split('session=')[1]},body:'{\"page\":1}'})"
                              b".then(r=>r.text()).then(t=>{document.getElementById('feed')"
                              b".textContent=t})</script>")
                    self._send(200, b"<html><head><title>Members</title></head><body>"
                               b"<p>Members-only message</p><p id=feed></p>" + script
                               + b"</body></html>", "text/html")
                else:
                    self._send(302, b"", "text/plain", {"Location": "/page"})
            else:
                self._send(404, b"not found", "text/plain")

        def do_POST(self) -> None:  # noqa: N802
            site.requests.append("POST " + self.path)
            length = int(self.headers.get("Content-Length") or 0)
            site.posted.append(self.rfile.read(length))
            if self.path == "/api/feed":
                if self.headers.get("Authorization") == f"Bearer {site.session}":
                    self._send(200, b"Feed: the threat posted at 21:05", "text/plain")
                else:
                    self._send(401, b"no session", "text/plain")
                return
            self._send(303, b"", "text/plain", {"Location": "/private",
                                                "Set-Cookie": f"session={site.session}; "
                                                              "Path=/; Secure"})

    return Handler
