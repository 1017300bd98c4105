"""A dossier made from a WhatsApp backup database says, under each message, what it replies to
and when it was edited or deleted, in the dossier's language, with dates in the case's zone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.dossier.render import render_dossier
from evidencekit.dossier.request import DossierRequest
from evidencekit.importers.batch import ImportOptions, import_paths
from tests.dossier.reading import plain
from tests.importers.crypt15_fixture import KEY_TEXT, encrypt, sample_database

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
