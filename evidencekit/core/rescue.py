"""Copying everything still readable from a damaged vault into a new one, and logging the loss."""

from __future__ import annotations

import errno
import functools
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlcipher3

from evidencekit.core import sealed, sealed_files
from evidencekit.core.custody import CustodyEntry, CustodyLog, entry_from_row
from evidencekit.core.db import DB_NAME, Connection, FolderLock, connect
from evidencekit.core.errors import VaultDamaged, VaultExists, WrongPassphrase
from evidencekit.core.evidence import ensure_case
from evidencekit.core.kdf import KdfParams
from evidencekit.core.keyslots import ACTIVE, KeySlots
from evidencekit.core.vault import Vault
from evidencekit.i18n import N_, _, deferred

MIN_ROWID = -(2**63)
MAX_ROWID = 2**63 - 1
RESCUED_CASE = "Rescued items"
# Rows copied as they are once their item is kept, in an order that satisfies foreign keys.
PER_ITEM_TABLES = ("annotations", "removals", "messages")


@dataclass(frozen=True)
class LostItem:
    item_id: int
    name: str
    sha256: str
    size: int | None
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"item_id": self.item_id, "name": self.name, "sha256": self.sha256,
                "size": self.size, "reason": self.reason}


@dataclass
class RescueReport:
    source: Path
    target: Path
    old_vault_id: str
    items_kept: int = 0
    lost: list[LostItem] = field(default_factory=list)
    derived_lost: int = 0
    custody_carried: int = 0
    custody_unreadable: list[int] = field(default_factory=list)
    old_chain_problems: list[str] = field(default_factory=list)
    damaged_tables: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not (self.lost or self.derived_lost or self.custody_unreadable
                    or self.damaged_tables)


