"""The app says at unlock when the custody log contradicts this computer's record of it."""

from __future__ import annotations

import shutil
from pathlib import Path

from evidencekit.core.vault import Vault
from evidencekit.gui.main.main_window import MainScreen
from tests.gui.conftest import PASSPHRASE, unlock


def test_an_old_copy_put_back_is_said_at_unlock(make_app, qtbot, existing_vault: Path,  # type: ignore[no-untyped-def]
                                                tmp_path: Path) -> None:
    old = tmp_path / "old-copy"
    shutil.copytree(existing_vault, old)
    with Vault.open(existing_vault, PASSPHRASE) as vault:
        vault.set_meta("note", "written after the copy")
    shutil.rmtree(existing_vault)
    shutil.copytree(old, existing_vault)
    app = make_app()
    unlock(app, qtbot)
    screen = app.shell.current_screen
    assert isinstance(screen, MainScreen)
    texts = [screen.notices.itemAt(i).widget().text.text()
             for i in range(screen.notices.count())]
    assert any("an older copy of the vault was put back" in t for t in texts), texts
