"""Importing WhatsApp's encrypted backup from the window: the key is asked in a dialog."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QLineEdit

from evidencekit.core.evidence import list_items
from evidencekit.gui.conversations.model import MESSAGE_ROLE
from evidencekit.gui.importing.backup_key import find_backups
from tests.gui.conftest import unlock
from tests.gui.helpers import main_screen, write_images
from tests.importers.crypt15_fixture import KEY_TEXT, encrypt, sample_database


def _backup(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "msgstore.db.crypt15"
    path.write_bytes(encrypt(sample_database()))
    return path


def test_find_backups_by_header_in_files_and_folders(tmp_path: Path) -> None:
    backup = _backup(tmp_path / "phone" / "Databases")
    renamed = tmp_path / "renamed.bin"
    renamed.write_bytes(backup.read_bytes())
    [image] = write_images(tmp_path / "img", 1)
    fake = tmp_path / "phone" / "fake.crypt15"
    fake.write_bytes(b"not a backup")
    assert find_backups([tmp_path / "phone", renamed, image]) == [backup, renamed]


def test_the_key_is_asked_hidden_and_the_messages_imported(
        make_app, qtbot, existing_vault: Path, tmp_path: Path) -> None:
    app = make_app()
    unlock(app, qtbot)
    screen = main_screen(app)
    backup = _backup(tmp_path / "in")
    screen.importer.import_paths([backup])
    dialog = screen.importer.key_question
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    assert dialog.key_edit.echoMode() == QLineEdit.EchoMode.Password
    assert not dialog.open_button.isEnabled()
    dialog.key_edit.setText(KEY_TEXT[:40])
    assert not dialog.open_button.isEnabled()
    assert dialog.count_label.text() == "40 of 64 characters"
    dialog.key_edit.setText(" ".join(KEY_TEXT[i:i + 4] for i in range(0, 64, 4)))
    assert dialog.open_button.isEnabled()
    dialog.show_box.setChecked(True)
    assert dialog.key_edit.echoMode() == QLineEdit.EchoMode.Normal
    dialog.grab().save(str(tmp_path / "backup-key.png"))
    with qtbot.waitSignal(screen.importer.finished, timeout=20_000) as blocker:
        dialog.open_button.click()
        assert dialog.key_edit.text() == ""  # the dialog keeps no copy (and is deleted later)
    [outcome] = blocker.args[0]
    assert outcome.status == "imported", outcome.message
    count = app.session.read(lambda v: v.conn.execute("SELECT count(*) FROM messages")
                             .fetchone()[0])
    assert count == 9
    # The backup appears in the viewer with its messages, each under its sender's number.
    page = _conversations(screen)
    assert page.chats.rowCount() == 1 and "9 messages" in page.chats.item(0).text()
    shown = [page.model.index(r, 0).data(MESSAGE_ROLE) for r in range(page.model.rowCount())]
    assert "+212600000000" in {m.sender for m in shown}
    screen.resize(1100, 700)
    page.grab().save(str(tmp_path / "conversations.png"))
    if os.environ.get("EVIDENCEKIT_SHOTS"):
        page.grab().save(os.environ["EVIDENCEKIT_SHOTS"] + "/crypt15-conversations.png")


def _conversations(screen):  # type: ignore[no-untyped-def]
    screen.show_page("conversations")
    page = screen.page_widgets["conversations"]
    page.reload() if hasattr(page, "reload") else None
    return page


def test_skipping_the_key_refuses_the_backup_only(
        make_app, qtbot, existing_vault: Path, tmp_path: Path) -> None:
    app = make_app()
    unlock(app, qtbot)
    screen = main_screen(app)
    backup = _backup(tmp_path / "in")
    [image] = write_images(tmp_path / "img", 1)
    screen.importer.import_paths([backup, image])
    dialog = screen.importer.key_question
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    with qtbot.waitSignal(screen.importer.finished, timeout=20_000) as blocker:
        dialog.skip_button.click()
    statuses = sorted(o.status for o in blocker.args[0])
    assert statuses == ["imported", "refused"]
    refused = next(o for o in blocker.args[0] if o.status == "refused")
    assert "needs the 64-digit key" in refused.message
    items = app.session.read(lambda v: list(list_items(v.conn)))
    assert len(items) == 1
