"""The export wizard's bundle choices and the timestamping setting reach the bundle.

Before, the setting was saved to settings.json but the export read a vault key nothing set, so
no bundle made from the app was ever timestamped.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pyrage

from evidencekit.gui.app import Composition
from evidencekit.gui.export.wizard import SAVE
from evidencekit.gui.verify.page import VerifyPanel
from tests.dossier.local_tsa import LocalTsa
from tests.gui.test_pages_data import chat_app, open_page  # noqa: F401 - fixture
from tests.gui.test_pages_export import _export

__all__ = ["chat_app"]


def test_settings_timestamping_and_encryption_reach_the_bundle(
        chat_app: Composition, qtbot, tmp_path: Path) -> None:  # noqa: F811
    tsa = LocalTsa(tmp_path / "tsa")
    try:
        chat_app.session.update_settings(chat_app.session.settings.with_changes(
            timestamping=True, tsa_url=tsa.url, tsa_ca=str(tsa.ca_file)))
        out = tmp_path / "out" / "dossier.pdf"
        out.parent.mkdir()

        def tick(page: object) -> None:
            choices = page.wizard.save_step.choices  # type: ignore[attr-defined]
            assert not choices.include_gps.isChecked() and not choices.include_notes.isChecked()
            assert "Timestamping is on" in choices.timestamping.text()
            choices.encrypt.setChecked(True)

        page = _export(chat_app, qtbot, out, bundle=True, before_create=tick)
        wizard = page.wizard
        assert wizard.currentId() == SAVE
        _dossier, bundle = wizard.last_result
        assert bundle.path == out.parent / "dossier.zip.age"
        assert bundle.timestamp.status == "attached" and tsa.requests == 2
        status = wizard.save_step.status.text()
        found = re.search(r"give it by phone, never with the file: (\S+)", status)
        assert found and found.group(1) == bundle.passphrase
        plain = pyrage.passphrase.decrypt(bundle.path.read_bytes(), bundle.passphrase)
        names = zipfile.ZipFile(io.BytesIO(plain)).namelist()
        assert "timestamps/manifest.1.tsr" in names and "timestamps/custody-root.1.tsr" in names
        assert not (out.parent / "dossier.zip").exists()
        # The verify page opens it with the passphrase, trusting the CA of the settings.
        screen, panel = open_page(chat_app, "verify")
        assert isinstance(panel, VerifyPanel)
        panel.ask_passphrase = lambda _path: "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF"  # type: ignore[method-assign]
        with qtbot.waitSignal(panel.checked, timeout=60_000) as wrong:
            panel.verify_path(bundle.path)
        assert wrong.args == [False]
        assert "does not open the encrypted bundle" in panel.verdict.text()
        panel.ask_passphrase = lambda _path: bundle.passphrase  # type: ignore[method-assign]
        with qtbot.waitSignal(panel.checked, timeout=60_000) as right:
            panel.verify_path(bundle.path)
        assert right.args == [True], panel.details.toPlainText()
        details = panel.details.toPlainText()
        assert "timestamped by CN=Local Test TSA" in details
        assert "verified to CN=Local Test Root CA" in details
    finally:
        tsa.close()


def test_settings_dialog_turns_timestamping_on(chat_app: Composition, qtbot,  # noqa: F811
                                               tmp_path: Path) -> None:
    from evidencekit.gui.settings import SettingsStore
    from evidencekit.gui.settings_dialog.dialog import SettingsDialog

    dialog = SettingsDialog(chat_app.session)
    qtbot.addWidget(dialog)
    assert not dialog.timestamping.isChecked()  # off by default: no network
    assert not chat_app.session.settings.timestamp_settings().enabled
    dialog.timestamping.setChecked(True)
    dialog.save()
    saved = SettingsStore(chat_app.session.store.path).load()
    assert saved.timestamping and saved.timestamp_settings().urls == (
        "http://timestamp.digicert.com", "http://timestamp.sectigo.com")
