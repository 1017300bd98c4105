"""Capturing the whole screen after a countdown, so the user can bring the content forward."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QSpinBox, QVBoxLayout, QWidget

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
    """Counts down, hides every EvidenceKit window, grabs the screen, then comes back."""

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
        row = QHBoxLayout()
        row.addWidget(label(_("Seconds before the capture:"), wrap=False))
        self.delay = QSpinBox()
        self.delay.setRange(1, 30)
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
        self._hidden: list[QWidget] = []
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._step)

    def begin(self) -> None:
        self._left = self.delay.value()
        self.start.setEnabled(False)
        self.delay.setEnabled(False)
        self._show_left()
        self._tick.start()

    def _show_left(self) -> None:
        self.countdown.setText(_("Capture in {n} s…").format(n=self._left))

    def _step(self) -> None:
        self._left -= 1
        if self._left > 0:
            self._show_left()
            return
        self._tick.stop()
        self._hidden = [w for w in QGuiApplication.topLevelWindows() if w.isVisible()]
        for window in self._hidden:
            window.hide()
        QTimer.singleShot(HIDE_SETTLE_MS, self._grab)

    def _grab(self) -> None:
        image = grab_screen()
        for window in self._hidden:
            window.show()
        self._hidden = []
        self.accept()
        if image is not None:
            self.captured.emit(image)

    def reject(self) -> None:
        self._tick.stop()
        super().reject()
