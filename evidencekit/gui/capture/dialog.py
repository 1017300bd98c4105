"""“Capture a web page…”: the address, whether to log in first, and what the capture will do.

The capture runs off the GUI thread (JobRunner): the browser child and the recording proxy run
for seconds, and a window-mode capture waits for the user's “Capture now” in the child's window.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidencekit.capture.session import capture, check_url
from evidencekit.capture.store import StoredCapture, store_capture
from evidencekit.core.errors import Cancelled, EvidenceKitError
from evidencekit.core.vault import Vault
from evidencekit.dossier.tsa_client import TimestampSettings
from evidencekit.gui.main.cases_model import case_label
from evidencekit.gui.session import Session
from evidencekit.gui.widgets import label
from evidencekit.i18n import _


def capture_and_store(vault: Vault, url: str, case: str, window: bool,
                      stamping: TimestampSettings, *, progress: Any = None,
                      cancel: threading.Event | None = None) -> StoredCapture:
    result = capture(url, window=window, cancel=cancel)
    if cancel is not None and cancel.is_set():
        raise Cancelled(_("Capture stopped; nothing was kept."))
    with vault.lock:
        return store_capture(vault, result, case, stamping)


class WebCaptureDialog(QDialog):
    captured = Signal(object)  # the StoredCapture

    def __init__(self, session: Session, case: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.case = case
        self.setWindowTitle(_("Capture a web page"))
        self.setMinimumWidth(560)
        column = QVBoxLayout(self)
        column.addWidget(label(_("Capture a web page"), "heading"))
        column.addWidget(label(_(
            "A real browser opens the page in a fresh profile (no cookies, no history) and "
            "keeps, in the vault: a full-page screenshot, every request and answer (WARC), the "
            "page as rendered, the site's certificate and address, and a log of the steps. "
            "This is stronger than a screenshot: it shows where the page came from and when.")))
        column.addWidget(label(_(
            "This uses the network: the site sees this computer's address, as with any "
            "visit. Nothing else in the app goes online on its own."), "notice"))
        self.address = QLineEdit(self)
        self.address.setPlaceholderText("https://")
        self.address.setAccessibleName(_("Address of the page"))
        column.addWidget(label(_("Address of the page")))
        column.addWidget(self.address)
        # A short label and the explanation beneath: a check box does not wrap its text, and
        # the long one made the dialog scroll sideways at 200 %.
        self.login_first = QCheckBox(_("Let me log in first"), self)
        self.login_first.setAccessibleName(_("Let me log in first"))
        column.addWidget(self.login_first)
        login_note = label(_("A browser window opens; press “Capture now” when the page shows "
                             "the content."), "muted")
        login_note.setIndent(24)
        column.addWidget(login_note)
        self.stamping = session.settings.timestamp_settings()
        column.addWidget(label(
            _("An RFC 3161 timestamp will be asked for at once (the authority receives only a "
              "SHA-256).") if self.stamping.enabled else
            _("Timestamping is off in the settings: the capture will have no RFC 3161 token.")))
        column.addWidget(label(_("Case: {case}").format(case=case_label(case))))
        self.status = label("", "status")
        column.addWidget(self.status)
        buttons = QDialogButtonBox(self)
        self.start_button = QPushButton(_("Capture"), self)
        self.start_button.setDefault(True)
        buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.stop_button = QPushButton(_("Stop"), self)
        self.stop_button.setEnabled(False)
        buttons.addButton(self.stop_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.start_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        self.job: Any = None

    def start(self) -> None:
        try:
            url = check_url(self.address.text())
        except EvidenceKitError as exc:
            self.status.setText(str(exc))
            return
        if not self.session.is_unlocked or self.job is not None:
            return
        self.start_button.setEnabled(False)
        self.status.setText(_("Capturing {url}…").format(url=url) if not
                            self.login_first.isChecked() else
                            _("Log in inside the browser window, then press “Capture now”."))
        self.job = self.session.jobs.run(
            capture_and_store, self.session.vault, url, self.case,
            self.login_first.isChecked(), self.stamping,
            on_finished=self._done, on_failed=self._failed)
        self.stop_button.setEnabled(True)

    def stop(self) -> None:
        if self.job is not None:
            self.job.cancel.set()  # the browser child is killed; nothing is stored

    def reject(self) -> None:
        self.stop()  # closing the dialog stops a capture in progress
        super().reject()

    def _done(self, stored: StoredCapture) -> None:
        self.job = None
        self.start_button.setEnabled(True)
        self.stop_button.setEnabled(False)
        text = _("Captured as item #{id} ({n} parts). {stamp}").format(
            id=stored.item_id, n=len(stored.parts), stamp=stored.timestamp.message)
        if stored.certificate_error:
            text += "\n" + _("warning: the site's certificate did not verify ({error}); this is "
                              "recorded in the capture.").format(error=stored.certificate_error)
        self.status.setText(text)
        self.captured.emit(stored)

    def _failed(self, message: str) -> None:
        self.job = None
        self.start_button.setEnabled(True)
        self.stop_button.setEnabled(False)
        self.status.setText(message)
