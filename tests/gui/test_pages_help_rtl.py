"""The help directory, and the feature pages mirrored in Arabic."""

from __future__ import annotations

from PySide6.QtCore import Qt

from evidencekit.gui.app import Composition
from evidencekit.gui.help.directory import load_directory
from evidencekit.gui.help.page import HelpPage
from tests.gui.test_pages_data import chat_app, open_page  # noqa: F401 - fixture

__all__ = ["chat_app"]
PAGE_KEYS = ("conversations", "journal", "timeline", "search", "export", "verify", "help")


def test_help_lists_3018_and_emc_with_its_phone(chat_app: Composition) -> None:
    _screen, page = open_page(chat_app, "help")
    assert isinstance(page, HelpPage)
    texts = " ".join(page.card_texts())
    assert "3018" in texts and "EMC-Helpline" in texts
    assert "+212 6 24 40 58 89" in texts
    # "A minor" leads to 3018; "Morocco" to EMC; "public content" to Pharos.
    for situation, expected in (("minor", "3018"), ("morocco", "emc"), ("public", "pharos"),
                                ("known", "plainte")):
        row = next(r for r in range(page.situations.rowCount())
                   if page.situations.item(r).data(Qt.ItemDataRole.UserRole + 1) == situation)
        page.situation_list.setCurrentIndex(page.situations.index(row, 0))
        assert page.shown_services()[0].id == expected


def test_directory_is_complete_in_three_languages() -> None:
    for lang in ("fr", "en", "ar"):
        directory = load_directory(lang)
        ids = {s.id for s in directory.services}
        assert {"3018", "3020", "ofac", "cybermalveillance", "e-enfance", "sos", "cnil",
                "pharos", "lawyers", "emc", "17", "112", "19", "177"} <= ids
        assert all(s.name and s.what and s.hours for s in directory.services)
        assert all(s.text for s in directory.situations)
        for situation in directory.situations:
            assert all(directory.service(i) for i in situation.services)


def test_arabic_mirrors_the_pages(chat_app: Composition) -> None:
    chat_app.apply_language("ar")
    screen = chat_app.shell.current_screen
    assert chat_app.app.layoutDirection() == Qt.LayoutDirection.RightToLeft
    for key in PAGE_KEYS:
        _screen, page = open_page(chat_app, key)
        assert page.isRightToLeft(), key
    _screen, help_page = open_page(chat_app, "help")
    assert isinstance(help_page, HelpPage)
    assert any("الرقم الوطني" in t for t in help_page.card_texts())
    assert screen is not None
