"""Headings keep with the *start* of what follows: never alone at a page's foot, never pushing a
long table to the next page when its first rows fit under them."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer, Table

from evidencekit.dossier.keepnext import KeepWithFirstPart

HEADING = ParagraphStyle("h", fontName="Helvetica-Bold", fontSize=12, leading=14,
                         keepWithNext=1)


class _Doc(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, out: io.BytesIO) -> None:
        super().__init__(out, pagesize=A4, keepTogetherClass=KeepWithFirstPart)
        self.addPageTemplates([PageTemplate("p", [Frame(50, 50, A4[0] - 100, A4[1] - 100)])])


def _pages_of(gap: float, rows: int) -> list[str]:
    out = io.BytesIO()
    table = Table([[f"row {n}", "value"] for n in range(rows)], repeatRows=0)
    _Doc(out).build([Spacer(1, gap), Paragraph("HEADING", HEADING), table])
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(out.getvalue())).pages]


def test_heading_never_ends_a_page_and_keeps_its_first_rows() -> None:
    frame = A4[1] - 100 - 12  # the frame's inner height (6 pt padding above and below)
    moved = kept = 0
    for gap in range(int(frame) - 80, int(frame) - 5, 3):
        texts = _pages_of(gap, 80)
        page = next(i for i, text in enumerate(texts) if "HEADING" in text)
        # The heading is followed on its page by at least the table's first row.
        assert "row 0" in texts[page], gap
        if page == 0:
            kept += 1
        else:
            moved += 1
    # Both cases happen in the sweep: room for the first rows keeps the heading where it is
    # (a KeepTogether would move it with the whole 80-row table), no room moves it.
    assert kept and moved
