"""Words the user reads: passphrase advice, custody history and Telegram times in the user's
language; counts and sizes written the locale's way."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import zxcvbn.feedback
from PySide6.QtCore import Qt

from evidencekit.core.evidence import add_derived
from evidencekit.core.strength import rate
from evidencekit.core.strength_words import ZXCVBN_SENTENCES
from evidencekit.gui.app import Composition
from evidencekit.gui.conversations.model import MESSAGE_ROLE
from evidencekit.gui.conversations.page import ConversationsPage
from evidencekit.gui.main.evidence_model import ITEM_ID_ROLE
from evidencekit.gui.welcome.welcome_page import WelcomePage
from evidencekit.i18n import catalogue
from tests.gui.conftest import unlock
from tests.gui.helpers import main_screen, write_images


def test_every_zxcvbn_sentence_is_translated() -> None:
    # Read from the installed zxcvbn itself: a new sentence in a new version fails here.
    tree = ast.parse(Path(zxcvbn.feedback.__file__).read_text(encoding="utf-8"))
    found = {n.args[0].value for n in ast.walk(tree)
             if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_"}
    assert found == set(ZXCVBN_SENTENCES)
    for lang in ("fr", "ar"):
        assert all(catalogue(lang).get(s) for s in found)


def test_passphrase_advice_in_french_and_arabic(make_app) -> None:
    app: Composition = make_app()  # no vault yet: the welcome screen
    app.pick_language("fr")
    page = app.shell.current_screen
    assert isinstance(page, WelcomePage)
    page.passphrase.setText("2019")
    assert page.meter.advice.text() == "Les années récentes sont faciles à deviner."
    app.pick_language("ar")
    page = app.shell.current_screen
    assert isinstance(page, WelcomePage)
    page.passphrase.setText("2019")
    assert page.meter.advice.text() == "السنوات الأخيرة سهلة التخمين."
    assert rate("2019").advice_sentences == ("Recent years are easy to guess.",)


def test_custody_history_in_words(make_app, qtbot, existing_vault: Path, tmp_path: Path) -> None:
    app: Composition = make_app()
    app.pick_language("fr")
    unlock(app, qtbot)
    screen = main_screen(app)
    with qtbot.waitSignal(screen.importer.finished, timeout=20_000):
        screen.importer.import_paths(write_images(tmp_path / "in", 1))
    item_id = screen.evidence.model.index(0, 0).data(ITEM_ID_ROLE)

    def ocr(vault: object) -> None:
        with vault.transaction() as tx:  # type: ignore[attr-defined]
            add_derived(tx, item_id, "ocr", b"texte lu", "text/plain", "tesseract 5")

    app.session.read(ocr)
    screen.evidence.select_item(item_id)
    screen.evidence.detail.show_item_id(item_id)
    model = screen.evidence.detail.history_model
    rows = [[model.index(r, c).data() for c in range(3)] for r in range(model.rowCount())]
    text = json.dumps(rows, ensure_ascii=False)
    assert "derived_id" not in text and "kind:" not in text and "tool" not in text
    assert rows[-1][1:] == ["Copie créée (vignette, texte ou floutage)",
                            "le texte lu dans l’image"]
    assert rows[0][2] == "depuis le fichier «\xa0capture-0000.png\xa0»"


def _telegram_export(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "result.json"
    path.write_text(json.dumps({"name": "Yassine", "type": "personal_chat", "id": 4242,
                                "messages": [
        {"id": 1, "type": "message", "date": "2026-11-12T21:05:00",
         "date_unixtime": "1794513900", "from": "Yassine", "from_id": "user4242",
         "text": "Je sais où tu es"},
        {"id": 2, "type": "message", "date": "2026-11-12T21:06:00",
         "date_unixtime": "1794513960", "from": "Lina", "from_id": "user7", "text": "Arrête"},
    ]}), encoding="utf-8")
    return path


def test_telegram_times_are_dates_not_unix_numbers(make_app, qtbot, existing_vault: Path,
                                                   tmp_path: Path) -> None:
    app: Composition = make_app()
    unlock(app, qtbot)
    screen = main_screen(app)
    with qtbot.waitSignal(screen.importer.finished, timeout=20_000):
        screen.importer.import_paths([_telegram_export(tmp_path / "tg")])
    screen.show_page("conversations")
    page = screen.page_widgets["conversations"]
    assert isinstance(page, ConversationsPage)
    assert page.model.rowCount() == 2
    message = page.model.index(0, 0).data(MESSAGE_ROLE)
    assert message.shown_time != "1794513900"
    assert message.shown_time.startswith("2026-11-12 ") and not message.shown_time.isdigit()
    described = page.model.index(0, 0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert "1794513900" not in described


def test_counts_and_sizes_follow_the_language(make_app, qtbot, existing_vault: Path,
                                              tmp_path: Path) -> None:
    from PIL import Image

    app: Composition = make_app()
    app.pick_language("fr")
    unlock(app, qtbot)
    screen = main_screen(app)
    big = tmp_path / "in" / "grande.bmp"
    big.parent.mkdir(parents=True)
    Image.new("RGB", (700, 700), (10, 20, 30)).save(big)  # about 1.4 MB
    with qtbot.waitSignal(screen.importer.finished, timeout=20_000):
        screen.importer.import_paths([big])
    model = screen.evidence.model
    size = next(model.index(0, c).data() for c in range(model.columnCount())
                if "Mo" in str(model.index(0, c).data()))
    assert "," in size and "." not in size  # "1,4 Mo"
    screen.evidence.detail.show_item_id(model.index(0, 0).data(ITEM_ID_ROLE))
    facts = " ".join(label.text() for label in screen.evidence.detail.findChildren(
        type(screen.evidence.heading)))
    assert "1 470 054" in facts.replace("\u202f", " ").replace("\xa0", " ")
