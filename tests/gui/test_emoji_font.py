"""Emoji in messages are drawn, not shown as empty boxes, even where the system has no emoji font.

Threats are often written with emoji ("je sais où tu habites 🏠", a knife): the app ships Noto
Emoji and puts it in the fallback list of every widget's font.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

HOUSE, KNIFE = 0x1F3E0, 0x1F52A


def test_the_app_font_falls_back_on_an_emoji_font_holding_the_glyphs(make_app) -> None:  # type: ignore[no-untyped-def]
    make_app()
    families = QApplication.font().families()
    emoji = [f for f in families if "Emoji" in f]
    assert emoji, families
    for family in emoji:
        metrics = QFontMetrics(QFont([family]))
        assert metrics.inFontUcs4(HOUSE) and metrics.inFontUcs4(KNIFE), family
