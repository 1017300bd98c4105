"""Choosing part of a frozen screenshot: a full-screen overlay where the user frames a rectangle.

The overlay shows the picture already taken (so nothing on screen can change under it), dimmed
except inside the frame. Mouse: press, drag, release keeps the frame. Keyboard: a frame starts
centred; the arrow keys move it, Shift with the arrow keys changes its size (Ctrl: one pixel at a
time), Enter keeps it, Esc cancels. The result is cropped from the picture in memory, in the
picture's own pixels (device-pixel-ratio aware); nothing is written to disk.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QRegion,
    QScreen,
)
from PySide6.QtWidgets import QWidget

from evidencekit.i18n import _

KEY_STEP = 10  # logical pixels per arrow key press; 1 with Ctrl
MIN_DRAG = 3  # a smaller drag is a click, not a frame
DIM = QColor(0, 0, 0, 140)


class RegionOverlay(QWidget):
    """Full-screen, frameless; emits `selected(QImage)` with the chosen part or `cancelled()`."""

    #: the cropped part of the picture (QImage), in the picture's own pixels.
    selected = Signal(object)
    #: the user pressed Esc or closed the overlay; nothing was chosen.
    cancelled = Signal()

    def __init__(self, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlags(Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint
                            | Qt.WindowType.WindowStaysOnTopHint)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setMouseTracking(False)
        self.image = image
        self.instructions = _(
            "Drag over the part of the screen to keep, then release the mouse. Keyboard: the "
            "arrow keys move the frame, Shift with the arrow keys changes its size, Enter keeps "
            "it, Esc cancels.")
        self.setWindowTitle(_("Choose the part of the screen to keep"))
        self.setAccessibleName(_("Choose the part of the screen to keep"))
        self.setAccessibleDescription(self.instructions)
        self._anchor: QPointF | None = None
        self._frame = QRectF()
        self._finished = False
        self.resize(self.logical_size())

    # -- geometry ----------------------------------------------------------------------------
    def logical_size(self) -> QSize:
        ratio = self.image.devicePixelRatio() or 1.0
        return QSize(round(self.image.width() / ratio), round(self.image.height() / ratio))

    def open_on(self, screen: QScreen | None = None) -> None:
        """Cover `screen` (the primary one by default) and take the keyboard."""
        screen = screen or QGuiApplication.primaryScreen()
        if screen is not None:
            self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.raise_()
        self.activateWindow()
        self.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def frame(self) -> QRectF:
        """The chosen rectangle in widget (logical) coordinates; a centred default at first."""
        if self._frame.isEmpty():
            self._frame = self._default_frame()
        return QRectF(self._frame)

    def _default_frame(self) -> QRectF:
        w, h = self.width(), self.height()
        return QRectF(w / 4, h / 4, w / 2, h / 2)

    def _scale(self) -> tuple[float, float]:
        """Picture pixels per widget pixel, per axis (the device pixel ratio when full screen)."""
        return (self.image.width() / max(1, self.width()),
                self.image.height() / max(1, self.height()))

    def source_rect(self) -> QRect:
        """The frame in the picture's pixels, kept inside the picture."""
        sx, sy = self._scale()
        frame = self.frame()
        mapped = QRectF(frame.x() * sx, frame.y() * sy, frame.width() * sx, frame.height() * sy)
        return mapped.toAlignedRect().intersected(self.image.rect())

    def cropped(self) -> QImage:
        part = self.image.copy(self.source_rect())
        part.setDevicePixelRatio(self.image.devicePixelRatio())
        return part

    def _bounded(self, rect: QRectF) -> QRectF:
        """`rect` kept on screen and at least one pixel wide and high."""
        w = min(max(1.0, rect.width()), float(self.width()))
        h = min(max(1.0, rect.height()), float(self.height()))
        x = min(max(0.0, rect.x()), self.width() - w)
        y = min(max(0.0, rect.y()), self.height() - h)
        return QRectF(x, y, w, h)

    def _clamp(self, point: QPointF) -> QPointF:
        return QPointF(min(max(0.0, point.x()), float(self.width())),
                       min(max(0.0, point.y()), float(self.height())))

    # -- ending ----------------------------------------------------------------------------
    def confirm(self) -> None:
        if self._finished:
            return
        self._finished = True
        part = self.cropped()
        self.hide()
        self.selected.emit(part)

    def cancel(self) -> None:
        if self._finished:
            return
        self._finished = True
        self.hide()
        self.cancelled.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.cancel()
        super().closeEvent(event)

    # -- mouse -----------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._anchor = self._clamp(event.position())
            event.accept()
            return
        if event.button() == Qt.MouseButton.RightButton:
            self.cancel()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._anchor is not None:
            rect = QRectF(self._anchor, self._clamp(event.position())).normalized()
            if rect.width() >= MIN_DRAG and rect.height() >= MIN_DRAG:
                self._frame = rect
                self.update()
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton or self._anchor is None:
            super().mouseReleaseEvent(event)
            return
        rect = QRectF(self._anchor, self._clamp(event.position())).normalized()
        self._anchor = None
        event.accept()
        if rect.width() >= MIN_DRAG and rect.height() >= MIN_DRAG:
            self._frame = rect
            self.confirm()
        # a plain click keeps the current frame; Enter or a real drag confirms

    # -- keyboard --------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.cancel()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.confirm()
            return
        moves = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0),
                 Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
        if key not in moves:
            super().keyPressEvent(event)
            return
        dx, dy = moves[Qt.Key(key)]
        # the arrows follow the screen, not the reading direction (also in Arabic)
        modifiers = event.modifiers()
        step = 1 if modifiers & Qt.KeyboardModifier.ControlModifier else KEY_STEP
        frame = self.frame()
        if modifiers & Qt.KeyboardModifier.ShiftModifier:
            frame.setWidth(frame.width() + dx * step)
            frame.setHeight(frame.height() + dy * step)
        else:
            frame.translate(dx * step, dy * step)
        self._frame = self._bounded(frame)
        self.update()
        event.accept()

    # -- drawing ---------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        whole = QRectF(self.rect())
        painter.drawImage(whole, self.image, QRectF(self.image.rect()))
        frame = self.frame()
        painter.save()
        painter.setClipRegion(self._outside(frame.toAlignedRect()))
        painter.fillRect(whole, DIM)
        painter.restore()
        pen = QPen(QColor(255, 255, 255), 2)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.drawRect(frame.adjusted(-1, -1, 1, 1))
        pen = QPen(QColor(30, 110, 220), 1, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRect(frame.adjusted(-1, -1, 1, 1))
        self._draw_instructions(painter)
        painter.end()

    def _outside(self, inner: QRect) -> QRegion:
        return QRegion(self.rect()).subtracted(QRegion(inner))

    def _draw_instructions(self, painter: QPainter) -> None:
        font = painter.font()
        font.setPointSizeF(max(11.0, font.pointSizeF() * 1.15))
        painter.setFont(font)
        width = min(self.width() - 40, 760)
        flags = int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap)
        box = painter.boundingRect(QRect(0, 0, width, 1000), flags, self.instructions)
        box = box.adjusted(-16, -10, 16, 10)
        box.moveTopLeft(QPoint((self.width() - box.width()) // 2, 24))
        frame = self.frame().toAlignedRect()
        if box.intersects(frame) and frame.top() < self.height() // 2:
            box.moveBottom(self.height() - 24)  # out of the user's way
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(20, 20, 20, 220))
        painter.drawRoundedRect(box, 8, 8)
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(box.adjusted(16, 10, -16, -10), flags, self.instructions)
