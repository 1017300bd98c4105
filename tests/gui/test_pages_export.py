"""The export wizard writes a dossier and a bundle; the verify page checks bundles offline."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt

from evidencekit.dossier.victim import load_info
from evidencekit.gui.app import Composition
from evidencekit.gui.conversations.page import ConversationsPage
from evidencekit.gui.export.wizard import EXHIBITS, INFO, PREVIEW, SAVE, ExportPage
from evidencekit.gui.verify.page import VerifyDialog, VerifyPanel
from tests.gui.test_pages_data import chat_app, open_page  # noqa: F401 - fixture

__all__ = ["chat_app"]


def _export(app: Composition, qtbot, out: Path, bundle: bool,
            before_create: Callable[[ExportPage], None] | None = None) -> ExportPage:
    screen, chats = open_page(app, "conversations")
    assert isinstance(chats, ConversationsPage)
    chats.view.selectionModel().select(chats.model.index(0, 0),
                                       QItemSelectionModel.SelectionFlag.Select)
    chats.toggle_chosen()
    screen.show_page("export")
    page = screen.page_widgets["export"]
    assert isinstance(page, ExportPage)
    wizard = page.wizard
    wizard.recipient_step.buttons["lawyer"].setChecked(True)
    wizard.recipient_step.language.setCurrentIndex(0)  # French
    wizard.next()
    assert wizard.currentId() == EXHIBITS
    step = wizard.exhibits_step
    texts = [step.model.item(r).text() for r in range(step.model.rowCount())]
    assert any(t.startswith("Message: Karim") and "habites" in t for t in texts)
    assert sum(t.startswith("File:") for t in texts) == 2
    step.view.setCurrentIndex(step.model.index(1, 0))
    step.move_current(-1)  # the screenshot first
    assert step.model.item(0).text() == texts[1]
    wizard.next()
    assert wizard.currentId() == INFO
    wizard.info_step.lines["full_name"].setText("Lina B.")
    wizard.info_step.texts["narrative"].setPlainText("Depuis novembre, il m'écrit chaque nuit.")
    wizard.next()
    assert wizard.currentId() == PREVIEW
    assert load_info(app.session.vault.conn, app.session.read(
        lambda v: v.conn.execute("SELECT id FROM cases").fetchone()[0])).full_name == "Lina B."
    # The pages are drawn in memory before anything is saved: the folder is still empty.
    qtbot.waitUntil(lambda: wizard.preview_step.pages > 0, timeout=60_000)
    assert wizard.preview_step.status.text().endswith("Scroll to read them all.")
    assert list(out.parent.iterdir()) == []
    wizard.next()
    assert wizard.currentId() == SAVE
    wizard.save_step.path.setText(str(out))
    wizard.save_step.bundle.setChecked(bundle)
    if before_create is not None:
        before_create(page)
    wizard.save_step.create_button.click()
    qtbot.waitUntil(lambda: wizard.job is None, timeout=60_000)
    assert wizard.save_step.done_pdf == out, wizard.save_step.status.text()
    return page


def test_wizard_writes_a_dossier_and_a_bundle(chat_app: Composition, qtbot,
                                              tmp_path: Path) -> None:
    out = tmp_path / "out" / "dossier.pdf"
    out.parent.mkdir()
    page = _export(chat_app, qtbot, out, bundle=True)
    wizard = page.wizard
    assert out.read_bytes().startswith(b"%PDF")
    dossier, bundle = wizard.last_result
    assert [e.item_id for e in dossier.exhibits][0] != dossier.exhibits[1].item_id
    assert any(e.message_id for e in dossier.exhibits)
    assert bundle.path == out.with_suffix(".zip") and bundle.report.ok
    key = bundle.report.signing_key_sha256
    # In groups of four, so that it wraps on a narrow screen; spaces are ignored when typed back.
    grouped = " ".join(key[i:i + 4] for i in range(0, 64, 4))
    assert f"Signing key of this vault: {grouped}." in wizard.save_step.status.text()
    # The preview wrote nothing: only the user's chosen files are in the folder.
    assert sorted(p.name for p in out.parent.iterdir()) == [
        "dossier-bordereau.csv", "dossier-bordereau.odt", "dossier.pdf", "dossier.zip"]


def test_verify_page_intact_then_tampered(chat_app: Composition, qtbot,
                                          tmp_path: Path) -> None:
    out = tmp_path / "out" / "dossier.pdf"
    out.parent.mkdir()
    _export(chat_app, qtbot, out, bundle=True)
    good = out.with_suffix(".zip")
    _screen, panel = open_page(chat_app, "verify")
    assert isinstance(panel, VerifyPanel)
    with qtbot.waitSignal(panel.checked, timeout=30_000) as blocker:
        panel.verify_path(good)
    assert blocker.args == [True]
    assert panel.verdict.text().startswith("Intact")
    # Change one original inside the zip, keeping everything else.
    bad = tmp_path / "tampered.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("originals/") and info.filename.endswith(".png"):
                victim_name = info.filename
                data = data[:-8] + b"tampered"
            dst.writestr(info, data)
    with qtbot.waitSignal(panel.checked, timeout=30_000) as blocker:
        panel.verify_path(bad)
    assert blocker.args == [False]
    assert panel.verdict.text().startswith("Altered")
    assert victim_name in panel.verdict.text()
    assert victim_name in panel.details.toPlainText()


def test_verify_works_without_a_vault(qapp, qtbot, tmp_path: Path) -> None:
    from evidencekit.gui.worker import JobRunner

    jobs = JobRunner()
    dialog = VerifyDialog(jobs)
    qtbot.addWidget(dialog)
    not_a_bundle = tmp_path / "photo.zip"
    not_a_bundle.write_bytes(b"not a zip at all")
    with qtbot.waitSignal(dialog.panel.checked, timeout=10_000):
        dialog.panel.verify_path(not_a_bundle)
    assert "not a zip archive" in dialog.panel.verdict.text()
    assert dialog.panel.verdict.textFormat() == Qt.TextFormat.PlainText
    jobs.wait(5000)
