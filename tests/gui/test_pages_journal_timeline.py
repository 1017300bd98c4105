"""The journal writes entries into the vault; the timeline shows a case day by day."""

from __future__ import annotations

from evidencekit.core.evidence import list_items
from evidencekit.core.search import search
from evidencekit.gui.app import Composition
from evidencekit.gui.conversations.model import MESSAGE_ID_ROLE
from evidencekit.gui.conversations.page import ConversationsPage
from evidencekit.gui.journal.page import JournalPage
from evidencekit.gui.timeline.page import EVENT_ROLE, TimelinePage
from tests.gui.test_pages_data import CASE, chat_app, open_page  # noqa: F401 - fixture

__all__ = ["chat_app"]


def test_journal_entry_written_in_the_page_is_in_the_vault(chat_app: Composition) -> None:
    _screen, page = open_page(chat_app, "journal")
    assert isinstance(page, JournalPage)
    assert page.entries.rowCount() == 0
    page.new_entry()
    editor = page.editor
    assert not editor.save_button.isEnabled()
    editor.title.setText("Devant le lycée")
    editor.text.setPlainText("Il m'a suivie jusqu'à l'arrêt de bus.\nJ'avais peur.")
    editor.pasted.setChecked(True)
    editor.save_button.click()
    assert page.entries.rowCount() == 1
    assert "Devant le lycée" in page.entries.item(0).text()
    assert page.reader.toPlainText() == "Il m'a suivie jusqu'à l'arrêt de bus.\nJ'avais peur."
    assert page.reader_facts.text().startswith("Typed or pasted by you")
    vault = chat_app.session.vault
    entries = [i for i in list_items(vault.conn, CASE) if i.kind == "paste"]
    assert len(entries) == 1
    assert entries[0].annotations.title == "Devant le lycée"
    assert entries[0].annotations.description == "typed or pasted by the user"
    assert entries[0].annotations.occurred_at.startswith(
        editor.when.dateTime().toString("yyyy-MM-dd"))
    assert any(h.owner_kind == "journal" for h in search(vault.conn, "arret bus"))


def test_timeline_shows_items_and_messages_per_day(chat_app: Composition, qtbot) -> None:
    screen, page = open_page(chat_app, "timeline")
    assert isinstance(page, TimelinePage)
    qtbot.waitUntil(lambda: not page.loading and bool(page.days), timeout=10_000)
    by_day = {d.date: (d.items, d.messages) for d in page.days}
    # The chat's messages fall on the 12th and 13th of November (in any zone of Europe/UTC).
    assert by_day["2026-11-12"][1] == 4 and by_day["2026-11-13"][1] == 2
    assert sum(d.items for d in page.days) == 2  # the export zip and the screenshot
    assert page.bars.days and page.model.rowCount() == len(page.days)
    day_row = [d.date for d in page.days].index("2026-11-13")
    dated = [d for d in page.days if d.date != "—"]
    page.bars.pick(dated.index(page.days[day_row]))
    parent = page.model.item(day_row)
    assert parent.rowCount() == 2
    first = parent.child(0)
    assert "Lina: Arrête" in first.text()
    assert page.open_event(first.index())
    chats = screen.page_widgets["conversations"]
    assert isinstance(chats, ConversationsPage)
    assert screen.pages.currentWidget() is chats
    assert first.data(EVENT_ROLE).owner_id == chats.view.currentIndex().data(MESSAGE_ID_ROLE)
