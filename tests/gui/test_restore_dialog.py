"""Restoring a copy from the app: into a new folder by default, in place of the vault only when
it is locked and the user said yes; the copy is checked before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from evidencekit.core.evidence import DEFAULT_CASE, ensure_case
from evidencekit.core.vault import Vault
from evidencekit.gui.app import Composition
from evidencekit.gui.backup.page import BackupPage
from evidencekit.gui.backup.restore_dialog import RestoreDialog, suggested_folder
from evidencekit.gui.unlock.unlock_page import UnlockPage
from tests.gui.conftest import PASSPHRASE, unlock
from tests.gui.helpers import main_screen


def _copy(vault_path: Path, out: Path, case: str) -> Path:
    """A copy of the vault holding `case`, written by the core (as "Save a copy" does)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    vault = Vault.open(vault_path, PASSPHRASE)
    try:
        with vault.transaction() as tx:
            ensure_case(tx, case)
        vault.backup(out)
    finally:
        vault.close()
    return out


def _cases(vault_path: Path) -> set[str]:
    vault = Vault.open(vault_path, PASSPHRASE)
    try:
        return {str(r[0]) for r in vault.conn.execute("SELECT name FROM cases")}
    finally:
        vault.close()


def _fill(dialog: RestoreDialog, copy: Path, passphrase: str = PASSPHRASE) -> None:
    dialog.file.setText(str(copy))
    dialog.passphrase.setText(passphrase)


def test_restore_into_a_new_folder_while_unlocked(make_app, qtbot, existing_vault: Path,
                                                  tmp_path: Path) -> None:
    copy = _copy(existing_vault, tmp_path / "usb" / "copie.ekbackup", "Affaire du lycée")
    app: Composition = make_app()
    unlock(app, qtbot)
    screen = main_screen(app)
    screen.show_page("backup")
    page = screen.page_widgets["backup"]
    assert isinstance(page, BackupPage)
    dialog = page.open_restore()
    assert isinstance(dialog, RestoreDialog)
    assert not dialog.in_place.isEnabled()  # the vault in use is never replaced
    assert dialog.folder.text() == str(suggested_folder(existing_vault))
    assert not dialog.restore_button.isEnabled()
    _fill(dialog, copy)
    target = tmp_path / "restored"
    dialog.folder.setText(str(target))
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: "restored to" in dialog.status.text(), timeout=60_000)
    assert str(target) in dialog.status.text()
    assert dialog.passphrase.text() == ""  # not kept in the field
    assert app.session.is_unlocked  # the current vault was not touched
    assert (target / "vault.db").exists()
    # "Open the restored vault": the app locks and asks for the copy's passphrase.
    assert dialog.open_button.isVisible()
    dialog.open_button.click()
    assert not app.session.is_unlocked and app.session.vault_path == target
    assert isinstance(app.shell.current_screen, UnlockPage)
    unlock(app, qtbot)
    assert "Affaire du lycée" in {c.name for c in main_screen(app).cases_model.cases}


def test_a_wrong_passphrase_changes_nothing(make_app, qtbot, existing_vault: Path,
                                            tmp_path: Path) -> None:
    copy = _copy(existing_vault, tmp_path / "copie.ekbackup", "A")
    app: Composition = make_app()
    dialog = app.shell.open_restore_dialog()
    assert isinstance(dialog, RestoreDialog)
    _fill(dialog, copy, "not the passphrase at all")
    target = tmp_path / "restored"
    dialog.folder.setText(str(target))
    dialog.restore()
    qtbot.waitUntil(lambda: not dialog.status.text().startswith("Checking"), timeout=60_000)
    assert "passphrase" in dialog.status.text().lower()
    assert not target.exists() or not any(target.iterdir())


def test_in_place_only_after_a_clear_yes(make_app, qtbot, existing_vault: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    copy = _copy(existing_vault, tmp_path / "copie.ekbackup", "Dans la copie")
    vault = Vault.open(existing_vault, PASSPHRASE)
    with vault.transaction() as tx:
        ensure_case(tx, "Ajouté après la copie")
    vault.close()
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def question(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    app: Composition = make_app()  # locked: the unlock screen offers "Restore a copy…"
    assert app.shell.restore_copy.isVisible()
    dialog = app.shell.open_restore_dialog()
    assert isinstance(dialog, RestoreDialog)
    assert dialog.in_place.isEnabled()
    _fill(dialog, copy)
    dialog.in_place.setChecked(True)
    dialog.restore_button.click()
    assert asked and "not deleted" in asked[0]
    assert "Ajouté après la copie" in _cases(existing_vault)  # "Cancel": nothing changed
    _fill(dialog, copy)
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: "restored to" in dialog.status.text(), timeout=60_000)
    assert "kept, untouched" in dialog.status.text()
    assert _cases(existing_vault) >= {"Dans la copie"}
    assert "Ajouté après la copie" not in _cases(existing_vault)
    aside = [p for p in existing_vault.parent.iterdir() if ".before-restore-" in p.name]
    assert len(aside) == 1 and "Ajouté après la copie" in _cases(aside[0])
    assert not dialog.open_button.isVisible()
    assert isinstance(app.shell.current_screen, UnlockPage)
    assert DEFAULT_CASE  # the default case name is unchanged by a restore


def test_first_start_restores_as_the_vault(make_app, qtbot, vault_path: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A new computer after a loss: no vault yet, the copy becomes the vault, no question."""
    from evidencekit.core.kdf import TEST_PARAMS
    from evidencekit.gui.welcome.welcome_page import WelcomePage

    elsewhere = tmp_path / "old-laptop" / "vault"
    Vault.create(elsewhere, PASSPHRASE, kdf=TEST_PARAMS)[0].close()
    copy = _copy(elsewhere, tmp_path / "usb" / "copie.ekbackup", "Affaire sauvée")
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: pytest.fail("asked although nothing is replaced"))
    app: Composition = make_app()
    assert isinstance(app.shell.current_screen, WelcomePage)
    dialog = app.shell.open_restore_dialog()
    assert isinstance(dialog, RestoreDialog)
    assert "there is none yet" in dialog.in_place.text()
    _fill(dialog, copy)
    dialog.in_place.setChecked(True)
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: "restored to" in dialog.status.text(), timeout=60_000)
    assert isinstance(app.shell.current_screen, UnlockPage)
    unlock(app, qtbot)
    assert "Affaire sauvée" in {c.name for c in main_screen(app).cases_model.cases}
    assert vault_path.exists()
