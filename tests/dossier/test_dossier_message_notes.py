"""A dossier made from a WhatsApp backup database says, under each message, what it replies to
and when it was edited or deleted, in the dossier's language, with dates in the case's zone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.dossier.render import render_dossier
from evidencekit.dossier.request import DossierRequest
from evidencekit.importers.batch import ImportOptions, import_paths
from tests.dossier.reading import plain
from tests.importers.crypt15_fixture import KEY_TEXT, PHOTO, encrypt, sample_database

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")


@pytest.fixture(scope="module")
def backup_vault(tmp_path_factory: pytest.TempPathFactory) -> tuple[Vault, int]:
    root = tmp_path_factory.mktemp("notes")
    vault, _ = Vault.create(root / "vault", "pass phrase for tests", kdf=TEST_PARAMS,
                            timezone="Europe/Paris")
    path = root / "msgstore.db.crypt15"
    path.write_bytes(encrypt(sample_database()))
    [outcome] = import_paths(vault, [path], ImportOptions(case="Karim",
                                                         backup_key=lambda _n: KEY_TEXT))
    assert outcome.status == "imported", outcome.message
    reply = int(vault.conn.execute("SELECT id FROM messages WHERE text = ?",
                                   ("Laisse-moi tranquille",)).fetchone()[0])
    return vault, reply


def _dossier(backup_vault: tuple[Vault, int], tmp_path: Path, lang: str) -> str:
    vault, reply = backup_vault
    out = tmp_path / f"dossier-{lang}.pdf"
    render_dossier(vault, DossierRequest("lawyer", lang, case="Karim", message_ids=(reply,),
                                         timezone="Europe/Paris"), out)
    return " ".join(plain(out).split())


def test_french_dossier_says_reply_edit_deletion(backup_vault: tuple[Vault, int],
                                                 tmp_path: Path) -> None:
    text = _dossier(backup_vault, tmp_path, "fr")
    assert "↪ en réponse à +33612345678 : Tu vas voir ce soir" in text
    assert "supprimé pour tous le 2024-11-12 21:08 (UTC+01:00)" in text
    assert "modifié le 2024-11-12 21:10 (UTC+01:00)" in text
    assert "1731441960000" not in text  # the phone's milliseconds are never printed


def test_english_dossier_says_them_in_english(backup_vault: tuple[Vault, int],
                                              tmp_path: Path) -> None:
    text = _dossier(backup_vault, tmp_path, "en")
    assert "↪ reply to +33612345678: Tu vas voir ce soir" in text
    assert "edited at 2024-11-12 21:10 (UTC+01:00)" in text


def test_the_phones_photo_imported_apart_is_shown_as_its_file(tmp_path: Path) -> None:
    vault, _ = Vault.create(tmp_path / "vault", "pass phrase for tests", kdf=TEST_PARAMS,
                            timezone="Europe/Paris")
    try:
        backup = tmp_path / "msgstore.db.crypt15"
        backup.write_bytes(encrypt(sample_database()))
        photo = tmp_path / "IMG-20241112-WA0001.jpg"
        photo.write_bytes(PHOTO)
        options = ImportOptions(case="Karim", backup_key=lambda _n: KEY_TEXT)
        [first] = import_paths(vault, [backup], options)
        shown = int(vault.conn.execute("SELECT id FROM messages WHERE text = 'regarde'")
                    .fetchone()[0])
        request = DossierRequest("lawyer", "fr", case="Karim", message_ids=(shown,))
        missing = "absente de l'export : Media/WhatsApp Images/IMG-20241112-WA0001.jpg"
        render_dossier(vault, request, tmp_path / "before.pdf")
        assert missing in " ".join(plain(tmp_path / "before.pdf").split())
        [second] = import_paths(vault, [photo], options)
        assert (first.status, second.status) == ("imported", "imported")
        render_dossier(vault, request, tmp_path / "after.pdf")
        assert missing not in " ".join(plain(tmp_path / "after.pdf").split())
        # The photo is drawn in the conversation: its fiche and the message's bubble.
        pages = PdfReader(tmp_path / "after.pdf").pages
        drawn = sum(len(page.images) for page in pages)
        before = sum(len(page.images) for page in PdfReader(tmp_path / "before.pdf").pages)
        assert drawn >= before + 2
    finally:
        vault.close()
