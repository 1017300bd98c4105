"""Sections of the Moroccan dossiers: the complaint to وكيل الملك, the legal references, e-Blagh.

The complaint is written Arabic first with the French beside it (Arabic in the right column,
as on bilingual Moroccan forms) whatever the dossier's language, addressed to the procureur du
Roi, and cites only Moroccan texts: a Moroccan case must never be sent to the "procureur de la
République" with the French code.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from evidencekit.dossier.date_labels import event_line
from evidencekit.dossier.exhibits import Exhibit
from evidencekit.dossier.headings import t
from evidencekit.dossier.legal_ma import GENERAL_MA, OFFENCES_MA, UNCONFIRMED, offences_ma_for
from evidencekit.dossier.pdf import FRAME_W, Ctx, Styles, make_styles
from evidencekit.dossier.richtext import para
from evidencekit.dossier.sections import category_label, cut, nature, table
from evidencekit.dossier.translation import quoted

GRID = colors.HexColor("#B8C2CC")
# Our categories -> the kinds of offence e-Blagh names (sexual blackmail, threats, hate, child
# sexual exploitation); anything else is chosen by the victim in the form.
EBLAGH_KINDS = {
    "webcam_blackmail": "sexual_blackmail", "intimate_images": "sexual_blackmail",
    "threats": "threats", "hate_humiliation": "hate", "child_sexual_abuse": "children",
}


@cache
def _styles(lang: str) -> Styles:
    return make_styles(lang)


def _pair(ar: str, fr: str, style: str = "body") -> list[Flowable]:
    """One row of the side-by-side letter: French (left), Arabic (right)."""
    return [para(fr, getattr(_styles("fr"), style), lang="fr"),
            para(ar, getattr(_styles("ar"), style), lang="ar")]


def _both(key: str, style: str = "body", **fmt: str) -> list[Flowable]:
    return _pair(t(key, "ar").format(**fmt), t(key, "fr").format(**fmt), style)


def _side_by_side(rows: list[list[Flowable]]) -> Table:
    tbl = Table(rows, colWidths=[FRAME_W / 2, FRAME_W / 2], splitInRow=1)
    tbl.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEAFTER", (0, 0), (0, -1), 0.4, GRID),
        ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    return tbl


def contact(ctx: Ctx) -> str:
    i = ctx.info
    if i.anonymous or not (i.full_name or i.email or i.phone):
        return ctx.t("anonymous")
    return " · ".join(x for x in (i.full_name, i.email, i.phone) if x)


def _against(lang: str, names: list[str]) -> str:
    if names:
        return t("against_named", lang).format(names=", ".join(names))
    return t("against_unknown", lang)


def _categories(ctx: Ctx) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for ex in ctx.exhibits:
        if ex.item.annotations.category:
            found.setdefault(ex.item.annotations.category, []).append(ex.number)
    return found


def _object(ctx: Ctx, lang: str) -> str:
    keys = offences_ma_for(list(_categories(ctx)), ctx.info.partner)
    labels = [OFFENCES_MA[k][1][lang] for k in keys if k not in ("ma_447_3", "ma_103_13")]
    sep = "؛ " if lang == "ar" else " ; "
    return t("ma_object", lang).format(what=sep.join(labels) if labels
                                       else t("ma_object_default", lang))


def letter_ma(ctx: Ctx) -> list[Flowable]:
    i, s = ctx.info, ctx.styles
    names = [a.name for a in i.authors if a.name]
    date = f"{ctx.now:%d/%m/%Y}"
    city = i.city or "…………"
    rows: list[list[Flowable]] = [
        _both("ma_addressee", "strong"),
        _pair(_object(ctx, "ar"), _object(ctx, "fr"), "strong"),
        _both("ma_salute"),
        _pair(t("ma_body", "ar").format(against=_against("ar", names)),
              t("ma_body", "fr").format(against=_against("fr", names))),
    ]
    if i.civil_party:
        rows.append(_both("ma_civil_party"))
    rows += [_both("ma_close"), _both("ma_made_at", city=city, date=date)]
    na = ctx.t("not_given")
    identity = [[f"{t(k, 'fr')} / {t(k, 'ar')}", v or na] for k, v in (
        ("name", i.full_name), ("birth", i.birth), ("address", i.address), ("phone", i.phone),
        ("email", i.email))]
    out: list[Flowable] = [
        ctx.heading("letter_ma"), _side_by_side(rows[:2]), Spacer(1, 6),
        ctx.p(" / ".join(dict.fromkeys([t("identity", "ar"), t("identity", "fr")])), s.h3),
        table(ctx, identity, [2, 4], header=False), Spacer(1, 6),
        _side_by_side(rows[2:4]),
        ctx.p(" / ".join([t("narrative", "ar"), t("narrative", "fr")]), s.h3),
        ctx.p(i.narrative or na),
        _side_by_side(rows[4:]), Spacer(1, 10),
        # Room for the handwritten signature under its bilingual label.
        _side_by_side([_pair(f"{t('signature', 'ar')} :", f"{t('signature', 'fr')} :", "strong"),
                       [Spacer(1, 40), Spacer(1, 40)]]),
        ctx.p(t("ma_where", ctx.lang if ctx.lang != "en" else "fr"), s.small),
        PageBreak()]
    return out


def refs_ma(ctx: Ctx) -> list[Flowable]:
    """Moroccan references for the categories present, each with the pieces concerned."""
    lang = ctx.lang if ctx.lang in ("fr", "en", "ar") else "fr"
    out: list[Flowable] = [ctx.heading("offences_ma"),
                           ctx.p(ctx.t("ma_refs_note"), ctx.styles.small)]
    cats = _categories(ctx)
    rows: list[list[Any]] = [[ctx.t("col_ref"), ctx.t("col_offence"), ctx.t("col_piece")]]
    for key in offences_ma_for(list(cats), ctx.info.partner):
        ref, label, _elements = OFFENCES_MA[key]
        if key in UNCONFIRMED:
            ref += f" ({ctx.t('ref_unconfirmed')})"
        pieces = sorted({n for c, ns in cats.items() for n in ns
                         if key in offences_ma_for([c], ctx.info.partner)})
        text = label[lang] if lang == "ar" else f"{label[lang]} — {label['ar']}"
        rows.append([ref, text, ", ".join(map(str, pieces))])
    ref, general = GENERAL_MA
    rows.append([ref, general[lang] if lang == "ar" else f"{general[lang]} — {general['ar']}",
                 "—"])
    return [*out, table(ctx, rows, [2, 4, 1]), Spacer(1, 4),
            ctx.p(ctx.t("translation_note"), ctx.styles.small)]


def bilingual_label(ctx: Ctx, key: str) -> str:
    return ctx.t(key) if ctx.lang == "ar" else f"{ctx.t(key)} / {t(key, 'ar')}"


def _eblagh_kind(ctx: Ctx, ex: Exhibit) -> str:
    kind = EBLAGH_KINDS.get(ex.item.annotations.category, "other")
    return ctx.t("eblagh_cat_" + kind)


def _description(ctx: Ctx, ex: Exhibit) -> str:
    a = ex.item.annotations
    if ex.message is not None:
        text = f"« {cut(str(ex.message.get('text') or ''), 600)} »"
        text += f" — {a.description}" if a.description else ""
    else:
        text = a.description or a.title
    return (text + quoted(ctx, ex)) or ctx.t("not_given")


def without_blanks(ctx: Ctx, rows: list[list[Any]]) -> list[list[Any]]:
    """Rows with a value, then one row naming those left empty (a fiche is not a blank form)."""
    na = ctx.t("not_given")
    missing = [str(r[0]) for r in rows if r[1] == na]
    kept = [r for r in rows if r[1] != na]
    if missing:
        kept.append([bilingual_label(ctx, "not_given_row"), " · ".join(missing)])
    return kept


def eblagh_fiche(ctx: Ctx) -> list[Flowable]:
    """e-Blagh's own sheet: a police report (victim or witness, identity optional), not EMC's
    request for removal and counselling."""
    out: list[Flowable] = [ctx.heading("eblagh_fiche")]
    out += [ctx.p(x) for x in dict.fromkeys([ctx.t("eblagh_intro"), t("eblagh_intro", "ar")])]
    out += [ctx.p(x, ctx.styles.small)
            for x in dict.fromkeys([ctx.t("eblagh_what"), t("eblagh_what", "ar")])]
    identity = ctx.t("eblagh_identity_hidden") if ctx.info.anonymous or not ctx.info.full_name \
        else contact(ctx)
    out.append(table(ctx, [[bilingual_label(ctx, "eblagh_role"), ctx.t("eblagh_role_value")],
                           [bilingual_label(ctx, "eblagh_identity"), identity],
                           [bilingual_label(ctx, "eblagh_purpose"), ctx.t("eblagh_purpose_value")]],
                     [2, 4], header=False))
    for n, ex in enumerate(ctx.exhibits, 1):
        a = ex.item.annotations
        rows: list[list[Any]] = [
            [bilingual_label(ctx, "eblagh_category"), _eblagh_kind(ctx, ex)],
            [bilingual_label(ctx, "platform"), a.platform or ctx.t("not_given")],
            [bilingual_label(ctx, "content_link"), a.url or ctx.t("not_given")],
            [bilingual_label(ctx, "account_link"), a.author_url or a.author or (
                str(ex.message.get("sender") or "") if ex.message else "") or ctx.t("not_given")],
            # Labelled: sent, published, seen…
            [bilingual_label(ctx, "dates"), event_line(ctx, ex)],
            [bilingual_label(ctx, "type"), category_label(ctx, a.category) if a.category
             else nature(ctx, ex)],
            [bilingual_label(ctx, "description"), _description(ctx, ex)],
        ]
        rows = without_blanks(ctx, rows)
        title = (f"{ctx.t('eblagh_piece').format(n=n)} — {ctx.t('piece').format(n=ex.number)}"
                 f" — {cut(ex.title, 80)}")
        out.append(KeepTogether([Spacer(1, 6), ctx.p(title, ctx.styles.h3),
                                 table(ctx, rows, [2, 4], header=False)]))
    return out
