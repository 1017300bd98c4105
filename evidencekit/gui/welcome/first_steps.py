"""Three short cards shown once, before the first import: what makes evidence useful, what not to
do, and who can help now. Seen once per vault (a flag inside the vault), skippable at any card.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from evidencekit.gui.drafts import keep_draft
from evidencekit.gui.help.directory import load_directory
from evidencekit.gui.session import Session
from evidencekit.gui.widgets import card, centred, label, primary_button
from evidencekit.i18n import _, current_language, is_rtl

#: vault meta key set once the cards were seen (or skipped).
SEEN_KEY = "gui_first_steps_seen"
#: the help services named on the third card, from the help directory (resources/help/).
HELP_NOW = ("3018", "emc")


def should_show(session: Session) -> bool:
    """Before the first import only: a vault with evidence already knows its way."""
    def check(vault: object) -> bool:
        conn = vault.conn  # type: ignore[attr-defined]
        seen = vault.meta(SEEN_KEY, "")  # type: ignore[attr-defined]
        return not seen and conn.execute("SELECT 1 FROM items LIMIT 1").fetchone() is None

    return session.is_unlocked and bool(session.read(check))


#: a line of a card; `contact` lines (numbers, addresses) always run left to right.
Line = tuple[str, bool]


def _help_lines() -> list[Line]:
    directory = load_directory(current_language())
    lines: list[Line] = []
    for service_id in HELP_NOW:
        service = directory.service(service_id)
        if service is None:
            continue
        lines.append((f"• {service.name}", False))
        reach = "   ".join(c.value for c in service.reach if c.kind in ("phone", "web"))
        if reach:
            lines.append((reach, True))
    return lines


def _cards() -> list[tuple[str, list[Line]]]:
    return [
        (_("What makes evidence useful"), [(text, False) for text in (
            _("• The full web address of the page or profile, not only a screenshot."),
            _("• The author's profile: their name, their @username and the link to it."),
            _("• The date and time visible on the screen."),
            _("• The whole conversation, not a few messages cut out of it."),
        )]),
        (_("What not to do"), [(text, False) for text in (
            _("• Do not reply to the person harassing you, even to ask them to stop."),
            _("• Do not delete the messages or the account yet: keep them as evidence first."),
            _("• Do not pay and do not send anything, even if you are threatened."),
        )]),
        (_("Who can help now"), [
            (_("You do not have to face this alone. These services are free and confidential:"),
             False),
            *_help_lines(),
            (_("In danger right now: call 17 (France) or 19 (Morocco)."), False),
        ]),
    ]


def _line_label(text: str, contact: bool) -> QLabel:
    # A right-to-left mark first in Arabic: "EMC-Helpline — …" would otherwise read as a
    # left-to-right line because its first letter is Latin.
    widget = label("\u200f" + text if is_rtl() and not contact else text)
    if contact:
        # "+212 6 24 40 58 89" has no letter to set its direction: inside Arabic text its
        # numbers would be laid right to left. Its own left-to-right label, on the reading side.
        widget.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        side = Qt.AlignmentFlag.AlignRight if is_rtl() else Qt.AlignmentFlag.AlignLeft
        widget.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute)
        widget.setContentsMargins(16, 0, 16, 0)
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return widget


class FirstSteps(QWidget):
    """Card by card, with Back / Next; the last card's button (or Skip) ends them."""

    #: the user finished or skipped the cards.
    done = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        box, layout = card()
        self.cards = QStackedWidget()
        for title, lines in _cards():
            page = QWidget()
            column = QVBoxLayout(page)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(label(title, "heading"))
            for text, contact in lines:
                column.addWidget(_line_label(text, contact))
            column.addStretch(1)
            self.cards.addWidget(page)
        layout.addWidget(self.cards, 1)
        self.position = label("", "muted", wrap=False)
        row = QHBoxLayout()
        self.skip_button = QPushButton(_("Skip"))
        self.skip_button.setAccessibleName(_("Skip these tips"))
        self.skip_button.clicked.connect(self.finish)
        self.back_button = QPushButton(_("Back"))
        self.back_button.clicked.connect(lambda: self.go(self.cards.currentIndex() - 1))
        self.next_button = primary_button(_("Next"))
        self.next_button.clicked.connect(self.next)
        row.addWidget(self.skip_button)
        row.addWidget(self.position)
        row.addStretch(1)
        row.addWidget(self.back_button)
        row.addWidget(self.next_button)
        layout.addLayout(row)
        outer = QHBoxLayout(self)
        outer.addWidget(centred(box, 660))
        self.go(0)

    def go(self, index: int) -> None:
        last = self.cards.count() - 1
        index = max(0, min(index, last))
        self.cards.setCurrentIndex(index)
        self.back_button.setEnabled(index > 0)
        text = _("Add my first evidence") if index == last else _("Next")
        self.next_button.setText(text)
        self.next_button.setAccessibleName(text)
        self.position.setText(_("{n} of {total}").format(n=index + 1, total=last + 1))
        self.next_button.setFocus()

    def next(self) -> None:
        if self.cards.currentIndex() == self.cards.count() - 1:
            self.finish()
        else:
            self.go(self.cards.currentIndex() + 1)

    def finish(self) -> None:
        keep_draft(self.session, SEEN_KEY, 1)  # the same small meta write; it may fail
        self.done.emit()
