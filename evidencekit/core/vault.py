"""The Vault: an encrypted folder holding one SQLCipher database and its key slots.

Layout (the whole folder is the backup unit a user copies to a USB stick while the app is closed):
    vault.db        the SQLCipher database (originals, annotations, messages, custody log)
    keyslots.json   the master key wrapped for the passphrase and, optionally, a recovery key
    attempts.json   times of failed unlock attempts (no secrets), until the next unlock
"""

from __future__ import annotations

import os
import secrets
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
import sqlcipher3

from evidencekit.core import (
    anchor,
    attempts,
    damage,
    faults,
    pending_exports,
    readonly,
    sealed_files,
    sqlkey,
)
from evidencekit.core import schema as schema_mod
from evidencekit.core.custody import CustodyLog
from evidencekit.core.db import (
    DB_NAME,
    Connection,
    FolderLock,
    cipher_version,
    configure,
    connect,
    file_looks_plaintext,
    in_use_message,
    secure_permissions,
)
from evidencekit.core.errors import (
    VaultDamaged,
    VaultExists,
    VaultInUse,
    VaultLocked,
    VaultNotFound,
    WrongPassphrase,
)
from evidencekit.core.kdf import KdfParams, calibrate
from evidencekit.core.keyslots import ACTIVE, PENDING, KeySlots
from evidencekit.core.recoverykey import (
    format_recovery_key,
    new_recovery_secret,
    parse_recovery_key,
    public_key_of,
)
from evidencekit.core.secretbuf import as_secret, random_key, zero
from evidencekit.core.timeutil import device_timezone_name, now_iso
from evidencekit.i18n import _

if TYPE_CHECKING:
    from evidencekit.core.backup import BackupResult


def default_vault_path() -> Path:
    return Path(platformdirs.user_data_dir("evidencekit", appauthor=False)) / "vault"


_secret_bytes = as_secret
_zero = zero


@dataclass(frozen=True)
class UnlockReport:
    """What the user should hear right after unlocking."""

    failed_attempts: tuple[str, ...]  # ISO UTC times of failed attempts since the last unlock
    migrated_to: tuple[int, ...]
    recovered_pending_change: bool
    # "missing", "replaced" or "unreadable" when the record of failed attempts was deleted,
    # swapped or damaged since the last unlock (someone may be hiding their attempts).
    attempts_record_problem: str | None = None
    # How the custody log contradicts this computer's record of it (core/anchor.py), if it does.
    log_problem: str | None = None
    opened_with_recovery_key: bool = False
    # Partial files of exports a crash interrupted, removed at this unlock (pending_exports).
    leftovers_removed: tuple[str, ...] = ()
    read_only: str | None = None  # why the vault opened read-only ("disk-full"), if it did


ATTEMPTS_EPOCH_KEY = "attempts_epoch"


def _attempts_problem(record: attempts.AttemptsRecord, expected: str | None) -> str | None:
    if record.problem == "unreadable":
        return "unreadable"
    if not expected:
        return None  # a vault from before the epoch (or whose record could not be written)
    if record.problem == "missing":
        return "missing"
    return "replaced" if record.epoch != expected else None


