"""Puts untrusted user text (French, Arabic, emoji, anything) on a dossier page, safely."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus.flowables import Flowable

from evidencekit.dossier import shaping
from evidencekit.dossier.fonts import FontSet, covers, register_fonts
from evidencekit.dossier.linedraw import ARABIC, LTR, NEUTRAL, SPACE, Placed, draw_line

__all__ = ["clean_text", "markup", "para", "placeholder"]

# C0/C1 controls come from exports and terminal escapes; only newline and tab carry meaning.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Explicit embeddings, overrides and isolates: a sender can use them to flip what is displayed
# ("gpj.exe"), so layout ignores them and the visible order follows the characters themselves.
_BIDI_OVERRIDES = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))
# Invisible marks with no glyph to show; dropping them from drawing loses nothing visible.
_INVISIBLE = frozenset({0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0x2060, 0xFEFF})
_VARIATION_SELECTORS = frozenset(range(0xFE00, 0xFE10)) | frozenset(range(0xE0100, 0xE01F0))
# Drawn alone, a skin-tone modifier is a colour swatch that looks like a box; the hand is kept.
_SKIN_TONES = frozenset(range(0x1F3FB, 0x1F400))
_SKIN_TONE_NAMES = ("light", "medium-light", "medium", "medium-dark", "dark")
_MIRROR = {"(": ")", ")": "(", "[": "]", "]": "[", "{": "}", "}": "{", "<": ">", ">": "<",
           "«": "»", "»": "«"}

_AR, _LTR, _NUM, _NEUTRAL, _EMOJI, _SPACE, _PLACEHOLDER = range(7)
# How text extractors see each kind of run (linedraw).
_STRENGTH = {_AR: ARABIC, _LTR: LTR, _NUM: LTR, _PLACEHOLDER: LTR, _SPACE: SPACE}


def _is_arabic(cp: int) -> bool:
    return (0x0600 <= cp <= 0x06FF or 0x0750 <= cp <= 0x077F or 0x08A0 <= cp <= 0x08FF
            or 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF) and cp != 0xFEFF


def _is_emoji_range(cp: int) -> bool:
    # Pictographs live in these blocks; a font check decides the rest.
    return (cp >= 0x1F000 or 0x2300 <= cp <= 0x23FF or 0x2600 <= cp <= 0x27BF
            or 0x2B00 <= cp <= 0x2BFF)


def clean_text(text: str) -> str:
    """Normalise line ends and drop control characters (except newline and tab)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _CONTROL.sub("", text)


def placeholder(char: str) -> str:
    """Visible stand-in for a character no font can draw, e.g. `[U+1F52A KITCHEN KNIFE]`."""
    name = unicodedata.name(char[0], "")
    code = "+".join(f"U+{ord(c):04X}" for c in char)
    return f"[{code} {name}]" if name else f"[{code}]"


@dataclass
class _Run:
    """A piece of text drawn in one font, in one direction, without a line break inside."""

    text: str
    font: str
    kind: int
    width: float = 0.0


def _fonts_for(base_font: str | None, fs: FontSet) -> tuple[str, str]:
    bold = base_font in (fs.bold, fs.arabic_bold)
    if base_font and base_font not in (fs.body, fs.bold, fs.arabic, fs.arabic_bold):
        return base_font, fs.arabic_bold if bold else fs.arabic
    return (fs.bold, fs.arabic_bold) if bold else (fs.body, fs.arabic)


