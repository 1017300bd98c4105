"""Messages from msgstore.db as WhatsApp for Android wrote it before 2022 (one `messages` table).

Same rules as the modern reader (`whatsapp_msgstore`): the database is untrusted, every row of
`messages` becomes one message. The columns read: `key_remote_jid` (the chat's jid),
`key_from_me`, `key_id`, `status` (6: a group event), `data` (the text), `timestamp` (epoch ms
UTC), `media_wa_type` (stored as text; the same numbers as the modern `message_type`),
`media_name`, `media_mime_type`, `media_caption`, `remote_resource` (the sender in a group),
`quoted_row_id` (→ `messages_quotes`, the reply's copy of the quoted message), `edit_version`
(7: deleted by its sender, 8: by a group admin). Chat names come from `chat_list.subject`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

from evidencekit.importers.records import (
    AttachmentRef,
    MessageKind,
    ParsedMessage,
    SourceSpan,
    SpanKind,
)
from evidencekit.importers.whatsapp_msgstore import (
    MessageStore,
    NotAMessageStore,
    StoreFacts,
    address,
    epoch_ms,
    media_sha256,
    tables_of,
)

_REQUIRED = ("_id", "key_remote_jid", "key_from_me", "timestamp", "data")
_OPTIONAL = ("key_id", "status", "media_wa_type", "media_name", "media_mime_type",
             "media_caption", "remote_resource", "edit_version", "media_hash")
_QUOTE_COLUMNS = ("key_id", "data", "key_from_me", "remote_resource", "key_remote_jid")
_MEDIA_HINTS = {1: "photo", 2: "audio", 3: "video", 9: "file", 13: "gif", 20: "sticker"}
_GROUP_EVENT_STATUS = 6
_DELETED_TYPES = {15}
_DELETED_EDITS = {7, 8}


def jid_address(jid: Any) -> str:
    """`33612345678@s.whatsapp.net` → `+33612345678`; other jids as written."""
    if not isinstance(jid, str):
        return ""
    user, _at, server = jid.partition("@")
    return address(user, server, jid)


class LegacyMessageStore(MessageStore):
    """The same interface (facts, messages) over the old schema; only `column` is inherited,
    so the modern constructor, which checks for the modern tables, is not called."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        try:
            self.tables = tables_of(conn)
        except sqlite3.DatabaseError as exc:
            raise NotAMessageStore("unreadable schema") from exc
        if not set(_REQUIRED) <= self.tables.get("messages", set()):
            raise NotAMessageStore("messages")

    def facts(self) -> StoreFacts:
        rows = int(self.conn.execute("SELECT count(*) FROM messages").fetchone()[0])
        chats = int(self.conn.execute(
            "SELECT count(DISTINCT key_remote_jid) FROM messages").fetchone()[0])
        return StoreFacts(rows, chats, "media_name" in self.tables["messages"])

    def _chat_names(self) -> dict[str, str]:
        if not {"key_remote_jid", "subject"} <= self.tables.get("chat_list", set()):
            return {}
        return {jid: name for jid, name in self.conn.execute(
            "SELECT key_remote_jid, subject FROM chat_list")
            if isinstance(jid, str) and isinstance(name, str) and name}

    def messages(self) -> Iterator[ParsedMessage]:
        names = self._chat_names()
        own = [self.column("messages", c, "m") for c in _OPTIONAL]
        quotes = self.tables.get("messages_quotes", set())
        joined = "quoted_row_id" in self.tables["messages"] and "_id" in quotes
        quoted = [f"q.{c}" if joined and c in quotes else "NULL" for c in _QUOTE_COLUMNS]
        join = " LEFT JOIN messages_quotes q ON q._id = m.quoted_row_id" if joined else ""
        query = ("SELECT m._id, m.key_remote_jid, m.key_from_me, m.timestamp, m.data, "
                 + ", ".join(own + quoted) + " FROM messages m" + join
                 + " ORDER BY m.key_remote_jid, m.timestamp, m._id")
        for index, row in enumerate(self.conn.execute(query)):
            yield _message(index, row, names)


def _number(value: Any) -> int:
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return -1


def _message(index: int, row: tuple[Any, ...], names: dict[str, str]) -> ParsedMessage:
    (row_id, chat, from_me, timestamp, text, key_id, status, wa_type, media_name, mime,
     caption, resource, edit_version, media_hash,
     q_key, q_text, q_from_me, q_resource, q_chat) = row
    party = jid_address(chat)
    group = isinstance(chat, str) and chat.endswith("@g.us")
    sent = from_me == 1
    sender = None if sent else (jid_address(resource) if group else party) or None
    mtype = _number(wa_type)
    extra: dict[str, Any] = {"row_id": row_id, "message_type": mtype, "schema": "legacy"}
    if isinstance(key_id, str):
        extra["key_id"] = key_id
    if isinstance(status, int):
        extra["status"] = status
    body = text if isinstance(text, str) else ""
    if text is not None and not isinstance(text, str):
        extra["text_data"] = text.hex() if isinstance(text, bytes) else str(text)
    if not body and isinstance(caption, str):
        body = caption
    kind = MessageKind.MESSAGE
    if mtype in _DELETED_TYPES or _number(edit_version) in _DELETED_EDITS:
        kind = MessageKind.DELETED
    elif status == _GROUP_EVENT_STATUS and mtype <= 0:
        kind = MessageKind.SYSTEM
    attachments: list[AttachmentRef] = []
    if isinstance(media_name, str) and media_name:
        attachments.append(AttachmentRef(media_name, _MEDIA_HINTS.get(mtype, "file")))
        if isinstance(mime, str):
            extra["media_type"] = mime
        if media_sha256(media_hash):  # base64 SHA-256, as in the modern message_media
            extra["media_sha256"] = media_sha256(media_hash)
    elif mtype in _MEDIA_HINTS and kind == MessageKind.MESSAGE:
        kind = MessageKind.MEDIA_OMITTED
    if q_key is not None or q_text is not None:
        quoted_party = jid_address(q_resource) or jid_address(q_chat) or party
        extra["quoted"] = {"key_id": q_key if isinstance(q_key, str) else "",
                           "text": q_text if isinstance(q_text, str) else "",
                           "sender": "me" if q_from_me == 1 else quoted_party}
    record = row_id if isinstance(row_id, int) else index
    conversation = names.get(chat, party) if isinstance(chat, str) else ""
    return ParsedMessage(
        index=index, span=SourceSpan(SpanKind.RECORD, record, record, "messages"),
        sender=sender, time=epoch_ms(timestamp), text=body, kind=kind, attachments=attachments,
        direction="sent" if sent else "received", conversation=conversation or party,
        extra=extra)


__all__ = ["LegacyMessageStore", "jid_address"]
