"""Auto-lock after a period without keyboard or mouse input, anywhere in the app."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

_ACTIVITY = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
})


class IdleLock(QObject):
    """An app-wide event filter restarting one single-shot timer on every user input."""

    #: the user was idle for the whole delay; the vault should lock.
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self._armed = False

    def set_timeout_ms(self, msecs: int) -> None:
        """0 disables auto-lock (a setting of 0 minutes)."""
        self._timer.setInterval(max(0, msecs))
        if self._armed:
            self.arm()

    def set_minutes(self, minutes: int) -> None:
        self.set_timeout_ms(minutes * 60_000)

    def arm(self) -> None:
        """Start counting (the vault was unlocked)."""
        self._armed = self._timer.interval() > 0
        if self._armed:
            self._timer.start()
        else:
            self._timer.stop()

    def disarm(self) -> None:
        self._armed = False
        self._timer.stop()

    @property
    def armed(self) -> bool:
        return self._armed

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if self._armed and event.type() in _ACTIVITY:
            self._timer.start()
        return False
