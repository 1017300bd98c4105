"""Draws one laid-out line of mixed-direction text so that it extracts in logical order.

The glyphs are where the bidi layout put them; what changes is the order and the names they are
written with, for the two kinds of reader that copy text out of a PDF:

* readers that go by position (poppler: `pdftotext`, Evince, Okular) sort a line's characters
  left to right and reverse the right-to-left stretches themselves. Each shaped glyph extracts
  as its letters (shaping.shape), so Arabic words come back in logical order. What they cannot
  undo is a number sequence that bidi turned round: "+212 6 24 40 58 89" in an Arabic line is
  drawn "89 58 40 24 6 212+", as every bidi display does. Such a stretch is wrapped in a marked
  content sequence whose /ActualText is the logical text, which poppler (and Acrobat) extract
  instead of the glyphs.
* readers that go by content-stream order (pypdf) take the pieces in the order they are drawn,
  reversing right-to-left characters inside each font selection, and ignore /ActualText. So the
  pieces are drawn in logical order, each at its own position and with its own font selection,
  and an Arabic run is drawn left to right (its visual order) so that this reversal gives its
  letters in order.

Why this mix, from what the two readers gave on the same PDFs (tests/dossier/
test_arabic_extraction.py): /ActualText on every Arabic run would be simplest, but pypdf ignores
it, and poppler 22 spreads its characters left to right over the run and then reverses the run
as right-to-left text: "يثبت" came out "تبثي". Per-glyph ToUnicode works for both once each
code stands for exactly one character (shaping). What remains is order: pypdf needs logical stream
order, poppler needs positions, and only a turned number group needs /ActualText on top.

With this, pypdf gives every line exactly; pdftotext gives every Arabic line's characters in
logical order, but it writes a display string: each change of direction is bracketed with
embedding controls (U+202A-U+202C), a space at that change goes inside the bracket (before
"22/11/2026" rather than after it), and the direction is decided once per page from its count
of Latin and Arabic letters, so a mixed line running against its page comes out in poppler's
section order. No content of the PDF changes that without lying in /ActualText.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr

__all__ = ["Placed", "draw_line", "reordered_spans"]

_NEUTRAL_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
# Strength classes of a piece, as the extractors see them.
ARABIC, LTR, NEUTRAL, SPACE = "R", "L", "N", "S"


@dataclass
class Placed:
    """One run of a line, in logical order, with its place from the bidi layout."""

    drawn: str  # the characters drawn: a ShapedStr for shaped Arabic
    font: str
    x: float  # left edge, from the line's start
    logical: str  # the text the run stands for, in logical order
    strength: str  # ARABIC, LTR, NEUTRAL or SPACE
    visual: int  # position of the run in the line's visual order
    # Glyphs that extract as nothing, drawn after the line: (character, x, rise) in 1/1000 em.
    overlay: tuple[tuple[str, float, float], ...] = ()


def reordered_spans(pieces: list[Placed]) -> list[tuple[int, int]]:
    """Logical ranges [a, b) that need an /ActualText: Arabic-free stretches holding a number
    or a Latin letter, drawn in one visual block but not in logical order (number groups that
    bidi turned round). A stretch of neutrals only is left alone: position-based readers put
    it right themselves, and an /ActualText there would be reversed a second time."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(pieces)
    while i < n:
        if pieces[i].strength in (ARABIC, SPACE):
            i += 1
            continue
        j = i
        while j < n and pieces[j].strength != ARABIC:
            j += 1
        while j > i and pieces[j - 1].strength == SPACE:
            j -= 1
        found = 0
        for end in range(j, i + 1, -1):
            visual = [p.visual for p in pieces[i:end]]
            if (max(visual) - min(visual) == end - i - 1 and visual != sorted(visual)
                    and any(p.strength == LTR for p in pieces[i:end])):
                found = end
                break
        if found:
            spans.append((i, found))
            i = found
        else:
            i += 1
    return spans


def _actual_text(text: str) -> str:
    utf16 = text.encode("utf-16-be", "surrogatepass").hex().upper()
    return f"/Span <</ActualText <FEFF{utf16}>>> BDC"


