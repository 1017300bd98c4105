"""The composition root: builds every object of the desktop app and wires them together."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, QThreadPool
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from evidencekit.core.hardening import harden_process
from evidencekit.core.vault import default_vault_path
from evidencekit.gui import dialog_fit
from evidencekit.gui.backup.page import make_backup_page
from evidencekit.gui.conversations.page import make_conversations_page
from evidencekit.gui.export.wizard import make_export_page
from evidencekit.gui.help.page import make_help_page
from evidencekit.gui.journal.page import make_journal_page
from evidencekit.gui.language import LanguageSwitcher, choose_language
from evidencekit.gui.main.pages import PageSpec
from evidencekit.gui.main.place import place_from_environment
from evidencekit.gui.platform_check import startup_problem
from evidencekit.gui.receive.page import make_receive_page
from evidencekit.gui.safety.clipboard import ClipboardGuard
from evidencekit.gui.safety.idle import IdleLock
from evidencekit.gui.safety.quick_exit import QuickExit
from evidencekit.gui.safety.restart import (
    RESTART_EXIT_CODE,
    RestartOnLock,
    reason_from_previous_process,
    restore_window,
)
from evidencekit.gui.safety.screen_lock import ScreenLockWatcher
from evidencekit.gui.search.page import make_search_page
from evidencekit.gui.session import Session
from evidencekit.gui.settings import Settings, SettingsStore
from evidencekit.gui.shell import WINDOW_TITLE, Shell
from evidencekit.gui.theme import apply_theme
from evidencekit.gui.timeline.page import make_timeline_page
from evidencekit.gui.verify.page import make_verify_page
from evidencekit.gui.worker import JobRunner
from evidencekit.i18n import N_
from evidencekit.paths import resource

DESKTOP_ID = "org.evidencekit.EvidenceKit"

# Pages beside the evidence list, in side-bar order; see gui/main/pages.py.
PAGES: list[PageSpec] = [
    PageSpec("conversations", N_("Conversations"), make_conversations_page),
    PageSpec("journal", N_("Journal"), make_journal_page),
    PageSpec("timeline", N_("Timeline"), make_timeline_page),
    PageSpec("search", N_("Search"), make_search_page),
    PageSpec("export", N_("Export a dossier"), make_export_page),
    PageSpec("verify", N_("Check a received dossier"), make_verify_page),
    PageSpec("backup", N_("Save a copy"), make_backup_page),
    PageSpec("receive", N_("Receive from my phone"), make_receive_page),
    PageSpec("help", N_("Help and contacts"), make_help_page),
]


def isolate_qt_settings() -> None:
    """Stop Qt writing its own settings (file dialog history, last folder) into $HOME.

    QFileDialog saves "lastVisited" and "history" through QSettings("QtProject"); that would
    record where the user keeps evidence. Pointing Qt's user scope at an impossible path
    (a folder under /dev/null) makes those writes fail silently. Windows keeps them in the
    registry instead (documented limitation).
    """
    impossible = os.path.join(os.devnull, "evidencekit-no-qt-settings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, impossible)
        QSettings.setPath(fmt, QSettings.Scope.SystemScope, impossible)


@dataclass
class Composition:
    """Everything the running app is made of; tests drive these objects directly."""

    app: QApplication
    session: Session
    clipboard: ClipboardGuard
    jobs: JobRunner
    languages: LanguageSwitcher
    shell: Shell
    idle: IdleLock
    quick_exit: QuickExit
    screen_lock: ScreenLockWatcher

    def apply_language(self, code: str) -> None:
        self.languages.apply(code)
        self.shell.rebuild()

    def apply_settings(self, settings: Settings) -> None:
        self.idle.set_minutes(settings.auto_lock_minutes)
        code = choose_language(settings.language)
        from evidencekit.i18n import current_language

        if code != current_language():
            self.apply_language(code)

    def pick_language(self, code: str) -> None:
        """A language picked on the welcome or unlock screen is remembered."""
        self.session.update_settings(self.session.settings.with_changes(language=code))
        self.apply_language(code)


def compose(app: QApplication, vault_path: Path | None = None,
            settings_path: Path | None = None, pages: list[PageSpec] | None = None,
            lock_reason: str = "") -> Composition:
    isolate_qt_settings()
    app.setApplicationName("evidencekit")
    app.setApplicationDisplayName(WINDOW_TITLE)
    app.setDesktopFileName(DESKTOP_ID)
    app.setWindowIcon(QIcon(str(resource("icons", "hicolor", "256x256", "apps",
                                         f"{DESKTOP_ID}.png"))))
    apply_theme(app)
    jobs = JobRunner(QThreadPool(app), app)
    session = Session(vault_path or default_vault_path(), SettingsStore(settings_path), jobs, app)
    session.last_lock_reason = lock_reason  # why the previous process locked, if it did
    languages = LanguageSwitcher(app)
    languages.apply(choose_language(session.settings.language))
    clipboard = ClipboardGuard(parent=app)
    shell = Shell(session, clipboard, PAGES if pages is None else pages)
    # A restart at lock hands over where the user was (gui/main/place.py).
    shell.place = place_from_environment()
    idle = IdleLock(app)
    idle.set_minutes(session.settings.auto_lock_minutes)
    quick_exit = QuickExit(session, clipboard, app)
    screen_lock = ScreenLockWatcher(app)
    app.installEventFilter(idle)
    app.installEventFilter(quick_exit)
    dialog_fit.install(app)  # our dialogs on a low screen (200 %): grow or scroll
    quick_exit.install_shortcut(shell)
    composition = Composition(app, session, clipboard, jobs, languages, shell, idle,
                              quick_exit, screen_lock)
    session.unlocked.connect(idle.arm)
    session.locked.connect(idle.disarm)
    idle.idle.connect(lambda: session.lock("idle"))
    screen_lock.screen_locked.connect(lambda: session.lock("screen"))
    shell.quick_exit_requested.connect(quick_exit.trigger)
    shell.language_picked.connect(composition.pick_language)
    shell.settings_applied.connect(composition.apply_settings)
    app.aboutToQuit.connect(clipboard.clear_if_ours)
    app.aboutToQuit.connect(lambda: session.lock("quit"))
    shell.show_start()
    return composition


def run(vault_path: Path | None = None) -> int:
    """Start the desktop app (what `evidencekit` with no arguments does)."""
    harden_process()
    problem = startup_problem()
    if problem:
        # Qt would abort with a page of plugin messages; one sentence serves the user better.
        print("error: " + problem, file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    composition = compose(app, vault_path, lock_reason=reason_from_previous_process())
    # After a quick exit nothing stays open: the next start asks for the passphrase again.
    composition.quick_exit.done.connect(app.quit)
    restart = RestartOnLock(composition.session, app, composition.shell)
    restore_window(composition.shell)
    composition.shell.show()
    code = app.exec()
    composition.session.lock("quit")
    composition.jobs.cancel_all()
    composition.jobs.wait(10_000)
    if restart.reason and code == RESTART_EXIT_CODE:
        restart.start_afresh()  # see safety/restart.py: only a new process forgets Qt's copies
    return int(code)
