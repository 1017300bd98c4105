"""“Capture a web page…” in the app: the dialog captures the local HTTPS site into the vault."""

from __future__ import annotations

import json
from pathlib import Path

from evidencekit.core.web_capture_record import capture_ids, read_manifest
from evidencekit.gui.capture.dialog import WebCaptureDialog
from tests.capture.site import LocalSite
from tests.gui.conftest import unlock
from tests.gui.helpers import main_screen


def test_capture_from_the_dialog(make_app, qtbot, existing_vault: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    unlock(app, qtbot)
    screen = main_screen(app)
    dialog = screen.capture_web_page()
    assert isinstance(dialog, WebCaptureDialog)
    assert "uses the network" in " ".join(w.text() for w in dialog.findChildren(type(dialog.status)))
    dialog.address.setText("ftp://nope")
    dialog.start()
    assert "http" in dialog.status.text() and dialog.job is None
    (tmp_path / "site").mkdir()
    with LocalSite(tmp_path / "site") as site:
        dialog.address.setText(site.url)
        with qtbot.waitSignal(dialog.captured, timeout=120_000) as blocker:
            dialog.start()
    stored = blocker.args[0]
    assert f"#{stored.item_id}" in dialog.status.text()
    assert "certificate did not verify" in dialog.status.text()
    conn = app.session.vault.conn
    assert capture_ids(conn) == [stored.item_id]
    manifest = read_manifest(conn, stored.item_id)
    assert manifest is not None and manifest["final_url"].endswith("/page")
    # The app trusts the public roots only: the test site's own CA is not among them, so the
    # capture is kept and its certificate flagged, never silently accepted.
    assert manifest["server"]["verified"] is False and manifest["server"]["error"]
    assert json.dumps(manifest).count("sha256") >= 7
    # In the list, the capture previews as the page it recorded, not as its JSON manifest.
    page = screen.evidence
    qtbot.waitUntil(lambda: page.model.index_of(stored.item_id).isValid(), timeout=20_000)
    page.select_item(stored.item_id)
    preview = page.detail.preview
    qtbot.waitUntil(lambda: preview.stack.currentWidget() is preview.view, timeout=20_000)


def test_dialog_speaks_french_and_arabic(make_app, qtbot, existing_vault: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import os

    from PySide6.QtCore import Qt

    app = make_app()
    unlock(app, qtbot)
    for lang, heading, direction in (("fr", "Capturer une page web", Qt.LayoutDirection.LeftToRight),
                                     ("ar", "التقاط صفحة ويب", Qt.LayoutDirection.RightToLeft)):
        app.apply_language(lang)
        dialog = main_screen(app).capture_web_page()
        qtbot.waitExposed(dialog)
        assert dialog.windowTitle() == heading and dialog.layoutDirection() == direction
        assert dialog.login_first.text() and dialog.login_first.text() != "Let me log in first"
        dialog.address.setText("https://exemple.fr/publication/123")
        shot = dialog.grab()
        assert not shot.isNull()
        shot.save(str(tmp_path / f"gui-web-capture-{lang}.png"))
        if os.environ.get("EVIDENCEKIT_SHOTS"):
            shot.save(os.path.join(os.environ["EVIDENCEKIT_SHOTS"], f"gui-web-capture-{lang}.png"))
        dialog.close()


def test_stop_ends_the_browser_and_keeps_nothing(make_app, qtbot, existing_vault: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    unlock(app, qtbot)
    dialog = main_screen(app).capture_web_page()
    (tmp_path / "site").mkdir()
    with LocalSite(tmp_path / "site") as site:
        dialog.address.setText(site.url + "hang")  # an image that takes 20 s: still loading
        dialog.start()
        assert dialog.stop_button.isEnabled()
        qtbot.wait(1500)
        dialog.stop_button.click()
        qtbot.waitUntil(lambda: dialog.job is None, timeout=20_000)
    assert "nothing was kept" in dialog.status.text()
    assert capture_ids(app.session.vault.conn) == []
    assert not dialog.stop_button.isEnabled() and dialog.start_button.isEnabled()
