"""The conversations page: the case's chat exports, read as bubbles, searched, and picked from."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from evidencekit.core.chat_owner import chat_senders, set_chat_owner
from evidencekit.core.errors import EvidenceKitError
from evidencekit.core.search import search
from evidencekit.core.vault import Vault
from evidencekit.gui.conversations.delegate import BubbleDelegate
from evidencekit.gui.conversations.model import MESSAGE_ID_ROLE, MessagesModel
from evidencekit.gui.conversations.reread_dialog import RereadDialog
from evidencekit.gui.conversations.selection import exhibit_selection
from evidencekit.gui.fit import panel_toggle
from evidencekit.gui.main.lazy_page import LazyPage
from evidencekit.gui.main.pages import PageContext
from evidencekit.gui.main.read_only import switch_off
from evidencekit.gui.main.thumbnails import ThumbnailLoader
from evidencekit.gui.text import clean, number
from evidencekit.gui.translation_editor import TranslationEditor
from evidencekit.gui.widgets import label
from evidencekit.i18n import _

CHAT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# The messages' share of a small screen (tests/gui/test_conversation_fits.py checks it at
# 1024×600): the side column shows when the messages keep MESSAGES_MIN_WIDTH beside it, the
# translation when the page is TRANSLATION_ROOM high (enough for both).
MESSAGES_MIN_WIDTH = 480
MESSAGES_MIN_HEIGHT = 160
CHATS_WIDTH = 200
TRANSLATION_ROOM = 480
CHAT_NAME_ROLE = Qt.ItemDataRole.UserRole + 2

_CHATS_SQL = (
    "SELECT i.id, COALESCE(NULLIF(a.title, ''), o.original_name, '#' || i.id), count(m.id)"
    " FROM items i JOIN messages m ON m.item_id = i.id"
    " LEFT JOIN originals o ON o.item_id = i.id LEFT JOIN annotations a ON a.item_id = i.id"
    " WHERE i.case_id = ? GROUP BY i.id ORDER BY i.id"
)


def chats_of_case(vault: Vault, case_id: int) -> list[tuple[int, str, int]]:
    return [(int(r[0]), str(r[1]), int(r[2]))
            for r in vault.conn.execute(_CHATS_SQL, (case_id,)).fetchall()]


def matches_in_chat(vault: Vault, item_id: int, query: str) -> list[int]:
    """Ids of the chat's messages matching `query`, in chat order (accent and case blind)."""
    hits = [h.owner_id for h in search(vault.conn, query, limit=10_000)
            if h.owner_kind == "message"]
    if not hits:
        return []
    marks = ",".join("?" * len(hits))
    rows = vault.conn.execute(
        f"SELECT id FROM messages WHERE item_id = ? AND id IN ({marks}) ORDER BY idx",
        (item_id, *hits)).fetchall()
    return [int(r[0]) for r in rows]


