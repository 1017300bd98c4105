"""Turning a stored export (chat text, JSON, XML, mbox, or a zip of them) into messages.

Runs inside the import transaction of the export's original (see `import_file(after_store=…)`):
the export, its media and its messages are kept together or not at all. Media named by messages
are stored as originals linked to the export (`parent_id`); a file the export names but does not
contain is recorded as missing, never silently dropped.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Protocol
from zoneinfo import ZoneInfo

from evidencekit.core import faults
from evidencekit.core.blobreader import open_reader
from evidencekit.core.custody import CustodyLog
from evidencekit.core.db import Connection
from evidencekit.core.intake import SourceFacts, StoreResult, store_stream
from evidencekit.core.message_digest import messages_digest
from evidencekit.core.seekable import SeekableReader
from evidencekit.i18n import N_, _, deferred
from evidencekit.importers import meta_dyi, telegram_html, whatsapp_backup
from evidencekit.importers.formats import FORMATS, ChatFormat, recognise
from evidencekit.importers.records import AttachmentRef, ParsedMessage, ParseReport
from evidencekit.importers.safezip import SafeZip, ZipEntry
from evidencekit.importers.store_messages import StoreTally, store_messages
from evidencekit.importers.telegram_replies import link_replies

RECOGNISE_BYTES = 64 * 1024
MAX_CHAT_MEMBER = 1024 * 1024 * 1024


class Rereading(Protocol):
    """A second reading of a stored export (importers/reread.py): message ids come from the first
    reading, media already stored are found rather than stored again, and the re-read, not the
    import, writes the log entry."""

    def assign_id(self, part: str, message: ParsedMessage) -> int: ...

    def finished(self, reports: list[ParseReport], tally: StoreTally) -> None: ...


@dataclass(frozen=True)
class ChatOptions:
    timezone: str
    date_order: str | None = None
    cancel: threading.Event | None = None
    # Asked for the key of an encrypted WhatsApp backup (`whatsapp_backup`), given its name.
    backup_key: whatsapp_backup.KeySource | None = None
    rereading: Rereading | None = None
    # May the export hold intimate images? True: every image stored from it is marked sensitive
    # (blurred everywhere) in the same transaction; None: not asked, a hint says how to mark them.
    intimate: bool | None = None


def make_after_store(options: ChatOptions) -> Callable[[Connection, StoreResult, int], list[str]]:
    def after_store(conn: Connection, stored: StoreResult, case_id: int) -> list[str]:
        return import_export(conn, stored, case_id, options)

    return after_store


def import_export(conn: Connection, stored: StoreResult, case_id: int,
                  options: ChatOptions) -> list[str]:
    """Recognise the stored original and import its messages; returns lines for the user."""
    with open_reader(conn, stored.item_id, verify=False) as reader:
        head = reader.read(RECOGNISE_BYTES)
        name = str(conn.execute("SELECT original_name FROM originals WHERE item_id = ?",
                                (stored.item_id,)).fetchone()[0])
        if stored.media_type == "application/zip":
            reader.seek(0)
            return _import_zip(conn, reader, name, stored.item_id, case_id, options)
        if whatsapp_backup.recognise(head):
            importer = _Importer(conn, stored.item_id, case_id, name, options)
            return whatsapp_backup.import_into(importer, reader, name, options.backup_key)
        fmt = recognise(head)
        if fmt is None:
            return _plain_file_note(stored.media_type, name)
        reader.seek(0)
        importer = _Importer(conn, stored.item_id, case_id, name, options)
        importer.parse_single(fmt, reader, name)
        return importer.finish(fmt.label)


def _plain_file_note(media_type: str, name: str) -> list[str]:
    if media_type.startswith(("text/", "application/json", "application/xml", "message/")):
        return [_("{name}: no chat or e-mail format was recognised; it is kept as a plain "
                  "file.").format(name=name)]
    return []


class _Importer:
    """Accumulates what one export contributes: messages, linked media, report lines."""

    def __init__(self, conn: Connection, item_id: int, case_id: int, name: str,
                 options: ChatOptions) -> None:
        self.conn = conn
        self.item_id = item_id
        self.case_id = case_id
        self.name = name
        self.options = options
        self.tally = StoreTally()
        self.reports: list[ParseReport] = []
        self.member_items: dict[str, int] = {}  # normalised zip member name -> item id
        self.media_stored = 0
        self.next_index = 0
        self.assign_id = options.rereading.assign_id if options.rereading else None

    @property
    def tz(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.options.timezone)
        except (KeyError, ValueError):
            return ZoneInfo("UTC")

    def cancelled(self) -> bool:
        return bool(self.options.cancel and self.options.cancel.is_set())

    def store_inline(self, ref: AttachmentRef) -> int | None:
        if ref.inline_data is None:
            return None
        if not ref.inline_data:
            return None
        if self.options.rereading is not None:
            return _stored_item(self.conn, hashlib.sha256(ref.inline_data).hexdigest())
        result = store_stream(
            self.conn, io.BytesIO(ref.inline_data),
            SourceFacts(name=PurePosixPath(ref.name.replace("\\", "/")).name or "attachment",
                        path=f"{self.name} (attachment)", mtime=None),
            case_id=self.case_id, parent_id=self.item_id)
        self.media_stored += 0 if result.duplicate else 1
        return result.item_id

    def resolve(self, ref: AttachmentRef) -> int | None:
        if ref.inline_data is not None:
            return self.store_inline(ref)
        return _match_member(ref.name, self.member_items)

    def parse_single(self, fmt: ChatFormat, stream: io.BufferedIOBase | io.BufferedReader,
                     name: str, part: str = "") -> None:
        # Parsers may stream: messages are read from `stream` while they are stored, and the
        # report's counts and notes are complete only then (`finish` shows it afterwards).
        result = fmt.parse(stream, name, self.tz, self.options.date_order)  # type: ignore[arg-type]
        self.reports.append(result.report)
        faults.point("chat.before_messages")
        self.next_index += store_messages(
            self.conn, self.item_id, result.messages, self.resolve, self.tally, part=part,
            index_base=self.next_index, cancelled=self.cancelled,
            assign_id=self.assign_id)
        self.formats = getattr(self, "formats", []) + [fmt.name]

    def add_messages(self, messages: Iterable[ParsedMessage], report: ParseReport, part: str,
                     fmt_name: str) -> None:
        """Store one part's messages after those already stored: indexes stay continuous."""
        self.reports.append(report)
        self.next_index += store_messages(
            self.conn, self.item_id, messages, self.resolve, self.tally, part=part,
            index_base=self.next_index, cancelled=self.cancelled,
            assign_id=self.assign_id)
        if fmt_name not in getattr(self, "formats", []):
            self.formats = getattr(self, "formats", []) + [fmt_name]

    def store_member(self, zf: SafeZip, entry: ZipEntry) -> int | None:
        if self.options.rereading is not None:
            return self._find_member(zf, entry)
        with zf.open(entry) as stream:
            result = store_stream(
                self.conn, stream,
                SourceFacts(name=entry.base_name, path=f"{self.name}!/{entry.normalised}",
                            mtime=_zip_time(entry)),
                case_id=self.case_id, parent_id=self.item_id, cancel=self.options.cancel,
                # The size is known (the zip reader stops at it): a large video is sealed
                # beside the database rather than written through its log (core/sealed.py).
                expected_size=entry.size)
        self.member_items[entry.normalised] = result.item_id
        self.media_stored += 0 if result.duplicate else 1
        faults.point("chat.after_member_stored")
        return result.item_id

    def _find_member(self, zf: SafeZip, entry: ZipEntry) -> int | None:
        """The item a zip member was stored as at import (a re-read stores nothing)."""
        digest = hashlib.sha256()
        with zf.open(entry) as stream:
            while block := stream.read(1024 * 1024):
                digest.update(block)
        found = _stored_item(self.conn, digest.hexdigest())
        if found is not None:
            self.member_items[entry.normalised] = found
        return found

    def finish(self, label: str) -> list[str]:
        t = self.tally
        lines = [_("{label}: {n} messages, {a} attachments ({k} named but missing from the "
                   "export), {p} lines or records kept verbatim because they could not be "
                   "parsed.").format(label=label, n=t.messages, a=t.attachments,
                                     k=t.missing, p=t.unparsed)]
        if self.media_stored:
            lines.append(_("{n} files from the export stored as originals linked to item "
                           "{id}.").format(n=self.media_stored, id=self.item_id))
        for report in self.reports:
            if report.date_order:
                # Deferred like the reason it holds, so both are shown in the UI language.
                lines.append(deferred(N_("Date order: {order} — {reason}"),
                                      order=report.date_order, reason=report.date_order_reason))
            lines.extend(report.notes)
        if t.surrogates_replaced:
            lines.append(_("{n} text(s) held invalid characters (lone UTF-16 surrogates) that "
                           "cannot be stored; they are shown as \ufffd, and the export itself is "
                           "kept unchanged.").format(n=t.surrogates_replaced))
        if t.missing:
            shown = ", ".join(t.missing_names[:5]) + (" …" if t.missing > 5 else "")
            lines.append(_("Missing from the export: {names}").format(names=shown))
        if self.options.rereading is not None:
            self.options.rereading.finished(self.reports, t)
            return lines
        lines += self._intimate_lines()
        stored, digest = messages_digest(self.conn, self.item_id)
        CustodyLog(self.conn).append(
            "messages-imported", self.item_id, formats=getattr(self, "formats", []),
            messages_stored=stored, messages_sha256=digest,
            messages=t.messages, attachments=t.attachments, missing=t.missing,
            unparsed=t.unparsed, kinds=t.kinds,
            date_orders=[r.date_order for r in self.reports if r.date_order],
            notes=[n for r in self.reports for n in r.notes][:50],
        )
        faults.point("chat.before_commit")
        return lines

    def _intimate_lines(self) -> list[str]:
        from evidencekit.core.export_media import export_images, mark_sensitive

        images = export_images(self.conn, [self.item_id])
        if not images:
            return []
        if self.options.intimate:
            mark_sensitive(self.conn, images, True)
            return [_("{n} images from this export are marked sensitive: they stay blurred until "
                      "you choose otherwise.").format(n=len(images))]
        if self.options.intimate is None:
            return [_("{n} images were stored from this export. If some may be intimate, mark "
                      "them sensitive so that they are blurred.").format(n=len(images))]
        return []


