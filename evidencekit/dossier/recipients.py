"""Which sections each recipient gets, and the sections only one recipient needs."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, PageBreak, Spacer
from reportlab.platypus.flowables import Flowable

from evidencekit.core.categories import CSAM
from evidencekit.dossier.bordereau import lines as bordereau_lines
from evidencekit.dossier.date_labels import bordereau_date, event_line, pharos_date_rows
from evidencekit.dossier.direction import UserText
from evidencekit.dossier.elements import elements_fr, elements_ma, relation_recorded
from evidencekit.dossier.event_dates import event_of, imported_of
from evidencekit.dossier.exhibits import Exhibit
from evidencekit.dossier.headings import PHAROS_CATEGORIES, t
from evidencekit.dossier.headings_pharos_form import FORM_URL
from evidencekit.dossier.legal import (
    OFFENCES,
    Deadline,
    deadline_from,
    offences_for,
)
from evidencekit.dossier.letter_head import letter_head
from evidencekit.dossier.links import link, link_target
from evidencekit.dossier.morocco import (
    bilingual_label,
    eblagh_fiche,
    letter_ma,
    refs_ma,
    without_blanks,
)
from evidencekit.dossier.networks import network
from evidencekit.dossier.pdf import Ctx
from evidencekit.dossier.sections import (
    annex,
    category_label,
    chronology,
    cover,
    cut,
    exhibits_section,
    inventory,
    local,
    nature,
    table,
    withheld_pieces,
)
from evidencekit.dossier.translation import translations_section
from evidencekit.dossier.web_capture import seen_after_login

Section = Callable[[Ctx], list[Flowable]]


def _text_or_na(ctx: Ctx, text: str) -> Flowable:
    return ctx.u(text) if text else ctx.p(ctx.t("not_given"))


def _quote(ex: Exhibit) -> str:
    """The unlawful words, quoted: the message itself, else the victim's description."""
    a = ex.item.annotations
    if ex.message is not None:
        return f"« {cut(str(ex.message.get('text') or ''), 600)} »" + (
            f" — {a.description}" if a.description else "")
    return a.description or a.title


def _contact(ctx: Ctx) -> str:
    i = ctx.info
    if i.anonymous or not (i.full_name or i.email or i.phone):
        return ctx.t("anonymous")
    return " · ".join(x for x in (i.full_name, i.email, i.phone) if x)


# -- Pharos --------------------------------------------------------------------------------------
def pharos_gate(ctx: Ctx) -> list[Flowable]:
    out: list[Flowable] = [ctx.heading("pharos_gate")]
    out += [ctx.p(f"{n}. {ctx.t(f'gate_{n}')}", ctx.styles.strong if n == 1 else ctx.styles.body)
            for n in range(1, 6)]
    return out


def _support(ctx: Ctx, ex: Exhibit) -> str:
    """Pharos's "lieu / support": the kind of network and its name, not the exhibit's nature."""
    a = ex.item.annotations
    kind, name = network(a.platform, a.url)
    return f"{ctx.t('net_' + kind)} — {name}" if kind else ctx.t("not_given")


def pharos_rows(ctx: Ctx, ex: Exhibit) -> list[tuple[str, str]]:
    """(key, value) of one fiche, in the form's order; the PDF and the text copy both use it."""
    a = ex.item.annotations
    cat = PHAROS_CATEGORIES.get(a.category) or (ctx.t("pharos_pick").format(
        c=category_label(ctx, a.category)) if a.category else ctx.t("pharos_pick_none"))
    return [
        ("pharos_category", cat),
        *_pharos_dates(ctx, ex),
        ("support", _support(ctx, ex)),
        ("url", a.url),
        *_access(ctx, ex),
        ("description", cut(_quote(ex), 1400) or ctx.t("pharos_describe")),
        ("contact", _contact(ctx)),
    ]


def _access(ctx: Ctx, ex: Exhibit) -> list[tuple[str, str]]:
    """Pharos takes public content only: a page seen after signing in says so on its fiche."""
    o = ex.item.original
    if o is None or not seen_after_login(ctx.conn, ex.item.id, o.media_type, o.sha256):
        return []
    return [("pharos_access", ctx.t("pharos_login_note"))]


