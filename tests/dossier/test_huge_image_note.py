"""An image too large to decode for a page is not drawn; the dossier says so beside a small
crossed box, on the same page as its fiche, not after a page-sized empty frame."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ContentStream

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.model import Annotations
from evidencekit.core.vault import Vault
from evidencekit.dossier.images import MAX_DECODE_PIXELS
from evidencekit.dossier.render import render_dossier
from evidencekit.dossier.request import DossierRequest
from evidencekit.importers.batch import ImportOptions, import_one
from tests.dossier.reading import words

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")


def test_the_note_follows_its_fiche_on_the_same_page(tmp_path: Path) -> None:
    path = tmp_path / "huge.png"
    Image.new("L", (8000, 6000), 200).save(path, optimize=True)  # a flat PNG: 48 Mpx, small file
    assert 8000 * 6000 > MAX_DECODE_PIXELS
    vault, _ = Vault.create(tmp_path / "vault", "pass phrase for tests", kdf=TEST_PARAMS,
                            timezone="Europe/Paris")
    try:
        outcome = import_one(vault, path, ImportOptions(
            case="K", annotations=Annotations(title="Capture immense")))
        assert outcome.status == "imported", outcome.message
        out = tmp_path / "police.pdf"
        render_dossier(vault, DossierRequest("police", "fr", case="K"), out)
    finally:
        vault.close()
    found = words(out)
    fiche = [w.page for w in found if w.text == "immense"]
    note = [w.page for w in found if w.text == "millions"]
    assert note, "the dossier says why the image is not drawn"
    assert note[0] == max(fiche), (fiche, note)
    assert _big_boxes(out) == []  # the crossed box stays small


def _big_boxes(pdf: Path) -> list[tuple[float, float]]:
    """Rectangles drawn larger than 200 pt both ways (table cells are wide but short)."""
    found = []
    for page in PdfReader(pdf).pages:
        for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
            if operator == b"re":
                w, h = abs(float(operands[2])), abs(float(operands[3]))
                if w > 200 and h > 200:
                    found.append((w, h))
    return found
