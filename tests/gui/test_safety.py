"""Quick exit, auto-lock, and the clipboard holding copied fingerprints only briefly."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from evidencekit.gui.safety.clipboard import SECRET_HINT_MIME, ClipboardGuard
from evidencekit.gui.unlock.unlock_page import UnlockPage
from tests.gui.conftest import unlock


def test_quick_exit_button_locks_hides_and_clears_the_clipboard(
        make_app, qtbot, existing_vault: Path) -> None:
    app = make_app()
    unlock(app, qtbot)
    QGuiApplication.clipboard().setText("a message the user copied")
    with qtbot.waitSignal(app.quick_exit.done):
        qtbot.mouseClick(app.shell.quick_exit, Qt.MouseButton.LeftButton)
    assert not app.session.is_unlocked
    assert not app.shell.isVisible()
    assert QGuiApplication.clipboard().text() == ""
    assert isinstance(app.shell.current_screen, UnlockPage)


def test_quick_exit_by_double_escape(make_app, qtbot, existing_vault: Path) -> None:
    app = make_app()
    unlock(app, qtbot)
    window = app.shell.windowHandle()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert app.session.is_unlocked  # one Escape is not enough
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not app.session.is_unlocked
    assert not app.shell.isVisible()


def test_quick_exit_shortcut(make_app, qtbot, existing_vault: Path) -> None:
    app = make_app()
    unlock(app, qtbot)
    app.shell.activateWindow()
    qtbot.keyClick(app.shell.windowHandle(), Qt.Key.Key_Q,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not app.session.is_unlocked, timeout=2000)


def test_auto_lock_after_idle(make_app, qtbot, existing_vault: Path) -> None:
    app = make_app()
    unlock(app, qtbot)
    app.idle.set_timeout_ms(200)  # the 5-minute default, shortened
    assert app.idle.armed
    qtbot.waitUntil(lambda: not app.session.is_unlocked, timeout=3000)
    page = app.shell.current_screen
    assert isinstance(page, UnlockPage)
    assert not app.idle.armed
    # It says why, and the passphrase field is ready to type into.
    assert page.reason.isVisibleTo(page) and "without use" in page.reason.text()
    qtbot.waitUntil(lambda: page.secret.hasFocus() or QApplication.focusWidget() is page.secret,
                    timeout=2000)


def test_a_lock_the_user_asked_for_gives_no_reason(make_app, qtbot,
                                                   existing_vault: Path) -> None:
    app = make_app()
    unlock(app, qtbot)
    app.shell.current_screen.lock_requested.emit()
    page = app.shell.current_screen
    assert isinstance(page, UnlockPage)
    assert not page.reason.isVisibleTo(page)


def test_a_screen_lock_is_named(make_app, qtbot, existing_vault: Path) -> None:
    app = make_app()
    unlock(app, qtbot)
    app.session.lock("screen")
    page = app.shell.current_screen
    assert isinstance(page, UnlockPage) and "screen was locked" in page.reason.text()


def test_activity_postpones_auto_lock(make_app, qtbot, existing_vault: Path) -> None:
    app = make_app()
    unlock(app, qtbot)
    app.idle.set_timeout_ms(300)
    for _step in range(6):
        qtbot.wait(100)
        qtbot.keyClick(app.shell.windowHandle(), Qt.Key.Key_Shift)
    assert app.session.is_unlocked  # 600 ms of activity with a 300 ms timeout
    qtbot.waitUntil(lambda: not app.session.is_unlocked, timeout=3000)


def test_copied_fingerprint_is_marked_secret_and_cleared_only_if_still_ours(qtbot) -> None:
    guard = ClipboardGuard(clear_after_ms=100)
    clipboard = QGuiApplication.clipboard()
    guard.copy_secret("ab" * 32)
    data: QMimeData = clipboard.mimeData()
    assert bytes(data.data(SECRET_HINT_MIME)) == b"secret"
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=2000)
    guard.copy_secret("cd" * 32)
    clipboard.setText("the user's own text")
    qtbot.wait(300)
    assert clipboard.text() == "the user's own text"
