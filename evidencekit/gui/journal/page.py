"""The journal page: dated entries in the victim's own words, listed, read and written."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from evidencekit.core.errors import EvidenceKitError
from evidencekit.core.evidence import DEFAULT_CASE, add_journal_entry
from evidencekit.core.vault import Vault
from evidencekit.gui.drafts import keep_draft, take_draft
from evidencekit.gui.fit import ReflowSplitter
from evidencekit.gui.journal.editor import EntryEditor
from evidencekit.gui.main.imaging import read_original
from evidencekit.gui.main.lazy_page import LazyPage
from evidencekit.gui.main.pages import PageContext
from evidencekit.gui.main.read_only import switch_off
from evidencekit.gui.text import clean, local_time
from evidencekit.gui.widgets import label, primary_button
from evidencekit.i18n import _

ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ENTRY_KIND_ROLE = Qt.ItemDataRole.UserRole + 2
#: vault meta key of the entry being written when the vault locked (inside the encrypted vault).
DRAFT_KEY = "gui_journal_draft"

_ENTRIES_SQL = (
    "SELECT i.id, i.kind, COALESCE(a.title, ''), COALESCE(NULLIF(a.occurred_at, ''),"
    " i.created_at) AS at FROM items i LEFT JOIN annotations a ON a.item_id = i.id"
    " LEFT JOIN removals r ON r.item_id = i.id"
    " WHERE i.case_id = ? AND i.kind IN ('journal', 'paste') AND r.item_id IS NULL"
    " ORDER BY at DESC, i.id DESC"
)


def entries_of_case(vault: Vault, case_id: int) -> list[tuple[int, str, str, str]]:
    return [(int(r[0]), str(r[1]), str(r[2]), str(r[3]))
            for r in vault.conn.execute(_ENTRIES_SQL, (case_id,)).fetchall()]


def save_entry(vault: Vault, case: str, text: str, occurred_at: str, title: str,
               pasted: bool) -> int:
    """One transaction: the entry, its search index and its custody record, or nothing."""
    with vault.transaction() as tx:
        return add_journal_entry(tx, case, text, occurred_at=occurred_at, title=title,
                                 pasted=pasted)


class JournalPage(LazyPage):
    """Entries newest first on one side; the selected entry, or the form, on the other."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = ctx.session
        self.entries = QStandardItemModel(self)
        self._dirty = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label(_("Journal"), "subheading"))
        # Side by side while both fit; the entry goes under the list on a narrow screen.
        splitter = ReflowSplitter()
        splitter.setChildrenCollapsible(False)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        self.new_button = primary_button(_("Write a new entry"))
        self.new_button.clicked.connect(self.new_entry)
        column.addWidget(self.new_button)
        if ctx.session.read_only:
            switch_off(self.new_button)
        self.list = QListView()
        self.list.setModel(self.entries)
        self.list.setAccessibleName(_("Journal entries"))
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.selectionModel().currentChanged.connect(self._entry_clicked)
        column.addWidget(self.list, 1)
        splitter.addWidget(left)
        self.right = QStackedWidget()
        reader = QWidget()
        reader_column = QVBoxLayout(reader)
        reader_column.setContentsMargins(0, 0, 0, 0)
        self.reader_title = label("", "subheading")
        self.reader_facts = label("", "muted")
        self.reader = QPlainTextEdit()
        self.reader.setReadOnly(True)
        self.reader.setAccessibleName(_("Text of the entry"))
        reader_column.addWidget(self.reader_title)
        reader_column.addWidget(self.reader_facts)
        reader_column.addWidget(self.reader, 1)
        self.empty = label(_("No entry yet. A journal helps to show repetition: write down each "
                             "incident with its date, even the ones that left no trace."),
                           "muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.editor = EntryEditor()
        self.editor.save_requested.connect(self.save)
        self.editor.cancelled.connect(self.cancel_entry)
        for widget in (reader, self.empty, self.editor):
            self.right.addWidget(widget)
        self.reader_page = reader
        splitter.addWidget(self.right)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([280, 700])
        layout.addWidget(splitter, 1)
        ctx.cases.case_changed.connect(self.mark_dirty)
        self.session.about_to_lock.connect(self.keep_draft)
        self.session.locked.connect(self.drop_everything)

    def reload(self, select: int | None = None) -> None:
        self._dirty = False
        self.entries.clear()
        case_id = self.ctx.cases.case_id
        if case_id is None or not self.session.is_unlocked:
            return
        for item_id, kind, title, at in self.session.read(lambda v: entries_of_case(v, case_id)):
            when = local_time(at, self.session.timezone)
            text = f"{when} — {clean(title, limit=100)}" if title else when
            if kind == "paste":
                text += " · " + _("pasted")
            entry = QStandardItem(text)
            entry.setData(item_id, ENTRY_ID_ROLE)
            entry.setData(kind, ENTRY_KIND_ROLE)
            entry.setEditable(False)
            self.entries.appendRow(entry)
        if select is None or not self.open_entry(select):
            if self.entries.rowCount():
                self.list.setCurrentIndex(self.entries.index(0, 0))
        self._show_current()
        self._restore_draft()

    def _show_current(self) -> None:
        if self.entries.rowCount() and self.list.currentIndex().isValid():
            self.right.setCurrentWidget(self.reader_page)
        else:
            self.right.setCurrentWidget(self.empty)

    def open_entry(self, item_id: int) -> bool:
        if self._dirty:
            self.reload()
        for row in range(self.entries.rowCount()):
            if self.entries.item(row).data(ENTRY_ID_ROLE) == item_id:
                self.list.setCurrentIndex(self.entries.index(row, 0))
                self.right.setCurrentWidget(self.reader_page)
                return True
        return False

    def _entry_clicked(self, index: QModelIndex, _previous: QModelIndex) -> None:
        if not index.isValid() or not self.session.is_unlocked:
            return
        item_id = int(index.data(ENTRY_ID_ROLE))
        data = self.session.read(lambda v: read_original(v, item_id)) or b""
        pasted = index.data(ENTRY_KIND_ROLE) == "paste"
        self.reader_title.setText(clean(index.data(), limit=200))
        self.reader_facts.setText(
            _("Typed or pasted by you in evidencekit (not an export from an app).") if pasted
            else _("Written by you in evidencekit."))
        # The text is the victim's own, but still shown as plain text with controls removed.
        self.reader.setPlainText(clean(data.decode("utf-8", errors="replace"), multiline=True,
                                       limit=200_000))
        self.right.setCurrentWidget(self.reader_page)

    def new_entry(self) -> None:
        # An entry still being written (the user looked at another one meanwhile) comes back.
        if not self.editor.has_text():
            self.editor.reset()
        self.editor.timezone = self.session.timezone
        self.right.setCurrentWidget(self.editor)
        self.editor.text.setFocus()

    def save(self, occurred_at: str, title: str, text: str, pasted: bool) -> int | None:
        if not self.session.is_unlocked:
            return None
        case = self.ctx.cases.case_name or DEFAULT_CASE
        try:
            item_id = self.session.read(
                lambda v: save_entry(v, case, text, occurred_at, title, pasted))
        except EvidenceKitError as exc:
            self.editor.error.setText(str(exc))
            return None
        self.editor.reset()
        self.reload(select=item_id)
        return item_id

    def cancel_entry(self) -> None:
        if self.editor.has_text():
            answer = QMessageBox.question(
                self, _("Discard this entry?"),
                _("What you wrote in this entry has not been saved. Discard it?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Discard:
                return
        self.editor.reset()
        self._show_current()

    def keep_draft(self) -> None:
        """Before a lock: an entry being written goes into the vault, not into thin air."""
        # Only ever written: a page not opened since the unlock has an empty editor, and the
        # draft of an earlier lock must survive it.
        if self.editor.has_text():
            keep_draft(self.session, DRAFT_KEY, self.editor.draft())

    def _restore_draft(self) -> None:
        draft = take_draft(self.session, DRAFT_KEY)
        if isinstance(draft, dict):
            self.editor.show_draft(draft)
            self.editor.note.setText(_("The entry you were writing was kept: finish it and "
                                       "save it."))
            self.new_entry()

    def drop_everything(self) -> None:
        self.entries.clear()
        self.reader.clear()
        self.editor.reset()
        self._dirty = True


def make_journal_page(ctx: PageContext) -> QWidget:
    return JournalPage(ctx)
