"""gui/fit.py in the real app: the pieces that let a screen narrow without scrolling sideways."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QVBoxLayout, QWidget

from evidencekit.gui.app import Composition
from evidencekit.gui.fit import OverflowRow, PageStack, ReflowRow
from tests.gui.helpers import main_screen
from tests.gui.layout_check import fits
from tests.gui.layout_tour import settle
from tests.gui.test_layout_fits import SMALL, ZOOMED
from tests.gui.test_pages_data import chat_app  # noqa: F401 - fixture


def test_the_toolbar_gives_way_into_more_and_keeps_lock(chat_app: Composition,  # noqa: F811
                                                         qtbot) -> None:
    screen = main_screen(chat_app)
    row = screen.toolbar
    assert isinstance(row, OverflowRow)
    fits(chat_app.shell, 1200, 700)
    assert not row.more.isVisible() and not row.hidden_buttons()
    fits(chat_app.shell, *ZOOMED)
    hidden = row.hidden_buttons()
    assert hidden and row.more.isVisible()
    assert screen.add_button.isVisible()
    lock = [b for b in row.widgets if isinstance(b, QPushButton) and b.text() == "Lock"][0]
    assert lock.isVisible()
    # Every button is either in sight or in the menu, in order, and the menu presses it.
    row._fill_menu()
    assert [a.text() for a in row.menu.actions()] == [b.text() for b in hidden]
    web = next(a for a in row.menu.actions() if a.text() == "Capture a web page…")
    web.trigger()
    qtbot.waitUntil(lambda: getattr(screen, "web_capture_dialog", None) is not None)
    screen.web_capture_dialog.close()
    # Back on a wide window, everything is in sight again.
    fits(chat_app.shell, *SMALL)
    assert not row.hidden_buttons()


def test_a_switched_off_button_stays_off_in_the_menu(chat_app: Composition) -> None:  # noqa: F811
    page = main_screen(chat_app).evidence
    fits(chat_app.shell, *ZOOMED)
    row = page.actions_row
    assert row.hidden_buttons(), "the blur buttons should give way at 200 %"
    row._fill_menu()
    for action, button in zip(row.menu.actions(), row.hidden_buttons(), strict=True):
        assert action.isEnabled() == button.isEnabled()


def test_panes_stack_when_narrow_and_come_back_side_by_side(chat_app: Composition) -> None:  # noqa: F811
    page = main_screen(chat_app).evidence
    splitter = page.detail.parentWidget()
    fits(chat_app.shell, *ZOOMED)
    assert splitter.orientation() == Qt.Orientation.Vertical  # type: ignore[union-attr]
    fits(chat_app.shell, *SMALL)
    assert splitter.orientation() == Qt.Orientation.Horizontal  # type: ignore[union-attr]
    assert page.detail.width() >= page.detail.minimumSizeHint().width()


def test_the_page_stack_asks_for_the_page_shown(chat_app: Composition) -> None:  # noqa: F811
    screen = main_screen(chat_app)
    assert isinstance(screen.pages, PageStack)
    screen.show_page("search")
    settle()
    search = screen.page_widgets["search"].minimumSizeHint().width()
    evidence = screen.evidence.minimumSizeHint().width()
    assert search < evidence
    assert screen.pages.minimumSizeHint().width() == search


def test_a_row_of_buttons_goes_one_under_the_other(qapp: QApplication, qtbot) -> None:
    host = QWidget()  # as in a page: a window would hold the row at its layout's minimum
    qtbot.addWidget(host)
    row = ReflowRow()
    QVBoxLayout(host).addWidget(row)
    buttons = [QPushButton(text) for text in ("Create the dossier", "Open the dossier",
                                              "Show in folder")]
    for button in buttons:
        row.add(button)
    host.show()
    host.resize(row.side_by_side() + 40, 200)
    settle()
    assert len({b.y() for b in buttons}) == 1
    host.resize(row.side_by_side() - 10, 200)
    settle()
    assert len({b.y() for b in buttons}) == 3
    assert row.minimumSizeHint().width() == max(b.sizeHint().width() for b in buttons)
    # A button hidden by its page (Open before anything is saved) frees its room.
    buttons[1].hide()
    settle()
    assert buttons[0].y() == buttons[2].y()