def _stored_item(conn: Connection, sha256: str) -> int | None:
    row = conn.execute("SELECT item_id FROM originals WHERE sha256 = ?", (sha256,)).fetchone()
    return int(row[0]) if row else None


def _zip_time(entry: ZipEntry) -> str | None:
    try:
        y, mo, d, h, mi, s = entry.info.date_time
        return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d} (zip, local time)"
    except (TypeError, ValueError):
        return None


def _match_member(name: str, members: dict[str, int]) -> int | None:
    """The stored member an attachment names: exact path, then path suffix, then base name."""
    wanted = name.replace("\\", "/").lstrip("./")
    if wanted in members:
        return members[wanted]
    for member, item in members.items():
        if member.endswith("/" + wanted) or wanted.endswith("/" + member):
            return item
    base = wanted.rsplit("/", 1)[-1]
    matches = [item for member, item in members.items() if member.rsplit("/", 1)[-1] == base]
    return matches[0] if len(matches) == 1 else None


def _import_zip(conn: Connection, reader: io.BufferedReader, name: str, item_id: int,
                case_id: int, options: ChatOptions) -> list[str]:
    zf = SafeZip(reader, name)
    importer = _Importer(conn, item_id, case_id, name, options)
    entries = zf.entries
    lines: list[str] = []
    if zf.skipped:
        lines.append(_("Skipped in the zip: {names}").format(names=", ".join(zf.skipped[:5])))
    meta_parts = [e for e in entries if meta_dyi_part(e)]
    if meta_parts:
        _import_meta_zip(zf, importer, meta_parts)
        return lines + importer.finish("Instagram/Messenger")
    chats: list[tuple[ZipEntry, ChatFormat]] = []
    for entry in entries:
        if entry.size == 0 or entry.size > MAX_CHAT_MEMBER:
            continue
        lower = entry.normalised.lower()
        if not lower.endswith((".txt", ".json", ".xml", ".html", ".js", ".csv", ".eml", ".mbox",
                               ".md")):
            continue
        with zf.open(entry) as stream:
            head = stream.read(RECOGNISE_BYTES)
        fmt = recognise(head)
        if fmt is not None:
            chats.append((entry, fmt))
    if not chats:
        return lines + [_("{name}: the zip holds no chat export that evidencekit recognises; "
                          "it is kept as a plain file.").format(name=name)]
    whatsapp = all(fmt.name == "whatsapp" for _e, fmt in chats)
    chat_names = {e.normalised for e, _f in chats}
    # WhatsApp zips are small and everything in them belongs to the chat: keep every member.
    # Other archives (a whole account) keep the chat files and the media messages name.
    for entry in entries:
        if importer.cancelled():
            break
        if whatsapp or entry.normalised in chat_names:
            importer.store_member(zf, entry)
    if not whatsapp:
        _store_referenced_media(zf, importer, chats)
    faults.point("chat.after_media_stored")
    html_pages = [entry for entry, fmt in chats if fmt.name == "telegram-html"]
    for entry, fmt in chats:
        if fmt.name != "telegram-html":
            with _chat_stream(zf, entry, fmt) as stream:
                importer.parse_single(fmt, stream, f"{name}!/{entry.normalised}",
                                      part=entry.normalised)
    if html_pages:
        _import_html_pages(zf, importer, name, html_pages)
    label = chats[0][1].label if len({f.name for _e, f in chats}) == 1 else _("chat exports")
    return lines + importer.finish(label)