def _pharos_dates(ctx: Ctx, ex: Exhibit) -> list[tuple[str, str]]:
    """The date rows (publication as displayed, then when it was seen), keyed like the others;
    an unknown publication date says where to find it, an unknown seen date is left out."""
    keys = {ctx.t("published"): "published", ctx.t("seen"): "seen"}
    na = ctx.t("not_given")
    out: list[tuple[str, str]] = []
    for label, value in pharos_date_rows(ctx, ex):
        key = keys.get(label, "published")
        if value == na:
            if key == "published":
                out.append((key, ctx.t("pharos_date_unknown")))
            continue
        out.append((key, value))
    return out


def pharos_label(ctx: Ctx, key: str) -> str:
    """The row's label, with the French form's own wording when the dossier is in another
    language: the form is in French, and the user matches fields by their names."""
    if ctx.lang == "fr":
        return ctx.t(key)
    return f"{ctx.t(key)} / {t(key, 'fr')}"


def _pharos_label_cell(ctx: Ctx, key: str) -> Any:
    # Two paragraphs, each in its own language's direction: one mixed line would send the
    # French label's parentheses to the wrong side.
    if ctx.lang == "fr":
        return ctx.t(key)
    return [ctx.p(ctx.t(key), ctx.styles.cell),
            ctx.p(t(key, "fr"), ctx.styles.small, lang="fr")]


def pharos_entries(ctx: Ctx) -> list[tuple[Exhibit, int | None]]:
    """Each exhibit with an address and its fiche number; None when the content is removed:
    Pharos acts only on content still online, so that exhibit gets a note, not a fiche."""
    out: list[tuple[Exhibit, int | None]] = []
    n = 0
    for ex in ctx.exhibits:
        if not ex.item.annotations.url:
            continue
        if ex.item.annotations.online_status == "removed":
            out.append((ex, None))
        else:
            n += 1
            out.append((ex, n))
    return out


def pharos_removed(ctx: Ctx, ex: Exhibit) -> str:
    checked = ex.item.annotations.online_checked_at
    return ctx.t("pharos_removed").format(
        piece=ctx.t("piece").format(n=ex.number),
        checked=ctx.t("pharos_removed_checked").format(d=local(ctx, checked)) if checked else "")


def pharos_copy_note(ctx: Ctx) -> str:
    note = ctx.t("pharos_copy")
    if ctx.text_copy:
        name = ctx.t("pharos_text_file").format(name=ctx.text_copy)
        note += " " + ctx.t("pharos_copy_file").format(file=name)
    return note


def pharos_fiches(ctx: Ctx) -> list[Flowable]:
    out: list[Flowable] = [ctx.heading("pharos_fiches"), ctx.p(ctx.t("pharos_form")),
                           link(ctx, FORM_URL, ctx.styles.strong), ctx.p(pharos_copy_note(ctx))]
    entries = pharos_entries(ctx)
    if not entries:
        return [*out, ctx.p(ctx.t("pharos_none"))]
    for ex, n in entries:
        if n is None:
            out += [Spacer(1, 6), ctx.p(pharos_removed(ctx, ex), ctx.styles.strong)]
            continue
        # No clickable link to child sexual abuse material: one slip of the mouse opens it.
        clickable = ex.item.annotations.category != CSAM
        rows: list[list[Any]] = [
            [_pharos_label_cell(ctx, key), link(ctx, value) if key == "url" and clickable else
             UserText(value) if key in ("url", "description", "contact") else value]
            for key, value in pharos_rows(ctx, ex)]
        title = f"{ctx.t('pharos_fiche').format(n=n)} — {ctx.t('piece').format(n=ex.number)}"
        out.append(KeepTogether([Spacer(1, 6), ctx.p(title, ctx.styles.h3),
                                 table(ctx, rows, [1.6, 4], header=False)]))
        if ex.item.annotations.category == CSAM:
            out.append(ctx.p(ctx.t("csam_note"), ctx.styles.small))
    return out


# -- Police / procureur ---------------------------------------------------------------------------
def _against(ctx: Ctx) -> str:
    names = [a.name for a in ctx.info.authors if a.name]
    if names:
        return ctx.t("against_named").format(names=", ".join(names))
    return ctx.t("against_unknown")


