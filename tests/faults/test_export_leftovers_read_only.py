"""A crashed export's decrypted files are removed even when the next unlock is read-only (a full
disk): they are outside the vault, so removing them writes nothing there. The vault keeps their
names (it cannot be written) until a writable unlock forgets them, without a second notice."""

from __future__ import annotations

import hashlib
import signal
from pathlib import Path

from evidencekit.core import pending_exports
from evidencekit.core.vault import Vault
from tests.conftest import PASSPHRASE
from tests.faults.test_disk_full_unlock import READ_ONLY, wal_cannot_grow
from tests.faults.test_export_leftovers import NOTE, hidden
from tests.faults.test_fault_points import BUNDLE, build, run_cli


def _vault_bytes(folder: Path) -> dict[str, str]:
    """The vault's database, its write-ahead log and its key slots, by hash."""
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
            for name in ("vault.db", "vault.db-wal", "keyslots.json") if (folder / name).exists()}


def test_a_read_only_unlock_removes_a_killed_exports_files(tmp_path: Path) -> None:
    folder, secret, _inputs, exports = build(tmp_path, "evidence")
    argv = [a.replace("{out}", str(exports)) for a in BUNDLE]
    assert run_cli(folder, secret, argv, fault="bundle.before_rename").returncode \
        == -signal.SIGKILL
    left = hidden(exports)
    assert left, "the kill left nothing to clean: the test proves nothing"
    before = _vault_bytes(folder)

    listed = run_cli(folder, secret, ["list"], preexec=wal_cannot_grow())
    assert listed.returncode == 0, listed.stderr
    assert READ_ONLY in listed.stderr  # the disk-full case, not a normal unlock
    notes = [line for line in listed.stderr.splitlines() if NOTE in line]
    assert len(notes) == 1 and str(exports) in notes[0], listed.stderr
    assert hidden(exports) == [], "decrypted leftovers stayed beside the output"
    assert _vault_bytes(folder) == before  # nothing was written to the vault

    again = run_cli(folder, secret, ["list"], preexec=wal_cannot_grow())
    assert again.returncode == 0 and NOTE not in again.stderr  # told once

    with Vault.open(folder, PASSPHRASE) as vault:  # space again: the list is forgotten
        assert not vault.read_only
        assert vault.unlock_report.leftovers_removed == ()  # already gone: no second notice
        assert pending_exports._listed(vault.conn) == []


def test_the_names_stay_listed_until_a_writable_unlock(tmp_path: Path) -> None:
    """A file that comes back at a listed name before the disk has room again (another crash,
    the user restoring it) is still removed at the next writable unlock: the list was kept."""
    folder, secret, _inputs, exports = build(tmp_path, "evidence")
    planted = exports / ".bundle.zip.0123456789ab.tmp"
    with Vault.open(folder, PASSPHRASE) as vault:
        pending_exports.record(vault, [planted])
    planted.write_bytes(b"decrypted originals")
    proc = run_cli(folder, secret, ["list"], preexec=wal_cannot_grow())
    assert proc.returncode == 0 and READ_ONLY in proc.stderr, proc.stderr
    assert not planted.exists()
    planted.write_bytes(b"decrypted originals, again")
    with Vault.open(folder, PASSPHRASE) as vault:
        assert vault.unlock_report.leftovers_removed == (str(planted),)
        assert pending_exports._listed(vault.conn) == []
    assert not planted.exists()
