"""The export wizard: recipient and language, exhibits, information, a preview, then save."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget, QWizard

from evidencekit.core.errors import EvidenceKitError
from evidencekit.core.evidence import DEFAULT_CASE
from evidencekit.dossier.request import DossierRequest
from evidencekit.dossier.victim import load_info, save_info
from evidencekit.gui.conversations.selection import exhibit_selection
from evidencekit.gui.export.choices import (
    ExhibitsStep,
    RecipientStep,
    case_exhibits,
    message_labels,
)
from evidencekit.gui.export.file_names import suggested_name
from evidencekit.gui.export.info_step import InfoStep
from evidencekit.gui.export.output_steps import SaveStep, export_job, preview_job
from evidencekit.gui.export.preview_step import PreviewStep
from evidencekit.gui.main.pages import PageContext
from evidencekit.gui.main.read_only import switch_off
from evidencekit.gui.widgets import inform
from evidencekit.gui.worker import Job
from evidencekit.i18n import _

RECIPIENT, EXHIBITS, INFO, PREVIEW, SAVE = range(5)


class ExportWizard(QWizard):
    """Embedded in the export page (not a pop-up); Finish starts again from the first step."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = ctx.session
        self.setWindowFlags(Qt.WindowType.Widget)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoCancelButton, True)
        self.recipient_step = RecipientStep()
        self.exhibits_step = ExhibitsStep()
        self.info_step = InfoStep()
        self.preview_step = PreviewStep()
        self.save_step = SaveStep()
        for n, page in enumerate((self.recipient_step, self.exhibits_step, self.info_step,
                                  self.preview_step, self.save_step)):
            self.setPage(n, page)
        self.setButtonText(QWizard.WizardButton.NextButton, _("Next"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Done"))
        self.save_step.create_requested.connect(self.create_dossier)
        if self.session.read_only:  # an export numbers exhibits and logs: it must write
            switch_off(self.save_step.create_button)
        self.save_step.cancel_requested.connect(self.cancel)
        self.job: Job | None = None
        self.preview_job: Job | None = None
        self.last_result: tuple[Any, Any] | None = None
        self.session.locked.connect(self.forget)

    # -- steps --------------------------------------------------------------------------------
    def initializePage(self, page_id: int) -> None:  # noqa: N802 - Qt API
        super().initializePage(page_id)
        case_id = self.ctx.cases.case_id
        if not self.session.is_unlocked or case_id is None:
            return
        if page_id == EXHIBITS:
            selection = exhibit_selection(self.session)
            items = self.session.read(lambda v: case_exhibits(v, case_id))
            chats = {i[0] for i in items}
            messages = self.session.read(
                lambda v: message_labels(v, selection.message_ids(chats)))
            self.exhibits_step.fill(items, messages, case_id)
        elif page_id == INFO:
            self.info_step.set_recipient(self.recipient_step.recipient)
            self.info_step.load(self.session.read(lambda v: load_info(v.conn, case_id)))
        elif page_id == PREVIEW:
            self.preview()
        elif page_id == SAVE:
            self.save_step.reset()
            self.save_step.suggest(self.recipient_step.recipient,
                                   self.ctx.cases.case_name or DEFAULT_CASE)
            self.save_step.choices.show_timestamping(self.session.settings.timestamp_settings())

    def cleanupPage(self, page_id: int) -> None:  # noqa: N802 - Qt API
        # Going back from the preview drops the drawn pages (they may be out of date).
        if page_id == PREVIEW:
            self._stop_preview()
        super().cleanupPage(page_id)

    def validateCurrentPage(self) -> bool:  # noqa: N802 - Qt API
        case_id = self.ctx.cases.case_id
        if self.currentId() == INFO and case_id is not None and self.session.is_unlocked:
            info = self.info_step.collected()
            try:
                self.session.read(lambda v: save_info(v, case_id, info))
            except EvidenceKitError as exc:
                inform(self, _("Your information"), str(exc), warning=True)
                return False
        return bool(super().validateCurrentPage())

    def request(self) -> DossierRequest:
        items, messages = self.exhibits_step.chosen()
        return DossierRequest(recipient=self.recipient_step.recipient,
                              lang=self.recipient_step.lang,
                              case=self.ctx.cases.case_name or DEFAULT_CASE,
                              item_ids=items, message_ids=messages,
                              timezone=self.session.settings.timezone or None)

    # -- work in the worker --------------------------------------------------------------------
    def create_dossier(self, pdf: Path, with_bundle: bool) -> None:
        if self.job is not None or not self.session.is_unlocked:
            return
        self.save_step.set_running(True)
        options = self.save_step.choices.options(self.session.settings.timestamp_settings())
        self.job = self.session.jobs.run(
            export_job, self.session.vault, self.request(), pdf, with_bundle, options=options,
            on_finished=self._created, on_failed=self._failed,
            on_progress=self.save_step.show_progress)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel.set()

    def _created(self, result: Any) -> None:
        self.job = None
        self.last_result = result
        dossier, bundle = result
        self.save_step.finished(Path(dossier.pdf_path), int(dossier.pages),
                                len(dossier.exhibits), bundle,
                                key=bundle.report.signing_key_sha256 if bundle else "")

    def _failed(self, message: str) -> None:
        self.job = None
        self.save_step.failed(message)

    def preview(self) -> None:
        """Draw the dossier in memory (worker) and show it; nothing is written to disk."""
        self._stop_preview()
        self.preview_step.start()
        request = self.request()
        name = Path(suggested_name(request.recipient, request.case or DEFAULT_CASE, date.today()))
        self.preview_job = job = self.session.jobs.run(
            preview_job, self.session.vault, request, name,
            on_finished=lambda result: self._previewed(job, result),
            on_failed=lambda message: self._preview_failed(job, message))

    def _previewed(self, job: Job, result: Any) -> None:
        if job is self.preview_job and self.currentId() == PREVIEW:
            self.preview_job = None
            data, pages = result
            self.preview_step.show_pdf(bytes(data), int(pages))

    def _preview_failed(self, job: Job, message: str) -> None:
        if job is self.preview_job:
            self.preview_job = None
            self.preview_step.failed(message)

    def _stop_preview(self) -> None:
        if self.preview_job is not None:
            self.preview_job.cancel.set()
            self.preview_job = None
        self.preview_step.clear()

    def done(self, result: int) -> None:
        # Embedded: "Done" goes back to the first step instead of closing the widget.
        self.restart()

    def forget(self) -> None:
        self.cancel()
        self._stop_preview()
        self.info_step.load(self.info_step.info.__class__())
        self.exhibits_step.forget()
        self.last_result = None
        self.save_step.done_pdf = None
        self.restart()


class ExportPage(QWidget):
    """Holds the wizard; it restarts when the case changes so exhibits never mix cases."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.wizard = ExportWizard(ctx)
        self.wizard.setAccessibleName(_("Export a dossier"))
        layout.addWidget(self.wizard)
        ctx.cases.case_changed.connect(lambda _id, _name: self.wizard.restart())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self.wizard.currentId() < 0:
            self.wizard.restart()


def make_export_page(ctx: PageContext) -> QWidget:
    return ExportPage(ctx)