def identity_rows(ctx: Ctx) -> list[list[Any]]:
    # A blank is a line to fill in by hand before signing, not "(not given)" typed into a letter.
    i = ctx.info
    blank = ctx.t("blank_line")
    return [[ctx.t("name"), UserText(i.full_name) or blank],
            [ctx.t("birth"), UserText(i.birth) or blank],
            [ctx.t("address"), UserText(i.address) or blank],
            [ctx.t("phone"), UserText(i.phone) or blank],
            [ctx.t("email"), UserText(i.email) or blank]]


def letter(ctx: Ctx) -> list[Flowable]:
    s, i = ctx.styles, ctx.info
    out: list[Flowable] = [ctx.heading("letter"), *letter_head(ctx, _against(ctx)),
                           ctx.p(ctx.t("identity"), s.h3),
                           table(ctx, identity_rows(ctx), [1.5, 4], header=False)]
    if not all((i.full_name, i.birth, i.address, i.phone, i.email)):
        out.append(ctx.p(ctx.t("fill_by_hand"), s.small))
    out.append(ctx.p(ctx.t("id_document"), s.small))
    out += [Spacer(1, 8), ctx.p(ctx.t("letter_salute")),
            ctx.p(ctx.t("letter_body").format(against=_against(ctx))),
            ctx.p(ctx.t("narrative"), s.h3),
            ctx.u(i.narrative) if i.narrative else ctx.p(ctx.t("missing_narrative")),
            ctx.p(ctx.t("witnesses"), s.h3),
            ctx.u(i.witnesses) if i.witnesses else ctx.p(ctx.t("missing_witnesses")),
            ctx.p(ctx.t("prejudice"), s.h3),
            ctx.u(i.prejudice) if i.prejudice else ctx.p(ctx.t("missing_harm")),
            ctx.p(ctx.t("pieces_list"), s.h3)]
    # One row per piece: number and title in their own cells, so a title in another script
    # cannot carry the number or its punctuation to the wrong side.
    out.append(table(ctx, [[ctx.t("piece").format(n=e.number), UserText(cut(e.title, 150))]
                           for e in ctx.exhibits], [1.2, 5], header=False)
               if ctx.exhibits else ctx.p(ctx.t("none")))
    if i.civil_party:
        out += [ctx.p(ctx.t("civil_party"), s.h3), ctx.p(ctx.t("civil_party_yes"))]
    out += [Spacer(1, 8), ctx.p(ctx.t("letter_close")),
            # Room for the handwritten signature, then the typed name under it.
            ctx.p(ctx.t("signature_room"), s.strong), Spacer(1, 2 * cm),
            ctx.u(i.full_name, s.strong) if i.full_name else ctx.p(ctx.t("blank_line")),
            PageBreak()]
    return out


def authors(ctx: Ctx) -> list[Flowable]:
    out: list[Flowable] = [ctx.heading("authors")]
    if not any(a.name for a in ctx.info.authors):
        out.append(ctx.p(ctx.t("against_x"), ctx.styles.strong))
    for a in ctx.info.authors:
        rows: list[list[Any]] = [[ctx.t("name"), UserText(a.name) or "X"]]
        # Only what is known: an author table is not a form with blanks.
        rows += [[ctx.t(key), _links(ctx, value) if key == "profile_urls" else UserText(value)]
                 for key, value in (
            ("pseudonyms", a.pseudonyms), ("profile_urls", a.profile_urls), ("phone", a.phones),
            ("email", a.emails), ("relationship", a.relationship)) if value]
        out += [table(ctx, rows, [1.5, 4], header=False), Spacer(1, 6)]
    seen: dict[str, list[int]] = {}
    for ex in ctx.exhibits:
        handle = str(ex.message.get("sender") or "") if ex.message else ex.item.annotations.author
        if handle:
            seen.setdefault(handle, []).append(ex.number)
    if seen:
        rows = [[ctx.t("col_pseudo"), ctx.t("seen_in")]]
        rows += [[h, ", ".join(map(str, n))] for h, n in seen.items()]
        out.append(table(ctx, rows, [3, 3]))
    if ctx.info.relationship:
        out += [ctx.p(ctx.t("relationship"), ctx.styles.h3), ctx.u(ctx.info.relationship)]
    return out


