"""The Description tab shows the moment seen as its placeholder asks ("2026-03-12 21:45", in the
user's time zone), not as stored ("2026-03-12T21:45:00+01:00"); untouched, the stored value is
kept exactly (no change logged); typed anew, it is saved with the zone's offset."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from evidencekit.core.evidence import add_url, get_item
from evidencekit.core.model import Annotations
from evidencekit.gui.app import Composition
from tests.gui.helpers import main_screen
from tests.gui.test_pages_data import chat_app  # noqa: F401 - fixture

STORED = "2026-03-12T21:45:00+01:00"


def test_seen_moment_is_shown_plainly_and_kept(chat_app: Composition) -> None:  # noqa: F811
    session = chat_app.session
    session.update_settings(session.settings.with_changes(timezone="Europe/Paris"))

    def add(vault: object) -> int:
        with vault.transaction() as tx:  # type: ignore[attr-defined]
            return add_url(tx, "Karim", Annotations(url="https://example.invalid/s/1",
                                                    seen_at=STORED, description="story"))

    item_id = session.read(add)
    page = main_screen(chat_app).evidence
    page.reload()
    page.select_item(item_id)
    QApplication.processEvents()
    form = page.detail.form
    assert form.item_id == item_id
    assert form.fields["seen_at"].text() == "2026-03-12 21:45"
    assert not form.has_unsaved_changes()
    log_size = session.read(lambda v: v.conn.execute("SELECT COUNT(*) FROM custody")
                            .fetchone()[0])
    form.fields["title"].setText("Story")
    form.save_changes()
    conn = session.vault.conn
    assert get_item(conn, item_id).annotations.seen_at == STORED  # kept to the second
    assert conn.execute("SELECT COUNT(*) FROM custody").fetchone()[0] == log_size + 1
    form.fields["seen_at"].setText("2026-03-13 10:00")
    form.save_changes()
    assert get_item(conn, item_id).annotations.seen_at == "2026-03-13T10:00+01:00"


def test_long_address_shows_its_start(chat_app: Composition) -> None:  # noqa: F811
    url = "https://www.instagram.com/p/" + "DEMO-Cx7kR77" * 8 + "/"

    def add(vault: object) -> int:
        with vault.transaction() as tx:  # type: ignore[attr-defined]
            return add_url(tx, "Karim", Annotations(url=url, description="post"))

    item_id = chat_app.session.read(add)
    page = main_screen(chat_app).evidence
    page.reload()
    page.select_item(item_id)
    field = page.detail.form.fields["url"]
    assert field.text() == url and field.cursorPosition() == 0
