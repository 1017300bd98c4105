"""Harfbuzz shaping of an Arabic run, every glyph drawn with a code that extracts as its letters.

reportlab's `shapeStr` names each glyph by a character of the font that reaches it: a
presentation form (U+FEF3 for an initial ي), or a private-use character for the glyphs no
character reaches (both halves of lam-alef, the Allah ligature). The PDF's ToUnicode map then
says exactly that, so copy/paste and `pdftotext` gave presentation forms, which search does not
match, or private-use characters, which show as nothing ("لا يثبت" lost its "لا"). Here each
glyph is named by a glyph alias (fonts.glyph_alias) carrying the letters harfbuzz shaped it from.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

import uharfbuzz
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

from evidencekit.dossier.fonts import glyph_alias

__all__ = ["glyph_texts", "mirrored", "shape", "width"]

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


@lru_cache(maxsize=4096)
def shape(text: str, font_name: str, size: float) -> ShapedStr:
    """`text` shaped by harfbuzz: glyphs in visual (left to right) order, positioned as reportlab
    draws a ShapedStr, each one a character whose ToUnicode entry is the text it draws."""
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

    def put(gid: int, part: str, width: float, cluster: int, x_advance: float,
            offsets: tuple[float, float, float] = (0, 0, 0)) -> None:
        ch = glyph_alias(font_name, gid, part, width) or _font_char(ttf, gid)
        chars.append(ch)
        y_advance, x_offset, y_offset = offsets
        data.append(ShapeData(cluster, x_advance, y_advance, x_offset, y_offset,
                              ttf.face.getCharWidth(ord(ch))))

    for info, pos, part, advance in zip(infos, positions, parts, advances, strict=True):
        offsets = (ttf.pdfScale(pos.y_advance), ttf.pdfScale(pos.x_offset),
                   ttf.pdfScale(pos.y_offset))
        x_advance = ttf.pdfScale(pos.x_advance)
        if len(part) < 2 or space is None:
            put(info.codepoint, part, ttf.pdfScale(advance), info.cluster, x_advance, offsets)
            continue
        # A ligature ("لله" is one glyph) is drawn as its glyph plus invisible space glyphs, one
        # code per letter in visual order across its width. A code that extracts as several
        # letters is read forward by poppler and as one unit by pypdf, so one of the two would
        # give them in the wrong order for right-to-left text.
        letters = part[::-1] if rtl else part
        step = x_advance / len(letters)
        put(info.codepoint, letters[0], step, info.cluster, step, offsets)
        for letter in letters[1:]:
            put(space, letter, step, info.cluster, step)
    return ShapedStr("".join(chars), shapeData=data)


def _font_char(ttf: Any, gid: int) -> str:
    """reportlab's own name for a glyph; only used if the aliases ever ran out."""
    found = ttf.face.glyphToChar.get(gid)
    if found:
        return chr(found[0])
    return chr(ttf.hbAddPrivate(ttf.hbFont(10).glyph_to_string(gid), gid, 0))


def width(shaped: ShapedStr, size: float) -> float:
    """Advance width of a shaped run at `size` points."""
    return float(sum(d.x_advance for d in shaped.__shapeData__)) * size / 1000.0


def mirrored(font_name: str, logical: str, shown: str) -> str:
    """`shown` (a bracket mirrored for right-to-left text) drawn so that it extracts as
    `logical`, the character the text actually contains."""
    face: Any = pdfmetrics.getFont(font_name).face
    gid = face.charToGlyph.get(ord(shown))
    if gid is None:
        return shown
    return glyph_alias(font_name, gid, logical, face.getCharWidth(ord(shown))) or shown