def _links(ctx: Ctx, text: str) -> list[Flowable] | UserText:
    """Profile addresses typed one after another: each its own clickable line, when they are all
    web addresses; the text as typed otherwise."""
    parts = [p for p in re.split(r"[\s,;]+", text) if p]
    if parts and all(link_target(p) for p in parts):
        return [link(ctx, p) for p in parts]
    return UserText(text)


def _categories(ctx: Ctx) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for ex in ctx.exhibits:
        if ex.item.annotations.category:
            found.setdefault(ex.item.annotations.category, []).append(ex.number)
    return found


def qualifications(ctx: Ctx) -> list[Flowable]:
    out: list[Flowable] = [ctx.heading("qualifications")]
    cats = _categories(ctx)
    partner = ctx.info.partner  # a (former) partner: 222-33-2-1 and 132-80 join the list
    keys = offences_for(list(cats), partner)
    if not keys:
        return [*out, ctx.p(ctx.t("no_qualification"))]
    lang = ctx.lang if ctx.lang in ("fr", "en", "ar") else "fr"
    rows: list[list[Any]] = [[ctx.t("col_ref"), ctx.t("col_offence"), ctx.t("col_elements"),
                              ctx.t("col_piece")]]
    for key in keys:
        ref, label, elements = OFFENCES[key]
        pieces = sorted({n for c, ns in cats.items() for n in ns
                         if key in offences_for([c], partner)})
        rows.append([ref, label[lang], elements[lang], ", ".join(map(str, pieces))])
    return [*out, table(ctx, rows, [1.8, 2, 3.6, 1])]


def _simple(key: str, attr: str, hint: str | None = None) -> Section:
    """The user's text under its heading; when empty, what is missing and why it matters (the
    form's hint is for the form, not for the reader of the dossier)."""
    def section(ctx: Ctx) -> list[Flowable]:
        value = str(getattr(ctx.info, attr))
        if value:
            return [ctx.heading(key), ctx.u(value)]
        return [ctx.heading(key), ctx.p(ctx.t(hint) if hint else ctx.t("not_given"))]
    return section


# -- Lawyer -------------------------------------------------------------------------------------
def deadlines(ctx: Ctx) -> list[Deadline]:
    """One per categorised exhibit, counted from its date of the facts (never from the import);
    without one, a Deadline that says it cannot be computed."""
    found: list[Deadline] = []
    for ex in ctx.exhibits:
        a = ex.item.annotations
        if not a.category:
            continue  # no offence named, no deadline to compute
        ev = event_of(ctx.conn, ex, ctx.tz)
        basis = ev.kind if ev else ""
        if basis == "sent" and ex.message is None:
            basis = "first_sent"  # a whole conversation: counted from its first message
        found.append(deadline_from(ex.number, a.category, basis, ev.day if ev else None,
                                   ctx.info.discriminatory))
    return found


def _undated_warning(ctx: Ctx, found: list[Deadline]) -> list[Flowable]:
    undated = [d.number for d in found if not d.computable]
    if not undated:
        return []
    return [ctx.p(ctx.t("dl_undated").format(k=len(undated), pieces=", ".join(map(str, undated))),
                  ctx.styles.strong)]


def _earliest(ctx: Ctx, found: list[Deadline]) -> list[Flowable]:
    dated = [d for d in found if d.deadline is not None]
    if not dated:
        return []
    first = min(dated, key=lambda d: (d.deadline or date.max, d.number))
    assert first.deadline is not None
    day = f"{first.deadline:%d/%m/%Y}"
    if first.at_most:
        day = ctx.t("dl_at_most").format(d=day)
    return [ctx.p(ctx.t("earliest").format(d=day, n=first.number), ctx.styles.strong)]


def synthesis(ctx: Ctx) -> list[Flowable]:
    out: list[Flowable] = [ctx.heading("synthesis")]
    cats = _categories(ctx)
    out.append(table(ctx, [[ctx.t("case"), ctx.case_name],
                           [ctx.t("victim"), ctx.info.victim_label or ctx.t("anonymous")],
                           [ctx.t("exhibit_count"), str(len(ctx.exhibits))],
                           [ctx.t("category"), ", ".join(category_label(ctx, c) for c in cats)
                            or ctx.t("not_given")]], [1.5, 4], header=False))
    found = deadlines(ctx)
    out += _earliest(ctx, found) + _undated_warning(ctx, found)
    out += [ctx.p(ctx.t("narrative"), ctx.styles.h3),
            ctx.u(ctx.info.narrative) if ctx.info.narrative else ctx.p(ctx.t("missing_narrative"))]
    return out


