"""Opening the SQLCipher database with the security pragmas of security.md items 1-4 and 26."""

from __future__ import annotations

import errno
import fcntl
import os
import stat
from pathlib import Path
from typing import Any

import sqlcipher3

from evidencekit.core.errors import VaultDamaged, VaultInUse
from evidencekit.i18n import _

Connection = Any  # sqlcipher3.dbapi2.Connection has no type stubs

DB_NAME = "vault.db"
SQLITE_PLAIN_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


MEMORY_SECURITY_ENV = "EVIDENCEKIT_MEMORY_SECURITY"


def memory_security_setting() -> str:
    """SQLCipher's memory security (mlock and wipe of every allocation): off unless asked for.

    Measured here it made the vault 3 to 5 times slower (20,000 chat messages: 9.0 s with it,
    2.0 s without; py-spy shows 58% of the time in mlock/munlock), which is why SQLCipher itself
    turned it off by default in 4.5. Core dumps and ptrace are disabled at start instead
    (hardening.py) and the key is zeroed on lock; what stays exposed is swap, so docs/SECURITY.md
    advises encrypted swap. EVIDENCEKIT_MEMORY_SECURITY=on turns it on for the whole process.
    """
    return "ON" if os.environ.get(MEMORY_SECURITY_ENV, "").lower() in ("1", "on", "yes") \
        else "OFF"


def _hex_key(key: bytes | bytearray) -> str:
    if len(key) != 32:
        raise ValueError("the vault key must be 32 bytes")
    return "\"x'" + bytes(key).hex() + "'\""


def connect(path: Path, key: bytes | bytearray, *, uri_query: str = "") -> Connection:
    """A keyed connection; raises `sqlcipher3.DatabaseError` if the key does not open the file.

    The key is checked at once by reading `sqlite_master` (SQLCipher only notices a wrong key at
    the first read). Cipher settings are pinned to SQLCipher 4's so a library upgrade with other
    defaults cannot make the vault unreadable.
    """
    # uri_query: "mode=ro" and the like, for SQLite's read-only modes (core/readonly.py).
    target = f"{Path(path).absolute().as_uri()}?{uri_query}" if uri_query else str(path)
    conn = sqlcipher3.connect(target, uri=bool(uri_query), isolation_level=None,
                              check_same_thread=False)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {_hex_key(key)}")
        # 64 KiB pages: originals are large blobs, and bigger pages cut the per-page cost of
        # encryption and overflow chains (import ran 1.5x faster than with 4 KiB; bench/).
        conn.execute("PRAGMA cipher_page_size = 65536")
        conn.execute("PRAGMA cipher_hmac_algorithm = HMAC_SHA512")
        conn.execute("PRAGMA cipher_kdf_algorithm = PBKDF2_HMAC_SHA512")
        conn.execute("PRAGMA cipher_plaintext_header_size = 0")
        conn.execute(f"PRAGMA cipher_memory_security = {memory_security_setting()}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def configure(conn: Connection) -> None:
    """Durability and hygiene settings, applied once the key is known to be right."""
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise VaultInUse(in_use_message())
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA cache_size = -65536")  # 64 MiB: a thousand 64 KiB pages
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA trusted_schema = OFF")
    except sqlcipher3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise VaultInUse(in_use_message()) from None
        raise


def cipher_version(conn: Connection) -> str:
    row = conn.execute("PRAGMA cipher_version").fetchone()
    return str(row[0]) if row and row[0] else ""


def file_looks_plaintext(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == SQLITE_PLAIN_HEADER
    except OSError:
        return False


def secure_permissions(folder: Path) -> None:
    """0700 on the vault folder and 0600 on every file in it (security.md item 9)."""
    os.chmod(folder, 0o700)
    for child in folder.iterdir():
        if child.is_file() and not child.is_symlink():
            os.chmod(child, 0o600)


def integrity_problems(conn: Connection) -> list[str]:
    """Full-file checks: SQLite structure and SQLCipher's per-page HMACs. Reads every page."""
    problems: list[str] = []
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        problems += [str(r[0]) for r in rows if str(r[0]).lower() != "ok"]
        problems += [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
    except sqlcipher3.DatabaseError as exc:
        raise VaultDamaged(_("The vault's database file is damaged ({reason}).")
                           .format(reason=exc)) from None
    return problems


LOCK_NAME = "vault.lock"


class FolderLock:
    """The advisory lock on `vault.lock`: shared while a vault is open, exclusive to rekey it.

    SQLite cannot say whether another process has the database open, and a passphrase change
    (`PRAGMA rekey`) or a restore that moves the folder aside would pull the pages from under it.
    Every open vault holds a shared `flock`; those two operations need it exclusive and are
    refused, never queued, while another window or command holds the vault. The lock dies with
    the process, so a crash never leaves a stale lock behind.
    """

    def __init__(self, fd: int) -> None:
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, folder: Path, *, exclusive: bool = False) -> FolderLock | None:
        """Take the lock without waiting; None where it cannot exist (a read-only medium).

        Anything else in its place (a folder, a symbolic link, a pipe planted by someone at
        the same computer) is refused: silently going on without the lock would let a
        passphrase change rewrite the database under another process.
        """
        path = folder / LOCK_NAME
        flags = os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | flags, 0o600)
        except OSError as exc:
            if exc.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise _not_a_lock(path) from None
            try:  # a read-only medium or folder: a lock file already there still locks
                fd = os.open(path, os.O_RDONLY | flags)
            except FileNotFoundError:
                return None
            except OSError:
                raise _not_a_lock(path) from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise _not_a_lock(path)
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise VaultInUse(in_use_message()) from None
        return cls(fd)

    def make_exclusive(self, refusal: str = "") -> None:
        """Upgrade, or raise VaultInUse and keep the shared lock."""
        if self._fd is None:
            return
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            # Linux drops the shared lock before a failed upgrade: take it back.
            fcntl.flock(self._fd, fcntl.LOCK_SH)
            raise VaultInUse(refusal or in_use_message()) from None

    def make_shared(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_SH)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the flock
            self._fd = None


def _not_a_lock(path: Path) -> VaultDamaged:
    return VaultDamaged(_(
        "{path} should be an empty file that stops two programs from changing the vault at "
        "once, but something else is there (a folder or a link): the vault was not opened. "
        "If you did not put it there, someone else may have; remove it and try again.")
        .format(path=path))


def in_use_message() -> str:
    return _("The vault is busy with another evidencekit window or command; close it, or wait "
             "until it has finished, and try again.")
