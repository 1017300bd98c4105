"""The unlock screen: passphrase (or recovery key), and the wording of a refusal."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget

from evidencekit.core.errors import WrongPassphrase
from evidencekit.core.vault import Vault
from evidencekit.gui.settings import Settings
from evidencekit.gui.widgets import LanguagePicker, card, centred, label, primary_button
from evidencekit.gui.worker import JobRunner
from evidencekit.i18n import _


def _open(folder: Path, secret: str, use_recovery: bool) -> Vault:
    try:
        if use_recovery:
            return Vault.open(folder, recovery_key=secret)
        return Vault.open(folder, secret)
    except WrongPassphrase:
        # The core's sentence names the vault folder, for scripts; a person needs a calmer one.
        if use_recovery:
            raise WrongPassphrase(_("That recovery key did not open the vault. Check each "
                                    "group of letters, then try again.")) from None
        raise WrongPassphrase(_("That passphrase did not open the vault. Check the keyboard "
                                "language and Caps Lock, then try again.")) from None


class UnlockPage(QWidget):
    """Opens the vault in the worker: the key derivation and the delay after mistakes are slow."""

    #: the user chose another language (code).
    language_picked = Signal(str)
    #: the vault is open (the Vault; its unlock_report holds failed attempts).
    unlocked = Signal(object)

    def __init__(self, vault_path: Path, jobs: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault_path = vault_path
        self.jobs = jobs
        self.use_recovery = False
        box, layout = card()
        top = QHBoxLayout()
        self.heading = label(_("Your vault is locked"), "heading")
        top.addWidget(self.heading, 1)
        self.language = LanguagePicker()
        self.language.language_picked.connect(self.language_picked)
        top.addWidget(self.language)
        layout.addLayout(top)
        self.reason = label("", "muted")
        self.reason.hide()
        layout.addWidget(self.reason)
        self.prompt = label(_("Type your passphrase to open it."))
        layout.addWidget(self.prompt)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName(_("Passphrase"))
        self.secret.returnPressed.connect(self.unlock)
        layout.addWidget(self.secret)
        self.error = label("", "error")
        self.error.hide()
        layout.addWidget(self.error)
        row = QHBoxLayout()
        self.switch = QPushButton(_("I forgot my passphrase"))
        self.switch.setFlat(True)
        self.switch.setAccessibleName(_("Use the recovery key instead"))
        self.switch.clicked.connect(self.toggle_recovery)
        row.addWidget(self.switch)
        row.addStretch(1)
        self.button = primary_button(_("Unlock"))
        self.button.clicked.connect(self.unlock)
        row.addWidget(self.button)
        layout.addLayout(row)
        outer = QHBoxLayout(self)
        outer.addWidget(centred(box, 560))
        self.secret.setFocus()

    def show_lock_reason(self, reason: str, settings: Settings) -> None:
        """Say why the vault closed when the user did not close it themselves."""
        sentences = {
            "idle": _("The vault locked itself after {n} minutes without use, to protect it "
                      "if you were away.").format(n=settings.auto_lock_minutes),
            "screen": _("The vault locked itself because the screen was locked."),
        }
        text = sentences.get(reason, "")
        self.reason.setText(text)
        self.reason.setVisible(bool(text))

    def toggle_recovery(self) -> None:
        self.use_recovery = not self.use_recovery
        self.secret.clear()
        self.error.hide()
        if self.use_recovery:
            self.prompt.setText(
                _("Type the recovery key you wrote down (the dashes are optional)."))
            self.secret.setEchoMode(QLineEdit.EchoMode.Normal)
            self.secret.setAccessibleName(_("Recovery key"))
            self.switch.setText(_("Use my passphrase"))
        else:
            self.prompt.setText(_("Type your passphrase to open it."))
            self.secret.setEchoMode(QLineEdit.EchoMode.Password)
            self.secret.setAccessibleName(_("Passphrase"))
            self.switch.setText(_("I forgot my passphrase"))
        self.secret.setFocus()

    def unlock(self) -> None:
        secret = self.secret.text()
        if not secret or not self.button.isEnabled():
            return
        self.secret.clear()
        self.button.setEnabled(False)
        self.secret.setEnabled(False)
        self.button.setText(_("Opening…"))
        self.error.hide()
        self.jobs.run(_open, self.vault_path, secret, self.use_recovery, pass_progress=False,
                      on_finished=self.unlocked.emit, on_failed=self._failed)

    def _failed(self, message: str) -> None:
        self.button.setEnabled(True)
        self.secret.setEnabled(True)
        self.button.setText(_("Unlock"))
        self.error.setText(message)
        self.error.show()
        self.secret.setFocus()
