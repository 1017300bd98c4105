"""Every screen fits a small laptop (1024×600) and a 200 % scale (1366×768 seen as 683×384).

Issue 13 item 6. At 1024×600 the window must not grow and nothing may need the outer scroll
bars; at 683×384 the screen may scroll down, never sideways, and no widget may be cut where
nothing scrolls to it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QApplication, QScrollArea

from evidencekit.core.evidence import annotate
from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.gui.app import Composition
from evidencekit.gui.main.thumbnails import THUMB_SIDE
from evidencekit.gui.shell import FRAME_MARGIN, Shell
from tests.gui.conftest import PASSPHRASE, unlock
from tests.gui.helpers import main_screen, write_images
from tests.gui.layout_check import describe, fits, sideways
from tests.gui.layout_tour import locked_tour, main_tour, settle
from tests.gui.test_pages_data import chat_app  # noqa: F401 - fixture

__all__ = ["chat_app"]

# The window the app chooses on each screen (Shell.fit_to_screen leaves room for the frame).
SMALL = (1024 - FRAME_MARGIN[0], 600 - FRAME_MARGIN[1])
ZOOMED = (683 - FRAME_MARGIN[0], 384 - FRAME_MARGIN[1])  # 1366×768 at 200 %, logical pixels


def _no_outer_scroll(shell: Shell) -> list[str]:
    bars = [b for b in (shell.screen_area.horizontalScrollBar(),
                        shell.screen_area.verticalScrollBar()) if b.isVisible()]
    found = [f"the screen needs the outer scroll bars at {SMALL}"] if bars else []
    # Nor may a form be wider than its pane (it was cut on the right; it must not need a
    # sideways scroll on a 1024×600 screen either). Lists and tables may scroll sideways.
    for area in shell.findChildren(QScrollArea):
        if area.isVisible() and area.horizontalScrollBar().isVisible() and \
                area is not shell.screen_area:
            found.append(f"{describe(area.widget())} needs a sideways scroll bar at {SMALL}")
    return found


def _check(app: Composition, stops: list[str], language: str) -> list[str]:
    problems = []
    shell = app.shell
    for size in (SMALL, ZOOMED):
        for stop in stops:
            found = fits(shell, *size)
            if size == SMALL:
                found += _no_outer_scroll(shell)
            else:  # zoomed: scrolling down is fine, sideways never
                found += sideways(shell)
            problems += [f"[{language} {size[0]}×{size[1]} {stop}] {p}" for p in found]
    return problems


def _tour(app: Composition, tour: Callable[[Composition], object], language: str
          ) -> list[str]:
    problems: list[str] = []
    for stop in tour(app):  # type: ignore[attr-defined]
        problems += _check(app, [str(stop)], language)
    return problems


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_page_fits(chat_app: Composition, qtbot, language: str) -> None:
    chat_app.apply_language(language)
    # Unlock again in that language: the main screen then carries its notices (the backup
    # reminder), as a user sees it.
    chat_app.session.lock()
    unlock(chat_app, qtbot)
    assert main_screen(chat_app).notices.count() > 0
    settle()
    problems = _tour(chat_app, main_tour, language)
    assert not problems, "\n".join(problems)


def test_locked_screens_fit(make_app, qtbot, tmp_path: Path) -> None:
    app = make_app()
    problems = _tour(app, locked_tour, "en")
    assert not problems, "\n".join(problems)


def test_unlock_screen_fits(make_app, qtbot, existing_vault: Path) -> None:
    app = make_app()
    problems = _tour(app, locked_tour, "en")
    assert not problems, "\n".join(problems)


def test_the_window_is_sized_from_the_screen(make_app, qtbot) -> None:
    app = make_app()
    shell = app.shell
    free = shell.screen().availableGeometry()
    assert shell.width() <= min(1200, free.width()) and shell.height() <= min(780, free.height())
    # A 1366×768 laptop has about 740 pixels free under its panel: the bottom stays on screen.
    shell.fit_to_screen(QRect(0, 0, 1366, 740))
    assert (shell.width(), shell.height()) == (1200, 740 - 48)
    shell.fit_to_screen(QRect(0, 30, 1024, 570))
    assert (shell.width(), shell.height()) == (1024 - 16, 570 - 48)
    assert shell.y() >= 30
    shell.fit_to_screen(QRect(0, 0, 1920, 1050))
    assert (shell.width(), shell.height()) == (1200, 780)


def test_the_grid_keeps_its_tiles_when_the_first_item_is_sensitive(
        make_app, qtbot, vault_path: Path, tmp_path: Path) -> None:
    vault, _key = Vault.create(vault_path, PASSPHRASE, kdf=TEST_PARAMS)
    try:
        from evidencekit.importers.batch import ImportOptions, import_paths

        outcomes = import_paths(vault, write_images(tmp_path / "in", 4),
                                ImportOptions(case="Default"))
        with vault.transaction() as tx:
            annotate(tx, outcomes[0].item_id, sensitive=True)
    finally:
        vault.close()
    app = make_app()
    unlock(app, qtbot)
    page = main_screen(app).evidence
    page.set_view("grid")
    app.shell.resize(1200, 700)
    settle()
    model = page.model
    assert model.row_at(0) is not None and model.row_at(0).sensitive  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: page.thumbnails.get(model.rows[1].item_id) is not None,
                    timeout=10_000)
    QApplication.processEvents()
    for row in range(4):
        rect = page.grid.visualRect(model.index(row, 0))
        assert rect.width() >= THUMB_SIDE and rect.height() >= THUMB_SIDE, (row, rect)
    # As many tiles side by side as the width holds, none overlapping.
    per_row = max(1, page.grid.viewport().width() // page.grid.gridSize().width())
    tops = {page.grid.visualRect(model.index(r, 0)).top() for r in range(4)}
    assert per_row >= 2 and len(tops) == -(-4 // per_row), (per_row, tops)
    assert page.grid.iconSize() == QSize(THUMB_SIDE, THUMB_SIDE)


def test_the_name_column_keeps_its_width_and_tells_the_whole_name(chat_app: Composition,
                                                                   qtbot) -> None:
    from PySide6.QtCore import Qt

    from evidencekit.gui.main.evidence_page import NAME_MIN

    page = main_screen(chat_app).evidence
    page.set_view("list")
    for size in (SMALL, ZOOMED, (1200, 780)):
        fits(chat_app.shell, *size)
        header = page.table.horizontalHeader()
        assert header.sectionSize(0) >= NAME_MIN, size
        # On a wide window the name takes the room the other columns leave.
        others = sum(header.sectionSize(c) for c in range(1, page.model.columnCount()))
        assert header.sectionSize(0) >= page.table.viewport().width() - others
    index = page.model.index(0, 0)
    assert page.model.data(index, Qt.ItemDataRole.ToolTipRole) == \
        page.model.data(index, Qt.ItemDataRole.DisplayRole)


def test_the_app_selects_an_item_right_to_left_too(chat_app: Composition, qtbot) -> None:
    """QTableView.selectRow selects nothing right to left (it looks one pixel past the last
    column); a search result or a reload must still select and show the item in Arabic."""
    chat_app.apply_language("ar")
    chat_app.session.lock()
    unlock(chat_app, qtbot)
    page = main_screen(chat_app).evidence
    assert page.table.isRightToLeft()
    for row in (1, 0):
        item_id = page.model.rows[row].item_id
        page.select_item(item_id)
        assert [i.row() for i in page.table.selectionModel().selectedRows()] == [row]
        assert page.detail.item is not None and page.detail.item.id == item_id
