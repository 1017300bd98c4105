"""The form for a new journal entry: when it happened, a title, and the victim's own words."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidencekit.core.timeutil import zone
from evidencekit.gui.widgets import label, primary_button
from evidencekit.i18n import _


class EntryEditor(QWidget):
    """Collects one entry; the page saves it (the editor never touches the vault)."""

    #: the user asked to save: (occurred_at ISO with offset, title, text, pasted).
    save_requested = Signal(str, str, str, bool)
    #: the user gave up writing this entry.
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timezone = "UTC"  # the page sets the session's zone before showing the form
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(label(_("New journal entry"), "subheading"))
        column.addWidget(label(_("Write what happened in your own words, even without a file: "
                                 "what was said or done, by whom, where, and how it affected "
                                 "you. It is kept encrypted with the rest of your evidence."),
                               "muted"))
        form = QFormLayout()
        self.when = QDateTimeEdit()
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setAccessibleName(_("When it happened"))
        form.addRow(_("When it happened"), self.when)
        self.title = QLineEdit()
        self.title.setPlaceholderText(_("For example: threats at the school gate"))
        self.title.setAccessibleName(_("Title (optional)"))
        form.addRow(_("Title (optional)"), self.title)
        column.addLayout(form)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName(_("What happened"))
        self.text.setPlaceholderText(_("What happened…"))
        self.text.setTabChangesFocus(True)  # keyboard users can leave the box with Tab
        column.addWidget(self.text, 1)
        # A check box never wraps its text: a short one, and the consequence beneath it.
        self.pasted = QCheckBox(_("I pasted this text from somewhere else"))
        self.pasted.setAccessibleName(_("Pasted text"))
        column.addWidget(self.pasted)
        pasted_note = label(_("It will be marked “typed or pasted by you”, not as an export."),
                            "muted")
        pasted_note.setIndent(24)
        column.addWidget(pasted_note)
        self.note = label("", "muted")
        column.addWidget(self.note)
        row = QHBoxLayout()
        self.error = label("", "error")
        row.addWidget(self.error, 1)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Cancel this entry"))
        self.cancel_button.clicked.connect(self.cancelled)
        self.save_button = primary_button(_("Save the entry"))
        self.save_button.clicked.connect(self._save)
        self.save_button.setEnabled(False)
        self.text.textChanged.connect(
            lambda: self.save_button.setEnabled(bool(self.text.toPlainText().strip())))
        row.addWidget(self.cancel_button)
        row.addWidget(self.save_button)
        column.addLayout(row)
        self.reset()

    def reset(self) -> None:
        self.when.setDateTime(QDateTime.currentDateTime())
        self.title.clear()
        self.text.clear()
        self.pasted.setChecked(False)
        self.error.setText("")
        self.note.setText("")

    def has_text(self) -> bool:
        """Whether there is something typed that would be lost."""
        return bool(self.text.toPlainText().strip() or self.title.text().strip())

    def draft(self) -> dict[str, object]:
        return {"when": self.when.dateTime().toString(Qt.DateFormat.ISODate),
                "title": self.title.text(), "text": self.text.toPlainText(),
                "pasted": self.pasted.isChecked()}

    def show_draft(self, draft: dict[str, object]) -> None:
        """Fill the form from a kept draft; a value of the wrong type (a damaged row) is left
        out rather than shown as its Python spelling."""
        def text(key: str) -> str:
            value = draft.get(key)
            return value if isinstance(value, str) else ""

        self.reset()
        when = QDateTime.fromString(text("when"), Qt.DateFormat.ISODate)
        if when.isValid():
            self.when.setDateTime(when)
        self.title.setText(text("title"))
        self.text.setPlainText(text("text"))
        self.pasted.setChecked(draft.get("pasted") is True)

    def occurred_at(self, timezone: str) -> str:
        local = self.when.dateTime().toPython()
        assert isinstance(local, datetime)
        return local.replace(second=0, microsecond=0, tzinfo=zone(timezone)).isoformat()

    def _save(self) -> None:
        text = self.text.toPlainText()
        if not text.strip():
            self.error.setText(_("A journal entry needs some text."))
            return
        self.save_requested.emit(self.occurred_at(self.timezone), self.title.text().strip(),
                                 text, self.pasted.isChecked())
