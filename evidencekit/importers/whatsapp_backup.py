"""Importing WhatsApp's own encrypted backup (`msgstore.db.crypt15`) as an original + messages.

The encrypted file is stored byte for byte as the original (the import transaction is already
open when this runs); its messages become derived rows. The key is asked through
`ChatOptions.backup_key` (the command line reads it like a passphrase, the GUI in a dialog),
used, and dropped: it is never stored, logged or put in the custody log.

A backup the key does not open is refused, vault unchanged, rather than stored unread: a file
already in the vault is a duplicate the next time, and its messages would never be read even
with the right key. The file is still on the phone or the computer, so nothing is lost by
refusing; the sentence says what to do.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from typing import BinaryIO, Protocol

from evidencekit.core.errors import Cancelled, UnsupportedInput
from evidencekit.i18n import N_, _, deferred
from evidencekit.importers.records import ParsedMessage, ParseReport
from evidencekit.importers.whatsapp_crypt15 import (
    MAX_DATABASE,
    BackupProblem,
    decrypt_database,
    looks_like_crypt15,
    parse_key,
    read_header,
)
from evidencekit.importers.whatsapp_msgstore import NotAMessageStore, open_database, read_store

FORMAT = "whatsapp-msgstore-crypt15"
LABEL = N_("WhatsApp backup (msgstore.db.crypt15)")
# Given the file's name: the key as typed, or None when the user gave none.
KeySource = Callable[[str], str | None]


class Importer(Protocol):
    """What `chat_import` gives: stores messages after the original, then writes the report."""

    def add_messages(self, messages: Iterable[ParsedMessage], report: ParseReport, part: str,
                     fmt_name: str) -> None: ...

    def finish(self, label: str) -> list[str]: ...

    def cancelled(self) -> bool: ...


def recognise(head: bytes) -> bool:
    return looks_like_crypt15(head)


def _refusal(name: str, reason: str) -> UnsupportedInput:
    sentences = {
        "no-key": _("{name}: this is an encrypted WhatsApp backup; it needs the 64-digit key "
                    "WhatsApp showed when end-to-end encrypted backup was turned on. Nothing "
                    "was added."),
        "bad-key": _("{name}: the key must be 64 characters, digits 0–9 and letters a–f, as "
                     "WhatsApp showed it. Nothing was added."),
        BackupProblem.WRONG_KEY: _(
            "{name}: this key does not open the backup; check the 64 digits (if they are "
            "right, the file was altered). Nothing was added."),
        BackupProblem.TOO_LARGE: _(
            "{name}: the database inside the backup is larger than {size} GB, more than "
            "evidencekit reads. Nothing was added."),
        "unreadable": _("{name}: the backup opened but its database is damaged and could not "
                        "be read. Nothing was added."),
    }
    default = _("{name}: the backup is damaged or incomplete (it does not end as WhatsApp "
                "writes it); copy it again from the phone. Nothing was added.")
    text = sentences.get(reason, default)
    return UnsupportedInput(text.format(name=name, size=MAX_DATABASE // 1024 ** 3))


def import_into(importer: Importer, stream: BinaryIO, name: str,
                key_source: KeySource | None) -> list[str]:
    """Decrypt `stream` in memory with the key asked from `key_source` and store its messages
    through `importer`; returns the lines that tell the user what was done."""
    typed = key_source(name) if key_source is not None else None
    if not typed:
        raise _refusal(name, "no-key")
    try:
        root = parse_key(typed)
    except ValueError:
        raise _refusal(name, "bad-key") from None
    del typed
    try:
        database = decrypt_database(stream, root, stop=lambda: _stop_if(importer.cancelled()))
    except BackupProblem as problem:
        if problem.reason == BackupProblem.NOT_SQLITE:
            return [_no_messages(name)]
        raise _refusal(name, problem.reason) from None
    finally:
        del root
    stream.seek(0)
    header = read_header(stream.read(300))
    try:
        conn = open_database(database)
    except sqlite3.DatabaseError:
        raise _refusal(name, "unreadable") from None
    finally:
        del database  # the connection holds its own copy; this one can go now
    with closing(conn):
        try:
            msgstore = read_store(conn)
            facts = msgstore.facts()
        except NotAMessageStore:
            return [_no_messages(name)]
        except sqlite3.DatabaseError:
            raise _refusal(name, "unreadable") from None
        report = ParseReport(format=FORMAT, title=name, counts={"rows": facts.rows})
        report.notes.append(deferred(
            N_("Backup written by WhatsApp {version} on the phone whose number ends in "
               "{digits}; {rows} rows in its message table, {chats} chats."),
            version=header.app_version or "?", digits=header.number_end or "?",
            rows=facts.rows, chats=facts.chats))
        if facts.has_media:
            report.notes.append(deferred(N_(
                "The photos, videos and voice notes are not inside the backup: they stay in "
                "the phone's WhatsApp/Media folder; import that folder to keep them too (as "
                "items of their own: each message names its file).")))
        importer.add_messages(_guarded(msgstore.messages(), name), report, "", FORMAT)
    return importer.finish(_(LABEL))


def _stop_if(cancelled: bool) -> None:
    if cancelled:
        raise Cancelled(_("Import cancelled; nothing of this export was kept."))


def _guarded(messages: Iterator[ParsedMessage], name: str) -> Iterator[ParsedMessage]:
    """The messages, with a database that breaks half-way read as one sentence."""
    try:
        yield from messages
    except sqlite3.DatabaseError:
        raise _refusal(name, "unreadable") from None


def _no_messages(name: str) -> str:
    return _("{name}: the backup opened but holds no WhatsApp messages (it may be the contacts "
             "or settings backup); it is kept as a file.").format(name=name)


__all__ = ["FORMAT", "LABEL", "Importer", "KeySource", "import_into", "recognise"]
