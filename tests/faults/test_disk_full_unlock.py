"""A full disk at unlock opens the vault read-only (issue 14 item 6).

Every unlock writes the custody log's "unlocked" entry; on a full disk that write failed and
the vault could not be opened at all, not even to copy the evidence elsewhere. Now the same key
opens SQLite's read-only connection: reading and backing up to another disk work, a change is
refused in one sentence, and the failed attempts the unlock could not log are kept for the next.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from evidencekit.core import attempts
from evidencekit.core.errors import WrongPassphrase
from evidencekit.core.vault import Vault
from tests.conftest import PASSPHRASE
from tests.faults.test_disk_full import KB, file_size_limit
from tests.faults.test_fault_points import assert_sound, build, run_cli

READ_ONLY = "read-only because the disk holding it is full"


def wal_cannot_grow() -> object:
    """The shared-memory index (32 KiB) still fits; the first 64 KiB WAL frame does not."""
    return file_size_limit(48 * KB)


def test_a_full_disk_at_unlock_opens_read_only_and_refuses_changes(tmp_path: Path) -> None:
    folder, secret, _inputs, _exports = build(tmp_path, "evidence")
    with pytest.raises(WrongPassphrase):
        Vault.open(folder, "not the passphrase")
    assert len(attempts.read(folder).failures) == 1

    listed = run_cli(folder, secret, ["list"], preexec=wal_cannot_grow())
    assert listed.returncode == 0, listed.stderr
    assert "shot.png" in listed.stdout
    assert listed.stderr.count(READ_ONLY) == 1, listed.stderr
    assert "Traceback" not in listed.stderr

    checked = run_cli(folder, secret, ["verify"], preexec=wal_cannot_grow())
    assert checked.returncode == 0, checked.stderr

    change = run_cli(folder, secret, ["annotate", "1", "--url", "https://x.example/1"],
                     preexec=wal_cannot_grow())
    assert change.returncode == 1
    errors = [line for line in change.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "read-only" in errors[0], change.stderr

    # Space again: a normal unlock, which still tells of the failed attempt and logs it, and no
    # false alarm that the record was replaced.
    with Vault.open(folder, PASSPHRASE) as vault:
        assert not vault.read_only
        assert len(vault.unlock_report.failed_attempts) == 1
        assert vault.unlock_report.attempts_record_problem is None
        assert_sound(vault)
        actions = [e.action for e in vault.custody.entries()]
        assert "annotated" not in actions and actions.count("unlock-failed") == 1


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 100 MB file system (tmpfs), where a real full disk means ENOSPC."""
    mount = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=100m", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("mounting a small tmpfs needs root; the RLIMIT_FSIZE test covers the rest")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_on_a_really_full_disk_the_evidence_can_be_backed_up_elsewhere(
        small_disk: Path, tmp_path: Path) -> None:
    folder, secret, inputs, _exports = build(tmp_path, "evidence")
    moved = small_disk / "vault"
    subprocess.run(["cp", "-a", str(folder), str(moved)], check=True)
    # Another program fills the disk.
    with open(small_disk / "filler", "wb") as filler:
        block = os.urandom(1 << 20)
        try:
            while True:
                filler.write(block)
                filler.flush()
        except OSError:
            pass
    listed = run_cli(moved, secret, ["list"])
    assert listed.returncode == 0, listed.stderr
    assert READ_ONLY in listed.stderr
    backup = tmp_path / "elsewhere.ekb"
    done = run_cli(moved, secret, ["backup", "--out", str(backup)])
    assert done.returncode == 0, done.stderr
    restored = tmp_path / "restored"
    proc = subprocess.run([sys.executable, "-m", "evidencekit", "--passphrase-file", str(secret),
                           "restore", str(backup), "--to", str(restored)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    with Vault.open(restored, PASSPHRASE) as vault:
        assert_sound(vault)
        names = {r[0] for r in vault.conn.execute("SELECT original_name FROM originals")}
        assert "shot.png" in names
