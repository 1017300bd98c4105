"""The LocalSend v2 exchange against the real receiver and vault: what is kept, what is not."""

from __future__ import annotations

import io
import json
import threading
import time
import zipfile

import pytest

from evidencekit.core import sealed
from evidencekit.core.blobreader import open_reader
from evidencekit.core.vault import Vault
from evidencekit.receive.server import Receiver
from tests.receive.sender import PHONE, FingerprintMismatch, Sender, generated, offer


def _items(vault: Vault) -> int:
    return int(vault.conn.execute("SELECT count(*) FROM originals").fetchone()[0])


def _custody(vault: Vault, action: str) -> list[dict[str, object]]:
    return [e.detail for e in vault.custody.entries() if e.action == action]


def test_register_answers_who_we_are(sender: Sender, receiver: Receiver) -> None:
    reply = sender.register()
    assert reply.status == 200
    info = reply.json()
    assert info["fingerprint"] == receiver.fingerprint.upper()  # as LocalSend writes its own
    assert info["protocol"] == "https" and info["version"].startswith("2.")
    assert info["deviceType"] == "desktop"
    # Anyone on the network may ask during a session: nothing says "evidence".
    assert "evidence" not in json.dumps(info).lower()
    conn = sender._connect()
    conn.request("GET", "/api/localsend/v2/info")
    response = conn.getresponse()
    assert "evidence" not in str(response.headers).lower()
    conn.close()


def test_a_file_arrives_in_the_vault_with_the_sender_in_the_log(
        sender: Sender, receiver: Receiver, vault: Vault) -> None:
    data = b"%PDF-1.4 a court summons\n" * 1000
    replies = sender.send(receiver.session.pin, {"convocation.pdf": data})
    assert [r.status for r in replies] == [200]
    arrival = receiver.session.arrivals[0]
    assert arrival.status == "imported" and arrival.item_id is not None
    with open_reader(vault.conn, arrival.item_id) as reader:
        assert reader.read() == data
    logged = _custody(vault, "received-from-device")
    assert len(logged) == 1
    entry = logged[0]
    assert entry["sender_alias"] == PHONE["alias"]
    assert entry["sender_device_model"] == "Pixel 7"
    assert entry["sender_fingerprint"] == PHONE["fingerprint"]
    assert entry["receiver_fingerprint"] == receiver.fingerprint
    assert entry["sender_address"] == "127.0.0.1"
    case = vault.conn.execute(
        "SELECT c.name FROM imports i JOIN cases c ON c.id = i.case_id WHERE i.item_id = ?",
        (arrival.item_id,)).fetchone()[0]
    assert case == "Phone"


def test_a_chunked_upload_is_received_too(sender: Sender, receiver: Receiver,
                                          vault: Vault) -> None:
    data = bytes(range(256)) * 5000
    prepared = sender.prepare({"a": offer("a", "capture.bin", data)}, receiver.session.pin)
    answer = prepared.json()
    # No Content-Length: http.client sends the iterable with Transfer-Encoding: chunked.
    reply = sender.request("POST", f"upload?sessionId={answer['sessionId']}&fileId=a"
                                   f"&token={answer['files']['a']}",
                           iter([data[:100_000], data[100_000:]]))
    assert reply.status == 200
    assert _items(vault) == 1


def test_a_whatsapp_export_sent_from_the_phone_becomes_a_conversation(
        sender: Sender, receiver: Receiver, vault: Vault) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("WhatsApp Chat with Karim.txt",
                    "12/03/2024, 21:14 - Karim: tu vas le regretter\n"
                    "12/03/2024, 21:15 - Lina: arrête\n")
    replies = sender.send(receiver.session.pin, {"WhatsApp Chat with Karim.zip":
                                                 buffer.getvalue()})
    assert replies[0].status == 200
    texts = [r[0] for r in vault.conn.execute("SELECT text FROM messages ORDER BY id")]
    assert texts == ["tu vas le regretter", "arrête"]


