"""One SHA-256 over every message stored from one export, recorded in its import entry.

Messages are rows the app parsed out of a chat, SMS or e-mail export, not bytes kept as they
came, so the original's hash does not cover them: a rewritten message would show in the dossier
while the export's hash stays right. The import entry (`messages-imported`) therefore records a
digest of the stored rows, computed once they are all written, in the same transaction; `verify`
recomputes it. One digest per export rather than one log entry per message keeps the log
readable and its size independent of the chat's length (a 100,000-message export is one entry),
at the cost of naming the export, not the message, when one changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from typing import Any

from evidencekit.core.custody import canonical
from evidencekit.core.db import Connection

DOMAIN = b"evidencekit-messages-v1\x00"
_COLUMNS = ("id, idx, conversation, sender, sent_at, sent_at_utc, sent_at_source, time_rule, "
            "text, kind, direction, span_kind, span_start, span_end, span_part, extra")


MESSAGE_COLUMNS = tuple(c.strip() for c in _COLUMNS.split(","))
ATTACHMENT_COLUMNS = ("message_id", "name", "attachment_item_id", "missing")


def message_rows(conn: Connection, item_id: int) -> Iterator[list[Any]]:
    """One export's message rows in digest order, each a list in `MESSAGE_COLUMNS` order."""
    for row in conn.execute(f"SELECT {_COLUMNS} FROM messages WHERE item_id = ?"  # noqa: S608
                            " ORDER BY idx, id", (item_id,)):
        yield list(row)


def attachment_rows(conn: Connection, item_id: int) -> Iterator[list[Any]]:
    for row in conn.execute(
            "SELECT a.message_id, a.name, a.attachment_item_id, a.missing"
            " FROM message_attachments a JOIN messages m ON m.id = a.message_id"
            " WHERE m.item_id = ? ORDER BY a.message_id, a.rowid", (item_id,)):
        yield list(row)


def digest_rows(messages: Iterable[list[Any]], attachments: Iterable[list[Any]]
                ) -> tuple[int, str]:
    """The digest of rows already read (a superseded reading kept as JSON gives the same one)."""
    digest = hashlib.sha256(DOMAIN)
    count = 0
    for row in messages:
        digest.update(b"m" + canonical(row) + b"\n")
        count += 1
    for row in attachments:
        digest.update(b"a" + canonical(row) + b"\n")
    return count, digest.hexdigest()


def messages_digest(conn: Connection, item_id: int) -> tuple[int, str]:
    """(number of messages, SHA-256 over them and their attachment links) for one export."""
    return digest_rows(message_rows(conn, item_id), attachment_rows(conn, item_id))