def _import_html_pages(zf: SafeZip, importer: _Importer, name: str,
                       entries: list[ZipEntry]) -> None:
    """Telegram HTML pages, folder by folder in page order (zip order may put messages10.html
    before messages2.html), each page's opening "joined" messages given the sender of the page
    before."""
    folders: dict[str, list[ZipEntry]] = {}
    for entry in entries:
        folders.setdefault(entry.normalised.rpartition("/")[0], []).append(entry)
    for folder in sorted(folders):
        pages = sorted(folders[folder], key=lambda e: (
            telegram_html.page_number(e.base_name) or 10**9, e.normalised))
        parsed = []
        for entry in pages:
            result = telegram_html.parse_telegram_html(
                io.BytesIO(zf.read(entry, MAX_CHAT_MEMBER)),
                source_name=f"{name}!/{entry.normalised}", zone=importer.tz)
            # An unnumbered page carries nothing and receives nothing: -1 is never contiguous.
            number = telegram_html.page_number(entry.base_name) or -1
            parsed.append((entry, number, list(result.messages), result.report))
        telegram_html.carry_senders_across_pages([(n, ms, r) for _e, n, ms, r in parsed])
        link_replies([(e.base_name, ms) for e, _n, ms, _r in parsed])
        faults.point("chat.before_messages")
        for entry, _number, messages, report in parsed:
            importer.add_messages(messages, report, entry.normalised, "telegram-html")


