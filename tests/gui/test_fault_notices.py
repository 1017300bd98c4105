"""The app tells at unlock that a crashed export's files were removed, and that the vault is
read-only because the disk is full (issue 14 item 6)."""

from __future__ import annotations

import resource
import signal
from pathlib import Path

from evidencekit.core import pending_exports
from evidencekit.core.vault import Vault
from evidencekit.gui.main.main_window import MainScreen
from tests.gui.conftest import PASSPHRASE, unlock


def _notices(app: object) -> list[str]:
    screen = app.shell.current_screen  # type: ignore[attr-defined]
    assert isinstance(screen, MainScreen)
    return [screen.notices.itemAt(i).widget().text.text()  # type: ignore[union-attr]
            for i in range(screen.notices.count())]


def test_leftovers_of_a_crashed_export_are_removed_and_said(make_app, qtbot,  # type: ignore[no-untyped-def]
                                                            existing_vault: Path,
                                                            tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    partial = usb / ".bundle.zip.0123456789ab.tmp"
    with Vault.open(existing_vault, PASSPHRASE) as vault:
        pending_exports.record(vault, [partial])
    partial.write_bytes(b"PK\x03\x04 half a zip of originals")
    app = make_app()
    unlock(app, qtbot)
    assert not partial.exists()
    assert any("unfinished files were removed" in t and str(usb) in t for t in _notices(app))


def test_a_full_disk_at_unlock_opens_read_only_and_says_why(make_app, qtbot,  # type: ignore[no-untyped-def]
                                                            existing_vault: Path) -> None:
    app = make_app()
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    # The unlock's first write-ahead-log frame (64 KiB) no longer fits, as on a full disk.
    resource.setrlimit(resource.RLIMIT_FSIZE, (48 * 1024, hard))
    try:
        unlock(app, qtbot)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)
    assert app.session.vault.read_only  # type: ignore[attr-defined]
    texts = _notices(app)
    assert any("read-only because the disk holding it is full" in t for t in texts), texts
