"""What a dossier says an image is: only what something shows.

A photo received on WhatsApp has lost its EXIF; before, every image without a camera in its EXIF
was printed as a "capture d'écran" (and listed as "capture" in the lawyer's bordereau), which a
recipient would take as a fact about how it was made.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pypdf import PdfReader

from evidencekit.core.evidence import ensure_case
from evidencekit.core.intake import SourceFacts, import_file, store_stream
from evidencekit.core.vault import Vault
from evidencekit.dossier.render import render_dossier
from evidencekit.dossier.request import DossierRequest
from evidencekit.i18n import translate
from tests.dossier.test_dossier_helpers import screenshot

CASE = "Lina"


def _nature_rows(pdf: Path) -> list[str]:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
    return [line.split("Nature", 1)[1].strip() for line in text.splitlines()
            if line.startswith("Nature")]


def test_an_image_is_a_screenshot_only_when_something_shows_it(
        vault: Vault, tmp_path: Path) -> None:
    received = import_file(vault, screenshot(tmp_path / "IMG-20261112-WA0007.jpg", "Reçue"),
                           case=CASE)
    named = import_file(vault, screenshot(tmp_path / "Screenshot_20261112-210501_Instagram.png"),
                        case=CASE)
    assert received.status == named.status == "imported"
    # The app's own screen capture, taken while the app was in French.
    with vault.transaction() as tx:
        own = store_stream(
            tx, io.BytesIO(screenshot(tmp_path / "own.png", "Faite ici").read_bytes()),
            SourceFacts("Capture d'écran 2026-11-12 210600.png",
                        translate("(screen capture in EvidenceKit)", "fr"), None),
            case_id=ensure_case(tx, CASE))
    out = tmp_path / "police.pdf"
    render_dossier(vault, DossierRequest("police", "fr", case=CASE), out)
    natures = _nature_rows(out)
    assert natures.count("capture d'écran") == 2, natures
    assert natures.count("image") == 1, natures

    lawyer = tmp_path / "avocat.pdf"
    result = render_dossier(vault, DossierRequest("lawyer", "fr", case=CASE), lawyer)
    table = next(f for f in result.extra_files if f.suffix == ".csv")
    rows = list(csv.reader(io.StringIO(table.read_text("utf-8-sig")), delimiter=";"))
    kinds = {row[1]: row[4] for row in rows[1:]}
    assert kinds["IMG-20261112-WA0007.jpg"] == "original", kinds
    assert kinds["Screenshot_20261112-210501_Instagram.png"] == "capture", kinds
    assert own.item_id
