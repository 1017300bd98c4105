"""“Add by address…” asks for the moment it was seen with the Description tab's words and its
plain date format (it showed an ISO “2026-12-06T21:18+00:00” under another label)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QApplication, QFormLayout, QLabel

from evidencekit.core.evidence import get_item
from evidencekit.gui.app import Composition
from evidencekit.i18n import _
from tests.gui.helpers import main_screen
from tests.gui.test_pages_data import chat_app  # noqa: F401 - fixture


def _label_of(layout: QFormLayout, field: object) -> str:
    item = layout.labelForField(field)  # type: ignore[arg-type]
    assert isinstance(item, QLabel)
    return item.text()


def test_seen_field_matches_the_description_tab(chat_app: Composition) -> None:  # noqa: F811
    chat_app.apply_language("fr")
    page = main_screen(chat_app).evidence
    dialog = page.marks.add_by_address()
    assert dialog is not None
    form = dialog.findChild(QFormLayout)
    assert form is not None
    assert _label_of(form, dialog.seen) == _("When you saw it") == "Quand vous l'avez vu"
    assert dialog.seen.accessibleName() == _("When you saw it")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", dialog.seen.text()), dialog.seen.text()
    # The description tab shows the same field with the same label.
    page.select_item(page.model.rows[0].item_id)
    tab_form = page.detail.form
    assert _("When you saw it") in [w.text() for w in tab_form.findChildren(QLabel)]
    # Saved with the time zone's offset, as the Description tab saves it.
    dialog.url.setText("https://example.invalid/post/7")
    dialog.seen.setText("2026-03-02 21:05")
    dialog.save()
    QApplication.processEvents()
    conn = chat_app.session.vault.conn
    row = conn.execute("SELECT item_id FROM annotations WHERE url = ?",
                       ("https://example.invalid/post/7",)).fetchone()
    seen = get_item(conn, int(row[0])).annotations.seen_at
    assert re.fullmatch(r"2026-03-02T21:05[+-]\d{2}:\d{2}", seen), seen
