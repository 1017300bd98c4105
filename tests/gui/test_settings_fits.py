"""The settings dialog fits a 1366×768 laptop in French and Arabic with nothing cut: the
time-stamping check box (which does not wrap) was cut at "…lors de l'expor"."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QTabWidget

from evidencekit.gui.app import Composition
from tests.gui.layout_check import clipped
from tests.gui.test_pages_data import chat_app  # noqa: F401 - fixture


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_settings_fit_a_laptop(chat_app: Composition, language: str) -> None:  # noqa: F811
    chat_app.apply_language(language)
    dialog = chat_app.shell.open_settings()
    dialog.resize(dialog.sizeHint().boundedTo(dialog.screen().availableSize()))
    tabs = dialog.findChild(QTabWidget)
    assert tabs is not None
    for n in range(tabs.count()):
        tabs.setCurrentIndex(n)
        for _ in range(4):
            QApplication.processEvents()
        assert dialog.width() <= 1366 and dialog.height() <= 768
        assert [str(o) for o in clipped(dialog)] == [], (language, n)
    dialog.close()
