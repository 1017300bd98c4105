"""Partial export files recorded inside the vault, so a crash never leaves them behind for good.

An export writes its partial files beside the output the user chose (often a USB stick or the
Downloads folder): a hidden zip of decrypted originals, a folder holding the dossier PDF. A kill
or power cut in the middle leaves them there. So their names are written into the encrypted
vault (its `meta` table) before the first byte, and forgotten once the export has finished or
failed cleanly; whatever is still listed at the next unlock is a leftover of a crashed export,
removed then, and the user is told once.

A vault opened read-only (a full disk, core/readonly.py) still removes them: they are not in the
vault, so removing them writes nothing there, and a full disk is exactly when decrypted
leftovers should not linger. Their names stay listed (the list cannot be written) until a
writable unlock, which finds them gone and forgets them without telling the user again.

Not covered: a disk unplugged at the next unlock (its leftovers stay listed and are removed at a
later unlock, when the folder is back), and files copied elsewhere by the user or a sync tool.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3

from evidencekit.core.db import Connection
from evidencekit.core.errors import VaultInUse
from evidencekit.i18n import _

if TYPE_CHECKING:
    from evidencekit.core.vault import Vault

META_KEY = "pending_exports"
MAX_LISTED = 1000  # a bound on what is read back, whatever the meta value holds


def _listed(conn: Connection) -> list[str]:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (META_KEY,)).fetchone()
    try:
        value = json.loads(row[0]) if row else []
    except ValueError:
        return []
    return [p for p in value[:MAX_LISTED] if isinstance(p, str)] if isinstance(value, list) \
        else []


def _store(conn: Connection, paths: list[str]) -> None:
    if paths:
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                     (META_KEY, json.dumps(paths, ensure_ascii=False)))
    else:
        conn.execute("DELETE FROM meta WHERE key = ?", (META_KEY,))


def record(vault: Vault, paths: Iterable[Path]) -> None:
    """List `paths` before anything is written to them (a vault opened read-only cannot)."""
    if getattr(vault, "read_only", False):
        return
    with vault.transaction() as tx:
        listed = _listed(tx)
        _store(tx, listed + [str(p) for p in paths if str(p) not in listed])


def forget(vault: Vault, paths: Iterable[Path]) -> None:
    if getattr(vault, "read_only", False) or not vault.is_open:
        return
    gone = {str(p) for p in paths}
    try:
        with vault.transaction() as tx:
            _store(tx, [p for p in _listed(tx) if p not in gone])
    except sqlcipher3.DatabaseError:
        pass  # a full disk: the names stay listed, and the next unlock removes nothing more


@contextmanager
def pending(vault: Vault, *paths: Path) -> Iterator[None]:
    """Around an export: its partial files are listed in the vault while it runs."""
    record(vault, paths)
    try:
        yield
    finally:
        forget(vault, paths)


def _remove(path: Path) -> bool:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()  # a link planted in its place is removed, never followed
    except FileNotFoundError:
        return False
    return True


def remove_leftovers(vault: Vault) -> tuple[str, ...]:
    """Remove what crashed exports left; the removed paths. Called at unlock, also read-only
    (then the list is kept for the next writable unlock), and only when no other window or
    command has the vault open: their exports may be running."""
    listed = _listed(vault.conn)
    if not listed:
        return ()
    lock = vault.folder_lock
    if lock is not None:
        try:
            lock.make_exclusive()
        except VaultInUse:
            return ()
        lock.make_shared()  # alone now; exports started later list their own names
    removed: list[str] = []
    kept: list[str] = []
    for name in listed:
        path = Path(name)
        try:
            if _remove(path):
                removed.append(name)
        except OSError:
            kept.append(name)  # a medium now read-only or unplugged: tried again next time
    if getattr(vault, "read_only", False):
        return tuple(removed)  # nothing can be written; the names that are gone are skipped
    try:
        with vault.transaction() as tx:
            _store(tx, kept)
    except sqlcipher3.DatabaseError:
        pass  # removed already; listed names that are gone are skipped next time
    return tuple(removed)


def leftovers_sentence(removed: Iterable[str]) -> str | None:
    paths = list(removed)
    if not paths:
        return None
    folders = sorted({str(Path(p).parent) for p in paths})
    return _("An export was interrupted last time (the computer stopped or the program was "
             "closed); its unfinished files were removed from {folders}.").format(
        folders=", ".join(folders))