def _itemize(text: str, base_font: str | None) -> list[_Run | None]:
    """Split cleaned text into runs; `None` marks a hard line break."""
    fs = register_fonts()
    latin, arabic = _fonts_for(base_font, fs)
    out: list[_Run | None] = []
    chars = text
    i, n = 0, len(chars)

    # Letters of one script are gathered in a list and joined once: `run.text += ch` copies
    # the whole run each time, which made a 1 MB message take minutes.
    pending: list[str] = []
    pending_key: list[object] = ["", -1]

    def flush() -> None:
        if pending:
            out.append(_Run("".join(pending), str(pending_key[0]), int(str(pending_key[1]))))
            pending.clear()

    def emit(item: _Run | None) -> None:
        flush()
        out.append(item)

    def push(t: str, font: str, kind: int) -> None:
        if kind in (_AR, _LTR, _NUM):
            if not (pending and pending_key[0] == font and pending_key[1] == kind):
                flush()
                pending_key[0], pending_key[1] = font, kind
            pending.append(t)
        else:
            emit(_Run(t, font, kind))

    def last_run() -> _Run | None:
        if pending:
            return _Run("", str(pending_key[0]), int(str(pending_key[1])))
        return out[-1] if out else None

    while i < n:
        ch = chars[i]
        cp = ord(ch)
        if ch == "\n":
            emit(None)
            i += 1
            continue
        if cp in _BIDI_OVERRIDES or cp in _INVISIBLE and cp not in (0x200C, 0x200D):
            i += 1
            continue
        if ch.isspace() and ch != "\xa0":
            emit(_Run(" ", latin, _SPACE))
            i += 1
            continue
        previous = last_run() if cp in (0x200C, 0x200D) or ch.isdigit() else None
        if _is_arabic(cp) and ch.isdigit() and covers(arabic, cp):
            # Arabic-Indic digits are a number, left to right like any other: shaped with the
            # letters, harfbuzz drew "١٢٣٤ درهم" as "٤٣٢١".
            push(ch, arabic, _NUM)
            i += 1
            continue
        if _is_arabic(cp) or (cp in (0x200C, 0x200D) and previous is not None
                              and previous.kind == _AR):
            if covers(arabic, cp) or unicodedata.category(ch) == "Mn":
                push(ch, arabic, _AR)
            else:
                emit(_Run(placeholder(ch), latin, _PLACEHOLDER))
            i += 1
            continue
        text_glyph = cp < 0x1F000 and covers(latin, cp)
        if _is_emoji_range(cp) and covers(fs.emoji, cp) and not text_glyph:
            # One grapheme: base, then skin tones, variation selectors and ZWJ-joined members.
            j = i + 1
            while j < n:
                c2 = ord(chars[j])
                if c2 in _SKIN_TONES or c2 in _VARIATION_SELECTORS or c2 == 0x20E3:
                    j += 1
                elif c2 == 0x200D and j + 1 < n and covers(fs.emoji, ord(chars[j + 1])):
                    j += 2
                else:
                    break
            # Selectors and joiners are invisible; drawn separately they would only risk a box.
            visible = "".join(c for c in chars[i:j] if ord(c) not in _VARIATION_SELECTORS
                              and ord(c) != 0x200D and ord(c) not in _SKIN_TONES)
            emit(_Run(visible, fs.emoji, _EMOJI))
            # The skin tone is part of what was sent: say it in words rather than drop it.
            for c in chars[i:j]:
                if ord(c) in _SKIN_TONES:
                    emit(_Run(f"[{_SKIN_TONE_NAMES[ord(c) - 0x1F3FB]} skin tone]", latin,
                                    _PLACEHOLDER))
            i = j
            continue
        if cp in _VARIATION_SELECTORS or cp in (0x200C, 0x200D) or (
                cp in _SKIN_TONES and last_run() is None):
            i += 1  # stray selector/joiner: invisible by definition
            continue
        cat = unicodedata.category(ch)
        if cat == "Nd":
            font = arabic if (previous is not None and previous.font == arabic
                              and covers(arabic, cp)) else latin
            push(ch, font if covers(font, cp) else latin, _NUM)
        elif cat[0] in "LM":
            for font in (latin, arabic, fs.mono):
                if covers(font, cp):
                    push(ch, font, _LTR)
                    break
            else:
                emit(_Run(placeholder(ch), latin, _PLACEHOLDER))
        else:
            for font in (latin, fs.emoji, arabic, fs.mono):
                if covers(font, cp):
                    emit(_Run(ch, font, _NEUTRAL))
                    break
            else:
                emit(_Run(placeholder(ch), latin, _PLACEHOLDER))
        i += 1
    flush()
    return out


def _measure(run: _Run, size: float) -> float:
    if run.kind == _AR:
        return shaping.shape(run.text, run.font, size).width(size)
    return float(pdfmetrics.stringWidth(run.text, run.font, size))


def _strong(run: _Run) -> int | None:
    if run.kind == _AR:
        return 1
    if run.kind in (_LTR, _PLACEHOLDER):
        return 0
    return None


# UAX #9 common separators (CS) and European separators (ES) that W4 joins to numbers.
_NUMBER_SEPARATORS = frozenset("/:.,+-\u2212")
_SIGNS = frozenset("+-\u2212")


def _visual_order(runs: list[_Run], rtl: bool) -> list[_Run]:
    """Unicode bidi rules at run granularity (UAX #9 W/N/I/L2, simplified): returns draw order."""
    order, levels = _bidi(runs, rtl)
    return [_mirror(runs[idx]) if levels[idx] % 2 == 1 else runs[idx] for idx in order]


