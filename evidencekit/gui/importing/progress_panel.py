"""A progress bar with Cancel, shown at the bottom of the main window while an import runs."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QProgressBar, QPushButton, QWidget

from evidencekit.gui.text import clean
from evidencekit.gui.widgets import label
from evidencekit.i18n import _


class ProgressPanel(QFrame):
    """Not a modal dialog: the user can keep reading the vault while files are added."""

    #: the user pressed Cancel.
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        row = QHBoxLayout(self)
        self.text = label(_("Adding files…"))
        self.bar = QProgressBar()
        self.bar.setAccessibleName(_("Import progress"))
        self.cancel = QPushButton(_("Cancel"))
        self.cancel.setAccessibleName(_("Cancel the import"))
        self.cancel.clicked.connect(self._cancel)
        row.addWidget(self.text, 2)
        row.addWidget(self.bar, 2)
        row.addWidget(self.cancel)
        self.stopping = False
        self.hide()

    def start(self) -> None:
        self.stopping = False
        self.bar.setRange(0, 0)
        self.text.setText(_("Adding files…"))
        self.cancel.setEnabled(True)
        self.show()

    def update_progress(self, done: int, total: int, label: str) -> None:
        """`label` is the job's own sentence ("Adding 3 of 12: video.mp4"); empty at the end."""
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        if self.stopping:
            return  # reports already on their way must not hide "Stopping…"
        shown = clean(label, limit=120)
        self.text.setText(shown if shown else _("Finishing…"))

    def _cancel(self) -> None:
        self.cancel.setEnabled(False)
        self.stopping = True
        self.text.setText(_("Stopping; the file being read will not be kept…"))
        self.cancel_requested.emit()
