"""Review of sealed originals: the cases the first tests did not reach.

Each test here failed before its fix (docs/SECURITY.md, "Review of sealed originals").
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from evidencekit.core import sealed
from tests.conftest import PASSPHRASE


def run_child(script: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `script` in a child: a hang there fails the test instead of hanging the run."""
    try:
        return subprocess.run([sys.executable, "-c", textwrap.dedent(script)],
                              capture_output=True, text=True, timeout=timeout, check=False,
                              env=dict(os.environ, EVIDENCEKIT_INSECURE_TEST_KDF="1"))
    except subprocess.TimeoutExpired:
        pytest.fail("the child hung")


def test_cancelling_a_large_import_while_the_sealing_thread_lags_does_not_hang(
        tmp_path: Path) -> None:
    # The reading side (a file in the page cache) outruns hashing, encryption and writing, so
    # the queue between them is full when the user cancels: the abandoned file's end mark must
    # still reach the sealing thread, or the import (holding the vault) never returns.
    video = tmp_path / "video.mp4"
    video.write_bytes(os.urandom(64 * sealed.BLOCK))
    proc = run_child(f"""
        import os, threading
        from pathlib import Path
        from evidencekit.core.intake import import_file
        from evidencekit.core.kdf import TEST_PARAMS
        from evidencekit.core.vault import Vault
        vault, _ = Vault.create(Path({str(tmp_path / "vault")!r}), {PASSPHRASE!r},
                                kdf=TEST_PARAMS)
        cancel = threading.Event()
        def progress(done, total, name):
            if done >= 40 * {sealed.BLOCK}:
                cancel.set()
        for _round in range(3):
            cancel.clear()
            outcome = import_file(vault, Path({str(video)!r}), case="c", progress=progress,
                                  cancel=cancel)
            assert outcome.status == "refused", outcome.message
            assert "cancelled" in outcome.message, outcome.message
        print("left", sorted(os.listdir(vault.folder / "originals")))
        print("threads", [t.name for t in threading.enumerate()])
        vault.close()
    """)
    assert proc.returncode == 0, proc.stderr
    assert "left []" in proc.stdout, proc.stdout
    assert "seal-original" not in proc.stdout, proc.stdout
