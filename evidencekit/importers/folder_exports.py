"""Importing an unzipped Meta DYI thread or Telegram HTML export folder as one export item."""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from evidencekit.core.blobreader import open_reader
from evidencekit.core.db import Connection
from evidencekit.core.errors import UnsupportedInput
from evidencekit.core.intake import (
    ImportOutcome,
    Progress,
    SourceFacts,
    StoreResult,
    import_file,
    no_progress,
    open_regular_file,
    store_stream,
)
from evidencekit.core.model import Annotations
from evidencekit.core.timeutil import iso_utc
from evidencekit.core.vault import Vault
from evidencekit.i18n import _
from evidencekit.importers import meta_dyi, telegram_html
from evidencekit.importers.chat_import import MAX_CHAT_MEMBER, ChatOptions, _Importer, _match_member
from evidencekit.importers.records import ParsedMessage, ParseReport
from evidencekit.importers.telegram_replies import link_replies

META_THREAD_GROUPS = frozenset({"inbox", "e2ee_cutover", "archived_threads", "message_requests",
                                "filtered_threads"})
_META_PART = re.compile(r"message_(\d+)\.json$", re.IGNORECASE)
HEAD_BYTES = 64 * 1024


@dataclass
class FolderExport:
    """One thread or export found in a folder: its parts in order and where its names resolve."""

    kind: str  # "meta" | "telegram"
    root: Path  # the folder the user gave: nothing outside it is ever read
    base: Path  # the folder the export's relative names start from
    parts: list[Path]
    files: dict[str, Path] = field(default_factory=dict)  # path relative to base -> file

    @property
    def label(self) -> str:
        return _("Instagram/Messenger") if self.kind == "meta" else _("Telegram HTML export")


def find_folder_exports(paths: list[Path], files: list[Path]) -> list[FolderExport]:
    """The DYI threads and Telegram HTML exports inside the folders given (never symlinks)."""
    exports: list[FolderExport] = []
    for root in paths:
        if root.is_symlink() or not root.is_dir():
            continue
        inside = [f for f in files if f.is_relative_to(root)]
        exports.extend(_meta_threads(root, inside))
        exports.extend(_telegram_exports(root, inside))
    return exports


def _meta_threads(root: Path, files: list[Path]) -> list[FolderExport]:
    threads: dict[Path, list[Path]] = {}
    for f in files:
        thread = f.parent
        if (_META_PART.fullmatch(f.name) and not f.is_symlink()
                and thread.parent.name in META_THREAD_GROUPS
                and thread.parent.parent.name == "messages"):
            threads.setdefault(thread, []).append(f)
    found = []
    for thread, parts in sorted(threads.items()):
        parts.sort(key=lambda p: int(_META_PART.fullmatch(p.name).group(1)))  # type: ignore[union-attr]
        dyi_root = thread.parent.parent.parent
        # Meta's URIs start at the DYI root; when the user gave a folder below it, names still
        # resolve by path suffix, but only against files inside the given folder.
        base = dyi_root if dyi_root.is_relative_to(root) else root
        found.append(FolderExport("meta", root, base, parts, _index(base, files)))
    return found


def _telegram_exports(root: Path, files: list[Path]) -> list[FolderExport]:
    pages: dict[Path, list[Path]] = {}
    for f in files:
        if telegram_html.page_number(f.name) is not None and not f.is_symlink():
            pages.setdefault(f.parent, []).append(f)
    found = []
    for folder, parts in sorted(pages.items()):
        first = folder / "messages.html"
        if first not in parts or not _looks_telegram(first):
            continue  # a page set without its first page, or an unrelated messages.html

        parts.sort(key=_page_number)
        found.append(FolderExport("telegram", root, folder, parts, _index(folder, files)))
    return found


def _page_number(page: Path) -> int:
    return telegram_html.page_number(page.name) or 1


def _looks_telegram(path: Path) -> bool:
    try:
        fd, _st = open_regular_file(path)
    except UnsupportedInput:
        return False
    with os.fdopen(fd, "rb") as stream:
        return telegram_html.looks_like_telegram_html(stream.read(HEAD_BYTES))


def _index(base: Path, files: list[Path]) -> dict[str, Path]:
    return {f.relative_to(base).as_posix(): f for f in files if f.is_relative_to(base)}


