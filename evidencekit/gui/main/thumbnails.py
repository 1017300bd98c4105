"""Thumbnails decoded in the background and kept in memory only (no cache on disk, ever)."""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QStyleOptionViewItem

from evidencekit.gui.main.imaging import decode_items
from evidencekit.gui.session import Session

THUMB_SIDE = 160
BATCH = 24
MAX_CACHED = 3000


class ThumbnailLoader(QObject):
    """Collects requests from the model, decodes them in batches through the worker."""

    #: thumbnails for these item ids are now in the cache.
    ready = Signal(list)

    def __init__(self, session: Session, parent: QObject | None = None, *,
                 blur: bool = False) -> None:
        super().__init__(parent)
        self.session = session
        self.blur = blur  # this loader's images are sensitive: blurred before they are drawn
        self._cache: OrderedDict[int, QPixmap | None] = OrderedDict()
        self._queue: list[int] = []
        self._pending: set[int] = set()
        self._running = False
        self._generation = 0  # results of a batch started before a lock are dropped
        self._kick = QTimer(self)
        self._kick.setSingleShot(True)
        self._kick.setInterval(0)
        self._kick.timeout.connect(self._start_batch)

    def get(self, item_id: int) -> QPixmap | None:
        if item_id in self._cache:
            self._cache.move_to_end(item_id)
            return self._cache[item_id]
        if item_id not in self._pending:
            self._pending.add(item_id)
            self._queue.append(item_id)
            self._kick.start()
        return None

    def clear(self) -> None:
        """Forget every decoded image (the vault locked)."""
        self._generation += 1
        self._cache.clear()
        self._queue.clear()
        self._pending.clear()

    def _start_batch(self) -> None:
        if self._running or not self._queue or not self.session.is_unlocked:
            return
        # Most recent requests first: they are what the user is looking at now.
        batch = self._queue[-BATCH:]
        del self._queue[-BATCH:]
        self._running = True
        generation = self._generation
        self.session.jobs.run(
            decode_items, self.session.vault, batch, THUMB_SIDE, blur=self.blur,
            on_finished=lambda result: self._done(generation, result),
            on_failed=lambda _message: self._done(generation, {}),
        )

    def _done(self, generation: int, result: object) -> None:
        self._running = False
        if generation != self._generation or not isinstance(result, dict):
            return
        for item_id, image in result.items():
            self._pending.discard(item_id)
            pixmap = QPixmap.fromImage(image) if isinstance(image, QImage) else None
            self._cache[item_id] = pixmap
        while len(self._cache) > MAX_CACHED:
            self._cache.popitem(last=False)
        self.ready.emit(list(result))
        if self._queue:
            self._kick.start()


TILE = QSize(THUMB_SIDE + 16, THUMB_SIDE + 40)


class TileDelegate(QStyledItemDelegate):
    """Every tile of the grid has one size, with or without a picture.

    The grid measures one item for all (uniform sizes, needed for 100,000 items); an item with
    no picture (sensitive, not an image, not decoded yet) measured first made every tile tiny.
    """

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt API
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(TILE)


class RowThumbnailDelegate(QStyledItemDelegate):
    """The list's thumbnails drawn at the list's icon size.

    The model gives the grid's 160-pixel pixmaps, and Qt draws a pixmap at its own size: in the
    list a wide screenshot took the whole name column and hid the item's name.
    """

    def initStyleOption(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt API
                        index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        view = self.parent()
        limit = view.iconSize() if isinstance(view, QAbstractItemView) else QSize(32, 32)
        size = option.decorationSize  # type: ignore[attr-defined]
        if size.width() > limit.width() or size.height() > limit.height():
            option.decorationSize = size.scaled(  # type: ignore[attr-defined]
                limit, Qt.AspectRatioMode.KeepAspectRatio)
