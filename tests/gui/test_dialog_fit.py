"""Our dialogs on a low screen: 1366×768 at 200 % leaves 683×384 logical pixels. Each dialog
then scrolls its content inside, keeps its buttons in view, cuts nothing and never scrolls
sideways; on a large screen it only grows to the height its wrapped text needs."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from evidencekit.gui.app import Composition
from evidencekit.gui.conversations.reread_dialog import RereadDialog
from evidencekit.gui.dialog_fit import FRAME, DialogFitter, fit_dialog
from evidencekit.gui.fit import DownScrollArea
from evidencekit.gui.main.address_dialogs import AddressDialog
from tests.gui.conftest import unlock
from tests.gui.helpers import main_screen
from tests.gui.layout_check import clipped, sideways
from tests.gui.layout_tour import settle
from tests.gui.test_pages_data import CASE, chat_app  # noqa: F401 - fixture

ZOOMED_SCREEN = QRect(0, 0, 683, 384)


def _dialogs(app: Composition) -> dict[str, QDialog]:
    shell, session = app.shell, app.session
    chat_id = int(session.vault.conn.execute(
        "SELECT item_id FROM messages LIMIT 1").fetchone()[0])
    return {"settings": shell.open_settings(), "restore": shell.open_restore_dialog(),
            "verify": shell.open_verify_dialog(),
            "reread": RereadDialog(session, chat_id, "WhatsApp", shell),
            "web capture": main_screen(app).capture_web_page(),  # type: ignore[dict-item]
            "add by address": AddressDialog(session, CASE, shell)}


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_dialogs_fit_a_zoomed_laptop(chat_app: Composition, qtbot,  # noqa: F811
                                     language: str) -> None:
    chat_app.apply_language(language)
    chat_app.session.lock()
    unlock(chat_app, qtbot)
    problems = []
    for name, dialog in _dialogs(chat_app).items():
        dialog.show()
        settle()
        fit_dialog(dialog, ZOOMED_SCREEN)
        settle()
        if dialog.height() > ZOOMED_SCREEN.height() - FRAME[1]:
            problems.append(f"{name}: {dialog.height()} high")
        problems += [f"{name}: {p}" for p in [*map(str, clipped(dialog)), *sideways(dialog)]]
        box = dialog.findChild(QDialogButtonBox)
        area = dialog.findChild(DownScrollArea, "dialogContent")
        if box is not None and area is not None and area.isAncestorOf(box):
            problems.append(f"{name}: its buttons scroll away with the content")
        dialog.close()
    assert not problems, "\n".join(problems)


def test_a_dialog_grows_to_its_text_on_a_large_screen(chat_app: Composition) -> None:  # noqa: F811
    chat_app.apply_language("ar")
    dialog = main_screen(chat_app).capture_web_page()
    dialog.show()
    settle()
    dialog.resize(dialog.width(), 200)  # as Qt may size it: its paragraphs cut
    settle()
    assert clipped(dialog)
    fit_dialog(dialog, QRect(0, 0, 1366, 740))
    settle()
    assert not clipped(dialog)
    assert dialog.findChild(DownScrollArea, "dialogContent") is None  # no scrolling needed
    dialog.close()


def test_the_app_fits_its_dialogs_once(chat_app: Composition) -> None:  # noqa: F811
    fitters = [o for o in chat_app.app.children() if isinstance(o, DialogFitter)]
    assert len(fitters) == 1
    dialog = chat_app.shell.open_settings()
    settle()
    assert dialog.property("fitted")
    dialog.close()
    # The export wizard is a QDialog laid inside its page: not a window, left alone.
    screen = main_screen(chat_app)
    screen.show_page("export")
    settle()
    assert not screen.page_widgets["export"].wizard.property("fitted")  # type: ignore[attr-defined]
