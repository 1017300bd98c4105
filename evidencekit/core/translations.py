"""Translations the victim types for a message or an item, stored in the vault and logged.

A darija threat ("غادي نوري الصور لخوك") means nothing to a French officer; the victim's own
translation is printed beside the original, labelled as hers and not sworn. Messages never
change (a trigger forbids it), so translations live in their own table, one per message or item.
The custody log records each change with the translation's SHA-256 and length, not its words:
the log travels in every bundle, the words stay with the evidence they translate.
"""

from __future__ import annotations

import hashlib

from evidencekit.core.custody import CustodyLog
from evidencekit.core.db import Connection
from evidencekit.core.errors import NotFound, UsageError
from evidencekit.core.evidence import get_item
from evidencekit.core.timeutil import now_iso
from evidencekit.i18n import _

MAX_TRANSLATION = 20_000


def _message_item(conn: Connection, message_id: int) -> int:
    row = conn.execute("SELECT item_id FROM messages WHERE id = ?", (message_id,)).fetchone()
    if row is None:
        raise NotFound(_("There is no message {id} in this vault.").format(id=message_id))
    return int(row[0])


def set_translation(conn: Connection, text: str, *, item_id: int | None = None,
                    message_id: int | None = None) -> bool:
    """Store (or, with empty text, delete) the translation of an item or of one message.

    Runs in the caller's transaction; returns False when nothing changed. Exactly one of
    `item_id` and `message_id` is given.
    """
    if (item_id is None) == (message_id is None):
        raise UsageError(_("Give either an item or a message to translate."))
    if message_id is not None:
        item_id = _message_item(conn, message_id)
    assert item_id is not None
    item = get_item(conn, item_id)
    if item.removal is not None:
        raise UsageError(_("Item {id} was removed; it cannot be translated.").format(id=item_id))
    text = text.strip()
    if len(text) > MAX_TRANSLATION:
        raise UsageError(_("A translation is limited to {n} characters.")
                         .format(n=MAX_TRANSLATION))
    before = translation_of(conn, item_id, message_id)
    if text == before:
        return False
    conn.execute("DELETE FROM translations WHERE item_id = ? AND IFNULL(message_id, 0) = ?",
                 (item_id, message_id or 0))
    log = CustodyLog(conn)
    if not text:
        log.append("translation-removed", item_id, message_id=message_id)
        return True
    conn.execute("INSERT INTO translations (item_id, message_id, text, updated_at)"
                 " VALUES (?, ?, ?, ?)", (item_id, message_id, text, now_iso()))
    log.append("translated", item_id, message_id=message_id, chars=len(text),
               sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
    return True


def translation_of(conn: Connection, item_id: int, message_id: int | None = None) -> str:
    row = conn.execute("SELECT text FROM translations WHERE item_id = ?"
                       " AND IFNULL(message_id, 0) = ?", (item_id, message_id or 0)).fetchone()
    return str(row[0]) if row else ""


def message_translations(conn: Connection, item_id: int) -> dict[int, str]:
    """Every message translation of one chat item, by message id."""
    rows = conn.execute("SELECT message_id, text FROM translations WHERE item_id = ?"
                        " AND message_id IS NOT NULL", (item_id,)).fetchall()
    return {int(r[0]): str(r[1]) for r in rows}
