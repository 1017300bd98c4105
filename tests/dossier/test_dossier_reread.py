"""A dossier of a chat export read again (`reparse`) tells its reader so: when, with which date
order and time zone before and after, and that the first reading is kept — in French and
Arabic, read back from the PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.dossier.render import render_dossier
from evidencekit.dossier.request import DossierRequest
from evidencekit.importers.batch import ImportOptions, import_one
from evidencekit.importers.reread import RereadRequest, reread
from tests.dossier.reading import plain

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")

CHAT = ("12/03/2026, 21:02 - Karim R.: Pourquoi tu ne réponds pas ?\n"
        "12/03/2026, 21:05 - Karim R.: Tu vas voir ce qui va t'arriver\n"
        "13/03/2026, 08:16 - Amina: Je vais porter plainte.\n")


def _vault(tmp_path: Path, *, again: bool) -> Vault:
    vault, _ = Vault.create(tmp_path / "vault", "pass phrase for tests", kdf=TEST_PARAMS,
                            timezone="Europe/Paris")
    path = tmp_path / "Discussion WhatsApp avec Karim R.txt"
    path.write_text(CHAT, encoding="utf-8")
    outcome = import_one(vault, path, ImportOptions(case="Karim", timezone="Europe/Paris",
                                                    date_order="dmy"))
    assert outcome.status == "imported", outcome.message
    if again:
        assert outcome.item_id is not None
        assert reread(vault, outcome.item_id, RereadRequest(timezone="Africa/Casablanca")).changed
    return vault


def _text(vault: Vault, tmp_path: Path, recipient: str, lang: str) -> str:
    out = tmp_path / f"{recipient}-{lang}.pdf"
    render_dossier(vault, DossierRequest(recipient, lang, case="Karim",
                                         timezone="Europe/Paris"), out)
    return " ".join(plain(out).split())


def test_lawyer_learns_of_the_reread_and_its_options(tmp_path: Path) -> None:
    vault = _vault(tmp_path, again=True)
    try:
        text = _text(vault, tmp_path, "lawyer", "fr")
    finally:
        vault.close()
    assert "Messages relus" in text
    assert ("première lecture avec ordre des dates jour/mois/année, fuseau Europe/Paris ; "
            "nouvelle lecture, utilisée dans ce dossier, avec ordre des dates jour/mois/année, "
            "fuseau Africa/Casablanca") in text
    assert "La première lecture est conservée telle quelle dans le coffre" in text
    assert "lues à l'import" not in text  # the times shown are the re-read's, not the import's
    # The custody line also names the readings, with the log's own codes (actions.entry_words).
    assert "dmy, Europe/Paris → dmy, Africa/Casablanca" in text


def test_arabic_dossier_says_it_too(tmp_path: Path) -> None:
    vault = _vault(tmp_path, again=True)
    try:
        text = _text(vault, tmp_path, "ma-police", "ar")
    finally:
        vault.close()
    assert "إعادة قراءة الرسائل" in text
    assert "Europe/Paris" in text and "Africa/Casablanca" in text
    assert "يوم/شهر/سنة" in text
    assert "القراءة الأولى محفوظة كما هي في الخزنة" in text


def test_no_row_without_a_reread(tmp_path: Path) -> None:
    vault = _vault(tmp_path, again=False)
    try:
        text = _text(vault, tmp_path, "lawyer", "fr")
    finally:
        vault.close()
    assert "Messages relus" not in text
    assert "Coffre : " in text and "Coffre:" not in text  # French sets a space before ":"
