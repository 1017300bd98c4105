"""The chat viewer on a Telegram HTML export of two pages: a reply across the page break shows
the answered message's sender and words, and a reply to a message the export does not hold says
so (isolates around what the export wrote, as for every quoted line)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.gui.app import Composition
from evidencekit.i18n import set_language
from evidencekit.importers.batch import ImportOptions, import_paths
from tests.gui.conftest import PASSPHRASE, unlock
from tests.gui.test_conversation_notes import shown
from tests.importers.test_telegram_html_replies import export_folder


@pytest.mark.parametrize(("lang", "across", "missing"), [
    ("en", "↪ reply to \u2068Karim\u2069: \u2068Je sais où tu habites\u2069",
     "↪ reply to a message not in this export"),
    ("ar", "↪ ردًّا على \u2068Karim\u2069: \u2068Je sais où tu habites\u2069",
     "↪ ردًّا على رسالة غير موجودة في هذا التصدير"),
])
def test_html_replies_in_the_viewer(make_app: Callable[[], Composition], qtbot: object,
                                    vault_path: Path, tmp_path: Path, lang: str, across: str,
                                    missing: str) -> None:
    vault, _key = Vault.create(vault_path, PASSPHRASE, kdf=TEST_PARAMS, timezone="Europe/Paris")
    try:
        [outcome] = import_paths(vault, [export_folder(tmp_path)], ImportOptions(case="Karim"))
        assert outcome.status == "imported", outcome.message
    finally:
        vault.close()
    app = make_app()
    unlock(app, qtbot)
    set_language(lang)
    page, rows = shown(app)
    by_text = {m.text: m for m in rows}
    assert by_text["Arrête"].reply == across  # on page 2, answering page 1
    assert by_text["Tu te souviens ?"].reply == missing
    assert by_text["Je sais où tu habites"].reply == ""
    # The quoted line is drawn: the bubble grows by it.
    row, plain = rows.index(by_text["Arrête"]), rows.index(by_text["Je sais où tu habites"])
    assert page.view.sizeHintForRow(row) > page.view.sizeHintForRow(plain)
