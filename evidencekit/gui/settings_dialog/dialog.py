"""The settings dialog: preferences saved to the settings file, and the vault's keys."""

from __future__ import annotations

from zoneinfo import available_timezones

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from evidencekit.core.vault import Vault
from evidencekit.dossier.tsa_client import DEFAULT_TSAS
from evidencekit.gui.language import NAMES
from evidencekit.gui.session import Session
from evidencekit.gui.settings import Settings
from evidencekit.gui.settings_dialog.passphrase import PassphraseChanger
from evidencekit.gui.welcome.recovery_page import RecoveryKeyPanel
from evidencekit.gui.widgets import label
from evidencekit.i18n import LANGUAGES, _
from evidencekit.importers.tesseract_lookup import find_tesseract, install_hint


class SettingsDialog(QDialog):
    """Apply saves the preferences; the passphrase and recovery key act immediately."""

    #: the saved settings (Settings); the app applies language, auto-lock and the rest.
    applied = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Settings"))
        self.setMinimumWidth(560)
        tabs = self.tabs = QTabWidget()
        tabs.addTab(self._preferences(session.settings), _("General"))
        self.passphrase = PassphraseChanger(session)
        tabs.addTab(self.passphrase, _("Passphrase"))
        tabs.addTab(self._recovery(), _("Recovery key"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)

    def _preferences(self, settings: Settings) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        # A field goes under its caption when both do not fit side by side (200 % scale).
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.language = QComboBox()
        self.language.addItem(_("Same as the system"), "")
        for code in LANGUAGES:
            self.language.addItem(NAMES[code], code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.language.setAccessibleName(_("Language"))
        form.addRow(_("Language"), self.language)
        self.timezone = QComboBox()
        self.timezone.setEditable(True)
        self.timezone.addItem(_("Same as the vault"), "")
        for name in sorted(available_timezones()):
            self.timezone.addItem(name, name)
        found = self.timezone.findData(settings.timezone)
        self.timezone.setCurrentIndex(max(0, found))
        self.timezone.setAccessibleName(_("Time zone"))
        form.addRow(_("Time zone for showing times"), self.timezone)
        self.auto_lock = QSpinBox()
        self.auto_lock.setRange(0, 240)
        self.auto_lock.setSuffix(" " + _("min"))
        self.auto_lock.setSpecialValueText(_("never"))
        self.auto_lock.setValue(settings.auto_lock_minutes)
        self.auto_lock.setAccessibleName(_("Lock after this many minutes without use"))
        form.addRow(_("Lock when unused for"), self.auto_lock)
        self.ocr = QCheckBox(_("Read the text in screenshots (OCR), on this computer only"))
        self.ocr.setChecked(settings.ocr)
        form.addRow("", self.ocr)
        if find_tesseract() is None:
            self.ocr_missing = label(install_hint(), "muted")
            form.addRow("", self.ocr_missing)
        # A check box does not wrap: a short text (the French one was cut at 1366 pixels); the
        # authorities are explained beneath.
        self.timestamping = QCheckBox(_("Timestamp my bundles (uses the network when "
                                        "exporting)"))
        self.timestamping.setAccessibleName(_("Timestamp my bundles with public timestamp "
                                              "authorities (uses the network when exporting)"))
        self.timestamping.setChecked(settings.timestamping)
        form.addRow("", self.timestamping)
        self.tsa = QLineEdit(settings.tsa_url)
        self.tsa.setPlaceholderText(" ".join(DEFAULT_TSAS))
        self.tsa.setAccessibleName(_("Timestamp authority addresses"))
        form.addRow(_("Timestamp authorities"), self.tsa)
        self.tsa_ca = QLineEdit(settings.tsa_ca)
        self.tsa_ca.setPlaceholderText(_("only for an authority outside the public list"))
        self.tsa_ca.setAccessibleName(_("CA certificate file of the timestamp authority"))
        form.addRow(_("Its CA certificate (optional)"), self.tsa_ca)
        form.addRow("", label(_("A timestamp authority adds an independent date to exports. It "
                                "is contacted only when you export with this turned on, and "
                                "only with a fingerprint, never with your files; it does see "
                                "this computer's internet address. Empty: the built-in list."),
                              "muted"))
        return page

    def _recovery(self) -> QWidget:
        page = QWidget()
        self.recovery_layout = QVBoxLayout(page)
        has_key = self.session.is_unlocked and self.session.vault.has_recovery_key
        self.recovery_layout.addWidget(label(
            _("This vault has a recovery key. Making a new one stops the old one from working.")
            if has_key else _("This vault has no recovery key yet.")))
        self.recovery_layout.addWidget(label(_(
            "The vault is re-encrypted under a new key, so the old recovery key opens nothing "
            "new, even with an old copy of the vault's key file. Type your passphrase to allow "
            "it."), "muted"))
        self.recovery_passphrase = QLineEdit()
        self.recovery_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.recovery_passphrase.setAccessibleName(_("Your passphrase"))
        self.recovery_passphrase.setPlaceholderText(_("Your passphrase"))
        self.recovery_passphrase.returnPressed.connect(self.make_recovery_key)
        self.recovery_layout.addWidget(self.recovery_passphrase)
        self.new_recovery = QPushButton(_("Make a new recovery key"))
        self.new_recovery.clicked.connect(self.make_recovery_key)
        self.recovery_layout.addWidget(self.new_recovery)
        self.recovery_status = label("", "muted")
        self.recovery_layout.addWidget(self.recovery_status)
        self.recovery_layout.addStretch(1)
        return page

    def make_recovery_key(self) -> None:
        if not self.session.is_unlocked or not self.new_recovery.isEnabled():
            return
        passphrase = self.recovery_passphrase.text()
        self.recovery_passphrase.clear()
        self.new_recovery.setEnabled(False)
        self.recovery_status.setText(_("Re-encrypting the vault… keep the app open."))
        self.session.jobs.run(_new_recovery_key, self.session.vault, passphrase,
                              pass_progress=False, on_finished=self._recovery_made,
                              on_failed=self._recovery_failed)

    def _recovery_made(self, key: object) -> None:
        self.new_recovery.hide()
        self.recovery_passphrase.hide()
        self.recovery_status.setText(_(
            "Done. Copies of the vault folder made before today still open with the old "
            "recovery key: delete them, or keep them where nobody else can reach."))
        panel = RecoveryKeyPanel(str(key))
        panel.confirmed.connect(panel.hide)
        self.recovery_layout.insertWidget(0, panel)

    def _recovery_failed(self, message: str) -> None:
        self.new_recovery.setEnabled(True)
        self.recovery_status.setText(message)

    def show_passphrase_page(self) -> None:
        """Bring the passphrase page forward (after an unlock with the recovery key)."""
        self.tabs.setCurrentWidget(self.passphrase)
        self.passphrase.first.setFocus()

    def values(self) -> Settings:
        timezone = self.timezone.currentData()
        if timezone is None:  # typed by hand
            typed = self.timezone.currentText().strip()
            timezone = typed if typed in available_timezones() else ""
        return self.session.settings.with_changes(
            language=str(self.language.currentData() or ""),
            timezone=str(timezone or ""),
            auto_lock_minutes=self.auto_lock.value(),
            ocr=self.ocr.isChecked(),
            timestamping=self.timestamping.isChecked(),
            tsa_url=self.tsa.text().strip(),
            tsa_ca=self.tsa_ca.text().strip(),
        )

    def save(self) -> None:
        settings = self.values()
        self.session.update_settings(settings)
        self.applied.emit(settings)
        self.accept()


def _new_recovery_key(vault: Vault, passphrase: str) -> str:
    """Worker job: re-encrypt under a fresh key with a new recovery slot (seconds for a big
    vault, so never on the GUI thread)."""
    return vault.new_recovery_key(passphrase)
