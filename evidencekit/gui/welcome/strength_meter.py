"""A live passphrase strength meter with one piece of advice a worried person can act on."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from evidencekit.core.strength import Strength, rate
from evidencekit.gui.widgets import label
from evidencekit.i18n import _

COLOURS = ("#a33a3a", "#b5622a", "#9a7d1a", "#2f7d4f", "#1f6f78")


class StrengthMeter(QWidget):
    """Shows score, label and advice for the passphrase passed to `update_for`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.bar = QProgressBar()
        self.bar.setRange(0, 4)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(10)
        self.bar.setAccessibleName(_("Passphrase strength"))
        self.verdict: QLabel = label("", "muted")
        self.advice: QLabel = label("", "muted")
        layout.addWidget(self.bar)
        layout.addWidget(self.verdict)
        layout.addWidget(self.advice)
        self.strength: Strength | None = None
        self.update_for("")

    def update_for(self, passphrase: str) -> Strength | None:
        if not passphrase:
            self.strength = None
            self.bar.setValue(0)
            self.verdict.setText(_("Choose a passphrase: four or five words only you know."))
            self.advice.setText("")
            return None
        strength = rate(passphrase)
        self.strength = strength
        self.bar.setValue(strength.score)
        self.bar.setStyleSheet(
            f"QProgressBar::chunk {{ background: {COLOURS[strength.score]}; }}")
        verdict = _("Strength: {label}.").format(label=_(strength.label))
        self.verdict.setText(verdict)
        self.bar.setAccessibleDescription(verdict)
        self.advice.setText(strength.advice)
        return strength