class ConversationsPage(LazyPage):
    """Chats of the selected case on one side, the selected chat's bubbles on the other."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = ctx.session
        self.selection = exhibit_selection(ctx.session)
        self.thumbnails = ThumbnailLoader(ctx.session, self)
        self.model = MessagesModel(ctx.session, self.thumbnails, self.selection, self)
        self.chats = QStandardItemModel(self)
        self.found: list[int] = []
        self._found_at = -1
        self._dirty = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # The side column (chats, "which one is you?") and the translation give way to the
        # messages on a small screen (1024×600, 200 %): each has a button that shows it
        # again, and follows the size of the page until the user presses that button.
        self.chats_chosen = self.translation_chosen = False
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        self.chat_list = QListView()
        self.chat_list.setModel(self.chats)
        self.chat_list.setAccessibleName(_("Conversations in this case"))
        self.chat_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.chat_list.setWordWrap(True)
        self.chat_list.selectionModel().currentChanged.connect(self._chat_clicked)
        splitter.addWidget(self._chats_column())
        splitter.addWidget(self._reader())
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([220, 800])
        layout.addLayout(self.search_row)
        layout.addWidget(splitter, 1)
        self.empty = label(_("No conversation in this case yet. Import a chat export (WhatsApp, "
                             "Telegram, Instagram, Messenger, SMS…) to read it here."), "muted")
        layout.addWidget(self.empty)
        self.empty.hide()
        ctx.cases.case_changed.connect(self.mark_dirty)
        ctx.importer.finished.connect(lambda _outcomes: self.mark_dirty())
        self.session.locked.connect(self.drop_everything)
        self.selection.changed.connect(self._update_chosen)
        self._update_chosen()

    def _chats_column(self) -> QWidget:
        """The chat list, and under it "which one is you?" (beside the reader, it would take
        the height the messages need on a small screen)."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.chat_list, 1)
        column.addWidget(label(_("Which one is you?"), "subheading"))
        self.owner_box = QComboBox()
        self.owner_box.setAccessibleName(_("Which one is you in this conversation?"))
        self.owner_box.setToolTip(_("Your messages are then shown on one side, the others' "
                                    "on the other. The export itself is not changed."))
        self.owner_box.activated.connect(self._owner_picked)
        column.addWidget(self.owner_box)
        self.owner_note = label("", "muted")
        column.addWidget(self.owner_note)
        self.chats_column = box
        return box

    def _reader(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.chats_button = panel_toggle(
            _("Conversations"), _("Show the list of conversations"),
            _("Shows or hides the list of conversations beside the messages."),
            self.chats_column, lambda: setattr(self, "chats_chosen", True))
        row.addWidget(self.chats_button)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(_("Search in this conversation"))
        self.search_box.setAccessibleName(_("Search in this conversation"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.returnPressed.connect(self.find_next)
        self.search_box.textChanged.connect(lambda _text: self._forget_search())
        self.previous_button = QPushButton(_("Previous"))
        self.next_button = QPushButton(_("Next"))
        for button, slot, name in ((self.previous_button, self.find_previous,
                                    _("Previous match")),
                                   (self.next_button, self.find_next, _("Next match"))):
            button.setAccessibleName(name)
            button.clicked.connect(slot)
        self.found_label = label("", "muted", wrap=False)
        row.addWidget(self.search_box, 1)
        row.addWidget(self.previous_button)
        row.addWidget(self.next_button)
        row.addWidget(self.found_label)
        self.search_row = row  # above the column and the messages, the page's first line
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(BubbleDelegate(self.view, self.model))
        self.view.setAccessibleName(_("Messages"))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setWordWrap(True)
        self.view.setSpacing(0)
        self.view.doubleClicked.connect(lambda _index: self.toggle_chosen())
        # The translation of the message under the cursor, typed by the victim. The messages
        # keep most of the height (on a 600-pixel screen they were squeezed to one bubble);
        # the divider between them can be dragged.
        self.translation = TranslationEditor(self.session)
        self.view.selectionModel().currentChanged.connect(self._current_message_changed)
        reading = QSplitter(Qt.Orientation.Vertical)
        reading.setChildrenCollapsible(False)
        self.view.setMinimumHeight(MESSAGES_MIN_HEIGHT)
        reading.addWidget(self.view)
        reading.addWidget(self.translation)
        reading.setStretchFactor(0, 3)
        reading.setStretchFactor(1, 1)
        reading.setSizes([300, 100])
        column.addWidget(reading, 1)
        bottom = QHBoxLayout()
        self.choose_button = QPushButton(_("Choose as exhibits"))
        self.choose_button.setObjectName("primary")
        self.choose_button.setAccessibleName(_("Choose the selected messages as exhibits"))
        self.choose_button.setToolTip(_("Adds or removes the selected messages from the export "
                                        "(Ctrl+E, or double-click a message)."))
        self.choose_button.clicked.connect(self.toggle_chosen)
        shortcut = QShortcut(QKeySequence("Ctrl+E"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.toggle_chosen)
        self.chosen_label = label("", "muted")
        self.reread_button = QPushButton(_("Read again…"))
        self.reread_button.setAccessibleName(
            _("Read again with another date order or time zone"))
        self.reread_button.setToolTip(_("If the dates or times look wrong: read the export "
                                        "again with another date order or time zone."))
        self.reread_button.clicked.connect(self.open_reread)
        if self.session.read_only:
            switch_off(self.reread_button)
        self.translation_button = panel_toggle(
            _("Translation"), _("Show your translation of the message"),
            _("Shows or hides your translation of the selected message, under the messages."),
            self.translation, lambda: setattr(self, "translation_chosen", True))
        bottom.addWidget(self.choose_button)
        bottom.addStretch(1)
        bottom.addWidget(self.translation_button)
        bottom.addWidget(self.reread_button)
        column.addLayout(bottom)
        # Under the button, not beside it: beside, a narrow window left it a few letters wide.
        column.addWidget(self.chosen_label)
        return box

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.fit(event.size().width(), event.size().height())

    def fit(self, width: int, height: int) -> None:
        """Show the side column and the translation when the messages keep MESSAGES_MIN_WIDTH
        and TRANSLATION_ROOM pixels of height beside and above them (unless the user said)."""
        if not self.chats_chosen:
            column = max(self.chats_column.minimumSizeHint().width(), CHATS_WIDTH)
            self.chats_button.setChecked(width >= column + MESSAGES_MIN_WIDTH)
        if not self.translation_chosen:
            self.translation_button.setChecked(height >= TRANSLATION_ROOM)

    # -- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        self._dirty = False
        case_id = self.ctx.cases.case_id
        current = self.model.item_id
        self.chats.clear()
        if case_id is None or not self.session.is_unlocked:
            self.model.set_chat(None)
            return
        chats = self.session.read(lambda v: chats_of_case(v, case_id))
        for item_id, name, count in chats:
            entry = QStandardItem(_("{name} ({count} messages)").format(
                name=clean(name, limit=120), count=number(count)))
            entry.setData(item_id, CHAT_ID_ROLE)
            entry.setData(name, CHAT_NAME_ROLE)
            entry.setEditable(False)
            self.chats.appendRow(entry)
        self.empty.setVisible(not chats)
        ids = [c[0] for c in chats]
        if ids:
            self.select_chat(current if current in ids else ids[0])
        else:
            self.model.set_chat(None)

    def select_chat(self, item_id: int) -> bool:
        for row in range(self.chats.rowCount()):
            if self.chats.item(row).data(CHAT_ID_ROLE) == item_id:
                index = self.chats.index(row, 0)
                if self.chat_list.currentIndex() != index:
                    self.chat_list.setCurrentIndex(index)
                if self.model.item_id != item_id:
                    self._show_chat(item_id)
                return True
        return False

    def _chat_clicked(self, index: QModelIndex, _previous: QModelIndex) -> None:
        if index.isValid():
            self._show_chat(int(index.data(CHAT_ID_ROLE)))

    def _show_chat(self, item_id: int) -> None:
        self.model.set_chat(item_id)
        self._forget_search()
        self.translation.show_target(None)
        self._fill_owner_box()

    # -- which one is you -------------------------------------------------------------------
    def _fill_owner_box(self) -> None:
        item_id = self.model.item_id
        senders = self.session.read(lambda v: chat_senders(v.conn, item_id)) \
            if item_id is not None and self.session.is_unlocked else []
        self.owner_box.clear()
        self.owner_box.addItem(_("Not said yet"), None)
        for sender in senders:
            self.owner_box.addItem(clean(sender, limit=80), sender)
        self.owner_box.setCurrentIndex(max(0, self.owner_box.findData(self.model.owner)))
        self.owner_box.setEnabled(bool(senders))
        if self.session.read_only:
            switch_off(self.owner_box)
        self.owner_note.setText("" if self.model.owner else _(
            "Say which sender is you, and your messages will sit on one side."))

    def choose_owner(self, sender: str | None) -> bool:
        """Record which sender is the user (None: not said), then redraw the chat."""
        item_id = self.model.item_id
        if item_id is None or not self.session.is_unlocked:
            return False

        def write(vault: Vault) -> bool:
            with vault.transaction() as tx:
                return set_chat_owner(tx, item_id, sender)

        try:
            self.session.read(write)
        except EvidenceKitError as exc:
            self.owner_note.setText(str(exc))
            return False
        self.model.set_chat(item_id)
        self._fill_owner_box()
        return True

    def _owner_picked(self, index: int) -> None:
        data = self.owner_box.itemData(index)
        self.choose_owner(data if isinstance(data, str) else None)

    def _current_message_changed(self, index: QModelIndex, _previous: QModelIndex) -> None:
        if index.isValid() and self.model.item_id is not None:
            self.translation.show_target(self.model.item_id, int(index.data(MESSAGE_ID_ROLE)))
        else:
            self.translation.show_target(None)

    def open_message(self, message_id: int) -> bool:
        """Show the chat holding `message_id`, scrolled to it and selected."""
        if self._dirty or not self.chats.rowCount():
            self.reload()
        row = self.session.read(lambda v: v.conn.execute(
            "SELECT item_id FROM messages WHERE id = ?", (message_id,)).fetchone())
        if row is None or not self.select_chat(int(row[0])):
            return False
        return self._go_to(message_id)

    def _go_to(self, message_id: int) -> bool:
        index = self.model.index_of_message(message_id)
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.selectionModel().select(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    # -- search in the chat ----------------------------------------------------------------
    def _forget_search(self) -> None:
        self.found, self._found_at = [], -1
        self.found_label.setText("")
        self.model.set_matches(set())

    def _run_search(self) -> None:
        query, item_id = self.search_box.text().strip(), self.model.item_id
        if not query or item_id is None or not self.session.is_unlocked:
            return
        self.found = self.session.read(lambda v: matches_in_chat(v, item_id, query))
        self.model.set_matches(set(self.found))
        if not self.found:
            self.found_label.setText(_("Not found"))

    def find_next(self) -> None:
        self._step(1)

    def find_previous(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        if not self.found:
            self._run_search()
            if not self.found:
                return
            self._found_at = -1 if delta > 0 else len(self.found)
        self._found_at = (self._found_at + delta) % len(self.found)
        self.found_label.setText(_("{n} of {total}").format(n=number(self._found_at + 1),
                                                            total=number(len(self.found))))
        self._go_to(self.found[self._found_at])

    # -- exhibits ---------------------------------------------------------------------------
    def selected_message_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.view.selectionModel().selectedIndexes())
        return [int(self.model.index(r, 0).data(MESSAGE_ID_ROLE)) for r in rows]

    def toggle_chosen(self) -> None:
        """Choose the selected messages; if all of them were chosen already, un-choose them."""
        item_id = self.model.item_id
        ids = self.selected_message_ids()
        if item_id is None or not ids:
            return
        if all(self.selection.contains(m) for m in ids):
            for message_id in ids:
                self.selection.remove(message_id)
        else:
            for message_id in ids:
                self.selection.add(message_id, item_id)

    def _update_chosen(self) -> None:
        n = len(self.selection.message_ids())
        self.chosen_label.setText(
            _("{n} messages chosen as exhibits for the export.").format(n=number(n)) if n else
            _("Select messages, then choose them as exhibits for the export."))

    # -- a second reading ---------------------------------------------------------------------
    def open_reread(self) -> RereadDialog | None:
        item_id = self.model.item_id
        current = self.chat_list.currentIndex()
        if item_id is None or not self.session.is_unlocked:
            return None
        dialog = RereadDialog(self.session, item_id, str(current.data(CHAT_NAME_ROLE) or ""),
                              self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.reread_done.connect(self._reread_done)
        dialog.open()
        return dialog

    def _reread_done(self, item_id: int) -> None:
        self.model.set_chat(None)  # the rows were replaced: read them again from the vault
        self.reload()
        self.select_chat(item_id)

    def drop_everything(self) -> None:
        self.thumbnails.clear()
        self.model.blurred.clear()
        self.model.set_chat(None)
        self.translation.show_target(None)
        self.chats.clear()
        self.search_box.clear()
        self._dirty = True


def make_conversations_page(ctx: PageContext) -> QWidget:
    return ConversationsPage(ctx)
