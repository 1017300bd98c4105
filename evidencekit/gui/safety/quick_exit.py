"""Quick exit: lock, hide every window and clear the clipboard in one step.

Shortcuts: Ctrl+Shift+Q, or Escape pressed twice within 0.6 s (what help websites for victims
use, and reachable in a panic without looking at the keyboard). An Escape that closes a popup
(a calendar, a menu, a drop-down list) belongs to that popup and does not count: closing a
calendar and then pressing Escape once more must not throw the user out of a half-written entry.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QWindow
from PySide6.QtWidgets import QApplication, QWidget

from evidencekit.gui.safety.clipboard import ClipboardGuard
from evidencekit.gui.session import Session

SHORTCUT = "Ctrl+Shift+Q"
DOUBLE_ESCAPE_SECONDS = 0.6


class QuickExit(QObject):
    """The one action behind the always-visible button and the shortcuts."""

    #: the vault is locked, windows hidden and clipboard cleared; the app may now quit.
    done = Signal()

    def __init__(self, session: Session, clipboard: ClipboardGuard,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.clipboard = clipboard
        self._last_escape = 0.0

    def trigger(self) -> None:
        # Hide first: what is on screen is the most urgent thing to remove.
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible():
                widget.hide()
        self.clipboard.clear_all()
        self.session.lock("quit")
        self.done.emit()

    def install_shortcut(self, window: QWidget) -> QShortcut:
        shortcut = QShortcut(QKeySequence(SHORTCUT), window)
        shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        shortcut.activated.connect(self.trigger)
        return shortcut

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        # Only the window's copy: the app filter sees a key event again at each widget it
        # propagates through, which would turn one press into a "double" Escape.
        if event.type() == QEvent.Type.KeyPress and isinstance(watched, QWindow) \
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape \
                and not event.isAutoRepeat():
            if QApplication.activePopupWidget() is not None:
                self._last_escape = 0.0
                return False
            now = time.monotonic()
            if now - self._last_escape <= DOUBLE_ESCAPE_SECONDS:
                self._last_escape = 0.0
                self.trigger()
                return True
            self._last_escape = now
        return False
