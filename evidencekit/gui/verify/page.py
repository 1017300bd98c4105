"""“Check a dossier you received”: verifies an export bundle offline, with no vault at all."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidencekit.dossier import bundle_crypt
from evidencekit.dossier.key_trust import check_bundle
from evidencekit.dossier.tsa_verify import describe
from evidencekit.dossier.verify_bundle import BundleReport
from evidencekit.gui.main.pages import PageContext
from evidencekit.gui.text import clean, number
from evidencekit.gui.widgets import label, primary_button
from evidencekit.gui.worker import Job, JobRunner
from evidencekit.i18n import _


def report_lines(report: BundleReport) -> list[str]:
    """The details under the verdict, one fact a line; names come from the zip: cleaned."""
    lines = []
    for name, reasons in sorted(report.bad.items()):
        lines.append(f"✗ {clean(name, limit=200)}: {clean('; '.join(reasons), limit=500)}")
    lines += [f"✗ {clean(problem, limit=500)}" for problem in report.general]
    if lines:
        lines.append("")
    lines.append(_("Files checked: {n}").format(n=number(len(report.files))))
    if report.exhibits:
        lines.append(_("Exhibits: {n}").format(n=number(report.exhibits)))
    if report.recipient:
        lines.append(_("Prepared for: {who}").format(who=clean(report.recipient, limit=40)))
    if report.created_at:
        lines.append(_("Created: {when}").format(when=clean(report.created_at, limit=40)))
    if report.custody_entries:
        lines.append(_("Custody log entries checked: {n}").format(n=number(report.custody_entries)))
    if report.manifest_sha256:
        lines.append(_("SHA-256 of manifest.json: {sha}").format(sha=report.manifest_sha256))
    if report.signing_key_sha256:
        lines.append(_("Signing key: {key}").format(key=report.signing_key_sha256))
    if report.key_trust and report.key_trust.get("ok"):
        lines.append(clean(str(report.key_trust.get("message", "")), limit=800))
    lines += [clean(describe(entry), limit=600) for entry in report.timestamps]
    return lines


def _key_only(report: BundleReport) -> bool:
    """Every file intact, but signed by another key than the one expected or seen before."""
    trust = report.key_trust
    return trust is not None and not trust.get("ok") and not report.general and \
        list(report.bad.values()) == [[trust.get("message")]]


class VerifyPanel(QWidget):
    """Used as a page of the main window and, inside VerifyDialog, before any vault exists."""

    #: a check ended: True when the bundle is intact.
    checked = Signal(bool)

    def __init__(self, jobs: JobRunner, parent: QWidget | None = None,
                 trusted_ca: Callable[[], list[Path]] | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs
        # CA files the user trusts for timestamp tokens besides the public roots (Settings).
        self.trusted_ca = trusted_ca or (lambda: [])
        self.job: Job | None = None
        self.report: BundleReport | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label(_("Check a dossier you received"), "subheading"))
        layout.addWidget(label(_("Open the .zip bundle you were given. The check needs no vault "
                                 "and no passphrase, and changes nothing in the file: it "
                                 "re-computes every fingerprint (SHA-256), checks the signatures "
                                 "and the custody log, and names any file that was altered."),
                               "muted"))
        layout.addWidget(label(_("Expected key fingerprint (optional): the 64 characters the "
                                 "sender gave you in person or by phone, or printed on the "
                                 "attestation they signed."), "muted"))
        self.expected_key = QLineEdit()
        self.expected_key.setAccessibleName(_("Expected key fingerprint"))
        self.expected_key.setPlaceholderText("7d6d 728a b32e …")
        self.expected_key.setMaxLength(200)
        self.expected_key.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # hexadecimal
        layout.addWidget(self.expected_key)
        row = QHBoxLayout()
        self.open_button = primary_button(_("Open a bundle…"))
        self.open_button.clicked.connect(self.choose)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Cancel the check"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        row.addWidget(self.open_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Progress of the check"))
        self.progress.hide()
        layout.addWidget(self.progress)
        self.file_label = label("", "muted")
        layout.addWidget(self.file_label)
        self.verdict = label("", "subheading")
        self.verdict.setAccessibleName(_("Result of the check"))
        layout.addWidget(self.verdict)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName(_("Details of the check"))
        self.details.hide()
        layout.addWidget(self.details, 1)
        layout.addStretch(0)

    @property
    def running(self) -> bool:
        return self.job is not None

    def choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Open a bundle"), "", _("Evidence bundles (*.zip *.age);;All files (*)"),
            options=QFileDialog.Option.DontUseNativeDialog)  # no "recent files" entry
        if path:
            self.verify_path(Path(path))

    def verify_path(self, path: Path) -> None:
        if self.job is not None:
            return
        passphrase = None
        if bundle_crypt.is_encrypted(path):
            # An encrypted bundle (age): its passphrase was given by phone; it is only kept
            # for this check, and the zip is opened in memory.
            passphrase = self.ask_passphrase(path)
            if not passphrase:
                return
        self.report = None
        self.file_label.setText(_("File: {name}").format(name=clean(path.name, limit=200)))
        self.verdict.setText(_("Checking…"))
        self.verdict.setObjectName("subheading")
        self.details.hide()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.open_button.setEnabled(False)
        expected = self.expected_key.text().strip() or None
        tsa_ca = tuple(self.trusted_ca())
        if passphrase is not None:
            self.job = self.jobs.run(bundle_crypt.verify_encrypted, path, passphrase,
                                     tsa_ca=tsa_ca, expect_key=expected, on_finished=self._done,
                                     on_failed=self._failed, on_progress=self._progress)
            return
        self.job = self.jobs.run(check_bundle, path, expect_key=expected, tsa_ca=tsa_ca,
                                 on_finished=self._done, on_failed=self._failed,
                                 on_progress=self._progress)

    def ask_passphrase(self, path: Path) -> str | None:
        text, ok = QInputDialog.getText(
            self, _("Encrypted bundle"),
            _("This bundle is encrypted. Type the passphrase you were given (by phone):"),
            QLineEdit.EchoMode.Password)
        return str(text) if ok else None

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel.set()

    def _progress(self, done: int, total: int, _label: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _finish(self) -> None:
        self.job = None
        self.progress.hide()
        self.cancel_button.hide()
        self.open_button.setEnabled(True)

    def _restyle(self, name: str) -> None:
        self.verdict.setObjectName(name)
        self.verdict.style().unpolish(self.verdict)
        self.verdict.style().polish(self.verdict)

    def _done(self, result: Any) -> None:
        self._finish()
        if not isinstance(result, BundleReport):
            return
        self.report = result
        if result.ok and (result.key_trust or {}).get("status") == "unknown":
            self.verdict.setText(_("Intact, but signed by a key never seen on this computer: "
                                   "compare its fingerprint with the one the sender gives you "
                                   "(see the details)."))
            self._restyle("subheading")
        elif result.ok:
            self.verdict.setText(_("Intact: every file is exactly as it was exported, and the "
                                   "signatures are valid."))
            self._restyle("subheading")
        elif _key_only(result):
            self.verdict.setText(_("Not signed by the expected key: every file matches, but the "
                                   "signing key is not the one you expect (see the details)."))
            self._restyle("error")
        else:
            names = ", ".join(clean(n, limit=120) for n in sorted(result.bad))
            self.verdict.setText(
                _("Altered: these files do not match what was exported: {names}").format(
                    names=names) if names else
                _("Problem: the bundle could not be fully checked (see the details)."))
            self._restyle("error")
        self.details.setPlainText("\n".join(report_lines(result)))
        self.details.show()
        self.checked.emit(result.ok)

    def _failed(self, message: str) -> None:
        self._finish()
        self.verdict.setText(clean(message, limit=600))
        self._restyle("error")
        self.checked.emit(False)


class VerifyDialog(QDialog):
    """The same check from the welcome or unlock screen, for someone who has no vault."""

    def __init__(self, jobs: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Check a dossier you received"))
        self.resize(720, 520)
        layout = QVBoxLayout(self)
        self.panel = VerifyPanel(jobs)
        layout.addWidget(self.panel, 1)
        close = QPushButton(_("Close"))
        close.setAccessibleName(_("Close"))
        close.clicked.connect(self.accept)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)


def make_verify_page(ctx: PageContext) -> QWidget:
    settings = ctx.session

    def trusted() -> list[Path]:
        return [Path(settings.settings.tsa_ca)] if settings.settings.tsa_ca else []

    return VerifyPanel(ctx.session.jobs, trusted_ca=trusted)
