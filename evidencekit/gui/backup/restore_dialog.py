"""“Restore a copy”: bring a saved copy back, checked completely before anything is replaced.

The normal way is into a new folder, which never touches the vault in use. Restoring in place
of the current vault needs that vault closed (the app must be locked) and a clear yes to a
question that says the current vault is kept aside, not deleted (core/backup.py renames it to
`…before-restore-TIME`). The passphrase is the one the copy was saved with; it is read from the
field once and the field is cleared.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from evidencekit.core.backup import RestoreResult, restore_backup
from evidencekit.gui.session import Session
from evidencekit.gui.text import local_time
from evidencekit.gui.widgets import label, primary_button
from evidencekit.i18n import _


def suggested_folder(vault_path: Path, today: datetime | None = None) -> Path:
    """A new folder beside the current vault, named by date, that does not exist yet."""
    stamp = (today or datetime.now()).strftime("%Y-%m-%d")
    base = vault_path.parent / f"{vault_path.name}-restored-{stamp}"
    candidate, n = base, 2
    while candidate.exists():
        candidate, n = base.with_name(f"{base.name}-{n}"), n + 1
    return candidate


class RestoreDialog(QDialog):
    """Pick the copy, type its passphrase, choose where it goes; the restore runs in the worker."""

    #: a copy was restored (the RestoreResult); `replaced_current` says where.
    restored = Signal(object)
    #: the user asked to open the vault restored into a new folder (its Path).
    open_requested = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.result_value: RestoreResult | None = None
        self.replaced_current = False
        self.setWindowTitle(_("Restore a copy"))
        self.setMinimumWidth(560)
        column = QVBoxLayout(self)
        column.addWidget(label(_("Restore a copy of the vault"), "subheading"))
        column.addWidget(label(_(
            "Choose a copy saved with “Save a copy”. It is checked completely before anything "
            "is written. By default it goes into a new folder, and your current vault is not "
            "touched.")))
        form = QFormLayout()
        self.file = QLineEdit()
        self.file.setAccessibleName(_("The copy to restore"))
        self.file.textChanged.connect(self._changed)
        form.addRow(_("Copy file"), self._with_browse(self.file, self.choose_file))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(_("Passphrase of the copy"))
        self.passphrase.textChanged.connect(self._changed)
        form.addRow(_("Passphrase of the copy"), self.passphrase)
        column.addLayout(form)
        self.to_new = QRadioButton(_("Into a new folder (recommended)"))
        self.to_new.setChecked(True)
        self.folder = QLineEdit(str(suggested_folder(session.vault_path)))
        self.folder.setAccessibleName(_("New folder for the restored vault"))
        self.folder.textChanged.connect(self._changed)
        self.in_place = QRadioButton(
            _("In place of the current vault (it is kept aside, not deleted)")
            if session.vault_exists else
            _("As the vault of this computer (there is none yet)"))
        # Replacing the vault in use would pull it from under the open session.
        self.in_place.setEnabled(not session.is_unlocked)
        if session.is_unlocked:
            self.in_place.setToolTip(_("Lock the vault first: only a closed vault can be "
                                       "replaced."))
        for button in (self.to_new, self.in_place):
            button.setAccessibleName(button.text())
            button.toggled.connect(self._changed)
        column.addWidget(self.to_new)
        column.addWidget(self._with_browse(self.folder, self.choose_folder))
        column.addWidget(self.in_place)
        self.status = label("", "muted")
        column.addWidget(self.status)
        row = QHBoxLayout()
        row.addStretch(1)
        self.close_button = QPushButton(_("Close"))
        self.close_button.clicked.connect(self.reject)
        self.restore_button = primary_button(_("Check and restore"))
        self.restore_button.clicked.connect(self.restore)
        self.open_button = QPushButton(_("Open the restored vault"))
        self.open_button.setAccessibleName(_("Open the restored vault"))
        self.open_button.clicked.connect(self._open)
        self.open_button.hide()
        row.addWidget(self.open_button)
        row.addWidget(self.close_button)
        row.addWidget(self.restore_button)
        column.addLayout(row)
        self._changed()

    @staticmethod
    def _with_browse(field: QLineEdit, slot: object) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(field, 1)
        browse = QPushButton(_("Browse…"))
        browse.setAccessibleName(_("Browse for {what}").format(what=field.accessibleName()))
        browse.clicked.connect(slot)  # type: ignore[arg-type]
        row.addWidget(browse)
        return box

    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Restore a copy"), "", _("EvidenceKit copies (*.ekbackup)"),
            options=QFileDialog.Option.DontUseNativeDialog)
        if name:
            self.file.setText(name)

    def choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(
            self, _("New folder for the restored vault"), str(self.session.vault_path.parent),
            options=QFileDialog.Option.DontUseNativeDialog)
        if name:
            self.folder.setText(str(Path(name) / suggested_folder(self.session.vault_path).name))

    def target(self) -> Path:
        if self.in_place.isChecked():
            return self.session.vault_path
        return Path(self.folder.text().strip()).expanduser()

    def _changed(self) -> None:
        self.folder.setEnabled(self.to_new.isChecked())
        ready = bool(self.file.text().strip() and self.passphrase.text()
                     and (self.in_place.isChecked() or self.folder.text().strip()))
        self.restore_button.setEnabled(ready)

    def _confirm_in_place(self) -> bool:
        answer = QMessageBox.question(
            self, _("Replace the current vault?"),
            _("The copy will take the place of the vault in {path}. The current vault is not "
              "deleted: it is moved aside, next to it, and keeps everything it holds. "
              "Replace it with the copy?").format(path=self.session.vault_path),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def restore(self) -> None:
        if not self.restore_button.isEnabled():
            return
        in_place = self.in_place.isChecked()
        # Nothing to replace on a first start (no vault yet): no question then.
        if in_place and (self.session.is_unlocked or (self.session.vault_exists
                                                       and not self._confirm_in_place())):
            return
        if not in_place and self.target().exists() and any(self.target().iterdir()):
            self.status.setText(_("{path} is not empty; choose a new folder.").format(
                path=self.target()))
            return
        passphrase = self.passphrase.text()
        self.passphrase.clear()
        self.replaced_current = in_place
        self.restore_button.setEnabled(False)
        self.status.setText(_("Checking the copy and restoring it… keep the app open."))
        self.session.jobs.run(restore_backup, Path(self.file.text().strip()), passphrase,
                              self.target(), replace=in_place, pass_progress=False,
                              on_finished=self._done, on_failed=self._failed)

    def _done(self, result: object) -> None:
        if not isinstance(result, RestoreResult):
            return
        self.result_value = result
        lines = [_("The copy was checked and restored to {path} (saved {date}).").format(
            path=result.vault, date=local_time(result.info.created_at, self.session.timezone))]
        if result.moved_aside:
            lines.append(_("The vault that was there is kept, untouched, at {path}.").format(
                path=result.moved_aside))
        elif not self.replaced_current:
            lines.append(_("“Open the restored vault” uses it until EvidenceKit is closed; the "
                           "next start opens your usual vault again."))
        self.status.setText(" ".join(lines))
        self.close_button.setText(_("Done"))
        self.open_button.setVisible(not self.replaced_current)
        self.restored.emit(result)

    def _open(self) -> None:
        if self.result_value is not None:
            self.open_requested.emit(self.result_value.vault)
            self.accept()

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        self._changed()
