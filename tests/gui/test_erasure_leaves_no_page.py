"""After the app erases child-abuse material, no page of the vault's files — the database or
its write-ahead log, freed pages included — still decrypts to the image, while the app stays
open (the GUI may run for hours, and a crash would leave the log as it is)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from evidencekit.core.categories import CSAM
from evidencekit.gui.app import Composition
from tests.gui.conftest import unlock
from tests.gui.helpers import main_screen
from tests.gui.test_intimate_media import _import_with_answer, _photo_row, _select_rows
from tests.hostile.vault_pages import pages_holding
from tests.protect.fixtures import photo_bytes, whatsapp_zip


def test_no_page_holds_the_erased_image_while_the_app_stays_open(
        make_app: Callable[[], Composition], existing_vault: Path, qtbot, tmp_path: Path
) -> None:
    app = make_app()
    unlock(app, qtbot)
    page = main_screen(app).evidence
    _import_with_answer(app, qtbot, whatsapp_zip(tmp_path), "No")
    vault = app.session.vault
    key, db = bytes(vault._key), existing_vault / "vault.db"
    needle = photo_bytes()[400:464]
    assert pages_holding(key, db, needle), "the scan finds the stored photo before erasure"
    _select_rows(page, [_photo_row(page)])
    form = page.detail.form
    form.category.setCurrentIndex(form.category.findData(CSAM))
    form.save_changes()
    dialog = page.detail.erase_dialog
    assert dialog is not None
    dialog.erase_button.click()
    assert app.session.vault.is_open
    assert pages_holding(key, db, needle) == []
