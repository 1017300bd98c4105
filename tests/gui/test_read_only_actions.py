"""In the read-only mode (full disk at unlock) the actions that would change the vault are
switched off, each saying why, instead of failing once used; reading still works."""

from __future__ import annotations

import resource
import signal
from pathlib import Path

from PySide6.QtWidgets import QPushButton

from evidencekit.gui.main.main_window import MainScreen
from evidencekit.gui.main.read_only import read_only_reason
from tests.gui.conftest import unlock
from tests.gui.test_pages_data import fill_vault


def _unlock_on_full_disk(app: object, qtbot: object) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    # The unlock's first write-ahead-log frame (64 KiB) no longer fits, as on a full disk.
    resource.setrlimit(resource.RLIMIT_FSIZE, (48 * 1024, hard))
    try:
        unlock(app, qtbot)  # type: ignore[arg-type]
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def test_changing_actions_are_off_with_the_reason(make_app, qtbot, vault_path: Path,  # type: ignore[no-untyped-def]
                                                 tmp_path: Path) -> None:
    fill_vault(vault_path, tmp_path)
    app = make_app()
    _unlock_on_full_disk(app, qtbot)
    assert app.session.read_only
    screen = app.shell.current_screen
    assert isinstance(screen, MainScreen)
    reason = read_only_reason()
    for control in (*screen.change_buttons, screen.paste_action, screen.new_case_button):
        assert not control.isEnabled(), control.text()
        assert control.toolTip() == reason
    evidence = screen.evidence
    evidence.select_item(evidence.model.rows[0].item_id)
    qtbot.waitUntil(lambda: evidence.detail.item is not None)
    # Choosing a row must not switch blur/unblur back on.
    for button in (*evidence.marks.buttons, evidence.marks.address_button):
        assert not button.isEnabled(), button.text()
        assert button.toolTip() == reason
    detail = evidence.detail
    assert not detail.form.isEnabled() and not detail.translation.isEnabled()
    assert not detail.reread_button.isEnabled()
    # The journal's new entry and the phone receiver would write into the vault too.
    for key, name in (("journal", "new_button"), ("receive", "start_button")):
        button = getattr(screen.page_widgets[key], name)
        assert not button.isEnabled() and button.toolTip() == reason, key
    # Choosing who is "me", reading a chat again and creating a dossier all write.
    chats = screen.page_widgets["conversations"]
    screen.show_page("conversations")
    qtbot.waitUntil(lambda: chats.chats.rowCount() > 0)  # type: ignore[attr-defined]
    chat_id = next(r.item_id for r in evidence.model.rows if r.name.endswith(".zip"))
    assert chats.select_chat(chat_id)  # type: ignore[attr-defined]
    for button in (chats.owner_box, chats.reread_button):  # type: ignore[attr-defined]
        assert not button.isEnabled() and button.toolTip() == reason
    create = screen.page_widgets["export"].wizard.save_step.create_button  # type: ignore[attr-defined]
    assert not create.isEnabled() and create.toolTip() == reason
    screen.show_page("evidence")
    # Reading still works: the list shows the items and the preview tab can be chosen.
    assert evidence.model.rowCount() >= 2
    assert detail.tabs.isEnabled()


def test_a_normal_unlock_keeps_them_on(make_app, qtbot, vault_path: Path,  # type: ignore[no-untyped-def]
                                       tmp_path: Path) -> None:
    fill_vault(vault_path, tmp_path)
    app = make_app()
    unlock(app, qtbot)
    assert not app.session.read_only
    screen = app.shell.current_screen
    assert isinstance(screen, MainScreen)
    assert all(b.isEnabled() for b in screen.change_buttons)
    assert screen.new_case_button.isEnabled() and screen.paste_action.isEnabled()
    evidence = screen.evidence
    evidence.select_item(evidence.model.rows[0].item_id)
    qtbot.waitUntil(lambda: evidence.detail.item is not None)
    assert all(isinstance(b, QPushButton) and b.isEnabled() for b in evidence.marks.buttons)
    assert evidence.detail.form.isEnabled()
    assert screen.page_widgets["journal"].new_button.isEnabled()  # type: ignore[attr-defined]
    assert screen.page_widgets["conversations"].reread_button.isEnabled()  # type: ignore[attr-defined]
    create = screen.page_widgets["export"].wizard.save_step.create_button  # type: ignore[attr-defined]
    assert create.isEnabled()
    assert screen.page_widgets["receive"].start_button.isEnabled()  # type: ignore[attr-defined]