class _Reader:
    """Reads a damaged database row by row, stepping over the pages that fail their HMAC.

    After an HMAC failure SQLCipher leaves the connection failing on every page it has not
    cached yet (measured: a sound row read after a bad one raised "malformed"), so each failure
    is followed by a fresh connection.
    """

    def __init__(self, opener: Callable[[], Connection], source: Path) -> None:
        self._opener = opener
        self.source = source  # the damaged vault's folder (its sealed originals are there)
        self.conn = opener()
        self.damaged: set[str] = set()

    def reset(self) -> None:
        self.conn.close()
        self.conn = self._opener()

    def close(self) -> None:
        self.conn.close()

    def columns(self, table: str) -> list[str]:
        try:
            return [str(r[1]) for r in self.conn.execute(f"PRAGMA table_info({table})")]
        except sqlcipher3.DatabaseError:
            self.damaged.add(table)
            self.reset()
            return []

    def one(self, sql: str, args: tuple[Any, ...]) -> tuple[Any, ...] | None:
        try:
            row = self.conn.execute(sql, args).fetchone()
        except sqlcipher3.DatabaseError:
            self.reset()
            return None
        return tuple(row) if row is not None else None

    def rows(self, table: str, columns: Iterable[str]) -> dict[int, tuple[Any, ...]]:
        """rowid → row for every row that reads; unreadable stretches are skipped."""
        columns = list(columns)
        if not columns:
            return {}  # a table this vault's schema did not have yet
        sql = (f"SELECT rowid, {', '.join(columns)} FROM {table} WHERE rowid > ? "
               "ORDER BY rowid")
        found: dict[int, tuple[Any, ...]] = {}
        after = MIN_ROWID
        while True:
            try:
                for row in self.conn.execute(sql, (after,)):
                    found[int(row[0])] = tuple(row[1:])
                    after = int(row[0])
                return found
            except sqlcipher3.DatabaseError:
                self.damaged.add(table)
                self.reset()
                resume = self._skip(sql, after)
                if resume is None:
                    return found
                after = resume

    def _reads_from(self, sql: str, after: int) -> bool:
        try:
            self.conn.execute(sql + " LIMIT 1", (after,)).fetchall()
        except sqlcipher3.DatabaseError:
            self.reset()
            return False
        return True

    def _skip(self, sql: str, bad: int) -> int | None:
        """The smallest rowid from which reading works again (doubling, then bisection): a row
        with a damaged overflow page costs one probe, a damaged leaf a few dozen."""
        step = 1
        while not self._reads_from(sql, bad + step):
            step *= 2
            if bad + step >= MAX_ROWID:
                return None
        low, high = (bad + step // 2 if step > 1 else bad), bad + step
        while high - low > 1:
            middle = (low + high) // 2
            if self._reads_from(sql, middle):
                high = middle
            else:
                low = middle
        return high


def _open_source(source: Path, passphrase: str, scratch: Path) -> tuple[_Reader, KeySlots]:
    """A keyed connection to a private copy of the damaged database (the original is never
    written to: even a read-only open would add WAL files beside it)."""
    slots = KeySlots.load(source)
    shutil.copyfile(source / DB_NAME, scratch / DB_NAME)
    wal = source / (DB_NAME + "-wal")
    if wal.exists():
        shutil.copyfile(wal, scratch / (DB_NAME + "-wal"))
    unwrapped = False
    for _state, master in slots.passphrase_candidates(passphrase.encode("utf-8")):
        unwrapped = True
        key = bytearray(master)  # rescue ends the process; see docs/SECURITY.md
        master[:] = bytes(len(master))
        try:
            return _Reader(functools.partial(connect, scratch / DB_NAME, key), source), slots
        except sqlcipher3.DatabaseError:
            continue
    if unwrapped:
        raise VaultDamaged(_("The first page of the vault's database at {path} is damaged; it "
                             "holds the list of everything else, so nothing can be rescued from "
                             "this file: restore a backup with `evidencekit restore`.")
                           .format(path=source))
    raise WrongPassphrase(_("wrong passphrase for vault {folder}").format(folder=source))


def _kdf_of(slots: KeySlots) -> KdfParams:
    for slot in slots.slots:
        if slot.get("kind") == "passphrase" and slot.get("state") == ACTIVE:
            return KdfParams.from_json(slot["kdf"])
    raise VaultDamaged(_("The vault's key file is damaged."))


def rescue_vault(source: Path, passphrase: str, target: Path) -> RescueReport:
    """Copy what still reads from the vault at `source` into a new vault at `target`.

    The new vault has the same passphrase and a fresh master key. An original is copied only if
    every chunk reads and the SHA-256 recorded at import still matches; item ids are kept so
    notes and dossiers still point at the right thing. The new custody log carries every old
    entry that reads, one "rescue-lost" entry per lost item, and a closing "rescued-from".
    The new vault is built in a hidden folder and renamed into place only when complete.
    """
    source = Path(source).expanduser().absolute()
    target = Path(target).expanduser().absolute()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise VaultExists(_("{path} already exists; choose a new folder for the rescued vault.")
                          .format(path=target))
    if target.is_relative_to(source):
        raise VaultExists(_("Choose a folder outside the damaged vault for the rescued one."))
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.rescue-", dir=target.parent))
    lock = FolderLock.acquire(source)  # a passphrase change must not start meanwhile
    try:
        scratch = work / "damaged"
        scratch.mkdir()
        reader, slots = _open_source(source, passphrase, scratch)
        try:
            report = RescueReport(source, target, slots.vault_id)
            timezone = reader.one("SELECT value FROM meta WHERE key = 'timezone'", ())
            new, _unused = Vault.create(work / "new", passphrase, kdf=_kdf_of(slots),
                                        timezone=str(timezone[0]) if timezone else None)
            with new:
                _copy(reader, new, report)
                report.damaged_tables = sorted(reader.damaged)
                with new.transaction() as tx:
                    CustodyLog(tx).append(
                        "rescued-from", old_vault_id=report.old_vault_id,
                        old_vault_path=str(source), items_kept=report.items_kept,
                        lost_item_ids=[lost.item_id for lost in report.lost],
                        derived_lost=report.derived_lost,
                        custody_entries_carried=report.custody_carried,
                        custody_entries_unreadable=report.custody_unreadable,
                        old_chain_problems=report.old_chain_problems[:20],
                        damaged_tables=report.damaged_tables,
                    )
        finally:
            reader.close()
        if target.exists():
            target.rmdir()
        os.rename(work / "new", target)
    finally:
        if lock is not None:
            lock.release()
        shutil.rmtree(work, ignore_errors=True)
    return report


def _insert(conn: Connection, table: str, columns: list[str], values: Iterable[Any]) -> None:
    conn.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                 f"({', '.join('?' * len(columns))})", tuple(values))


