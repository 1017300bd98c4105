"""Asking the key of WhatsApp's encrypted backup (msgstore.db.crypt15) before it is imported.

The key is typed like a passphrase: hidden unless the user asks to see it (64 characters are
hard to type blind), held only for the import it was asked for, never saved in the settings,
the vault or a log. The dialog is window-modal and non-blocking, like every question of the
window.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from evidencekit.i18n import _
from evidencekit.importers.whatsapp_crypt15 import HEAD_BYTES, looks_like_crypt15, parse_key

FOLDER_SCAN_LIMIT = 20_000  # entries looked at in chosen folders before giving up the search


def _is_backup(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return looks_like_crypt15(stream.read(HEAD_BYTES))
    except OSError:
        return False  # the import says what is wrong with the file


def find_backups(paths: list[Path]) -> list[Path]:
    """The encrypted WhatsApp backups among the chosen files and inside chosen folders (those
    named *.crypt15, checked by their header; a renamed file given directly is found too)."""
    found: list[Path] = []
    seen = 0
    for path in paths:
        if path.is_file():
            if _is_backup(path):
                found.append(path)
            continue
        if not path.is_dir():
            continue
        for root, _dirs, names in os.walk(path):
            seen += len(names)
            found += [Path(root) / n for n in names
                      if n.endswith(".crypt15") and _is_backup(Path(root) / n)]
            if seen > FOLDER_SCAN_LIMIT:
                break
    return found


class BackupKeyDialog(QDialog):
    """The 64-digit key of the backups about to be imported."""

    def __init__(self, parent: QWidget, backups: list[Path]) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Key of the WhatsApp backup"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        # Narrower, Qt's wrapping of the Arabic sentence around the Latin file name can push
        # a word past the right edge.
        self.setMinimumWidth(600)
        names = ", ".join(p.name for p in backups[:3]) + ("…" if len(backups) > 3 else "")
        intro = QLabel(_(
            "{names} is WhatsApp's encrypted backup. Type the 64-digit key WhatsApp showed when "
            "you turned on end-to-end encrypted backup. It is used for this import only and is "
            "never saved.").format(names=names))
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.key_edit = QLineEdit()
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setAccessibleName(_("Backup key"))
        self.key_edit.setPlaceholderText("0123 4567 89ab …")
        self.show_box = QCheckBox(_("Show the key"))
        self.count_label = QLabel()
        self.buttons = QDialogButtonBox()
        self.open_button = self.buttons.addButton(_("Open the backup"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.skip_button = self.buttons.addButton(_("Skip the backup"),
                                                  QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        for widget in (intro, self.key_edit, self.show_box, self.count_label, self.buttons):
            layout.addWidget(widget)
        self.key_edit.textChanged.connect(self._check)
        self.show_box.toggled.connect(lambda shown: self.key_edit.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._check("")

    def _check(self, text: str) -> None:
        digits = sum(1 for ch in text if not ch.isspace() and ch != "-")
        try:
            parse_key(text)
            valid = True
        except ValueError:
            valid = False
        self.open_button.setEnabled(valid)
        self.count_label.setText(_("{n} of 64 characters").format(n=digits))

    def take_key(self) -> str:
        """The key typed, and the field emptied: the dialog keeps no copy."""
        key = self.key_edit.text()
        self.key_edit.clear()
        return key


def ask_backup_key(parent: QWidget, backups: list[Path],
                   then: Callable[[str | None], object]) -> BackupKeyDialog:
    """Open the dialog; `then` gets the key, or None when the user skips (the backups are then
    refused with a sentence, the other files imported)."""
    dialog = BackupKeyDialog(parent, backups)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    def skipped() -> None:
        dialog.key_edit.clear()
        then(None)

    dialog.accepted.connect(lambda: then(dialog.take_key()))
    dialog.rejected.connect(skipped)
    dialog.open()
    return dialog


__all__ = ["BackupKeyDialog", "ask_backup_key", "find_backups"]
