"""The help page: who can help in France and Morocco, and which one fits which situation."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QVBoxLayout,
    QWidget,
)

from evidencekit.gui.fit import DownScrollArea, ReflowSplitter
from evidencekit.gui.help.directory import Directory, Service, load_directory
from evidencekit.gui.main.pages import PageContext
from evidencekit.gui.widgets import card, label, scrolled_column
from evidencekit.i18n import _, current_language

SITUATION_ROLE = Qt.ItemDataRole.UserRole + 1
ALL = ""


def _reach_line(kind: str, value: str) -> str:
    # Numbers and addresses are isolated so they keep their order inside Arabic sentences.
    shown = f"\u2066{value}\u2069"
    return {
        "phone": _("Phone: {value}"), "whatsapp": _("WhatsApp: {value}"),
        "web": _("Website: {value}"), "app": _("App: {value}"),
    }.get(kind, "{value}").format(value=shown)


def service_card(service: Service) -> QFrame:
    frame, column = card()
    frame.setAccessibleName(service.name)
    frame.setObjectName("notice" if service.emergency else "card")
    column.addWidget(label(service.name, "subheading"))
    column.addWidget(label(service.what))
    column.addWidget(label(service.hours, "muted"))
    for contact in service.reach:
        line = label(_reach_line(contact.kind, contact.value))
        # Selectable, not clickable: the app opens nothing itself (no browser history from us).
        line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        line.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        line.setAccessibleName(line.text())
        column.addWidget(line)
    return frame


class HelpPage(QWidget):
    """Situations on one side; the services that fit the chosen one, as cards, on the other."""

    def __init__(self, ctx: PageContext | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.directory: Directory = load_directory(current_language())
        # Scrolled, as the receive and backup pages: narrowed by a 200 % scale, the danger
        # notice needs more lines than the main screen gives it.
        layout = scrolled_column(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label(_("Help and contacts"), "subheading"))
        danger, danger_column = card()
        danger.setObjectName("notice")
        danger_column.addWidget(label(_("In danger now? Call 17 or 112 in France, 19 (police) "
                                        "or 177 (gendarmerie) in Morocco.")))
        layout.addWidget(danger)
        row = QHBoxLayout()
        row.addWidget(label(_("Country:"), wrap=False))
        self.country = QComboBox()
        self.country.setAccessibleName(_("Country"))
        for text, code in ((_("France and Morocco"), ALL), (_("France"), "FR"),
                           (_("Morocco"), "MA")):
            self.country.addItem(text, code)
        self.country.currentIndexChanged.connect(lambda _i: self.show_services())
        row.addWidget(self.country)
        row.addStretch(1)
        layout.addLayout(row)
        # Side by side while both fit; the cards go under the situations on a narrow screen.
        splitter = ReflowSplitter()
        splitter.setChildrenCollapsible(False)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(label(_("What is happening?"), wrap=False))
        self.situations = QStandardItemModel(self)
        everything = QStandardItem(_("Show every service"))
        everything.setData(ALL, SITUATION_ROLE)
        self.situations.appendRow(everything)
        for situation in self.directory.situations:
            entry = QStandardItem(situation.text)
            entry.setData(situation.id, SITUATION_ROLE)
            entry.setToolTip(situation.text)
            self.situations.appendRow(entry)
        for n in range(self.situations.rowCount()):
            self.situations.item(n).setEditable(False)
        self.situation_list = QListView()
        self.situation_list.setModel(self.situations)
        self.situation_list.setWordWrap(True)
        self.situation_list.setAccessibleName(_("What is happening?"))
        self.situation_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.situation_list.selectionModel().currentChanged.connect(self._situation_picked)
        left_column.addWidget(self.situation_list, 1)
        splitter.addWidget(left)
        self.cards = QWidget()
        self.current_cards: list[QFrame] = []
        self.cards_column = QVBoxLayout(self.cards)
        scroll = DownScrollArea()
        scroll.setWidget(self.cards)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([300, 700])
        layout.addWidget(splitter, 1)
        layout.addWidget(label(self.directory.note, "muted"))
        self.situation_list.setCurrentIndex(self.situations.index(0, 0))

    def _situation_picked(self, _index: QModelIndex, _previous: QModelIndex) -> None:
        self.show_services()

    def shown_services(self) -> list[Service]:
        index = self.situation_list.currentIndex()
        situation = str(index.data(SITUATION_ROLE) or ALL) if index.isValid() else ALL
        country = str(self.country.currentData() or ALL)
        if situation == ALL:
            chosen = list(self.directory.services)
        else:
            ids = next((s.services for s in self.directory.situations if s.id == situation), ())
            chosen = [s for i in ids if (s := self.directory.service(i)) is not None]
        return [s for s in chosen if country == ALL or s.country == country]

    def show_services(self) -> None:
        while self.cards_column.count():
            item = self.cards_column.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.current_cards = [service_card(s) for s in self.shown_services()]
        for frame in self.current_cards:
            self.cards_column.addWidget(frame)
        self.cards_column.addStretch(1)

    def card_texts(self) -> list[str]:
        """Every text on the cards shown now (what a reader of the screen gets)."""
        return [w.text() for frame in self.current_cards for w in frame.findChildren(QLabel)]


def make_help_page(ctx: PageContext) -> QWidget:
    return HelpPage(ctx)
