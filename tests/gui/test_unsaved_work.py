"""Typed work is not lost: a description changed and not saved is offered for saving when
another item is opened, and kept (inside the vault) across a lock."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from evidencekit.core.evidence import get_item
from evidencekit.core.vault import Vault
from evidencekit.gui.main.annotations_form import DRAFT_KEY
from tests.gui.conftest import PASSPHRASE, unlock
from tests.gui.helpers import main_screen, write_images


def _two_items(app, qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    screen = main_screen(app)
    with qtbot.waitSignal(screen.importer.finished, timeout=20_000):
        screen.importer.import_paths(write_images(tmp_path / "in", 2))
    return main_screen(app).evidence


def test_opening_another_item_offers_to_save(make_app, qtbot, existing_vault: Path,
                                             tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def answer(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Save

    monkeypatch.setattr(QMessageBox, "question", answer)
    app = make_app()
    unlock(app, qtbot)
    page = _two_items(app, qtbot, tmp_path)
    page.select_item(1)
    page.detail.form.fields["title"].setText("Menace du 12 mars")
    page.select_item(2)
    assert asked and "did not save" in asked[0]
    assert app.session.read(lambda v: get_item(v.conn, 1)).annotations.title == \
        "Menace du 12 mars"


def test_an_unchanged_form_asks_nothing(make_app, qtbot, existing_vault: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: pytest.fail("asked without a change"))
    app = make_app()
    unlock(app, qtbot)
    page = _two_items(app, qtbot, tmp_path)
    page.select_item(1)
    page.select_item(2)


def test_a_lock_keeps_the_unsaved_description_inside_the_vault(make_app, qtbot,
                                                               existing_vault: Path,
                                                               tmp_path: Path) -> None:
    app = make_app()
    unlock(app, qtbot)
    page = _two_items(app, qtbot, tmp_path)
    page.select_item(2)
    page.detail.form.notes.setPlainText("Vu par ma sœur aussi, le 12 mars au soir.")
    app.session.lock("idle")
    vault = Vault.open(app.session.vault_path, PASSPHRASE)
    try:
        assert vault.meta(DRAFT_KEY, "")  # kept encrypted in the vault
    finally:
        vault.close()
    unlock(app, qtbot)
    page = main_screen(app).evidence
    # The unlock comes back to the item (gui/main/place.py), its draft in the fields.
    assert page.detail.item is not None and page.detail.item.id == 2
    form = page.detail.form
    assert form.notes.toPlainText() == "Vu par ma sœur aussi, le 12 mars au soir."
    assert "were kept" in form.status.text()
    assert form.has_unsaved_changes()
    form.save_changes()
    assert app.session.read(lambda v: get_item(v.conn, 2)).annotations.notes.startswith("Vu par")
    assert not app.session.read(lambda v: v.meta(DRAFT_KEY, ""))
