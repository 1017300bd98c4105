"""Changing the passphrase from the settings (the re-encryption runs in the worker)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from evidencekit.core.vault import Vault
from evidencekit.gui.session import Session
from evidencekit.gui.welcome.strength_meter import StrengthMeter
from evidencekit.gui.widgets import label, primary_button
from evidencekit.i18n import _


def _change(vault: Vault, new_passphrase: str) -> None:
    vault.change_passphrase(new_passphrase)


class PassphraseChanger(QWidget):
    """New passphrase, repeated, with the strength meter; the old one stops working at once."""

    #: the passphrase was changed.
    changed = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        layout.addWidget(label(_("The vault is re-encrypted under the new passphrase; the old one "
                                 "stops working at once. Your recovery key keeps working."),
                               "muted"))
        form = QFormLayout()
        self.first = QLineEdit()
        self.second = QLineEdit()
        for field, name in ((self.first, _("New passphrase")), (self.second, _("Repeat"))):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setAccessibleName(name)
            form.addRow(name, field)
            field.textChanged.connect(self._update)
        layout.addLayout(form)
        self.meter = StrengthMeter()
        layout.addWidget(self.meter)
        self.status = label("")
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        self.button = primary_button(_("Change the passphrase"))
        self.button.setEnabled(False)
        self.button.clicked.connect(self.change)
        row.addWidget(self.button)
        layout.addLayout(row)

    def _update(self) -> None:
        strength = self.meter.update_for(self.first.text())
        same = self.first.text() == self.second.text()
        ok = strength is not None and strength.acceptable and same
        self.button.setEnabled(ok)

    def change(self) -> None:
        if not self.button.isEnabled() or not self.session.is_unlocked:
            return
        passphrase = self.first.text()
        self.first.clear()
        self.second.clear()
        self.button.setEnabled(False)
        self.status.setText(_("Re-encrypting the vault… keep the app open."))
        self.session.jobs.run(_change, self.session.vault, passphrase, pass_progress=False,
                              on_finished=self._done, on_failed=self.status.setText)

    def _done(self, _result: object) -> None:
        self.status.setText(_("Done: use your new passphrase from now on."))
        self.changed.emit()
