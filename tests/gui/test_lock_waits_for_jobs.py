"""A lock never closes the vault under a job still reading it (gui/session.py).

The export preview reads the vault on a worker thread; a lock (idle, screen, button) closed the
SQLite connection while a statement ran there, and the whole process died with a segmentation
fault. The child runs a job whose query takes a while, locks the session while it runs, and
must print its result line and exit normally.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from tests.conftest import PASSPHRASE

CHILD = textwrap.dedent("""
    import sys, threading, time
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from evidencekit.core.vault import Vault
    from evidencekit.gui.session import Session
    from evidencekit.gui.settings import SettingsStore
    from evidencekit.gui.worker import JobRunner

    app = QApplication(sys.argv[:1])
    session = Session(Path(sys.argv[1]), SettingsStore(Path(sys.argv[2])), JobRunner())
    session.set_vault(Vault.open(Path(sys.argv[1]), sys.argv[3]))
    started = threading.Event()
    outcome = []

    def slow_read(vault, *, progress, cancel):
        started.set()
        # rows fetched one by one, as the dossier reads derived records: the statement is
        # alive between steps, and the lock must not close the connection under it
        count = 0
        for _row in vault.conn.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)"
                " SELECT i FROM n"):
            count += 1
        outcome.append(count)

    session.jobs.run(slow_read, session.vault)
    started.wait(10)
    time.sleep(0.05)
    session.lock("idle")
    print("locked", session.is_unlocked, outcome, flush=True)
""")


def test_a_lock_waits_for_the_job_reading_the_vault(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    Vault.create(folder, PASSPHRASE, kdf=TEST_PARAMS)[0].close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", CHILD, str(folder),
                           str(tmp_path / "settings.json"), PASSPHRASE],
                          env=env, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    assert done.stdout.strip() == "locked False [300000]", done.stdout
