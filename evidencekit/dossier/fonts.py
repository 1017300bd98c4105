"""Registers the dossier's embedded fonts (Latin, Arabic, emoji, monospace) with reportlab."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from evidencekit.paths import resource

# Stable reportlab names -> file in resources/fonts/. The names are part of the API: other modules
# and saved styles refer to them, so they never change when a font file is swapped.
BODY = "EK-Sans"
BODY_BOLD = "EK-Sans-Bold"
ARABIC = "EK-Naskh"
ARABIC_BOLD = "EK-Naskh-Bold"
EMOJI = "EK-Emoji"
MONO = "EK-Mono"

_FILES: dict[str, str] = {
    BODY: "NotoSans-Regular.ttf",
    BODY_BOLD: "NotoSans-Bold.ttf",
    ARABIC: "NotoNaskhArabic-Regular.ttf",
    ARABIC_BOLD: "NotoNaskhArabic-Bold.ttf",
    EMOJI: "NotoEmoji-Regular.ttf",
    MONO: "DejaVuSansMono.ttf",
}


@dataclass(frozen=True)
class FontSet:
    """reportlab font names to use in styles and `<font name=...>` markup."""

    body: str
    bold: str
    arabic: str
    arabic_bold: str
    emoji: str
    mono: str


_lock = threading.Lock()


def register_fonts() -> FontSet:
    """Register every dossier font once (later calls are cheap) and return their names."""
    with _lock:
        for name, filename in _FILES.items():
            if name in pdfmetrics.getRegisteredFontNames():
                continue
            path = resource("fonts", filename)
            # Emoji glyphs are drawn one code point at a time (see richtext), so only the Arabic
            # faces need harfbuzz; shaping Latin would turn "fi" into ligature glyphs that extract
            # as private-use characters and break copy/paste of evidence text.
            shapable = name in (ARABIC, ARABIC_BOLD)
            pdfmetrics.registerFont(TTFont(name, str(path), shapable=shapable))
        # Lets `<b>` inside our own markup pick the bold face.
        addMapping(BODY, 0, 0, BODY)
        addMapping(BODY, 1, 0, BODY_BOLD)
        addMapping(BODY, 0, 1, BODY)
        addMapping(BODY, 1, 1, BODY_BOLD)
        addMapping(ARABIC, 0, 0, ARABIC)
        addMapping(ARABIC, 1, 0, ARABIC_BOLD)
        addMapping(ARABIC, 0, 1, ARABIC)
        addMapping(ARABIC, 1, 1, ARABIC_BOLD)
    return FontSet(
        body=BODY, bold=BODY_BOLD, arabic=ARABIC, arabic_bold=ARABIC_BOLD, emoji=EMOJI, mono=MONO
    )


@lru_cache(maxsize=32)
def covers(font_name: str, codepoint: int) -> bool:
    """True when the registered TrueType font has a glyph for the code point."""
    font = pdfmetrics.getFont(font_name)
    face = getattr(font, "face", None)
    if face is None:
        return codepoint < 256
    return codepoint in face.charToGlyph


# Glyph aliases: a code point of our own for each (font, glyph, text) pair that a drawn glyph
# stands for when no character of the font says it. Shaped Arabic needs them: harfbuzz picks
# contextual glyphs that the font's cmap reaches only through presentation forms (U+FEF3 for
# an initial ي, which search and copy/paste do not match with ي) or not at all (both halves of
# lam-alef, the Allah ligature), and reportlab then names them by private-use characters that
# extract as nothing: "لا يثبت" lost its "لا". A mirrored bracket in right-to-left text is the
# other case: the glyph ")" is drawn where the text says "(". Each alias is registered in the
# font as one more character of that glyph, so reportlab subsets and draws it like any other,
# and the ToUnicode map below gives the text it was made from (several characters for a
# ligature). Plane 15 private use cannot clash with the fonts' own cmaps or with reportlab's
# aliases, which it takes from U+E000 up.
_ALIAS_FIRST, _ALIAS_LAST = 0xF0000, 0xFFFFD
_alias_lock = threading.Lock()
_alias_of: dict[tuple[str, int, str, float], int] = {}
_alias_text: dict[int, str] = {}


def glyph_alias(font_name: str, glyph: int, text: str, width: float) -> str | None:
    """The character to draw `glyph` of `font_name` with, extracting as `text`.

    `width` is the glyph's advance in 1/1000 em (the PDF /Widths value). Returns the text
    itself when it is one character the font already draws with that glyph, and None once the
    private-use plane is exhausted (the caller then draws the font's own character).
    """
    face: Any = pdfmetrics.getFont(font_name).face
    if len(text) == 1 and face.charToGlyph.get(ord(text)) == glyph:
        return text
    key = (font_name, glyph, text, round(width, 3))
    with _alias_lock:
        cp = _alias_of.get(key)
        if cp is None:
            cp = _ALIAS_FIRST + len(_alias_of)
            if cp > _ALIAS_LAST:
                return None
            _alias_of[key] = cp
            _alias_text[cp] = text
        # Set every time: a font registered again after a reportlab reset has a fresh face.
        face.charToGlyph[cp] = glyph
        face.charWidths[cp] = width
    return chr(cp)


def alias_text(char: str) -> str:
    """The text a drawn character extracts as: its alias text, or the character itself."""
    return _alias_text.get(ord(char), char)


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with glyph aliases mapped to their text and code points above
    U+FFFF written as UTF-16 pairs.

    reportlab 5 writes them as 5 hex digits, which readers truncate: a 🔪 (U+1F52A) would be
    extracted as U+1F52 "ὒ" and copy/paste of the evidence would be wrong.
    """

    def utf16(cp: int) -> str:
        text = _alias_text.get(cp, chr(cp))
        return str(text.encode("utf-16-be", "surrogatepass").hex().upper())

    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *(f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)),
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


# Module-level hook reportlab calls when it writes each font subset; replacing it is the only way
# to fix the output without forking reportlab. Identical to reportlab's for every character of
# the Basic Multilingual Plane that is not an alias.
ttfonts.makeToUnicodeCMap = _to_unicode_cmap
