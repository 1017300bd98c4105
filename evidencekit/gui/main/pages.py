"""The extension point for the main window's other pages (conversations, journal, timeline …).

How to add a page (e.g. `gui/journal/`): write `def make_journal(ctx: PageContext) -> QWidget`,
then append `PageSpec("journal", N_("Journal"), make_journal)` to `PAGES` in `gui/app.py`. The
side bar lists each page under the cases; the page gets the session (vault access, jobs,
settings), the clipboard guard, the selected case, and a `case_changed` signal to follow it.
A page must drop any decrypted data when `ctx.session.locked` fires; pages are rebuilt at each
unlock and language change, so constructors must be cheap (load lazily on `showEvent`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from evidencekit.gui.importing.controller import ImportController
from evidencekit.gui.safety.clipboard import ClipboardGuard
from evidencekit.gui.session import Session


class CaseSelection(QObject):
    """The case selected in the side bar, shared by all pages."""

    #: (case id, case name) of the newly selected case.
    case_changed = Signal(int, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.case_id: int | None = None
        self.case_name = ""

    def select(self, case_id: int, name: str) -> None:
        if case_id != self.case_id:
            self.case_id, self.case_name = case_id, name
            self.case_changed.emit(case_id, name)


@dataclass(frozen=True)
class PageContext:
    session: Session
    clipboard: ClipboardGuard
    cases: CaseSelection
    importer: ImportController


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str  # English source, translated when shown (mark with N_)
    factory: Callable[[PageContext], QWidget]
