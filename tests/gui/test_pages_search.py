"""Search across the vault: results name where they are, and open in place."""

from __future__ import annotations

from evidencekit.gui.app import Composition
from evidencekit.gui.conversations.model import MESSAGE_ROLE
from evidencekit.gui.conversations.page import ConversationsPage
from evidencekit.gui.search.page import SearchPage
from tests.gui.test_pages_data import chat_app, open_page  # noqa: F401 - fixture

__all__ = ["chat_app"]


def test_global_search_opens_the_conversation_at_the_message(chat_app: Composition,
                                                             qtbot) -> None:
    screen, page = open_page(chat_app, "search")
    assert isinstance(page, SearchPage)
    page.box.setText("PLAINTE")
    page.run()
    qtbot.waitUntil(lambda: not page.searching, timeout=10_000)
    assert page.model.rowCount() == 1
    where = page.model.index(0, 0).data()
    assert where == "Message from Lina in “WhatsApp Chat - Karim.zip”"
    assert page.model.index(0, 1).data().startswith("2026-11-13")
    assert page.model.index(0, 2).data() == "\u2068Arrête, je vais porter plainte\u2069"
    assert page.open_result(page.model.index(0, 0))
    chats = screen.page_widgets["conversations"]
    assert isinstance(chats, ConversationsPage)
    assert screen.pages.currentWidget() is chats
    current = chats.view.currentIndex().data(MESSAGE_ROLE)
    assert current.text == "Arrête, je vais porter plainte"


def test_search_finds_nothing_calmly(chat_app: Composition, qtbot) -> None:
    _screen, page = open_page(chat_app, "search")
    assert isinstance(page, SearchPage)
    page.box.setText("zzzz")
    page.run()
    qtbot.waitUntil(lambda: not page.searching, timeout=10_000)
    assert page.model.rowCount() == 0
    assert page.status.text().startswith("Nothing found")
