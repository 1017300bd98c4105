"""Search hits turned into rows a person can read: which item, which message, when."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from evidencekit.core.search import Hit, search
from evidencekit.core.vault import Vault
from evidencekit.gui.text import clean, local_time
from evidencekit.i18n import _

RESULT_ROLE = Qt.ItemDataRole.UserRole + 1

_ITEM_SQL = (
    "SELECT i.id, i.case_id, c.name, i.parent_id, i.kind,"
    " COALESCE(NULLIF(a.title, ''), o.original_name, a.url, '#' || i.id),"
    " COALESCE(NULLIF(a.occurred_at, ''), o.imported_at, i.created_at)"
    " FROM items i JOIN cases c ON c.id = i.case_id LEFT JOIN originals o ON o.item_id = i.id"
    " LEFT JOIN annotations a ON a.item_id = i.id WHERE i.id = ?"
)


@dataclass(frozen=True)
class Result:
    kind: str  # message, annotation, ocr, journal
    owner_id: int  # the message id for messages, else the item id
    item_id: int  # the item to select: the top-level one (a chat's photo opens its chat)
    case_id: int
    case_name: str
    where: str
    when: str  # ISO time, shown in local time
    snippet: str


def _item(vault: Vault, item_id: int) -> tuple[Any, ...] | None:
    row = vault.conn.execute(_ITEM_SQL, (item_id,)).fetchone()
    return tuple(row) if row else None


def _top(vault: Vault, item_id: int) -> int:
    seen = set()
    while item_id not in seen:
        seen.add(item_id)
        row = vault.conn.execute("SELECT parent_id FROM items WHERE id = ?", (item_id,)).fetchone()
        if row is None or row[0] is None:
            break
        item_id = int(row[0])
    return item_id


def resolve(vault: Vault, hit: Hit) -> Result | None:
    if hit.owner_kind == "message":
        row = vault.conn.execute("SELECT item_id, sender, sent_at, text FROM messages WHERE id = ?",
                                 (hit.owner_id,)).fetchone()
        if row is None:
            return None
        chat = _item(vault, int(row[0]))
        if chat is None:
            return None
        where = _("Message from {sender} in “{chat}”").format(
            sender=clean(row[1] or _("(no sender)"), limit=80), chat=clean(chat[5], limit=80))
        # The index holds a folded copy (no accents, lower case): show the message's own words.
        return Result("message", hit.owner_id, _top(vault, int(row[0])), int(chat[1]),
                      str(chat[2]), where, str(row[2] or ""), clean(row[3] or "", limit=300))
    item = _item(vault, hit.item_id)
    if item is None:
        return None
    name = clean(item[5], limit=80)
    where = {
        "annotation": _("Notes on “{name}”"),
        "ocr": _("Text read in the image “{name}”"),
        "journal": _("Journal entry “{name}”"),
    }.get(hit.owner_kind, _("Item “{name}”")).format(name=name)
    return Result(hit.owner_kind, hit.owner_id, _top(vault, hit.item_id), int(item[1]),
                  str(item[2]), where, str(item[6] or ""), clean(hit.snippet, limit=300))


def run_search(vault: Vault, query: str, *, progress: Callable[[int, int, str], None],
               cancel: threading.Event) -> list[Result]:
    """The search job (worker thread): the hits of `query`, best first."""
    with vault.lock:
        hits = search(vault.conn, query)
        out = []
        for n, hit in enumerate(hits):
            if cancel.is_set():
                break
            result = resolve(vault, hit)
            if result is not None:
                out.append(result)
            progress(n + 1, len(hits), "")
        return out


class ResultsModel(QAbstractTableModel):
    """The results of the last search."""

    def __init__(self, timezone: Callable[[], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timezone = timezone
        self.results: list[Result] = []

    def set_results(self, results: list[Result]) -> None:
        self.beginResetModel()
        self.results = results
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self.results)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (_("Where"), _("When"), _("Found text"))[section]

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.results):
            return None
        result = self.results[index.row()]
        if role == RESULT_ROLE:
            return result
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            # The isolate keeps untrusted text in its own direction inside Arabic rows.
            return (result.where, local_time(result.when, self.timezone()),
                    f"\u2068{result.snippet}\u2069")[index.column()]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{result.where}, {local_time(result.when, self.timezone())}, " \
                   f"{result.snippet}"
        return None
