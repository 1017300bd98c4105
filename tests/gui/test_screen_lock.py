"""The desktop locks its screen or the computer sleeps: the vault locks too, over real D-Bus.

A private dbus-daemon runs for the test; a child process composes the real app on it, unlocks a
vault, then a second connection takes the screensaver's bus name and announces the lock, as
GNOME or KDE do. Qt caches its session bus per process, hence the child process.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

CHILD = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from PySide6.QtDBus import QDBusConnection, QDBusMessage
    from PySide6.QtWidgets import QApplication
    from evidencekit.core.kdf import TEST_PARAMS
    from evidencekit.core.vault import Vault
    from evidencekit.gui.app import compose

    work = Path(sys.argv[1])
    service, path, interface, name, value = sys.argv[2:7]
    bus = (QDBusConnection.BusType.SystemBus if service == "org.freedesktop.login1"
           else QDBusConnection.BusType.SessionBus)
    vault, _key = Vault.create(work / "vault", "correct horse battery staple 42", kdf=TEST_PARAMS)
    vault.close()
    app = QApplication([])
    composition = compose(app, work / "vault", work / "settings.json")
    composition.shell.show()
    page = composition.shell.current_screen
    page.secret.setText("correct horse battery staple 42")
    page.unlock()

    def wait(condition, seconds):
        deadline = time.monotonic() + seconds
        while not condition() and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        return condition()

    assert wait(lambda: composition.session.is_unlocked, 10), "did not unlock"
    print("sources", composition.screen_lock.connected_sources, flush=True)
    desktop = QDBusConnection.connectToBus(bus, "desktop")
    assert desktop.registerService(service), "could not own " + service

    def announce(argument):
        message = QDBusMessage.createSignal(path, interface, name)
        if argument is not None:
            message.setArguments([argument])
        assert desktop.send(message)

    if value == "bool":
        announce(False)  # "the screen saver stopped" / "woke up": nothing to do
        assert not wait(lambda: not composition.session.is_unlocked, 1), "locked on False"
    announce(True if value == "bool" else None)
    print("locked" if wait(lambda: not composition.session.is_unlocked, 10) else "still open",
          flush=True)
    composition.jobs.wait(5000)
""")


@pytest.fixture
def session_bus(tmp_path: Path) -> Iterator[str]:
    """A private session bus: the test never touches the user's real desktop."""
    if shutil.which("dbus-daemon") is None:  # `make test` installs it (Debian dbus-daemon)
        pytest.skip("dbus-daemon is not installed")
    config = tmp_path / "bus.conf"
    config.write_text(
        '<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"'
        ' "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">'
        f"<busconfig><type>session</type><listen>unix:dir={tmp_path}</listen>"
        "<policy context='default'><allow send_destination='*' eavesdrop='true'/>"
        "<allow eavesdrop='true'/><allow own='*'/></policy></busconfig>", "utf-8")
    daemon = subprocess.run(
        ["dbus-daemon", f"--config-file={config}", "--fork", "--print-address=1",
         "--print-pid=1"], capture_output=True, text=True, check=True, timeout=20)
    address, pid = daemon.stdout.split()[:2]
    try:
        yield address
    finally:
        os.kill(int(pid), signal.SIGTERM)


@pytest.mark.parametrize("source", [
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver",
     "org.freedesktop.ScreenSaver", "ActiveChanged", "bool"),  # KDE, Xfce, most desktops
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver",
     "ActiveChanged", "bool"),  # GNOME
    ("org.freedesktop.login1", "/org/freedesktop/login1", "org.freedesktop.login1.Manager",
     "PrepareForSleep", "bool"),  # the computer is going to sleep (systemd-logind)
    ("org.freedesktop.login1", "/org/freedesktop/login1/session/_32",
     "org.freedesktop.login1.Session", "Lock", "none"),  # loginctl lock-session
], ids=["freedesktop", "gnome", "sleep", "logind-lock"])
def test_the_vault_locks_when_the_desktop_locks_the_screen(
        session_bus: str, tmp_path: Path, source: tuple[str, ...]) -> None:
    # The private bus stands in for the system bus too, so logind's signals can be sent
    # without root and without touching this machine's real buses.
    # HOME and the XDG folders are the test's own (tests/conftest.py's autouse isolated home,
    # inherited here), so the child app cannot write under the developer's real home.
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": session_bus,
           "DBUS_SYSTEM_BUS_ADDRESS": session_bus,
           "QT_QPA_PLATFORM": "offscreen", "EVIDENCEKIT_INSECURE_TEST_KDF": "1"}
    work = tmp_path / "app"
    work.mkdir()
    done = subprocess.run([sys.executable, "-c", CHILD, str(work), *source], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.split("\n")
    assert "sources 5" in lines  # two logind signals and three screensaver interfaces
    assert "locked" in lines
