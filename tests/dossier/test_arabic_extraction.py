"""Arabic in a dossier copies out as the text it was made from, with pdftotext and with pypdf.

Both readers are run on real PDFs made by the dossier code (RichParagraph, and a whole EMC
dossier in Arabic exported through the command line from a vault holding Arabic WhatsApp
messages). The comparison normalises whitespace only:

* pypdf: runs of whitespace become one space; every sentence must be a line of its own.
* pdftotext: poppler writes each line as a display string. It brackets every change of
  direction with embedding controls (U+202A LRE, U+202B RLE, U+202C PDF, all invisible), and a
  space at such a change goes inside the bracket, on the other side of it: "22/11/2026 على"
  comes out "\u202a 22/11/2026\u202cعلى". So the controls are removed and whitespace is
  dropped altogether before comparing; every other character must be there, in logical order.
  Sentences of Arabic letters only are also compared with their spaces.

pdftotext chooses one direction per page from its count of Latin and Arabic letters, so each
sentence is read on a page of its own direction: Arabic sentences in an Arabic dossier, the
French sentence with an Arabic name on a French page.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import SimpleDocTemplate

from evidencekit.dossier.fonts import register_fonts
from evidencekit.dossier.richtext import para

# Each of these fails on the dossiers made before glyph aliases and logical drawing order:
# lam-alef extracted as two private-use characters (the "لا" vanished), letters as
# presentation forms, words and number groups in visual order ("89 58 40 24 6 212+"), the
# Allah ligature as one private-use character, and a vowel mark (fatha, tanwin) raised
# above its letter as a line of its own for poppler; Arabic-Indic digits were even drawn
# backwards ("١٢٣٤" shown and read as "٤٣٢١").
ARABIC_LINES = [
    "لا يثبت",
    "لا أحد",
    "هذا لا يثبت أي شيء، لا أحد يعرف.",
    "اتصل بي على +212 6 24 40 58 89",
    "الرابط هو https://example.com/a?b=1 أرسله لي الآن من فضلك",
    "22/11/2026 على 23:14",
    "والله العظيم غادي نوري الصور لخوك",
    "قال (مزحة) فقط",
    "الجهة المرسَل إليها",
    "شكراً جداً يا صديقي",
    "دفعت ١٢٣٤ درهم",
]
FRENCH_LINES = ["Message de محمد reçu hier", "Il a écrit لا يثبت puis a raccroché."]
# Poppler moves punctuation that follows Arabic inside a Latin line to before it ("«  » لا
# يثبت"): its bidi takes every neutral after Arabic text as part of it. pypdf gives it exactly.
QUOTED = "Il a écrit « لا يثبت » puis a raccroché."
# Poppler's embedding controls, which carry no text.
_EMBEDDING = re.compile("[\u202a\u202b\u202c]")


def _pdftotext(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def _pypdf_lines(path: Path) -> list[str]:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return [" ".join(line.split()) for line in text.splitlines()]


def _poppler_lines(path: Path) -> list[str]:
    return [_EMBEDDING.sub("", line) for line in _pdftotext(path).splitlines()]


def _squash(text: str) -> str:
    return "".join(text.split())


def _letters_only(text: str) -> bool:
    """Arabic letters and spaces only: nothing poppler takes for a change of direction (it
    counts the Arabic comma as part of a number, for one)."""
    return all(c == " " or ("\u0600" <= c <= "\u06ff"
                            and unicodedata.category(c)[0] in "LM") for c in text)


def assert_extracted(path: Path, lines: list[str]) -> None:
    pypdf_lines = _pypdf_lines(path)
    poppler_lines = _poppler_lines(path)
    poppler_squashed = [_squash(line) for line in poppler_lines]
    poppler_spaced = [" ".join(line.split()) for line in poppler_lines]
    for line in lines:
        assert line in pypdf_lines, (line, pypdf_lines)
        assert _squash(line) in poppler_squashed, (line, poppler_lines)
        if _letters_only(line):
            assert line in poppler_spaced, (line, poppler_lines)


def _build(path: Path, lines: list[str], lang: str) -> None:
    fs = register_fonts()
    style = ParagraphStyle("body", fontName=fs.body, fontSize=11, leading=15, spaceAfter=6)
    SimpleDocTemplate(str(path), pagesize=A4).build([para(t, style, lang=lang) for t in lines])


def test_arabic_paragraphs_extract_in_logical_order(tmp_path: Path) -> None:
    path = tmp_path / "arabic.pdf"
    _build(path, ARABIC_LINES, "ar")
    assert_extracted(path, ARABIC_LINES)


def test_french_sentence_with_arabic_name(tmp_path: Path) -> None:
    path = tmp_path / "french.pdf"
    _build(path, FRENCH_LINES, "fr")
    assert_extracted(path, FRENCH_LINES)


def test_quoted_arabic_in_french(tmp_path: Path) -> None:
    path = tmp_path / "quoted.pdf"
    _build(path, [QUOTED], "fr")
    assert QUOTED in _pypdf_lines(path)
    assert any("لا يثبت" in line for line in _poppler_lines(path))


def test_no_presentation_forms_or_private_use_characters(tmp_path: Path) -> None:
    path = tmp_path / "arabic.pdf"
    _build(path, ARABIC_LINES + FRENCH_LINES, "ar")
    for text in (_pdftotext(path), "\n".join(_pypdf_lines(path))):
        odd = [f"U+{ord(c):04X}" for c in text
               if 0xFB50 <= ord(c) <= 0xFDFF or 0xFE70 <= ord(c) <= 0xFEFF
               or 0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000]
        assert not odd, odd


def test_phone_number_is_one_actual_text_span(tmp_path: Path) -> None:
    """The reversed number groups carry their logical text for position-based readers."""
    path = tmp_path / "phone.pdf"
    _build(path, ["اتصل بي على +212 6 24 40 58 89"], "ar")
    content = PdfReader(path).pages[0].get_contents()
    assert content is not None
    logical = "+212 6 24 40 58 89".encode("utf-16-be").hex().upper()
    assert f"/ActualText <FEFF{logical}>".encode() in content.get_data()


def test_arabic_dossier_from_the_command_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A whole EMC dossier in Arabic, from WhatsApp messages imported into a real vault."""
    chat = "".join(f"[12/11/2026 21:{i:02d}:00] Karim: {line}\n"
                   for i, line in enumerate(ARABIC_LINES))
    export = tmp_path / "WhatsApp Chat - Karim.zip"
    with zipfile.ZipFile(export, "w") as zf:
        zf.writestr("_chat.txt", chat.encode())
    assert cli("init", "--no-recovery-key").code == 0
    assert cli("import", str(export), "--case", "Karim").code == 0
    messages = json.loads(cli("messages", "--case", "Karim", "--json").out)["messages"]
    assert [m["text"] for m in messages] == ARABIC_LINES
    out = tmp_path / "emc-ar.pdf"
    result = cli("export", "dossier", "--recipient", "emc", "--lang", "ar", "--case", "Karim",
                 "--messages", ",".join(str(m["id"]) for m in messages), "--out", str(out))
    assert result.code == 0, result.err
    assert_extracted(out, ARABIC_LINES)


def test_words_spread_over_two_font_subsets(tmp_path: Path) -> None:
    """Enough different vowelled letters to fill reportlab's 256-code font subset: a word whose
    glyphs sit in two subsets still extracts whole and in order, with every vowel mark."""
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    lines = []
    for k, mark in enumerate("\u064e\u064f\u0650\u064b\u064c\u064d\u0651\u0652"):
        lines.append(" ".join(a + mark + 2 * letters[(i + k + 1) % 28] + mark + a
                              for i, a in enumerate(letters)))
    path = tmp_path / "subsets.pdf"
    _build(path, lines, "ar")
    fonts = {str(ref.get_object()["/BaseFont"]) for page in PdfReader(path).pages
             for ref in page["/Resources"]["/Font"].values()}
    assert len([f for f in fonts if "NotoNaskhArabic" in f]) >= 2, fonts
    words = {w for line in lines for w in line.split()}
    assert words <= set(" ".join(_pypdf_lines(path)).split())
    assert words <= set(" ".join(_poppler_lines(path)).split())
