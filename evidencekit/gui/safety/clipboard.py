"""Copying secrets (hashes, text) to the clipboard so they do not linger there."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QObject, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

CLEAR_AFTER_MS = 30_000
# KDE's Klipper and KeePassXC-aware clipboard managers skip entries carrying this hint.
SECRET_HINT_MIME = "x-kde-passwordManagerHint"  # noqa: S105 - a MIME type name


class ClipboardGuard(QObject):
    """Puts our text on the clipboard marked secret, and takes it back after a delay."""

    def __init__(self, clear_after_ms: int = CLEAR_AFTER_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ours: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(clear_after_ms)
        self._timer.timeout.connect(self.clear_if_ours)

    @staticmethod
    def _clipboard() -> QClipboard:
        return QGuiApplication.clipboard()

    def copy_secret(self, text: str) -> None:
        data = QMimeData()
        data.setText(text)
        data.setData(SECRET_HINT_MIME, b"secret")
        self._clipboard().setMimeData(data)
        self._ours = text
        self._timer.start()

    def clear_if_ours(self) -> None:
        """Clear only if the clipboard still holds what we put there: never the user's own copy."""
        self._timer.stop()
        if self._ours is not None and self._clipboard().text() == self._ours:
            self._clipboard().clear()
        self._ours = None

    def clear_all(self) -> None:
        """Quick exit: whatever is there may be evidence the user just copied; clear it."""
        self._timer.stop()
        self._ours = None
        clipboard = self._clipboard()
        clipboard.clear(QClipboard.Mode.Clipboard)
        if clipboard.supportsSelection():
            clipboard.clear(QClipboard.Mode.Selection)