def prescription(ctx: Ctx) -> list[Flowable]:
    out: list[Flowable] = [ctx.heading("prescription"), ctx.p(ctx.t("prescription_note"),
                                                              ctx.styles.small)]
    # Undated pieces first: their deadline may already have passed.
    found = sorted(deadlines(ctx), key=lambda d: (d.deadline or date.min, d.number))
    if not found:
        return [*out, ctx.p(ctx.t("no_dates"))]
    out += _earliest(ctx, found) + _undated_warning(ctx, found)
    rows: list[list[Any]] = [[ctx.t("col_piece"), ctx.t("col_offence"), ctx.t("col_start"),
                              ctx.t("col_deadline")]]
    by_number = {ex.number: ex for ex in ctx.exhibits}
    for d in found:
        if d.start is None or d.deadline is None:
            imported = imported_of(by_number[d.number], ctx.tz).day
            rows.append([str(d.number), ctx.t("regime_" + d.regime),
                         ctx.t("dl_no_start").format(d=f"{imported:%d/%m/%Y}"),
                         ctx.t("dl_unknown")])
            continue
        day = f"{d.deadline:%d/%m/%Y}"
        rows.append([str(d.number), ctx.t("regime_" + d.regime),
                     f"{d.start:%d/%m/%Y} ({ctx.t('basis_' + d.basis)})",
                     ctx.t("dl_at_most").format(d=day) if d.at_most else day])
    dated = [d.deadline for d in found if d.deadline is not None]
    bold = frozenset(r for r, d in enumerate(found, 1)
                     if d.deadline is None or d.deadline == min(dated))
    out.append(table(ctx, rows, [0.8, 3.4, 2.4, 1.6], bold_rows=bold))
    for d in found:
        if d.deadline is None:
            what = ctx.t("dl_find_press" if d.regime.startswith("press") else "dl_find_other")
            out.append(ctx.p(ctx.t("dl_missing").format(n=d.number, regime=ctx.t(
                "regime_" + d.regime), what=what), ctx.styles.strong))
    if any(d.at_most for d in found):
        out.append(ctx.p(ctx.t("dl_upper_note"), ctx.styles.small))
    return out


def bordereau(ctx: Ctx) -> list[Flowable]:
    out: list[Flowable] = [PageBreak(), ctx.heading("bordereau")]
    out.append(table(ctx, [[ctx.t("jurisdiction"), ""], [ctx.t("rg"), ""], [ctx.t("parties"), ""]],
                     [1.5, 4], header=False))
    # Cells, not one line per piece: a title in Arabic would reorder the date next to it.
    rows: list[list[Any]] = [[ctx.t("col_piece"), ctx.t("col_title"), ctx.t("date"),
                              "original / copie / capture" if ctx.lang == "fr" else ctx.t("type")]]
    rows += [[ctx.t("piece").format(n=ln.number), ln.title, ln.date or "—", ln.kind]
             for ln in bordereau_lines(ctx.exhibits, ctx.lang, lambda e: nature(ctx, e),
                                       lambda e: bordereau_date(ctx, e), ctx.withheld.hides)]
    return [*out, Spacer(1, 6), table(ctx, rows, [1.2, 4.5, 1.2, 1.4]),
            ctx.p(ctx.t("bordereau_files"), ctx.styles.small)]


def constat(ctx: Ctx) -> list[Flowable]:
    out: list[Flowable] = [ctx.heading("constat"), ctx.p(ctx.t("constat_text"))]
    online = [ex for ex in ctx.exhibits if ex.item.annotations.online_status == "online"
              and ex.item.annotations.url]
    if not online:
        return [*out, ctx.p(ctx.t("constat_none"))]
    rows: list[list[Any]] = [[ctx.t("col_piece"), ctx.t("col_url"), ctx.t("last_checked")]]
    rows += [[str(e.number), link(ctx, e.item.annotations.url),
              local(ctx, e.item.annotations.online_checked_at)
              if e.item.annotations.online_checked_at else "—"] for e in online]
    return [*out, table(ctx, rows, [0.8, 5, 2])]


