"""Showing a new recovery key once, with printing, and the user's confirmation."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QWidget

from evidencekit.gui.widgets import card, centred, label, primary_button
from evidencekit.i18n import _


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
        self.done = primary_button(_("Continue"))
        self.done.setEnabled(False)
        self.check.toggled.connect(self.done.setEnabled)
        self.done.clicked.connect(self._confirm)
        layout.addWidget(self.check)
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addStretch(1)
        row.addWidget(self.done)
        layout.addLayout(row)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(centred(box, 640))

    def _confirm(self) -> None:
        # The key must not stay in widgets longer than needed.
        self.key.setText("")
        self._key_text = ""
        self.confirmed.emit()

    def print_key(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print the recovery key"))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        document = QTextDocument()
        document.setPlainText("\n".join((
            "EvidenceKit",
            _("Recovery key"),
            "",
            self._key_text,
            "",
            _("Keep this paper somewhere safe. Anyone holding it can open the vault."),
        )))
        document.print_(printer)
