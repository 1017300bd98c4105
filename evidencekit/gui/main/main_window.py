"""The main screen: cases and pages on the side, the selected page, and the import controls.

Extension point: other pages (conversations, journal, timeline, search, export, help, verify)
are listed in `gui/app.py`'s `PAGES` and built here through `register_page`; see `pages.py`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QStringListModel, Qt, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QInputDialog,
    QListView,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from evidencekit.core.errors import EvidenceKitError
from evidencekit.core.evidence import DEFAULT_CASE, ensure_case
from evidencekit.gui.fit import OverflowRow, PageStack
from evidencekit.gui.importing.controller import ImportController
from evidencekit.gui.importing.progress_panel import ProgressPanel
from evidencekit.gui.main.cases_model import CASE_ID_ROLE, CASE_NAME_ROLE, CasesModel
from evidencekit.gui.main.evidence_page import EvidencePage
from evidencekit.gui.main.pages import CaseSelection, PageContext, PageSpec
from evidencekit.gui.main.read_only import switch_off
from evidencekit.gui.safety.clipboard import ClipboardGuard
from evidencekit.gui.session import Session
from evidencekit.gui.widgets import NoticeBar, inform, label
from evidencekit.i18n import N_, _


def dropped_paths(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[Path]:
    data = event.mimeData()
    if data is None or not data.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()]


class MainScreen(QWidget):
    """Built at each unlock and dropped at each lock, so no decrypted data outlives a session."""

    #: the user asked for the settings dialog.
    settings_requested = Signal()
    #: the user asked to lock the vault now.
    lock_requested = Signal()

    def __init__(self, session: Session, clipboard: ClipboardGuard,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setAcceptDrops(True)
        self.cases = CaseSelection(self)
        self.progress = ProgressPanel()
        self.importer = ImportController(session, self.progress, self, self._case_name)
        self.ctx = PageContext(session, clipboard, self.cases, self.importer)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # the window's frame has its own margins
        self.notices = QVBoxLayout()
        layout.addLayout(self.notices)
        self.toolbar = self._toolbar()
        layout.addWidget(self.toolbar)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._sidebar())
        self.pages = PageStack()
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 1000])
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.progress)
        self.page_widgets: dict[str, QWidget] = {}
        self.evidence = EvidencePage(self.ctx, session.settings.view)
        self.evidence.view_changed.connect(self._remember_view)
        self.register_page(PageSpec("evidence", N_("Evidence"), lambda _ctx: self.evidence))
        self.importer.finished.connect(lambda _outcomes: self.reload_cases())
        self.reload_cases()
        if session.read_only:
            switch_off(*self.change_buttons, self.paste_action, self.new_case_button)

    # -- layout -------------------------------------------------------------------------------
    def _toolbar(self) -> OverflowRow:
        # On a narrow screen (200 % scale) the capture buttons and Settings move into "More…";
        # adding files and locking stay in sight.
        row = OverflowRow()
        add = QToolButton()
        add.setText(_("Add files…"))
        add.setObjectName("primary")
        add.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        add.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        add.setAccessibleName(_("Add files"))
        add.clicked.connect(self.importer.choose_files)
        folder = QAction(_("Add a folder…"), self)
        folder.triggered.connect(self.importer.choose_folder)
        add.addAction(folder)
        self.add_button = add
        self.paste_action = QAction(_("Paste an image"), self)
        self.paste_action.setShortcut(QKeySequence.StandardKey.Paste)
        self.paste_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.paste_action.triggered.connect(self.importer.paste)
        self.addAction(self.paste_action)
        row.add(add)
        self.change_buttons: list[QWidget] = [add]
        for text, slot in ((_("Paste an image"), self.importer.paste),
                           (_("Capture the screen…"), self.importer.capture),
                           (_("Capture a web page…"), self.capture_web_page)):
            button = QPushButton(text)
            button.setAccessibleName(text)
            button.clicked.connect(slot)
            row.add(button, optional=True)
            self.change_buttons.append(button)
        row.add_more_button()
        row.add_stretch()
        settings = QPushButton(_("Settings"))
        settings.setAccessibleName(_("Settings"))
        settings.clicked.connect(self.settings_requested)
        lock = QPushButton(_("Lock"))
        lock.setAccessibleName(_("Lock the vault"))
        lock.setToolTip(_("Lock the vault now (Ctrl+L)"))
        lock.setShortcut(QKeySequence("Ctrl+L"))
        lock.clicked.connect(self.lock_requested)
        row.add(settings, optional=True)
        row.add(lock)
        return row

    def capture_web_page(self) -> QWidget:
        from evidencekit.gui.capture.dialog import WebCaptureDialog

        dialog = WebCaptureDialog(self.session, self._case_name(), self)
        dialog.captured.connect(self._web_page_captured)
        dialog.show()
        self.web_capture_dialog = dialog
        return dialog

    def _web_page_captured(self, _stored: object) -> None:
        self.reload_cases()
        self.evidence.reload()

    def _sidebar(self) -> QWidget:
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(label(_("Cases"), "subheading"))
        self.cases_model = CasesModel(self.session, self)
        self.case_list = QListView()
        self.case_list.setModel(self.cases_model)
        self.case_list.setAccessibleName(_("Cases"))
        self.case_list.selectionModel().currentChanged.connect(self._case_clicked)
        column.addWidget(self.case_list, 2)
        new_case = QPushButton(_("New case…"))
        new_case.setAccessibleName(_("Create a new case"))
        new_case.clicked.connect(self.new_case)
        column.addWidget(new_case)
        self.new_case_button = new_case
        self.nav_label = label(_("Tools"), "subheading")
        self.page_keys: list[str] = []
        self.nav_model = QStringListModel(self)
        self.nav = QListView()
        self.nav.setModel(self.nav_model)
        self.nav.setAccessibleName(_("Pages"))
        self.nav.selectionModel().currentChanged.connect(self._page_clicked)
        column.addWidget(self.nav_label)
        column.addWidget(self.nav)
        # On a short screen (200 % scale) the side bar scrolls rather than cut the tools off.
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setWidget(side)
        # A bare frame: a Tab stop here highlighted nothing (it scrolls to the focused child).
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.side_area = area
        area.setMinimumWidth(side.minimumSizeHint().width()
                             + area.verticalScrollBar().sizeHint().width())
        return area

    def _fit_nav(self) -> None:
        """The tools are a short fixed list: show all of them, never behind a scroll bar (Arabic
        lines are taller, and at 200 % scale the last tool was hidden)."""
        rows = sum(self.nav.sizeHintForRow(r) for r in range(self.nav_model.rowCount()))
        self.nav.setFixedHeight(rows + 2 * self.nav.frameWidth() + 4)

    # -- pages (extension point) ------------------------------------------------------------
    def register_page(self, spec: PageSpec) -> QWidget:
        widget = spec.factory(self.ctx)
        self.page_widgets[spec.key] = widget
        self.pages.addWidget(widget)
        self.page_keys.append(spec.key)
        self.nav_model.setStringList([*self.nav_model.stringList(), _(spec.title)])
        # With the evidence page alone there is nothing to navigate between.
        visible = len(self.page_keys) > 1
        self._fit_nav()
        self.nav.setVisible(visible)
        self.nav_label.setVisible(visible)
        if not self.nav.currentIndex().isValid():
            self.nav.setCurrentIndex(self.nav_model.index(0))
        return widget

    def show_page(self, key: str) -> None:
        widget = self.page_widgets.get(key)
        if widget is not None:
            self.pages.setCurrentWidget(widget)
            row = self.page_keys.index(key)
            if self.nav.currentIndex().row() != row:
                self.nav.setCurrentIndex(self.nav_model.index(row))

    def _page_clicked(self, index: QModelIndex, _previous: QModelIndex) -> None:
        if index.isValid():
            self.show_page(self.page_keys[index.row()])

    # -- cases --------------------------------------------------------------------------------
    def _case_name(self) -> str:
        return self.cases.case_name or DEFAULT_CASE

    def reload_cases(self) -> None:
        if not self.session.is_unlocked:
            return
        current = self.cases.case_id
        self.cases_model.reload()
        if not self.cases_model.cases:
            # A fresh vault: create the default case so imports have somewhere to go.
            self.session.read(lambda v: self._ensure_default(v))
            self.cases_model.reload()
        row = self.cases_model.row_of(current) if current is not None else -1
        self.case_list.setCurrentIndex(self.cases_model.index(max(row, 0)))
        self.evidence._update_heading()

    @staticmethod
    def _ensure_default(vault: object) -> None:
        if getattr(vault, "read_only", False):
            return  # a full disk (core/readonly.py): the case is created at a later unlock
        with vault.transaction() as tx:  # type: ignore[attr-defined]
            ensure_case(tx, DEFAULT_CASE)

    def _case_clicked(self, index: QModelIndex, _previous: QModelIndex) -> None:
        if index.isValid():
            self.cases.select(int(index.data(CASE_ID_ROLE)), str(index.data(CASE_NAME_ROLE)))

    def select_case(self, case_id: int) -> bool:
        row = self.cases_model.row_of(case_id)
        if row < 0:
            return False
        self.case_list.setCurrentIndex(self.cases_model.index(row))
        return True

    def new_case(self) -> None:
        name, ok = QInputDialog.getText(self, _("New case"), _(
            "A name for this case (for example the person or the account concerned):"))
        if not ok or not name.strip() or not self.session.is_unlocked:
            return
        try:
            def create(vault: object) -> int:
                with vault.transaction() as tx:  # type: ignore[attr-defined]
                    return ensure_case(tx, name)

            case_id = self.session.read(create)
        except EvidenceKitError as exc:
            inform(self, _("New case"), str(exc), warning=True)
            return
        self.cases.case_id = None
        self.cases_model.reload()
        self.case_list.setCurrentIndex(self.cases_model.index(self.cases_model.row_of(case_id)))

    # -- notices, drops, view -----------------------------------------------------------------
    def add_notice(self, text: str) -> NoticeBar:
        bar = NoticeBar(text)
        self.notices.addWidget(bar)
        return bar

    def _remember_view(self, view: str) -> None:
        self.session.update_settings(self.session.settings.with_changes(view=view))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if dropped_paths(event) and not self.session.read_only:
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        if dropped_paths(event) and not self.session.read_only:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        paths = dropped_paths(event)
        if paths and not self.session.read_only:
            event.acceptProposedAction()
            self.importer.import_paths(paths)

