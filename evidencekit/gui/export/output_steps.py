"""Wizard steps five and six: write the dossier (and bundle) where the user says, then look at it.

The preview never writes anything of its own: it reads the PDF the user chose to save and draws
its pages in memory. pdftocairo is used because it really writes PNG to standard output with
`-`; pdftoppm instead creates a file called "-.png" in the current folder.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from evidencekit.core.errors import Cancelled
from evidencekit.core.vault import Vault
from evidencekit.dossier.request import DossierRequest
from evidencekit.gui.text import clean
from evidencekit.gui.widgets import label, primary_button
from evidencekit.i18n import _

PREVIEW_PAGES = 8
Progress = Callable[[int, int, str], None]


def bundle_path(pdf: Path) -> Path:
    return pdf.with_suffix(".zip")


def export_job(vault: Vault, request: DossierRequest, pdf: Path, with_bundle: bool, *,
               progress: Progress, cancel: threading.Event) -> tuple[Any, Any]:
    """The PDF, then the bundle beside it if asked (worker thread)."""
    from evidencekit.dossier.bundle import default_renderer, export_bundle

    result = default_renderer()(vault, request, pdf, progress=progress, cancel=cancel)
    if cancel.is_set():
        raise Cancelled(_("Export cancelled."))
    bundle = export_bundle(vault, request, bundle_path(pdf), progress=progress,
                           cancel=cancel) if with_bundle else None
    return result, bundle


def rasterise(pdf: Path, pages: int, *, progress: Progress,
              cancel: threading.Event) -> list[QImage]:
    """The first pages of a PDF as images, in memory (worker thread); [] without pdftocairo."""
    tool = shutil.which("pdftocairo")
    if tool is None:
        return []
    images = []
    for page in range(1, pages + 1):
        if cancel.is_set():
            break
        done = subprocess.run(  # noqa: S603 - fixed tool, our own arguments
            [tool, "-png", "-r", "50", "-f", str(page), "-l", str(page), "-singlefile",
             str(pdf), "-"], capture_output=True, timeout=60, check=False, cwd=pdf.parent)
        if done.returncode != 0 or not done.stdout:
            break
        image = QImage.fromData(done.stdout, "PNG")  # type: ignore[arg-type]  # Qt takes str
        if image.isNull():
            break
        images.append(image)
        progress(page, pages, "")
    return images


class SaveStep(QWizardPage):
    """Where to write; the work runs in the worker with progress and cancel."""

    #: the user pressed "Create": (pdf path, with bundle).
    create_requested = Signal(object, bool)
    #: the user asked to stop the export.
    cancel_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Create and save the dossier"))
        self.setSubTitle(_("The dossier is written only where you choose. Keep it somewhere "
                           "safe: it contains your evidence unencrypted."))
        column = QVBoxLayout(self)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setAccessibleName(_("Where to save the dossier (PDF)"))
        self.path.setPlaceholderText(_("Choose where to save the PDF…"))
        self.path.textChanged.connect(lambda _t: self.completeChanged.emit())
        browse = QPushButton(_("Choose…"))
        browse.setAccessibleName(_("Choose where to save the dossier"))
        browse.clicked.connect(self.browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        column.addLayout(row)
        self.bundle = QCheckBox(_("Also make a verifiable bundle (.zip) beside it: the "
                                  "originals, their fingerprints, a signature and the custody "
                                  "log, which a lawyer can check without this app"))
        self.bundle.setAccessibleName(_("Also make a verifiable bundle"))
        column.addWidget(self.bundle)
        buttons = QHBoxLayout()
        self.create_button = primary_button(_("Create the dossier"))
        self.create_button.clicked.connect(self._create)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Cancel the export"))
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.cancel_button.hide()
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Progress of the export"))
        self.progress.hide()
        column.addWidget(self.progress)
        self.status = label("")
        column.addWidget(self.status)
        column.addStretch(1)
        self.done_pdf: Path | None = None
        self.running = False

    def browse(self) -> None:
        # Qt's own dialog: the desktop's native one records "recent files" outside the vault.
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the dossier"), "", _("PDF documents (*.pdf)"),
            options=QFileDialog.Option.DontUseNativeDialog)
        if path:
            self.path.setText(path if path.lower().endswith(".pdf") else path + ".pdf")

    def _create(self) -> None:
        text = self.path.text().strip()
        if not text:
            self.status.setText(_("Choose where to save the dossier first."))
            return
        pdf = Path(text).expanduser()
        if pdf.suffix.lower() != ".pdf":
            pdf = pdf.with_name(pdf.name + ".pdf")
        self.create_requested.emit(pdf, self.bundle.isChecked())

    def set_running(self, running: bool) -> None:
        self.running = running
        self.create_button.setEnabled(not running)
        self.cancel_button.setVisible(running)
        self.progress.setVisible(running)
        if running:
            self.done_pdf = None
            self.progress.setRange(0, 0)
            self.status.setText(_("Writing the dossier…"))
        self.completeChanged.emit()

    def show_progress(self, done: int, total: int, _label: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def finished(self, pdf: Path, pages: int, exhibits: int, bundle: Path | None,
                 key: str = "") -> None:
        self.set_running(False)
        self.done_pdf = pdf
        text = _("Saved: {path} ({pages} pages, {n} exhibits).").format(
            path=clean(str(pdf), limit=300), pages=pages, n=exhibits)
        if bundle is not None:
            text += "\n" + _("Bundle saved and verified: {path}").format(
                path=clean(str(bundle), limit=300))
            if key:
                text += "\n" + _("Signing key of this vault: {key}. Give it to the recipient in "
                                  "person or by phone, not with the bundle.").format(key=key)
        self.status.setText(text)
        self.completeChanged.emit()

    def failed(self, message: str) -> None:
        self.set_running(False)
        self.status.setText(clean(message, limit=600))

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return self.done_pdf is not None and not self.running


class PreviewStep(QWizardPage):
    """The first pages of the saved PDF, drawn in memory."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Look at the dossier"))
        self.setSubTitle(_("The first pages of the PDF you saved. Go back to change anything "
                           "and create it again."))
        column = QVBoxLayout(self)
        self.status = label("", "muted")
        column.addWidget(self.status)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        self.strip = QWidget()
        self.strip_row = QHBoxLayout(self.strip)
        scroll.setWidget(self.strip)
        column.addWidget(scroll, 1)
        self.page_labels: list[QLabel] = []
        self.loading = False

    def clear(self) -> None:
        while self.strip_row.count():
            entry = self.strip_row.takeAt(0)
            widget = entry.widget() if entry is not None else None
            if widget is not None:
                widget.deleteLater()
        self.page_labels = []

    def show_pages(self, images: list[QImage], total: int) -> None:
        self.clear()
        self.loading = False
        for n, image in enumerate(images, 1):
            page = QLabel()
            page.setPixmap(QPixmap.fromImage(image))
            page.setAccessibleName(_("Page {n}").format(n=n))
            page.setAlignment(Qt.AlignmentFlag.AlignTop)
            page.setStyleSheet("border: 1px solid #cdd6de; background: white;")
            self.strip_row.addWidget(page)
            self.page_labels.append(page)
        self.strip_row.addStretch(1)
        self.status.setText(
            _("Showing {shown} of {total} pages.").format(shown=len(images), total=total)
            if images else
            _("The preview is not available on this computer; open the saved PDF to read it."))
