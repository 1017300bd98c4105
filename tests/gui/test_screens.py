"""First run, unlock, wrong passphrase, the failed-attempts notice and right-to-left Arabic."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from evidencekit.core.vault import Vault
from evidencekit.gui.main.main_window import MainScreen
from evidencekit.gui.unlock.unlock_page import UnlockPage
from evidencekit.gui.welcome.recovery_page import RecoveryKeyPanel
from evidencekit.gui.welcome.welcome_page import WelcomePage
from tests.gui.conftest import PASSPHRASE, unlock


def _fingerprint(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


def test_create_vault_through_the_welcome_screen(make_app, qtbot, vault_path: Path) -> None:
    app = make_app()
    page = app.shell.current_screen
    assert isinstance(page, WelcomePage)
    page.passphrase.setText("short")
    page.repeat.setText("short")
    assert not page.create_button.isEnabled()  # too weak
    page.passphrase.setText(PASSPHRASE)
    page.repeat.setText(PASSPHRASE + "x")
    assert not page.create_button.isEnabled()  # different
    page.repeat.setText(PASSPHRASE)
    assert page.create_button.isEnabled()
    assert page.meter.strength is not None
    assert page.meter.strength.acceptable
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(app.shell.current_screen, RecoveryKeyPanel), timeout=10_000)
    panel = app.shell.current_screen
    key = panel.key.text()
    assert len(key) > 40
    assert not panel.done.isEnabled()
    panel.check.setChecked(True)
    assert not panel.done.isEnabled()  # the key must be typed back first
    panel.typed.setText(key.lower().replace("-", " "))
    assert panel.done.isEnabled()
    qtbot.mouseClick(panel.done, Qt.MouseButton.LeftButton)
    assert isinstance(app.shell.current_screen, MainScreen)
    assert (vault_path / "vault.db").exists()
    assert app.shell.windowTitle() == "EvidenceKit"
    app.session.lock()
    Vault.open(vault_path, recovery_key=key).close()  # the key shown really opens the vault


def test_unlock(make_app, qtbot, existing_vault: Path) -> None:
    app = make_app()
    assert isinstance(app.shell.current_screen, UnlockPage)
    unlock(app, qtbot)
    assert isinstance(app.shell.current_screen, MainScreen)
    assert app.idle.armed


def test_wrong_passphrase_says_so_and_leaves_the_vault_unchanged(
        make_app, qtbot, existing_vault: Path) -> None:
    before = _fingerprint(existing_vault)
    app = make_app()
    page = app.shell.current_screen
    page.secret.setText("not the passphrase at all")
    qtbot.keyClick(page.secret, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.error.isVisible(), timeout=10_000)
    assert "did not open the vault" in page.error.text()
    assert str(existing_vault) not in page.error.text()
    assert not app.session.is_unlocked
    after = _fingerprint(existing_vault)
    # The only file a wrong passphrase may write (it exists from the vault's creation on).
    after.pop("attempts.json")
    before.pop("attempts.json", None)
    assert after == before


def test_failed_attempts_notice_after_unlock(make_app, qtbot, existing_vault: Path) -> None:
    app = make_app()
    page = app.shell.current_screen
    for _attempt in range(2):
        page.secret.setText("wrong guess")
        page.unlock()
        qtbot.waitUntil(lambda: page.button.isEnabled(), timeout=10_000)
    unlock(app, qtbot)
    screen = app.shell.current_screen
    assert isinstance(screen, MainScreen)
    notices = [screen.notices.itemAt(i).widget() for i in range(screen.notices.count())]
    texts = [n.text.text() for n in notices]
    assert any(t.startswith("2 failed attempts since your last visit, the last at ")
               for t in texts), texts


def test_switching_to_arabic_mirrors_the_layout(make_app, qtbot, existing_vault: Path,
                                                settings_path: Path) -> None:
    app = make_app()
    page = app.shell.current_screen
    page.language.setCurrentIndex(page.language.findData("ar"))
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    new_page = app.shell.current_screen
    assert isinstance(new_page, UnlockPage)
    assert new_page is not page
    assert new_page.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert '"language": "ar"' in settings_path.read_text()
    new_page.language.setCurrentIndex(new_page.language.findData("en"))
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_verify_a_received_dossier_before_unlocking(make_app, qtbot, existing_vault: Path) -> None:  # type: ignore[no-untyped-def]
    """A lawyer with no vault reaches the bundle check from the unlock screen."""
    shell = make_app().shell
    assert shell.verify_received.isVisibleTo(shell)
    dialog = shell.open_verify_dialog()
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and dialog.panel is not None
    dialog.close()


def test_after_the_recovery_key_the_app_offers_a_new_passphrase(make_app, qtbot,
                                                                 vault_path: Path) -> None:
    from evidencekit.core.kdf import TEST_PARAMS
    from evidencekit.gui.unlock.unlock_page import UnlockPage

    vault, key = Vault.create(vault_path, PASSPHRASE, kdf=TEST_PARAMS, with_recovery_key=True)
    vault.close()
    app = make_app()
    page = app.shell.current_screen
    assert isinstance(page, UnlockPage)
    page.toggle_recovery()
    page.secret.setText(key or "")
    page.unlock()
    qtbot.waitUntil(lambda: app.session.is_unlocked, timeout=10_000)
    screen = app.shell.current_screen
    assert isinstance(screen, MainScreen)
    texts = [screen.notices.itemAt(i).widget().text.text() for i in range(screen.notices.count())]
    assert any("opened the vault with your recovery key" in t for t in texts)
    dialog = app.shell.settings_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.tabs.currentWidget() is dialog.passphrase


def test_a_language_switch_translates_the_top_bar_too(make_app, qtbot,
                                                      existing_vault: Path) -> None:
    import json

    from evidencekit.paths import resource

    app = make_app()
    app.apply_language("fr")
    french = json.loads(resource("i18n", "fr.json").read_text(encoding="utf-8"))
    assert app.shell.verify_received.text() == french["Check a dossier you received"]
