"""What someone else on the network might try during a session, and that nothing received is
ever written in clear outside the vault."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

from evidencekit.core.vault import Vault
from evidencekit.receive.server import MAX_CONNECTIONS, Receiver
from tests.receive.sender import Sender
from tests.test_leaks import forms


def test_a_connection_that_never_speaks_does_not_hold_up_the_phone(
        sender: Sender, receiver: Receiver) -> None:
    silent = [socket.create_connection(("127.0.0.1", receiver.port)) for _ in range(3)]
    try:
        start = time.monotonic()
        assert sender.register().status == 200  # the TLS handshakes wait in their own threads
        assert time.monotonic() - start < 5
    finally:
        for s in silent:
            s.close()


def test_a_flood_of_connections_is_capped_and_the_receiver_recovers(
        sender: Sender, receiver: Receiver) -> None:
    flood = [socket.create_connection(("127.0.0.1", receiver.port))
             for _ in range(MAX_CONNECTIONS + 8)]
    time.sleep(0.5)
    for s in flood:
        s.close()
    deadline = time.monotonic() + 10
    while True:  # the slots free as the silent handshakes fail on the closed sockets
        try:
            assert sender.register().status == 200
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_nothing_received_is_written_in_clear_outside_the_vault(
        sender: Sender, receiver: Receiver, vault: Vault, tmp_path: Path) -> None:
    marker = "RECEIVED-" + os.urandom(6).hex() + " tu vas le regretter"
    body = (marker + "\n").encode() * 300
    assert [r.status for r in sender.send(receiver.session.pin, {"menace.txt": body})] == [200]
    receiver.stop()
    vault.close()
    # The vault and the test's folders, and HOME (the shared /tmp of this machine holds other
    # programs' files; the receiver uses no temporary file at all, see test_tlscert.py).
    roots = {tmp_path, Path(os.environ["HOME"])}
    found = []
    for root in roots:
        for path in root.rglob("*"):
            if not path.is_file() or path.is_symlink():
                continue
            try:
                data = path.read_bytes()
            except OSError:
                continue
            found += [f"{path} ({name})" for name, form in forms(marker).items() if form in data]
    assert found == []


def test_a_sender_trickling_its_request_is_cut_off(receiver: Receiver, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Slowloris: one byte now and then keeps each read within its timeout, and a slot for ever.
    import ssl

    from evidencekit.receive import server

    monkeypatch.setattr(server, "REQUEST_DEADLINE", 1.0)
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    raw = socket.create_connection(("127.0.0.1", receiver.port))
    conn = context.wrap_socket(raw)
    conn.settimeout(1.0)
    start = time.monotonic()
    cut = False
    try:
        for byte in b"GET /api/localsend/v2/info HTTP/1.1\r\nX-Slow: " + b"a" * 40:
            conn.sendall(bytes([byte]))
            time.sleep(0.15)
            if time.monotonic() - start > 6:
                break
    except OSError:
        cut = True
    if not cut:
        try:
            cut = conn.recv(1) == b""
        except TimeoutError:
            cut = False  # still open, still holding a slot
        except OSError:
            cut = True
    conn.close()
    assert cut and time.monotonic() - start < 6
