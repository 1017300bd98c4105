"""The `originals/` folder of sealed files, kept in step with the database's transactions.

A sealed file is written and made durable before the transaction that names it commits. If that
transaction rolls back, the file is removed; a file erased by a removal is unlinked only once the
removal has committed. A crash between the two leaves a file no row names: `sweep` removes such
files at the next unlock, when no other process has the vault open (it could be in the middle of
its own import).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import threading
from pathlib import Path

from evidencekit.core.db import Connection, FolderLock
from evidencekit.core.errors import UnsupportedInput, VaultInUse
from evidencekit.i18n import _

FOLDER = "originals"
PART = ".part"
_NAME = re.compile(r"^[0-9a-f]{32}(\.part)?$")

_lock = threading.Lock()
# Per connection (by id): files written in its open transaction, and files to unlink after it.
_created: dict[int, list[Path]] = {}
_doomed: dict[int, list[Path]] = {}


def is_sealed_name(name: object) -> bool:
    return isinstance(name, str) and _NAME.match(name) is not None and not name.endswith(PART)


def vault_folder(conn: Connection) -> Path:
    for _seq, name, file in conn.execute("PRAGMA database_list").fetchall():
        if name == "main" and file:
            return Path(file).parent
    raise RuntimeError("sealed originals need a vault on disk")


def ensure_folder(vault: Path) -> Path:
    """`originals/` inside the vault folder, private; refused if something else is in its place."""
    folder = vault / FOLDER
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        pass
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode):
        # A symbolic link planted in its place would send the evidence somewhere else.
        raise UnsupportedInput(_(
            "The vault's originals folder ({path}) has been replaced by something that is not "
            "a folder (a link or a file); nothing was written there. Move it away and try "
            "again.").format(path=folder))
    if stat.S_IMODE(info.st_mode) & 0o077 and info.st_uid == os.getuid():
        # Widened by a copy (`cp -r`, a USB stick): the sealed files' sizes and number are
        # nobody else's business, so the folder is made private again before a file goes in.
        os.chmod(folder, 0o700)
    return folder


def sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_private(source: Path, target: Path) -> None:
    """Copy a sealed file as it is: never through a link, the copy new, 0600 and durable."""
    src = os.open(source, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(src).st_mode):
            raise IsADirectoryError(source)
        dst = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                      | os.O_CLOEXEC, 0o600)
        try:
            while block := os.read(src, 1024 * 1024):
                view = memoryview(block)
                while view:
                    view = view[os.write(dst, view):]
            os.fsync(dst)
        finally:
            os.close(dst)
    finally:
        os.close(src)


def created(conn: Connection, path: Path) -> None:
    with _lock:
        _created.setdefault(id(conn), []).append(path)


def forget(conn: Connection, path: Path) -> None:
    with _lock:
        paths = _created.get(id(conn), [])
        if path in paths:
            paths.remove(path)


def doomed(conn: Connection, path: Path) -> None:
    """Unlink `path` once the current transaction commits (an erasure)."""
    with _lock:
        _doomed.setdefault(id(conn), []).append(path)


def after_commit(conn: Connection) -> None:
    with _lock:
        _created.pop(id(conn), None)
        paths = _doomed.pop(id(conn), [])
    for path in paths:
        # The erasure has committed (the key is gone): a file that cannot be unlinked (a
        # folder put in its place) must not turn that into a reported failure; `verify`
        # names a folder left there.
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def after_rollback(conn: Connection) -> None:
    with _lock:
        paths = _created.pop(id(conn), [])
        _doomed.pop(id(conn), None)
    for path in paths:
        # Raised here, a cleanup error would take the place of the rollback's own cause; what
        # cannot go (a folder put at its name) is left for `verify` to name.
        for leftover in (path, Path(str(path) + PART)):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)


def sweep(conn: Connection) -> list[str]:
    """Remove sealed files no row names (a crash mid-import or mid-erasure); their names.

    The caller holds the vault alone. Only names this module writes are touched: anything else
    someone put in the folder is left for `verify` to mention, not silently deleted.
    """
    folder = vault_folder(conn) / FOLDER
    try:
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            return []
        names = os.listdir(folder)
    except OSError:  # missing, or unreadable: nothing to sweep, and the unlock goes on
        return []
    known = {str(r[0]) for r in conn.execute("SELECT name FROM sealed_originals")}
    removed = []
    for name in sorted(names):
        if _NAME.match(name) and name not in known and not _is_folder(folder / name):
            # A folder given such a name is not ours (`strangers` names it); an entry that
            # cannot go must not make the unlock fail, and with it every later unlock.
            with contextlib.suppress(OSError):
                (folder / name).unlink(missing_ok=True)
                removed.append(name)
    return removed


def _is_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def sweep_when_alone(conn: Connection, lock: FolderLock | None) -> list[str]:
    """`sweep`, only while no other window or command has the vault open (else nothing).

    The exclusive lock is held during the sweep (a few milliseconds): no other process can open
    the vault meanwhile, so none can write a file the sweep would take for an orphan.
    """
    if lock is not None:
        try:
            lock.make_exclusive()
        except VaultInUse:
            return []
    try:
        return sweep(conn)
    finally:
        if lock is not None:
            lock.make_shared()


def strangers(conn: Connection) -> list[str]:
    """Files in `originals/` that the vault did not write (for `verify` to name)."""
    folder = vault_folder(conn) / FOLDER
    try:
        names = os.listdir(folder)
    except OSError:  # an unreadable folder: each sealed original in it is named as damaged
        return []
    known = {str(r[0]) for r in conn.execute("SELECT name FROM sealed_originals")}
    return sorted(n for n in names if n not in known
                  and (not _NAME.match(n) or _is_folder(folder / n)))
