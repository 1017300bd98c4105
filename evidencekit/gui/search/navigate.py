"""Opening a thing in place from another page: its case, then the page that shows it best."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QWidget

from evidencekit.gui.main.main_window import MainScreen


class OpensMessages(Protocol):
    def open_message(self, message_id: int) -> bool: ...


class OpensEntries(Protocol):
    def open_entry(self, item_id: int) -> bool: ...


def main_screen_of(widget: QWidget) -> MainScreen | None:
    """The main screen holding `widget` (pages are given no reference to it, by design)."""
    parent: QWidget | None = widget
    while parent is not None and not isinstance(parent, MainScreen):
        parent = parent.parentWidget()
    return parent


def select_case(screen: MainScreen, case_id: int) -> None:
    if screen.cases.case_id != case_id:
        row = screen.cases_model.row_of(case_id)
        if row >= 0:
            screen.case_list.setCurrentIndex(screen.cases_model.index(row))


def open_item(screen: MainScreen, case_id: int, item_id: int) -> bool:
    """Select an item in the evidence page, loading list pages until it is there."""
    select_case(screen, case_id)
    screen.show_page("evidence")
    model = screen.evidence.model
    while not model.index_of(item_id).isValid() and model.canFetchMore():
        model.fetchMore()
    if not model.index_of(item_id).isValid():
        return False
    screen.evidence.select_item(item_id)
    screen.evidence.table.scrollTo(model.index_of(item_id))
    return True


def open_message(screen: MainScreen, case_id: int, message_id: int) -> bool:
    select_case(screen, case_id)
    page = screen.page_widgets.get("conversations")
    if page is None or not hasattr(page, "open_message"):
        return False
    screen.show_page("conversations")
    opener: OpensMessages = page  # type: ignore[assignment]
    return opener.open_message(message_id)


def open_entry(screen: MainScreen, case_id: int, item_id: int) -> bool:
    select_case(screen, case_id)
    page = screen.page_widgets.get("journal")
    if page is None or not hasattr(page, "open_entry"):
        return open_item(screen, case_id, item_id)
    screen.show_page("journal")
    opener: OpensEntries = page  # type: ignore[assignment]
    return opener.open_entry(item_id)
