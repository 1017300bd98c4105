"""A lock or a stray Escape loses nothing: chosen messages, the journal entry being written and
the place (case, page, item) come back after the unlock; Tab leaves the evidence table."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from evidencekit.core.evidence import ensure_case
from evidencekit.core.vault import Vault
from evidencekit.gui.app import Composition
from evidencekit.gui.conversations.page import ConversationsPage
from evidencekit.gui.conversations.selection import DRAFT_KEY as CHOSEN_KEY
from evidencekit.gui.conversations.selection import exhibit_selection
from evidencekit.gui.journal.page import DRAFT_KEY as JOURNAL_KEY
from evidencekit.gui.journal.page import JournalPage
from evidencekit.gui.main.evidence_model import ITEM_ID_ROLE
from evidencekit.gui.main.place import (
    PLACE_ENV,
    Place,
    place_from_environment,
    restart_environment,
)
from tests.gui.conftest import PASSPHRASE, unlock
from tests.gui.helpers import main_screen
from tests.gui.test_pages_data import chat_app, open_page  # noqa: F401 - fixture

__all__ = ["chat_app"]


def _choose(page: ConversationsPage, rows: tuple[int, ...]) -> list[int]:
    for row in rows:
        page.view.selectionModel().select(page.model.index(row, 0),
                                          QItemSelectionModel.SelectionFlag.Select)
    page.toggle_chosen()
    return page.selection.message_ids()


def test_chosen_messages_survive_a_lock(chat_app: Composition, qtbot) -> None:
    _screen, page = open_page(chat_app, "conversations")
    assert isinstance(page, ConversationsPage)
    chosen = _choose(page, (0, 4))
    assert len(chosen) == 2
    chat_app.session.lock("idle")
    assert exhibit_selection(chat_app.session).message_ids() == []  # nothing in memory
    unlock(chat_app, qtbot)
    _screen, page = open_page(chat_app, "conversations")
    assert isinstance(page, ConversationsPage)
    assert page.selection.message_ids() == chosen
    assert "2 messages chosen" in page.chosen_label.text()
    # Kept inside the vault, as ids only.
    assert chat_app.session.read(lambda v: v.meta(CHOSEN_KEY, "")) == \
        f"[[{chosen[0]}, {page.model.item_id}], [{chosen[1]}, {page.model.item_id}]]"


def _write_entry(app: Composition) -> JournalPage:
    _screen, page = open_page(app, "journal")
    assert isinstance(page, JournalPage)
    page.new_entry()
    page.editor.title.setText("Arrêt de bus")
    page.editor.text.setPlainText("Il m'a suivie jusqu'à l'arrêt de bus, 17 h.")
    return page


def test_a_journal_entry_being_written_survives_a_lock(chat_app: Composition, qtbot) -> None:
    page = _write_entry(chat_app)
    chat_app.session.lock("screen")
    vault = Vault.open(chat_app.session.vault_path, PASSPHRASE)
    try:  # kept encrypted with the vault, not in a file beside it
        assert "arrêt de bus" in vault.meta(JOURNAL_KEY, "")
    finally:
        vault.close()
    unlock(chat_app, qtbot)
    page = main_screen(chat_app).page_widgets["journal"]  # back where the user was
    assert isinstance(page, JournalPage)
    assert page.right.currentWidget() is page.editor
    assert page.editor.text.toPlainText() == "Il m'a suivie jusqu'à l'arrêt de bus, 17 h."
    assert page.editor.title.text() == "Arrêt de bus"
    assert "was kept" in page.editor.note.text()
    assert not chat_app.session.read(lambda v: v.meta(JOURNAL_KEY, ""))  # taken back


def test_a_language_change_keeps_the_entry_being_written(chat_app: Composition) -> None:
    _write_entry(chat_app)
    chat_app.pick_language("fr")
    page = main_screen(chat_app).page_widgets["journal"]
    assert isinstance(page, JournalPage)
    assert page.right.currentWidget() is page.editor
    assert page.editor.text.toPlainText() == "Il m'a suivie jusqu'à l'arrêt de bus, 17 h."


def test_cancelling_a_written_entry_asks_first(chat_app: Composition,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def answer(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", answer)
    page = _write_entry(chat_app)
    page.editor.cancel_button.click()
    assert asked and "not been saved" in asked[0]
    assert page.right.currentWidget() is page.editor
    assert page.editor.text.toPlainText().startswith("Il m'a suivie")


def test_escape_that_closes_the_calendar_does_not_count_for_quick_exit(
        chat_app: Composition, qtbot) -> None:
    page = _write_entry(chat_app)
    when = page.editor.when
    qtbot.mouseClick(when, Qt.MouseButton.LeftButton,
                     pos=QPoint(when.width() - 6, when.height() // 2))
    popup = QApplication.activePopupWidget()
    assert popup is not None  # the calendar is open
    qtbot.keyClick(popup.windowHandle(), Qt.Key.Key_Escape)
    assert QApplication.activePopupWidget() is None
    qtbot.keyClick(chat_app.shell.windowHandle(), Qt.Key.Key_Escape)
    assert chat_app.session.is_unlocked and chat_app.shell.isVisible()
    assert page.editor.text.toPlainText().startswith("Il m'a suivie")
    # Two Escapes on the window itself still leave at once.
    qtbot.keyClick(chat_app.shell.windowHandle(), Qt.Key.Key_Escape)
    assert not chat_app.session.is_unlocked


def test_unlocking_comes_back_to_the_case_page_and_item(chat_app: Composition, qtbot) -> None:
    screen = main_screen(chat_app)
    chat_app.session.read(lambda v: _second_case(v))
    screen.reload_cases()
    assert screen.cases.case_name == "Karim"
    assert screen.cases_model.row_of(screen.cases.case_id or 0) > 0  # not the first case
    last = screen.evidence.model.rowCount() - 1
    screen.evidence.select_item(screen.evidence.model.index(last, 0).data(ITEM_ID_ROLE))
    assert screen.evidence.detail.item is not None
    item_id = screen.evidence.detail.item.id
    chat_app.session.lock("idle")
    unlock(chat_app, qtbot)
    screen = main_screen(chat_app)
    assert screen.cases.case_name == "Karim"
    assert screen.pages.currentWidget() is screen.evidence
    assert screen.evidence.detail.item is not None and screen.evidence.detail.item.id == item_id
    # The same on another page: the conversation that was open.
    screen.show_page("conversations")
    chat_app.session.lock("manual")
    assert chat_app.shell.place is not None
    assert chat_app.shell.place.page == "conversations"
    unlock(chat_app, qtbot)
    screen = main_screen(chat_app)
    assert screen.pages.currentWidget() is screen.page_widgets["conversations"]
    assert screen.nav.currentIndex().row() == screen.page_keys.index("conversations")


def _second_case(vault: object) -> None:
    # Sorted before "Karim", so the first row is not the case the user was in.
    with vault.transaction() as tx:  # type: ignore[attr-defined]
        ensure_case(tx, "Affaire A")


def test_place_survives_a_restart_through_the_environment() -> None:
    place = Place(3, "journal", 12)
    env = restart_environment(place)
    assert env == {PLACE_ENV: "case=3;page=journal;item=12"}
    assert place_from_environment(env) == place
    assert restart_environment(None) == {}
    assert PLACE_ENV not in env  # not inherited by programs the app starts
    for bad in ("", "case=;page=x;item=", "case=1;page=../x;item=2", "case=1;page=a;item=2;x"):
        assert place_from_environment({PLACE_ENV: bad}) is None
    assert Place.from_text(Place(5).to_text()) == Place(5, "evidence", None)


def test_tab_leaves_the_evidence_table(chat_app: Composition, qtbot) -> None:
    screen = main_screen(chat_app)
    table = screen.evidence.table
    screen.evidence.select_item(screen.evidence.model.index(1, 0).data(ITEM_ID_ROLE))
    table.setFocus()
    qtbot.waitUntil(table.hasFocus, timeout=2000)
    row = table.currentIndex().row()
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert not table.hasFocus()
    assert table.currentIndex().row() == row
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Up)  # arrows still move inside the table
    assert table.hasFocus()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_place_text_fuzz(text: str) -> None:
    place = Place.from_text(text)
    assert place is None or Place.from_text(place.to_text()) == place


@pytest.mark.parametrize("raw", ["{not json", "[1, 2", '"text"', "[[\"a\", 1]]", "[[1]]",
                                 '{"when": 5, "text": ["x"], "title": null}', "[]", "null"])
def test_damaged_drafts_are_ignored(chat_app: Composition, qtbot, raw: str) -> None:
    def plant(vault: object) -> None:
        with vault.transaction() as tx:  # type: ignore[attr-defined]
            for key in (CHOSEN_KEY, JOURNAL_KEY):
                tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, raw))

    chat_app.session.read(plant)
    chat_app.session.lock("idle")
    unlock(chat_app, qtbot)
    _screen, page = open_page(chat_app, "journal")
    assert isinstance(page, JournalPage)
    assert exhibit_selection(chat_app.session).message_ids() == []
    # A dict that is not a real draft shows nothing of its wrong-typed values.
    assert page.editor.title.text() == "" and page.editor.text.toPlainText() == ""


def test_the_item_comes_back_in_arabic_too(chat_app: Composition, qtbot) -> None:
    chat_app.pick_language("ar")
    screen = main_screen(chat_app)
    page = screen.evidence
    last = page.model.rowCount() - 1
    item_id = page.model.index(last, 0).data(ITEM_ID_ROLE)
    page.select_item(item_id)
    assert page.detail.item is not None and page.detail.item.id == item_id
    chat_app.session.lock("idle")
    unlock(chat_app, qtbot)
    page = main_screen(chat_app).evidence
    assert page.detail.item is not None and page.detail.item.id == item_id
    assert page.table.selectionModel().isRowSelected(last)
