"""A zoomable preview of the selected original, decoded in the worker and held in memory only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import (
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from evidencekit.core.model import Item
from evidencekit.core.vault import Vault
from evidencekit.core.web_capture_record import screenshot_item
from evidencekit.gui.main.imaging import decode_image, read_original
from evidencekit.gui.session import Session
from evidencekit.gui.text import clean
from evidencekit.gui.widgets import label
from evidencekit.i18n import _

PREVIEW_SIDE = 4096
BLURRED_SIDE = 320  # a sensitive image is shown as a blurred tile of this size until revealed
TEXT_PREVIEW_BYTES = 64 * 1024


def _load_blurred(vault: Vault, item_id: int) -> QImage | None:
    data = read_original(vault, item_id)
    return decode_image(data, BLURRED_SIDE, blur=True) if data else None


def _load(vault: Vault, item_id: int, media_type: str) -> QImage | str | None:
    if media_type == "application/json":
        # A web capture's original is its manifest; what the user wants to see is the page.
        with vault.lock:
            shot = screenshot_item(vault.conn, item_id)
        if shot is not None:
            item_id, media_type = shot, "image/png"
    if media_type.startswith("image/"):
        data = read_original(vault, item_id)
        return decode_image(data, PREVIEW_SIDE) if data else None
    data = read_original(vault, item_id, limit=256 * 1024 * 1024)
    if data is None:
        return None
    return data[:TEXT_PREVIEW_BYTES].decode("utf-8", errors="replace")


class ZoomView(QGraphicsView):
    """Ctrl + wheel zooms; the view keeps its own transform, the image is never rescaled."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.item = QGraphicsPixmapItem()
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(self.item)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setAccessibleName(_("Preview"))
        self.fitting = True

    def set_pixmap(self, pixmap: QPixmap) -> None:
        self.item.setPixmap(pixmap)
        self.scene().setSceneRect(self.item.boundingRect())
        self.fit()

    def clear(self) -> None:
        self.item.setPixmap(QPixmap())

    def zoom(self, factor: float) -> None:
        self.fitting = False
        self.scale(factor, factor)

    def fit(self) -> None:
        self.fitting = True
        self.resetTransform()
        if not self.item.pixmap().isNull():
            self.fitInView(self.item, Qt.AspectRatioMode.KeepAspectRatio)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt API
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1.25 if event.angleDelta().y() > 0 else 0.8)
        else:
            super().wheelEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self.fitting:
            self.fit()


class PreviewPane(QWidget):
    """Image, text, or a sentence saying why there is no preview."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._generation = 0
        self._item: Item | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        self.view = ZoomView()
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName(_("Text of the file"))
        self.message = label("", "muted")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reveal = QPushButton(_("Show this sensitive image"))
        self.reveal.clicked.connect(self._reveal)
        hidden = QWidget()
        hidden_layout = QVBoxLayout(hidden)
        hidden_layout.addStretch(1)
        self.tile = QLabel()
        self.tile.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tile.setAccessibleName(_("Blurred image"))
        hidden_layout.addWidget(self.tile)
        hidden_layout.addWidget(self.message)
        hidden_layout.addWidget(self.reveal, 0, Qt.AlignmentFlag.AlignCenter)
        hidden_layout.addStretch(1)
        # The message scrolls when the pane is short (a zoomed screen), rather than being cut.
        hidden_area = QScrollArea()
        hidden_area.setWidgetResizable(True)
        hidden_area.setFrameShape(QScrollArea.Shape.NoFrame)
        hidden_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        hidden_area.setWidget(hidden)
        for page in (self.view, self.text, hidden_area):
            self.stack.addWidget(page)
        self.hidden_page = hidden_area
        layout.addWidget(self.stack, 1)
        zoom_row = QHBoxLayout()
        self.zoom_buttons: list[QPushButton] = []
        for text, name, slot in (("−", _("Zoom out"), lambda: self.view.zoom(0.8)),
                                 ("+", _("Zoom in"), lambda: self.view.zoom(1.25)),
                                 (_("Fit"), _("Fit to the window"), self.view.fit)):
            button = QPushButton(text)
            button.setAccessibleName(name)
            button.setToolTip(name)
            button.clicked.connect(slot)
            zoom_row.addWidget(button)
            self.zoom_buttons.append(button)
        zoom_row.addStretch(1)
        layout.addLayout(zoom_row)
        self.show_message(_("Choose an item to see it here."))

    def show_message(self, text: str, *, can_reveal: bool = False) -> None:
        self.view.clear()
        self.text.clear()
        self.message.setText(text)
        self.tile.clear()
        self.reveal.setVisible(can_reveal)
        self.stack.setCurrentWidget(self.hidden_page)
        self._set_zoom_enabled(False)

    def _set_zoom_enabled(self, enabled: bool) -> None:
        for button in self.zoom_buttons:
            button.setEnabled(enabled)

    def clear(self) -> None:
        self._generation += 1
        self._item = None
        self.show_message(_("Choose an item to see it here."))

    def show_item(self, item: Item) -> None:
        self._generation += 1
        self._item = item
        if item.removal is not None or item.original is None:
            self.show_message(_("There is no file to show for this item."))
            return
        if item.annotations.sensitive and item.original.media_type.startswith("image/"):
            self.show_message(_("This image is marked as sensitive, so it is shown blurred."),
                              can_reveal=True)
            generation = self._generation
            self.session.jobs.run(_load_blurred, self.session.vault, item.id, pass_progress=False,
                                  on_finished=lambda image: self._blurred(generation, image))
            return
        self._load(item)

    def _blurred(self, generation: int, image: object) -> None:
        if generation == self._generation and isinstance(image, QImage):
            self.tile.setPixmap(QPixmap.fromImage(image))

    def _reveal(self) -> None:
        if self._item is not None:
            self._generation += 1
            self._load(self._item)

    def _load(self, item: Item) -> None:
        assert item.original is not None
        media = item.original.media_type
        if not (media.startswith("image/") or media.startswith("text/")
                or media == "application/json"):
            self.show_message(_("This kind of file cannot be shown here; it is kept safely "
                                "as it is."))
            return
        self.show_message(_("Opening…"))
        generation = self._generation
        self.session.jobs.run(_load, self.session.vault, item.id, media, pass_progress=False,
                              on_finished=lambda result: self._loaded(generation, result),
                              on_failed=lambda message: self._failed(generation, message))

    def _failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.show_message(message)

    def _loaded(self, generation: int, result: object) -> None:
        if generation != self._generation:
            return
        if isinstance(result, QImage):
            self.view.set_pixmap(QPixmap.fromImage(result))
            self.stack.setCurrentWidget(self.view)
            self._set_zoom_enabled(True)
        elif isinstance(result, str) and self._item is not None \
                and not self._item.original.media_type.startswith("image/"):  # type: ignore[union-attr]
            self.text.setPlainText(clean(result, multiline=True, limit=TEXT_PREVIEW_BYTES))
            self.stack.setCurrentWidget(self.text)
        else:
            self.show_message(_("This image could not be shown (it may be damaged). The "
                                "original is kept as it is."))
