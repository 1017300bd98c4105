"""An item's custody history (who did what, when) as a table model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from evidencekit.core.custody import CustodyEntry
from evidencekit.gui.text import clean, local_time
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
    "received-from-device": N_("Received from a phone over the local network"),
}
_HIDDEN_DETAIL = frozenset({"tool", "kdf"})


def action_label(action: str) -> str:
    return _(ACTIONS[action]) if action in ACTIONS else clean(action)


def detail_text(entry: CustodyEntry) -> str:
    if entry.action == "annotated" and isinstance(entry.detail.get("changes"), dict):
        return ", ".join(clean(k) for k in entry.detail["changes"])
    if entry.action in ("import", "import-duplicate"):
        return clean(entry.detail.get("source_name", ""))
    if entry.action == "removed":
        return clean(entry.detail.get("reason", ""))
    if entry.action == "messages-reread":
        return _reread_detail(entry.detail)
    parts = [f"{clean(k)}: {clean(v, limit=80)}" for k, v in entry.detail.items()
             if k not in _HIDDEN_DETAIL]
    return "; ".join(parts)


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
