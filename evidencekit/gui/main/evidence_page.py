"""The evidence page: the selected case's items as a list or a thumbnail grid, and their details."""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QObject,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QListView,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from evidencekit.gui.fit import OverflowRow, ReflowSplitter
from evidencekit.gui.main.detail_pane import DetailPane
from evidencekit.gui.main.evidence_model import ITEM_ID_ROLE, EvidenceModel
from evidencekit.gui.main.pages import PageContext
from evidencekit.gui.main.sensitive_marks import SensitiveMarks
from evidencekit.gui.main.thumbnails import (
    THUMB_SIDE,
    RowThumbnailDelegate,
    ThumbnailLoader,
    TileDelegate,
)
from evidencekit.gui.text import isolated, number
from evidencekit.gui.welcome.first_steps import FirstSteps, should_show
from evidencekit.gui.widgets import label
from evidencekit.i18n import _, is_rtl

NAME_MIN = 180


class EvidencePage(QWidget):
    """List and grid share one model and one selection, so switching keeps the selected item."""

    #: the user switched between "list" and "grid".
    view_changed = Signal(str)

    def __init__(self, ctx: PageContext, view: str = "list", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        session = ctx.session
        self.thumbnails = ThumbnailLoader(session, self)
        self.blurred = ThumbnailLoader(session, self, blur=True)
        self.model = EvidenceModel(session, self.thumbnails, self, self.blurred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.heading = label("", "subheading")
        # Room for a few words: beside the buttons on a narrow screen it was one word a line.
        self.heading.setMinimumWidth(self.heading.fontMetrics().averageCharWidth() * 14)
        top.addWidget(self.heading, 1)
        self.list_button = QPushButton(_("List"))
        self.grid_button = QPushButton(_("Thumbnails"))
        self.marks = SensitiveMarks(self)
        # On a narrow screen the actions on the chosen rows go into "More…"; the view stays.
        self.actions_row = OverflowRow()
        for button in (*reversed(self.marks.buttons), self.marks.address_button):
            self.actions_row.add(button, optional=True)
        self.actions_row.add_more_button()
        group = QButtonGroup(self)
        for button in (self.list_button, self.grid_button):
            button.setCheckable(True)
            button.setAccessibleName(_("Show as {view}").format(view=button.text()))
            group.addButton(button)
            self.actions_row.add(button)
        top.addWidget(self.actions_row)
        self.list_button.clicked.connect(lambda: self.set_view("list"))
        self.grid_button.clicked.connect(lambda: self.set_view("grid"))
        layout.addLayout(top)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Evidence list"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several rows at once: a chat's photos are marked (blurred) together.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        # Fixed row heights: Qt then never measures 100,000 rows to lay the view out.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(36)
        self.table.setIconSize(QSize(32, 32))
        self.table.setItemDelegateForColumn(0, RowThumbnailDelegate(self.table))
        header = self.table.horizontalHeader()
        # The name takes the room left by the other columns but never less than NAME_MIN
        # (a stretched column shrank to "Me…" in a narrow window; the table scrolls instead).
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.viewport().installEventFilter(self)
        for column in range(1, self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, 150 if column == 3 else 100)
        self.table.setWordWrap(False)
        # Tab leaves the table for the next pane; the arrow keys move between rows.
        self.table.setTabKeyNavigation(False)
        self.grid = QListView()
        self.grid.setModel(self.model)
        self.grid.setSelectionModel(self.table.selectionModel())
        self.grid.setAccessibleName(_("Evidence thumbnails"))
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setIconSize(QSize(THUMB_SIDE, THUMB_SIDE))
        self.grid.setGridSize(QSize(THUMB_SIDE + 24, THUMB_SIDE + 48))
        self.grid.setItemDelegate(TileDelegate(self.grid))
        self.grid.setUniformItemSizes(True)
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setWordWrap(True)
        self.grid.setLayoutMode(QListView.LayoutMode.Batched)
        self.grid.setTabKeyNavigation(False)
        self.views = QStackedWidget()
        self.views.addWidget(self.table)
        self.views.addWidget(self.grid)
        self.empty = label(_("No evidence here yet. Drop files or folders on this window, or use "
                             "“Add files”, “Paste an image” or “Capture the screen” above."),
                           "muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.views.addWidget(self.empty)
        # Before the first import, three short cards take the place of the empty list.
        self.first_steps: FirstSteps | None = None
        if should_show(session):
            self.first_steps = FirstSteps(session)
            self.first_steps.done.connect(self._first_steps_done)
            self.views.addWidget(self.first_steps)
        self.detail = DetailPane(session, ctx.clipboard)
        self.detail.item_changed.connect(self._item_changed)
        self.detail.erased.connect(lambda _ids: self.reload())
        # Side by side while both fit; the details go under the list on a narrow screen.
        splitter = ReflowSplitter(pane_width=NAME_MIN + 80)
        splitter.addWidget(self.views)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        ctx.cases.case_changed.connect(self._case_changed)
        ctx.importer.finished.connect(lambda _outcomes: self.reload())
        session.locked.connect(self.drop_everything)
        self.view = view if view in ("list", "grid") else "list"
        (self.grid_button if self.view == "grid" else self.list_button).setChecked(True)
        if ctx.cases.case_id is not None:
            self._case_changed(ctx.cases.case_id, ctx.cases.case_name)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_name_column()
        return super().eventFilter(watched, event)

    def fit_name_column(self) -> None:
        header = self.table.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(1, self.model.columnCount()))
        header.resizeSection(0, max(NAME_MIN, self.table.viewport().width() - others))

    def set_view(self, view: str) -> None:
        self.view = view
        (self.grid_button if view == "grid" else self.list_button).setChecked(True)
        self._show_view()
        self.view_changed.emit(view)

    def _show_view(self) -> None:
        # The cards get the whole width: with nothing imported there is no item to detail.
        self.detail.setVisible(self.model.total > 0 or self.first_steps is None)
        if self.model.total == 0:
            self.views.setCurrentWidget(self.first_steps or self.empty)
        else:
            self.views.setCurrentWidget(self.grid if self.view == "grid" else self.table)

    def _first_steps_done(self) -> None:
        if self.first_steps is not None:
            self.views.removeWidget(self.first_steps)
            self.first_steps.deleteLater()
            self.first_steps = None
        self._show_view()

    def _case_changed(self, case_id: int, name: str) -> None:
        self.detail.clear()
        self.model.set_case(case_id)
        self._update_heading(name)

    def _update_heading(self, name: str | None = None) -> None:
        from evidencekit.gui.main.cases_model import case_label

        name = self.ctx.cases.case_name if name is None else name
        total = self.model.total
        # One item is not "1 items"; the count is written the locale's way (1 234 / 1,234).
        # (No "0 items": French puts zero in the singular, Arabic has its own forms.)
        text = (_("{case}: no item yet") if total == 0 else _("{case}: 1 item") if total == 1
                else _("{case}: {n} items"))
        case = case_label(name)
        if is_rtl():  # a Latin case name kept whole, not split around the Arabic words
            case = isolated(case)
        self.heading.setText(text.format(case=case, n=number(total)))
        self._show_view()

    def reload(self) -> None:
        if not self.ctx.session.is_unlocked:
            return
        selected = self.detail.item.id if self.detail.item else None
        self.model.reload()
        self._update_heading()
        if selected is not None:
            self.select_item(selected)

    def select_item(self, item_id: int) -> None:
        index = self.model.index_of(item_id)
        if index.isValid():
            # Through the selection model, not QTableView.selectRow: right to left selectRow
            # looks for the first column one pixel past the last section and selects nothing
            # (seen in Arabic: search results and reloads lost the selection).
            flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                     | QItemSelectionModel.SelectionFlag.Rows
                     | QItemSelectionModel.SelectionFlag.Current)
            self.table.selectionModel().setCurrentIndex(index, flags)
            self.table.scrollTo(index)

    def selected_ids(self) -> list[int]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [row.item_id for row in (self.model.row_at(r) for r in rows) if row is not None]

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.marks.update_buttons()
        indexes = selected.indexes()
        if not indexes:
            return
        item_id = self.model.data(indexes[0], ITEM_ID_ROLE)
        if isinstance(item_id, int):
            self.detail.show_item_id(item_id)

    def _item_changed(self, item_id: int) -> None:
        self.model.refresh_item(item_id)

    def drop_everything(self) -> None:
        """Lock: forget rows, thumbnails and the preview."""
        self.thumbnails.clear()
        self.blurred.clear()
        self.model.clear()
        self.detail.clear()
