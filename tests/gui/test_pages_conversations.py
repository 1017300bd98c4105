"""The chat viewer: exact text, search within the chat, messages chosen as exhibits."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt

from evidencekit.gui.app import Composition
from evidencekit.gui.conversations.model import MESSAGE_ROLE, Message
from evidencekit.gui.conversations.page import ConversationsPage
from evidencekit.gui.conversations.selection import exhibit_selection
from tests.gui.test_pages_data import chat_app, open_page  # noqa: F401 - fixture

__all__ = ["chat_app"]


def _messages(page: ConversationsPage) -> list[Message]:
    return [page.model.index(r, 0).data(MESSAGE_ROLE) for r in range(page.model.rowCount())]


def test_messages_shown_exactly(chat_app: Composition, qtbot) -> None:
    _screen, page = open_page(chat_app, "conversations")
    assert isinstance(page, ConversationsPage)
    assert page.chats.rowCount() == 1
    assert "6 messages" in page.chats.item(0).text()
    messages = _messages(page)
    texts = [m.text for m in messages]
    assert texts[0] == "Je sais où tu habites 🔪"
    assert texts[1] == "Tu vas voir\ndemain à la sortie du lycée"
    assert "<b>pas du gras</b>" in texts  # markup is text, shown literally
    assert texts[-1] == "سأنشر صورك"
    assert messages[0].shown_time == "12/11/2026 21:05:01"
    index = page.model.index(0, 0)
    assert index.data(Qt.ItemDataRole.ToolTipRole).startswith("Your local time: 2026-11-12 ")
    photo = next(m for m in messages if m.attachments)
    assert photo.attachments[0].is_image and not photo.attachments[0].missing
    # The thumbnail is decoded by the worker, in memory.
    qtbot.waitUntil(lambda: page.model.thumbnail(photo.attachments[0]) is not None,
                    timeout=10_000)
    assert page.view.sizeHintForRow(texts.index("<b>pas du gras</b>")) > 20


def test_search_within_the_chat_ignores_accents(chat_app: Composition) -> None:
    _screen, page = open_page(chat_app, "conversations")
    assert isinstance(page, ConversationsPage)
    page.search_box.setText("lycee")
    page.find_next()
    assert len(page.found) == 1
    current = page.view.currentIndex().data(MESSAGE_ROLE)
    assert "lycée" in current.text
    assert page.found_label.text() == "1 of 1"
    page.search_box.setText("introuvable")
    page.find_next()
    assert page.found == [] and page.found_label.text() == "Not found"


def test_selecting_messages_records_exhibits(chat_app: Composition) -> None:
    _screen, page = open_page(chat_app, "conversations")
    assert isinstance(page, ConversationsPage)
    selection_model = page.view.selectionModel()
    for row in (0, 4):
        selection_model.select(page.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select)
    page.toggle_chosen()
    chosen = exhibit_selection(chat_app.session).message_ids()
    expected = [_messages(page)[0].id, _messages(page)[4].id]
    assert chosen == expected
    assert "2 messages chosen" in page.chosen_label.text()
    page.toggle_chosen()  # both chosen already: un-choose
    assert exhibit_selection(chat_app.session).message_ids() == []
    page.toggle_chosen()
    chat_app.session.lock()  # the selection is forgotten with the session
    assert exhibit_selection(chat_app.session).message_ids() == []
