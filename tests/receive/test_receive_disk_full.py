"""A phone's large file meets a full disk: one true sentence, nothing kept, the vault unchanged.

A file of 1 MiB or more is sealed into its own file beside the database (core/sealed.py), so a
full disk shows up as an OSError from that write rather than as a database error; it must not
be told to the user as a lost connection.
"""

from __future__ import annotations

import resource
import signal

from evidencekit.core import sealed
from evidencekit.core.vault import Vault
from evidencekit.receive.server import Receiver
from tests.receive.sender import Sender, generated, offer


def test_a_full_disk_during_a_sealed_upload_is_named_and_keeps_nothing(
        sender: Sender, receiver: Receiver, vault: Vault) -> None:
    size = max(2 * sealed.THRESHOLD, 16 * 1024 * 1024)  # past the 12 MiB limit below
    files = {"v": offer("v", "video.mp4", b"") | {"size": size, "sha256": None}}
    answer = sender.prepare(files, receiver.session.pin).json()
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    # Past 12 MiB no file of this process can grow, as on a disk that just filled up.
    resource.setrlimit(resource.RLIMIT_FSIZE, (12 * 1024 * 1024, hard))
    try:
        reply = sender.upload(answer["sessionId"], "v", answer["files"]["v"], generated(size),
                              size)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)
    assert reply.status != 200
    arrival = receiver.session.arrivals[0]
    assert arrival.status == "refused"
    assert "video.mp4: the disk is full" in arrival.message, arrival.message
    assert "connection" not in arrival.message
    # The limit gives EFBIG, which is also what a FAT32 USB stick gives a video past 4 GB
    # (plenty of room left): the sentence must not only send her to free some space.
    assert "4 GB on a FAT32 USB stick" in arrival.message, arrival.message
    folder = vault.folder / "originals"
    assert not folder.exists() or list(folder.iterdir()) == []
    assert vault.conn.execute("SELECT count(*) FROM originals").fetchone()[0] == 0
    actions = [e.action for e in vault.custody.entries()]
    assert "receive-refused" in actions and "received-from-device" not in actions
