"""Bringing a file into the vault: byte for byte, hashed in the same pass, all or nothing.

One file is one transaction. The bytes are read once from a descriptor opened without following
symbolic links; each chunk is hashed and written into the encrypted database as it is read, so a
2 GB video never sits in memory and no plaintext copy ever touches the disk. The file is checked
before and after (fstat): a file that changed while it was read is refused.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import shutil
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import sqlcipher3

from evidencekit.core import faults, sealed, sealed_files
from evidencekit.core.blobreader import stored_reader
from evidencekit.core.categories import CSAM, CSAM_REFUSAL
from evidencekit.core.custody import CustodyLog
from evidencekit.core.db import Connection
from evidencekit.core.errors import Cancelled, UnsupportedInput
from evidencekit.core.evidence import ensure_case, write_annotations
from evidencekit.core.imagemeta import read_image_facts
from evidencekit.core.model import Annotations
from evidencekit.core.sniff import HEAD_SIZE, is_image, sniff
from evidencekit.core.source_path import FIELD as path_field
from evidencekit.core.source_path import commitment
from evidencekit.core.timeutil import device_timezone_name, iso_utc, now_iso
from evidencekit.core.vault import Vault
from evidencekit.i18n import _

CHUNK_SIZE = 1024 * 1024
MAX_IMAGE_FACTS_BYTES = 256 * 1024 * 1024
FREE_SPACE_MARGIN = 64 * 1024 * 1024
Progress = Callable[[int, int, str], None]
# (connection, the stored original, case id) -> report lines; runs inside the import transaction.
AfterStore = Callable[[Connection, "StoreResult", int], list[str]]


def no_progress(done: int, total: int, label: str) -> None:
    """The default progress callback: report nothing."""


@dataclass
class StoreResult:
    item_id: int
    duplicate: bool
    sha256: str
    size: int
    media_type: str
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SourceFacts:
    name: str  # the file name as the user knew it (a label; never used as a path)
    path: str  # where it came from, for the record
    mtime: str | None  # ISO UTC of the file's modification time, when known


def store_stream(
    conn: Connection,
    stream: IO[bytes],
    source: SourceFacts,
    *,
    case_id: int,
    kind: str = "file",
    parent_id: int | None = None,
    annotations: Annotations | None = None,
    expected_size: int | None = None,
    progress: Progress = no_progress,
    cancel: threading.Event | None = None,
) -> StoreResult:
    """Store one original inside the caller's transaction; dedup by SHA-256.

    On a duplicate, the bytes just written are rolled back (savepoint) and only the second
    import is recorded. The caller commits.
    """
    now = now_iso()
    seal: sealed.SealedWriter | None = None
    conn.execute("SAVEPOINT store_original")
    try:
        item_id = int(
            conn.execute(
                "INSERT INTO items (case_id, kind, parent_id, created_at) VALUES (?, ?, ?, ?)",
                (case_id, kind, parent_id, now),
            ).lastrowid
        )
        digest = hashlib.sha256()
        size = 0
        seq = 0
        head = b""
        last = before_last = b""
        total = expected_size or 0
        # A large original whose size is known is sealed into its own file (core/sealed.py).
        if expected_size is not None and expected_size >= sealed.THRESHOLD:
            seal = _sealed_writer(conn, source)
        while True:
            if cancel is not None and cancel.is_set():
                raise Cancelled(_("Import cancelled; nothing was kept of the file being read."))
            block = _read_full(stream, CHUNK_SIZE)
            if not block:
                break
            if 0 < len(last) < CHUNK_SIZE:
                # The stream ended, then had more (a file still being written): a short block
                # in the middle would shift every offset after it, and a sealed file would be
                # unreadable for good.
                raise UnsupportedInput(_(
                    "{path}: the file changed while it was being read; it was not imported. "
                    "Try again once nothing is writing to it.").format(path=source.name))
            before_last, last = last, block
            if seq == 0:
                head = block
            if seal is not None:
                seal.put(block)
            else:
                digest.update(block)
                conn.execute("INSERT INTO chunks (item_id, seq, data) VALUES (?, ?, ?)",
                             (item_id, seq, block))
            size += len(block)
            seq += 1
            progress(size, total, source.name)
            if seq == 1:
                faults.point("import.after_first_chunk")
        if seal is not None:
            sha, _sealed_size, seq = seal.finish()
        else:
            sha = digest.hexdigest()
        existing = conn.execute(
            "SELECT item_id FROM originals WHERE sha256 = ?", (sha,)
        ).fetchone()
        if existing is not None:
            conn.execute("ROLLBACK TO store_original")
            conn.execute("RELEASE store_original")
            if seal is not None:
                seal.discard()
            existing_id = int(existing[0])
            _record_import(conn, existing_id, case_id, source, duplicate=True)
            # The export it came in also holds these bytes: erasing them, or withholding them
            # from a minor's bundle, must find that export (core/export_media.exports_holding).
            inside = {"parent_id": parent_id} if parent_id is not None else {}
            CustodyLog(conn).append(
                "import-duplicate", existing_id, sha256=sha, size=size, source_name=source.name,
                file_mtime=source.mtime, **{path_field: commitment(conn, source.path)}, **inside,
            )
            media = str(conn.execute("SELECT media_type FROM originals WHERE item_id = ?",
                                     (existing_id,)).fetchone()[0])
            return StoreResult(existing_id, True, sha, size, media)
        if seal is not None:
            seal.record(item_id)
        media_type = sniff(head[:HEAD_SIZE])
        facts: dict[str, Any] = {}
        if is_image(media_type) and size <= MAX_IMAGE_FACTS_BYTES:
            # Facts come from the bytes kept in this pass (first and last blocks) or, for
            # formats that need the whole file, from the stored chunks: they describe exactly
            # what was kept, never a second read of the source file.
            tail = (before_last + last)[-CHUNK_SIZE:]
            facts = read_image_facts(
                head, tail, size,
                lambda: io.BufferedReader(stored_reader(conn, item_id, size, CHUNK_SIZE)))
        conn.execute(
            "INSERT INTO originals (item_id, sha256, size, media_type, original_name, source_path,"
            " file_mtime, imported_at, import_timezone, chunk_size, chunk_count, facts)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (item_id, sha, size, media_type, source.name, source.path, source.mtime, now,
             device_timezone_name(), CHUNK_SIZE, seq,
             json.dumps(facts, ensure_ascii=False, sort_keys=True)),
        )
        write_annotations(conn, item_id, annotations or Annotations(), now)
        _record_import(conn, item_id, case_id, source, duplicate=False)
        CustodyLog(conn).append(
            "import", item_id, sha256=sha, size=size, media_type=media_type,
            source_name=source.name, file_mtime=source.mtime, parent_id=parent_id, kind=kind,
            # The path itself stays in `imports`; the log binds it without showing it.
            **{path_field: commitment(conn, source.path)},
        )
        faults.point("import.before_commit")
        conn.execute("RELEASE store_original")
        if not conn.in_transaction:  # no outer transaction: the release committed the file
            sealed_files.after_commit(conn)
        return StoreResult(item_id, False, sha, size, media_type, facts)
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK TO store_original")
            conn.execute("RELEASE store_original")
        if seal is not None:
            seal.discard()
        raise


def _sealed_writer(conn: Connection, source: SourceFacts) -> sealed.SealedWriter:
    """A sealed file for this original; a folder that cannot be written is named as such.

    Without this, "Permission denied" on `originals/` (left owned by another account after a
    `sudo` run) came out as "could not be read", as if the file being imported were at fault.
    A full disk stays an OSError: the callers name it and stop a batch there.
    """
    try:
        return sealed.SealedWriter(conn)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EFBIG):
            raise
        raise UnsupportedInput(_(
            "{name}: the vault's folder of large originals ({folder}) cannot be written "
            "({reason}); nothing was kept.").format(
            name=source.name, folder=sealed_files.vault_folder(conn) / sealed_files.FOLDER,
            reason=exc.strerror or exc)) from None


def _read_full(stream: IO[bytes], n: int) -> bytes:
    """Exactly n bytes unless the stream ends: chunk offsets must be fixed for seeking."""
    data = stream.read(n)
    if not data or len(data) == n:
        return data
    parts = [data]
    got = len(data)
    while got < n:
        more = stream.read(n - got)
        if not more:
            break
        parts.append(more)
        got += len(more)
    return b"".join(parts)


def _record_import(conn: Connection, item_id: int, case_id: int, source: SourceFacts,
                   *, duplicate: bool) -> None:
    conn.execute(
        "INSERT INTO imports (item_id, case_id, at, source_name, source_path, file_mtime,"
        " duplicate) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (item_id, case_id, now_iso(), source.name, source.path, source.mtime, int(duplicate)),
    )


# Set in an outcome's `extra` when the vault could not be written (full disk, file-size limit,
# I/O error): a batch stops there, as every later file would meet the same disk.
DISK_FULL = "disk_full"


@dataclass
class ImportOutcome:
    """What happened to one input path; `message` is the sentence shown to the user."""

    path: str
    status: str  # "imported", "duplicate", "refused", or "not-tried" (a stopped batch)
    message: str
    item_id: int | None = None
    sha256: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def refused(self) -> bool:
        return self.status == "refused"


def _mtime_iso(st: os.stat_result) -> str:
    return iso_utc(datetime.fromtimestamp(st.st_mtime, UTC))


def open_regular_file(path: Path) -> tuple[int, os.stat_result]:
    """Open `path` for reading without following a symlink; refuse what is not a plain file."""
    try:
        # O_NONBLOCK: opening a FIFO must not hang waiting for a writer; it is refused below.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK
                     | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise UnsupportedInput(_("{path}: the file does not exist.").format(path=path)) from None
    except PermissionError:
        raise UnsupportedInput(
            _("{path}: permission denied; the file could not be read.").format(path=path)
        ) from None
    except OSError as exc:
        if exc.errno == 40 or (path.is_symlink()):  # ELOOP: a symlink under O_NOFOLLOW
            raise UnsupportedInput(
                _("{path}: is a symbolic link; import the file it points to instead.").format(
                    path=path)
            ) from None
        raise UnsupportedInput(
            _("{path}: could not be opened ({reason}).").format(path=path, reason=exc.strerror)
        ) from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise UnsupportedInput(_("{path}: is not a regular file.").format(path=path))
    os.set_blocking(fd, True)
    if st.st_size == 0:
        os.close(fd)
        raise UnsupportedInput(
            _("{path}: the file is empty (0 bytes); there is nothing to keep.").format(path=path)
        )
    return fd, st


def check_free_space(vault: Vault, size: int, path: Path) -> None:
    free = shutil.disk_usage(vault.folder).free
    if size + FREE_SPACE_MARGIN > free:
        # The reserve keeps room for the write-ahead log and its checkpoint, so the vault can
        # always finish what it started and be opened again.
        raise UnsupportedInput(
            _("{path}: not enough free space beside the vault to keep this file ({size}): "
              "{free} free, and the vault keeps {reserve} in reserve so it can always be "
              "written safely. Free some space or move the vault, then add it again.").format(
                path=path, size=_amount(size), free=_amount(free),
                reserve=_amount(FREE_SPACE_MARGIN))
        )


def _amount(size: int) -> str:
    if size < 2**20:
        return _("{n} KB").format(n=max(1, round(size / 1024)))
    return _("{n} MB").format(n=round(size / 2**20))


def import_file(
    vault: Vault,
    path: Path,
    *,
    case: str,
    annotations: Annotations | None = None,
    parent_id: int | None = None,
    progress: Progress = no_progress,
    cancel: threading.Event | None = None,
    after_store: AfterStore | None = None,
) -> ImportOutcome:
    """Import one file as an original. Refusals come back as an outcome, never as a crash.

    `after_store` runs inside the same transaction once a new original is stored (not for a
    duplicate): the chat importers use it to add the export's messages and media, so the whole
    export is kept or none of it. Its lines are added to the outcome's report.
    """
    shown = str(path)
    if annotations is not None and annotations.category == CSAM:
        return ImportOutcome(shown, "refused", f"{shown}: {_(CSAM_REFUSAL)}")
    try:
        fd, before = open_regular_file(path)
    except UnsupportedInput as exc:
        return ImportOutcome(shown, "refused", str(exc))
    try:
        check_free_space(vault, before.st_size, path)
        source = SourceFacts(name=path.name, path=str(path.absolute()), mtime=_mtime_iso(before))
        with os.fdopen(fd, "rb", buffering=0, closefd=False) as stream, \
                vault.transaction() as conn:
            case_id = ensure_case(conn, case)
            result = store_stream(
                conn, stream, source, case_id=case_id, parent_id=parent_id,
                annotations=annotations, expected_size=before.st_size, progress=progress,
                cancel=cancel,
            )
            faults.point("import.after_store")
            after = os.fstat(fd)
            if (after.st_size, after.st_mtime_ns, after.st_ino) != (
                before.st_size, before.st_mtime_ns, before.st_ino
            ) or result.size != before.st_size:
                raise UnsupportedInput(
                    _("{path}: the file changed while it was being read; it was not imported. "
                      "Try again once nothing is writing to it.").format(path=path)
                )
            report_lines: list[str] = []
            if after_store is not None and not result.duplicate:
                report_lines = after_store(conn, result, case_id)
            faults.point("import.before_tx_commit")
    except UnsupportedInput as exc:
        return ImportOutcome(shown, "refused", str(exc))
    except Cancelled as exc:
        # Rolled back like a refusal; the batch stops after it and reports what it kept.
        return ImportOutcome(shown, "refused", f"{shown}: {exc}")
    except sqlcipher3.DatabaseError as exc:
        # Disk full or an I/O error inside SQLite: this file is refused (rolled back) with the
        # sentence for its cause; the batch stops after it (importers/batch.py).
        from evidencekit.core.damage import is_write_failure, vault_error

        problem = vault_error(exc, vault.folder)
        if problem is None:
            raise
        return ImportOutcome(shown, "refused", f"{shown}: {problem}",
                             extra={DISK_FULL: is_write_failure(exc)})
    except OSError as exc:
        if exc.errno == errno.EFBIG:
            # A large original is a sealed file of its own: on a FAT32 USB stick one past 4 GB
            # fails here with room to spare, and "free some space" would not help.
            return ImportOutcome(shown, "refused", _(
                "{path}: the disk is full, or the file is larger than its file system allows "
                "for one file (4 GB on a FAT32 USB stick); the file was not imported and the "
                "vault is unchanged.").format(path=path), extra={DISK_FULL: True})
        if exc.errno == errno.ENOSPC:
            return ImportOutcome(shown, "refused", _(
                "{path}: the disk is full; the file was not imported and the vault is "
                "unchanged.").format(path=path), extra={DISK_FULL: True})
        return ImportOutcome(shown, "refused", _("{path}: could not be read ({reason}).").format(
            path=path, reason=exc.strerror or exc))
    finally:
        os.close(fd)
    if result.duplicate:
        return ImportOutcome(
            shown, "duplicate",
            _("{path}: already in the vault as item {id}; this second import was recorded.")
            .format(path=path, id=result.item_id),
            result.item_id, result.sha256,
        )
    extra: dict[str, Any] = {"size": result.size, "media_type": result.media_type,
                             "report_lines": report_lines}
    message = _("{path}: imported as item {id} ({media}, {size} bytes, SHA-256 {sha}).").format(
        path=path, id=result.item_id, media=result.media_type, size=result.size,
        sha=result.sha256[:16] + "…")
    if result.facts.get("readable") is False:
        message += " " + _("Warning: {reason}; the file is kept as it is.").format(
            reason=_(str(result.facts.get("unreadable_reason", ""))))
    if "gps" in result.facts:
        gps = result.facts["gps"]
        message += " " + _("Note: the photo holds a GPS position ({lat}, {lon}), which may "
                           "reveal where it was taken.").format(lat=gps["latitude"],
                                                                lon=gps["longitude"])
    return ImportOutcome(shown, "imported", message, result.item_id, result.sha256, extra)


SKIPPED_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


def expand_paths(paths: list[Path]) -> tuple[list[Path], list[ImportOutcome]]:
    """Files to import (folders walked recursively, sorted), and refusals for the rest."""
    files: list[Path] = []
    refused: list[ImportOutcome] = []
    for path in paths:
        if path.is_symlink():
            refused.append(ImportOutcome(str(path), "refused", _(
                "{path}: is a symbolic link; import the file it points to instead.").format(
                path=path)))
        elif path.is_dir():
            # followlinks=False: a link inside the folder cannot lead the walk into a loop.
            def report(err: OSError) -> None:
                refused.append(ImportOutcome(str(err.filename), "refused", _(
                    "{path}: the folder could not be read ({reason}).").format(
                    path=err.filename, reason=err.strerror)))

            for root, dirs, names in os.walk(path, followlinks=False, onerror=report):
                for name in [d for d in dirs if (Path(root) / d).is_symlink()]:
                    refused.append(ImportOutcome(str(Path(root) / name), "refused", _(
                        "{path}: is a symbolic link to a folder; it was not followed.").format(
                        path=Path(root) / name)))
                    dirs.remove(name)
                dirs.sort()
                for name in sorted(names):
                    if name in SKIPPED_NAMES:
                        continue
                    files.append(Path(root) / name)
        elif path.exists():
            files.append(path)
        else:
            refused.append(ImportOutcome(str(path), "refused", _(
                "{path}: the file does not exist.").format(path=path)))
    return files, refused
