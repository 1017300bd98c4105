"""Where the user was: the case, the page and the item, so a lock does not lose the way back.

A `Place` holds numbers and a page key only (no names, no text), so it may live outside the
vault: in memory across a lock, or in the `EVIDENCEKIT_PLACE` environment variable when the app
restarts its own process at a lock. `Place.to_text()` / `Place.from_text()` are that form;
anything that does not parse is simply "no place" (the app then opens on the first case).
"""

from __future__ import annotations

import os
import re
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from evidencekit.gui.main.main_window import MainScreen

#: environment variable a restarted app reads its place from (then removes).
PLACE_ENV = "EVIDENCEKIT_PLACE"
_TEXT = re.compile(r"case=(\d{1,12});page=([a-z_]{1,32});item=(\d{0,12})")


@dataclass(frozen=True)
class Place:
    case_id: int
    page: str = "evidence"
    item_id: int | None = None

    def to_text(self) -> str:
        item = "" if self.item_id is None else str(self.item_id)
        return f"case={self.case_id};page={self.page};item={item}"

    @classmethod
    def from_text(cls, text: str) -> Place | None:
        match = _TEXT.fullmatch(text.strip())
        if match is None:
            return None
        case, page, item = match.groups()
        return cls(int(case), page, int(item) if item else None)


def place_from_environment(environ: MutableMapping[str, str] | None = None) -> Place | None:
    """The place handed over by the process that restarted us; the variable is removed so a
    program started from the app does not inherit it."""
    env = os.environ if environ is None else environ
    return Place.from_text(env.pop(PLACE_ENV, ""))


def restart_environment(place: Place | None) -> dict[str, str]:
    """What to add to the environment of the process that replaces this one at a lock, so it
    opens where the user was: `{**os.environ, **restart_environment(shell.place)}`. The
    shell's `place` is up to date once `Session.about_to_lock` has been emitted."""
    return {PLACE_ENV: place.to_text()} if place is not None else {}


def place_of(screen: MainScreen) -> Place | None:
    """Where the user is on the main screen now."""
    case_id = screen.cases.case_id
    if case_id is None:
        return None
    row = screen.nav.currentIndex().row()
    page = screen.page_keys[row] if 0 <= row < len(screen.page_keys) else "evidence"
    return Place(case_id, page, _item_on(screen, page))


def _item_on(screen: MainScreen, page: str) -> int | None:
    from evidencekit.gui.conversations.page import ConversationsPage
    from evidencekit.gui.journal.page import ENTRY_ID_ROLE, JournalPage

    widget = screen.page_widgets.get(page)
    if page == "evidence":
        item = screen.evidence.detail.item
        return item.id if item is not None else None
    if isinstance(widget, JournalPage) and widget.list.currentIndex().isValid():
        return int(widget.list.currentIndex().data(ENTRY_ID_ROLE))
    if isinstance(widget, ConversationsPage):
        return widget.model.item_id
    return None


def go_to(screen: MainScreen, place: Place) -> None:
    """Show the case, the page and the item of `place`; what no longer exists is skipped."""
    from evidencekit.gui.conversations.page import ConversationsPage
    from evidencekit.gui.journal.page import JournalPage

    screen.select_case(place.case_id)
    if place.page in screen.page_widgets:
        screen.show_page(place.page)
    if place.item_id is None:
        return
    widget = screen.page_widgets.get(place.page)
    if place.page == "evidence":
        screen.evidence.select_item(place.item_id)
    elif isinstance(widget, JournalPage) and not widget.editor.has_text():
        # (An entry being written, kept across the lock, stays in front instead.)
        widget.open_entry(place.item_id)
    elif isinstance(widget, ConversationsPage):
        if not widget.chats.rowCount():
            widget.reload()
        widget.select_chat(place.item_id)
