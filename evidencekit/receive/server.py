"""The HTTPS endpoint a LocalSend sender talks to, bound to one local address.

Routes (LocalSend protocol v2): `register` and `info` say who we are (and the v1 `info`, which
is how the official app looks up an address or scans the subnet); `prepare-upload?pin=`
asks to send files and gets a session id and one token per file; `upload?sessionId&fileId&token`
streams one file into the vault; `cancel?sessionId` stops the transfer. Multicast discovery is
not used: announcing "an evidence vault is listening here" to the whole network is itself a
disclosure. The phone finds us by the address shown (or by LocalSend's own scan, which asks
`GET /api/localsend/v1/info` of each address of its subnet on its own port).

Each connection is handled in its own thread, with the TLS handshake done there (a slow client
cannot hold the accepting loop), a read timeout, and a cap on simultaneous connections.
"""

from __future__ import annotations

import io
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import IO, Any, cast
from urllib.parse import parse_qs, urlsplit

import sqlcipher3

from evidencekit.core import readonly
from evidencekit.core.vault import Vault
from evidencekit.receive.address import check_listen_address, is_local
from evidencekit.receive.body import ChunkedBody, LengthBody, Prefetch
from evidencekit.receive.protocol import (
    API,
    API_V1,
    MAX_JSON_BODY,
    ProtocolError,
    ReceiverInfo,
    device_info,
    neutral_alias,
    parse_json,
    prepare_request,
)
from evidencekit.receive.session import Arrival, ReceiveSession, Refusal
from evidencekit.receive.tlscert import SessionCertificate, make_certificate
from evidencekit.receive.vault_intake import receive_upload

READ_TIMEOUT = 60.0
MAX_CONNECTIONS = 16
# A request's line, headers and JSON body must all arrive within this; each read has its own
# READ_TIMEOUT, so a sender trickling a byte a minute would otherwise hold a slot for ever.
# An upload's body is not bound by it (a phone on slow Wi-Fi), only by READ_TIMEOUT per read.
REQUEST_DEADLINE = 30.0


