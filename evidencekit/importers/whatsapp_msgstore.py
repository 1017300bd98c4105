"""Messages from WhatsApp for Android's own database (`msgstore.db`), held in memory.

The database comes decrypted from `whatsapp_crypt15` as bytes and is loaded with
`sqlite3.Connection.deserialize`: no file is created, and `temp_store=MEMORY` keeps SQLite's
sort spills in memory too. The database is untrusted input: `trusted_schema=OFF` stops its
schema from calling functions, `query_only=ON` forbids writes, and every table read must be a
real table (a view named `message` could make a query run for ever).

The modern schema (WhatsApp 2.22 onwards, the only one crypt15 backups hold in practice) is read:
`message` (one row per message or event), `chat` and `jid` (who), `message_media` (the file a
message names), `message_quoted` (the reply's copy of the quoted message), `message_revoked`
(deleted for everyone), `message_edit_info` (edited), `message_system` (group events), and
`jid_map` (a privacy "lid" identifier to the phone number it stands for). Columns missing from
an older or newer release read as NULL. The schema before 2022 (one `messages` table) is read by
`whatsapp_msgstore_legacy`; `read_store` picks the reader.
"""

from __future__ import annotations

import base64
import binascii
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from evidencekit.importers.records import (
    AttachmentRef,
    MessageKind,
    ParsedMessage,
    ParsedTime,
    SourceSpan,
    SpanKind,
)

EPOCH_RULE = "epoch milliseconds (UTC)"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# message.message_type (docs/formats.md lists them with what each becomes).
_MEDIA_HINTS = {1: "photo", 2: "audio", 3: "video", 9: "file", 13: "gif", 20: "sticker",
                42: "photo", 43: "video", 82: "audio"}
_SYSTEM_TYPES = {7}
_CALL_TYPES = {8, 10}
_DELETED_TYPES = {15, 64}

_OPTIONAL = {
    "message": ("key_id", "sender_jid_row_id", "status"),
    "chat": ("subject",),
    "jid": ("raw_string",),
    "message_media": ("file_path", "mime_type", "media_name", "media_caption", "file_hash"),
    "message_quoted": ("key_id", "text_data", "from_me", "sender_jid_row_id"),
    "message_revoked": ("revoked_key_id", "admin_jid_row_id", "revoke_timestamp"),
    "message_edit_info": ("edited_timestamp",),
    "message_system": ("action_type",),
}
_REQUIRED = {"message": ("_id", "chat_row_id", "from_me", "timestamp", "message_type",
                         "text_data"),
             "chat": ("_id", "jid_row_id"),
             "jid": ("_id", "user", "server")}


class NotAMessageStore(Exception):
    """The database is not a msgstore.db this module reads."""


def open_database(data: bytearray) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    conn.deserialize(data)  # SQLite copies the bytes into its own memory
    for pragma in ("trusted_schema=OFF", "temp_store=MEMORY", "query_only=ON"):
        conn.execute(f"PRAGMA {pragma}")
    return conn