def test_a_wrong_pin_is_refused_and_the_third_ends_the_session(
        sender: Sender, receiver: Receiver, vault: Vault) -> None:
    files = {"x": offer("x", "x.txt", b"hello")}
    # LocalSend's first request carries no PIN; it asks the user for one on 401. Not a guess.
    for _ in range(4):
        assert sender.prepare(files, None).status == 401
    assert receiver.session.wrong_pins == 0
    assert sender.prepare(files, "000000" if receiver.session.pin != "000000" else "111111"
                          ).status == 401
    assert sender.prepare(files, "").status == 401
    third = sender.prepare(files, "12345")
    assert third.status == 403
    assert not receiver.session.is_open and "three wrong PINs" in str(receiver.session.ended)
    assert receiver.closed.wait(10)
    # The right PIN no longer opens anything: the socket is closed.
    with pytest.raises(ConnectionRefusedError):
        sender.prepare(files, receiver.session.pin)
    assert _items(vault) == 0


def test_a_hash_mismatch_keeps_nothing_and_is_logged(sender: Sender, receiver: Receiver,
                                                     vault: Vault) -> None:
    data = b"the photo as the phone has it" * 100
    lie = offer("p", "photo.jpg", b"something else")
    lie["size"] = len(data)
    answer = sender.prepare({"p": lie}, receiver.session.pin).json()
    reply = sender.upload(answer["sessionId"], "p", answer["files"]["p"], [data], len(data))
    assert reply.status == 400
    assert "do not match the SHA-256" in reply.json()["message"]
    assert _items(vault) == 0
    assert vault.conn.execute("SELECT count(*) FROM chunks").fetchone()[0] == 0
    refused = _custody(vault, "receive-refused")
    assert len(refused) == 1 and refused[0]["source_name"] == "photo.jpg"
    assert refused[0]["sender_alias"] == PHONE["alias"]


def test_a_short_body_keeps_nothing(sender: Sender, receiver: Receiver, vault: Vault) -> None:
    data = b"z" * 50_000
    answer = sender.prepare({"p": offer("p", "v.mp4", data)}, receiver.session.pin).json()
    conn = sender._connect()
    url = (f"/api/localsend/v2/upload?sessionId={answer['sessionId']}&fileId=p"
           f"&token={answer['files']['p']}")
    conn.putrequest("POST", url)
    conn.putheader("Content-Length", str(len(data)))
    conn.endheaders()
    conn.send(data[:20_000])
    conn.close()  # the phone left the Wi-Fi in the middle of the file
    deadline = time.monotonic() + 20
    while not receiver.session.arrivals and time.monotonic() < deadline:
        time.sleep(0.05)
    arrival = receiver.session.arrivals[0]
    assert arrival.status == "refused"
    assert "20000 of the 50000 bytes" in arrival.message
    assert _items(vault) == 0
    assert vault.conn.execute("SELECT count(*) FROM chunks").fetchone()[0] == 0


def test_tokens_are_per_file_single_use_and_checked(sender: Sender, receiver: Receiver,
                                                    vault: Vault) -> None:
    data = b"message screenshot"
    answer = sender.prepare({"p": offer("p", "s.png", data)}, receiver.session.pin).json()
    session = answer["sessionId"]
    assert sender.upload(session, "p", "forged-token", [data], len(data)).status == 403
    assert sender.upload("other-session", "p", answer["files"]["p"], [data],
                         len(data)).status == 409
    assert sender.upload(session, "p", answer["files"]["p"], [data], len(data)).status == 200
    assert sender.upload(session, "p", answer["files"]["p"], [data], len(data)).status == 409
    assert sender.request("POST", "upload?sessionId=" + session).status == 400
    assert _items(vault) == 1


def test_a_second_device_waits_while_a_transfer_is_open(sender: Sender, receiver: Receiver,
                                                        vault: Vault) -> None:
    first = sender.prepare({"p": offer("p", "a.txt", b"aaa")}, receiver.session.pin)
    assert first.status == 200
    intruder = Sender("127.0.0.1", receiver.port, receiver.fingerprint,
                      info=PHONE | {"alias": "Someone else"})
    assert intruder.prepare({"q": offer("q", "b.txt", b"bbb")},
                            receiver.session.pin).status == 409
    answer = first.json()
    assert sender.upload(answer["sessionId"], "p", answer["files"]["p"], [b"aaa"],
                         3).status == 200
    assert intruder.prepare({"q": offer("q", "b.txt", b"bbb")},
                            receiver.session.pin).status == 200


