"""Reading a conversation again from the conversations page, in the real app."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from evidencekit.gui.app import Composition
from evidencekit.gui.conversations.model import MESSAGE_ROLE
from evidencekit.gui.conversations.page import ConversationsPage
from evidencekit.gui.conversations.reread_dialog import RereadDialog
from tests.gui.test_pages_data import chat_app, open_page  # noqa: F401 - fixture

__all__ = ["chat_app"]


def _times(page: ConversationsPage) -> list[str]:
    return [page.model.index(r, 0).data(MESSAGE_ROLE).sent_at
            for r in range(page.model.rowCount())]


def test_reading_again_in_another_zone_refreshes_the_viewer(chat_app: Composition,
                                                            qtbot) -> None:
    _screen, page = open_page(chat_app, "conversations")
    assert isinstance(page, ConversationsPage)
    ids = [page.model.index(r, 0).data(MESSAGE_ROLE).id for r in range(page.model.rowCount())]
    before = _times(page)
    dialog = page.open_reread()
    assert dialog is not None
    assert dialog.zone.currentText() == "Europe/Paris"
    assert dialog.order.currentData() == "dmy"
    # The export's dates settle the order (13/11): asking month first is refused, kept as is.
    dialog.order.setCurrentIndex(dialog.order.findData("mdy"))
    dialog.preview()
    qtbot.waitUntil(lambda: dialog.preview_button.isEnabled(), timeout=20_000)
    assert "rule out the order mdy" in dialog.status.text()
    dialog.order.setCurrentIndex(dialog.order.findData("dmy"))
    dialog.zone.setCurrentText("America/Montreal")
    dialog.preview()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 5, timeout=20_000)
    assert dialog.table.item(0, 0).text() == "2026-11-12 21:05:01 (UTC+01:00)"
    assert dialog.table.item(0, 1).text() == "2026-11-12 21:05:01 (UTC-05:00)"
    assert _times(page) == before  # a preview keeps nothing
    with qtbot.waitSignal(dialog.reread_done, timeout=20_000):
        dialog.run_button.click()
    assert "Every message kept its id" in dialog.status.text()
    after = _times(page)
    assert after != before and after[0] == "2026-11-12T21:05:01-05:00"
    close = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert close.text() == "Close" and close.isEnabled()
    assert [page.model.index(r, 0).data(MESSAGE_ROLE).id
            for r in range(page.model.rowCount())] == ids
    history = chat_app.session.read(lambda v: [e.action for e in v.custody.entries()])
    assert history.count("messages-reread") == 1
    close.click()
    assert not dialog.isVisible()


def test_the_evidence_detail_offers_a_second_reading_for_chats_only(chat_app: Composition,
                                                                    qtbot) -> None:
    screen, _page = open_page(chat_app, "conversations")
    page = screen.evidence
    chats = chat_app.session.read(lambda v: [int(r[0]) for r in v.conn.execute(
        "SELECT DISTINCT item_id FROM messages")])
    shot = chat_app.session.read(lambda v: int(v.conn.execute(
        "SELECT item_id FROM originals WHERE original_name = 'capture-insta.png'"
    ).fetchone()[0]))
    page.select_item(shot)
    assert not page.detail.reread_button.isVisibleTo(page.detail)
    page.select_item(chats[0])
    assert page.detail.reread_button.isVisibleTo(page.detail)
    page.detail.reread_button.click()
    dialog = page.detail.findChild(RereadDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.zone.setCurrentText("Asia/Tokyo")
    with qtbot.waitSignal(dialog.reread_done, timeout=20_000):
        dialog.run_button.click()
    actions = [e.action for e in page.detail.history_model.entries]
    assert actions[-1] == "messages-reread"
    dialog.reject()
