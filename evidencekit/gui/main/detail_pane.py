"""The pane beside the list: preview, description form, integrity facts and history of one item."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from evidencekit.core.custody import CustodyEntry
from evidencekit.core.evidence import get_item
from evidencekit.core.model import Item
from evidencekit.core.vault import Vault
from evidencekit.gui.main.address_dialogs import ChildAbuseDialog
from evidencekit.gui.main.annotations_form import AnnotationsForm
from evidencekit.gui.main.history_model import HistoryModel
from evidencekit.gui.main.integrity_view import IntegrityView
from evidencekit.gui.main.preview import PreviewPane
from evidencekit.gui.main.read_only import switch_off
from evidencekit.gui.safety.clipboard import ClipboardGuard
from evidencekit.gui.session import Session
from evidencekit.gui.text import clean
from evidencekit.gui.translation_editor import TranslationEditor
from evidencekit.gui.widgets import label
from evidencekit.i18n import _

MAX_TAB_MINIMUM = 360


def _scrolled(widget: QWidget) -> QScrollArea:
    """A tab's content, scrolling down; the tab asks for the width its form needs (up to a
    limit), and beyond that limit it scrolls sideways rather than cutting the form off."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    # Always there: a bar that appears narrows the content after its wrapped lines were
    # counted, and Qt does not count them again (the last line of the fingerprint was cut).
    area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    area.setWidget(widget)
    scrollbar = area.verticalScrollBar().sizeHint().width()
    area.setMinimumWidth(min(widget.minimumSizeHint().width() + scrollbar + 2 * area.frameWidth(),
                             MAX_TAB_MINIMUM))
    return area


def load_item(vault: Vault, item_id: int) -> tuple[Item, list[CustodyEntry]]:
    return get_item(vault.conn, item_id), list(vault.custody.entries(item_id))


class DetailPane(QWidget):
    """Shows the selected item; the five tabs are reachable with Ctrl+Tab."""

    #: the item's description was saved (item id); lists should refresh that row.
    item_changed = Signal(int)
    #: files were erased (ids): lists should reload, an export's row changed too.
    erased = Signal(list)

    def __init__(self, session: Session, clipboard: ClipboardGuard,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.item: Item | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = label("", "subheading")
        layout.addWidget(self.title)
        # A chat export's messages can be read again (another date order or time zone).
        self.reread_button = QPushButton(_("Read again…"))
        self.reread_button.setAccessibleName(
            _("Read again with another date order or time zone"))
        self.reread_button.setToolTip(_("If the dates or times look wrong: read the export "
                                        "again with another date order or time zone."))
        self.reread_button.clicked.connect(self.open_reread)
        self.reread_button.hide()
        layout.addWidget(self.reread_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Details of the item"))
        self.preview = PreviewPane(session)
        self.form = AnnotationsForm(session)
        self.form.saved.connect(self._saved)
        self.form.child_abuse_chosen.connect(self.ask_erase)
        self.erase_dialog: ChildAbuseDialog | None = None
        self.integrity = IntegrityView(clipboard)
        self.history_model = HistoryModel(self)
        self.history = QTableView()
        self.history.setModel(self.history_model)
        self.history.setAccessibleName(_("History of the item"))
        self.history.verticalHeader().hide()
        self.history.setWordWrap(True)
        self.history.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.
                                                             ResizeToContents)
        self.history.horizontalHeader().setStretchLastSection(True)
        self.tabs.addTab(self.preview, _("Preview"))
        self.tabs.addTab(_scrolled(self.form), _("Description"))
        self.translation = TranslationEditor(session)
        self.translation.saved.connect(self._saved)
        self.tabs.addTab(_scrolled(self.translation), _("Translation"))
        self.tabs.addTab(_scrolled(self.integrity), _("Integrity"))
        self.tabs.addTab(self.history, _("History"))
        layout.addWidget(self.tabs, 1)
        self.clear()

    def clear(self) -> None:
        self.item = None
        self.title.setText(_("No item selected"))
        self.preview.clear()
        self.form.clear()
        self.translation.show_target(None)
        self.integrity.clear()
        self.history_model.set_entries([], "UTC")
        self.reread_button.hide()

    def show_item_id(self, item_id: int) -> None:
        if not self.session.is_unlocked:
            return
        item, entries = self.session.read(lambda v: load_item(v, item_id))
        self.item = item
        self.title.setText(clean(item.display_name, limit=200))
        self.preview.show_item(item)
        self.form.show_item(item)
        self.translation.show_target(item.id if item.removal is None else None)
        self.integrity.show_item(item, self.session.timezone)
        self.history_model.set_entries(entries, self.session.timezone)
        self.reread_button.setVisible(item.removal is None and self.session.read(
            lambda v: v.conn.execute("SELECT 1 FROM messages WHERE item_id = ? LIMIT 1",
                                     (item_id,)).fetchone() is not None))
        if self.session.read_only:
            switch_off(self.form, self.translation, self.reread_button)

    def open_reread(self) -> None:
        from evidencekit.gui.conversations.reread_dialog import RereadDialog

        if self.item is None:
            return
        dialog = RereadDialog(self.session, self.item.id, self.item.display_name, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.reread_done.connect(self._saved)  # the history shows the new entry
        dialog.open()

    def ask_erase(self, item_id: int, url: str, description: str) -> None:
        from evidencekit.core.export_media import exports_holding

        exports = len(self.session.read(lambda v: exports_holding(v.conn, item_id)))
        dialog = ChildAbuseDialog(self.session, item_id, url, description, exports, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.erased.connect(self._erased)
        self.erase_dialog = dialog
        dialog.open()

    def _erased(self, ids: list[int]) -> None:
        self.erase_dialog = None
        if ids and self.session.is_unlocked:
            self.show_item_id(int(ids[0]))
        self.erased.emit(ids)

    def _saved(self, item_id: int) -> None:
        if self.item is not None and self.item.id == item_id:
            item, entries = self.session.read(lambda v: load_item(v, item_id))
            self.item = item
            self.history_model.set_entries(entries, self.session.timezone)
            self.preview.show_item(item)
        self.item_changed.emit(item_id)
