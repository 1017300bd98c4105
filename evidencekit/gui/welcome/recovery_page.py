"""Showing a new recovery key once, with printing, and the user's confirmation.

The key never reaches the disk unless the user picks a file for it: with no printer, Qt's print
dialog quietly "prints" to ~/print.pdf, a readable copy of the key beside the vault it opens.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from evidencekit.gui.widgets import card, centred, label, primary_button
from evidencekit.i18n import _


def _normalised(key: str) -> str:
    # Typed back with or without dashes, spaces, or in lower case: the same key.
    return re.sub(r"[\s\-]", "", key).upper()


class RecoveryKeyPanel(QWidget):
    """The key in large characters, a Print button and an "I wrote it down" confirmation."""

    #: the user confirmed they wrote the key down or printed it.
    confirmed = Signal()

    def __init__(self, key_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._key_text = key_text
        box, layout = card()
        layout.addWidget(label(_("Your recovery key"), "heading"))
        layout.addWidget(label(_(
            "If you forget your passphrase, this key is the only other way to open your vault. "
            "It is shown only now. Write it on paper or print it, and keep it somewhere safe, "
            "away from this computer.")))
        self.key = QLabel(key_text)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(13.0, font.pointSizeF() * 1.3))
        font.setWeight(QFont.Weight.DemiBold)
        self.key.setFont(font)
        self.key.setWordWrap(True)
        self.key.setTextFormat(Qt.TextFormat.PlainText)
        # Keys read left to right whatever the interface language.
        self.key.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                         | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key.setAccessibleName(_("Recovery key"))
        self.key.setStyleSheet("padding: 12px; background: #eef3f6; border-radius: 6px;")
        layout.addWidget(self.key)
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setAccessibleName(_("Print the recovery key"))
        self.print_button.clicked.connect(self.print_key)
        self.check = QCheckBox(_("I wrote it down or printed it, and put it somewhere safe"))
        self.check.setAccessibleName(self.check.text())
        layout.addWidget(label(_("Type the key again from your paper, to be sure it was "
                                 "copied right:"), "muted"))
        self.typed = QLineEdit()
        self.typed.setAccessibleName(_("The recovery key, typed again from your paper"))
        self.typed.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.mismatch = label("", "muted")
        self.done = primary_button(_("Continue"))
        self.done.setEnabled(False)
        self.check.toggled.connect(self._update)
        self.typed.textChanged.connect(self._update)
        self.done.clicked.connect(self._confirm)
        layout.addWidget(self.typed)
        layout.addWidget(self.mismatch)
        layout.addWidget(self.check)
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addStretch(1)
        row.addWidget(self.done)
        layout.addLayout(row)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(centred(box, 640))

    def _update(self) -> None:
        typed = _normalised(self.typed.text())
        matches = bool(typed) and typed == _normalised(self._key_text)
        self.mismatch.setText("" if matches or len(typed) < len(_normalised(self._key_text))
                              else _("This does not match the key shown above; check each "
                                     "group of characters."))
        self.done.setEnabled(matches and self.check.isChecked())

    def _confirm(self) -> None:
        # The key must not stay in widgets longer than needed.
        self.key.setText("")
        self.typed.clear()
        self._key_text = ""
        self.confirmed.emit()

    def print_key(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print the recovery key"))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
            # No real printer: the dialog would write ~/print.pdf on its own. Only a file the
            # user picks, after being told what it is, may hold the key.
            target = self.choose_key_file()
            if target is None:
                return
            printer.setOutputFileName(str(target))
        self.document().print_(printer)
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
            path = Path(printer.outputFileName())
            if path.exists():
                os.chmod(path, 0o600)
            QMessageBox.information(self, _("Recovery key saved"), _(
                "The recovery key was written, readable by anyone who opens it, to {path}. "
                "Print it or copy it on paper, then delete the file.").format(path=path))

    def choose_key_file(self) -> Path | None:
        answer = QMessageBox.question(self, _("No printer"), _(
            "No printer was chosen. Save the key as a PDF file instead? Anyone who finds the "
            "file can open your vault: save it on a USB stick you keep apart, not on this "
            "computer, and delete it once the key is on paper."))
        if answer != QMessageBox.StandardButton.Yes:
            return None
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save the recovery key"), "", _("PDF files (*.pdf)"),
            options=QFileDialog.Option.DontUseNativeDialog)
        return Path(name) if name else None

    def document(self) -> QTextDocument:
        document = QTextDocument()
        document.setPlainText("\n".join((
            "EvidenceKit",
            _("Recovery key"),
            "",
            self._key_text,
            "",
            _("Keep this paper somewhere safe. Anyone holding it can open the vault."),
        )))
        return document
