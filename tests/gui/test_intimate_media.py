"""Issue 13 (1, 2) in the real app: an intimate photo inside a WhatsApp zip is asked about at
import, listed under its chat, blurred everywhere, left out of a minor's dossier; a child-abuse
file is erased through the logged removal; content is added by its address only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication, QMessageBox

from evidencekit.core.categories import CSAM
from evidencekit.core.evidence import find_case, get_item
from evidencekit.dossier.render import render_dossier
from evidencekit.dossier.request import DossierRequest
from evidencekit.dossier.victim import load_info, save_info
from evidencekit.gui.app import Composition
from evidencekit.gui.conversations.model import MESSAGE_ROLE
from evidencekit.gui.conversations.page import ConversationsPage
from evidencekit.gui.main.evidence_page import EvidencePage
from tests.gui.conftest import unlock
from tests.gui.helpers import main_screen
from tests.protect.fixtures import PHOTO, whatsapp_zip


def _contrast(pixmap: QPixmap) -> int:
    """Spread of grey levels along the middle row: the photo's stripes give ~200, blur ~0."""
    image = pixmap.toImage()
    y = image.height() // 2
    greys = [image.pixelColor(x, y).lightness() for x in range(image.width())]
    return max(greys) - min(greys)


def _import_with_answer(app: Composition, qtbot, zip_path: Path, answer: str) -> None:
    importer = main_screen(app).importer
    assert importer.import_paths([zip_path]) is False  # the question comes first
    box = importer.intimate_question
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "intimate" in box.text() and "blurred" in box.text()
    button = next(b for b in box.buttons() if b.text() == answer)
    with qtbot.waitSignal(importer.finished, timeout=30_000):
        button.click()
    if importer.last_summary is not None:
        importer.last_summary.close()


def _photo_row(page: EvidencePage) -> int:
    for row in range(page.model.rowCount()):
        found = page.model.row_at(row)
        if found is not None and found.parent_id is not None and PHOTO in found.name:
            return row
    raise AssertionError("the photo is not listed")


def _select_rows(page: EvidencePage, rows: list[int]) -> None:
    selection = page.table.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(page.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)


def test_intimate_photo_in_a_zip_is_blurred_and_withheld_from_a_minors_dossier(
        make_app: Callable[[], Composition], existing_vault: Path, qtbot, tmp_path: Path
) -> None:
    app = make_app()
    unlock(app, qtbot)
    screen = main_screen(app)
    _import_with_answer(app, qtbot, whatsapp_zip(tmp_path), "Yes, or maybe: blur them")
    page = screen.evidence
    row = _photo_row(page)
    listed = page.model.row_at(row)
    assert listed is not None and listed.sensitive
    shown = page.model.index(row, 0).data(Qt.ItemDataRole.DisplayRole)
    assert shown.startswith("   ↳ ") and "(blurred)" in shown
    photo_id = listed.item_id
    assert get_item(app.session.vault.conn, photo_id).annotations.sensitive
    # Its thumbnail exists (the grid keeps its shape) and is blurred: no stripe survives.
    qtbot.waitUntil(lambda: page.model.index(row, 0).data(Qt.ItemDataRole.DecorationRole)
                    is not None, timeout=10_000)
    tile = page.model.index(row, 0).data(Qt.ItemDataRole.DecorationRole)
    assert _contrast(tile) < 40
    assert photo_id not in page.thumbnails._cache  # the sharp decoder never saw it
    # The preview hides it until asked.
    _select_rows(page, [row])
    preview = page.detail.preview
    assert "sensitive" in preview.message.text() and preview.reveal.isVisible()
    qtbot.waitUntil(lambda: preview.tile.pixmap() is not None
                    and not preview.tile.pixmap().isNull(), timeout=10_000)
    assert _contrast(preview.tile.pixmap()) < 40

    # The chat viewer draws it as a blurred tile with a word saying why.
    screen.show_page("conversations")
    chats = screen.page_widgets["conversations"]
    assert isinstance(chats, ConversationsPage)
    messages = [chats.model.index(r, 0).data(MESSAGE_ROLE) for r in range(chats.model.rowCount())]
    attachment = next(a for m in messages for a in m.attachments)
    assert attachment.sensitive and attachment.is_image
    qtbot.waitUntil(lambda: chats.model.thumbnail(attachment) is not None, timeout=10_000)
    assert _contrast(chats.model.thumbnail(attachment)) < 40
    assert photo_id not in chats.thumbnails._cache
    described = [chats.model.describe(m) for m in messages if m.attachments]
    assert "sensitive image, blurred" in described[0]

    # Bulk: stop blurring, then blur again; each change is in the vault and its history.
    screen.show_page("evidence")
    _select_rows(page, [row, row - 1])
    assert page.marks.unblur_button.isEnabled()
    page.marks.unblur_button.click()
    assert not get_item(app.session.vault.conn, photo_id).annotations.sensitive
    page.marks.blur_button.click()
    assert get_item(app.session.vault.conn, photo_id).annotations.sensitive
    assert page.model.row_at(_photo_row(page)).sensitive  # type: ignore[union-attr]

    # She is 15: the police dossier holds no image at all and says what was withheld, why,
    # and where to get help.
    vault = app.session.vault
    case_id = find_case(vault.conn, "Default")
    born = date.today().replace(year=date.today().year - 15, day=1).isoformat()
    save_info(vault, case_id, replace(load_info(vault.conn, case_id), birth_date=born))
    out = tmp_path / "police.pdf"
    render_dossier(vault, DossierRequest("police", lang="fr", case="Default"), out)
    reader = PdfReader(str(out))
    assert sum(len(p.images) for p in reader.pages) == 0
    text = " ".join(" ".join(p.extract_text() or "" for p in reader.pages).split())
    assert "Pièces retenues" in text and PHOTO in text
    assert "3018" in text and "Pharos" in text


