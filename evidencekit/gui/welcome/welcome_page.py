"""The first-run screen: what the app does, the language, and the vault's passphrase."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QLineEdit, QWidget

from evidencekit.core.vault import Vault
from evidencekit.gui.welcome.strength_meter import StrengthMeter
from evidencekit.gui.widgets import LanguagePicker, card, centred, label, primary_button
from evidencekit.gui.worker import JobRunner
from evidencekit.i18n import _


def _create(folder: Path, passphrase: str, with_recovery_key: bool) -> tuple[Vault, str | None]:
    return Vault.create(folder, passphrase, with_recovery_key=with_recovery_key)


class WelcomePage(QWidget):
    """Creates the vault (the key derivation runs in the worker, it takes about a second)."""

    #: the user chose another language (code); the shell rebuilds the screen in it.
    language_picked = Signal(str)
    #: the vault exists and is unlocked: (Vault, recovery key text or None).
    created = Signal(object, object)

    def __init__(self, vault_path: Path, jobs: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault_path = vault_path
        self.jobs = jobs
        box, layout = card()
        top = QHBoxLayout()
        top.addWidget(label(_("Welcome"), "heading"), 1)
        self.language = LanguagePicker()
        self.language.language_picked.connect(self.language_picked)
        top.addWidget(self.language)
        layout.addLayout(top)
        layout.addWidget(label(_(
            "EvidenceKit keeps your proof safe on this computer: screenshots, photos, "
            "conversations and files. Everything is locked with a passphrase that only you know, "
            "and nothing is sent anywhere.")))
        layout.addWidget(label(_(
            "Each file is kept exactly as it is, with the date it was added, so that you can "
            "later give a complete file to the police, a lawyer or a help service.")))
        layout.addWidget(label(_("Choose your passphrase"), "subheading"))
        form = QFormLayout()
        self.passphrase = self._secret_field(_("Passphrase"))
        self.repeat = self._secret_field(_("Repeat the passphrase"))
        form.addRow(_("Passphrase"), self.passphrase)
        form.addRow(_("Repeat"), self.repeat)
        layout.addLayout(form)
        self.meter = StrengthMeter()
        layout.addWidget(self.meter)
        layout.addWidget(label(_(
            "If you forget it, nobody can open the vault, not even us. A recovery key is a "
            "second way in that you write on paper."), "muted"))
        self.recovery = QCheckBox(_("Also make a recovery key (recommended)"))
        self.recovery.setChecked(True)
        self.recovery.setAccessibleName(self.recovery.text())
        layout.addWidget(self.recovery)
        self.error = label("", "error")
        self.error.hide()
        layout.addWidget(self.error)
        row = QHBoxLayout()
        row.addStretch(1)
        self.create_button = primary_button(_("Create my vault"))
        self.create_button.setEnabled(False)
        self.create_button.clicked.connect(self.create_vault)
        row.addWidget(self.create_button)
        layout.addLayout(row)
        self.passphrase.textChanged.connect(self._changed)
        self.repeat.textChanged.connect(self._changed)
        self.repeat.returnPressed.connect(self.create_vault)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(centred(box, 740))  # wider, shorter: fits a 1024×600 screen

    @staticmethod
    def _secret_field(name: str) -> QLineEdit:
        field = QLineEdit()
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setAccessibleName(name)
        return field

    def _problem(self) -> str:
        first, second = self.passphrase.text(), self.repeat.text()
        strength = self.meter.strength
        if not first:
            return ""
        if strength is None or not strength.acceptable:
            return _("This passphrase is too easy to guess; add a word or two.")
        if second and first != second:
            return _("The two passphrases are different.")
        return ""

    def _changed(self) -> None:
        self.meter.update_for(self.passphrase.text())
        problem = self._problem()
        self.error.setText(problem)
        self.error.setVisible(bool(problem) and bool(self.repeat.text()))
        self.create_button.setEnabled(
            not problem and bool(self.passphrase.text())
            and self.passphrase.text() == self.repeat.text())

    def create_vault(self) -> None:
        if not self.create_button.isEnabled():
            return
        self.create_button.setEnabled(False)
        self.create_button.setText(_("Creating your vault…"))
        self.error.hide()
        passphrase = self.passphrase.text()
        self.passphrase.clear()
        self.repeat.clear()
        self.jobs.run(_create, self.vault_path, passphrase, self.recovery.isChecked(),
                      pass_progress=False, on_finished=self._done, on_failed=self._failed)

    def _done(self, result: object) -> None:
        vault, recovery = cast(tuple[Vault, str | None], result)
        self.created.emit(vault, recovery)

    def _failed(self, message: str) -> None:
        self.create_button.setText(_("Create my vault"))
        self.error.setText(message)
        self.error.show()
