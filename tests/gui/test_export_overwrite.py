"""A second export never replaces the first without the user's yes; unticked exhibits stay out.

Issue 13 item 4: after switching recipient the old name and success message stayed, "Create"
replaced the police PDF and zip with the lawyer's, and unticked exhibits came back ticked.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWizard

from evidencekit.gui.app import Composition
from evidencekit.gui.export.wizard import EXHIBITS, INFO, PREVIEW, SAVE, ExportPage, ExportWizard
from tests.gui.layout_check import fits
from tests.gui.test_pages_data import chat_app, open_page  # noqa: F401 - fixture

__all__ = ["chat_app"]


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


def _wizard(app: Composition) -> ExportWizard:
    screen, page = open_page(app, "export")
    assert isinstance(page, ExportPage)
    return page.wizard


def _to_save(wizard: ExportWizard, qtbot, recipient: str) -> None:
    wizard.restart()
    wizard.recipient_step.buttons[recipient].setChecked(True)
    wizard.next()
    assert wizard.currentId() == EXHIBITS
    wizard.next()
    assert wizard.currentId() == INFO
    wizard.next()
    assert wizard.currentId() == PREVIEW
    # "Next" waits for the pages (drawn by the worker, delivered through the event loop).
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    qtbot.waitUntil(lambda: wizard.preview_step.pages > 0, timeout=60_000)
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.next()
    assert wizard.currentId() == SAVE


def _create(wizard: ExportWizard, qtbot) -> None:
    wizard.save_step.create_button.click()
    qtbot.waitUntil(lambda: wizard.job is None and not wizard.save_step.running,
                    timeout=60_000)


def _answer(wizard: ExportWizard, qtbot, text: str) -> None:
    qtbot.waitUntil(lambda: wizard.save_step.question is not None, timeout=5_000)
    box = wizard.save_step.question
    assert isinstance(box, QMessageBox)
    assert "police-dossier.pdf" in box.text() and "police-dossier.zip" in box.text()
    button = next(b for b in box.buttons() if b.text() == text)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.save_step.question is None, timeout=5_000)


def test_a_second_export_asks_before_replacing_the_first(chat_app: Composition, qtbot,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "usb"
    out.mkdir()
    first = out / "police-dossier.pdf"
    wizard = _wizard(chat_app)
    _to_save(wizard, qtbot, "police")
    wizard.save_step.path.setText(str(first))
    wizard.save_step.bundle.setChecked(True)
    _create(wizard, qtbot)
    assert wizard.save_step.done_pdf == first, wizard.save_step.status.text()
    assert wizard.save_step.open_button.isVisible()
    police = _digests(out)
    assert set(police) == {"police-dossier.pdf", "police-dossier.zip"}

    # "Done", then the lawyer's dossier: a fresh name in the same folder, no old message.
    wizard.button(QWizard.WizardButton.FinishButton).click()
    _to_save(wizard, qtbot, "lawyer")
    today = date.today().isoformat()
    assert wizard.save_step.path.text() == str(out / f"lawyer-karim-{today}.pdf")
    assert wizard.save_step.status.text() == ""
    assert not wizard.save_step.open_button.isVisible()
    assert not wizard.save_step.isComplete()

    # The user types the police file's name: asked, and "Cancel" leaves every byte alone.
    wizard.save_step.path.clear()
    qtbot.keyClicks(wizard.save_step.path, str(first))
    wizard.save_step.bundle.setChecked(True)
    wizard.save_step.create_button.click()
    _answer(wizard, qtbot, "Cancel")
    assert wizard.job is None
    assert _digests(out) == police
    assert "unchanged" in wizard.save_step.status.text()

    # "Save under a new name": the lawyer's files go beside, the police files stay as they were.
    wizard.save_step.create_button.click()
    _answer(wizard, qtbot, "Save under a new name")
    qtbot.waitUntil(lambda: wizard.job is None and wizard.save_step.done_pdf is not None,
                    timeout=60_000)
    assert wizard.save_step.done_pdf == out / "police-dossier-2.pdf"
    after = _digests(out)
    assert {k: after[k] for k in police} == police
    assert "police-dossier-2.zip" in after and "police-dossier-2-bordereau.csv" in after

    # Only an explicit "Replace them" changes the first file.
    wizard.button(QWizard.WizardButton.FinishButton).click()
    _to_save(wizard, qtbot, "lawyer")
    wizard.save_step.path.clear()
    qtbot.keyClicks(wizard.save_step.path, str(first))
    wizard.save_step.bundle.setChecked(True)
    wizard.save_step.create_button.click()
    _answer(wizard, qtbot, "Replace them")
    qtbot.waitUntil(lambda: wizard.job is None and wizard.save_step.done_pdf is not None,
                    timeout=60_000)
    replaced = _digests(out)
    assert replaced["police-dossier.pdf"] != police["police-dossier.pdf"]
    assert replaced["police-dossier.zip"] != police["police-dossier.zip"]


def test_open_and_show_in_folder_after_saving(chat_app: Composition, qtbot,
                                              tmp_path: Path) -> None:
    class Catcher(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.opened: list[str] = []

        @Slot(QUrl)
        def take(self, url: QUrl) -> None:
            self.opened.append(url.toLocalFile())

    catcher = Catcher()
    QDesktopServices.setUrlHandler("file", catcher, "take")
    try:
        wizard = _wizard(chat_app)
        _to_save(wizard, qtbot, "pharos")
        assert not wizard.save_step.open_button.isVisible()
        pdf = tmp_path / "pharos.pdf"
        wizard.save_step.path.setText(str(pdf))
        wizard.save_step.bundle.setChecked(True)
        _create(wizard, qtbot)
        assert wizard.save_step.done_pdf == pdf
        # The long result (paths, the signing key) fits a zoomed laptop screen too.
        for size in ((1008, 552), (667, 336)):
            assert fits(chat_app.shell, *size) == [], size
            assert wizard.save_step.open_button.isVisible()
        qtbot.mouseClick(wizard.save_step.open_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(wizard.save_step.folder_button, Qt.MouseButton.LeftButton)
        assert catcher.opened == [str(pdf), str(tmp_path)]
    finally:
        QDesktopServices.unsetUrlHandler("file")


def _ticks(wizard: ExportWizard) -> dict[str, bool]:
    model = wizard.exhibits_step.model
    return {model.item(r).text(): model.item(r).checkState() == Qt.CheckState.Checked
            for r in range(model.rowCount())}


def test_unticked_exhibits_stay_unticked_across_recipients(chat_app: Composition,
                                                          qtbot) -> None:
    wizard = _wizard(chat_app)
    wizard.restart()
    wizard.recipient_step.buttons["police"].setChecked(True)
    wizard.next()
    step = wizard.exhibits_step
    assert step.model.rowCount() == 2
    names = [step.model.item(r).text() for r in range(2)]
    step.model.item(0).setCheckState(Qt.CheckState.Unchecked)  # the chat export stays out
    step.view.setCurrentIndex(step.model.index(1, 0))
    step.move_current(-1)  # and the screenshot comes first
    expected = {names[0]: False, names[1]: True}
    wizard.back()
    wizard.recipient_step.buttons["lawyer"].setChecked(True)
    wizard.next()
    assert _ticks(wizard) == expected
    assert [step.model.item(r).text() for r in range(2)] == [names[1], names[0]]
    wizard.back()
    wizard.recipient_step.buttons["police"].setChecked(True)
    wizard.next()
    assert _ticks(wizard) == expected
    assert wizard.request().item_ids == (wizard.request().item_ids[0],)
    # A lock forgets the choice with everything else decrypted.
    chat_app.session.lock()
    assert wizard.exhibits_step.memory == {}
