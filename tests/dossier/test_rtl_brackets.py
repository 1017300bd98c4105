"""A right-to-left line (an Arabic dossier's message header) that ends with a Latin date in
parentheses keeps the closing parenthesis with the date, and a phone number keeps its "+".

Checked on the draw order: text extraction gives the logical order back (the PDF carries it),
so only the drawn order shows where the ")" lands; the pages were also looked at as images."""

from __future__ import annotations

import pytest

from evidencekit.dossier.richtext import _itemize, _visual_order

HEADER = "Karim R. · 2026-03-12 21:02 (UTC+00:00)"


@pytest.mark.parametrize(("text", "rtl", "expected"), [
    # All Latin in a right-to-left line: drawn as written, ")" not at the far left.
    (HEADER, True, HEADER),
    ("Karim (ami) dit", False, "Karim (ami) dit"),
    # Latin in brackets after Arabic keeps its brackets around it.
    ("رسالة (Karim)", True, "(Karim) رسالة"),
])
def test_closing_bracket_takes_its_opening_brackets_side(text: str, rtl: bool,
                                                         expected: str) -> None:
    runs = [r for r in _itemize(text, None) if r is not None]
    drawn = "".join(r.text for r in _visual_order(runs, rtl=rtl))
    assert drawn == expected


@pytest.mark.parametrize(("text", "number"), [
    ("+33612345678 · 2026-03-12 20:05 (UTC+00:00) · مكالمة", "+33612345678"),
    ("-5 درجات", "-5"),
])
def test_a_leading_sign_stays_with_its_number(text: str, number: str) -> None:
    runs = [r for r in _itemize(text, None) if r is not None]
    drawn = "".join(r.text for r in _visual_order(runs, rtl=True))
    assert number in drawn, drawn
