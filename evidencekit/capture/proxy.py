"""The recording proxy: HTTP and HTTPS (CONNECT) on 127.0.0.1, every exchange kept in memory.

The browser child is the only intended client (it is told the port; the proxy listens on the
loopback interface only and refuses any other peer). HTTPS tunnels are opened with a certificate
signed by the capture's own authority, so the proxy reads the traffic the browser sends and
fetches it itself from the real server (upstream.py), whose certificate it checks and records.
"""

from __future__ import annotations

import socket
import ssl
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from evidencekit.capture.authority import CaptureAuthority
from evidencekit.capture.exchange import Exchange
from evidencekit.capture.upstream import HOP_BY_HOP, Upstream

MAX_REQUEST_BODY = 50 * 1024 * 1024
MAX_EXCHANGES = 20000


def now_ms() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class _Handler(BaseHTTPRequestHandler):
    server: RecordingProxy
    protocol_version = "HTTP/1.1"
    tunnel: tuple[str, int] | None = None

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib's name
        """Quiet: what matters is recorded as exchanges, not printed."""

    def do_CONNECT(self) -> None:  # noqa: N802 - http.server's naming
        host, _, port_text = self.path.rpartition(":")
        host = host.strip("[]")
        try:
            port = int(port_text)
        except ValueError:
            self.send_error(400)
            return
        self.send_response(200, "Connection established")
        self.end_headers()
        self.wfile.flush()
        try:
            tls = self.server.authority.server_context(host).wrap_socket(
                self.connection, server_side=True)
        except (ssl.SSLError, OSError):
            self.close_connection = True
            return
        self.connection = tls
        self.rfile = tls.makefile("rb", -1)
        self.wfile = tls.makefile("wb", 0)  # type: ignore[assignment]
        self.tunnel = (host, port)
        self.close_connection = False
        while not self.close_connection:
            self.handle_one_request()

    def _forward(self) -> None:
        if self.tunnel is not None:
            host, port = self.tunnel
            scheme = "https"
            target = self.path
            authority = host if port == 443 else f"{host}:{port}"
        else:
            parts = urlsplit(self.path)
            if parts.scheme != "http" or not parts.hostname:
                self.send_error(400)
                return
            scheme, host, port = "http", parts.hostname, parts.port or 80
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            authority = parts.netloc
        url = f"{scheme}://{authority}{target}"
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_REQUEST_BODY:
            self.send_error(413)
            return
        body = self.rfile.read(length) if length > 0 else b""
        headers = [(k, v) for k, v in self.headers.items()]
        exchange = Exchange(self.command, url, headers, body, now_ms(),
                            http_version=self.request_version)
        try:
            answer = self.server.upstream.fetch(self.command, scheme, host, port, target,
                                                headers, body)
        except (OSError, ssl.SSLError, ValueError) as exc:
            exchange.error = f"{type(exc).__name__}: {exc}"
            self.server.record(exchange)
            self.send_error(502, "capture proxy: the server could not be reached")
            return
        exchange.status, exchange.reason = answer.status, answer.reason
        exchange.http_version = answer.version
        exchange.response_headers = answer.headers
        exchange.response_body = answer.body
        exchange.ip = answer.ip
        self.server.record(exchange)
        self.send_response_only(answer.status, answer.reason)
        for name, value in answer.headers:
            if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _forward


class RecordingProxy(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, authority: CaptureAuthority, upstream: Upstream) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.authority = authority
        self.upstream = upstream
        self.exchanges: list[Exchange] = []
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def verify_request(self, request: Any, client_address: Any) -> bool:
        # Bound to 127.0.0.1 already; refuse anything else anyway (defence in depth).
        return bool(str(client_address[0]).startswith("127."))

    def record(self, exchange: Exchange) -> None:
        with self._lock:
            if len(self.exchanges) < MAX_EXCHANGES:
                self.exchanges.append(exchange)

    def snapshot(self) -> list[Exchange]:
        with self._lock:
            return list(self.exchanges)

    def start(self) -> None:
        self._thread = threading.Thread(target=self.serve_forever, name="capture-proxy",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


def free_loopback() -> bool:
    """True if a socket can listen on 127.0.0.1 (a locked-down sandbox may forbid it)."""
    try:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
    except OSError:
        return False
    return True
