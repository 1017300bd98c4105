"""The head of the letter to the procureur de la République: sender, addressee (tribunal
judiciaire), place and date of drafting, and the subject line ("Objet").

A letter of complaint is posted or handed in: the court it goes to must be on it. When the user
has not named one, a line is left to fill in by hand, with where to find the right court.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Spacer
from reportlab.platypus.flowables import Flowable

from evidencekit.dossier.direction import user_rtl
from evidencekit.dossier.legal import OFFENCES, offences_for
from evidencekit.dossier.pdf import Ctx
from evidencekit.dossier.richtext import para

MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "ar": ("يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر",
           "أكتوبر", "نونبر", "دجنبر"),
}


def long_date(ctx: Ctx) -> str:
    months = MONTHS.get(ctx.lang, MONTHS["en"])
    day = "1er" if ctx.now.day == 1 and ctx.lang == "fr" else str(ctx.now.day)
    return f"{day} {months[ctx.now.month - 1]} {ctx.now.year}"


def _offences(ctx: Ctx) -> str:
    cats = list(dict.fromkeys(ex.item.annotations.category for ex in ctx.exhibits
                              if ex.item.annotations.category))
    lang = ctx.lang if ctx.lang in ("fr", "en", "ar") else "fr"
    labels = [OFFENCES[key][1][lang] for key in offences_for(cats) if key in OFFENCES]
    if not labels:
        return ""
    if ctx.lang != "ar":
        labels = [w[:1].lower() + w[1:] for w in labels]
    words = ", ".join(labels[:4]) + (" …" if len(labels) > 4 else "")
    return ctx.t("objet_for").format(what=words)


def objet(ctx: Ctx, against: str) -> str:
    return ctx.t("objet").format(against=against, offences=_offences(ctx), n=len(ctx.exhibits))


def letter_head(ctx: Ctx, against: str) -> list[Flowable]:
    s, i = ctx.styles, ctx.info
    start = TA_RIGHT if ctx.lang == "ar" else TA_LEFT
    end = TA_LEFT if ctx.lang == "ar" else TA_RIGHT
    sender_style = ParagraphStyle("sender", parent=s.body, alignment=start, spaceAfter=0)
    to_style = ParagraphStyle("addressee", parent=s.body, alignment=end, spaceAfter=0)
    out: list[Flowable] = []
    for line in (i.full_name, i.address, i.phone, i.email):
        if line:
            out.append(para(line, sender_style, lang=ctx.lang, rtl=user_rtl(line, ctx.lang)))
    out.append(Spacer(1, 10))
    court = ctx.t("court_of").format(court=i.court) if i.court else ctx.t("court_blank")
    for line in (ctx.t("addressee"), court):
        out.append(ctx.p(line, to_style))
    if not i.court:
        out.append(ctx.p(ctx.t("court_hint"), ParagraphStyle("hint", parent=s.small,
                                                              alignment=end)))
    out += [Spacer(1, 10),
            ctx.p(ctx.t("drafted").format(city=i.city or ctx.t("blank_line"),
                                          date=long_date(ctx)), to_style),
            Spacer(1, 10), ctx.p(objet(ctx, against), s.strong), Spacer(1, 6)]
    return out
