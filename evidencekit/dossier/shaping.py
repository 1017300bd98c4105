"""Harfbuzz shaping of an Arabic run, every glyph drawn with a code that extracts as its letters.

reportlab's `shapeStr` names each glyph by a character of the font that reaches it: a
presentation form (U+FEF3 for an initial ي), or a private-use character for the glyphs no
character reaches (both halves of lam-alef, the Allah ligature). The PDF's ToUnicode map then
says exactly that, so copy/paste and `pdftotext` gave presentation forms, which search does not
match, or private-use characters, which show as nothing ("لا يثبت" lost its "لا"). Here each
glyph is named by a glyph alias (fonts.glyph_alias) carrying the letters harfbuzz shaped it from.

Every code extracts as exactly one character, because the two readers disagree about codes that
stand for several (poppler reads them forward, pypdf keeps them as a unit; for right-to-left
text one of them is always wrong). A ligature, or a letter carrying vowel marks, is therefore
drawn as its glyphs extracting as nothing, followed by invisible space glyphs on the baseline
across its width, one per character in visual order. The page looks the same (checked pixel for
pixel with pdftoppm); the raised marks no longer extract as a line of their own.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import uharfbuzz
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

from evidencekit.dossier.fonts import glyph_alias

__all__ = ["Shaped", "glyph_texts", "mirrored", "shape"]

# reportlab's own shaping features and cluster level, so the glyphs and positions are the ones
# the dossier has always drawn.
_FEATURES = {"kern": True, "liga": True, "dlig": True}
_lock = threading.Lock()


def glyph_texts(text: str, clusters: list[int], rtl: bool) -> list[str]:
    """The part of `text` each glyph stands for, from harfbuzz clusters (glyphs in visual order).

    A cluster is the characters from its value up to the next cluster's. When it has as many
    glyphs as characters (lam-alef is two glyphs for ل and ا in Noto Naskh) they share them one
    each in logical order; a ligature glyph takes all of them ("لله" is one glyph); the last
    glyph takes what is left. The concatenation, in logical glyph order, is always `text`.
    """
    if not clusters:
        return []
    starts = sorted(set(clusters))
    ends = dict(zip(starts, [*starts[1:], len(text)], strict=True))
    # Characters before the first cluster (none in practice) belong to it.
    begin = {c: (0 if c == starts[0] else c) for c in starts}
    members: dict[int, list[int]] = {}
    for g in range(len(clusters) - 1, -1, -1) if rtl else range(len(clusters)):
        members.setdefault(clusters[g], []).append(g)
    out = [""] * len(clusters)
    for cluster, glyphs in members.items():
        chars = text[begin[cluster]:ends[cluster]]
        for j, g in enumerate(glyphs):
            out[g] = chars[j:] if j == len(glyphs) - 1 else chars[j:j + 1]
    return out


@dataclass(frozen=True)
class Shaped:
    """A shaped run. `glyphs` draws the run and extracts as its text; `overlay` holds the glyphs
    that extract as nothing (letters under vowel marks, the marks, ligatures), each with its
    place from the run's left edge and its rise, in 1/1000 em, to be drawn after the line."""

    glyphs: ShapedStr
    overlay: tuple[tuple[str, float, float], ...]
    # The visible glyphs only, each advancing by its own width: for reportlab's own markup,
    # which draws them as plain characters.
    inline: str

    def width(self, size: float) -> float:
        return float(sum(d.x_advance for d in self.glyphs.__shapeData__)) * size / 1000.0


def shape(text: str, font_name: str, size: float) -> Shaped:
    """`text` shaped by harfbuzz: glyphs in visual (left to right) order, positioned as reportlab
    draws a ShapedStr, each one a character whose ToUnicode entry is the text it draws."""
    # The face is part of the key: a font registered again has none of the aliases.
    return _shape(text, font_name, size, id(pdfmetrics.getFont(font_name).face))


