"""The chat viewer on a WhatsApp backup database: quoted replies, edit and deletion times in
words, every time a date in the case's zone (never the phone's raw milliseconds)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.gui.app import Composition
from evidencekit.gui.conversations.model import MESSAGE_ROLE, Message
from evidencekit.gui.conversations.page import ConversationsPage
from evidencekit.i18n import set_language
from evidencekit.importers.batch import ImportOptions, import_paths
from tests.gui.conftest import PASSPHRASE, unlock
from tests.gui.test_pages_data import open_page
from tests.importers.crypt15_fixture import KEY_TEXT, encrypt, sample_database


def fill_backup_vault(vault_path: Path, tmp_path: Path) -> None:
    vault, _key = Vault.create(vault_path, PASSPHRASE, kdf=TEST_PARAMS, timezone="Europe/Paris")
    try:
        path = tmp_path / "in" / "msgstore.db.crypt15"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(encrypt(sample_database()))
        [outcome] = import_paths(vault, [path], ImportOptions(
            case="Karim", backup_key=lambda _name: KEY_TEXT))
        assert outcome.status == "imported", outcome.message
    finally:
        vault.close()


@pytest.fixture
def backup_app(make_app: Callable[[], Composition], qtbot: object, vault_path: Path,
               tmp_path: Path) -> Composition:
    fill_backup_vault(vault_path, tmp_path)
    app = make_app()
    unlock(app, qtbot)
    return app


def shown(app: Composition) -> tuple[ConversationsPage, list[Message]]:
    _screen, page = open_page(app, "conversations")
    assert isinstance(page, ConversationsPage)
    item_id = int(app.session.read(lambda v: v.conn.execute(
        "SELECT item_id FROM messages LIMIT 1").fetchone()[0]))
    assert page.select_chat(item_id)
    rows = [page.model.index(r, 0).data(MESSAGE_ROLE) for r in range(page.model.rowCount())]
    return page, rows


def test_reply_edit_deletion_and_times_in_words(backup_app: Composition) -> None:
    page, rows = shown(backup_app)
    by_text = {m.text: m for m in rows}
    reply = by_text["Laisse-moi tranquille"]
    assert reply.reply == "↪ reply to \u2068+33612345678\u2069: \u2068Tu vas voir ce soir\u2069"
    # 20:06 UTC on 12 November 2024 is 21:06 in Paris; the raw 1731441960000 is never shown.
    assert reply.shown_time == "2024-11-12 21:06 (UTC+01:00)"
    assert all(not m.shown_time.isdigit() for m in rows)
    deleted = next(m for m in rows if m.kind == "deleted")
    assert deleted.change == "deleted for everyone at 2024-11-12 21:08 (UTC+01:00)"
    edited = by_text["texte corrigé"]
    assert edited.change == "edited at 2024-11-12 21:10 (UTC+01:00)"
    assert by_text["Tu vas voir ce soir"].reply == "" and by_text["Tu vas voir ce soir"].change == ""
    said = page.model.describe(reply)
    assert "reply to \u2068+33612345678" in said
    # The bubble grows by the quoted line: it is drawn, not only stored.
    row = rows.index(reply)
    plain = rows.index(by_text["Tu vas voir ce soir"])
    assert page.view.sizeHintForRow(row) > page.view.sizeHintForRow(plain)


@pytest.mark.parametrize(("lang", "words"), [
    ("fr", "↪ en réponse à \u2068+33612345678\u2069 : \u2068Tu vas voir ce soir\u2069"),
    ("ar", "↪ ردًّا على \u2068+33612345678\u2069: \u2068Tu vas voir ce soir\u2069"),
])
def test_reply_in_the_readers_language(make_app: Callable[[], Composition], qtbot: object,
                                       vault_path: Path, tmp_path: Path, lang: str,
                                       words: str) -> None:
    fill_backup_vault(vault_path, tmp_path)
    app = make_app()
    unlock(app, qtbot)
    set_language(lang)  # after the app read its settings' language
    _page, rows = shown(app)
    reply = next(m for m in rows if m.text == "Laisse-moi tranquille")
    assert reply.reply == words
    assert "(UTC+01:00)" in reply.shown_time
