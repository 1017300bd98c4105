"""Three short cards shown once, before the first import: what makes evidence useful, what not to
do, and who can help now. Seen once per vault (a flag inside the vault), skippable at any card.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from evidencekit.gui.help.directory import load_directory
from evidencekit.gui.session import Session
from evidencekit.gui.widgets import card, centred, label, primary_button
from evidencekit.i18n import _, current_language

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


def _cards() -> list[tuple[str, list[str]]]:
    directory = load_directory(current_language())
    helpers = []
    for service_id in HELP_NOW:
        service = directory.service(service_id)
        if service is not None:
            reach = ", ".join(c.value for c in service.reach if c.kind in ("phone", "web"))
            helpers.append(f"• {service.name}: {reach}" if reach else f"• {service.name}")
    return [
        (_("What makes evidence useful"), [
            _("• The full web address of the page or profile, not only a screenshot."),
            _("• The author's profile: their name, their @username and the link to it."),
            _("• The date and time visible on the screen."),
            _("• The whole conversation, not a few messages cut out of it."),
        ]),
        (_("What not to do"), [
            _("• Do not reply to the person harassing you, even to ask them to stop."),
            _("• Do not delete the messages or the account yet: keep them as evidence first."),
            _("• Do not pay and do not send anything, even if you are threatened."),
        ]),
        (_("Who can help now"), [
            _("You do not have to face this alone. These services are free and confidential:"),
            *helpers,
            _("In danger right now: call 17 (France) or 19 (Morocco)."),
        ]),
    ]


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
            for line in lines:
                column.addWidget(label(line))
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
        if self.session.is_unlocked:
            def mark(vault: object) -> None:
                with vault.transaction() as tx:  # type: ignore[attr-defined]
                    tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, '1')",
                               (SEEN_KEY,))

            self.session.read(mark)
        self.done.emit()