def _mirror(run: _Run) -> _Run:
    if run.kind == _NEUTRAL and run.text in _MIRROR:
        return _Run(_MIRROR[run.text], run.font, run.kind, run.width)
    return run


def _bidi(runs: list[_Run], rtl: bool) -> tuple[list[int], list[int]]:
    """Visual order (indexes into `runs`, left to right) and embedding level of each run."""
    base = 1 if rtl else 0
    n = len(runs)
    kinds = [r.kind for r in runs]
    # W4: one separator between two numbers belongs to the number ("22/11/2026", "23:14",
    # "2026-11-22", "1,5"); left neutral, an Arabic line would show "2026/11/22".
    for k in range(1, n - 1):
        if (kinds[k] == _NEUTRAL and runs[k].text in _NUMBER_SEPARATORS
                and runs[k - 1].kind == _NUM and runs[k + 1].kind == _NUM):
            kinds[k] = _NUM
    # A sign that opens a line's number belongs to it (a message header starting with the
    # sender's "+33612345678"): left neutral, an Arabic line would draw "33612345678+", a
    # number no one can dial. Only at the start: inside Arabic text, moving the sign changes
    # how text extractors rebuild the line (tests/dossier/test_arabic_extraction.py).
    if n > 1 and kinds[0] == _NEUTRAL and runs[0].text in _SIGNS and runs[1].kind == _NUM:
        kinds[0] = _NUM
    strong: list[int | None] = [_strong(r) for r in runs]
    # Numbers count as right-to-left for the neutrals around them when they follow Arabic (W2).
    last: int = base
    for k in range(n):
        if strong[k] is not None:
            last = strong[k] or 0
        elif kinds[k] == _NUM and last == 1:
            strong[k] = 1
        elif kinds[k] == _NUM and last == 0:
            strong[k] = 0  # W7: a number after Latin text is Latin ("RFC 3161" keeps its order)
    levels: list[int] = [0] * n
    for k in range(n):
        s = strong[k]
        if s is None:
            prev = next((strong[j] for j in range(k - 1, -1, -1) if strong[j] is not None), base)
            nxt = next((strong[j] for j in range(k + 1, n) if strong[j] is not None), base)
            s = prev if prev == nxt else base
            levels[k] = base if s == base else base + 1
        elif kinds[k] == _NUM:
            # I1/I2: numbers are left to right inside right-to-left text, so an even level.
            levels[k] = 2 if base == 1 or s == 1 else 0
        elif s == base:
            levels[k] = base
        else:
            levels[k] = base + 1
    _pair_brackets(runs, kinds, levels)
    order = list(range(n))
    top = max(levels, default=0)
    for lvl in range(top, 0, -1):
        k = 0
        while k < n:
            if levels[order[k]] >= lvl:
                j = k
                while j < n and levels[order[j]] >= lvl:
                    j += 1
                order[k:j] = order[k:j][::-1]
                k = j
            else:
                k += 1
    return order, levels


_OPENING = {")": "(", "]": "[", "}": "{"}


def _pair_brackets(runs: list[_Run], kinds: list[int], levels: list[int]) -> None:
    """N0, simplified: a closing bracket takes its opening bracket's level, so a date ending a
    right-to-left line, "21:02 (UTC+01:00)", keeps its ")" inside it rather than at the far left."""
    stack: list[int] = []
    for k, run in enumerate(runs):
        if kinds[k] != _NEUTRAL:
            continue
        if run.text in _OPENING.values():
            stack.append(k)
        elif run.text in _OPENING:
            while stack and runs[stack[-1]].text != _OPENING[run.text]:
                stack.pop()
            if stack:
                levels[k] = levels[stack.pop()]


def _split_long(run: _Run, size: float, limit: float) -> list[_Run]:
    """Cut a run wider than a line (URL, hash, 10,000-character name) into line-sized pieces."""
    pieces: list[_Run] = []
    cur = ""
    width = 0.0
    for ch in run.text:
        w = pdfmetrics.stringWidth(ch, run.font, size)
        if cur and width + w > limit:
            pieces.append(_Run(cur, run.font, run.kind, width))
            cur, width = "", 0.0
        cur += ch
        width += w
    if cur:
        pieces.append(_Run(cur, run.font, run.kind, width))
    return pieces


