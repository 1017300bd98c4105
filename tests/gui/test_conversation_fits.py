"""The conversation pane at 1024×600: the messages keep a readable area (MESSAGES_MIN) beside
the chat list, the search row and the translation; the side panel gives way first."""

from __future__ import annotations

import pytest

from evidencekit.gui.app import Composition
from evidencekit.gui.conversations.page import ConversationsPage
from tests.gui.conftest import unlock
from tests.gui.helpers import main_screen
from tests.gui.layout_check import fits
from tests.gui.layout_tour import settle
from tests.gui.test_layout_fits import SMALL, ZOOMED
from tests.gui.test_pages_data import chat_app  # noqa: F401 - fixture

# Enough for a bubble of a few words per line and three bubbles one under the other.
MESSAGES_MIN = (480, 260)


def _page(app: Composition) -> ConversationsPage:
    screen = main_screen(app)
    screen.show_page("conversations")
    page = screen.page_widgets["conversations"]
    assert isinstance(page, ConversationsPage)
    return page


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_messages_keep_their_room_at_1024_by_600(chat_app: Composition, qtbot,  # noqa: F811
                                                 language: str) -> None:
    chat_app.apply_language(language)
    chat_app.session.lock()
    unlock(chat_app, qtbot)  # with the backup reminder above, as a user first sees it
    page = _page(chat_app)
    page.reload()
    problems = fits(chat_app.shell, *SMALL)
    settle()
    view = page.view.viewport()
    assert not problems, "\n".join(problems)
    assert view.width() >= MESSAGES_MIN[0] and view.height() >= MESSAGES_MIN[1], \
        (view.width(), view.height())


def test_the_side_column_and_translation_come_back_with_their_buttons(
        chat_app: Composition) -> None:  # noqa: F811
    page = _page(chat_app)
    page.reload()
    fits(chat_app.shell, *ZOOMED)  # 200 % on a 1366×768 laptop: the messages first
    assert not page.chats_column.isVisible() and not page.translation.isVisible()
    assert page.view.isVisible() and page.chats_button.isVisible()
    page.chats_button.click()
    page.translation_button.click()
    fits(chat_app.shell, *ZOOMED)
    # Shown because the user asked, and kept whatever the window does next.
    assert page.chats_column.isVisible() and page.translation.isVisible()
    fits(chat_app.shell, *SMALL)
    fits(chat_app.shell, *ZOOMED)
    assert page.chats_column.isVisible() and page.translation.isVisible()
    page.chats_button.click()
    fits(chat_app.shell, 1200, 720)
    assert not page.chats_column.isVisible()
