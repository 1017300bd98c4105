"""The victim's own translation of one item or one message, typed here and saved in the vault."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QWidget

from evidencekit.core.errors import EvidenceKitError
from evidencekit.core.translations import MAX_TRANSLATION, set_translation, translation_of
from evidencekit.gui.session import Session
from evidencekit.gui.text import clean
from evidencekit.gui.widgets import label, scrolled_column
from evidencekit.i18n import _


class TranslationEditor(QWidget):
    """Shows and saves the translation of the item or message given to `show_target`."""

    #: the translation was saved (item id).
    saved = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.item_id: int | None = None
        self.message_id: int | None = None
        self._current = ""
        # Scrolls inside itself: under the conversation the space left can be small (a
        # zoomed screen), and the save button must stay reachable rather than squeezed.
        layout = scrolled_column(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.caption = label(_("Your translation (for a reader who does not know the language). "
                               "Dossiers print it beside the original, as yours and not sworn; "
                               "a court may ask for a sworn translation."), "muted")
        layout.addWidget(self.caption)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName(_("Your translation"))
        self.text.setTabChangesFocus(True)
        self.text.setMaximumHeight(110)
        layout.addWidget(self.text)
        row = QHBoxLayout()
        self.status = label("", "muted")
        self.save = QPushButton(_("Save the translation"))
        self.save.clicked.connect(self.save_translation)
        row.addWidget(self.status, 1)
        row.addWidget(self.save)
        layout.addLayout(row)
        layout.addStretch(1)  # in a tall tab, the form stays at the top
        self.show_target(None)

    def show_target(self, item_id: int | None, message_id: int | None = None) -> None:
        self.item_id, self.message_id = item_id, message_id
        text = ""
        if item_id is not None and self.session.is_unlocked:
            text = self.session.read(lambda v: translation_of(v.conn, item_id, message_id))
        self._current = text
        self.text.setPlainText(clean(text, multiline=True, limit=MAX_TRANSLATION))
        self.status.setText("")
        self.setEnabled(item_id is not None)

    def save_translation(self) -> None:
        item_id, message_id = self.item_id, self.message_id
        if item_id is None:
            return
        text = self.text.toPlainText().strip()
        if text == self._current:
            self.status.setText(_("Nothing to save."))
            return

        def write(vault: Any) -> None:
            with vault.transaction() as tx:
                if message_id is not None:
                    set_translation(tx, text, message_id=message_id)
                else:
                    set_translation(tx, text, item_id=item_id)

        try:
            self.session.read(write)
        except EvidenceKitError as exc:
            self.status.setText(str(exc))
            return
        self._current = text
        self.status.setText(_("Translation saved; the change is in the item's history."))
        self.saved.emit(item_id)
