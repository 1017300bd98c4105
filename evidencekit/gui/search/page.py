"""The search page: one box over the whole vault; a result opens where it lives."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from evidencekit.gui.main.pages import PageContext
from evidencekit.gui.search import navigate
from evidencekit.gui.search.results import RESULT_ROLE, Result, ResultsModel, run_search
from evidencekit.gui.text import number
from evidencekit.gui.widgets import label
from evidencekit.i18n import _


class SearchPage(QWidget):
    """Searches messages, notes, text read in images and journal entries of every case."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = ctx.session
        self.model = ResultsModel(lambda: self.session.timezone, self)
        self._generation = 0
        self.searching = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label(_("Search the whole vault"), "subheading"))
        layout.addWidget(label(_("Finds words in messages, in your notes, in text read from "
                                 "screenshots and in your journal, whatever the accents or "
                                 "capitals. Open a result to see it in place."), "muted"))
        row = QHBoxLayout()
        self.box = QLineEdit()
        self.box.setPlaceholderText(_("Words to find"))
        self.box.setAccessibleName(_("Words to find"))
        self.box.setClearButtonEnabled(True)
        self.box.returnPressed.connect(self.run)
        self.button = QPushButton(_("Search"))
        self.button.setObjectName("primary")
        self.button.setAccessibleName(_("Search"))
        self.button.clicked.connect(self.run)
        row.addWidget(self.box, 1)
        row.addWidget(self.button)
        layout.addLayout(row)
        self.status = label("", "muted")
        layout.addWidget(self.status)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Search results"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 320)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # activated covers double-click and Enter, so the keyboard opens results too.
        self.table.activated.connect(self.open_result)
        layout.addWidget(self.table, 1)
        self.session.locked.connect(self.drop_everything)

    def run(self) -> None:
        query = self.box.text().strip()
        if not query or not self.session.is_unlocked:
            return
        self._generation += 1
        generation = self._generation
        self.searching = True
        self.status.setText(_("Searching…"))
        self.session.jobs.run(run_search, self.session.vault, query,
                              on_finished=lambda results: self._done(generation, results),
                              on_failed=lambda message: self._failed(generation, message))

    def _done(self, generation: int, results: Any) -> None:
        if generation != self._generation or not self.session.is_unlocked:
            return
        self.searching = False
        found: list[Result] = list(results)
        self.model.set_results(found)
        self.status.setText(_("{n} results. Double-click or press Enter to open one.")
                            .format(n=number(len(found))) if found else
                            _("Nothing found. Try fewer or shorter words."))
        if found:
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.searching = False
            self.status.setText(message)

    def open_result(self, index: QModelIndex) -> bool:
        result = index.data(RESULT_ROLE)
        screen = navigate.main_screen_of(self)
        if not isinstance(result, Result) or screen is None:
            return False
        if result.kind == "message":
            return navigate.open_message(screen, result.case_id, result.owner_id)
        if result.kind == "journal":
            return navigate.open_entry(screen, result.case_id, result.item_id)
        return navigate.open_item(screen, result.case_id, result.item_id)

    def drop_everything(self) -> None:
        self._generation += 1
        self.searching = False
        self.model.set_results([])
        self.box.clear()
        self.status.setText("")


def make_search_page(ctx: PageContext) -> QWidget:
    return SearchPage(ctx)