class Vault:
    """An unlocked vault. Obtain one with `Vault.create` or `Vault.open`; `close()` locks it."""

    def __init__(self, folder: Path, conn: Connection, key: bytearray, slots: KeySlots) -> None:
        self.folder = folder
        self._conn: Connection | None = conn
        self._key = key
        self._slots = slots
        self.lock = threading.RLock()
        self.unlock_report = UnlockReport((), (), False)
        # Shared while open; see db.FolderLock (passwd and restore need it alone).
        self.folder_lock: FolderLock | None = None
        # Set once the log has been checked against the anchor, so that locking records it.
        self._anchoring = False
        # The log's leaf hashes read so far (through seq _leaf_seq), extended, never re-read.
        self._leaves: list[bytes] = []
        self._leaf_seq = 0
        self.read_only = False  # see readonly.py: a full disk at unlock
        self.found_attempts: attempts.AttemptsRecord | None = None

    # -- creation and unlocking ------------------------------------------------------------
    @classmethod
    def create(
        cls,
        folder: Path,
        passphrase: str | bytes | bytearray,
        *,
        kdf: KdfParams | None = None,
        with_recovery_key: bool = False,
        timezone: str | None = None,
    ) -> tuple[Vault, str | None]:
        """Create a new vault; returns it unlocked, and the recovery key text if asked for."""
        folder = Path(folder).expanduser().absolute()
        if (folder / DB_NAME).exists() or (folder / "keyslots.json").exists():
            raise VaultExists(_("A vault already exists at {path}; it was not overwritten.")
                              .format(path=folder))
        if folder.exists() and any(folder.iterdir()):
            raise VaultExists(
                _("The folder {folder} is not empty; choose a new folder for the vault.")
                .format(folder=folder)
            )
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(folder, 0o700)
        params = kdf or calibrate()
        master = random_key()
        secret = _secret_bytes(passphrase)
        slots = KeySlots(vault_id=str(uuid.uuid4()))
        recovery_text: str | None = None
        try:
            slots.add_passphrase_slot(master, secret, params, ACTIVE)
            if with_recovery_key:
                recovery_secret = new_recovery_secret()
                slots.add_recovery_slot(master, public_key_of(recovery_secret), ACTIVE)
                recovery_text = format_recovery_key(recovery_secret)
            conn = connect(folder / DB_NAME, master)
            configure(conn)
            schema_mod.migrate(conn)
            epoch = attempts.start_afresh(folder)
            with _tx(conn):
                if epoch is not None:
                    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)",
                                 (ATTEMPTS_EPOCH_KEY, epoch))
                conn.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?)",
                    [
                        ("vault_id", slots.vault_id),
                        ("created_at", now_iso()),
                        ("timezone", timezone or device_timezone_name()),
                        ("cipher_version", cipher_version(conn)),
                    ],
                )
                CustodyLog(conn).append(
                    "vault-created",
                    vault_id=slots.vault_id,
                    kdf=params.to_json(),
                    recovery_key=with_recovery_key,
                )
            slots.save(folder)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            folder_lock = FolderLock.acquire(folder)
            secure_permissions(folder)
        finally:
            _zero(secret)
        vault = cls(folder, conn, master, slots)
        vault.folder_lock = folder_lock
        anchor.advance(slots.vault_id, folder, CustodyLog(conn))
        vault._anchoring = True
        return vault, recovery_text

    @classmethod
    def open(
        cls,
        folder: Path,
        passphrase: str | bytes | bytearray | None = None,
        *,
        recovery_key: str | None = None,
    ) -> Vault:
        """Unlock with the passphrase (or the recovery key). Wrong secret → WrongPassphrase.

        A wrong secret leaves every vault file byte-identical except `attempts.json`.
        """
        folder = Path(folder).expanduser().absolute()
        db_path = folder / DB_NAME
        if not db_path.exists():
            raise VaultNotFound(
                _("There is no vault at {folder}; create one with `evidencekit init`.")
                .format(folder=folder)
            )
        if file_looks_plaintext(db_path):
            raise VaultDamaged(_("{path} is not encrypted; it is not an evidencekit vault.")
                               .format(path=db_path))
        folder_lock = FolderLock.acquire(folder)
        try:
            return cls._unlock(folder, db_path, passphrase, recovery_key, folder_lock)
        except BaseException:
            if folder_lock is not None:
                folder_lock.release()
            raise

    @classmethod
    def _unlock(cls, folder: Path, db_path: Path, passphrase: str | bytes | bytearray | None,
                recovery_key: str | None, folder_lock: FolderLock | None) -> Vault:
        slots = KeySlots.load(folder)
        if recovery_key is not None:
            candidates = slots.recovery_candidates(parse_recovery_key(recovery_key))
            what = _("recovery key")
        else:
            secret = _secret_bytes(passphrase or b"")
            candidates = _consume(slots.passphrase_candidates(secret), secret)
            what = _("passphrase")
        unwrapped = False
        for state, master in candidates:
            unwrapped = unwrapped or state == ACTIVE
            try:
                conn = _try_connect(db_path, master)
            except readonly.NoRoom:
                return readonly.open_read_only(cls, folder, db_path, master, slots,
                                               folder_lock, attempts.read(folder),
                                               put_back=False)
            if conn is None:
                _zero(master)
                continue
            vault = cls(folder, conn, master, slots)
            vault.folder_lock = folder_lock
            try:
                vault._finish_unlock(used_recovery=recovery_key is not None,
                                     opened_with_pending=state == PENDING)
            except sqlcipher3.DatabaseError as exc:
                if damage.is_write_failure(exc):
                    # A full disk must not lock the user out of their own evidence.
                    vault.folder_lock = None
                    found, vault.found_attempts = vault.found_attempts, None
                    ro = readonly.open_read_only(cls, folder, db_path, bytearray(master),
                                                 slots, folder_lock, found)
                    vault.close()
                    return ro
                vault.close()
                raise (damage.vault_error(exc, folder) or exc) from None
            except BaseException:
                vault.close()
                raise
            return vault
        # An active slot unwrapped (AES-GCM authenticates it) yet the database refused its key:
        # either page 1 is damaged or the key file is an old copy beside a rekeyed database.
        # Both fail the same HMAC, so the sentence names both; a pending slot means an
        # interrupted change, where a refused key is simply the wrong passphrase.
        ambiguous = unwrapped and not slots.has_pending
        failures = attempts.record_failure(folder)
        attempts.penalise(len(failures))
        raise WrongPassphrase(_("wrong {what} for vault {folder}").format(what=what, folder=folder)
                              + (damage.first_page_note() if ambiguous else ""))

    def _finish_unlock(self, *, used_recovery: bool, opened_with_pending: bool) -> None:
        conn = self.conn
        configure(conn)
        recovered = False
        completed_change = False
        if self._slots.has_pending:
            # A passphrase change was interrupted. If the database was already re-encrypted
            # (the pending key opened it) finish the change; otherwise forget it.
            if opened_with_pending:
                self._slots.promote_pending()
                last = conn.execute(
                    "SELECT action FROM custody ORDER BY seq DESC LIMIT 1").fetchone()
                completed_change = not last or last[0] not in (
                    "passphrase-changed", "recovery-key-replaced", "recovery-key-removed")
            else:
                self._slots.drop(PENDING)
            self._slots.save(self.folder)
            recovered = True
        migrated = schema_mod.migrate(conn)
        record = self.found_attempts = attempts.read(self.folder)
        row = conn.execute("SELECT value FROM meta WHERE key = ?",
                           (ATTEMPTS_EPOCH_KEY,)).fetchone()
        problem = _attempts_problem(record, row[0] if row else None)
        failed = tuple(record.failures)
        epoch = attempts.start_afresh(self.folder)
        # Before anything is appended: the log as found is what the anchor is compared with.
        contradiction = anchor.check(self.vault_id, self.folder, CustodyLog(conn),
                                     self._log_leaves())
        log_problem = contradiction.sentence if contradiction is not None else None
        with self.transaction() as tx:
            log = CustodyLog(tx)
            if contradiction is not None:
                log.append("log-anchor-contradicted", None, **contradiction.facts)
            if completed_change:
                log.append("passphrase-changed", completed_at_unlock=True)
            if failed or record.dropped:
                # A summary in our own words: the file's text never enters the permanent log.
                log.append("unlock-failed", count=len(failed),
                           first_at=failed[0] if failed else None,
                           last_at=failed[-1] if failed else None,
                           entries_dropped=record.dropped)
            if problem:
                log.append("attempts-record-altered", problem=problem)
            if migrated:
                log.append("schema-migrated", versions=list(migrated))
            log.append("unlocked", method="recovery key" if used_recovery else "passphrase",
                       failed_attempts_since_last=len(failed))
            tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                       (ATTEMPTS_EPOCH_KEY, epoch or ""))
        self.unlock_report = UnlockReport(failed, tuple(migrated), recovered, problem,
                                          log_problem,
                                          opened_with_recovery_key=used_recovery,
                                          leftovers_removed=pending_exports.remove_leftovers(self))
        sealed_files.sweep_when_alone(conn, self.folder_lock)
        if log_problem is None:
            anchor.advance(self.vault_id, self.folder, CustodyLog(conn), self._log_leaves())
        self._anchoring = True

    # -- connection and transactions ---------------------------------------------------------
    @property
    def conn(self) -> Connection:
        if self._conn is None:
            raise VaultLocked(_("The vault is locked."))
        return self._conn

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One all-or-nothing unit of work; the custody entry commits with the change."""
        with self.lock:
            if self.read_only:
                raise readonly.refusal()
            conn = self.conn
            with _tx(conn):
                yield conn

    @property
    def custody(self) -> CustodyLog:
        return CustodyLog(self.conn)

    def meta(self, key: str, default: str = "") -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else default

    @property
    def vault_id(self) -> str:
        return self._slots.vault_id

    @property
    def timezone(self) -> str:
        return self.meta("timezone") or device_timezone_name()

    @property
    def has_recovery_key(self) -> bool:
        return self._slots.has_recovery

    def close(self) -> None:
        """Lock: checkpoint the WAL into the encrypted file, close, zero the key."""
        with self.lock:
            if self._conn is not None:
                if self._anchoring:
                    self.anchor_log()
                try:
                    self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                except sqlcipher3.DatabaseError:
                    pass  # another process holds the WAL; it will checkpoint
                self._conn.close()
                self._conn = None
            _zero(self._key)
            if self.folder_lock is not None:
                self.folder_lock.release()
                self.folder_lock = None

    def _log_leaves(self) -> list[bytes]:
        for seq, leaf in CustodyLog(self.conn).leaves_after(self._leaf_seq):
            self._leaves.append(leaf)
            self._leaf_seq = seq
        return self._leaves

    def anchor_log(self) -> bool:
        """Record the log's size and root outside the vault if it extends the last record."""
        with self.lock:
            try:
                return anchor.advance(self.vault_id, self.folder, CustodyLog(self.conn),
                                      self._log_leaves())
            except sqlcipher3.DatabaseError:
                return False  # a damaged database is verify's business, not the lock's

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- keys ---------------------------------------------------------------------------------
    def change_passphrase(self, new_passphrase: str | bytes | bytearray,
                          kdf: KdfParams | None = None) -> None:
        """Re-encrypt the whole database under a fresh random key wrapped by the new passphrase.

        Order matters for crash safety: pending slots first, then rekey, then promotion; see
        the module docstring of keyslots.py.
        """
        self._rotate(new_passphrase, kdf, self._slots.recovery_public_key(),
                     "passphrase-changed")

    def new_recovery_key(self, passphrase: str | bytes | bytearray,
                         kdf: KdfParams | None = None) -> str:
        """Replace the recovery key; returns the new one.

        The database is re-encrypted under a fresh master key, as for a passphrase change:
        rewriting only the recovery slot would leave the old master key valid, so an old copy
        of keyslots.json and the old recovery key would still open the current vault. The
        passphrase is needed to wrap the new key (it is checked first).
        """
        self._check_passphrase(passphrase)
        recovery_secret = new_recovery_secret()
        self._rotate(passphrase, kdf, public_key_of(recovery_secret), "recovery-key-replaced")
        return format_recovery_key(recovery_secret)

    def remove_recovery_key(self, passphrase: str | bytes | bytearray,
                            kdf: KdfParams | None = None) -> None:
        """Remove the recovery key, re-encrypting under a fresh master key (see above)."""
        self._check_passphrase(passphrase)
        self._rotate(passphrase, kdf, None, "recovery-key-removed")

    def _check_passphrase(self, passphrase: str | bytes | bytearray) -> None:
        secret = _secret_bytes(passphrase)
        try:
            for state, key in self._slots.passphrase_candidates(secret):
                same = state == ACTIVE and secrets.compare_digest(key, self._key)
                _zero(key)
                if same:
                    return
        finally:
            _zero(secret)
        raise WrongPassphrase(_("wrong passphrase for vault {folder}").format(
            folder=self.folder))

    def _rotate(self, passphrase: str | bytes | bytearray, kdf: KdfParams | None,
                recovery_public: bytes | None, action: str) -> None:
        if self.read_only:
            raise readonly.refusal()  # before keyslots.json is touched; the rekey would fail
        with self.lock:
            conn = self.conn
            if self.folder_lock is not None:
                # Another process reading pages keyed with the old key while they are rewritten
                # would fail or, worse, write old-key pages back: refuse while anyone else is in.
                self.folder_lock.make_exclusive(_(
                    "The vault's key cannot be changed while the vault is open in another "
                    "evidencekit window or command; close it and try again."))
            try:
                self._rekey(conn, passphrase, kdf, recovery_public, action)
            finally:
                if self.folder_lock is not None:
                    self.folder_lock.make_shared()

    def _rekey(self, conn: Connection, new_passphrase: str | bytes | bytearray,
               kdf: KdfParams | None, recovery_public: bytes | None, action: str) -> None:
        new_master = random_key()
        secret = _secret_bytes(new_passphrase)
        try:
            params = kdf or calibrate()
            self._slots.drop(PENDING)
            self._slots.add_passphrase_slot(new_master, secret, params, PENDING)
            if recovery_public is not None:
                self._slots.add_recovery_slot(new_master, recovery_public, PENDING)
            self._slots.save(self.folder)
            faults.point("passwd.after_pending_slots")
            try:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                sqlkey.apply_rekey(conn, str(self.folder / DB_NAME), new_master)
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except BaseException:
                # The rekey rolled back (disk full…): the old key still opens the database,
                # so the pending slots must not linger.
                self._slots.drop(PENDING)
                self._slots.save(self.folder)
                raise
            faults.point("passwd.after_rekey")
            # Logged only once the database really is under the new key; a crash before this
            # line is logged at the next unlock, when the change is completed (_finish_unlock).
            with _tx(conn):
                if action == "passphrase-changed":
                    CustodyLog(conn).append(action, kdf=params.to_json())
                else:
                    CustodyLog(conn).append(action, master_key_rotated=True)
            faults.point("passwd.after_log")
            self._slots.promote_pending()
            self._slots.save(self.folder)
            faults.point("passwd.after_promote")
        finally:
            _zero(secret)
        _zero(self._key)
        self._key = new_master

    def backup(self, out: Path) -> BackupResult:
        """Write a verified, encrypted one-file backup (see backup.py)."""
        from evidencekit.core.backup import write_backup

        return write_backup(self, out)

    def set_meta(self, key: str, value: str, **log: Any) -> None:
        with self.transaction() as tx:
            tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
            CustodyLog(tx).append("setting-changed", key=key, value=value, **log)


