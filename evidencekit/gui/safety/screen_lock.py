"""Locking the vault when the desktop locks the screen or the computer goes to sleep (D-Bus)."""

from __future__ import annotations

from PySide6.QtCore import SLOT, QObject, Signal, Slot

try:  # QtDBus is absent on Windows and macOS builds; there we rely on the idle timer.
    from PySide6.QtDBus import QDBusConnection
except ImportError:  # pragma: no cover - platform dependent
    QDBusConnection = None  # type: ignore[assignment,misc]

_SESSION_SOURCES = (
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("org.freedesktop.ScreenSaver", "/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
)


class ScreenLockWatcher(QObject):
    """Emits `screen_locked` on sleep or screen lock; silently does nothing without D-Bus."""

    #: the screen was locked or the computer is about to sleep.
    screen_locked = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.connected_sources = 0
        if QDBusConnection is None:
            return
        try:
            self._connect_all()
        except Exception:  # noqa: BLE001, S110 - a broken bus must never stop the app
            pass

    def _connect_all(self) -> None:
        system = QDBusConnection.systemBus()
        if system.isConnected():
            self._hook(system, "org.freedesktop.login1", "/org/freedesktop/login1",
                       "org.freedesktop.login1.Manager", "PrepareForSleep", "on_active(bool)")
            # Any session's Lock: over-locking is harmless, missing a lock is not.
            self._hook(system, "org.freedesktop.login1", "",
                       "org.freedesktop.login1.Session", "Lock", "on_lock()")
        session = QDBusConnection.sessionBus()
        if session.isConnected():
            for service, path, interface in _SESSION_SOURCES:
                self._hook(session, service, path, interface, "ActiveChanged", "on_active(bool)")

    def _hook(self, bus: QDBusConnection, service: str, path: str, interface: str,
              name: str, slot: str) -> None:
        # PySide's stub asks for bytes, but at run time only SLOT()'s str form is accepted: the
        # bytes form raises, which left this watcher silently unconnected (the D-Bus test shows).
        try:
            connected = bus.connect(service, path, interface, name, self,
                                    SLOT(slot))  # type: ignore[call-overload]
        except (TypeError, ValueError):
            return  # one source refused must not stop the others
        if connected:
            self.connected_sources += 1

    @Slot(bool)
    def on_active(self, active: bool) -> None:
        if active:
            self.screen_locked.emit()

    @Slot()
    def on_lock(self) -> None:
        self.screen_locked.emit()