def tables_of(conn: sqlite3.Connection) -> dict[str, set[str]]:
    names = [str(r[0]) for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")]
    wanted = set(_REQUIRED) | set(_OPTIONAL) | {"jid_map", "messages", "messages_quotes",
                                                 "chat_list"}
    return {name: {str(r[1]) for r in conn.execute(f'PRAGMA table_info("{name}")')}
            for name in names if name in wanted}


@dataclass(frozen=True)
class StoreFacts:
    rows: int  # rows of the message table: what the import must store
    chats: int
    has_media: bool


class MessageStore:
    """One decrypted msgstore.db: its facts, then its messages in chat and time order."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        try:
            self.tables = tables_of(conn)
        except sqlite3.DatabaseError as exc:
            raise NotAMessageStore("unreadable schema") from exc
        for table, columns in _REQUIRED.items():
            if not set(columns) <= self.tables.get(table, set()):
                raise NotAMessageStore(table)

    def column(self, table: str, column: str, alias: str) -> str:
        if column in self.tables.get(table, set()):
            return f"{alias}.{column}"
        return "NULL"

    def facts(self) -> StoreFacts:
        rows = int(self.conn.execute("SELECT count(*) FROM message").fetchone()[0])
        chats = int(self.conn.execute("SELECT count(*) FROM chat").fetchone()[0])
        return StoreFacts(rows, chats, "message_media" in self.tables)

    def _phones(self) -> dict[int, str]:
        """jid row id -> what to show for it: the phone number, the group or other address."""
        raw = self.column("jid", "raw_string", "j")
        shown: dict[int, str] = {}
        for row_id, user, server, raw_string in self.conn.execute(
                f"SELECT j._id, j.user, j.server, {raw} FROM jid j"):
            if isinstance(row_id, int):  # an id of another type joins nothing; skip it
                shown[row_id] = address(user, server, raw_string)
        if {"lid_row_id", "jid_row_id"} <= self.tables.get("jid_map", set()):
            for lid, phone in self.conn.execute("SELECT lid_row_id, jid_row_id FROM jid_map"):
                if isinstance(lid, int) and isinstance(phone, int) and phone in shown:
                    shown[lid] = shown[phone]
        return shown

    def _chats(self, phones: dict[int, str]) -> dict[int, tuple[str, str]]:
        """chat id -> (conversation name, the other party's address)."""
        subject = self.column("chat", "subject", "c")
        chats: dict[int, tuple[str, str]] = {}
        for chat_id, jid_row, name in self.conn.execute(
                f"SELECT c._id, c.jid_row_id, {subject} FROM chat c"):
            if not isinstance(chat_id, int):
                continue  # no message can point at it (chat_row_id is compared as a number)
            address = phones.get(jid_row, "") if isinstance(jid_row, int) else ""
            title = name if isinstance(name, str) and name else address
            chats[chat_id] = (title or f"chat {chat_id}", address)
        return chats

    def _joins(self) -> tuple[list[str], list[str]]:
        columns: list[str] = []
        joins: list[str] = []
        for table, alias in (("message_media", "mm"), ("message_quoted", "mq"),
                             ("message_revoked", "mr"), ("message_edit_info", "me"),
                             ("message_system", "ms")):
            for column in _OPTIONAL[table]:
                columns.append(self.column(table, column, alias))
            if table in self.tables and "message_row_id" in self.tables[table]:
                joins.append(f"LEFT JOIN {table} {alias} ON {alias}.message_row_id = m._id")
        return columns, joins

    def messages(self) -> Iterator[ParsedMessage]:
        phones = self._phones()
        chats = self._chats(phones)
        extra_columns, joins = self._joins()
        own = [self.column("message", c, "m") for c in _OPTIONAL["message"]]
        query = (
            "SELECT m._id, m.chat_row_id, m.from_me, m.timestamp, m.message_type, m.text_data, "
            + ", ".join(own + extra_columns)
            + " FROM message m " + " ".join(joins)
            + " ORDER BY m.chat_row_id, m.timestamp, m._id")
        for index, row in enumerate(self.conn.execute(query)):
            yield _message(index, row, phones, chats)


def read_store(conn: sqlite3.Connection) -> MessageStore:
    """The reader for this database's schema; raises NotAMessageStore for any other database."""
    try:
        return MessageStore(conn)
    except NotAMessageStore:
        from evidencekit.importers.whatsapp_msgstore_legacy import LegacyMessageStore

        return LegacyMessageStore(conn)


def address(user_value: Any, server_value: Any, raw: Any) -> str:
    user = user_value if isinstance(user_value, str) else ""
    server = server_value if isinstance(server_value, str) else ""
    if server == "s.whatsapp.net" and user:
        return "+" + user  # the user part is the number in international form, without "+"
    if isinstance(raw, str) and raw:
        return raw
    return f"{user}@{server}" if server else user


def epoch_ms(ms: Any) -> ParsedTime | None:
    if not isinstance(ms, int) or ms <= 0:
        return None
    try:
        instant = _EPOCH + timedelta(milliseconds=ms)  # exact, unlike ms / 1000 as a float
    except (OverflowError, OSError, ValueError):
        return ParsedTime(str(ms), None, EPOCH_RULE)
    return ParsedTime(str(ms), instant, EPOCH_RULE)


def media_sha256(value: Any) -> str:
    """message_media.file_hash (base64 of the file's SHA-256) as hex; "" when it is not one."""
    if not isinstance(value, str):
        return ""
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return ""
    return raw.hex() if len(raw) == 32 else ""


def iso_of(ms: Any) -> str | None:
    time = epoch_ms(ms)
    return time.instant.isoformat() if time and time.instant else None


def _message(index: int, row: tuple[Any, ...], phones: dict[int, str],
             chats: dict[int, tuple[str, str]]) -> ParsedMessage:
    (row_id, chat_id, from_me, timestamp, mtype, text, key_id, sender_row, status,
     path, mime, media_name, caption, file_hash, q_key, q_text, q_from_me, q_sender,
     revoked_key, revoked_admin, revoked_at, edited_at, action) = row
    conversation, party = chats.get(chat_id, (f"chat {chat_id}", "")) \
        if isinstance(chat_id, int) else ("", "")
    sent = from_me == 1
    sender = None if sent else (phones.get(sender_row) if isinstance(sender_row, int)
                                and sender_row > 0 else None) or party or None
    body = text if isinstance(text, str) else ""
    if not body and isinstance(caption, str):
        body = caption
    mtype = mtype if isinstance(mtype, int) else -1
    extra: dict[str, Any] = {"row_id": row_id, "message_type": mtype}
    if text is not None and not isinstance(text, str):
        extra["text_data"] = text.hex() if isinstance(text, bytes) else str(text)  # kept as is
    if isinstance(key_id, str):
        extra["key_id"] = key_id
    if isinstance(status, int):
        extra["status"] = status
    kind = MessageKind.MESSAGE
    if mtype in _SYSTEM_TYPES:
        kind = MessageKind.SYSTEM
        if isinstance(action, int):
            extra["action_type"] = action
    elif mtype in _CALL_TYPES:
        kind = MessageKind.CALL
    elif mtype in _DELETED_TYPES or revoked_key is not None:
        kind = MessageKind.DELETED
        if isinstance(revoked_admin, int) and revoked_admin > 0:
            extra["deleted_by_admin"] = phones.get(revoked_admin, str(revoked_admin))
        if iso_of(revoked_at):
            extra["deleted_at"] = iso_of(revoked_at)
    elif edited_at is not None:
        kind = MessageKind.EDITED
        extra["edited_at"] = iso_of(edited_at)
    attachments: list[AttachmentRef] = []
    name = path if isinstance(path, str) and path else media_name
    if isinstance(name, str) and name:
        attachments.append(AttachmentRef(name=name, media_hint=_MEDIA_HINTS.get(mtype, "file")))
        if isinstance(mime, str):
            extra["media_type"] = mime
        digest = media_sha256(file_hash)
        if digest:
            extra["media_sha256"] = digest  # what links the reference to the file, exactly
    elif mtype in _MEDIA_HINTS:
        kind = MessageKind.MEDIA_OMITTED if kind == MessageKind.MESSAGE else kind
    if q_key is not None or q_text is not None:
        extra["quoted"] = {
            "key_id": q_key if isinstance(q_key, str) else "",
            "text": q_text if isinstance(q_text, str) else "",
            "sender": "me" if q_from_me == 1 else (
                phones.get(q_sender, "") if isinstance(q_sender, int) else "") or party,
        }
    record = row_id if isinstance(row_id, int) else index  # a hostile table may hold text ids
    return ParsedMessage(
        index=index, span=SourceSpan(SpanKind.RECORD, record, record, "message"),
        sender=sender, time=epoch_ms(timestamp), text=body, kind=kind, attachments=attachments,
        direction="sent" if sent else "received", conversation=conversation, extra=extra)


__all__ = ["MessageStore", "NotAMessageStore", "StoreFacts", "address", "epoch_ms",
           "open_database", "read_store", "tables_of"]
