"""The one top-level window: a neutral title, the quick-exit bar, and the current screen."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from evidencekit.core.pending_exports import leftovers_sentence
from evidencekit.core.readonly import notice as read_only_notice
from evidencekit.core.vault import Vault
from evidencekit.gui.backup.page import reminder as backup_reminder
from evidencekit.gui.main.main_window import MainScreen
from evidencekit.gui.main.pages import PageSpec
from evidencekit.gui.main.place import Place, go_to, place_of
from evidencekit.gui.safety.clipboard import ClipboardGuard
from evidencekit.gui.safety.quick_exit import SHORTCUT
from evidencekit.gui.session import Session
from evidencekit.gui.settings_dialog.dialog import SettingsDialog
from evidencekit.gui.unlock.attempts_notice import failed_attempts_text
from evidencekit.gui.unlock.unlock_page import UnlockPage
from evidencekit.gui.welcome.recovery_page import RecoveryKeyPanel
from evidencekit.gui.welcome.welcome_page import WelcomePage
from evidencekit.gui.widgets import label
from evidencekit.i18n import _

# Neutral on purpose: the title is visible in the task bar to anyone near the screen.
WINDOW_TITLE = "EvidenceKit"
PREFERRED_SIZE = (1200, 780)
# Room for the frame and title bar the window manager draws around the window.
FRAME_MARGIN = (16, 48)


class ScreenLayout(QVBoxLayout):
    """Holds the current screen inside the window's scroll area.

    The scroll area makes its content at least as tall as the content's height-for-width. For
    the cards of text (welcome, unlock, recovery key) that is right: wrapped text needs more
    lines when narrow. The main screen keeps its own scroll areas, and Qt's height-for-width of
    it counts its lists at their preferred height (not their minimum), which made a 1024×600
    window scroll for nothing; for it, only the minimum size counts.
    """

    follow_text_height = True

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return self.follow_text_height and super().hasHeightForWidth()


class Shell(QMainWindow):
    """Switches between welcome, recovery key, unlock and main screens."""

    #: the user picked a language on a screen (code); the app applies it and calls rebuild().
    language_picked = Signal(str)
    #: the user pressed the quick-exit button.
    quick_exit_requested = Signal()
    #: the settings dialog saved new settings (Settings).
    settings_applied = Signal(object)

    def __init__(self, session: Session, clipboard: ClipboardGuard, pages: Sequence[PageSpec],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.clipboard = clipboard
        self.extra_pages = list(pages)
        self.current_screen: QWidget | None = None
        self.main: MainScreen | None = None
        self.settings_dialog: SettingsDialog | None = None
        self._current: Callable[[], None] = self.show_start
        #: where the user was when the vault last locked (case, page, item); see place.py.
        self.place: Place | None = None
        self.setWindowTitle(WINDOW_TITLE)
        session.about_to_lock.connect(self.remember_place)
        session.locked.connect(self._locked)
        self._build_frame()
        self.fit_to_screen()

    def fit_to_screen(self, free: QRect | None = None) -> None:
        """At most 1200×780, never more than the screen's free area `free` (by default the
        screen's available geometry: a 1366×768 laptop has about 1366×740 under its panel, and
        a fixed 780 cut the bottom buttons off)."""
        if free is None:
            screen = self.screen() or QApplication.primaryScreen()
            free = screen.availableGeometry() if screen is not None else None
        width, height = PREFERRED_SIZE
        if free is not None:
            width = min(width, free.width() - FRAME_MARGIN[0])
            height = min(height, free.height() - FRAME_MARGIN[1])
            self.move(free.x() + max(0, (free.width() - width - FRAME_MARGIN[0]) // 2),
                      free.y() + max(0, (free.height() - height - FRAME_MARGIN[1]) // 2))
        self.resize(max(width, 320), max(height, 240))

    def _build_frame(self) -> None:
        frame = QWidget()
        column = QVBoxLayout(frame)
        column.setContentsMargins(12, 8, 12, 8)
        bar = QHBoxLayout()
        bar.addWidget(label(WINDOW_TITLE, "subheading", wrap=False))
        bar.addStretch(1)
        # A lawyer who received a bundle has no vault: the check must be reachable before
        # unlocking (welcome and unlock screens), not only from the main window.
        self.verify_received = QPushButton(_("Check a dossier you received"))
        self.verify_received.setAccessibleName(_("Check a dossier you received"))
        self.verify_received.clicked.connect(self.open_verify_dialog)
        bar.addWidget(self.verify_received)
        # Also before unlocking: after a lost or broken disk there may be no vault to open.
        self.restore_copy = QPushButton(_("Restore a copy…"))
        self.restore_copy.setAccessibleName(_("Restore a copy of the vault"))
        self.restore_copy.clicked.connect(self.open_restore_dialog)
        bar.addWidget(self.restore_copy)
        self.quick_exit = QPushButton(_("Quick exit"))
        self.quick_exit.setObjectName("quickExit")
        self.quick_exit.setAccessibleName(_("Quick exit: lock and hide at once"))
        self.quick_exit.setToolTip(_("Locks the vault, hides the window and clears the "
                                     "clipboard at once ({keys}, or Esc twice).")
                                   .format(keys=SHORTCUT))
        self.quick_exit.clicked.connect(self.quick_exit_requested)
        bar.addWidget(self.quick_exit)
        column.addLayout(bar)
        self.stack = QStackedWidget()
        # The quick-exit bar stays in view; the screen below scrolls when the window is smaller
        # than it can shrink to (a 200 % scale on a small laptop) instead of being cut off.
        self.screen_area = QScrollArea()
        self.screen_area.setObjectName("screenArea")
        self.screen_area.setWidgetResizable(True)
        self.screen_area.setFrameShape(QFrame.Shape.NoFrame)
        # A bare frame: a Tab stop here highlighted nothing (it scrolls to the focused child).
        self.screen_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        box = QWidget()
        self.screen_layout = ScreenLayout(box)
        self.screen_layout.setContentsMargins(0, 0, 0, 0)
        self.screen_layout.addWidget(self.stack)
        self.screen_area.setWidget(box)
        column.addWidget(self.screen_area, 1)
        self.setCentralWidget(frame)

    def _set_screen(self, widget: QWidget) -> None:
        old = self.current_screen
        self.current_screen = widget
        self.screen_layout.follow_text_height = not isinstance(widget, MainScreen)
        self.stack.addWidget(widget)
        self.stack.setCurrentWidget(widget)
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()

    # -- screens ------------------------------------------------------------------------------
    def show_start(self) -> None:
        if self.session.is_unlocked:
            self.show_main()
        elif self.session.vault_exists:
            self.show_unlock()
        else:
            self.show_welcome()

    def open_verify_dialog(self) -> QDialog:
        from evidencekit.gui.verify.page import VerifyDialog

        dialog = VerifyDialog(self.session.jobs, self)
        dialog.setModal(True)
        dialog.show()
        return dialog

    def open_restore_dialog(self) -> QDialog:
        from evidencekit.gui.backup.restore_dialog import RestoreDialog

        dialog = RestoreDialog(self.session, self)
        dialog.restored.connect(self._restored)
        dialog.open_requested.connect(self.open_vault_at)
        dialog.setModal(True)
        dialog.show()
        return dialog

    def _restored(self, result: object) -> None:
        # Restored in place of a locked vault: the unlock screen now opens the restored one.
        if not self.session.is_unlocked:
            if getattr(result, "moved_aside", None) is not None:
                self.place = None  # case and item numbers belonged to the vault moved aside
            self.show_start()

    def open_vault_at(self, folder: Path) -> None:
        """Switch to another vault folder (a restored copy): lock, then ask its passphrase."""
        self.session.lock("manual")
        self.session.vault_path = Path(folder)
        self.place = None  # case and item numbers belong to the other vault
        self.show_start()

    def show_welcome(self) -> None:
        self.verify_received.setVisible(True)
        self.restore_copy.setVisible(True)
        self._current = self.show_start
        page = WelcomePage(self.session.vault_path, self.session.jobs)
        page.language_picked.connect(self.language_picked)
        page.created.connect(self._created)
        self._set_screen(page)
        page.passphrase.setFocus()

    def _created(self, vault: Vault, recovery: str | None) -> None:
        self.session.set_vault(vault)
        if recovery:
            panel = RecoveryKeyPanel(recovery)
            panel.confirmed.connect(self.show_main)
            self._current = self.show_main  # a language change must not show the key again
            self._set_screen(panel)
        else:
            self.show_main()

    def show_unlock(self) -> None:
        self.verify_received.setVisible(True)
        self.restore_copy.setVisible(True)
        self._current = self.show_start
        page = UnlockPage(self.session.vault_path, self.session.jobs)
        page.show_lock_reason(self.session.last_lock_reason, self.session.settings)
        page.language_picked.connect(self.language_picked)
        page.unlocked.connect(self._unlocked)
        self._set_screen(page)
        page.secret.setFocus()
        # Once the screen is really shown (after a lock the old screen still has the focus
        # until the event loop runs): the passphrase field takes it, ready to type.
        QTimer.singleShot(0, page.secret.setFocus)

    def _unlocked(self, vault: Vault) -> None:
        self.session.set_vault(vault)
        recovered = vault.unlock_report.opened_with_recovery_key
        # A log that contradicts this computer's record of it (core/anchor.py) is said at once.
        self.show_main(failed_attempts_text(vault.unlock_report, self.session.timezone),
                       vault.unlock_report.log_problem, self.session.safety_notice(),
                       _("You opened the vault with your recovery key. Choose a new passphrase "
                         "now, so that you do not need the key again.") if recovered else None,
                       backup_reminder(self.session),
                       leftovers_sentence(vault.unlock_report.leftovers_removed),
                       read_only_notice() if vault.unlock_report.read_only else None)
        if recovered:
            self.open_settings().show_passphrase_page()

    def show_main(self, *notices: str | None) -> None:
        self.verify_received.setVisible(False)
        self.restore_copy.setVisible(False)
        if not self.session.is_unlocked:
            self.show_start()
            return
        self._current = self.show_main
        screen = MainScreen(self.session, self.clipboard)
        for spec in self.extra_pages:
            screen.register_page(spec)
        screen.settings_requested.connect(self.open_settings)
        screen.lock_requested.connect(lambda: self.session.lock("manual"))
        for notice in notices:
            if notice:
                screen.add_notice(notice)
        self.main = screen
        self._set_screen(screen)
        if self.place is not None:
            go_to(screen, self.place)

    def remember_place(self) -> None:
        if self.main is not None:
            self.place = place_of(self.main) or self.place

    def rebuild(self) -> None:
        """Rebuild the current screen in the language just chosen."""
        if self.settings_dialog is not None:
            self.settings_dialog.close()
        self.quick_exit.setText(_("Quick exit"))
        self.quick_exit.setAccessibleName(_("Quick exit: lock and hide at once"))
        self.verify_received.setText(_("Check a dossier you received"))
        self.verify_received.setAccessibleName(_("Check a dossier you received"))
        self.restore_copy.setText(_("Restore a copy…"))
        self.restore_copy.setAccessibleName(_("Restore a copy of the vault"))
        if self.session.is_unlocked and self.main is not None:
            # The screens are about to be dropped as at a lock: unsaved work goes into the
            # vault and comes back in the new language (and remember_place runs too).
            self.session.about_to_lock.emit()
        self._current()

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.session, self)
        dialog.applied.connect(self.settings_applied)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda: setattr(self, "settings_dialog", None))
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    # -- locking ------------------------------------------------------------------------------
    def _locked(self) -> None:
        # Dialogs may show decrypted data (settings, summaries, file dialogs): close them all.
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        self.main = None
        self.show_unlock()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.session.lock("quit")  # not a lock that restarts the app (safety/restart.py)
        self.clipboard.clear_if_ours()
        event.accept()
