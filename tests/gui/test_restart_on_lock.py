"""Locking the desktop app replaces its process with a fresh one (gui/safety/restart.py).

Qt keeps the typed passphrase in QString copies nobody can wipe; only a new process image is
sure to have none. A child runs the real `run()`: it unlocks through the unlock screen, the
auto-lock fires, and the same process id must come back as a new program showing the unlock
screen with the auto-lock sentence, in the language picked before the lock, its window the size
the user gave it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.gui.safety.restart import LOCK_REASON_ENV
from tests.conftest import PASSPHRASE

CHILD = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from evidencekit.gui.app import run
    from evidencekit.gui.shell import Shell
    from evidencekit.gui.unlock.unlock_page import UnlockPage

    restarted = os.environ.get("%(env)s", "")
    app = QApplication(sys.argv[:1])

    def shell():
        return next(w for w in app.topLevelWidgets() if isinstance(w, Shell))

    def unlock():
        shell().setGeometry(40, 50, 700, 500)  # the user sized it (offscreen: 800x600)
        shell().language_picked.emit("ar")  # saved in the settings; the next process keeps it
        page = shell().current_screen
        assert isinstance(page, UnlockPage)
        page.secret.setText(sys.argv[2])
        page.unlock()
        QTimer.singleShot(50, lock_when_open)

    def lock_when_open():
        session = shell().session
        if not session.is_unlocked:
            QTimer.singleShot(50, lock_when_open)
            return
        main = shell().main
        main.nav.setCurrentIndex(main.nav.model().index(main.page_keys.index("journal"), 0))
        size = shell().geometry().size()
        print("unlocked", os.getpid(), f"{size.width()}x{size.height()}", flush=True)
        if sys.argv[3] == "close":
            shell().close()  # closing the window quits: no restart
            return
        session.lock("idle")
        QTimer.singleShot(3000, lambda: (print("not restarted", flush=True), app.quit()))

    def report():
        page = shell().current_screen
        size = shell().geometry().size()
        print("restarted", os.getpid(), restarted, isinstance(page, UnlockPage),
              f"{size.width()}x{size.height()}",
              page.reason.text() if isinstance(page, UnlockPage) else "", flush=True)
        place = shell().place
        print("place", place.to_text() if place is not None else "none", flush=True)
        app.quit()

    QTimer.singleShot(100, report if restarted else unlock)
    sys.exit(run(Path(sys.argv[1])))
""") % {"env": LOCK_REASON_ENV}


def _run_child(tmp_path: Path, then: str) -> subprocess.CompletedProcess[str]:
    folder = tmp_path / "vault"
    Vault.create(folder, PASSPHRASE, kdf=TEST_PARAMS)[0].close()
    config = tmp_path / "config"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(config),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_STATE_HOME": str(tmp_path / "state"),
           "LANGUAGE": "en", "LANG": "en_US.UTF-8"}
    env.pop(LOCK_REASON_ENV, None)
    return subprocess.run([sys.executable, "-c", CHILD, str(folder), PASSPHRASE, then], env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_auto_lock_restarts_the_process_and_says_why(tmp_path: Path) -> None:
    done = _run_child(tmp_path, "lock")
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stderr[-2000:]
    assert len(lines) == 3, (lines, done.stderr[-2000:])
    first, second = lines[0].split(" "), lines[1].split(" ", 5)
    assert first[0] == "unlocked"
    assert second[:4] == ["restarted", first[1], "idle", "True"]  # same pid, a new program
    before, after = ([int(n) for n in size.split("x")] for size in (first[2], second[4]))
    assert all(abs(a - b) <= 8 for a, b in zip(before, after, strict=True))  # its size kept
    assert second[5].startswith("أُقفلت الخزنة تلقائيًا")  # the auto-lock sentence, in Arabic
    # the new process knows where the user was, to go back there after the unlock
    assert lines[2].startswith("place case=") and ";page=journal" in lines[2], lines[2]


def test_closing_the_window_quits_without_a_restart(tmp_path: Path) -> None:
    done = _run_child(tmp_path, "close")
    assert done.returncode == 0, done.stderr[-2000:]
    assert [line.split(" ")[0] for line in done.stdout.splitlines()] == ["unlocked"]