def _copy(reader: _Reader, new: Vault, report: RescueReport) -> None:
    shared = {t: [c for c in reader.columns(t) if c in set(_columns(new, t))]
              for t in ("cases", "originals", "imports", "derived", "exhibits", "dossier_info",
                        "message_attachments", *PER_ITEM_TABLES)}
    cases = reader.rows("cases", shared["cases"])
    items = reader.rows("items", ["case_id", "kind", "parent_id", "created_at"])
    originals = reader.rows("originals", shared["originals"])
    removals = reader.rows("removals", ["item_id"])
    chunk_index = reader.rows("chunks", ["item_id", "seq"])
    custody = reader.rows("custody", ["seq", "at", "action", "item_id", "detail", "prev_hash",
                                      "entry_hash"])
    chunks: dict[int, dict[int, int]] = {}
    for rowid, (item_id, seq) in chunk_index.items():
        chunks.setdefault(int(item_id), {})[int(seq)] = rowid
    seals = {int(item_id): (str(name), bytes(key)) for item_id, name, key in reader.rows(
        "sealed_originals", reader.columns("sealed_originals") and
        ["item_id", "name", "file_key"]).values()}
    original_cols = shared["originals"]

    with new.transaction() as tx:
        for _case_id, row in sorted(cases.items()):
            _insert(tx, "cases", shared["cases"], row)
        for key, value in reader.rows("meta", ["key", "value"]).values():
            if key not in ("vault_id", "created_at", "cipher_version"):
                tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    kept: set[int] = set()
    parents: dict[int, int] = {}
    for item_id in sorted(set(items) | set(originals)):
        original = dict(zip(original_cols, originals[item_id], strict=True)) \
            if item_id in originals else None
        item = items.get(item_id)
        if original is None and (item is None or item[1] != "url"):
            continue  # named below from the custody log, with whatever it still says
        with new.transaction() as tx:
            if item is not None and item[0] in cases:
                case_id = int(item[0])
            else:
                case_id = ensure_case(tx, RESCUED_CASE)
            kind = str(item[1]) if item is not None else "file"
            created = str(item[3]) if item is not None else str(original["imported_at"]
                                                                  if original else "")
            tx.execute("INSERT INTO items (id, case_id, kind, parent_id, created_at)"
                       " VALUES (?, ?, ?, NULL, ?)", (item_id, case_id, kind, created))
            if original is not None:
                tx.execute("SAVEPOINT original")
                if item_id in seals and item_id not in removals:
                    problem = _copy_sealed(reader.source, new.folder, tx, item_id, original,
                                           seals[item_id])
                else:
                    problem = _copy_original(reader, tx, item_id, original,
                                             chunks.get(item_id, {}), item_id in removals)
                if problem:
                    # Nothing of a partial original goes in: its item row goes too.
                    tx.execute("ROLLBACK TO original")
                    tx.execute("RELEASE original")
                    tx.execute("DELETE FROM items WHERE id = ?", (item_id,))
                    report.lost.append(LostItem(item_id, str(original["original_name"]),
                                                str(original["sha256"]),
                                                int(original["size"]), problem))
                    continue
                tx.execute("RELEASE original")
        kept.add(item_id)
        if item is not None and item[2] is not None:
            parents[item_id] = int(item[2])
    report.items_kept = len(kept)

    with new.transaction() as tx:
        for child, parent in parents.items():
            if parent in kept:
                tx.execute("UPDATE items SET parent_id = ? WHERE id = ?", (parent, child))
        for table in PER_ITEM_TABLES:
            cols = shared[table]
            for row in reader.rows(table, cols).values():
                if dict(zip(cols, row, strict=True))["item_id"] in kept:
                    _insert(tx, table, cols, row)
        _copy_rest(reader, tx, shared, kept, set(cases), report)
        _carry_custody(tx, custody, report)
        _log_losses(tx, custody, items, kept, report)


