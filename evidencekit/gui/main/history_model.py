"""An item's custody history (who did what, when) as a table model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from evidencekit.core.custody import CustodyEntry
from evidencekit.gui.text import clean, local_time, number
from evidencekit.i18n import N_, _

ACTIONS = {
    "import": N_("Added to the vault"),
    "import-duplicate": N_("Added again (already in the vault)"),
    "annotated": N_("Description changed"),
    "derived-created": N_("Copy made (thumbnail, text or blurred)"),
    "removed": N_("Removed (its fingerprint is kept)"),
    "exported": N_("Included in an export"),
    "verified": N_("Checked"),
    "url-recorded": N_("Address recorded"),
    "messages-imported": N_("Messages read from the export"),
    "messages-reread": N_("Messages read again (the first reading is kept)"),
    "exhibit-numbered": N_("Numbered as an exhibit"),
    "exported-bundle": N_("Included in a signed bundle"),
    "carried-over": N_("Carried over from a damaged vault"),
    "rescue-lost": N_("Lost with a damaged vault (its fingerprint is kept)"),
    "chat-owner-chosen": N_("Marked which sender is you"),
    "chat-owner-cleared": N_("Unmarked which sender is you"),
    "received-from-device": N_("Received from a phone over the local network"),
}
DERIVED_KINDS = {
    "ocr": N_("the text read in the image"),
    "thumbnail": N_("a small preview image"),
    "blurred": N_("a blurred copy"),
}
# The description fields, as the user sees them on the Description tab.
FIELD_NAMES = {
    "title": N_("title"), "url": N_("web address"), "author": N_("author"),
    "author_url": N_("author's profile"), "seen_at": N_("date seen"),
    "published_at": N_("date published"), "occurred_at": N_("date it happened"),
    "platform": N_("platform"), "notes": N_("notes"), "category": N_("category"),
    "sensitive": N_("sensitive"), "online_status": N_("still online"),
    "description": N_("description"), "author_id": N_("author's number"),
    "online_checked_at": N_("date checked online"),
}


def action_label(action: str) -> str:
    return _(ACTIONS[action]) if action in ACTIONS else clean(action)


def _number(value: object) -> str:
    return number(value) if isinstance(value, int) else ""


def detail_text(entry: CustodyEntry) -> str:
    """One short sentence per action, in the user's language; never the raw stored fields
    (those are for the dossier and `evidencekit log`, where they are explained)."""
    d, action = entry.detail, entry.action
    if action == "annotated" and isinstance(d.get("changes"), dict):
        return ", ".join(_(FIELD_NAMES[k]) if k in FIELD_NAMES else clean(k)
                         for k in d["changes"])
    if action in ("import", "import-duplicate"):
        return _("from the file “{name}”").format(name=clean(d.get("source_name", ""))) \
            if d.get("source_name") else ""
    if action == "removed":
        return clean(d.get("reason", ""))
    if action == "derived-created":
        kind = str(d.get("kind", ""))
        return _(DERIVED_KINDS[kind]) if kind in DERIVED_KINDS else ""
    if action == "exhibit-numbered" and isinstance(d.get("number"), int):
        return _("exhibit no. {n}").format(n=_number(d["number"]))
    if action == "url-recorded" and d.get("url"):
        return clean(d["url"], limit=120)
    if action == "messages-imported" and isinstance(d.get("messages"), int):
        return _("{n} messages").format(n=_number(d["messages"]))
    if action == "chat-owner-chosen" and d.get("sender"):
        return clean(d["sender"], limit=80)
    if action == "messages-reread":
        return _reread_detail(d)
    if action == "received-from-device" and d.get("source_name"):
        return _("from the file “{name}”").format(name=clean(d["source_name"]))
    if action in ("translated", "translation-removed"):
        return _("one message") if d.get("message_id") else _("the whole item")
    if action in ("exported", "exported-bundle") and d.get("file_name"):
        return clean(d["file_name"], limit=120)
    return ""


def _reread_detail(detail: dict[str, Any]) -> str:
    before = detail.get("previous") or {}
    after = detail.get("requested") or {}

    def words(orders: object, zones: object) -> str:
        listed = [*(orders if isinstance(orders, list) else [orders]),
                  *(zones if isinstance(zones, list) else [zones])]
        return ", ".join(clean(v, limit=40) for v in listed if v)

    return _("{before} → {after}; {n} times changed").format(
        before=words(before.get("date_orders"), before.get("timezones")),
        after=words(detail.get("date_orders") or after.get("date_order"), after.get("timezone")),
        n=detail.get("instants_changed", "?"))


class HistoryModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.entries: list[CustodyEntry] = []
        self.timezone = "UTC"

    def set_entries(self, entries: list[CustodyEntry], timezone: str) -> None:
        self.beginResetModel()
        self.entries = entries
        self.timezone = timezone
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("When"), _("What"), _("Details"))[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                                Qt.ItemDataRole.ToolTipRole):
            return None
        entry = self.entries[index.row()]
        if index.column() == 0:
            return local_time(entry.at, self.timezone, with_seconds=True)
        if index.column() == 1:
            return action_label(entry.action)
        return detail_text(entry)