# -- Morocco ------------------------------------------------------------------------------------
def _ma_fiche(key: str, intro: str) -> Section:
    def section(ctx: Ctx) -> list[Flowable]:
        out: list[Flowable] = [ctx.heading(key)]
        # The Arabic version runs right to left even in a French dossier.
        out += [ctx.p(text, lang=lang) for text, lang in
                dict.fromkeys([(ctx.t(intro), ctx.lang), (_ar(intro), "ar")])]
        for ex in ctx.exhibits:
            a = ex.item.annotations
            rows: list[list[Any]] = [
                [bilingual_label(ctx, "platform"), a.platform or ctx.t("not_given")],
                [bilingual_label(ctx, "content_link"), a.url or ctx.t("not_given")],
                [bilingual_label(ctx, "account_link"),
                 a.author_url or a.author or ctx.t("not_given")],
                [bilingual_label(ctx, "type"), category_label(ctx, a.category) if a.category
                 else nature(ctx, ex)],
                [bilingual_label(ctx, "dates"), event_line(ctx, ex)],
                [bilingual_label(ctx, "request"), ctx.info.request or ctx.t("request_default")],
                [bilingual_label(ctx, "contact"), _contact(ctx)],
            ]
            rows = without_blanks(ctx, rows)
            title = f"{ctx.t('piece').format(n=ex.number)} — {cut(ex.title, 90)}"
            out.append(KeepTogether([Spacer(1, 6), ctx.p(title, ctx.styles.h3),
                                     table(ctx, rows, [2, 4], header=False)]))
        return out
    return section


def _ar(key: str) -> str:
    from evidencekit.dossier.headings import t

    return t(key, "ar")


offences_ma = refs_ma  # the Moroccan references live in legal_ma.py, shown by morocco.py

SECTIONS: dict[str, list[Section]] = {
    # Pharos gets no exhibit fiches, so the withheld pieces are said before the inventory
    # that still lists them by number and fingerprint.
    "pharos": [pharos_gate, pharos_fiches, withheld_pieces, inventory, annex],
    "police": [letter, chronology, authors, qualifications,
               _simple("prejudice", "prejudice", "missing_harm"), _simple("witnesses", "witnesses",
                                                                          "missing_witnesses"),
               _simple("steps", "steps_taken", "missing_steps"), inventory, exhibits_section,
               annex],
    "lawyer": [synthesis, chronology, qualifications, prescription, constat, bordereau,
               exhibits_section, annex],
    "emc": [_ma_fiche("emc_fiche", "emc_intro"), offences_ma, inventory, exhibits_section, annex],
    "eblagh": [_ma_fiche("eblagh_fiche", "eblagh_intro"), offences_ma, inventory,
               exhibits_section, annex],
}


def _after(recipient: str, anchor: Section, *added: Section) -> None:
    sections = SECTIONS[recipient]
    at = sections.index(anchor) + 1
    sections[at:at] = added


# Legal coverage and translations, added beside their anchors (the lists above stay as they are):
# the relationship chosen, after the authors; each offence's elements and the pieces supporting
# them, after the qualifications; what still lacks a translation, after the legal references.
_after("police", authors, relation_recorded)
_after("police", qualifications, elements_fr, translations_section)
_after("lawyer", qualifications, elements_fr)
_after("lawyer", bordereau, translations_section)
_after("emc", offences_ma, translations_section)
_after("eblagh", offences_ma, translations_section)
SECTIONS["eblagh"][0] = eblagh_fiche  # e-Blagh's own report, not EMC's request for removal
# Morocco's complaint: Arabic and French side by side, to وكيل الملك, Moroccan texts only.
SECTIONS["ma-police"] = [letter_ma, chronology, authors, relation_recorded, refs_ma, elements_ma,
                         translations_section,
                         _simple("prejudice", "prejudice", "ma_prejudice_hint"),
                         _simple("witnesses", "witnesses"),
                         _simple("steps", "steps_taken", "ma_steps_hint"),
                         inventory, exhibits_section, annex]


def story(ctx: Ctx) -> list[Flowable]:
    """Body sections first (they register the contents), then the cover in front of them."""
    body: list[Flowable] = []
    for section in SECTIONS[ctx.recipient]:
        body += section(ctx)
    return cover(ctx) + body
