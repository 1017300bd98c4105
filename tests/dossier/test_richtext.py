"""Real-PDF tests for the dossier text layer: escaping, fonts, Arabic, emoji, long strings."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from evidencekit.dossier.fonts import register_fonts
from evidencekit.dossier.richtext import clean_text, markup, para, placeholder

ARABIC_SHORT = "تم حذف هذه الرسالة"
ARABIC_LONG = (
    "سأجدك وأجعلك تندمين على كل ما قلته عني، أنت لا تعرفين من أنا ولكنني أعرف أين تسكنين "
    "وأين تعملين. سأنشر صورك في كل مكان إذا لم تدفعي 5000 درهم قبل يوم الجمعة."
)
MIXED = "Il m'a écrit « سأقتلك » hier soir à 23h14 sur WhatsApp."
LITERALS = ['<img src="/etc/passwd">', "<b>not bold</b>", "&amp;", '<font color="red">x</font>']
EMOJI = ["🔪", "😡", "👍🏽", "❤️", "👨‍👩‍👧"]
LONG_URL = "https://example.com/" + "x9" * 2500


def _build(path: Path) -> None:
    fs = register_fonts()
    style = ParagraphStyle("body", fontName=fs.body, fontSize=11, leading=15, spaceAfter=6)
    texts = [
        "Élève déjà reçu à l'école, ça suffit : « menace » — préjudice.",
        " ".join(LITERALS) + " & fin",
        ARABIC_SHORT,
        ARABIC_LONG,
        MIXED,
        "Emoji : " + " ".join(EMOJI),
        LONG_URL,
        "ctrl\x00\x07\x1b[0m\x9b fin\ttab\r\nligne deux",
        "Hiéroglyphe \U00013000 rare",
        "N" * 10_000,
    ]
    story = [para(t, style) for t in texts]
    story.append(Paragraph(markup("Plainte / شكاية <b>" + "🔪"), style))
    SimpleDocTemplate(str(path), pagesize=A4).build(story)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("richtext") / "sample.pdf"
    _build(path)
    return path


def _pypdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def _pdftotext(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_markup_prints_literally(pdf: Path) -> None:
    text = _pypdf_text(pdf)
    for literal in LITERALS:
        assert literal in text
    assert "& fin" in text


def test_accents_survive(pdf: Path) -> None:
    text = _pypdf_text(pdf)
    for word in ("Élève", "déjà", "reçu", "l'école", "ça", "préjudice", "écrit", "à"):
        assert word in text


def test_emoji_extract_as_themselves_or_named(pdf: Path) -> None:
    text = _pdftotext(pdf)
    for emoji in EMOJI:
        base = emoji[0]
        assert base in text or unicodedata.name(base) in text, emoji
    # The family is drawn member by member, never as a box.
    assert "👨" in text
    assert "👩" in text
    assert "👧" in text
    assert "[U+13000 EGYPTIAN HIEROGLYPH A001]" in text


def test_arabic_is_present_and_shaped(pdf: Path) -> None:
    raw = _pdftotext(pdf)
    # Shaped glyphs extract as the letters they were shaped from (glyph aliases), never as
    # presentation forms or private-use characters.
    for word in ARABIC_SHORT.split() + ARABIC_LONG.replace("،", " ").replace(".", " ").split():
        assert word in raw, word
    assert "5000" in raw
    assert not any(0xFE70 <= ord(c) <= 0xFEFF or 0xE000 <= ord(c) <= 0xF8FF for c in raw)
    # Joined forms prove harfbuzz shaping happened: an initial ي is drawn with another glyph
    # than the isolated one.
    from reportlab.pdfbase import pdfmetrics

    from evidencekit.dossier import shaping

    fs = register_fonts()
    glyph = pdfmetrics.getFont(fs.arabic).face.charToGlyph
    alone = str(shaping.shape("ي", fs.arabic, 11).glyphs)
    joined = str(shaping.shape("يا", fs.arabic, 11).glyphs)  # visual order: ا then initial ي
    assert glyph[ord(alone[0])] != glyph[ord(joined[-1])]


def test_control_characters_removed(pdf: Path) -> None:
    text = _pypdf_text(pdf)
    assert "\x00" not in text
    assert "\x07" not in text
    assert "\x1b" not in text
    assert "ligne deux" in text


def test_long_strings_wrap_inside_the_page(pdf: Path) -> None:
    text = "".join(_pdftotext(pdf).split())
    assert LONG_URL in text
    assert "N" * 10_000 in text
    reader = PdfReader(pdf)
    assert len(reader.pages) >= 3


def test_fonts_are_embedded(pdf: Path) -> None:
    reader = PdfReader(pdf)
    seen = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            if font.get("/Subtype") == "/Type1":
                continue  # reportlab's untouched initial Helvetica; no text is drawn in it
            if font.get("/Subtype") == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font.get("/BaseFont")
            seen.add(str(font.get("/BaseFont")))
    names = " ".join(seen)
    for family in ("NotoSans", "NotoNaskhArabic", "NotoEmoji"):
        assert family in names


def test_register_fonts_is_idempotent() -> None:
    assert register_fonts() == register_fonts()


def test_markup_escapes_and_tags_fonts() -> None:
    fs = register_fonts()
    out = markup('<img src="/etc/passwd"> & 🔪\nsuite')
    assert "<img" not in out
    assert "&lt;img src=\"/etc/passwd\"&gt;" in out
    assert "&amp;" in out
    assert f'<font name="{fs.emoji}">🔪</font>' in out
    assert "<br/>" in out


def test_clean_text_and_placeholder() -> None:
    assert clean_text("a\x00b\x85c\r\nd\te") == "abc\nd    e"
    assert clean_text("مرحبا\u200f") == "مرحبا\u200f"  # bidi marks kept, made harmless in layout
    assert placeholder("🔪") == "[U+1F52A HOCHO]"


def test_mostly_arabic_paragraph_is_right_to_left() -> None:
    fs = register_fonts()
    style = ParagraphStyle("b", fontName=fs.body, fontSize=11)
    flow = para(ARABIC_SHORT, style)
    assert getattr(flow, "rtl", False) is True
    assert getattr(para("Bonjour", style), "rtl", True) is False
    assert style.alignment != TA_RIGHT  # the caller's style is not mutated


def test_bidi_override_cannot_flip_text() -> None:
    fs = register_fonts()
    style = ParagraphStyle("b", fontName=fs.body, fontSize=11)
    flow = para("facture\u202egpj.exe", style)
    runs = [r.text for r in getattr(flow, "runs", []) if r is not None]
    assert "".join(runs) == "facturegpj.exe"


def test_latin_with_number_inside_arabic_keeps_its_order() -> None:
    """Inside a right-to-left line, "RFC 3161" and "SHA-256" must not come out as "3161 RFC"."""
    from evidencekit.dossier.richtext import _itemize, _visual_order

    for phrase in ("RFC 3161", "SHA-256"):
        runs = [r for r in _itemize(f"طابع زمني ({phrase}) للملف", None) if r is not None]
        drawn = "".join(r.text for r in _visual_order(runs, rtl=True))
        assert phrase in drawn, drawn


def test_dates_and_times_inside_arabic_keep_their_order() -> None:
    """UAX #9 W4: "22/11/2026" in an Arabic sentence must not be drawn "2026/11/22"."""
    from evidencekit.dossier.richtext import _itemize, _visual_order

    for written in ("22/11/2026", "23:14", "2026-11-22", "12.11.2026", "1,5"):
        runs = [r for r in _itemize(f"حُرّر بتاريخ {written} في الرباط", None) if r is not None]
        drawn = "".join(r.text for r in _visual_order(runs, rtl=True))
        assert written in drawn, drawn
    # Two numbers separated by a space stay two numbers, laid out right to left as before.
    runs = [r for r in _itemize("الصفحة 3 4", None) if r is not None]
    assert "".join(r.text for r in _visual_order(runs, rtl=True)).startswith("4 3")


