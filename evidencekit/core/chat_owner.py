"""Which sender of a chat export is the vault's owner ("which one is you?").

Most chat exports (WhatsApp's text export, Instagram, SMS backups from some apps) do not say
which side is the victim's. The user answers once per chat; the answer is kept inside the vault
(`meta`, one key per chat item) and logged in the custody log, since it changes how the
conversation is shown. The messages themselves are never rewritten.
"""

from __future__ import annotations

from sqlite3 import Connection

from evidencekit.core.custody import CustodyLog
from evidencekit.core.errors import UsageError
from evidencekit.i18n import _

MAX_SENDERS = 50  # a group chat larger than this is listed by its 50 most frequent senders


def _key(item_id: int) -> str:
    return f"chat_owner:{item_id}"


def chat_senders(conn: Connection, item_id: int) -> list[str]:
    """The chat's senders, the most frequent first (system lines have none)."""
    rows = conn.execute(
        "SELECT sender, count(*) AS n FROM messages WHERE item_id = ? AND sender IS NOT NULL"
        " AND sender != '' GROUP BY sender ORDER BY n DESC, sender LIMIT ?",
        (item_id, MAX_SENDERS)).fetchall()
    return [str(r[0]) for r in rows]


def chat_owner(conn: Connection, item_id: int) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_key(item_id),)).fetchone()
    return str(row[0]) if row and row[0] else None


def set_chat_owner(conn: Connection, item_id: int, sender: str | None) -> bool:
    """Record (or, with None, forget) which sender is the owner, in the caller's transaction.

    Returns False when nothing changed. A name that is not one of the chat's senders is
    refused: the choice only ever points at what the export says.
    """
    if sender is not None and conn.execute(
            "SELECT 1 FROM messages WHERE item_id = ? AND sender = ? LIMIT 1",
            (item_id, sender)).fetchone() is None:
        raise UsageError(_("“{name}” is not a sender in this conversation.").format(name=sender))
    if chat_owner(conn, item_id) == sender:
        return False
    log = CustodyLog(conn)
    if sender is None:
        conn.execute("DELETE FROM meta WHERE key = ?", (_key(item_id),))
        log.append("chat-owner-cleared", item_id)
    else:
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                     (_key(item_id), sender))
        log.append("chat-owner-chosen", item_id, sender=sender)
    return True
