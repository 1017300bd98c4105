"""Wizard step four: the dossier's pages, drawn before anything is saved.

The PDF is drawn by the worker into memory (dossier.render.render_preview) and handed to QtPdf
through a QBuffer: no file, no temporary copy, nothing outside the vault. The bytes are dropped
when the user leaves the step, starts another export or the vault locks.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QVBoxLayout, QWizardPage

from evidencekit.gui.widgets import label
from evidencekit.i18n import _


class PreviewStep(QWizardPage):
    """Every page of the dossier as it will be saved, scrolled like a reader."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Look at the dossier before saving it"))
        column = QVBoxLayout(self)
        column.addWidget(label(_("These are the pages that will be saved. Go back to change "
                                 "anything; nothing is written until the next step."), "muted"))
        self.status = label("", "muted")
        column.addWidget(self.status)
        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setAccessibleName(_("Pages of the dossier"))
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setMinimumSize(120, 80)
        column.addWidget(self.view, 1)
        self.buffer: QBuffer | None = None
        self.loading = False
        self.pages = 0

    def start(self) -> None:
        self.clear()
        self.loading = True
        self.status.setText(_("Drawing the pages…"))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        # "Next" waits for the pages: the export is never drawn twice at once on the vault.
        return not self.loading

    def show_pdf(self, data: bytes, pages: int) -> None:
        """Show `data` (a PDF in memory); the buffer lives as long as the document uses it."""
        self.clear()
        self.buffer = QBuffer(self)
        self.buffer.setData(QByteArray(data))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self.buffer)
        self.pages = self.document.pageCount()
        self.status.setText(_("One page.") if pages == 1 else
                            _("{n} pages. Scroll to read them all.").format(n=pages))

    def failed(self, message: str) -> None:
        self.clear()
        self.status.setText(message)

    def clear(self) -> None:
        self.loading = False
        self.pages = 0
        self.document.close()
        if self.buffer is not None:
            self.buffer.close()
            self.buffer.setData(QByteArray())
            self.buffer.deleteLater()
            self.buffer = None
        self.status.setText("")
        self.completeChanged.emit()