def meta_dyi_part(entry: ZipEntry) -> bool:
    path = entry.normalised.lower()
    base = entry.base_name.lower()
    return "/messages/" in "/" + path and base.startswith("message_") and base.endswith(".json")


def _import_meta_zip(zf: SafeZip, importer: _Importer, parts: list[ZipEntry]) -> None:
    threads: dict[str, list[ZipEntry]] = {}
    for entry in parts:
        folder = entry.normalised.rsplit("/", 1)[0]
        threads.setdefault(folder, []).append(entry)
    for folder in sorted(threads):
        members = sorted(threads[folder], key=lambda e: e.normalised)
        for entry in members:
            importer.store_member(zf, entry)
        blobs = [(e.base_name, zf.read(e, MAX_CHAT_MEMBER)) for e in members]
        result = meta_dyi.parse_meta_thread(blobs, source_name=f"{importer.name}!/{folder}")
        messages = list(result.messages)
        needed = {ref.name for m in messages for ref in m.attachments}
        _store_named(zf, importer, needed)
        importer.add_messages(messages, result.report, folder, "meta-dyi")


def _store_named(zf: SafeZip, importer: _Importer, names: set[str]) -> None:
    by_path = {e.normalised: e for e in zf.entries}
    for wanted in sorted(names):
        if _match_member(wanted, importer.member_items) is not None:
            continue
        target = _match_member(wanted, {k: i for i, k in enumerate(by_path)})
        if target is not None:
            importer.store_member(zf, list(by_path.values())[target])


def _store_referenced_media(zf: SafeZip, importer: _Importer,
                            chats: list[tuple[ZipEntry, ChatFormat]]) -> None:
    needed: set[str] = set()
    for entry, fmt in chats:
        with _chat_stream(zf, entry, fmt) as stream:
            result = fmt.parse(stream, entry.normalised, importer.tz,
                               importer.options.date_order)
            base = entry.normalised.rsplit("/", 1)[0] + "/" if "/" in entry.normalised else ""
            for message in result.messages:
                for ref in message.attachments:
                    if ref.inline_data is None:
                        needed.add(ref.name)
                        if base:
                            needed.add(base + ref.name.lstrip("./"))
    _store_named(zf, importer, needed)


def _chat_stream(zf: SafeZip, entry: ZipEntry, fmt: ChatFormat) -> io.BufferedReader:
    """The stream a parser reads a chat member from.

    WhatsApp's parser reads its text twice, a block at a time (memory flat in the size of the
    chat), so it gets the member itself, decompressed again for the second reading. The other
    parsers read everything at once and get the bytes, as before.
    """
    if fmt.name == "whatsapp":
        return io.BufferedReader(_MemberReader(zf, entry), buffer_size=256 * 1024)
    return io.BufferedReader(io.BytesIO(zf.read(entry, MAX_CHAT_MEMBER)))


class _MemberReader(SeekableReader):
    """A zip member as a seekable stream: seeking back reopens it and reads up to the place."""

    def __init__(self, zf: SafeZip, entry: ZipEntry) -> None:
        self._zf = zf
        self._entry = entry
        self._stream = zf.open(entry)
        self._pos = 0
        self._size = entry.size

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        target = self._target(offset, whence)
        if target < self._pos:
            self._stream.close()
            self._stream = self._zf.open(self._entry)
            self._pos = 0
        while self._pos < target:
            skipped = len(self._stream.read(min(target - self._pos, 1024 * 1024)))
            if not skipped:
                break  # past the end, as a file allows: reads then return nothing
            self._pos += skipped
        return self._pos

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._stream.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self._pos += n
        return n

    def close(self) -> None:
        if not self.closed:
            self._stream.close()
        super().close()


__all__ = ["ChatOptions", "FORMATS", "import_export", "make_after_store"]