def _columns(vault: Vault, table: str) -> list[str]:
    return [str(r[1]) for r in vault.conn.execute(f"PRAGMA table_info({table})")]


def _copy_original(reader: _Reader, tx: Connection, item_id: int, original: dict[str, Any],
                   seqs: dict[int, int], removed: bool) -> str:
    """Copy one original and its chunks; '' when whole, else why it was not kept."""
    _insert(tx, "originals", list(original), original.values())
    if removed:
        return ""  # its bytes were erased on purpose; its record and hash are kept
    digest = hashlib.sha256()
    size = 0
    for seq in range(int(original["chunk_count"])):
        rowid = seqs.get(seq)
        row = reader.one("SELECT data FROM chunks WHERE rowid = ?", (rowid,)) \
            if rowid is not None else None
        if row is None:
            return deferred(N_("part {n} of its bytes could not be read"), n=seq + 1)
        data = bytes(row[0])
        digest.update(data)
        size += len(data)
        tx.execute("INSERT INTO chunks (item_id, seq, data) VALUES (?, ?, ?)",
                   (item_id, seq, data))
    if digest.hexdigest() != original["sha256"] or size != int(original["size"]):
        reader.reset()  # a silently zeroed page poisons the connection like a reported one
        return deferred(N_("its bytes no longer match the SHA-256 recorded at import"))
    return ""


# Errors of the rescued vault's disk (full, file-size limit, quota, read-only), never of the
# source file.
_TARGET_FULL = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EROFS})


def _copy_sealed(source: Path, target: Path, tx: Connection, item_id: int,
                 original: dict[str, Any], seal: tuple[str, bytes]) -> str:
    """Copy a sealed original's file as it is, once it decrypts and its SHA-256 matches.

    The file keeps its own key (now held in the new database), so it is copied, not re-sealed.
    """
    name, key = seal
    _insert(tx, "originals", list(original), original.values())
    if not sealed_files.is_sealed_name(name):
        return deferred(N_("its sealed file is missing or was altered"))
    # The copy is made first (private, never through a link) and that copy is what is checked:
    # a file swapped between a check of the source and its copy cannot slip in.
    copy = sealed_files.ensure_folder(target) / name
    try:
        sealed_files.copy_private(source / sealed_files.FOLDER / name, copy)
    except OSError as exc:
        copy.unlink(missing_ok=True)
        if exc.errno in _TARGET_FULL:
            # Our own write failed, not the original: the rescue stops as on any full disk
            # rather than recording a whole original as lost.
            raise
        return deferred(N_("its sealed file is missing or was altered"))
    sealed_files.created(tx, copy)  # removed again if this item's transaction fails
    problem = _sealed_problem(copy, key, item_id, original)
    if problem:
        copy.unlink()
        sealed_files.forget(tx, copy)
        return problem
    tx.execute("INSERT INTO sealed_originals (item_id, name, file_key) VALUES (?, ?, ?)",
               (item_id, name, key))
    return ""


def _sealed_problem(path: Path, key: bytes, item_id: int, original: dict[str, Any]) -> str:
    digest = hashlib.sha256()
    try:
        with sealed.SealedReader(path, key, item_id, int(original["size"])) as reader:
            for seq in range(reader.block_count):
                digest.update(reader.block(seq))
    except VaultDamaged:
        return deferred(N_("its sealed file is missing or was altered"))
    if digest.hexdigest() != original["sha256"]:
        return deferred(N_("its bytes no longer match the SHA-256 recorded at import"))
    return ""