def test_skin_tone_is_named_not_dropped() -> None:
    from evidencekit.dossier.richtext import _itemize

    runs = [r for r in _itemize("ok 👍🏽", None) if r is not None]
    assert "".join(r.text for r in runs).endswith("👍[medium skin tone]")


def test_huge_text_is_linear_and_capped() -> None:
    """A 1 MB message itemises as one run and is cut visibly in the PDF.

    (The quadratic string building this once had made this test run for minutes; its speed is
    not asserted here, per the project's rule that only bench/ measures time.)
    """
    from reportlab.lib.styles import ParagraphStyle

    from evidencekit.dossier.fonts import register_fonts
    from evidencekit.dossier.richtext import MAX_PARA_CHARS, _itemize, para

    runs = [r for r in _itemize("a" * 1_000_000, None) if r is not None]
    assert "".join(r.text for r in runs) == "a" * 1_000_000
    assert len(runs) == 1
    style = ParagraphStyle("body", fontName=register_fonts().body)
    flowable = para("b" * (MAX_PARA_CHARS + 5), style)
    text = "".join(r.text for r in flowable.runs if r is not None)  # type: ignore[attr-defined]
    assert text.endswith("[5 more characters in the original]")


def test_glyph_texts_share_a_cluster_out() -> None:
    """Which letters each glyph stands for, from harfbuzz clusters (glyphs in visual order)."""
    from evidencekit.dossier.shaping import glyph_texts

    # "الله" in Noto Naskh: the Allah ligature (cluster 1, three letters) left of the alef.
    assert glyph_texts("الله", [1, 0], rtl=True) == ["لله", "ا"]
    # Lam-alef as two glyphs of one cluster: one letter each, in logical order.
    assert glyph_texts("لا", [0, 0], rtl=True) == ["ا", "ل"]
    assert glyph_texts("fin", [0, 2], rtl=False) == ["fi", "n"]
    assert glyph_texts("", [], rtl=True) == []


def test_only_turned_number_groups_get_actual_text() -> None:
    from evidencekit.dossier.linedraw import ARABIC, LTR, NEUTRAL, SPACE, Placed, reordered_spans

    def line(*spec: tuple[str, int]) -> list[Placed]:
        return [Placed("x", "f", 0.0, "x", strength, visual) for strength, visual in spec]

    # "اتصل +212 6": Arabic, space, "+", "212", space, "6" drawn as "6 212+ اتصل".
    phone = line((ARABIC, 5), (SPACE, 4), (NEUTRAL, 3), (LTR, 2), (SPACE, 1), (LTR, 0))
    assert reordered_spans(phone) == [(2, 6)]
    # A date or URL in an Arabic line is drawn in its own order: nothing to add.
    date = line((LTR, 2), (NEUTRAL, 3), (LTR, 4), (SPACE, 1), (ARABIC, 0))
    assert reordered_spans(date) == []
    # Neutrals alone are put right by position-based readers themselves.
    assert reordered_spans(line((ARABIC, 2), (NEUTRAL, 1), (NEUTRAL, 0))) == []
