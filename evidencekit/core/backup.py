"""One-file encrypted backups of a vault, written and restored only after they check out."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import sqlcipher3

from evidencekit import __version__
from evidencekit.core import anchor, schema, sealed, sealed_files
from evidencekit.core.atomicfile import fsync_dir
from evidencekit.core.blobreader import iter_chunks
from evidencekit.core.custody import CustodyLog
from evidencekit.core.damage import damaged_sentence
from evidencekit.core.db import (
    DB_NAME,
    Connection,
    FolderLock,
    connect,
    integrity_problems,
    secure_permissions,
)
from evidencekit.core.errors import (
    EvidenceKitError,
    UnsupportedInput,
    UsageError,
    VaultDamaged,
    VaultExists,
    WrongPassphrase,
)
from evidencekit.core.keyslots import FILE_NAME as KEYSLOTS_NAME
from evidencekit.core.keyslots import KeySlots
from evidencekit.core.timeutil import now_iso
from evidencekit.core.vault import Vault
from evidencekit.i18n import _

FORMAT = "evidencekit-backup"
VERSION = 2  # 2: large originals travel as sealed files under `originals/` (core/sealed.py)
READABLE_VERSIONS = (1, 2)
MANIFEST_NAME = "backup.json"
ENTRY_NAMES = frozenset({MANIFEST_NAME, KEYSLOTS_NAME, DB_NAME})
MAX_SMALL_ENTRY = 1024 * 1024  # backup.json and keyslots.json are a few KB
COPY_BLOCK = 1024 * 1024


@dataclass(frozen=True)
class BackupResult:
    path: Path
    sha256: str
    size: int
    created_at: str
    custody_entries: int


@dataclass(frozen=True)
class BackupInfo:
    """What a checked backup holds (its manifest, with the file's own hash)."""

    path: Path
    sha256: str
    vault_id: str
    created_at: str
    schema_version: int
    custody_entries: int
    custody_head: str


@dataclass(frozen=True)
class RestoreResult:
    vault: Path
    moved_aside: Path | None
    info: BackupInfo


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(COPY_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _check_database(conn: Connection, what: Path) -> tuple[str, int, int, str]:
    """(vault id, schema version, custody entries, custody head) of a keyed copy that checks out.

    Raises VaultDamaged naming the first problem: integrity, HMACs, or the custody chain.
    """
    try:
        problems = integrity_problems(conn)
        log = CustodyLog(conn)
        problems += log.verify_chain()
        seq, head = log.head()
        row = conn.execute("SELECT value FROM meta WHERE key = 'vault_id'").fetchone()
        version = schema.version(conn)
    except sqlcipher3.DatabaseError as exc:
        raise VaultDamaged(_("{path}: the database copy is damaged ({reason}).").format(
            path=what, reason=exc)) from None
    if problems:
        raise VaultDamaged(_("{path}: the database copy failed its check ({problem}).").format(
            path=what, problem=problems[0]))
    return (str(row[0]) if row else ""), version, seq, head


# -- writing --------------------------------------------------------------------------------
def write_backup(vault: Vault, out: Path) -> BackupResult:
    """Write `out`: a zip of a keyed online-backup copy of the database, the key slots and a
    manifest; read it back and check it before logging "backup-written" in the vault.

    The copy is made with SQLite's online backup API in one step, so it is one consistent
    snapshot even while another process writes (WAL readers do not block writers). The target
    is keyed with the vault's own master key: no plaintext page is ever written (security.md
    item 4), and the key slots in the file open it with the vault's passphrase.
    """
    out = Path(out).expanduser().absolute()
    if out.is_dir():
        raise UsageError(_("{path} is a folder; give the name of the backup file to write.")
                         .format(path=out))
    if not out.parent.is_dir():
        raise UsageError(_("The folder {path} does not exist.").format(path=out.parent))
    if out.is_relative_to(vault.folder):
        raise UsageError(_("Write the backup outside the vault folder ({path}).").format(
            path=vault.folder))
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        db_copy = work / DB_NAME
        with vault.lock:
            # SQLCipher zeroes a page that fails its HMAC and, for the last page of a blob,
            # does not always report it; the backup API would then copy the zeros under a
            # fresh, valid HMAC. So every source page is checked first.
            damaged = vault.conn.execute("PRAGMA cipher_integrity_check").fetchall()
            if damaged:
                raise VaultDamaged(damaged_sentence(vault.folder))
            # The vault's own key: the copy is never plaintext and its key slots open it.
            target = connect(db_copy, vault._key)
            try:
                vault.conn.backup(target)
                vault_id, version, seq, head = _check_database(target, out)
                # The files the snapshot names; they never change once written.
                seals = target.execute(
                    "SELECT s.name, s.file_key, s.item_id, o.size, o.sha256 FROM sealed_originals"
                    " s JOIN originals o ON o.item_id = s.item_id ORDER BY s.name").fetchall()
            finally:
                target.close()
            keyslots = (vault.folder / KEYSLOTS_NAME).read_bytes()
        if KeySlots.load(vault.folder).vault_id != vault_id or vault_id != vault.vault_id:
            raise VaultDamaged(_("The key file of {path} does not belong to its database.")
                               .format(path=vault.folder))
        for leftover in (work / (DB_NAME + "-wal"), work / (DB_NAME + "-shm")):
            if leftover.exists() and leftover.stat().st_size:
                raise VaultDamaged(_("The backup copy was not closed cleanly; nothing was "
                                     "written."))
        created = now_iso()
        manifest = {
            "format": FORMAT, "version": VERSION, "vault_id": vault_id, "created_at": created,
            "schema_version": version, "custody_entries": seq, "custody_head": head,
            "db_sha256": _sha256_file(db_copy), "db_size": db_copy.stat().st_size,
            "keyslots_sha256": hashlib.sha256(keyslots).hexdigest(),
            "tool": f"evidencekit {__version__}",
        }
        package = work / "package.zip"
        _write_zip(package, manifest, keyslots, db_copy,
                   [(vault.folder / sealed_files.FOLDER / str(row[0]), row) for row in seals])
        sha = _sha256_file(package)
        os.replace(package, out)
        fsync_dir(out.parent)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    # Read back what landed on disk: structure, CRCs and the database hash in the manifest.
    with tempfile.TemporaryDirectory(prefix=f".{out.name}.check.", dir=out.parent) as check:
        _extract(out, Path(check), sealed_too=False)
    if _sha256_file(out) != sha:
        raise VaultDamaged(_("{path} changed while it was being checked; write the backup "
                             "again.").format(path=out))
    size = out.stat().st_size
    if vault.read_only:
        # A full disk (readonly.py): the backup is what lets the user move their evidence,
        # so it is written even though the log cannot record it; its manifest dates it.
        return BackupResult(out, sha, size, created, seq)
    with vault.transaction() as tx:
        CustodyLog(tx).append("backup-written", file_name=out.name, sha256=sha, size=size,
                              backup_created_at=created, custody_entries_included=seq)
    return BackupResult(out, sha, size, created, seq)


def _write_zip(package: Path, manifest: dict[str, Any], keyslots: bytes, db: Path,
               seals: list[tuple[Path, tuple[Any, ...]]]) -> None:
    fd = os.open(package, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "wb") as fh:
        # Stored, not deflated: the database and sealed files are encrypted, they do not shrink.
        with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
            zf.writestr(KEYSLOTS_NAME, keyslots)
            zf.write(db, DB_NAME)
            manifest["sealed"] = {}
            for path, row in seals:
                # A copy that restore would refuse is not written at all (not "checked").
                _check_sealed_file(path, bytes(row[1]), int(row[2]), int(row[3]), str(row[4]))
                manifest["sealed"][path.name] = _add_sealed(zf, path)
            # Last, so that it can carry the hashes of the sealed files just copied.
            zf.writestr(MANIFEST_NAME, json.dumps(manifest, indent=1, sort_keys=True))
        fh.flush()
        os.fsync(fh.fileno())


def _add_sealed(zf: zipfile.ZipFile, path: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    size = 0
    try:
        # O_NOFOLLOW: a link planted in its place must not copy another file (in clear) in.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise VaultDamaged(_("The sealed original {name} is missing from the vault folder; "
                             "run `evidencekit verify`. No backup was written.").format(
            name=path.name)) from None
    source = os.fdopen(fd, "rb")
    with source, zf.open(f"{sealed_files.FOLDER}/{path.name}", "w", force_zip64=True) as entry:
        while block := source.read(COPY_BLOCK):
            digest.update(block)
            size += len(block)
            entry.write(block)
    return {"sha256": digest.hexdigest(), "size": size}


def _check_sealed_file(path: Path, key: bytes, item_id: int, size: int, sha: str) -> None:
    """The sealed file decrypts block by block and its bytes hash to the recorded SHA-256."""
    digest = hashlib.sha256()
    try:
        with sealed.SealedReader(path, key, item_id, size) as reader:
            for seq in range(reader.block_count):
                digest.update(reader.block(seq))
    except sealed.SealedDamaged as exc:
        raise VaultDamaged(_("Item {id} is damaged: its sealed file {why}. Run `evidencekit "
                             "verify`. No new backup was written: its restore would be "
                             "refused.").format(id=exc.item_id, why=exc.why)) from None
    if digest.hexdigest() != sha:
        raise VaultDamaged(_("Item {id} is damaged: its bytes no longer match the SHA-256 "
                             "recorded at import. Run `evidencekit verify`. No backup was "
                             "written.").format(id=item_id))


# -- reading and checking -------------------------------------------------------------------
def _not_a_backup(path: Path, reason: str) -> UnsupportedInput:
    return UnsupportedInput(_("{path} is not a usable evidencekit backup ({reason}); nothing "
                              "was changed.").format(path=path, reason=reason))


def _copy_entry(source: IO[bytes], target: Path | None, limit: int | None) -> str:
    """Copy an entry to `target` (or only hash it, for None); its SHA-256."""
    digest = hashlib.sha256()
    total = 0
    fh = None
    if target is not None:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        fh = os.fdopen(fd, "wb")
    try:
        while block := source.read(COPY_BLOCK):
            total += len(block)
            if limit is not None and total > limit:
                raise ValueError("an entry is larger than it can be")
            digest.update(block)
            if fh is not None:
                fh.write(block)
        if fh is not None:
            fh.flush()
            os.fsync(fh.fileno())
    finally:
        if fh is not None:
            fh.close()
    return digest.hexdigest()


def _extract(path: Path, folder: Path, *, sealed_too: bool = True) -> dict[str, Any]:
    """Check the package and copy its database, key slots and sealed originals into `folder`
    (never extractall: only known names are read, and they are labels, never paths).
    `sealed_too=False` checks the sealed files' hashes without copying them."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = [i.filename for i in infos]
            if len(set(names)) != len(names) or not ENTRY_NAMES <= set(names):
                raise _not_a_backup(path, _("unexpected contents"))
            with zf.open(MANIFEST_NAME) as fh:
                raw = fh.read(MAX_SMALL_ENTRY + 1)
            if len(raw) > MAX_SMALL_ENTRY:
                raise _not_a_backup(path, _("the manifest is too large"))
            manifest = json.loads(raw)
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise _not_a_backup(path, _("no evidencekit manifest"))
            if manifest.get("version") not in READABLE_VERSIONS:
                raise _not_a_backup(path, _("written by a newer evidencekit; update the app"))
            seals = manifest.get("sealed", {})
            # Each entry is a sealed file's name with its hash and size, and the size is the
            # one the zip declares: a hostile manifest (a list, a path, a size the entry does
            # not have) is refused before anything is copied, and no copy outgrows it.
            sizes = {i.filename: i.file_size for i in infos}
            if not isinstance(seals, dict) or not all(
                    sealed_files.is_sealed_name(n) and isinstance(f, dict)
                    and isinstance(f.get("sha256"), str) and type(f.get("size")) is int
                    and sizes.get(f"{sealed_files.FOLDER}/{n}") == f["size"]
                    for n, f in seals.items()) \
                    or set(names) - ENTRY_NAMES != {f"{sealed_files.FOLDER}/{n}" for n in seals}:
                raise _not_a_backup(path, _("unexpected contents"))
            with zf.open(KEYSLOTS_NAME) as fh:
                keyslots_sha = _copy_entry(fh, folder / KEYSLOTS_NAME, MAX_SMALL_ENTRY)
            with zf.open(DB_NAME) as fh:
                db_sha = _copy_entry(fh, folder / DB_NAME, None)
            if seals:
                target = sealed_files.ensure_folder(folder) if sealed_too else None
                for name, facts in sorted(seals.items()):
                    with zf.open(f"{sealed_files.FOLDER}/{name}") as fh:
                        got = _copy_entry(fh, target / name if target else None,
                                          facts["size"])
                    if got != facts["sha256"]:
                        raise _not_a_backup(path, _(
                            "its contents do not match the hashes in its manifest"))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            RecursionError) as exc:
        # BadZipFile also covers a CRC mismatch found while reading an entry to its end.
        raise _not_a_backup(path, str(exc) or type(exc).__name__) from None
    if db_sha != manifest.get("db_sha256") or keyslots_sha != manifest.get("keyslots_sha256"):
        raise _not_a_backup(path, _("its contents do not match the hashes in its manifest"))
    return manifest


def inspect_backup(path: Path, passphrase: str, staging: Path) -> BackupInfo:
    """Check a backup completely and leave its vault files in `staging` (an empty folder).

    Checks, in order: the package and its hashes, the key slots, that the passphrase opens the
    database, `integrity_check`, `cipher_integrity_check`, the custody chain, and that the
    vault ids agree. Raises UnsupportedInput (exit 3) or WrongPassphrase (exit 4).
    """
    path = Path(path).expanduser().absolute()
    if not path.is_file():
        raise UnsupportedInput(_("{path}: the file does not exist.").format(path=path))
    file_sha = _sha256_file(path)
    manifest = _extract(path, staging)
    try:
        slots = KeySlots.load(staging)
    except VaultDamaged:
        raise _not_a_backup(path, _("its key file is damaged")) from None
    conn: Connection | None = None
    unwrapped = False
    for _state, master in slots.passphrase_candidates(passphrase.encode("utf-8")):
        unwrapped = True
        try:
            conn = connect(staging / DB_NAME, master)
        except sqlcipher3.DatabaseError:
            continue
        finally:
            master[:] = bytes(len(master))
        break
    if conn is None:
        if unwrapped:
            raise _not_a_backup(path, _("its database does not decrypt with its key"))
        raise WrongPassphrase(_("wrong passphrase for the backup {path} (it opens with the "
                                "passphrase the vault had when the backup was written)")
                              .format(path=path))
    try:
        vault_id, version, seq, head = _check_database(conn, path)
        _check_sealed(conn, path)
    except VaultDamaged as exc:
        raise UnsupportedInput(str(exc)) from None
    finally:
        conn.close()
    if not vault_id or vault_id != manifest.get("vault_id") or vault_id != slots.vault_id:
        raise _not_a_backup(path, _("its parts come from different vaults"))
    if version > schema.CURRENT_VERSION:
        raise _not_a_backup(path, _("written by a newer evidencekit; update the app"))
    return BackupInfo(path, file_sha, vault_id, str(manifest.get("created_at", "")), version,
                      seq, head)


def _check_sealed(conn: Connection, path: Path) -> None:
    """Every sealed original the copy names is in the package, authentic and whole."""
    if schema.version(conn) < 6:
        return
    rows = conn.execute(
        "SELECT s.item_id, o.sha256 FROM sealed_originals s JOIN originals o"
        " ON o.item_id = s.item_id ORDER BY s.item_id").fetchall()
    for item_id, expected in rows:
        digest = hashlib.sha256()
        for _seq, data in iter_chunks(conn, int(item_id)):
            digest.update(data)
        if digest.hexdigest() != expected:
            raise VaultDamaged(_("{path}: item {id} in the backup no longer matches its "
                                 "SHA-256.").format(path=path, id=item_id))


# -- restoring ------------------------------------------------------------------------------
def _aside_name(target: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate = target.with_name(f"{target.name}.before-restore-{stamp}")
    while candidate.exists():
        candidate = target.with_name(f"{target.name}.before-restore-{stamp}-"
                                     f"{secrets.token_hex(2)}")
    return candidate


def restore_backup(path: Path, passphrase: str, target: Path, *,
                   replace: bool = False) -> RestoreResult:
    """Restore `path` into the vault folder `target`, checked before anything is replaced.

    An existing vault is refused unless `replace`; then it is renamed aside (kept, never
    deleted), which needs it closed everywhere (the exclusive FolderLock): a window still
    writing into a folder that was moved away would lose its work silently.
    """
    target = Path(target).expanduser().absolute()
    occupied = target.exists() and (not target.is_dir() or any(target.iterdir()))
    if occupied and not replace:
        raise VaultExists(_("There is already a vault (or other files) at {path}; nothing was "
                            "changed. Add --replace to keep it aside as "
                            "{path}.before-restore-… and restore in its place.").format(
            path=target))
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.restore-", dir=target.parent))
    moved: Path | None = None
    try:
        info = inspect_backup(path, passphrase, staging)
        secure_permissions(staging)
        lock = FolderLock.acquire(target, exclusive=True) if occupied and target.is_dir() \
            else None
        try:
            if occupied:
                moved = _aside_name(target)
                os.rename(target, moved)
            elif target.exists():
                target.rmdir()
            os.rename(staging, target)
            fsync_dir(target.parent)
        finally:
            if lock is not None:
                lock.release()
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    # A restore puts an older log back on purpose: the anchor of the log it replaces is
    # recorded in the restored log (below) instead of raising the rollback alarm.
    try:
        replaced = anchor.load(info.vault_id, target)
    except anchor.AnchorUnreadable:
        replaced = None
    anchor.forget(info.vault_id, target)
    try:
        vault = Vault.open(target, passphrase)
    except EvidenceKitError as exc:
        raise VaultDamaged(_("The backup was restored to {path} but does not open ({reason}).")
                           .format(path=target, reason=exc)) from None
    with vault:
        with vault.transaction() as tx:
            CustodyLog(tx).append(
                "restored-from-backup", backup_file=info.path.name, backup_sha256=info.sha256,
                backup_created_at=info.created_at, custody_entries_in_backup=info.custody_entries,
                previous_vault_kept_as=moved.name if moved else None,
                replaced_log_anchor=replaced.to_json() if replaced else None,
            )
    return RestoreResult(target, moved, info)
