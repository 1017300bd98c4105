"""The victim types translations in the GUI, records the author's relationship in the export
wizard, and is asked before a call recording is imported."""

from __future__ import annotations

import wave
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox

from evidencekit.core.evidence import list_items
from evidencekit.core.translations import translation_of
from evidencekit.dossier.victim import load_info
from evidencekit.gui.app import Composition
from evidencekit.gui.conversations.page import ConversationsPage
from evidencekit.gui.export.wizard import EXHIBITS, INFO, PREVIEW, ExportPage
from tests.gui.conftest import unlock
from tests.gui.helpers import main_screen, write_images
from tests.gui.test_pages_data import chat_app, open_page  # noqa: F401 - fixture

__all__ = ["chat_app"]


def test_translate_an_item_in_the_detail_pane(make_app, qtbot, existing_vault: Path,  # type: ignore[no-untyped-def]
                                              tmp_path: Path) -> None:
    app = make_app()
    unlock(app, qtbot)
    screen = main_screen(app)
    with qtbot.waitSignal(screen.importer.finished, timeout=20_000):
        screen.importer.import_paths(write_images(tmp_path / "a", 1))
    page = screen.evidence
    page.select_item(1)
    editor = page.detail.translation
    assert editor.isEnabled() and editor.text.toPlainText() == ""
    editor.text.setPlainText("Il écrit : je vais publier tes photos")
    qtbot.mouseClick(editor.save, Qt.MouseButton.LeftButton)
    assert editor.status.text().startswith("Translation saved")
    assert app.session.read(lambda v: translation_of(v.conn, 1)) == \
        "Il écrit : je vais publier tes photos"
    assert [e.action for e in page.detail.history_model.entries][-1] == "translated"


def test_translate_the_message_under_the_cursor(chat_app: Composition, qtbot) -> None:  # type: ignore[no-untyped-def]
    _screen, page = open_page(chat_app, "conversations")
    assert isinstance(page, ConversationsPage)
    last = page.model.index(page.model.rowCount() - 1, 0)  # "سأنشر صورك"
    page.view.setCurrentIndex(last)
    editor = page.translation
    assert editor.isEnabled() and editor.message_id is not None
    editor.text.setPlainText("Je vais publier tes photos")
    editor.save_translation()
    message_id, item_id = editor.message_id, editor.item_id
    assert item_id is not None
    assert chat_app.session.read(lambda v: translation_of(v.conn, item_id, message_id)) == \
        "Je vais publier tes photos"
    page.view.setCurrentIndex(page.model.index(0, 0))
    assert editor.text.toPlainText() == ""  # another message, no translation yet
    page.view.setCurrentIndex(last)
    assert editor.text.toPlainText() == "Je vais publier tes photos"


def _call(path: Path) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x01" * 4000)
    return path


def test_a_call_recording_is_imported_only_once_the_user_agrees(make_app, qtbot,  # type: ignore[no-untyped-def]
                                                                existing_vault: Path,
                                                                tmp_path: Path) -> None:
    app = make_app()
    unlock(app, qtbot)
    screen = main_screen(app)
    call = _call(tmp_path / "appel.m4a.wav")
    assert screen.importer.import_paths([call]) is False
    box = screen.importer.recording_question
    assert box is not None and box.isVisible()
    assert "447-1" in box.text() and "appel.m4a.wav" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert screen.importer.job is None
    assert app.session.read(lambda v: list(list_items(v.conn))) == []
    screen.importer.import_paths([call])
    box = screen.importer.recording_question
    assert box is not None
    anyway = next(b for b in box.buttons() if b.text() == "Import anyway")
    with qtbot.waitSignal(screen.importer.finished, timeout=20_000):
        anyway.click()
    assert len(app.session.read(lambda v: list(list_items(v.conn)))) == 1


def test_wizard_records_the_authors_relationship(chat_app: Composition) -> None:
    screen, chats = open_page(chat_app, "conversations")
    assert isinstance(chats, ConversationsPage)
    chats.view.selectionModel().select(chats.model.index(0, 0),
                                       QItemSelectionModel.SelectionFlag.Select)
    chats.toggle_chosen()
    screen.show_page("export")
    page = screen.page_widgets["export"]
    assert isinstance(page, ExportPage)
    wizard = page.wizard
    assert "ma-police" in wizard.recipient_step.buttons
    wizard.recipient_step.buttons["ma-police"].setChecked(True)
    wizard.next()
    assert wizard.currentId() == EXHIBITS
    wizard.next()
    assert wizard.currentId() == INFO
    step = wizard.info_step
    step.author_name.setText("Karim")
    step.author_relation.setCurrentIndex(step.author_relation.findData("ex_partner"))
    wizard.next()
    assert wizard.currentId() == PREVIEW  # the information was saved on leaving its step
    case_id = chat_app.session.read(lambda v: v.conn.execute("SELECT id FROM cases")
                                    .fetchone()[0])
    info = load_info(chat_app.session.vault.conn, case_id)
    assert info.authors[0].relation == "ex_partner" and info.partner
