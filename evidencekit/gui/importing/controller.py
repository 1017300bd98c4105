"""Runs every kind of import through the worker and reports the outcome in a summary."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from evidencekit.core.intake import ImportOutcome
from evidencekit.gui.importing.backup_key import BackupKeyDialog, ask_backup_key, find_backups
from evidencekit.gui.importing.capture import CaptureDialog
from evidencekit.gui.importing.intimate import ask_intimate, holds_export
from evidencekit.gui.importing.jobs import import_files, read_text_in_images, store_image
from evidencekit.gui.importing.progress_panel import ProgressPanel
from evidencekit.gui.importing.summary import ImportSummary
from evidencekit.gui.session import Session
from evidencekit.gui.widgets import inform
from evidencekit.gui.worker import Job
from evidencekit.i18n import _
from evidencekit.importers.recordings import looks_like_audio, recording_sentence
from evidencekit.importers.tesseract_lookup import find_tesseract, install_hint


def png_bytes(image: QImage) -> bytes:
    """Encode in memory: a QBuffer, never a temporary file."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stub wants bytes; Qt, str
    buffer.close()
    return bytes(data.data())


class ImportController(QObject):
    """One import at a time; the window stays usable while it runs."""

    #: an import ended (list of ImportOutcome); lists should reload.
    finished = Signal(list)
    #: the follow-up OCR of the imported images ended (number of images read).
    text_read = Signal(int)

    def __init__(self, session: Session, panel: ProgressPanel, parent_widget: QWidget,
                 current_case: Callable[[], str]) -> None:
        super().__init__(parent_widget)
        self.session = session
        self.panel = panel
        self.parent_widget = parent_widget
        self.current_case = current_case
        self.job: Job | None = None
        self.ocr_job: Job | None = None
        self.ocr_hint_shown = False
        self.last_summary: ImportSummary | None = None
        self.show_summary = True
        self.showing = ""  # whose progress the panel shows: "import" or "ocr"
        self.recording_question: QMessageBox | None = None  # the last call-recording question
        self.key_question: BackupKeyDialog | None = None  # the last backup-key question
        self.intimate_question: QMessageBox | None = None  # the last "intimate images?" question
        panel.cancel_requested.connect(self.cancel)

    @property
    def busy(self) -> bool:
        return self.job is not None

    def cancel(self) -> None:
        for job in (self.job, self.ocr_job):
            if job is not None:
                job.cancel.set()

    def _start(self, fn: Callable[..., list[ImportOutcome]], *args: object,
               **kwargs: Any) -> bool:
        if not self.session.is_unlocked:
            return False
        if self.ocr_job is not None:
            self.ocr_job.cancel.set()  # a new import comes first; unread images wait
        if self.job is not None:
            inform(self.parent_widget, _("Please wait"),
                   _("Files are still being added; try again when it is done."))
            return False
        self.panel.start()
        self.showing = "import"
        self.job = self.session.jobs.run(
            fn, self.session.vault, *args, on_progress=self._import_progress,
            on_finished=self._done, on_failed=self._failed, **kwargs)
        return True

    # A cancelled OCR job may still have progress reports queued when an import starts: each
    # job's reports reach the panel only while the panel is showing that job.
    def _import_progress(self, done: int, total: int, label: str) -> None:
        if self.showing == "import":
            self.panel.update_progress(done, total, label)

    def _ocr_progress(self, done: int, total: int, label: str) -> None:
        if self.showing == "ocr":
            self.panel.update_progress(done, total, label)

    def import_paths(self, paths: list[Path]) -> bool:
        if not paths:
            return False
        audio = [p for p in paths if looks_like_audio(p)]
        if audio:
            self._ask_about_recordings(paths, audio)
            return False
        return self._ask_intimate(paths)

    def _ask_intimate(self, paths: list[Path]) -> bool:
        """Once per import of an export (a zip or a folder): may it hold intimate images?"""
        if not holds_export(paths):
            return self._import_with_key(paths, None)
        self.intimate_question = ask_intimate(
            self.parent_widget, lambda answer: self._import_with_key(paths, answer))
        return False

    def _import_with_key(self, paths: list[Path], intimate: bool | None = None) -> bool:
        """Import, first asking the key when WhatsApp's encrypted backup is among the paths."""
        backups = find_backups(paths)
        if backups:
            self.key_question = ask_backup_key(
                self.parent_widget, backups, lambda key: self._start(
                    import_files, paths, self.current_case(), self.session.timezone, key,
                    intimate=intimate))
            return False
        return self._start(import_files, paths, self.current_case(), self.session.timezone,
                           intimate=intimate)

    def _ask_about_recordings(self, paths: list[Path], audio: list[Path]) -> None:
        """Before a call recording enters the vault, one sentence on art. 447-1 (and 226-1);
        the user decides. Non-blocking, like every box of the window."""
        names = ", ".join(p.name for p in audio[:5]) + ("…" if len(audio) > 5 else "")
        box = QMessageBox(QMessageBox.Icon.Warning, _("Recordings of calls"),
                          f"{names}\n\n{recording_sentence()}", QMessageBox.StandardButton.NoButton,
                          self.parent_widget)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.addButton(_("Import anyway"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.accepted.connect(lambda: self._ask_intimate(paths))
        self.recording_question = box
        box.open()

    def import_image(self, image: QImage, origin: str, stem: str) -> bool:
        stamp = datetime.now().strftime("%Y-%m-%d %H%M%S")
        return self._start(store_image, png_bytes(image), f"{stem} {stamp}.png", origin,
                           self.current_case())

    # -- the user's entry points ---------------------------------------------------------
    def paste(self) -> bool:
        data = QGuiApplication.clipboard().mimeData()
        if data is not None and data.hasImage():
            image = QGuiApplication.clipboard().image()
            if not image.isNull():
                return self.import_image(image, _("(pasted from the clipboard)"),
                                         _("Pasted image"))
        if data is not None and data.hasUrls():
            paths = [Path(u.toLocalFile()) for u in data.urls() if u.isLocalFile()]
            if paths:
                return self.import_paths(paths)
        inform(self.parent_widget, _("Nothing to paste"), _(
            "The clipboard holds no picture. Copy a screenshot or an image first, then paste."))
        return False

    def choose_files(self) -> None:
        self._choose(folder=False)

    def choose_folder(self) -> None:
        self._choose(folder=True)

    def _choose(self, *, folder: bool) -> None:
        dialog = QFileDialog(self.parent_widget, _("Choose a folder to add") if folder
                             else _("Choose files to add"), str(Path.home()))
        # Qt's own dialog: the desktop's native one records "recent files" outside the vault.
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setOption(QFileDialog.Option.DontUseCustomDirectoryIcons, True)
        dialog.setFileMode(QFileDialog.FileMode.Directory if folder
                           else QFileDialog.FileMode.ExistingFiles)
        dialog.setHistory([])
        accepted = dialog.exec() == QFileDialog.DialogCode.Accepted
        chosen = [Path(p) for p in dialog.selectedFiles()]
        dialog.setHistory([])
        dialog.deleteLater()
        if accepted and self.session.is_unlocked:
            self.import_paths(chosen)

    def capture(self) -> CaptureDialog:
        dialog = CaptureDialog(self.parent_widget)
        dialog.captured.connect(lambda image: self.import_image(
            image, _("(screen capture in EvidenceKit)"), _("Screen capture")))
        dialog.open()
        return dialog

    # -- results ---------------------------------------------------------------------------
    def _done(self, outcomes: object) -> None:
        job, self.job = self.job, None
        if not self.session.is_unlocked:
            return  # locked meanwhile: this screen is gone, and so is what it showed
        self.panel.hide()
        result = list(outcomes) if isinstance(outcomes, list) else []
        cancelled = bool(job and job.cancel.is_set())
        self.finished.emit(result)
        if self.show_summary and self.session.is_unlocked:
            self.last_summary = ImportSummary(result, cancelled, self.parent_widget)
            self.last_summary.open()
        if self.session.settings.ocr and not cancelled:
            self._read_text(result)

    def _read_text(self, outcomes: list[ImportOutcome]) -> None:
        if not any(o.status == "imported" for o in outcomes) or not self.session.is_unlocked:
            return
        if find_tesseract() is None:
            # Said once per session: the import itself went well, only the text search of
            # images is missing, and the sentence says how to get it.
            if not self.ocr_hint_shown:
                self.ocr_hint_shown = True
                inform(self.parent_widget, _("Text in images not read"), install_hint())
            return
        self.panel.start()
        self.showing = "ocr"
        self.ocr_job = self.session.jobs.run(
            read_text_in_images, self.session.vault, outcomes,
            on_progress=self._ocr_progress, on_finished=self._ocr_done,
            on_failed=self._ocr_failed)

    def _ocr_done(self, count: object) -> None:
        self.ocr_job = None
        if self.session.is_unlocked:
            self._hide_unless_importing()
            self.text_read.emit(int(count) if isinstance(count, int) else 0)

    def _ocr_failed(self, message: str) -> None:
        self.ocr_job = None
        if self.session.is_unlocked:
            self._hide_unless_importing()
            self.text_read.emit(0)

    def _hide_unless_importing(self) -> None:
        if self.job is None:  # an import started meanwhile keeps its bar and its Cancel
            self.panel.hide()

    def _failed(self, message: str) -> None:
        self.job = None
        if not self.session.is_unlocked:
            return
        self.panel.hide()
        self.finished.emit([])
        if self.session.is_unlocked:
            inform(self.parent_widget, _("Import stopped"), message, warning=True)
