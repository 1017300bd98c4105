"""Saving a copy of the vault from the app, and the gentle reminder when there is none."""

from __future__ import annotations

from pathlib import Path

from evidencekit.core.backup import inspect_backup
from evidencekit.gui.backup.page import BackupPage
from tests.gui.conftest import PASSPHRASE, unlock
from tests.gui.helpers import main_screen, write_images


def _notices(app) -> list[str]:  # type: ignore[no-untyped-def]
    screen = main_screen(app)
    return [screen.notices.itemAt(i).widget().text.text() for i in range(screen.notices.count())]


def test_save_a_copy_then_the_reminder_goes(make_app, qtbot, existing_vault: Path,
                                            tmp_path: Path) -> None:
    app = make_app()
    unlock(app, qtbot)
    assert not any("copy of your vault" in t for t in _notices(app))  # nothing to lose yet
    screen = main_screen(app)
    with qtbot.waitSignal(screen.importer.finished, timeout=20_000):
        screen.importer.import_paths(write_images(tmp_path / "in", 2))
    app.session.lock()
    unlock(app, qtbot)
    assert any("There is no copy of your vault yet" in t for t in _notices(app))
    screen = main_screen(app)
    screen.show_page("backup")
    page = screen.page_widgets["backup"]
    assert isinstance(page, BackupPage)
    assert "No copy has been saved yet" in page.last.text()
    out = tmp_path / "usb" / "copie.ekbackup"
    out.parent.mkdir()
    page.save_to(out)
    qtbot.waitUntil(lambda: page.status.text().startswith("Saved and checked"), timeout=60_000)
    assert out.exists() and str(out) in page.status.text()
    assert "Last copy:" in page.last.text()
    staging = tmp_path / "staging"
    staging.mkdir()
    info = inspect_backup(out, PASSPHRASE, staging)  # a real, complete copy
    assert info.custody_entries > 0
    app.session.lock()
    unlock(app, qtbot)
    assert not any("copy of your vault" in t or "last copy" in t for t in _notices(app))
