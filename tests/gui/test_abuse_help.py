"""The child-abuse dialogs name the Moroccan services (EMC-Helpline, police 19, gendarmerie 177)
when the case was exported to a Moroccan recipient or the app speaks Arabic; the French ones
(3018, Pharos) otherwise. Same sentences as the dossier, same links as the help directory."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument, QTextOption
from PySide6.QtWidgets import QLabel

from evidencekit.core.evidence import find_case
from evidencekit.dossier.headings import t
from evidencekit.dossier.render import render_dossier
from evidencekit.dossier.request import DossierRequest
from evidencekit.gui.app import Composition
from evidencekit.gui.main.abuse_help import help_country, last_recipient
from evidencekit.gui.main.address_dialogs import AddressDialog, ChildAbuseDialog
from tests.gui.test_pages_data import CASE, chat_app  # noqa: F401 - fixture

FRENCH = ("3018", "Pharos", "3018.fr")
MOROCCAN = ("EMC-Helpline", "(19)", "(177)", "cyberconfiance.ma/helpline",
            "+212\u00a06\u00a024\u00a040\u00a058\u00a089")


def _help(dialog: AddressDialog | ChildAbuseDialog) -> QLabel:
    return dialog.help


def _dialogs(app: Composition) -> list[AddressDialog | ChildAbuseDialog]:
    conn = app.session.vault.conn
    item_id = int(conn.execute("SELECT min(id) FROM items").fetchone()[0])
    return [AddressDialog(app.session, CASE),
            ChildAbuseDialog(app.session, item_id, "", "", 0)]


def _left_to_right(html: str, first: str, then: str) -> bool:
    """Whether `first` is drawn left of `then` in `html` laid out right to left (Arabic)."""
    doc = QTextDocument()
    doc.setHtml(html)
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft)
    doc.setDefaultTextOption(option)
    doc.setTextWidth(4000)
    doc.documentLayout().documentSize()
    plain = doc.toPlainText()
    a = plain.index(first)
    b = plain.index(then, a)
    block = doc.findBlock(a)
    line = block.layout().lineForTextPosition(a - block.position())
    return bool(line.cursorToX(a - block.position())[0] < line.cursorToX(b - block.position())[0])


def _says(label: QLabel, words: tuple[str, ...]) -> bool:
    return all(w in label.text() for w in words)


@pytest.mark.parametrize(("recipient", "language", "zone", "country"), [
    (None, "fr", "Europe/Paris", "FR"),
    (None, "en", "UTC", "FR"),
    (None, "ar", "Europe/Paris", "MA"),
    (None, "fr", "Africa/Casablanca", "MA"),
    ("emc", "fr", "Europe/Paris", "MA"),
    ("ma-police", "en", "UTC", "MA"),
    ("eblagh", "fr", "Europe/Paris", "MA"),
    # The recipient decides: filed with the French police, helped in France, even in Arabic.
    ("police", "ar", "Africa/Casablanca", "FR"),
    ("pharos", "ar", "UTC", "FR"),
])
def test_the_country_of_the_help(recipient: str | None, language: str, zone: str,
                                 country: str) -> None:
    assert help_country(recipient, language, zone) == country


def test_french_by_default_moroccan_after_a_moroccan_export(
        chat_app: Composition, tmp_path: Path) -> None:  # noqa: F811
    chat_app.apply_language("fr")
    vault = chat_app.session.vault
    case_id = find_case(vault.conn, CASE)
    assert last_recipient(vault.conn, case_id) is None
    for dialog in _dialogs(chat_app):
        label = _help(dialog)
        assert _says(label, FRENCH) and "EMC-Helpline" not in label.text(), label.text()
        assert 'href="https://www.internet-signalement.gouv.fr' in label.text()
        assert 'href="https://e-enfance.org/"' in label.text()
        dialog.deleteLater()

    render_dossier(vault, DossierRequest("emc", lang="fr", case=CASE), tmp_path / "emc.pdf")
    assert last_recipient(vault.conn, case_id) == "emc"
    for dialog in _dialogs(chat_app):
        label = _help(dialog)
        assert _says(label, MOROCCAN) and "3018" not in label.text(), label.text()
        # The dossier's own sentence, not a second wording of it.
        assert t("withheld_help_ma", "fr").split(" : ")[0] in label.text()
        assert 'href="https://www.cyberconfiance.ma/helpline"' in label.text()
        dialog.deleteLater()

    # A later dossier for the French police brings the French services back.
    render_dossier(vault, DossierRequest("police", lang="fr", case=CASE), tmp_path / "p.pdf")
    assert last_recipient(vault.conn, case_id) == "police"
    assert _says(_help(_dialogs(chat_app)[1]), FRENCH)


def test_arabic_points_to_morocco_before_any_export(chat_app: Composition) -> None:  # noqa: F811
    chat_app.apply_language("ar")
    for dialog in _dialogs(chat_app):
        label = _help(dialog)
        assert _says(label, ("EMC-Helpline", "(19)", "(177)")), label.text()
        assert "3018" not in label.text()
        assert "الدرك" in label.text()  # the Arabic sentence of the dossier
        # The number on one line (it broke before "89"), its groups in their order.
        number = "+212\u00a06\u00a024\u00a040\u00a058\u00a089"
        assert number in label.text()
        assert _left_to_right(label.text(), "212", "89")
        dialog.deleteLater()