@lru_cache(maxsize=4096)
def _shape(text: str, font_name: str, size: float, _face: int) -> Shaped:
    ttf: Any = pdfmetrics.getFont(font_name)
    with _lock:  # a harfbuzz font is not meant to be shared between threads
        hb_font = ttf.hbFont(size)
        buf = uharfbuzz.Buffer()
        buf.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
        buf.add_str(text)
        buf.guess_segment_properties()
        uharfbuzz.shape(hb_font, buf, _FEATURES)
        infos, positions = buf.glyph_infos, buf.glyph_positions
        advances = [hb_font.get_glyph_h_advance(i.codepoint) for i in infos]
        rtl = buf.direction == "rtl"
    parts = glyph_texts(text, [i.cluster for i in infos], rtl)
    space = ttf.face.charToGlyph.get(32)
    chars: list[str] = []
    data: list[ShapeData] = []
    over: list[bool] = []
    carriers: list[bool] = []

    def put(gid: int, part: str, width: float, cluster: int, x_advance: float,
            offsets: tuple[float, float, float] = (0, 0, 0), overlay: bool = False,
            carrier: bool = False) -> None:
        ch = glyph_alias(font_name, gid, part, width) or _font_char(ttf, gid)
        chars.append(ch)
        y_advance, x_offset, y_offset = offsets
        data.append(ShapeData(cluster, x_advance, y_advance, x_offset, y_offset,
                              ttf.face.getCharWidth(ord(ch))))
        over.append(overlay)
        carriers.append(carrier)

    def offsets_of(pos: Any) -> tuple[float, float, float]:
        return (ttf.pdfScale(pos.y_advance), ttf.pdfScale(pos.x_offset),
                ttf.pdfScale(pos.y_offset))

    marks: list[tuple[Any, Any, str, float]] = []  # visual order: marks come before their base
    for glyph in zip(infos, positions, parts, advances, strict=True):
        info, pos, part, advance = glyph
        if rtl and space is not None and part and all(_is_mark(c) for c in part):
            marks.append(glyph)
            continue
        if (len(part) < 2 and not marks) or space is None:
            put(info.codepoint, part, ttf.pdfScale(advance), info.cluster,
                ttf.pdfScale(pos.x_advance), offsets_of(pos))
            continue
        # A ligature ("لله" is one glyph) or a letter with its marks ("سَ") is drawn as its
        # glyphs, which extract as nothing, and invisible space glyphs on the baseline across
        # its width, one per letter in visual order. A code that extracts as several letters is
        # read forward by poppler and as one unit by pypdf, so one of the two would give them
        # in the wrong order; and a raised mark is, to poppler, a character of another line.
        unit = [*marks, glyph]
        marks.clear()
        total = 0.0
        for g_info, g_pos, _part, g_advance in unit:
            total += ttf.pdfScale(g_pos.x_advance)
            put(g_info.codepoint, "", ttf.pdfScale(g_advance), g_info.cluster, 0.0,
                offsets_of(g_pos), overlay=True)
        letters = "".join(g[2][::-1] if rtl else g[2] for g in unit)
        step = total / len(letters)
        for letter in letters:
            put(space, letter, step, info.cluster, step, carrier=True)
    for info, pos, part, advance in marks:  # marks with no letter after them: drawn as they are
        put(info.codepoint, part, ttf.pdfScale(advance), info.cluster,
            ttf.pdfScale(pos.x_advance), offsets_of(pos))
    # The overlay is drawn apart: its glyphs sit at offsets from the pen that pypdf, within one
    # text-showing operator, takes for word gaps and answers with spaces.
    pen = 0.0
    overlay: list[tuple[str, float, float]] = []
    for ch, d, is_over in zip(chars, data, over, strict=True):
        if is_over:
            overlay.append((ch, pen + d.x_offset, d.y_offset))
        pen += d.x_advance
    kept = [k for k, is_over in enumerate(over) if not is_over]
    seen = [k for k, is_carrier in enumerate(carriers) if not is_carrier]
    return Shaped(ShapedStr("".join(chars[k] for k in kept), shapeData=[data[k] for k in kept]),
                  tuple(overlay), "".join(chars[k] for k in seen))


def _is_mark(char: str) -> bool:
    return unicodedata.category(char).startswith("M")


def _font_char(ttf: Any, gid: int) -> str:
    """reportlab's own name for a glyph; only used if the aliases ever ran out."""
    found = ttf.face.glyphToChar.get(gid)
    if found:
        return chr(found[0])
    return chr(ttf.hbAddPrivate(ttf.hbFont(10).glyph_to_string(gid), gid, 0))


def mirrored(font_name: str, logical: str, shown: str) -> str:
    """`shown` (a bracket mirrored for right-to-left text) drawn so that it extracts as
    `logical`, the character the text actually contains."""
    face: Any = pdfmetrics.getFont(font_name).face
    gid = face.charToGlyph.get(ord(shown))
    if gid is None:
        return shown
    return glyph_alias(font_name, gid, logical, face.getCharWidth(ord(shown))) or shown