class _FolderImporter:
    """Stores the parts and named media of one folder export inside its import transaction."""

    def __init__(self, export: FolderExport, options: ChatOptions,
                 progress: Progress = no_progress) -> None:
        self.export = export
        self.options = options
        self.stored: set[Path] = set()  # files this export kept (only valid once committed)
        self.notes: list[str] = []
        # Bytes stored so far for this export, so the bar keeps moving through its media.
        self.progress = progress
        self.bytes_done = 0

    def after_store(self, conn: Connection, stored: StoreResult, case_id: int) -> list[str]:
        export = self.export
        first = export.parts[0]
        importer = _Importer(conn, stored.item_id, case_id, first.name, self.options)
        self.stored.add(first)
        self.bytes_done = max(stored.size, 1)
        importer.member_items[first.relative_to(export.base).as_posix()] = stored.item_id
        part_items = [(first, stored.item_id)]
        for part in export.parts[1:]:
            item = self._store_file(importer, part)
            if item is not None:
                part_items.append((part, item))
        if export.kind == "meta":
            self._import_meta(importer, part_items)
        else:
            self._import_telegram(importer, part_items)
        lines = [_("{folder}: {n} parts imported together as one export (item {id}).").format(
            folder=export.parts[0].parent, n=len(part_items), id=stored.item_id)]
        return lines + self.notes + importer.finish(export.label)

    def _import_meta(self, importer: _Importer, part_items: list[tuple[Path, int]]) -> None:
        thread = self.export.parts[0].parent
        blobs = [(p.name, _stored_bytes(importer.conn, item, p)) for p, item in part_items]
        part = thread.relative_to(self.export.base).as_posix()
        result = meta_dyi.parse_meta_thread(blobs, source_name=str(thread))
        messages = list(result.messages)
        self._store_named(importer, messages)
        importer.add_messages(messages, result.report, part, "meta-dyi")

    def _import_telegram(self, importer: _Importer, part_items: list[tuple[Path, int]]) -> None:
        pages: list[tuple[str, list[ParsedMessage], ParseReport]] = []
        for path, item in part_items:
            result = telegram_html.parse_telegram_html(
                io.BytesIO(_stored_bytes(importer.conn, item, path)), source_name=str(path),
                zone=importer.tz)
            pages.append((path.name, list(result.messages), result.report))
        telegram_html.carry_senders_across_pages(
            [(_page_number(Path(n)), ms, r) for n, ms, r in pages])
        link_replies([(n, ms) for n, ms, _r in pages])
        self._store_named(importer, [m for _n, ms, _r in pages for m in ms])
        # Pages are stored in export order, each continuing the previous page's indexes.
        for name, messages, report in pages:
            importer.add_messages(messages, report, name, "telegram-html")

    def _store_named(self, importer: _Importer, messages: list[ParsedMessage]) -> None:
        names = {ref.name for m in messages for ref in m.attachments if ref.inline_data is None}
        files = self.export.files
        keys = list(files)
        for wanted in sorted(names):
            if _match_member(wanted, importer.member_items) is not None:
                continue
            found = _match_member(wanted, {k: i for i, k in enumerate(keys)})
            if found is not None:
                self._store_file(importer, files[keys[found]])

    def _store_file(self, importer: _Importer, path: Path) -> int | None:
        """Store one file of the folder as an original linked to the export; None if refused."""
        export = self.export
        try:
            # The resolved parent must still be inside the given folder: a folder swapped for a
            # symlink after the walk must not lead outside it (O_NOFOLLOW guards the last part).
            if not path.parent.resolve().is_relative_to(export.root.resolve()):
                raise UnsupportedInput(_("{path}: is outside the folder being imported.").format(
                    path=path))
            fd, before = open_regular_file(path)
        except UnsupportedInput as exc:
            self.notes.append(_("Not stored with the export: {reason}").format(reason=exc))
            return None
        try:
            mtime = iso_utc(datetime.fromtimestamp(before.st_mtime, UTC))
            offset = self.bytes_done
            with os.fdopen(fd, "rb", buffering=0, closefd=False) as stream:
                result = store_stream(
                    importer.conn, stream,
                    SourceFacts(name=path.name, path=str(path.absolute()), mtime=mtime),
                    case_id=importer.case_id, parent_id=importer.item_id,
                    expected_size=before.st_size, cancel=self.options.cancel,
                    progress=lambda done, _total, _name: self.progress(offset + done, 0, ""))
            after = os.fstat(fd)
        finally:
            os.close(fd)
        if (after.st_size, after.st_mtime_ns, after.st_ino) != (
                before.st_size, before.st_mtime_ns, before.st_ino) or result.size != before.st_size:
            raise UnsupportedInput(
                _("{path}: the file changed while it was being read; it was not imported. "
                  "Try again once nothing is writing to it.").format(path=path))
        importer.member_items[path.relative_to(export.base).as_posix()] = result.item_id
        importer.media_stored += 0 if result.duplicate else 1
        self.stored.add(path)
        self.bytes_done += max(result.size, 1)
        return result.item_id


def _stored_bytes(conn: Connection, item_id: int, name: Path) -> bytes:
    """A part as kept in the vault: messages come from exactly the bytes that were stored."""
    with open_reader(conn, item_id, verify=False) as reader:
        data = reader.read(MAX_CHAT_MEMBER + 1)
    if len(data) > MAX_CHAT_MEMBER:
        raise UnsupportedInput(_("{path}: this part of the export is larger than 1 GB; it "
                                 "cannot be parsed.").format(path=name))
    return bytes(data)


def import_folder_export(
    vault: Vault,
    export: FolderExport,
    *,
    case: str,
    options: ChatOptions,
    annotations: Annotations | None = None,
    progress: Progress = no_progress,
) -> tuple[ImportOutcome, set[Path]]:
    """Import one export in one transaction; returns its outcome and the files it kept."""
    folder_importer = _FolderImporter(export, options, progress)
    outcome = import_file(vault, export.parts[0], case=case, annotations=annotations,
                          progress=progress, cancel=options.cancel,
                          after_store=folder_importer.after_store)
    if outcome.status == "refused" and options.cancel is not None and options.cancel.is_set():
        return outcome, set()  # the batch stops here; nothing is imported one by one
    if outcome.status == "refused":
        # Everything was rolled back: the files are imported one by one instead, as before.
        outcome.message += " " + _("The files of {folder} are imported one by one instead.").format(
            folder=export.parts[0].parent)
        return outcome, set()
    if outcome.status == "duplicate":
        # Nothing ran after storing: the other files are recorded as duplicates one by one.
        return outcome, {export.parts[0]}
    return outcome, folder_importer.stored


__all__ = ["FolderExport", "find_folder_exports", "import_folder_export"]
