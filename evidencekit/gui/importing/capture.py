"""Capturing the screen after a countdown, so the user can bring the content forward.

The whole screen, or a part the user frames on the frozen picture (`region.RegionOverlay`).
The picture stays in memory: it is emitted as a QImage and stored in the vault by the caller.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QGuiApplication, QImage, QWindow
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from evidencekit.gui.importing.region import RegionOverlay
from evidencekit.gui.widgets import label, primary_button
from evidencekit.i18n import _

HIDE_SETTLE_MS = 400  # let the compositor remove our windows before the grab


def grab_screen() -> QImage | None:
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return None
    image = screen.grabWindow(0).toImage()
    return None if image.isNull() else image


class CaptureDialog(QDialog):
    """Hides EvidenceKit, counts down, grabs the screen (all or a framed part), comes back."""

    #: the captured screen (QImage); nothing was written to disk.
    captured = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Capture the screen"))
        layout = QVBoxLayout(self)
        layout.addWidget(label(_("Capture the screen"), "heading"))
        layout.addWidget(label(_(
            "After the countdown, EvidenceKit hides itself and takes a picture of the whole "
            "screen. Use the time to bring forward the window you want to keep.")))
        self.whole = QRadioButton(_("Whole screen"))
        self.part = QRadioButton(_("Part of the screen"))
        self.part.setToolTip(_(
            "After the capture, drag a frame over the part to keep (or use the arrow keys)."))
        self.part.setAccessibleDescription(self.part.toolTip())
        self.whole.setChecked(True)
        self.area = QButtonGroup(self)
        self.area.addButton(self.whole)
        self.area.addButton(self.part)
        area_row = QHBoxLayout()
        area_row.addWidget(label(_("What to capture:"), wrap=False))
        area_row.addWidget(self.whole)
        area_row.addWidget(self.part)
        area_row.addStretch(1)
        layout.addLayout(area_row)
        row = QHBoxLayout()
        row.addWidget(label(_("Seconds before the capture:"), wrap=False))
        self.delay = QSpinBox()
        self.delay.setRange(0, 30)
        self.delay.setValue(5)
        self.delay.setAccessibleName(_("Seconds before the capture"))
        row.addWidget(self.delay)
        row.addStretch(1)
        layout.addLayout(row)
        self.countdown = label("", "subheading")
        layout.addWidget(self.countdown)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel = QPushButton(_("Cancel"))
        self.cancel.clicked.connect(self.reject)
        self.start = primary_button(_("Start"))
        self.start.clicked.connect(self.begin)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.start)
        layout.addLayout(buttons)
        self._left = 0
        self._hidden: list[QWindow] = []
        self.overlay: RegionOverlay | None = None
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._step)

    @property
    def region_mode(self) -> bool:
        return bool(self.part.isChecked())

    def begin(self) -> None:
        self._left = self.delay.value()
        for widget in (self.start, self.delay, self.whole, self.part):
            widget.setEnabled(False)
        # Every other EvidenceKit window goes away now; this small dialog keeps the countdown.
        own = self.windowHandle()
        self._hide([w for w in QGuiApplication.topLevelWindows() if w.isVisible() and w is not own])
        if self._left <= 0:
            self._hide_self_then_grab()
            return
        self._show_left()
        self._tick.start()

    def _hide(self, windows: list[QWindow]) -> None:
        for window in windows:
            window.hide()
            self._hidden.append(window)

    def _restore(self) -> None:
        for window in self._hidden:
            window.show()
        self._hidden = []

    def _show_left(self) -> None:
        self.countdown.setText(_("Capture in {n} s…").format(n=self._left))

    def _step(self) -> None:
        self._left -= 1
        if self._left > 0:
            self._show_left()
            return
        self._tick.stop()
        self._hide_self_then_grab()

    def _hide_self_then_grab(self) -> None:
        own = self.windowHandle()
        if own is not None and own.isVisible():
            self._hide([own])
        QTimer.singleShot(HIDE_SETTLE_MS, self._grab)

    def _grab(self) -> None:
        image = grab_screen()
        if image is None:
            self._finish(None)
        elif self.region_mode:
            self._choose_part(image)
        else:
            self._finish(image)

    def _choose_part(self, image: QImage) -> None:
        self.overlay = RegionOverlay(image)
        self.overlay.selected.connect(self._finish)
        self.overlay.cancelled.connect(self.reject)
        self.overlay.open_on(QGuiApplication.primaryScreen())

    def _close_overlay(self) -> None:
        overlay, self.overlay = self.overlay, None
        if overlay is not None:
            overlay.selected.disconnect(self._finish)
            overlay.cancelled.disconnect(self.reject)
            overlay.hide()
            overlay.deleteLater()

    def _finish(self, image: object) -> None:
        self._close_overlay()
        self._restore()
        self.accept()
        if isinstance(image, QImage) and not image.isNull():
            self.captured.emit(image)

    def reject(self) -> None:
        self._tick.stop()
        self._close_overlay()
        self._restore()
        super().reject()
