"""Media stored from a chat export: marked sensitive in bulk, and child-abuse material erased.

A photo inside a WhatsApp zip is stored twice over: as its own original (linked to the export by
`parent_id`) and inside the zip's bytes. Blurring needs only the first; erasing material that must
never be kept needs both, so every export holding a copy is erased with it (its messages stay).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import sqlcipher3

from evidencekit.core.categories import CSAM
from evidencekit.core.custody import CustodyLog
from evidencekit.core.db import Connection
from evidencekit.core.errors import NotFound, UsageError
from evidencekit.core.evidence import annotate, get_item, remove_item
from evidencekit.i18n import _

if TYPE_CHECKING:
    from evidencekit.core.vault import Vault

# Categories whose images are intimate (the bundle README warns about them, dossiers of a minor
# withhold them).
INTIMATE_CATEGORIES = frozenset({"intimate_images", "webcam_blackmail", CSAM})


def export_images(conn: Connection, export_ids: Iterable[int]) -> list[int]:
    """Images and videos stored from these exports (not erased), in import order."""
    ids = sorted(set(export_ids))
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        f"SELECT i.id FROM items i JOIN originals o ON o.item_id = i.id"
        f" LEFT JOIN removals r ON r.item_id = i.id"
        f" WHERE i.parent_id IN ({marks}) AND r.item_id IS NULL"
        f" AND (o.media_type LIKE 'image/%' OR o.media_type LIKE 'video/%')"
        f" ORDER BY i.id", ids).fetchall()
    return [int(r[0]) for r in rows]


def mark_sensitive(conn: Connection, item_ids: Iterable[int], sensitive: bool) -> int:
    """Mark (or unmark) several items at once; each change is its own logged annotation.
    Returns how many items changed."""
    changed = 0
    for item_id in dict.fromkeys(item_ids):
        before = get_item(conn, item_id).annotations.sensitive
        if before != sensitive:
            annotate(conn, item_id, sensitive=sensitive)
            changed += 1
    return changed


def exports_holding(conn: Connection, item_id: int) -> list[int]:
    """Exports whose stored bytes contain this item: the one it came from, and any other whose
    messages name it (a photo sent in two chats is stored once)."""
    rows = conn.execute(
        "SELECT parent_id FROM items WHERE id = ? AND parent_id IS NOT NULL"
        " UNION SELECT m.item_id FROM message_attachments ma JOIN messages m"
        " ON m.id = ma.message_id WHERE ma.attachment_item_id = ?", (item_id, item_id)).fetchall()
    # The same bytes met again inside a later export (stored once, no message naming them):
    # the duplicate import's log entry names that export.
    again = {entry.detail["parent_id"] for entry in CustodyLog(conn).entries(item_id)
             if entry.action == "import-duplicate"
             and type(entry.detail.get("parent_id")) is int}
    found = []
    for export_id in sorted({int(r[0]) for r in rows} | again):
        try:
            export = get_item(conn, int(export_id))
        except NotFound:
            continue
        if export.original is not None and export.removal is None and export.id != item_id:
            found.append(export.id)
    return sorted(found)


def erase_child_abuse(conn: Connection, item_id: int, *, url: str = "",
                      description: str = "") -> list[int]:
    """Erase a stored file the user says shows the sexual abuse of a child, and every export
    that holds a copy; keep only its fingerprint, address and description. Logged, final.

    Returns the ids of the items whose bytes were erased (the file first, then its exports).
    """
    item = get_item(conn, item_id)
    if item.original is None or item.removal is not None:
        annotate(conn, item_id, category=CSAM, **_words(url, description))
        return []
    sha = item.original.sha256
    exports = exports_holding(conn, item_id)
    erased = [item_id]
    # The reasons are log text, written in English like every entry of the custody log.
    remove_item(conn, item_id, reason=(
        "child sexual abuse material: it must never be kept, so only its fingerprint, address "
        "and description remain"))
    for export_id in exports:
        remove_item(conn, export_id, keep_messages=True, reason=(
            "this export held a file erased as child sexual abuse material "
            f"(item {item_id}, SHA-256 {sha}); the export's file is erased with it and "
            "replaced by nothing, its messages are kept"))
        erased.append(export_id)
    annotate(conn, item_id, category=CSAM, sensitive=True, **_words(url, description))
    return erased


def _words(url: str, description: str) -> dict[str, str]:
    words = {}
    if url.strip():
        words["url"] = url.strip()
    if description.strip():
        words["description"] = description.strip()
    if len(words.get("url", "")) > 4000:
        raise UsageError(_("The address is too long."))
    return words


def flush_erased(vault: Vault) -> bool:
    """After an erasure: copy the write-ahead log into the database now and empty it.

    `secure_delete` zeroes the freed pages, but the log still holds the earlier frames of those
    pages (the image, encrypted) until a checkpoint, which otherwise waits for the vault to
    close; the app may stay open for hours, and a crash leaves the log as it is. False when
    another window or command reading the vault kept part of the log (it empties at close)."""
    with vault.lock:
        try:
            row = vault.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlcipher3.DatabaseError:
            return False
    return row is not None and int(row[0]) == 0
