"""Wizard step five: write the dossier (and bundle) where the user says, never over a file
without asking, then offer to open it.

A name is suggested per recipient, case and day (file_names.py). If any file the export would
write exists already, the user chooses: replace, save under a new name, or stop; until they say
"replace", the existing files keep every byte.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWizardPage,
)

from evidencekit.core.errors import Cancelled
from evidencekit.core.vault import Vault
from evidencekit.dossier.bundle_options import BundleOptions
from evidencekit.dossier.key_pages import grouped
from evidencekit.dossier.request import DossierRequest
from evidencekit.gui.export.bundle_choices import BundleChoices, after_export
from evidencekit.gui.export.file_names import existing_files, free_path, free_variant
from evidencekit.gui.fit import ReflowRow
from evidencekit.gui.text import breakable, clean, isolated
from evidencekit.gui.widgets import label, primary_button, scrolled_column
from evidencekit.i18n import _

Progress = Callable[[int, int, str], None]


def bundle_path(pdf: Path) -> Path:
    return pdf.with_suffix(".zip")


def export_job(vault: Vault, request: DossierRequest, pdf: Path, with_bundle: bool, *,
               progress: Progress, cancel: threading.Event,
               options: BundleOptions | None = None) -> tuple[Any, Any]:
    """The PDF, then the bundle beside it if asked (worker thread)."""
    from evidencekit.dossier.bundle import default_renderer, export_bundle

    # The choices apply to the bundle, which travels (export_bundle passes them to its own
    # drawing of the dossier); the PDF saved for the user stays as before.
    options = options or BundleOptions()
    result = default_renderer()(vault, request, pdf, progress=progress, cancel=cancel)
    if cancel.is_set():
        raise Cancelled(_("Export cancelled."))
    bundle = export_bundle(vault, request, bundle_path(pdf), progress=progress,
                           cancel=cancel, options=options) if with_bundle else None
    return result, bundle


def preview_job(vault: Vault, request: DossierRequest, name: Path, *, progress: Progress,
                cancel: threading.Event) -> tuple[bytes, int]:
    """The dossier drawn in memory for the preview step (worker thread)."""
    from evidencekit.dossier.render import render_preview

    return render_preview(vault, request, name, progress=progress, cancel=cancel)


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


class SaveStep(QWizardPage):
    """Where to write; the work runs in the worker with progress and cancel."""

    #: the user pressed "Create" (and agreed to any replacement): (pdf path, with bundle).
    create_requested = Signal(object, bool)
    #: the user asked to stop the export.
    cancel_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Create and save the dossier"))
        column = scrolled_column(self, sideways=True)
        # Explanations sit in the page, not in the wizard's header, whose height does not
        # follow wrapped lines (a zoomed screen cut their end off).
        column.addWidget(label(_("The dossier is written only where you choose. Keep it "
                                 "somewhere safe: it contains your evidence unencrypted."),
                               "muted"))
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setAccessibleName(_("Where to save the dossier (PDF)"))
        self.path.setPlaceholderText(_("Choose where to save the PDF…"))
        self.path.textChanged.connect(lambda _t: self.completeChanged.emit())
        self.path.textEdited.connect(self._typed)
        browse = QPushButton(_("Choose…"))
        browse.setAccessibleName(_("Choose where to save the dossier"))
        browse.clicked.connect(self.browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        column.addLayout(row)
        # A check box does not wrap its text: a short label, and the explanation beneath.
        self.bundle = QCheckBox(_("Also make a verifiable bundle (.zip)"))
        self.bundle.setAccessibleName(_("Also make a verifiable bundle"))
        column.addWidget(self.bundle)
        bundle_note = label(_("Beside the PDF: the originals, their fingerprints, a signature "
                              "and the custody log, which a lawyer can check without this app."),
                            "muted")
        bundle_note.setIndent(24)
        column.addWidget(bundle_note)
        self.choices = BundleChoices()
        self.bundle.toggled.connect(self.choices.setEnabled)
        self.choices.setEnabled(False)
        column.addWidget(self.choices)
        self.status = label("")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.status)
        column.addStretch(1)
        # The actions stay in view under the scrolled options, whatever the screen's height.
        buttons = QHBoxLayout()
        self.create_button = primary_button(_("Create the dossier"))
        self.create_button.clicked.connect(self._create)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Cancel the export"))
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.cancel_button.hide()
        self.open_button = QPushButton(_("Open the dossier"))
        self.open_button.setAccessibleName(_("Open the saved dossier"))
        self.open_button.clicked.connect(lambda: self._open(self.done_pdf))
        self.folder_button = QPushButton(_("Show in folder"))
        self.folder_button.setAccessibleName(_("Show the folder of the saved dossier"))
        self.folder_button.clicked.connect(
            lambda: self._open(self.done_pdf.parent if self.done_pdf else None))
        # One under the other when a narrow screen cannot hold them side by side.
        actions = ReflowRow()
        for button in (self.create_button, self.cancel_button, self.open_button,
                       self.folder_button):
            actions.add(button)
        self.open_button.hide()
        self.folder_button.hide()
        buttons.addWidget(actions, 1)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Progress of the export"))
        self.progress.hide()
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)
        outer.addWidget(self.progress)
        outer.addLayout(buttons)
        self.done_pdf: Path | None = None
        self.running = False
        self.question: QMessageBox | None = None
        self.folder: Path | None = None  # where the user saved last (memory only)
        self.auto_name = False  # the field holds our suggestion, which we may replace
        self.recipient = "police"
        self.case = ""

    # -- the name -----------------------------------------------------------------------------
    def suggest(self, recipient: str, case: str) -> None:
        """A fresh name for this recipient, case and day, unless the user wrote their own."""
        self.recipient, self.case = recipient, case
        if self.path.text().strip() and not self.auto_name:
            return
        if self.folder is None:
            self.path.clear()
            return
        self.path.setText(str(self._suggestion(self.folder)))
        self.auto_name = True

    def _suggestion(self, folder: Path) -> Path:
        return free_path(folder, self.recipient, self.case, date.today(),
                         encrypted=self.choices.encrypt.isChecked())

    def _typed(self, _text: str) -> None:
        self.auto_name = False

    def browse(self) -> None:
        start = self._suggestion(self.folder or documents_folder())
        if self.path.text().strip() and not self.auto_name:
            start = Path(self.path.text().strip()).expanduser()
        # Qt's own dialog: the desktop's native one records "recent files" outside the vault.
        # Replacing is asked when creating, for every file the export writes, not only the PDF.
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the dossier"), str(start), _("PDF documents (*.pdf)"),
            options=QFileDialog.Option.DontUseNativeDialog
            | QFileDialog.Option.DontConfirmOverwrite)
        if path:
            chosen = Path(path if path.lower().endswith(".pdf") else path + ".pdf")
            self.folder = chosen.parent
            self.auto_name = chosen.name == start.name
            self.path.setText(str(chosen))

    # -- creating -----------------------------------------------------------------------------
    def _create(self) -> None:
        text = self.path.text().strip()
        if not text:
            self.status.setText(_("Choose where to save the dossier first."))
            return
        pdf = Path(text).expanduser()
        if pdf.suffix.lower() != ".pdf":
            pdf = pdf.with_name(pdf.name + ".pdf")
        there = existing_files(pdf, self.recipient, self.bundle.isChecked(),
                               self.choices.encrypt.isChecked())
        if there:
            self.ask_replace(pdf, there)
        else:
            self._go(pdf)

    def ask_replace(self, pdf: Path, there: list[Path]) -> None:
        """Replace, save under a new name, or stop; the files stay as they are until "Replace"."""
        names = "\n".join(isolated(clean(p.name, limit=120)) for p in there)
        box = QMessageBox(QMessageBox.Icon.Question, _("These files already exist"), _(
            "Saving here would replace these files in {folder}:\n{names}\n\nReplace them, or "
            "keep them and save the new dossier under another name?").format(
                folder=isolated(clean(str(pdf.parent), limit=200)), names=names), parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        replace = box.addButton(_("Replace them"), QMessageBox.ButtonRole.DestructiveRole)
        other = box.addButton(_("Save under a new name"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(other)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.question = box
        box.buttonClicked.connect(
            lambda button: self._answered(button, pdf, replace, other))
        box.open()

    def _answered(self, button: QAbstractButton, pdf: Path, replace: QAbstractButton,
                  other: QAbstractButton) -> None:
        self.question = None
        if button is replace:
            self._go(pdf)
        elif button is other:
            new = free_variant(pdf, self.recipient, self.bundle.isChecked(),
                               self.choices.encrypt.isChecked())
            self.path.setText(str(new))
            self._go(new)
        else:
            self.status.setText(_("Nothing was saved; the existing files are unchanged."))

    def _go(self, pdf: Path) -> None:
        self.folder = pdf.parent
        self.create_requested.emit(pdf, self.bundle.isChecked())

    def reset(self) -> None:
        """A new export: the last one's message and buttons belong to another dossier."""
        if self.running:
            return
        self.done_pdf = None
        self.status.setText("")
        self.open_button.hide()
        self.folder_button.hide()
        self.completeChanged.emit()

    def set_running(self, running: bool) -> None:
        self.running = running
        self.create_button.setEnabled(not running)
        self.cancel_button.setVisible(running)
        self.progress.setVisible(running)
        if running:
            self.done_pdf = None
            self.open_button.hide()
            self.folder_button.hide()
            self.progress.setRange(0, 0)
            self.status.setText(_("Writing the dossier…"))
        self.completeChanged.emit()

    def show_progress(self, done: int, total: int, _label: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def finished(self, pdf: Path, pages: int, exhibits: int, bundle: Any | None,
                 key: str = "") -> None:
        self.set_running(False)
        self.done_pdf = pdf
        self.auto_name = True  # this name is taken now: the next export gets a new one
        # Paths may wrap after their separators, the key between its groups of four (spaces
        # are ignored where it is typed back); the passphrase wraps at its dashes.
        text = _("Saved: {path} ({pages} pages, {n} exhibits).").format(
            path=isolated(breakable(clean(str(pdf), limit=300))), pages=pages, n=exhibits)
        if bundle is not None:
            text += "\n" + _("Bundle saved and verified: {path}").format(
                path=isolated(breakable(clean(str(bundle.path), limit=300))))
            if key:
                text += "\n" + _("Signing key of this vault: {key}. Give it to the recipient in "
                                  "person or by phone, not with the bundle.").format(
                    key=grouped(key).replace("\n", " "))
            text += "\n" + after_export(bundle, self.choices.include_gps.isChecked())
        self.status.setText(text)
        self.open_button.show()
        self.folder_button.show()
        self.completeChanged.emit()
        area = self.findChild(QScrollArea)
        if area is not None:  # the message (and a bundle's passphrase) must be seen
            QTimer.singleShot(0, lambda: self._show_status(area))

    def _show_status(self, area: QScrollArea) -> None:
        area.ensureWidgetVisible(self.status)
        # Down to the message, but from the start of its lines, not scrolled sideways.
        area.horizontalScrollBar().setValue(area.horizontalScrollBar().minimum())

    def _open(self, path: Path | None) -> None:
        if path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def failed(self, message: str) -> None:
        self.set_running(False)
        self.status.setText(clean(message, limit=600))

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return self.done_pdf is not None and not self.running