def _copy_rest(reader: _Reader, tx: Connection, shared: dict[str, list[str]], kept: set[int],
               cases: set[int], report: RescueReport) -> None:
    cols = shared["imports"]
    for row in reader.rows("imports", cols).values():
        values = dict(zip(cols, row, strict=True))
        if values["item_id"] in kept and values["case_id"] in cases:
            _insert(tx, "imports", cols, row)
    cols = [c for c in shared["derived"] if c != "data"]
    for rowid, row in reader.rows("derived", cols).items():
        values = dict(zip(cols, row, strict=True))
        if values["item_id"] not in kept:
            continue
        data = reader.one("SELECT data FROM derived WHERE rowid = ?", (rowid,))
        if data is None or hashlib.sha256(bytes(data[0])).hexdigest() != values["sha256"]:
            report.derived_lost += 1
            continue
        _insert(tx, "derived", [*cols, "data"], [*row, bytes(data[0])])
    messages = {int(r[0]) for r in tx.execute("SELECT id FROM messages")}
    cols = shared["message_attachments"]
    for row in reader.rows("message_attachments", cols).values():
        values = dict(zip(cols, row, strict=True))
        if values["message_id"] in messages:
            if values.get("attachment_item_id") not in kept:
                values["attachment_item_id"] = None
            _insert(tx, "message_attachments", list(values), values.values())
    for row in reader.rows("search_index", ["body", "owner_kind", "owner_id", "item_id"]) \
            .values():
        if row[3] in kept:
            _insert(tx, "search_index", ["body", "owner_kind", "owner_id", "item_id"], row)
    cols = shared["exhibits"]
    for row in reader.rows("exhibits", cols).values():
        values = dict(zip(cols, row, strict=True))
        if values["item_id"] in kept and values["case_id"] in cases:
            _insert(tx, "exhibits", cols, row)
    cols = shared["dossier_info"]
    for row in reader.rows("dossier_info", cols).values():
        if dict(zip(cols, row, strict=True))["case_id"] in cases:
            _insert(tx, "dossier_info", cols, row)




def _carry_custody(tx: Connection, custody: dict[int, tuple[Any, ...]],
                   report: RescueReport) -> None:
    """Each old entry that reads is kept verbatim (with its old hashes) inside a new entry."""
    log = CustodyLog(tx)
    previous: CustodyEntry | None = None
    last = max(custody) if custody else 0
    report.custody_unreadable = [s for s in range(1, last + 1) if s not in custody]
    for seq in sorted(custody):
        entry = entry_from_row(custody[seq])
        intact = entry.expected_hash() == entry.entry_hash
        if not intact:
            report.old_chain_problems.append(
                deferred(N_("entry {n} does not match its hash"), n=seq))
        if previous is not None and previous.seq == seq - 1 \
                and entry.prev_hash != previous.entry_hash:
            report.old_chain_problems.append(
                deferred(N_("entry {n} does not follow the entry before it"), n=seq))
        log.append("carried-over", entry.item_id, entry=entry.to_json(), intact=intact)
        report.custody_carried += 1
        previous = entry


def _log_losses(tx: Connection, custody: dict[int, tuple[Any, ...]],
                items: dict[int, tuple[Any, ...]], kept: set[int],
                report: RescueReport) -> None:
    """One entry per lost item, named from whatever still reads (its record or its import)."""
    reported = {lost.item_id for lost in report.lost}
    imported: dict[int, dict[str, Any]] = {}
    for row in custody.values():
        entry = entry_from_row(row)
        if entry.action == "import" and entry.item_id is not None:
            imported.setdefault(int(entry.item_id), entry.detail)
    for item_id in sorted((set(items) | set(imported)) - kept - reported):
        detail = imported.get(item_id, {})
        report.lost.append(LostItem(
            item_id, str(detail.get("source_name", "")), str(detail.get("sha256", "")),
            int(detail["size"]) if isinstance(detail.get("size"), int) else None,
            deferred(N_("its record in the vault could not be read"))))
    log = CustodyLog(tx)
    for lost in report.lost:
        log.append("rescue-lost", lost.item_id, name=lost.name, sha256=lost.sha256,
                   size=lost.size, reason=lost.reason)