class _Handler(BaseHTTPRequestHandler):
    server: Receiver
    protocol_version = "HTTP/1.1"
    server_version = "LocalSend"  # the Server header must not name an evidence app either
    sys_version = ""
    # Headers and body leave in two TLS records: with Nagle's algorithm the second waits for the
    # phone's delayed ACK, about 40 ms on every answer (measured: docs/benchmarks.md).
    disable_nagle_algorithm = True

    def setup(self) -> None:
        self.request.settimeout(READ_TIMEOUT)
        self.request.do_handshake()
        super().setup()

    def handle_one_request(self) -> None:
        watchdog = threading.Timer(REQUEST_DEADLINE, self._cut_off)
        watchdog.daemon = True
        self._watchdog = watchdog
        watchdog.start()
        try:
            super().handle_one_request()
        finally:
            watchdog.cancel()

    def _cut_off(self) -> None:
        try:
            self.request.shutdown(socket.SHUT_RDWR)  # the handler's read ends; the slot frees
        except OSError:
            pass

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Requests are not printed: the session's events say what matters."""

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        self._dispatch("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        peer = str(self.client_address[0])
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        route = _route(method, url.path)
        try:
            if not is_local(peer):
                raise Refusal(403, "only devices on the local network may send")
            if route in ("register", "info"):
                if method == "POST":
                    device_info(parse_json(self._small_body()))  # a malformed one is refused
                self._answer(200, self.server.info.to_json())
            elif route == "prepare-upload" and method == "POST":
                self._prepare(query, peer)
            elif route == "upload" and method == "POST":
                self._upload(query, peer)
            elif route == "cancel" and method == "POST":
                self.server.session.cancel(query.get("sessionId", ""), peer)
                self._answer(200, None)
            else:
                self._answer(404, {"message": "not found"})
        except Refusal as exc:
            self.close_connection = True  # a body left unread must not be read as a request
            self._answer(exc.status, {"message": str(exc)})
        except ProtocolError as exc:
            self.close_connection = True
            self._answer(400, {"message": str(exc)})

    def _small_body(self) -> bytes:
        length = self._length()
        if length is None or length > MAX_JSON_BODY:
            self.close_connection = True
            raise ProtocolError("the request body is missing or too large")
        return self.rfile.read(length)

    def _length(self) -> int | None:
        value = self.headers.get("Content-Length")
        if value is None:
            return None
        try:
            length = int(value)
        except ValueError:
            raise ProtocolError("bad Content-Length") from None
        if length < 0:
            raise ProtocolError("bad Content-Length")
        return length

    def _prepare(self, query: dict[str, str], peer: str) -> None:
        sender, offers = prepare_request(self._small_body())
        transfer = self.server.session.prepare(sender, offers, query.get("pin"), peer)
        self._answer(200, {"sessionId": transfer.session_id, "files": transfer.tokens})

    def _upload(self, query: dict[str, str], peer: str) -> None:
        missing = [k for k in ("sessionId", "fileId", "token") if not query.get(k)]
        if missing:
            self.close_connection = True
            raise ProtocolError("missing parameters: " + ", ".join(missing))
        session = self.server.session
        transfer, offer = session.claim(query["sessionId"], query["fileId"], query["token"],
                                        peer)
        self._watchdog.cancel()  # a valid token: the body may take as long as the file needs
        try:
            body = self._upload_body(offer.size)
            arrival = Arrival(offer.name, offer.size, transfer.sender.alias, "receiving")
            session.emit("progress", arrival)

            def progress(done: int) -> None:
                arrival.received = done
                session.emit("progress", arrival)

            with Prefetch(body) as ahead:
                arrival = receive_upload(self.server.vault, session.case, transfer, offer,
                                         cast(IO[bytes], ahead),
                                         receiver_fingerprint=self.server.fingerprint,
                                         progress=progress)
        finally:
            session.release(transfer)
        session.add_arrival(arrival)
        if arrival.status in ("imported", "duplicate"):
            self._answer(200, None)
        else:
            self.close_connection = True  # the rest of a refused body is not read
            status = 409 if arrival.status == "cancelled" else 400
            self._answer(status, {"message": arrival.message})

    def _upload_body(self, size: int) -> io.RawIOBase:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return ChunkedBody(self.rfile, size)
        length = self._length()
        if length is not None and length != size:
            self.close_connection = True
            raise ProtocolError("the body's length is not the size announced")
        return LengthBody(self.rfile, size)

    def _answer(self, status: int, payload: object) -> None:
        body = b"" if payload is None else json.dumps(payload).encode()
        try:
            self.send_response(status)
            if body:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            self.close_connection = True  # the sender has gone; nothing more to tell it


def _route(method: str, path: str) -> str:
    """The v2 route named by the path; of v1, only the GET `info` the app looks us up with.

    Our answer says version "2.1", after which the app sends through the v2 routes only: the
    v1 transfer routes (`send-request`, `send`) are not served.
    """
    if path.startswith(API):
        return path[len(API):]
    if method == "GET" and path == API_V1 + "info":
        return "info"
    return ""


class Receiver(ThreadingHTTPServer):
    """The server for one session; `start()` runs it in a thread, `stop()` ends both."""

    daemon_threads = True
    request_queue_size = 8

    def __init__(self, vault: Vault, session: ReceiveSession, *, address: str = "127.0.0.1",
                 port: int = 53317, alias: str | None = None,
                 certificate: SessionCertificate | None = None) -> None:
        if vault.read_only:
            # A full disk opened the vault read-only: refuse before any socket is opened,
            # rather than take the phone's files only to refuse each one.
            raise readonly.refusal()
        self.address_family = socket.AF_INET6 if ":" in address else socket.AF_INET
        super().__init__((check_listen_address(address), port), _Handler)
        self.vault = vault
        self.session = session
        self.certificate = certificate or make_certificate()
        self.fingerprint = self.certificate.fingerprint
        self.info = ReceiverInfo(alias or neutral_alias(), self.fingerprint,
                                 self.server_address[1])
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self._thread: threading.Thread | None = None
        self.closed = threading.Event()
        self._autocheckpoint: int | None = None
        session.listen(lambda event, _payload: self._ended() if event == "ended" else None)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def get_request(self) -> tuple[Any, Any]:
        sock, addr = self.socket.accept()
        # The handshake happens in the connection's own thread (see _Handler.setup).
        wrapped = self.certificate.context.wrap_socket(sock, server_side=True,
                                                       do_handshake_on_connect=False)
        return wrapped, addr

    def verify_request(self, request: Any, client_address: Any) -> bool:
        if not is_local(str(client_address[0])) or not self._slots.acquire(blocking=False):
            return False
        return True

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A failed handshake or a dropped connection concerns that client only."""

    def start(self) -> None:
        self._defer_checkpoints()
        self._thread = threading.Thread(target=self.serve_forever, name="receiver",
                                        kwargs={"poll_interval": 0.2}, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """End the session (an upload in progress keeps nothing) and close the socket."""
        self.session.stop()
        self.closed.wait(timeout)

    def _ended(self) -> None:
        # Called from whichever thread ended the session; shutdown() waits for the loop,
        # so it runs in its own thread (the loop may be the caller).
        threading.Thread(target=self._close, daemon=True).start()

    def _close(self) -> None:
        if self._thread is not None:
            self.shutdown()
        self.server_close()
        self._checkpoint_now()
        self.closed.set()

    # SQLite copies the write-ahead log into the database file (a "checkpoint") after a commit
    # that made the log large: for a 2 GB video, a second full write while the phone waits for
    # its answer (measured: half of the transfer's time; docs/benchmarks.md). Each file is
    # durable at its commit all the same (synchronous=FULL fsyncs the log), so during a
    # session the copy waits, and is done once when the session ends.
    def _defer_checkpoints(self) -> None:
        with self.vault.lock:
            self._autocheckpoint = int(
                self.vault.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
            self.vault.conn.execute("PRAGMA wal_autocheckpoint = 0")

    def _checkpoint_now(self) -> None:
        with self.vault.lock:
            if not self.vault.is_open or self._autocheckpoint is None:
                return  # a locked vault was checkpointed when it closed
            conn = self.vault.conn
            conn.execute(f"PRAGMA wal_autocheckpoint = {self._autocheckpoint}")
            self._autocheckpoint = None
            try:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            except sqlcipher3.DatabaseError:
                pass  # busy: SQLite checkpoints at the next commit or when the vault locks
