"""Locking ends the process that held the secrets: the app starts itself afresh (issue 14).

The core keeps the master key and passphrase in bytearrays it zeroes at lock, but Qt cannot:
the passphrase typed into a QLineEdit lives in QString copies (the field, its undo history,
input-method buffers) that Python cannot reach, and decrypted evidence passed through Qt's
image and text caches. Only the end of the process frees all of that for certain. So once the
vault is locked and the event loop has wound down, the program replaces itself with a fresh copy
of itself (`os.execve`, same process id, same command line): the new process has never seen the
passphrase. The lock reason travels in an environment variable so the unlock screen can still
say why the vault closed, the window's place and size in another so it comes back where it was;
the language is in the settings file and survives by itself.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QByteArray, QObject
from PySide6.QtWidgets import QApplication, QWidget

from evidencekit.gui.main.place import Place, restart_environment
from evidencekit.gui.session import Session

#: set in the restarted process: why the previous one locked ("idle", "screen", "manual").
LOCK_REASON_ENV = "EVIDENCEKIT_LOCKED_BECAUSE"
#: the window's place and size (Qt's saveGeometry, base64), so it comes back where it was.
GEOMETRY_ENV = "EVIDENCEKIT_WINDOW_GEOMETRY"
#: app.exec() returns this when the loop ended for a restart rather than a quit.
RESTART_EXIT_CODE = 75
_RESTARTING_REASONS = ("manual", "idle", "screen")


def reason_from_previous_process() -> str:
    """The lock reason the previous process left, once (the variable is removed)."""
    reason = os.environ.pop(LOCK_REASON_ENV, "")
    return reason if reason in _RESTARTING_REASONS else ""


def restore_window(window: QWidget) -> None:
    """Put the window back where the previous process had it (read once, then removed)."""
    saved = os.environ.pop(GEOMETRY_ENV, "")
    if saved:
        window.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii")))


class RestartOnLock(QObject):
    """Ends the event loop after a lock so that `run()` can start the program afresh."""

    def __init__(self, session: Session, app: QApplication, window: QWidget) -> None:
        super().__init__(app)
        self.session = session
        self.app = app
        self.window = window
        self.reason = ""
        self.geometry = ""
        session.locked.connect(self._locked)

    def _locked(self) -> None:
        reason = self.session.last_lock_reason
        if reason in _RESTARTING_REASONS and not self.reason:
            self.reason = reason
            self.geometry = bytes(self.window.saveGeometry().toBase64().data()).decode("ascii")
            self.app.exit(RESTART_EXIT_CODE)

    def start_afresh(self) -> None:
        """Replace this process with a new run of the same command line. Never returns."""
        sys.stdout.flush()
        sys.stderr.flush()
        env = {**os.environ, LOCK_REASON_ENV: self.reason, GEOMETRY_ENV: self.geometry}
        # Where the user was (case, page, item; numbers only), so the new process reopens it
        # after the unlock; the shell remembered it when the session announced the lock.
        place = getattr(self.window, "place", None)
        env.update(restart_environment(place if isinstance(place, Place) else None))
        os.execve(sys.executable, [sys.executable, *sys.orig_argv[1:]], env)  # noqa: S606
