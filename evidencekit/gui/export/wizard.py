"""The export wizard: recipient and language, exhibits, information, save, then a preview."""

from __future__ import annotations

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
from evidencekit.gui.export.info_step import InfoStep
from evidencekit.gui.export.output_steps import (
    PREVIEW_PAGES,
    PreviewStep,
    SaveStep,
    export_job,
    rasterise,
)
from evidencekit.gui.main.pages import PageContext
from evidencekit.gui.widgets import inform
from evidencekit.gui.worker import Job
from evidencekit.i18n import _

RECIPIENT, EXHIBITS, INFO, SAVE, PREVIEW = range(5)


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
        self.save_step = SaveStep()
        self.preview_step = PreviewStep()
        for n, page in enumerate((self.recipient_step, self.exhibits_step, self.info_step,
                                  self.save_step, self.preview_step)):
            self.setPage(n, page)
        self.setButtonText(QWizard.WizardButton.NextButton, _("Next"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Done"))
        self.save_step.create_requested.connect(self.create_dossier)
        self.save_step.cancel_requested.connect(self.cancel)
        self.job: Job | None = None
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
            self.exhibits_step.fill(items, messages)
        elif page_id == INFO:
            self.info_step.set_recipient(self.recipient_step.recipient)
            self.info_step.load(self.session.read(lambda v: load_info(v.conn, case_id)))
        elif page_id == PREVIEW and self.save_step.done_pdf is not None:
            self.preview(self.save_step.done_pdf)

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
        self.job = self.session.jobs.run(
            export_job, self.session.vault, self.request(), pdf, with_bundle,
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
                                len(dossier.exhibits), bundle.path if bundle else None,
                                key=bundle.report.signing_key_sha256 if bundle else "")

    def _failed(self, message: str) -> None:
        self.job = None
        self.save_step.failed(message)

    def preview(self, pdf: Path) -> None:
        total = int(self.last_result[0].pages) if self.last_result else PREVIEW_PAGES
        self.preview_step.clear()
        self.preview_step.loading = True
        self.preview_step.status.setText(_("Drawing the pages…"))
        self.session.jobs.run(
            rasterise, pdf, min(total, PREVIEW_PAGES),
            on_finished=lambda images: self.preview_step.show_pages(list(images), total),
            on_failed=lambda message: self.preview_step.show_pages([], total))

    def done(self, result: int) -> None:
        # Embedded: "Done" goes back to the first step instead of closing the widget.
        self.restart()

    def forget(self) -> None:
        self.cancel()
        self.preview_step.clear()
        self.info_step.load(self.info_step.info.__class__())
        self.exhibits_step.model.clear()
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
