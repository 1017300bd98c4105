"""First run: three cards before the first import; in a chat, "which one is you?"."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QStyleOptionViewItem

from evidencekit.core.chat_owner import chat_owner, chat_senders, set_chat_owner
from evidencekit.core.custody import CustodyLog
from evidencekit.core.errors import UsageError
from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.gui.app import Composition
from evidencekit.gui.conversations.delegate import BubbleDelegate
from evidencekit.gui.conversations.model import MESSAGE_ROLE, Message
from evidencekit.gui.conversations.page import ConversationsPage
from evidencekit.gui.main.history_model import action_label
from evidencekit.gui.welcome.first_steps import SEEN_KEY
from tests.gui.conftest import unlock
from tests.gui.helpers import main_screen, write_images
from tests.gui.test_pages_data import chat_app, fill_vault, open_page  # noqa: F401 - fixture

__all__ = ["chat_app"]


def _card_texts(steps: object) -> list[str]:
    from PySide6.QtWidgets import QLabel

    page = steps.cards.currentWidget()  # type: ignore[attr-defined]
    return [w.text() for w in page.findChildren(QLabel)]


def test_three_cards_before_the_first_import(make_app, qtbot, existing_vault: Path,
                                             tmp_path: Path) -> None:
    app = make_app()
    unlock(app, qtbot)
    page = main_screen(app).evidence
    steps = page.first_steps
    assert steps is not None and page.views.currentWidget() is steps
    assert steps.isVisible() and not page.detail.isVisible()
    first = " ".join(_card_texts(steps))
    assert "full web address" in first and "date and time" in first
    assert "whole conversation" in first
    steps.next_button.click()
    second = " ".join(_card_texts(steps))
    assert "Do not reply" in second and "Do not delete" in second and "Do not pay" in second
    steps.next_button.click()
    third = " ".join(_card_texts(steps))
    assert "3018" in third and "EMC-Helpline" in third
    assert steps.next_button.text() == "Add my first evidence"
    steps.next_button.click()
    assert page.first_steps is None and page.views.currentWidget() is page.empty
    assert page.heading.text() == "My evidence: no item yet"
    assert app.session.read(lambda v: v.meta(SEEN_KEY, "")) == "1"
    # Seen once per vault: the next unlock goes straight to the (empty) list.
    app.session.lock()
    unlock(app, qtbot)
    assert main_screen(app).evidence.first_steps is None


def test_cards_in_french_and_arabic(make_app, qtbot, existing_vault: Path) -> None:
    app = make_app()
    app.pick_language("ar")
    unlock(app, qtbot)
    steps = main_screen(app).evidence.first_steps
    assert steps is not None
    steps.go(2)
    third = " ".join(_card_texts(steps))
    assert "من يمكنه المساعدة الآن" in third and "3018" in third
    app.pick_language("fr")
    steps = main_screen(app).evidence.first_steps
    assert steps is not None
    steps.go(1)
    assert "Ne répondez pas" in " ".join(_card_texts(steps))
    assert steps.skip_button.text() == "Passer"
    steps.skip_button.click()
    assert main_screen(app).evidence.first_steps is None


def test_no_cards_when_the_vault_has_evidence(make_app, qtbot, existing_vault: Path,
                                              tmp_path: Path) -> None:
    app = make_app()
    unlock(app, qtbot)
    screen = main_screen(app)
    with qtbot.waitSignal(screen.importer.finished, timeout=20_000):
        screen.importer.import_paths(write_images(tmp_path / "in", 1))
    assert screen.evidence.views.currentWidget() is screen.evidence.table


def _messages(page: ConversationsPage) -> list[Message]:
    return [page.model.index(r, 0).data(MESSAGE_ROLE) for r in range(page.model.rowCount())]


def test_which_one_is_you_puts_the_victims_messages_on_one_side(chat_app: Composition) -> None:
    _screen, page = open_page(chat_app, "conversations")
    assert isinstance(page, ConversationsPage)
    names = [page.owner_box.itemText(i) for i in range(page.owner_box.count())]
    assert names == ["Not said yet", "Karim", "Lina"]  # the most frequent sender first
    assert not any(m.outgoing for m in _messages(page))
    page.owner_box.setCurrentIndex(2)
    page.owner_box.activated.emit(2)
    messages = _messages(page)
    assert {m.sender for m in messages if m.outgoing} == {"Lina"}
    # Drawn on the other side from Karim's: the bubble starts further right.
    delegate = page.view.itemDelegate()
    assert isinstance(delegate, BubbleDelegate)
    opt = QStyleOptionViewItem()
    opt.font = page.view.font()
    lina = next(m for m in messages if m.sender == "Lina")
    karim = messages[0]
    x_lina = delegate._layout(opt, lina, 0, 0, 800).bubble.left()
    x_karim = delegate._layout(opt, karim, 0, 0, 800).bubble.left()
    assert x_lina > x_karim
    # Kept in the vault, with a custody entry in words.
    item_id = page.model.item_id
    assert chat_app.session.read(lambda v: chat_owner(v.conn, item_id)) == "Lina"
    entries = chat_app.session.read(lambda v: list(CustodyLog(v.conn).entries(item_id)))
    assert entries[-1].action == "chat-owner-chosen"
    assert action_label(entries[-1].action) == "Marked which sender is you"
    # Back to "not said": both sides as the export says.
    page.owner_box.activated.emit(0)
    assert not any(m.outgoing for m in _messages(page))
    assert page.owner_note.text().startswith("Say which sender is you")


def test_the_owner_must_be_a_sender_of_the_chat(vault_path: Path, tmp_path: Path) -> None:
    fill_vault(vault_path, tmp_path)
    from tests.gui.conftest import PASSPHRASE

    vault = Vault.open(vault_path, PASSPHRASE)
    try:
        item_id = int(vault.conn.execute("SELECT item_id FROM messages LIMIT 1").fetchone()[0])
        assert chat_senders(vault.conn, item_id) == ["Karim", "Lina"]
        with pytest.raises(UsageError, match="not a sender"), vault.transaction() as tx:
            set_chat_owner(tx, item_id, "Mallory")
        assert chat_owner(vault.conn, item_id) is None
        with vault.transaction() as tx:
            assert set_chat_owner(tx, item_id, "Lina")
            assert not set_chat_owner(tx, item_id, "Lina")  # no change, no log entry
        _fuzz_owner(vault, item_id)
    finally:
        vault.close()


def _fuzz_owner(vault: Vault, item_id: int) -> None:
    @settings(max_examples=40, deadline=None)
    @given(st.text(max_size=40))
    def any_name(name: str) -> None:
        try:
            with vault.transaction() as tx:
                set_chat_owner(tx, item_id, name)
        except UsageError:
            pass
        assert chat_owner(vault.conn, item_id) in ("Lina", "Karim")

    any_name()


def test_an_item_without_messages_has_no_senders(tmp_path: Path) -> None:
    vault, _key = Vault.create(tmp_path / "v", "a long enough passphrase 77", kdf=TEST_PARAMS)
    try:
        assert chat_senders(vault.conn, 1) == []
    finally:
        vault.close()