@contextmanager
def _tx(conn: Connection) -> Iterator[Connection]:
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlcipher3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise VaultInUse(in_use_message()) from None
        raise
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        # SQLite may already have rolled back by itself (a full disk, an I/O error): a second
        # ROLLBACK would hide the real cause behind "cannot rollback - no transaction is active".
        try:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        finally:
            # A sealed original this transaction wrote goes too; and, even if ROLLBACK itself
            # failed, this transaction's erasures must not be carried out by the next commit.
            sealed_files.after_rollback(conn)
        raise
    sealed_files.after_commit(conn)


def _consume(
    candidates: Iterator[tuple[str, bytearray]], secret: bytearray
) -> Iterator[tuple[str, bytearray]]:
    """Yield the candidates, zeroing the passphrase bytes once they are all derived."""
    try:
        yield from candidates
    finally:
        _zero(secret)


def _try_connect(db_path: Path, master: bytearray) -> Connection | None:
    try:
        return connect(db_path, master)
    except sqlcipher3.DatabaseError as exc:
        message = str(exc)
        if "not a database" in message or "file is encrypted" in message:
            return None
        if damage.is_write_failure(exc):
            raise readonly.NoRoom(str(exc)) from None
        raise VaultDamaged(_("The vault's database {path} could not be opened ({reason}).")
                           .format(path=db_path, reason=message)) from None
