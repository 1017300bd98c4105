"""In Arabic the evidence list keeps a file name in its own order ("00000012-PHOTO…" was shown
as "PHOTO…-00000012") and the arrow of a chat's file points toward its name."""

from __future__ import annotations

from PySide6.QtCore import Qt

from evidencekit.gui.app import Composition
from tests.gui.helpers import main_screen
from tests.gui.test_pages_data import chat_app  # noqa: F401 - fixture


def _names(app: Composition) -> list[tuple[bool, str, str]]:
    model = main_screen(app).evidence.model
    return [(row.parent_id is not None, row.name,
             model.data(model.index(n, 0), Qt.ItemDataRole.DisplayRole))
            for n, row in enumerate(model.rows)]


def test_arabic_isolates_names_and_turns_the_arrow(chat_app: Composition) -> None:  # noqa: F811
    chat_app.apply_language("ar")
    main_screen(chat_app).evidence.reload()
    names = _names(chat_app)
    assert any(child for child, _n, _t in names), names
    for child, name, text in names:
        assert f"\u2068{name}\u2069" in text, text
        assert text.strip().startswith("↲") == child, text
        assert "↳" not in text


def test_left_to_right_is_unchanged(chat_app: Composition) -> None:  # noqa: F811
    chat_app.apply_language("fr")
    main_screen(chat_app).evidence.reload()
    for child, name, text in _names(chat_app):
        assert text == (f"   ↳ {name}" if child else name)


def test_arabic_heading_keeps_the_case_name_whole(chat_app: Composition) -> None:  # noqa: F811
    chat_app.apply_language("ar")
    page = main_screen(chat_app).evidence
    page.reload()
    assert "\u2068Karim\u2069" in page.heading.text(), page.heading.text()
    chat_app.apply_language("fr")
    page.reload()
    assert page.heading.text().startswith("Karim")
