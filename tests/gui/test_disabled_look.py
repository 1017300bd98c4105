"""A switched-off button looks switched off: the theme's dark text colour applied to disabled
controls as well, so a disabled "Blur" (or every change in the read-only mode) looked usable."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractButton

from evidencekit.gui.app import Composition
from tests.gui.helpers import main_screen
from tests.gui.test_pages_data import chat_app  # noqa: F401 - fixture


def _darkest(button: QAbstractButton) -> int:
    image = button.grab().toImage()
    return min(QColor(image.pixel(x, y)).lightness()
               for x in range(2, image.width() - 2, 1) for y in range(4, image.height() - 4))


def test_disabled_buttons_are_fainter(chat_app: Composition) -> None:  # noqa: F811
    page = main_screen(chat_app).evidence
    page.table.clearSelection()
    blur, listed = page.marks.blur_button, page.list_button
    assert not blur.isEnabled() and listed.isEnabled()
    enabled, disabled = _darkest(listed), _darkest(blur)
    assert enabled < 90, enabled
    assert disabled > enabled + 60, (enabled, disabled)