def test_child_abuse_is_erased_on_confirmation_and_addresses_are_added_without_a_file(
        make_app: Callable[[], Composition], existing_vault: Path, qtbot, tmp_path: Path
) -> None:
    app = make_app()
    unlock(app, qtbot)
    screen = main_screen(app)
    _import_with_answer(app, qtbot, whatsapp_zip(tmp_path), "No")
    page = screen.evidence
    row = _photo_row(page)
    photo_id = page.model.row_at(row).item_id  # type: ignore[union-attr]
    assert not get_item(app.session.vault.conn, photo_id).annotations.sensitive
    zip_id = get_item(app.session.vault.conn, photo_id).parent_id
    _select_rows(page, [row])
    form = page.detail.form
    form.category.setCurrentIndex(form.category.findData(CSAM))
    form.fields["url"].setText("https://example.invalid/p/9")
    form.save_changes()
    dialog = page.detail.erase_dialog
    assert dialog is not None and dialog.isVisible()
    assert "inside a chat export" in " ".join(w.text() for w in dialog.findChildren(type(form.status)))
    # Nothing is erased before the user confirms.
    conn = app.session.vault.conn
    assert conn.execute("SELECT count(*) FROM chunks WHERE item_id = ?", (photo_id,)).fetchone()[0]
    dialog.erase_button.click()
    for item_id in (photo_id, zip_id):
        assert conn.execute("SELECT count(*) FROM chunks WHERE item_id = ?",
                            (item_id,)).fetchone()[0] == 0
    kept = get_item(conn, photo_id)
    assert kept.removal is not None and kept.annotations.category == CSAM
    assert kept.annotations.url == "https://example.invalid/p/9"
    names = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    assert any("(removed)" in n and "WhatsApp" in n for n in names)
    # The chat is still readable; the erased photo is a name only, nothing is decoded.
    screen.show_page("conversations")
    chats = screen.page_widgets["conversations"]
    assert isinstance(chats, ConversationsPage)
    chats.reload()
    assert chats.select_chat(zip_id)
    messages = [chats.model.index(r, 0).data(MESSAGE_ROLE) for r in range(chats.model.rowCount())]
    assert [m.text for m in messages][0] == "Envoie une photo"
    attachment = next(a for m in messages for a in m.attachments)
    assert not attachment.is_image and chats.model.thumbnail(attachment) is None
    screen.show_page("evidence")

    # "Add by address…": a URL, when it was seen and what it shows; no file.
    dialog2 = page.marks.add_by_address()
    assert dialog2 is not None
    dialog2.url.setText("https://example.invalid/post/42")
    dialog2.description.setPlainText("Publication de ma photo sur un compte public")
    dialog2.category.setCurrentIndex(dialog2.category.findData("intimate_images"))
    dialog2.save()
    QApplication.processEvents()
    row_id = conn.execute("SELECT item_id FROM annotations WHERE url = ?",
                          ("https://example.invalid/post/42",)).fetchone()[0]
    added = get_item(conn, int(row_id))
    assert added.kind == "url" and added.original is None
    assert added.annotations.seen_at and added.annotations.category == "intimate_images"
    assert page.detail.item is not None and page.detail.item.id == added.id
