"""Tab through the unlocked main screen: every stop is something the user can see and use; the
frames that only hold others (the window's and the side bar's scroll areas) take no Tab stop,
where the focus used to vanish with nothing highlighted."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from evidencekit.gui.app import Composition
from tests.gui.helpers import main_screen
from tests.gui.test_pages_data import chat_app  # noqa: F401 - fixture


def _tab_stops(start: QWidget, qtbot: object) -> list[QWidget]:
    start.setFocus(Qt.FocusReason.TabFocusReason)
    stops: list[QWidget] = []
    for _ in range(60):
        QApplication.processEvents()
        widget = QApplication.focusWidget()
        assert widget is not None
        if stops and widget is stops[0]:
            break
        stops.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)  # type: ignore[attr-defined]
    return stops


def test_no_tab_stop_on_a_bare_frame(chat_app: Composition, qtbot) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    shell = chat_app.shell
    shell.activateWindow()
    screen = main_screen(chat_app)
    for key in ("evidence", "backup"):
        screen.show_page(key)
        stops = _tab_stops(screen.add_button, qtbot)
        assert shell.screen_area not in stops, key
        assert screen.side_area not in stops, key
        assert screen.case_list in stops and screen.nav in stops
        assert shell.quick_exit in stops
