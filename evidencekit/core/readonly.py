"""Opening the vault read-only when the disk holding it is full (issue 14 item 6).

Every unlock writes (the custody log's "unlocked" entry, through the write-ahead log), so on a
full disk the vault could not be opened at all, not even to copy the evidence to another disk.
When the unlock's write fails for lack of space, the same key opens a second connection in
SQLite's read-only mode: the user can read, search, verify and write an encrypted backup to
another disk (`backup`), and is told why nothing can be changed.

What it does not do: record this unlock, a verification or a backup in the custody log
(nothing can be written; the backup's own manifest still holds its time and the log's head), or
clear the failed-attempt record (put back as found, so the next full unlock tells and logs the
attempts). Anything that would change the vault (an import, an export that numbers exhibits, a
note) is refused with ReadOnlyVault.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3

from evidencekit.core import attempts, pending_exports
from evidencekit.core.db import Connection, FolderLock, connect
from evidencekit.core.errors import EvidenceKitError
from evidencekit.core.keyslots import KeySlots
from evidencekit.i18n import _

if TYPE_CHECKING:
    from evidencekit.core.vault import Vault

DISK_FULL = "disk-full"


class ReadOnlyVault(EvidenceKitError):
    exit_code = 1


def notice() -> str:
    return _("The vault is open read-only because the disk holding it is full: you can read "
             "and search your evidence and save a copy to another disk (“Save a copy”, or "
             "`evidencekit backup`), but nothing can be added or changed until some space is "
             "freed.")


def refusal() -> ReadOnlyVault:
    return ReadOnlyVault(_("This would change the vault, which is open read-only because the "
                           "disk holding it is full; free some space (or move the vault to a "
                           "larger disk) and open it again. A backup to another disk still "
                           "works."))


class NoRoom(EvidenceKitError):
    """The disk is full: raised where the unlock cannot go on; caught to open read-only."""

    exit_code = 1


def _connect(db_path: Path, key: bytearray) -> Connection:
    """SQLite's read-only mode; if even its shared-memory file cannot be created (a vault that
    was closed cleanly on a disk filled since), the file as it is ("immutable"), which is
    only right when no write-ahead log holds changes not yet in the file."""
    try:
        conn = connect(db_path, key, uri_query="mode=ro")
    except sqlcipher3.DatabaseError:
        wal = db_path.with_name(db_path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise
        conn = connect(db_path, key, uri_query="mode=ro&immutable=1")
    conn.execute("PRAGMA query_only = ON")
    conn.execute("PRAGMA trusted_schema = OFF")
    return conn


def open_read_only(vault_class: type[Vault], folder: Path, db_path: Path, key: bytearray,
                   slots: KeySlots, folder_lock: FolderLock | None,
                   found: attempts.AttemptsRecord | None, *, put_back: bool = True) -> Vault:
    """The vault through a read-only connection keyed with `key` (taken over, zeroed on lock).

    `found`: the failed-attempt record the unlock had read, told to the user and, when the
    unlock had already started a fresh one (`put_back`), written back so none is lost."""
    from evidencekit.core.vault import UnlockReport

    if found is not None and put_back:
        attempts.put_back(folder, found)
    try:
        conn = _connect(db_path, key)
    except sqlcipher3.DatabaseError:
        key[:] = bytes(len(key))
        if folder_lock is not None:
            folder_lock.release()
        raise NoRoom(_("The disk holding the vault is full, so the vault cannot be opened, "
                       "not even to read it; free some space and try again.")) from None
    vault = vault_class(folder, conn, key, slots)
    vault.folder_lock = folder_lock
    vault.read_only = True
    failures = tuple(found.failures) if found is not None else ()
    # A crashed export's decrypted files lie outside the vault: removing them writes nothing
    # in it (core/pending_exports.py).
    vault.unlock_report = UnlockReport(failures, (), False, read_only=DISK_FULL,
                                       leftovers_removed=pending_exports.remove_leftovers(vault))
    return vault
