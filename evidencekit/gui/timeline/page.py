"""The timeline page: a case's items and messages grouped by day, with a bar per day."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QScrollArea,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from evidencekit.gui.main.lazy_page import LazyPage
from evidencekit.gui.main.pages import PageContext
from evidencekit.gui.search import navigate
from evidencekit.gui.timeline.bars import DayBars
from evidencekit.gui.timeline.data import UNDATED, Day, Event, collect
from evidencekit.gui.widgets import label
from evidencekit.i18n import _

EVENT_ROLE = Qt.ItemDataRole.UserRole + 1
DAY_ROLE = Qt.ItemDataRole.UserRole + 2


class TimelinePage(LazyPage):
    """Days are listed at once; a day's events are added when it is opened (long chats)."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = ctx.session
        self.days: list[Day] = []
        self.loading = False
        self._dirty = True
        self._generation = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label(_("Timeline"), "subheading"))
        self.summary = label("", "muted")
        layout.addWidget(self.summary)
        self.bars = DayBars()
        self.bars.day_picked.connect(self.go_to_day)
        scroll = QScrollArea()
        scroll.setWidget(self.bars)
        scroll.setWidgetResizable(True)
        scroll.setFixedHeight(self.bars.minimumHeight() + 24)
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(scroll)
        layout.addWidget(label(_("Teal: messages. Amber: files, screenshots and journal "
                                 "entries. Click a bar to see that day."), "muted"))
        self.model = QStandardItemModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(_("Events by day"))
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(True)
        self.tree.expanded.connect(self._expanded)
        self.tree.activated.connect(self.open_event)
        layout.addWidget(self.tree, 1)
        ctx.cases.case_changed.connect(self.mark_dirty)
        ctx.importer.finished.connect(lambda _outcomes: self.mark_dirty())
        self.session.locked.connect(self.drop_everything)

    def reload(self) -> None:
        self._dirty = False
        case_id = self.ctx.cases.case_id
        if case_id is None or not self.session.is_unlocked:
            return
        self._generation += 1
        generation = self._generation
        self.loading = True
        self.summary.setText(_("Loading…"))
        self.session.jobs.run(collect, self.session.vault, case_id, self.session.timezone,
                              on_finished=lambda days: self._loaded(generation, days),
                              on_failed=lambda message: self._failed(generation, message))

    def _failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.loading = False
            self.summary.setText(message)

    def _loaded(self, generation: int, days: Any) -> None:
        if generation != self._generation or not self.session.is_unlocked:
            return
        self.loading = False
        self.days = list(days)
        self.bars.set_days([d for d in self.days if d.date != UNDATED])
        self.model.clear()
        for n, day in enumerate(self.days):
            title = _("{day} — {items} items, {messages} messages").format(
                day=_("Undated") if day.date == UNDATED else day.date, items=day.items,
                messages=day.messages)
            row = QStandardItem(title)
            row.setData(n, DAY_ROLE)
            row.setEditable(False)
            row.appendRow(QStandardItem(""))  # a placeholder so the day shows as expandable
            self.model.appendRow(row)
        items = sum(d.items for d in self.days)
        messages = sum(d.messages for d in self.days)
        self.summary.setText(
            _("{items} items and {messages} messages over {days} days.").format(
                items=items, messages=messages, days=len(self.days)) if self.days else
            _("Nothing in this case yet."))

    def _expanded(self, index: QModelIndex) -> None:
        self.fill_day(index.row())

    def fill_day(self, row: int) -> QStandardItem | None:
        """Put the events of the day at `row` under it (once)."""
        parent = self.model.item(row)
        if parent is None or not 0 <= row < len(self.days):
            return None
        if parent.rowCount() == 1 and parent.child(0).data(EVENT_ROLE) is None:
            parent.removeRow(0)
            for event in self.days[row].events:
                kind = _("Message") if event.kind == "message" else _("Item")
                # An isolate keeps untrusted text in its own direction inside Arabic rows
                # ("<b>" would otherwise lose its ">" to the other end of the line).
                child = QStandardItem(f"{event.at}  {kind} · \u2068{event.text}\u2069")
                child.setData(event, EVENT_ROLE)
                child.setEditable(False)
                child.setToolTip(event.text)
                parent.appendRow(child)
        return parent

    def go_to_day(self, n: int) -> None:
        dated = [i for i, d in enumerate(self.days) if d.date != UNDATED]
        if not 0 <= n < len(dated):
            return
        row = dated[n]
        self.fill_day(row)
        index = self.model.index(row, 0)
        self.tree.expand(index)
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)

    def open_event(self, index: QModelIndex) -> bool:
        event = index.data(EVENT_ROLE)
        screen = navigate.main_screen_of(self)
        case_id = self.ctx.cases.case_id
        if not isinstance(event, Event) or screen is None or case_id is None:
            return False
        if event.kind == "message":
            return navigate.open_message(screen, case_id, event.owner_id)
        return navigate.open_item(screen, case_id, event.item_id)

    def drop_everything(self) -> None:
        self._generation += 1
        self.loading = False
        self.days = []
        self.model.clear()
        self.bars.set_days([])
        self.summary.setText("")
        self._dirty = True


def make_timeline_page(ctx: PageContext) -> QWidget:
    return TimelinePage(ctx)
