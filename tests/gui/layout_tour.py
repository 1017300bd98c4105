"""A walk through every screen of the app, for the layout test and the screenshots.

Each stop puts the real app in one state (a screen, a page, a tab, a wizard step) and yields a
name for it; the caller measures or photographs the window at that moment.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtWidgets import QApplication

from evidencekit.gui.app import Composition
from evidencekit.gui.export.wizard import ExportPage
from evidencekit.gui.main.main_window import MainScreen
from evidencekit.gui.welcome.recovery_page import RecoveryKeyPanel
from evidencekit.gui.welcome.welcome_page import WelcomePage

RECOVERY_KEY = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567-ABCD-EFGH-IJKL-MNOP-QRST"


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def locked_tour(app: Composition) -> Iterator[str]:
    """The screens before a vault is open: welcome, recovery key, unlock (vault or not)."""
    shell = app.shell
    if app.session.vault_exists:
        shell.show_unlock()
        settle()
        yield "unlock"
        return
    shell.show_welcome()
    assert isinstance(shell.current_screen, WelcomePage)
    settle()
    yield "welcome"
    shell._set_screen(RecoveryKeyPanel(RECOVERY_KEY))
    settle()
    yield "recovery-key"
    shell.show_welcome()


def main_tour(app: Composition) -> Iterator[str]:
    """Every page of the unlocked main screen, with an item selected and each detail tab."""
    screen = app.shell.current_screen
    assert isinstance(screen, MainScreen)
    evidence = screen.evidence
    screen.show_page("evidence")
    evidence.set_view("list")
    if evidence.model.rowCount() > 0:
        evidence.select_item(evidence.model.rows[0].item_id)
    settle()
    for n in range(evidence.detail.tabs.count()):
        evidence.detail.tabs.setCurrentIndex(n)
        settle()
        yield f"evidence-tab{n}"
    evidence.detail.tabs.setCurrentIndex(0)
    evidence.set_view("grid")
    settle()
    yield "evidence-grid"
    evidence.set_view("list")
    for key in screen.page_keys[1:]:
        screen.show_page(key)
        settle()
        page = screen.page_widgets[key]
        if isinstance(page, ExportPage):
            yield from _wizard_tour(page)
        else:
            yield key
    screen.show_page("evidence")


def _wizard_tour(page: ExportPage) -> Iterator[str]:
    wizard = page.wizard
    wizard.restart()
    settle()
    yield "export-recipient"
    wizard.next()
    settle()
    yield "export-exhibits"
    wizard.next()
    settle()
    yield "export-info"
    # Without the worker, the next steps are shown as they are before any PDF is drawn.
    for step in range(wizard.currentId() + 1, len(wizard.pageIds())):
        wizard.next()
        settle()
        yield f"export-step{step}"
    wizard.restart()