def _glyph_pieces(shaped: ShapedStr, font: Any, doc: Any) -> list[tuple[int, int]]:
    """Cut a shaped run, in visual order, where the font subset changes.

    pypdf reverses right-to-left text only within one font selection, so a word whose glyphs sit
    in two subsets is drawn as pieces in logical order, each reversed on its own.
    """
    bounds = [0]
    for _subset, codes in font.splitString(shaped, doc):
        bounds.append(bounds[-1] + len(codes))
    return list(zip(bounds, bounds[1:], strict=False))


class _Pen:
    """Where the text object stands, to leave out positioning and font selections it already has."""

    def __init__(self) -> None:
        self.x: float | None = None
        self.font = ""
        # The current font selection holds a left-to-right letter: pypdf reads what follows in
        # it in order, so it can go on in the same selection.
        self.ltr = False


def _show(tx: Any, pen: _Pen, text: str, font: str, x: float, y: float, size: float) -> None:
    if pen.x is None or abs(pen.x - x) > 0.001:
        tx.setTextOrigin(x, y)
    if not (pen.ltr and pen.font == font):
        # setFont makes reportlab select the font again (Tf) even if it is unchanged: a new
        # selection for pypdf, which reverses right-to-left text within one.
        tx.setFont(font, size)
        pen.ltr = False
    tx.textOut(text)
    pen.x = x + pdfmetrics.stringWidth(text, font, size)
    pen.font = font
    pen.ltr = pen.ltr or any(c.isalnum() and not _RTL.match(c) for c in text)


def _draw_piece(tx: Any, pen: _Pen, piece: Placed, x: float, y: float, size: float,
                doc: Any) -> None:
    if not isinstance(piece.drawn, ShapedStr):
        # pypdf counts Arabic-Indic digits as neutral and reverses them after Arabic text, so
        # they are drawn one selection each.
        parts = list(piece.drawn) if _NEUTRAL_DIGITS.search(piece.drawn) else [piece.drawn]
        for part in parts:
            _show(tx, pen, part, piece.font, x, y, size)
            x += pdfmetrics.stringWidth(part, piece.font, size)
        return
    font = pdfmetrics.getFont(piece.font)
    data = piece.drawn.__shapeData__
    cuts = _glyph_pieces(piece.drawn, font, doc)
    starts = [x]
    for a, b in cuts:
        starts.append(starts[-1] + sum(d.x_advance for d in data[a:b]) * size / 1000.0)
    # Right to left: the rightmost glyphs of an Arabic word are its first letters.
    for (a, b), left in reversed(list(zip(cuts, starts, strict=False))):
        tx.setTextOrigin(left, y)
        tx.setFont(piece.font, size)
        tx.textOut(piece.drawn[a:b])
    pen.x, pen.font, pen.ltr = None, "", False


def draw_line(canv: Any, pieces: list[Placed], x0: float, y: float, size: float) -> None:
    """Draw `pieces` (logical order) at x0 + piece.x on baseline y, as one text object."""
    spans = {a: b for a, b in reordered_spans(pieces)}
    tx = canv.beginText(x0, y)
    doc = canv._doc
    close_at = -1
    pen = _Pen()
    for i, piece in enumerate(pieces):
        if i in spans:
            # reportlab's text object has no marked-content call; its own methods append the
            # same way. BDC/EMC are allowed inside a text object (ISO 32000-1, 14.6).
            tx._code.append(_actual_text("".join(p.logical for p in pieces[i:spans[i]])))
            close_at = spans[i]
        _draw_piece(tx, pen, piece, x0 + piece.x, y, size, doc)
        if i + 1 == close_at:
            tx._code.append("EMC")
    for piece in pieces:
        for char, dx, rise in piece.overlay:
            tx.setTextOrigin(x0 + piece.x + dx * size / 1000.0, y + rise * size / 1000.0)
            tx.setFont(piece.font, size)
            tx.textOut(char)
    canv.drawText(tx)