def _is_rtl(runs: list[_Run | None], lang: str) -> bool:
    ar = sum(len(r.text) for r in runs if r is not None and r.kind == _AR)
    lat = sum(len(r.text) for r in runs if r is not None and r.kind == _LTR)
    return ar > lat or (lang == "ar" and ar > 0 and ar * 2 >= lat)


class RichParagraph(Flowable):  # type: ignore[misc]
    """A paragraph laid out by us: script font runs, bidi order, harfbuzz-shaped Arabic.

    reportlab 5 shapes Arabic only inside words and needs the unavailable `rlbidi` for right to
    left order, so line breaking and bidi reordering happen here and each run is drawn directly.
    """

    def __init__(self, runs: list[_Run | None], style: ParagraphStyle, rtl: bool) -> None:
        super().__init__()
        self.runs = runs
        self.style = style
        self.rtl = rtl
        self._lines: list[tuple[int, int]] = []  # [start, end) indexes into self.runs
        self._width = 0.0

    def _leading(self) -> float:
        return float(self.style.leading or self.style.fontSize * 1.2)

    def _layout(self, avail: float) -> None:
        size = float(self.style.fontSize)
        avail = max(avail - self.style.leftIndent - self.style.rightIndent, size * 2)
        # Pieces too wide for any line are cut before breaking so every piece fits somewhere.
        flat: list[_Run | None] = []
        for r in self.runs:
            if r is None:
                flat.append(None)
                continue
            r.width = _measure(r, size)
            if r.width > avail and r.kind != _SPACE:
                flat.extend(_split_long(r, size, avail) if r.kind != _AR else [r])
            else:
                flat.append(r)
        self.runs = flat
        lines: list[tuple[int, int]] = []
        start, k, width = 0, 0, 0.0
        n = len(flat)
        while k < n:
            r = flat[k]
            if r is None:
                lines.append((start, k))
                start, k, width = k + 1, k + 1, 0.0
                continue
            # A "word" is everything up to the next space or line break; it moves as a block
            # unless it alone is wider than the line, in which case it breaks between runs.
            j = k
            wword = 0.0
            while j < n and flat[j] is not None and (j == k or flat[j].kind != _SPACE):  # type: ignore[union-attr]
                wword += flat[j].width  # type: ignore[union-attr]
                j += 1
                if r.kind == _SPACE:
                    break
            if width + wword <= avail or width == 0.0 and wword <= avail:
                width += wword
                k = j
            elif width == 0.0:
                # Oversized word: take as many runs as fit (at least one).
                m = k
                while m < j and (m == k or width + flat[m].width <= avail):  # type: ignore[union-attr]
                    width += flat[m].width  # type: ignore[union-attr]
                    m += 1
                lines.append((start, m))
                start, k, width = m, m, 0.0
            else:
                lines.append((start, k))
                while k < n and flat[k] is not None and flat[k].kind == _SPACE:  # type: ignore[union-attr]
                    k += 1
                start, width = k, 0.0
        if start < n or not lines:
            lines.append((start, n))
        self._lines = lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._layout(availWidth)
        self._width = availWidth
        self.width = availWidth
        self.height = len(self._lines) * self._leading()
        return self.width, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self.style.spaceAfter)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self._layout(availWidth)
        fit = int(availHeight // self._leading())
        if fit <= 0:
            return []
        if fit >= len(self._lines):
            # A table splitting a cell asks even when, at this width, everything fits (its
            # height came from another width) and it needs two parts: give the last line its
            # own part rather than one (reportlab then fails with IndexError on a long message).
            if len(self._lines) < 2:
                return [self]
            fit = len(self._lines) - 1
        cut = self._lines[fit][0]
        return [RichParagraph(self.runs[:cut], self.style, self.rtl),
                RichParagraph(self.runs[cut:], self.style, self.rtl)]

    def _line_pieces(self, start: int, end: int, size: float) -> tuple[list[Placed], float]:
        """The line's runs in logical order, placed by the bidi layout, and the line's width."""
        line = [r for r in self.runs[start:end] if r is not None]
        while line and line[-1].kind == _SPACE:
            line.pop()
        while line and line[0].kind == _SPACE:
            line.pop(0)
        order, levels = _bidi(line, self.rtl)
        lefts = [0.0] * len(line)
        visual = [0] * len(line)
        x = 0.0
        for position, idx in enumerate(order):
            lefts[idx], visual[idx] = x, position
            x += line[idx].width
        pieces = []
        for idx, r in enumerate(line):
            drawn: str = r.text
            overlay: tuple[tuple[str, float, float], ...] = ()
            if r.kind == _AR:
                # Without rlbidi, canvas.drawString(shaping=True) silently skips shaping, so the
                # harfbuzz result (visual order, joined forms) is built here and drawn as is.
                shaped = shaping.shape(r.text, r.font, size)
                drawn, overlay = shaped.glyphs, shaped.overlay
            elif levels[idx] % 2 == 1 and _mirror(r) is not r:
                drawn = shaping.mirrored(r.font, r.text, _mirror(r).text)
            pieces.append(Placed(drawn, r.font, lefts[idx], r.text, _STRENGTH.get(r.kind, NEUTRAL),
                                 visual[idx], overlay))
        return pieces, x

    def draw(self) -> None:
        canv = self.canv
        style = self.style
        size = float(style.fontSize)
        leading = self._leading()
        align = style.alignment
        if align == TA_JUSTIFY:
            align = TA_RIGHT if self.rtl else TA_LEFT
        elif self.rtl and align == TA_LEFT:
            align = TA_RIGHT
        inner = self._width - style.leftIndent - style.rightIndent
        canv.saveState()
        canv.setFillColor(style.textColor)
        y = self.height - leading + (leading - size) / 2 + size * 0.2
        for start, end in self._lines:
            pieces, total = self._line_pieces(start, end, size)
            x = float(style.leftIndent)
            if align == TA_RIGHT:
                x += inner - total
            elif align == TA_CENTER:
                x += (inner - total) / 2
            # One text object per line, so readers extract the line as one string; the runs are
            # drawn in logical order at their visual places (see linedraw).
            draw_line(canv, pieces, x, y, size)
            y -= leading
        canv.restoreState()


MAX_PARA_CHARS = 20_000


def para(text: str, style: ParagraphStyle, *, lang: str = "fr",
         rtl: bool | None = None) -> Flowable:
    """One paragraph of untrusted text: nothing in it is interpreted as markup.

    `rtl` is the paragraph direction when the caller knows it (see dossier/direction.py); left
    out, it is guessed from the letters, which only suits a lone line of unknown origin.

    Beyond MAX_PARA_CHARS the text is cut with a visible note: a PDF page cannot usefully show a
    50 MB line, and the whole text stays in the original, whose SHA-256 the dossier gives.
    """
    if len(text) > MAX_PARA_CHARS:
        text = text[:MAX_PARA_CHARS] + f" […] [{len(text) - MAX_PARA_CHARS} more characters " \
            "in the original]"
    runs = _itemize(clean_text(text), style.fontName)
    return RichParagraph(runs, style, _is_rtl(runs, lang) if rtl is None else rtl)


def _visual_arabic(run: _Run) -> str:
    """Arabic run as glyph characters in visual order, for plain reportlab markup.

    Only `para()` copies out exactly: here letters under vowel marks and ligatures extract as
    nothing, and the order is visual.
    """
    font: Any = pdfmetrics.getFont(run.font)
    # Each harfbuzz glyph is a character of the font (a glyph alias that extracts as its
    # letters), so drawing it unshaped shows the joined forms; the order is already visual.
    text = str(shaping.shape(run.text, run.font, 10).inline)
    if not all(ord(c) in font.face.charToGlyph for c in text):
        return run.text[::-1]
    return text


def markup(text: str, *, base_font: str | None = None) -> str:
    """Escaped reportlab markup with `<font>` runs, for a one-line label or table cell.

    Arabic is pre-shaped into visual order, which is right for text that fits on one line; use
    `para()` for anything that may wrap.
    """
    fs = register_fonts()
    lines: list[str] = []
    items = _itemize(clean_text(text), base_font)
    rtl = _is_rtl(items, "fr")
    current: list[_Run] = []
    groups: list[list[_Run]] = []
    for r in items:
        if r is None:
            groups.append(current)
            current = []
        else:
            current.append(r)
    groups.append(current)
    latin = _fonts_for(base_font, fs)[0]
    for group in groups:
        # Consecutive runs in one font (spaces included) share a single <font> tag.
        spans: list[tuple[str, str]] = []
        for r in _visual_order(group, rtl):
            t = _visual_arabic(r) if r.kind == _AR else r.text
            font = spans[-1][0] if r.kind == _SPACE and spans else r.font
            if spans and spans[-1][0] == font:
                spans[-1] = (font, spans[-1][1] + t)
            else:
                spans.append((font, t))
        lines.append("".join(
            escape(t) if font == latin and base_font is not None
            else f'<font name="{font}">{escape(t)}</font>'
            for font, t in spans))
    return "<br/>".join(lines)
