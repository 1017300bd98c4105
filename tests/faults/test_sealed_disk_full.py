"""A full disk while a large original is being sealed (review of sealed originals).

The sealing thread writes each block once it knows whether it is the last; a write that failed
on the *last* block used to leave that thread waiting for a block that never came, and the
import hung for ever (holding the vault). A disk full mid-file, or before the first byte, must
end like any full disk: one sentence, no file left in `originals/`, the batch stops cleanly.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from evidencekit.core import sealed
from evidencekit.core.vault import Vault
from tests.conftest import PASSPHRASE
from tests.faults.test_disk_full import CLEAR, KB, file_size_limit
from tests.faults.test_fault_points import assert_sound, build

BLOCKS = 9  # a 9 MiB original: nine sealed blocks


def _import(folder: Path, secret: Path, files: list[Path],
            limit: int) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "evidencekit", "--vault", str(folder), "--passphrase-file",
           str(secret), "import", "--no-ocr", "--case", "full", *map(str, files)]
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=45, check=False,
                              preexec_fn=file_size_limit(limit))
    except subprocess.TimeoutExpired:
        pytest.fail("the import hung when the disk filled while sealing the original")


@pytest.mark.parametrize("where", ["last-block", "middle-block"])
def test_a_full_disk_while_sealing_ends_in_one_sentence_and_leaves_nothing(
        tmp_path: Path, where: str) -> None:
    folder, secret, inputs, _exports = build(tmp_path, "empty")
    first = inputs / "a-first.bin"
    first.write_bytes(os.urandom(10 * KB))
    video = inputs / "b-video.mp4"
    video.write_bytes(os.urandom(BLOCKS * sealed.BLOCK))
    last = inputs / "c-last.bin"
    last.write_bytes(os.urandom(10 * KB))
    # The sealed file may grow up to the start of the chosen block (plus a little): the write
    # of that block is the one that fails, as on a disk that fills up there.
    stop_at = BLOCKS - 1 if where == "last-block" else 4
    limit = sealed.block_offset(stop_at) + 100 * KB

    proc = _import(folder, secret, [first, video, last], limit)

    text = proc.stdout + proc.stderr
    assert "Traceback" not in text and "unexpected problem" not in text, text
    assert proc.returncode == 3, text
    full = [line for line in proc.stderr.splitlines() if "b-video.mp4" in line]
    assert len(full) == 1 and CLEAR.search(full[0]), proc.stderr
    # EFBIG (the limit here) is also a FAT32 stick's answer to a file past 4 GB: say so.
    assert "4 GB on a FAT32 USB stick" in full[0], proc.stderr
    skipped = [line for line in text.splitlines() if "c-last.bin" in line]
    assert len(skipped) == 1 and "not added" in skipped[0], proc.stderr
    originals = folder / "originals"
    assert not originals.exists() or list(originals.iterdir()) == [], \
        "a sealed file (or its .part) was left behind"
    with Vault.open(folder, PASSPHRASE) as vault:
        assert_sound(vault)
        names = [r[0] for r in vault.conn.execute("SELECT original_name FROM originals")]
        assert names == ["a-first.bin"]
