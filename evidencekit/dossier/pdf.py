"""The dossier's document frame: styles, headings with bookmarks, page "X / Y", two-pass build."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any
from zoneinfo import ZoneInfo

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.flowables import Flowable

from evidencekit import __version__
from evidencekit.core.db import Connection
from evidencekit.core.errors import Cancelled
from evidencekit.core.vault import Vault
from evidencekit.dossier.direction import lang_rtl, user_rtl
from evidencekit.dossier.exhibits import Exhibit
from evidencekit.dossier.fonts import register_fonts
from evidencekit.dossier.headings import error, t
from evidencekit.dossier.images import ImageBox
from evidencekit.dossier.keepnext import KeepWithFirstPart
from evidencekit.dossier.request import MOROCCAN, DossierRequest, Progress
from evidencekit.dossier.richtext import para
from evidencekit.dossier.victim import DossierInfo
from evidencekit.dossier.withheld import Withholding

MARGIN = 1.8 * cm
FRAME_W = A4[0] - 2 * MARGIN


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    mono: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    title: ParagraphStyle
    strong: ParagraphStyle
    footer: ParagraphStyle


def make_styles(lang: str) -> Styles:
    fs = register_fonts()
    align = TA_RIGHT if lang == "ar" else TA_LEFT

    def st(name: str, font: str, size: float, **kw: Any) -> ParagraphStyle:
        kw.setdefault("alignment", align)
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.35, **kw)

    return Styles(
        body=st("body", fs.body, 9.5, spaceAfter=4),
        small=st("small", fs.body, 7.5, textColor=colors.HexColor("#444444")),
        cell=st("cell", fs.body, 7.5),
        cell_bold=st("cellb", fs.bold, 7.5),
        mono=st("mono", fs.mono, 6.6),
        h1=st("h1", fs.bold, 15, spaceBefore=6, spaceAfter=8, keepWithNext=1,
              textColor=colors.HexColor("#1F3A5F")),
        h2=st("h2", fs.bold, 12, spaceBefore=8, spaceAfter=5, keepWithNext=1,
              textColor=colors.HexColor("#1F3A5F")),
        h3=st("h3", fs.bold, 9.5, spaceBefore=6, spaceAfter=2, keepWithNext=1),
        title=st("title", fs.bold, 22, alignment=TA_CENTER, spaceAfter=10),
        strong=st("strong", fs.bold, 9.5, spaceAfter=4),
        footer=st("footer", fs.body, 7, textColor=colors.grey),
    )


@dataclass
class Ctx:
    """Everything a section needs; built once per pass of the two-pass build."""

    vault: Vault
    request: DossierRequest
    case_id: int
    case_name: str
    exhibits: list[Exhibit]
    info: DossierInfo
    styles: Styles
    tz: ZoneInfo
    now: datetime
    dry: bool = True
    pages: dict[str, int] = field(default_factory=dict)  # heading key -> page (from the dry pass)
    total_pages: int = 0
    image_boxes: dict[int, ImageBox] = field(default_factory=dict)
    progress: Progress | None = None
    cancel: threading.Event | None = None
    toc: list[tuple[str, str]] = field(default_factory=list)  # (key, title) of level-0 headings
    text_copy: str = ""  # name of the plain-text copy written beside the PDF, if any
    key_sha256: str = ""  # fingerprint of the vault's signing key, printed for the recipient
    withheld: Withholding = field(default_factory=Withholding)  # intimate images of a minor

    @property
    def conn(self) -> Connection:
        return self.vault.conn

    @property
    def lang(self) -> str:
        return self.request.lang

    @property
    def recipient(self) -> str:
        return self.request.recipient

    @property
    def moroccan(self) -> bool:
        return self.recipient in MOROCCAN

    def t(self, key: str) -> str:
        return t(key, self.lang)

    def p(self, text: str, style: ParagraphStyle | None = None, *,
          lang: str | None = None) -> Flowable:
        """Our own text: it runs in the dossier's language (or `lang`, for the Arabic half of a
        bilingual text), whatever names or addresses it quotes."""
        lang = lang or self.lang
        return para(text, style or self.styles.body, lang=lang, rtl=lang_rtl(lang))

    def u(self, text: str, style: ParagraphStyle | None = None) -> Flowable:
        """Text the user typed or imported: it runs the way its first strong letter says."""
        return para(text, style or self.styles.body, lang=self.lang,
                    rtl=user_rtl(text, self.lang))

    def heading(self, key: str, level: int = 0, text: str | None = None) -> Flowable:
        """A section (level 0) or exhibit (level 1) heading with its outline entry."""
        if text is not None:
            lines = [(text, self.lang)]
        elif self.moroccan:
            lines = _bilingual(key, self.lang)
        else:
            lines = [(self.t(key), self.lang)]
        if level == 0:
            self.toc.append((key, " / ".join(x for x, _lang in lines) if self.moroccan
                             else lines[0][0]))
        style = self.styles.h1 if level == 0 else self.styles.h2
        return Heading(self, key, lines, level, style)

    def tick(self, done: int, label: str) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled(error("cancelled"))
        if self.progress is not None and not self.dry:
            self.progress(done, len(self.exhibits), label)


class Heading(Flowable):  # type: ignore[misc]
    """Heading lines drawn with `para`, registering a bookmark, an outline entry and its page."""

    def __init__(self, ctx: Ctx, key: str, lines: list[tuple[str, str]], level: int,
                 style: ParagraphStyle) -> None:
        super().__init__()
        self.ctx = ctx
        self.key = key
        self.level = level
        self.title = lines[0][0]
        # Each line runs in its own language: the dossier's, or Arabic then French for Morocco.
        self.parts = [para(line, style, lang=lang, rtl=lang_rtl(lang)) for line, lang in lines]
        self.style = style
        self.keepWithNext = True
        self._heights: list[float] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._heights = [p.wrap(availWidth, availHeight)[1] for p in self.parts]
        self.width = availWidth
        return availWidth, sum(self._heights)

    def getSpaceBefore(self) -> float:  # noqa: N802
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self.style.spaceAfter)

    def draw(self) -> None:
        y = sum(self._heights)
        for part, h in zip(self.parts, self._heights, strict=True):
            y -= h
            part.drawOn(self.canv, 0, y)
        canv = self.canv
        canv.bookmarkHorizontal(self.key, 0, sum(self._heights))
        canv.addOutlineEntry(self.title, self.key, level=self.level, closed=self.level > 0)
        self.ctx.pages[self.key] = canv.getPageNumber()


def _bilingual(key: str, lang: str) -> list[tuple[str, str]]:
    """Arabic and French lines for Moroccan recipients (and English in an English dossier)."""
    out: dict[str, str] = {}
    for line_lang in ("ar", "fr", "en") if lang == "en" else ("ar", "fr"):
        out.setdefault(t(key, line_lang), line_lang)
    return list(out.items())


class DossierDoc(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, out: IO[bytes], ctx: Ctx, **kw: Any) -> None:
        # Headings (keepWithNext) keep with the start of what follows, not all of it.
        super().__init__(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, pageCompression=1,
                         topMargin=MARGIN, bottomMargin=MARGIN + 0.4 * cm,
                         keepTogetherClass=KeepWithFirstPart, **kw)
        self.ctx = ctx
        frame = Frame(MARGIN, MARGIN + 0.4 * cm, FRAME_W, A4[1] - 2 * MARGIN - 0.4 * cm, id="f")
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._footer)])

    def _footer(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        ctx = self.ctx
        canv.saveState()
        total = ctx.total_pages or canv.getPageNumber()
        label = f"evidencekit — {ctx.t('r_' + ctx.recipient)} — {ctx.case_name}"
        left = para(label[:160], ctx.styles.footer, lang=ctx.lang, rtl=lang_rtl(ctx.lang))
        left.wrap(FRAME_W - 2.5 * cm, 20)
        left.drawOn(canv, MARGIN + (2.5 * cm if ctx.lang == "ar" else 0), MARGIN - 0.2 * cm)
        canv.setFont(ctx.styles.footer.fontName, 8)
        text = f"{canv.getPageNumber()} / {total}"
        if ctx.lang == "ar":
            canv.drawString(MARGIN, MARGIN - 0.2 * cm, text)
        else:
            canv.drawRightString(A4[0] - MARGIN, MARGIN - 0.2 * cm, text)
        canv.setStrokeColor(colors.lightgrey)
        canv.line(MARGIN, MARGIN + 0.15 * cm, A4[0] - MARGIN, MARGIN + 0.15 * cm)
        canv.restoreState()


StoryFactory = Callable[[Ctx], list[Flowable]]


def build(ctx: Ctx, story: StoryFactory, out: IO[bytes], meta: dict[str, str]) -> int:
    """Two passes: a dry one (no image decoded) finds pages for the contents and "X / Y", then
    the real one writes `out`. Both lay out identically: images take their size from headers.
    """
    # Binary streams instead of ASCII85: reportlab's pure-Python encoder was most of the time
    # spent on images, and it makes the file 25 % bigger. Restored afterwards for other users.
    saved_a85 = rl_config.useA85
    rl_config.useA85 = 0
    try:
        return _build(ctx, story, out, meta)
    finally:
        rl_config.useA85 = saved_a85


def _build(ctx: Ctx, story: StoryFactory, out: IO[bytes], meta: dict[str, str]) -> int:
    sink = io.BytesIO()
    ctx.dry = True
    ctx.toc = []
    doc = DossierDoc(sink, ctx)
    doc.build(story(ctx))
    ctx.total_pages = doc.page
    del sink
    ctx.dry = False
    ctx.toc = []
    doc = DossierDoc(out, ctx, title=meta["title"], subject=meta["subject"],
                     author=meta.get("author", ""), creator=f"evidencekit {__version__}",
                     keywords=meta.get("keywords", ""), lang=ctx.lang)
    doc.build(story(ctx))
    return int(doc.page)
