"""A call log in a dossier: the app that saved it is named (not the importer's code), and each
call is dated in the case's zone with its direction in the dossier's language."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.dossier.render import render_dossier
from evidencekit.dossier.request import DossierRequest
from evidencekit.importers.batch import ImportOptions, import_one
from tests.dossier.reading import plain
from tests.importers.test_calls_xml import call_log

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")


@pytest.mark.parametrize(("recipient", "lang", "words"), [
    ("police", "fr", ("Appel manqué", "Appel entrant, 45 s")),
    ("ma-police", "ar", ()),
])
def test_call_log_names_its_app(tmp_path: Path, recipient: str, lang: str,
                                words: tuple[str, ...]) -> None:
    vault, _ = Vault.create(tmp_path / "vault", "pass phrase for tests", kdf=TEST_PARAMS,
                            timezone="Europe/Paris")
    path = tmp_path / "calls-2024.xml"
    path.write_bytes(call_log([(3, 0, 0), (1, 45, 5)]))
    try:
        outcome = import_one(vault, path, ImportOptions(case="K"))
        assert outcome.status == "imported", outcome.message
        out = tmp_path / "dossier.pdf"
        render_dossier(vault, DossierRequest(recipient, lang, case="K",
                                             timezone="Europe/Paris"), out)
    finally:
        vault.close()
    text = " ".join(plain(out).split())
    assert "call-log" not in text
    assert "SMS Backup & Restore" in text  # its parentheses may move in RTL extraction
    assert "2024-11-12 21:05 (UTC+01:00)" in text
    assert "+33612345678" in text  # the caller's number, sign first, in both directions
    for word in words:
        assert word in text
