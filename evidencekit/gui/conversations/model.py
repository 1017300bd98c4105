"""The messages of one chat export as a list model, fetched from the vault 200 at a time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QPixmap

from evidencekit.core.chat_owner import chat_owner
from evidencekit.core.media_links import link_media
from evidencekit.core.message_notes import change_line, reply_line, resolve_replies
from evidencekit.core.messages import list_messages
from evidencekit.core.timeutil import zone
from evidencekit.core.vault import Vault
from evidencekit.gui.conversations.selection import ExhibitSelection
from evidencekit.gui.main.thumbnails import ThumbnailLoader
from evidencekit.gui.session import Session
from evidencekit.gui.text import clean, local_time, message_time
from evidencekit.i18n import N_, _
from evidencekit.importers.calls_xml import describe_call

PAGE_SIZE = 200
MESSAGE_ROLE = Qt.ItemDataRole.UserRole + 1  # the Message row itself, for the delegate
MESSAGE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
CHOSEN_ROLE = Qt.ItemDataRole.UserRole + 3
MATCH_ROLE = Qt.ItemDataRole.UserRole + 4

KIND_LABELS = {
    "deleted": N_("deleted"), "edited": N_("edited"), "system": N_("system"),
    "unparsed": N_("kept as is"), "media_omitted": N_("media not exported"), "call": N_("call"),
}


@dataclass(frozen=True)
class Attachment:
    name: str
    item_id: int | None
    missing: bool
    is_image: bool
    sensitive: bool


@dataclass(frozen=True)
class Message:
    """One message, every untrusted string already stripped of control characters."""

    id: int
    item_id: int
    sender: str
    shown_time: str  # the time as the export wrote it (a Unix number decoded: gui/text.py)
    sent_at: str  # ISO with offset, for the local-time tooltip
    text: str
    kind: str
    outgoing: bool
    attachments: tuple[Attachment, ...]
    reply: str = ""  # "↪ reply to …", drawn above the text
    change: str = ""  # "edited at …" / "deleted for everyone at …", drawn below it


def _attachments(vault: Vault, raw: list[dict[str, Any]]) -> dict[int, tuple[str, bool]]:
    ids = [int(a["item_id"]) for m in raw for a in m["attachment_names"] if a["item_id"]]
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = vault.conn.execute(
        # An erased file (removal) is no image any more: its name is shown, nothing is read.
        f"SELECT o.item_id, CASE WHEN r.item_id IS NULL THEN o.media_type ELSE '' END,"
        f" COALESCE(a.sensitive, 0) FROM originals o"
        f" LEFT JOIN annotations a ON a.item_id = o.item_id"
        f" LEFT JOIN removals r ON r.item_id = o.item_id WHERE o.item_id IN ({marks})",
        ids).fetchall()
    return {int(r[0]): (str(r[1]), bool(r[2])) for r in rows}


def _shown_text(message: dict[str, object]) -> str:
    """The text as written; a call from a call log has none, so it is described in words."""
    text = str(message["text"] or "")
    extra = message.get("extra")
    if not text and message["kind"] == "call" and isinstance(extra, dict):
        return describe_call(extra)
    return text


def fetch_messages(vault: Vault, item_id: int, offset: int, limit: int = PAGE_SIZE,
                   owner: str | None = None, timezone: str = "UTC") -> list[Message]:
    """A page of messages; `owner` (the sender the user said is them) counts as outgoing."""
    raw = list_messages(vault.conn, item_id=item_id, limit=limit, offset=offset)
    link_media(vault.conn, raw)  # a backup database's photo imported on its own, by SHA-256
    resolve_replies(vault.conn, raw)
    facts = _attachments(vault, raw)
    tz = zone(timezone or "UTC")
    out = []
    for m in raw:
        attachments = tuple(
            Attachment(clean(a["name"], limit=200), a["item_id"], bool(a["missing"]),
                       facts.get(a["item_id"] or -1, ("", False))[0].startswith("image/"),
                       facts.get(a["item_id"] or -1, ("", False))[1])
            for a in m["attachment_names"])
        out.append(Message(
            int(m["id"]), int(m["item_id"]), clean(m["sender"] or "", limit=200),
            message_time(m["sent_at_source"], m["sent_at"], timezone), str(m["sent_at"] or ""),
            clean(_shown_text(m), multiline=True, limit=20_000), str(m["kind"]),
            str(m["direction"]).lower() in ("out", "outgoing", "sent")
            or (owner is not None and m["sender"] == owner), attachments,
            reply_line(m.get("extra"), isolate=True),  # cleaned there, isolates kept
            clean(change_line(str(m["kind"]), m.get("extra"), tz), limit=300)))
    return out


def row_of_message(vault: Vault, item_id: int, message_id: int) -> int:
    """The position of a message in its chat (its rank by index), or -1."""
    row = vault.conn.execute(
        "SELECT count(*) FROM messages WHERE item_id = ? AND idx <"
        " (SELECT idx FROM messages WHERE id = ? AND item_id = ?)",
        (item_id, message_id, item_id)).fetchone()
    exists = vault.conn.execute("SELECT 1 FROM messages WHERE id = ? AND item_id = ?",
                                (message_id, item_id)).fetchone()
    return int(row[0]) if exists else -1


class MessagesModel(QAbstractListModel):
    """Rows are loaded as the view scrolls; thumbnails of attachments come from the worker."""

    def __init__(self, session: Session, thumbnails: ThumbnailLoader,
                 selection: ExhibitSelection, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.thumbnails = thumbnails
        self.selection = selection
        self.item_id: int | None = None
        self.owner: str | None = None  # the sender who is the user, if they said so
        self.rows: list[Message] = []
        self.total = 0
        self.matches: set[int] = set()
        self._rows_of_attachment: dict[int, list[int]] = {}
        thumbnails.ready.connect(self._thumbnails_ready)
        # Sensitive images are drawn only as a blurred tile, decoded blurred in the worker.
        self.blurred = ThumbnailLoader(session, self, blur=True)
        self.blurred.ready.connect(self._thumbnails_ready)
        selection.changed.connect(self._chosen_changed)

    def set_chat(self, item_id: int | None) -> None:
        self.beginResetModel()
        self.item_id = item_id
        self.rows = []
        self.matches = set()
        self._rows_of_attachment = {}
        self.total = 0
        self.owner = None
        if item_id is not None and self.session.is_unlocked:
            self.owner = self.session.read(lambda v: chat_owner(v.conn, item_id))
            self.total = int(self.session.read(lambda v: v.conn.execute(
                "SELECT count(*) FROM messages WHERE item_id = ?", (item_id,)).fetchone()[0]))
            self._append(self._next_page())
        self.endResetModel()

    def _next_page(self) -> list[Message]:
        item_id = self.item_id
        if item_id is None or not self.session.is_unlocked:
            return []
        offset, owner, timezone = len(self.rows), self.owner, self.session.timezone
        return self.session.read(lambda v: fetch_messages(v, item_id, offset, owner=owner,
                                                          timezone=timezone))

    def _append(self, page: list[Message]) -> None:
        for message in page:
            for attachment in message.attachments:
                if attachment.item_id is not None:
                    self._rows_of_attachment.setdefault(attachment.item_id, []).append(
                        len(self.rows))
            self.rows.append(message)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008,N802
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008,N802
        if parent.isValid() or len(self.rows) >= self.total:
            return
        page = self._next_page()
        if not page:
            self.total = len(self.rows)
            return
        start = len(self.rows)
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._append(page)
        self.endInsertRows()

    def ensure_loaded(self, row: int) -> None:
        """Fetch pages until `row` exists (to scroll to a message far down a long chat)."""
        while row >= len(self.rows) and self.canFetchMore():
            self.fetchMore()

    def index_of_message(self, message_id: int) -> QModelIndex:
        item_id = self.item_id
        if item_id is None:
            return QModelIndex()
        row = self.session.read(lambda v: row_of_message(v, item_id, message_id))
        if row < 0:
            return QModelIndex()
        self.ensure_loaded(row)
        return self.index(row, 0) if row < len(self.rows) else QModelIndex()

    def set_matches(self, message_ids: set[int]) -> None:
        self.matches = message_ids
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 0),
                                  [MATCH_ROLE])

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self.rows)

    def message_at(self, row: int) -> Message | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        message = self.message_at(index.row()) if index.isValid() else None
        if message is None:
            return None
        if role == MESSAGE_ROLE:
            return message
        if role == MESSAGE_ID_ROLE:
            return message.id
        if role == CHOSEN_ROLE:
            return self.selection.contains(message.id)
        if role == MATCH_ROLE:
            return message.id in self.matches
        if role == Qt.ItemDataRole.DisplayRole:
            return message.text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.describe(message)
        if role == Qt.ItemDataRole.ToolTipRole:
            shown = local_time(message.sent_at, self.session.timezone, with_seconds=True)
            return _("Your local time: {time}").format(time=shown) if shown else None
        return None

    def describe(self, message: Message) -> str:
        """What a screen reader says for one bubble."""
        parts = [message.sender or _("(no sender)"), message.shown_time, message.reply,
                 message.text, message.change]
        if message.kind in KIND_LABELS:
            parts.append(_(KIND_LABELS[message.kind]))
        if any(a.sensitive and a.is_image for a in message.attachments):
            parts.append(_("sensitive image, blurred"))
        if self.selection.contains(message.id):
            parts.append(_("chosen as an exhibit"))
        return ", ".join(p for p in parts if p)

    def thumbnail(self, attachment: Attachment) -> QPixmap | None:
        # A sensitive image is drawn blurred only; it opens from the evidence page on request.
        if attachment.item_id is None or not attachment.is_image:
            return None
        if attachment.sensitive:
            return self.blurred.get(attachment.item_id)
        return self.thumbnails.get(attachment.item_id)

    def _thumbnails_ready(self, item_ids: list[int]) -> None:
        rows = [r for i in item_ids for r in self._rows_of_attachment.get(i, [])]
        if rows:
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), 0))

    def _chosen_changed(self) -> None:
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 0),
                                  [CHOSEN_ROLE])

