"""The app's "Save a copy" with a sealed original altered on disk (review of sealed originals).

Before: the copy was written and the page said "Saved and checked", yet every restore of that
copy was refused. Now nothing is written and the page names the damaged item.
"""

from __future__ import annotations

import os
from pathlib import Path

from evidencekit.core import sealed
from evidencekit.core.intake import import_file
from evidencekit.core.vault import Vault
from evidencekit.gui.backup.page import BackupPage
from tests.gui.conftest import PASSPHRASE, unlock
from tests.gui.helpers import main_screen

# Large enough for several sealed blocks whatever the sealing threshold.
BIG = max(sealed.THRESHOLD, 8 * 1024 * 1024)


def test_a_copy_is_not_called_checked_when_a_sealed_original_is_damaged(
        make_app, qtbot, existing_vault: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    video = tmp_path / "video.mp4"
    video.write_bytes(os.urandom(BIG + 5))
    with Vault.open(existing_vault, PASSPHRASE) as vault:
        item_id = import_file(vault, video, case="c").item_id
    (path,) = (existing_vault / "originals").iterdir()
    raw = bytearray(path.read_bytes())
    raw[sealed.block_offset(2) + 7] ^= 0x40
    path.write_bytes(bytes(raw))

    app = make_app()
    unlock(app, qtbot)
    screen = main_screen(app)
    screen.show_page("backup")
    page = screen.page_widgets["backup"]
    assert isinstance(page, BackupPage)
    out = tmp_path / "usb" / "copie.ekbackup"
    out.parent.mkdir()
    page.save_to(out)
    qtbot.waitUntil(lambda: page.save.isEnabled(), timeout=60_000)
    assert not page.status.text().startswith("Saved and checked"), page.status.text()
    assert f"Item {item_id}" in page.status.text(), page.status.text()
    assert "No new backup was written" in page.status.text(), page.status.text()
    assert list(out.parent.iterdir()) == []
