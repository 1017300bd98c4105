"""Uploads large enough to be sealed (review of sealed originals): a refusal after the file was
written, a sender who leaves mid-file, a cancel, and a second send of the same video. Each must
leave `originals/` exactly as the database names it: no file of a refused upload stays behind.
"""

from __future__ import annotations

import time
from pathlib import Path

from evidencekit.core import sealed
from evidencekit.core.vault import Vault
from evidencekit.core.verify import verify_vault
from evidencekit.receive.server import Receiver
from tests.receive.sender import Sender, generated, generated_sha256, offer

SIZE = 20 * 1024 * 1024


def _sealed(vault: Vault) -> list[Path]:
    folder = vault.folder / "originals"
    return sorted(folder.iterdir()) if folder.exists() else []


def _named(vault: Vault) -> list[str]:
    return sorted(str(r[0]) for r in vault.conn.execute("SELECT name FROM sealed_originals"))


def _video_offer(sha: str | None) -> dict[str, object]:
    return offer("v", "video.mp4", b"") | {"size": SIZE, "sha256": sha}


def test_a_sealed_upload_whose_hash_does_not_match_leaves_no_file(
        sender: Sender, receiver: Receiver, vault: Vault) -> None:
    # The whole file is sealed and renamed into place before the hash is compared: the
    # rollback after store_stream returned must remove it.
    answer = sender.prepare({"v": _video_offer("0" * 64)}, receiver.session.pin).json()
    reply = sender.upload(answer["sessionId"], "v", answer["files"]["v"], generated(SIZE), SIZE)
    assert reply.status == 400
    assert "do not match the SHA-256" in reply.json()["message"]
    assert _sealed(vault) == [] and _named(vault) == []


def test_a_sender_leaving_mid_file_leaves_no_sealed_file(
        sender: Sender, receiver: Receiver, vault: Vault) -> None:
    answer = sender.prepare({"v": _video_offer(None)}, receiver.session.pin).json()
    conn = sender._connect()
    conn.putrequest("POST", f"/api/localsend/v2/upload?sessionId={answer['sessionId']}"
                            f"&fileId=v&token={answer['files']['v']}")
    conn.putheader("Content-Length", str(SIZE))
    conn.endheaders()
    for n, piece in enumerate(generated(SIZE)):
        if n == 12:
            break
        conn.send(piece)
    conn.close()
    deadline = time.monotonic() + 30
    while not receiver.session.arrivals and time.monotonic() < deadline:
        time.sleep(0.05)
    assert receiver.session.arrivals[0].status == "refused"
    assert _sealed(vault) == [] and _named(vault) == []


def test_the_same_video_sent_twice_is_one_sealed_file(
        sender: Sender, receiver: Receiver, vault: Vault) -> None:
    sha = generated_sha256(SIZE)
    for _round in range(2):
        answer = sender.prepare({"v": _video_offer(sha)}, receiver.session.pin).json()
        assert sender.upload(answer["sessionId"], "v", answer["files"]["v"], generated(SIZE),
                             SIZE).status == 200
    assert [p.name for p in _sealed(vault)] == _named(vault)
    assert [p.stat().st_size for p in _sealed(vault)] == [sealed.sealed_size(SIZE)]
    assert [a.status for a in receiver.session.arrivals] == ["imported", "duplicate"]
    assert verify_vault(vault).ok