def test_a_cancelled_transfer_keeps_nothing_of_the_file_in_progress(
        sender: Sender, receiver: Receiver, vault: Vault) -> None:
    size = 64 * 1024 * 1024
    files = {"v": offer("v", "video.mp4", b"")}
    files["v"]["size"], files["v"]["sha256"] = size, None
    answer = sender.prepare(files, receiver.session.pin).json()
    session = answer["sessionId"]
    started = threading.Event()
    results: list[object] = []

    def slow_body() -> object:
        for n, piece in enumerate(generated(size)):
            if n == 4:
                started.set()
                time.sleep(1.0)  # the user taps Cancel on the phone now
            yield piece

    def upload() -> None:
        try:
            results.append(sender.upload(session, "v", answer["files"]["v"], slow_body(),
                                         size).status)
        except OSError as exc:  # the receiver may close while the phone is still sending
            results.append(exc)

    thread = threading.Thread(target=upload)
    thread.start()
    assert started.wait(30)
    assert sender.cancel(session).status == 200
    thread.join(60)
    assert results and results[0] != 200
    deadline = time.monotonic() + 10
    while not receiver.session.arrivals and time.monotonic() < deadline:
        time.sleep(0.05)
    assert receiver.session.arrivals[0].status == "cancelled"
    assert _items(vault) == 0
    assert vault.conn.execute("SELECT count(*) FROM chunks").fetchone()[0] == 0


def test_the_pinned_fingerprint_detects_another_certificate(receiver: Receiver) -> None:
    impostor = Sender("127.0.0.1", receiver.port, "0" * 64)
    with pytest.raises(FingerprintMismatch):
        impostor.register()


def test_stop_ends_the_session_and_closes_the_port(sender: Sender, receiver: Receiver) -> None:
    receiver.stop()
    assert receiver.closed.is_set()
    with pytest.raises(ConnectionRefusedError):
        sender.register()


def test_the_log_is_copied_into_the_vault_file_once_when_the_session_ends(
        sender: Sender, receiver: Receiver, vault: Vault) -> None:
    # Files below the sealing threshold are kept in the database, through its log.
    size = sealed.THRESHOLD - 4096
    count = 72 * 1024 * 1024 // size  # 72 MB in all: more than SQLite's automatic checkpoint
    # threshold (64 MB here)
    files = {f"p{n}": offer(f"p{n}", f"photo{n}.heic", b"") | {"size": size, "sha256": None}
             for n in range(count)}
    answer = sender.prepare(files, receiver.session.pin).json()
    for n in range(count):
        assert sender.upload(answer["sessionId"], f"p{n}", answer["files"][f"p{n}"],
                             generated(size, seed=n), size).status == 200
    wal = vault.folder / "vault.db-wal"
    assert wal.stat().st_size > count * size  # durable in the log, not copied while she waits
    receiver.stop()
    assert wal.stat().st_size == 0
    assert vault.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
    for arrival in receiver.session.arrivals:
        with open_reader(vault.conn, arrival.item_id) as reader:  # type: ignore[arg-type]
            assert sum(len(b) for b in iter(lambda r=reader: r.read(1 << 20), b"")) == size


def test_a_large_file_is_sealed_beside_the_database_not_written_through_its_log(
        sender: Sender, receiver: Receiver, vault: Vault) -> None:
    size = 80 * 1024 * 1024
    files = {"v": offer("v", "video.mp4", b"") | {"size": size, "sha256": None}}
    answer = sender.prepare(files, receiver.session.pin).json()
    assert sender.upload(answer["sessionId"], "v", answer["files"]["v"], generated(size),
                         size).status == 200
    assert (vault.folder / "vault.db-wal").stat().st_size < 8 * 1024 * 1024
    kept = list((vault.folder / "originals").iterdir())
    assert [p.stat().st_size for p in kept] == [sealed.sealed_size(size)]
    item = receiver.session.arrivals[0].item_id
    with open_reader(vault.conn, item) as reader:  # type: ignore[arg-type]
        assert sum(len(b) for b in iter(lambda: reader.read(1 << 20), b"")) == size
