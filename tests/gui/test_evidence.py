"""Annotating an item through the form, the detail pane, and a 100,000-row case opening fast."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from evidencekit.core.evidence import ensure_case, get_item
from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.timeutil import now_iso
from evidencekit.core.vault import Vault
from evidencekit.gui.main.evidence_model import PAGE_SIZE
from tests.gui.conftest import PASSPHRASE, unlock
from tests.gui.helpers import main_screen, write_images


def test_annotate_an_item(make_app, qtbot, existing_vault: Path, tmp_path: Path) -> None:
    app = make_app()
    unlock(app, qtbot)
    screen = main_screen(app)
    with qtbot.waitSignal(screen.importer.finished, timeout=20_000):
        screen.importer.import_paths(write_images(tmp_path / "a", 1))
    page = screen.evidence
    page.select_item(1)
    form = page.detail.form
    assert form.isEnabled()
    form.fields["title"].setText("Threat\x07 from\u202e the account")
    form.fields["url"].setText("https://example.org/p/1")
    form.platform.setCurrentText("Instagram")
    form.category.setCurrentIndex(form.category.findData("threats"))
    form.sensitive.setChecked(True)
    form.online.setCurrentIndex(form.online.findData("online"))
    assert form.fields["online_checked_at"].text()  # filled with today
    form.notes.setPlainText("Seen by my sister too.")
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    assert form.status.text().startswith("Saved at")
    item = app.session.read(lambda v: get_item(v.conn, 1))
    assert item.annotations.title == "Threat\x07 from\u202e the account"  # stored as typed
    assert item.annotations.category == "threats"
    assert item.annotations.sensitive is True
    assert item.annotations.online_status == "online"
    assert item.annotations.notes == "Seen by my sister too."
    # Displayed without the control characters, and the history shows the change.
    assert page.model.rows[0].name == "Threat from the account"
    actions = [e.action for e in page.detail.history_model.entries]
    assert actions[-1] == "annotated"
    assert page.detail.integrity.sha_value == item.original.sha256
    assert page.detail.integrity.sha.text().replace(" ", "") == item.original.sha256
    # A sensitive image is hidden in the preview until asked for.
    assert page.detail.preview.reveal.isVisibleTo(page.detail.preview)


def test_100k_row_case_opens_one_page_at_a_time(make_app, qtbot, vault_path: Path) -> None:
    """Opening fetches one page, whatever the case's size (the time is in bench/gui_bench.py)."""
    vault, _key = Vault.create(vault_path, PASSPHRASE, kdf=TEST_PARAMS)
    with vault.transaction() as tx:
        case_id = ensure_case(tx, "Big")
        stamp = now_iso()
        tx.executemany("INSERT INTO items (case_id, kind, parent_id, created_at)"
                       " VALUES (?, 'url', NULL, ?)", ((case_id, stamp) for _ in range(100_000)))
    vault.close()
    app = make_app()
    unlock(app, qtbot)
    screen = main_screen(app)
    row = screen.cases_model.row_of(case_id)
    screen.case_list.setCurrentIndex(screen.cases_model.index(row))
    qtbot.waitUntil(lambda: screen.evidence.table.isVisible(), timeout=10_000)
    model = screen.evidence.model
    assert model.total == 100_000
    assert model.rowCount() <= 3 * PAGE_SIZE  # lazily fetched
    screen.evidence.table.scrollToBottom()
    qtbot.wait(50)
    assert model.rowCount() > PAGE_SIZE  # scrolling fetched more


def test_settings_dialog_saves_and_applies(make_app, qtbot, existing_vault: Path,
                                           settings_path: Path) -> None:
    app = make_app()
    unlock(app, qtbot)
    screen = main_screen(app)
    screen.settings_requested.emit()
    dialog = app.shell.settings_dialog
    assert dialog is not None
    assert dialog.isVisible()
    dialog.auto_lock.setValue(12)
    dialog.ocr.setChecked(False)
    dialog.language.setCurrentIndex(dialog.language.findData("fr"))
    dialog.save()
    text = settings_path.read_text()
    assert '"auto_lock_minutes": 12' in text
    assert '"ocr": false' in text
    assert app.idle._timer.interval() == 12 * 60_000
    from evidencekit.i18n import current_language

    assert current_language() == "fr"
    assert app.session.is_unlocked  # a language change keeps the vault open


def test_a_new_recovery_key_from_settings_rekeys_and_refuses_a_wrong_passphrase(
        make_app, qtbot, existing_vault: Path) -> None:
    app = make_app()
    unlock(app, qtbot)
    main_screen(app).settings_requested.emit()
    dialog = app.shell.settings_dialog
    slots_before = (existing_vault / "keyslots.json").read_bytes()
    dialog.recovery_passphrase.setText("not the passphrase")
    dialog.new_recovery.click()
    qtbot.waitUntil(lambda: dialog.new_recovery.isEnabled(), timeout=30_000)
    assert "wrong passphrase" in dialog.recovery_status.text()
    assert (existing_vault / "keyslots.json").read_bytes() == slots_before
    dialog.recovery_passphrase.setText(PASSPHRASE)
    dialog.new_recovery.click()
    qtbot.waitUntil(lambda: not dialog.new_recovery.isVisible() and
                    "Copies of the vault folder" in dialog.recovery_status.text(),
                    timeout=60_000)
    assert dialog.recovery_passphrase.text() == ""  # the passphrase is not left in the field
    assert app.session.read(lambda v: v.has_recovery_key)
    actions = app.session.read(lambda v: [e.action for e in v.custody.entries()])
    assert "recovery-key-replaced" in actions


def test_the_item_count_reads_right_in_french(make_app, qtbot, existing_vault: Path,
                                              tmp_path: Path) -> None:
    app = make_app()
    unlock(app, qtbot)
    app.apply_language("fr")
    screen = main_screen(app)
    with qtbot.waitSignal(screen.importer.finished, timeout=20_000):
        screen.importer.import_paths(write_images(tmp_path / "a", 1))
    qtbot.waitUntil(lambda: "1 élément" in screen.evidence.heading.text(), timeout=10_000)
    assert "éléments" not in screen.evidence.heading.text()
