"""The dialogs' buttons in Arabic: words only, each whole inside its button.

Under the app's style sheet Qt drew the standard buttons' icons (Save, Cancel, OK…) on the
left of an Arabic word and touching it; they are switched off (theme.py), as every other button
of the app shows words only.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QPushButton,
    QWidget,
)

from evidencekit.gui.app import Composition
from evidencekit.gui.conversations.reread_dialog import RereadDialog
from evidencekit.gui.main.address_dialogs import AddressDialog, ChildAbuseDialog
from evidencekit.gui.widgets import inform
from evidencekit.i18n import _
from tests.gui.conftest import unlock
from tests.gui.layout_check import clipped
from tests.gui.layout_tour import settle
from tests.gui.test_pages_data import CASE, chat_app  # noqa: F401 - fixture

# What a GNOME or KDE desktop's platform theme asks for (the tests' offscreen platform does
# not): icons on the dialog buttons. Put first, the app's own sheet comes after it and wins.
DESKTOP_HINT = "QDialogButtonBox { dialogbuttonbox-buttons-have-icons: 1; }\n"


@pytest.fixture
def desktop_style(qapp: QApplication) -> Iterator[None]:
    sheet = qapp.styleSheet()
    qapp.setStyleSheet(DESKTOP_HINT + sheet)
    yield
    qapp.setStyleSheet(sheet)


def _dialogs(app: Composition) -> list[QDialog]:
    shell = app.shell
    session = app.session
    item_id = int(session.vault.conn.execute("SELECT min(id) FROM items").fetchone()[0])
    chat_id = int(session.vault.conn.execute(
        "SELECT item_id FROM messages LIMIT 1").fetchone()[0])
    inform(shell, "EvidenceKit", "…")
    found: list[QDialog] = [AddressDialog(session, CASE, shell),
                            ChildAbuseDialog(session, item_id, "https://example.invalid/", "", 1,
                                             shell),
                            RereadDialog(session, chat_id, "WhatsApp", shell),
                            shell.open_settings(), shell.open_restore_dialog(),
                            shell.open_verify_dialog()]
    found += [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    return found


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_dialog_buttons_show_words_only_and_whole(chat_app: Composition, qtbot,  # noqa: F811
                                                  desktop_style: None, language: str) -> None:
    chat_app.apply_language(language)
    chat_app.session.lock()
    unlock(chat_app, qtbot)
    dialogs = _dialogs(chat_app)
    assert any(isinstance(d, QMessageBox) for d in dialogs)
    problems = []
    for dialog in dialogs:
        dialog.show()
        settle()
        assert dialog.isRightToLeft() == (language == "ar")
        buttons = [b for b in dialog.findChildren(QAbstractButton)
                   if b.isVisibleTo(dialog) and b.text()]
        assert buttons, type(dialog).__name__
        for button in buttons:
            if not button.icon().isNull():
                problems.append(f"{type(dialog).__name__}: {button.text()!r} shows an icon")
        problems += [f"{type(dialog).__name__}: {o}" for o in clipped(dialog)
                     if isinstance(_widget_named(dialog, o.widget), QPushButton)]
        dialog.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_standard_buttons_say_the_apps_words(chat_app: Composition, language: str  # noqa: F811
                                             ) -> None:
    """Qt's own Arabic said "ألغِ" beside the app's "إلغاء" (Cancel) in the same dialogs."""
    chat_app.apply_language(language)
    dialog = AddressDialog(chat_app.session, CASE, chat_app.shell)
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    for which, word in ((QDialogButtonBox.StandardButton.Save, "Save"),
                        (QDialogButtonBox.StandardButton.Cancel, "Cancel")):
        button = box.button(which)
        assert button is not None and button.text().replace("&", "") == _(word) != word
    asked = QMessageBox(QMessageBox.Icon.Question, "EvidenceKit", "…",
                        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                        | QMessageBox.StandardButton.Discard, chat_app.shell)
    texts = [asked.button(b).text().replace("&", "") for b in (  # type: ignore[union-attr]
        QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Discard)]
    assert texts == [_("Yes"), _("No"), _("Discard")]
    dialog.deleteLater()
    asked.deleteLater()


def _widget_named(dialog: QWidget, described: str) -> QWidget | None:
    """The push button an Offender describes (its class name comes first)."""
    kind = described.split(" ", 1)[0].split("#", 1)[0]
    return next((b for b in dialog.findChildren(QPushButton) if type(b).__name__ == kind), None)
