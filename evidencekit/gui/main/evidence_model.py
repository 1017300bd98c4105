"""The evidence of one case as a Qt table model, fetched from the vault 200 rows at a time.

The query is keyset-paged (`id > last`), so opening a case costs one page whatever its size:
a 100,000-item case opens as fast as a 10-item one, and scrolling fetches the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QPixmap

from evidencekit.core.categories import CATEGORIES
from evidencekit.core.vault import Vault
from evidencekit.gui.main.thumbnails import ThumbnailLoader
from evidencekit.gui.session import Session
from evidencekit.gui.text import clean, human_size, isolated, local_time
from evidencekit.i18n import _, is_rtl

PAGE_SIZE = 200
ITEM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
MEDIA_ROLE = Qt.ItemDataRole.UserRole + 2

_PAGE_SQL = (
    "SELECT i.id, i.kind, o.original_name, a.title, a.url, o.media_type, o.size,"
    " COALESCE(o.imported_at, i.created_at), a.category, a.sensitive, r.item_id, i.parent_id"
    " FROM items i LEFT JOIN originals o ON o.item_id = i.id"
    " LEFT JOIN annotations a ON a.item_id = i.id LEFT JOIN removals r ON r.item_id = i.id"
    " WHERE i.case_id = ? AND i.id > ?"
    # The photos, videos and voice notes of an export are rows of their own, right under it
    # (stored in its transaction, so their ids follow its id): they can be seen and marked.
    " AND (i.parent_id IS NULL OR o.media_type LIKE 'image/%' OR o.media_type LIKE 'video/%'"
    " OR o.media_type LIKE 'audio/%') ORDER BY i.id LIMIT ?"
)
_COUNT_SQL = "SELECT count(*) FROM items WHERE case_id = ? AND parent_id IS NULL"


@dataclass(frozen=True)
class Row:
    item_id: int
    name: str
    kind: str
    media_type: str
    size: int | None
    added: str
    category: str
    sensitive: bool
    removed: bool
    parent_id: int | None = None  # the export this file came from


def _row(values: tuple[Any, ...]) -> Row:
    (item_id, kind, name, title, url, media, size, added, category, sensitive, removed,
     parent) = values
    shown = title or name or url or f"#{item_id}"
    return Row(int(item_id), clean(shown, limit=300), str(kind), str(media or ""),
               None if size is None else int(size), str(added or ""), str(category or ""),
               bool(sensitive), removed is not None, None if parent is None else int(parent))


def fetch_page(vault: Vault, case_id: int, after_id: int, limit: int = PAGE_SIZE) -> list[Row]:
    rows = vault.conn.execute(_PAGE_SQL, (case_id, after_id, limit)).fetchall()
    return [_row(tuple(r)) for r in rows]


class EvidenceModel(QAbstractTableModel):
    """Items of the selected case; column 0 carries the thumbnail as its decoration."""

    COLUMNS = ("name", "type", "size", "added", "category")

    def __init__(self, session: Session, thumbnails: ThumbnailLoader,
                 parent: QObject | None = None, blurred: ThumbnailLoader | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.thumbnails = thumbnails
        self.blurred = blurred  # decodes sensitive images blurred; None: they show no thumbnail
        self.case_id: int | None = None
        self.rows: list[Row] = []
        self.total = 0
        self._row_of: dict[int, int] = {}
        self._exhausted = True
        thumbnails.ready.connect(self._thumbnails_ready)
        if blurred is not None:
            blurred.ready.connect(self._thumbnails_ready)

    # -- loading ----------------------------------------------------------------------------
    def set_case(self, case_id: int | None) -> None:
        self.beginResetModel()
        self.case_id = case_id
        self.rows = []
        self._row_of = {}
        self.total = 0
        self._exhausted = case_id is None
        if case_id is not None and self.session.is_unlocked:
            self.total = int(self.session.read(
                lambda v: v.conn.execute(_COUNT_SQL, (case_id,)).fetchone()[0]))
            self._append(self._next_page())
        self.endResetModel()

    def reload(self) -> None:
        self.set_case(self.case_id)

    def clear(self) -> None:
        self.set_case(None)

    def _next_page(self) -> list[Row]:
        if self.case_id is None or not self.session.is_unlocked:
            return []
        case_id = self.case_id
        after = self.rows[-1].item_id if self.rows else 0
        page = self.session.read(lambda v: fetch_page(v, case_id, after))
        if len(page) < PAGE_SIZE:
            self._exhausted = True
        return page

    def _append(self, page: list[Row]) -> None:
        for row in page:
            self._row_of[row.item_id] = len(self.rows)
            self.rows.append(row)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008,N802
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008,N802
        if parent.isValid() or self._exhausted:
            return
        page = self._next_page()
        if not page:
            self._exhausted = True
            return
        start = len(self.rows)
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._append(page)
        self.endInsertRows()

    # -- Qt model API -------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (_("Name"), _("Type"), _("Size"), _("Added"), _("Category"))[section]

    def row_at(self, row: int) -> Row | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == ITEM_ID_ROLE:
            return row.item_id
        if role == MEDIA_ROLE:
            return row.media_type
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return row.name
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self._thumbnail(row)
        return None

    def _text(self, row: Row, column: int) -> str:
        if column == 0:
            name = row.name
            rtl = is_rtl()
            if rtl:  # "00000012-PHOTO…" was shown as "PHOTO…-00000012" in Arabic
                name = isolated(name)
            name = _("{name} (removed)").format(name=name) if row.removed else name
            if row.sensitive and not row.removed:
                name = _("{name} (blurred)").format(name=name)
            if row.parent_id is None:
                return name
            # The arrow points from the export to its file, toward the name in either direction.
            return f"   {'↲' if rtl else '↳'} {name}"
        if column == 1:
            return _kind_label(row)
        if column == 2:
            return human_size(row.size)
        if column == 3:
            return local_time(row.added, self.session.timezone)
        if column == 4:
            return _(CATEGORIES[row.category]) if row.category in CATEGORIES else ""
        return ""

    def _thumbnail(self, row: Row) -> QPixmap | None:
        if row.removed or not row.media_type.startswith("image/"):
            return None
        if row.sensitive:
            # Never the image itself: a blurred tile, so the row (and the grid) keeps its shape.
            return self.blurred.get(row.item_id) if self.blurred is not None else None
        return self.thumbnails.get(row.item_id)

    def _thumbnails_ready(self, item_ids: list[int]) -> None:
        rows = [self._row_of[i] for i in item_ids if i in self._row_of]
        if rows:
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), 0),
                                  [Qt.ItemDataRole.DecorationRole])

    def refresh_item(self, item_id: int) -> None:
        """Re-read one row after its description changed, without reloading the case."""
        position = self._row_of.get(item_id)
        case_id = self.case_id
        if position is None or case_id is None:
            return
        page = self.session.read(lambda v: fetch_page(v, case_id, item_id - 1, 1))
        if page and page[0].item_id == item_id:
            self.rows[position] = page[0]
            self.dataChanged.emit(self.index(position, 0),
                                  self.index(position, self.columnCount() - 1))

    def index_of(self, item_id: int) -> QModelIndex:
        row = self._row_of.get(item_id)
        return self.index(row, 0) if row is not None else QModelIndex()


def _kind_label(row: Row) -> str:
    if row.kind == "journal":
        return _("Journal entry")
    if row.kind == "url":
        return _("Web address")
    if row.media_type.startswith("image/"):
        return _("Image")
    if row.media_type.startswith("video/"):
        return _("Video")
    if row.media_type.startswith("audio/"):
        return _("Audio")
    if row.media_type in ("application/zip", "application/x-zip-compressed"):
        return _("Export archive")
    if row.media_type.startswith("text/") or row.media_type == "application/json":
        return _("Text")
    if row.media_type == "application/pdf":
        return _("PDF document")
    return _("File")
