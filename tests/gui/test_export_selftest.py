"""The hidden `_selftest-preview` entry the packaged app's smoke test relies on to prove QtPdf."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from reportlab.pdfgen import canvas

from evidencekit.gui.export.selftest import run_selftest


def _pdf(path: Path, pages: int) -> Path:
    drawing = canvas.Canvas(str(path))
    for n in range(pages):
        drawing.setFont("Helvetica-Bold", 28)
        drawing.drawString(72, 700, f"Page {n + 1} of a test dossier")
        drawing.showPage()
    drawing.save()
    return path


def test_a_dossier_is_read_and_drawn(qapp, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    shot = tmp_path / "preview.png"
    assert run_selftest([str(_pdf(tmp_path / "d.pdf", 3)), str(shot)]) == 0
    assert capsys.readouterr().out.startswith("preview: 3 pages, ")
    image = Image.open(shot).convert("L")
    assert image.getextrema()[0] < 100  # the page's text is in the picture, not a blank frame


def test_what_is_not_a_pdf_fails(qapp, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really a PDF\n")
    assert run_selftest([str(broken)]) == 1
    assert "preview: 0 pages" in capsys.readouterr().out


def test_without_a_file_it_says_how_to_call_it(qapp) -> None:  # type: ignore[no-untyped-def]
    assert run_selftest([]) == 2
