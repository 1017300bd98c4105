"""Sections every dossier shares: cover, chronology, inventory, exhibit fiches, technical annex."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import CondPageBreak, PageBreak, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from evidencekit.core.blobreader import open_reader
from evidencekit.core.categories import CATEGORIES, CSAM
from evidencekit.core.evidence import derived_data, latest_derived, list_derived
from evidencekit.core.media_links import link_media
from evidencekit.core.message_notes import change_line, reply_line, resolve_replies
from evidencekit.core.messages import list_messages
from evidencekit.core.timeutil import parse_iso
from evidencekit.core.translations import message_translations
from evidencekit.core.web_capture_record import capture_ids
from evidencekit.dossier import key_pages
from evidencekit.dossier.actions import entry_words, kind_words
from evidencekit.dossier.capture_method import capture_method, image_nature
from evidencekit.dossier.date_labels import comma, fiche_date_pairs, sep
from evidencekit.dossier.direction import UserText
from evidencekit.dossier.event_dates import clock, utc_clock
from evidencekit.dossier.exhibits import Exhibit
from evidencekit.dossier.headings import CATEGORY_LABELS
from evidencekit.dossier.images import ExhibitImage, probe
from evidencekit.dossier.links import link
from evidencekit.dossier.networks import network
from evidencekit.dossier.pdf import FRAME_W, Ctx
from evidencekit.dossier.stamp_texts import annex_timestamp, fiche_timestamp
from evidencekit.dossier.translation import beside, item_translation
from evidencekit.dossier.withheld import WithheldImage
from evidencekit.importers.calls_xml import describe_call

CELL_MAX = 1500  # longer values move below the fiche table, where they can span pages
CHAT_MAX = 300  # messages shown per exported conversation; all of them are in the bundle
CUSTODY_MAX = 25
TEXT_MAX = 20_000
GRID = colors.HexColor("#B8C2CC")
HEAD_BG = colors.HexColor("#E8EEF4")


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def table(ctx: Ctx, rows: list[list[Any]], widths: list[float], *, header: bool = True,
          style: ParagraphStyle | None = None, bold_rows: frozenset[int] = frozenset()) -> Table:
    """A grid of untrusted strings (each through `para`); columns mirrored in Arabic."""
    cells: list[list[Flowable]] = []
    for r, row in enumerate(rows):
        st = ctx.styles.cell_bold if (header and r == 0) or r in bold_rows else \
            (style or ctx.styles.cell)
        # A cell runs the way its own first letter says: labels are in the dossier's language,
        # so they run its way, and an address or a date stays left to right in Arabic.
        line = [c if isinstance(c, (Flowable, list)) else ctx.u(cut(str(c), CELL_MAX), st)
                for c in row]
        cells.append(line[::-1] if ctx.lang == "ar" else line)
    if ctx.lang == "ar":
        widths = widths[::-1]
    total = sum(widths)
    tbl = Table(cells, colWidths=[w * FRAME_W / total for w in widths],
                repeatRows=1 if header else 0, splitInRow=1)
    cmds: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        cmds.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_BG))
    tbl.setStyle(TableStyle(cmds))
    tbl.spaceAfter = 6
    return tbl


def local(ctx: Ctx, iso: str, *, utc: bool = False) -> str:
    """`2026-11-12 21:05 (UTC+01:00)` in the case's zone from an ISO instant (a naive one is
    read in that zone); `utc=True` gives the technical annex's UTC form. The text if not ISO."""
    try:
        moment = parse_iso(iso)
    except ValueError:
        return iso
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ctx.tz)
    return utc_clock(moment) if utc else clock(moment, ctx.tz)


def category_label(ctx: Ctx, cat: str) -> str:
    if ctx.lang in ("fr", "ar") and cat in CATEGORY_LABELS:
        return CATEGORY_LABELS[cat][0 if ctx.lang == "fr" else 1]
    return CATEGORIES.get(cat, cat)


def nature(ctx: Ctx, ex: Exhibit) -> str:
    item = ex.item
    if ex.message is not None:
        return ctx.t("n_message")
    if item.kind in ("url", "journal", "paste"):
        return ctx.t("n_" + item.kind)
    media = item.original.media_type if item.original else ""
    if media.startswith("image/"):
        return ctx.t(image_nature(item))
    if media.startswith("video/"):
        return ctx.t("n_video")
    if media.startswith("audio/"):
        return ctx.t("n_audio")
    if media in ("message/rfc822", "application/vnd.ms-outlook"):
        return ctx.t("n_email")
    if has_messages(ctx, item.id):
        return ctx.t("n_chat")
    if media == "application/json" and item.id in capture_ids(ctx.conn):
        return ctx.t("n_web_capture")  # its manifest, not "a file", is what was kept
    return ctx.t("n_file")


def byte_count(ctx: Ctx, size: int) -> str:
    """The exact size, in the reader's word for bytes ("B" means nothing to a French officer)."""
    return f"{size:,} {ctx.t('bytes')}".replace(",", " ")


def has_messages(ctx: Ctx, item_id: int) -> bool:
    return ctx.conn.execute("SELECT 1 FROM messages WHERE item_id = ? LIMIT 1",
                            (item_id,)).fetchone() is not None


def cover(ctx: Ctx) -> list[Flowable]:
    s = ctx.styles
    victim = ctx.info.victim_label or ctx.t("anonymous")
    rows = [[ctx.t("recipient"), ctx.t("r_" + ctx.recipient)], [ctx.t("case"), ctx.case_name],
            [ctx.t("victim"), victim], [ctx.t("date"), f"{clock(ctx.now, ctx.tz)} — {ctx.tz.key}"],
            [ctx.t("exhibit_count"), str(len(ctx.exhibits))]]
    out: list[Flowable] = [Spacer(1, 1.5 * cm)]
    titles = [ctx.t("cover_title")]
    if ctx.moroccan:
        titles = list(dict.fromkeys(["ملف التبليغ", "Dossier de signalement", titles[0]]))
    out += [ctx.p(x, s.title) for x in titles]
    out += [ctx.p(ctx.t("r_" + ctx.recipient), s.h2), Spacer(1, 0.4 * cm),
            table(ctx, rows, [1, 3], header=False), *key_pages.cover_block(ctx),
            Spacer(1, 0.4 * cm), ctx.p(ctx.t("not_advice"), s.strong), Spacer(1, 0.5 * cm),
            ctx.p(ctx.t("toc"), s.h2)]
    toc = [[title, str(ctx.pages.get(key, 0) if not ctx.dry else "000")]
           for key, title in ctx.toc]
    if toc:
        out.append(table(ctx, toc, [8, 1], header=False))
    out.append(PageBreak())
    return out


def chronology(ctx: Ctx) -> list[Flowable]:
    # The chronology (acts, conversation summaries) has its own module, which uses this one's
    # helpers; imported here so that recipients keep asking this module for it.
    from evidencekit.dossier.chronology import chronology as acts

    return acts(ctx)


def inventory(ctx: Ctx) -> list[Flowable]:
    # Pharos gets no exhibit fiches (the content is not to be shared), hence no page column.
    paged = ctx.recipient != "pharos"
    rows: list[list[Any]] = [[ctx.t("col_piece"), ctx.t("col_title"), ctx.t("nature"),
                              ctx.t("sha256")] + ([ctx.t("col_page")] if paged else [])]
    for ex in ctx.exhibits:
        sha = ex.item.original.sha256 if ex.item.original else "—"
        page = "000" if ctx.dry else str(ctx.pages.get(piece_key(ex), ""))
        rows.append([str(ex.number), UserText(cut(ex.title, 120)), nature(ctx, ex),
                     ctx.p(sha, ctx.styles.mono)] + ([page] if paged else []))
    widths = [0.9, 3.4, 1.8, 4.6] + ([0.7] if paged else [])
    return [ctx.heading("inventory"), table(ctx, rows, widths)]


def piece_key(ex: Exhibit) -> str:
    return f"piece-{ex.number}"


def _status(ctx: Ctx, ex: Exhibit) -> str:
    a = ex.item.annotations
    if ex.item.removal is not None:
        return ctx.t("removed_item").format(reason=ex.item.removal.reason)
    text = ctx.t("status_" + a.online_status) if a.online_status else ctx.t("not_given")
    if a.online_checked_at:
        text += f" — {ctx.t('last_checked')} {local(ctx, a.online_checked_at)}"
    return text


def _method(ctx: Ctx, ex: Exhibit) -> str:
    return capture_method(ex, ctx.lang, is_chat=has_messages(ctx, ex.item.id),
                          entries=ctx.vault.custody.entries(ex.item.id))


# Rows worth completing for content seen online, named once under the fiche when empty.
_MATTERS = ("url", "author", "author_url", "published", "status")
_USER_ROWS = frozenset({"platform", "url", "author", "author_id", "author_url", "published",
                        "original_name"})


def _matters(ex: Exhibit, kind: str) -> frozenset[str]:
    """Which empty rows weaken this exhibit: none for the victim's own account or a chat."""
    if ex.item.kind in ("journal", "paste") or ex.message is not None or kind == "messaging":
        return frozenset()
    return frozenset(_MATTERS)


def _visibility(ctx: Ctx, ex: Exhibit, private: bool) -> str:
    """An address alone says "public"; a page captured after signing in is not."""
    from evidencekit.dossier.web_capture import seen_after_login

    o = ex.item.original
    if private:
        return ctx.t("private")
    if o is not None and seen_after_login(ctx.conn, ex.item.id, o.media_type, o.sha256):
        return ctx.t("private_login")
    return ctx.t("public") if ex.item.annotations.url else ctx.t("not_given")


def fiche_rows(ctx: Ctx, ex: Exhibit) -> tuple[list[list[Any]], list[tuple[str, str]]]:
    """(label, value) rows for the fiche table, and long values to show below it."""
    item, a, o = ex.item, ex.item.annotations, ex.item.original
    na = ctx.t("not_given")
    context = ""
    if ex.message is not None:
        context = ctx.t("in_chat").format(i=int(ex.message.get("index", 0)) + 1, item=item.id)
    elif item.parent_id is not None:
        context = ctx.t("attached_to").format(item=item.parent_id)
    private = ex.message is not None or item.kind == "paste"
    pairs: list[tuple[str, str]] = [
        ("nature", nature(ctx, ex)),
        ("platform", a.platform or na),
        ("visibility", _visibility(ctx, ex, private)),
        ("url", a.url or na),
        ("author", str(ex.message.get("sender") or "") if ex.message else (a.author or na)),
        ("author_id", a.author_id or na), ("author_url", a.author_url or na),
        *fiche_date_pairs(ctx, ex, is_chat=ex.message is None and has_messages(ctx, item.id)),
        ("context", context or na),
        ("method", _method(ctx, ex)),
        ("original_name", o.original_name if o and item.kind == "file" else na),
        ("category", category_label(ctx, a.category) if a.category else na),
        ("sha256", o.sha256 if o else ctx.t("none")),
        ("size", f"{byte_count(ctx, o.size)} — {o.media_type}" if o else na),
        ("timestamp", fiche_timestamp(ctx, local(ctx, ctx.request.bundle_timestamps[0][2])
                                      if ctx.request.bundle_timestamps else "")),
        ("status", _status(ctx, ex)),
    ]
    rows: list[list[Any]] = []
    long: list[tuple[str, str]] = []
    matters = _matters(ex, network(a.platform, a.url)[0])
    missing: list[str] = []
    for key, value in pairs:
        if value == na:
            # An empty row is a form's blank, not a fact: named once below if it matters.
            if key in matters:
                missing.append(ctx.t(key))
            continue
        if len(value) > CELL_MAX:
            long.append((ctx.t(key), value))
            value = "↓"
        cell: Any = ctx.p(value, ctx.styles.mono) if key == "sha256" else \
            link(ctx, value) if key in ("url", "author_url") and a.category != CSAM else \
            UserText(value) if key in _USER_ROWS else value
        rows.append([ctx.t(key), cell])
    if missing:
        fields = comma(ctx).join(missing)
        rows.append([ctx.t("not_given_row"), ctx.t("missing").format(fields=fields)
                     + " " + ctx.t("missing_why")])
    notes = a.notes if ctx.request.include_private_notes else ""
    for key, value in (("description", a.description), ("notes", notes)):
        if value:
            long.append((ctx.t(key), value))
    return rows, long


def exhibit(ctx: Ctx, ex: Exhibit) -> list[Flowable]:
    s = ctx.styles
    title = f"{ctx.t('piece').format(n=ex.number)} — {cut(ex.title, 100)}"
    out: list[Flowable] = [CondPageBreak(9 * cm), ctx.heading(piece_key(ex), 1, title)]
    rows, long = fiche_rows(ctx, ex)
    out.append(table(ctx, rows, [1.4, 4], header=False))
    for label, value in long:
        out += [ctx.p(label, s.h3), ctx.u(cut(value, TEXT_MAX))]
    item = ex.item
    if item.annotations.category == CSAM:  # Moroccan dossiers never cite the French code
        out.append(ctx.p(ctx.t("csam_note_ma" if ctx.moroccan else "csam_note"), s.strong))
    elif ex.message is not None:
        out += [ctx.p(ctx.t("conversation"), s.h3), *conversation(ctx, ex)]
    elif item.original is not None and item.removal is None:
        from evidencekit.dossier.web_capture_view import web_capture_block

        web = web_capture_block(ctx, ex)  # None unless the capture step logged this item
        out += content(ctx, ex) if web is None else web
    elif has_messages(ctx, item.id):  # an export erased for a file it held keeps its messages
        out += [ctx.p(ctx.t("conversation"), s.h3), *conversation(ctx, ex)]
    out += item_translation(ctx, ex)
    out += derived_and_custody(ctx, ex)
    return out


def content(ctx: Ctx, ex: Exhibit) -> list[Flowable]:
    item, s = ex.item, ctx.styles
    o = item.original
    assert o is not None
    out: list[Flowable] = []
    if item.id in ctx.withheld.images:
        return [ctx.p(ctx.t("withheld_image").format(sha=o.sha256), s.strong)]
    if o.media_type.startswith("image/"):
        out.append(Spacer(1, 4))
        picture = image(ctx, item.id, FRAME_W * 0.9, 12 * cm, item.annotations.sensitive)
        out.append(picture)
        if picture.box.too_large:
            mpx = round(picture.box.width * picture.box.height / 1e6)
            out.append(ctx.p(ctx.t("pdf_image_too_large").format(mpx=mpx, sha=o.sha256),
                             s.small))
        elif o.facts.get("readable") is False and not item.annotations.sensitive:
            out.append(ctx.p(ctx.t("unreadable_image"), s.small))
        else:
            # What the page shows is our copy, not the evidence: say so, and which file is.
            blur = ctx.t("pdf_image_blur") if item.annotations.sensitive else ""
            out.append(ctx.p(ctx.t("pdf_image").format(blur=blur, sha=o.sha256), s.small))
    elif has_messages(ctx, item.id):
        out += [ctx.p(ctx.t("conversation"), s.h3), *conversation(ctx, ex)]
    elif item.kind in ("journal", "paste") or o.media_type.startswith("text/"):
        with open_reader(ctx.conn, item.id) as stream:
            text = stream.read(TEXT_MAX * 4).decode("utf-8", "replace")
        out += [ctx.p(ctx.t("verbatim"), s.h3), ctx.u(cut(text, TEXT_MAX))]
    ocr = latest_derived(ctx.conn, item.id, "ocr")
    if ocr is not None and not item.annotations.sensitive:
        text = derived_data(ctx.conn, ocr.id).decode("utf-8", "replace")
        out += [ctx.p(ctx.t("ocr"), s.h3), ctx.u(cut(text, TEXT_MAX))]
    return out


def image(ctx: Ctx, item_id: int, max_w: float, max_h: float, blur: bool) -> ExhibitImage:
    box = ctx.image_boxes.get(item_id)
    if box is None:
        box = ctx.image_boxes[item_id] = probe(ctx.conn, item_id)
    flowable = ExhibitImage(ctx.conn, item_id, box, max_w, max_h, blur=blur, dry=ctx.dry)
    flowable.hAlign = "RIGHT" if ctx.lang == "ar" else "LEFT"
    flowable.spaceAfter = 4
    return flowable


def conversation(ctx: Ctx, ex: Exhibit) -> list[Flowable]:
    """Messages as a chat: sender and time, then the exact text, then attachment thumbnails."""
    item_id = ex.item.id
    focus = ex.message["id"] if ex.message else None
    if ex.message is not None:
        before = ctx.conn.execute("SELECT count(*) FROM messages WHERE item_id = ? AND idx < ?",
                                  (item_id, ex.message["index"])).fetchone()[0]
        msgs = list_messages(ctx.conn, item_id=item_id, limit=5, offset=max(0, int(before) - 2))
        total = len(msgs)
    else:
        msgs = list_messages(ctx.conn, item_id=item_id, limit=CHAT_MAX)
        total = int(ctx.conn.execute("SELECT count(*) FROM messages WHERE item_id = ?",
                                     (item_id,)).fetchone()[0])
    link_media(ctx.conn, msgs)  # a backup database's photos imported on their own
    resolve_replies(ctx.conn, msgs)
    s = ctx.styles
    out: list[Flowable] = []
    translated = message_translations(ctx.conn, item_id)
    for m in msgs:
        # Local time with its offset, like every date of the dossier; the export's own text
        # when the importer could not read it as a time.
        stamp = local(ctx, str(m["sent_at"])) if m.get("sent_at") else \
            str(m.get("sent_at_source") or "")
        # A day heading or a system line has no sender and often no time: no empty slots.
        kind = kind_words(m["kind"], ctx.lang) if m["kind"] != "message" else ""
        sender = m.get("sender") or ("" if kind else "—")
        head = " · ".join(x for x in (sender, stamp, kind) if x)
        style = s.cell_bold if m["id"] == focus else s.cell
        text = str(m["text"] or "")
        if not text and m["kind"] == "call":  # a call-log record has no text: say what it was
            text = describe_call(m.get("extra") or {}, ctx.lang)
        block: list[Flowable] = [ctx.p(head, s.small), ctx.u(text, style)]
        block += _notes(ctx, m)
        for att in m["attachment_names"]:
            block.append(_attachment(ctx, att))
        if m["id"] in translated:  # the victim's translation beside the original words
            block[1] = beside(ctx, block[1], translated[m["id"]], FRAME_W - 1 * cm - 12)
        out.append(_bubble(block, highlight=m["id"] == focus))
    if total > len(msgs) and ex.message is None:
        out.append(ctx.p(ctx.t("more_messages").format(n=total - len(msgs)), s.small))
    return out


def _notes(ctx: Ctx, m: dict[str, Any]) -> list[Flowable]:
    """The quoted message and the edit/deletion time, in the dossier's language, after the
    exact words (the translation, if any, replaces block[1] and must stay beside them)."""
    extra = m.get("extra")
    lines = [reply_line(extra, ctx.lang), change_line(str(m["kind"]), extra, ctx.tz, ctx.lang)]
    return [ctx.u(line, ctx.styles.small) for line in lines if line]


def _attachment(ctx: Ctx, att: dict[str, Any]) -> Flowable:
    target = att.get("item_id")
    if att.get("missing") or target is None:
        return ctx.p(ctx.t("attachment_missing").format(name=att.get("name", "")),
                     ctx.styles.small)
    row = ctx.conn.execute(
        "SELECT o.media_type, a.sensitive, a.category FROM originals o LEFT JOIN annotations a"
        " ON a.item_id = o.item_id WHERE o.item_id = ?", (target,)).fetchone()
    if int(target) in ctx.withheld.images:
        return ctx.p(f"📎 {att.get('name', '')} — " + ctx.t("withheld_image").format(
            sha=ctx.withheld.images[int(target)].sha256), ctx.styles.small)
    if row is None or not str(row[0]).startswith("image/") or row[2] == CSAM:
        return ctx.p(f"📎 {att.get('name', '')} (#{target})", ctx.styles.small)
    return image(ctx, int(target), 4 * cm, 4 * cm, bool(row[1]))


def _bubble(block: list[Flowable], *, highlight: bool) -> Flowable:
    tbl = Table([[b] for b in block], colWidths=[FRAME_W - 1 * cm], splitInRow=1)
    tbl.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#FFF4D6" if highlight else "#F3F5F7")),
        ("LEFTPADDING", (0, 0), (-1, -1), 5), ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    tbl.spaceAfter = 3
    return tbl


def derived_and_custody(ctx: Ctx, ex: Exhibit) -> list[Flowable]:
    s = ctx.styles
    out: list[Flowable] = []
    derived = list_derived(ctx.conn, ex.item.id)
    if derived:
        rows: list[list[Any]] = [[ctx.t("type"), ctx.t("sha256"), ctx.t("date")]]
        rows += [[f"{_derived_words(ctx, d.kind)} ({d.tool})", ctx.p(d.sha256, s.mono),
                  local(ctx, d.created_at)] for d in derived]
        out += [ctx.p(ctx.t("derived"), s.h3), table(ctx, rows, [2, 4.2, 2.4])]
    entries = list(ctx.vault.custody.entries(ex.item.id))
    rows = [["#", ctx.t("date"), ctx.t("col_action")]]
    rows += [[str(e.seq), local(ctx, e.at), entry_words(e.action, e.detail, ctx.lang)]
             for e in entries[:CUSTODY_MAX]]
    out += [ctx.p(ctx.t("custody"), s.h3), table(ctx, rows, [0.6, 3.4, 3.6])]
    if len(entries) > CUSTODY_MAX:
        out.append(ctx.p(ctx.t("more_custody").format(n=len(entries) - CUSTODY_MAX), s.small))
    return out


def _derived_words(ctx: Ctx, kind: str) -> str:
    if kind in ("ocr", "thumbnail", "blurred", "superseded-reading"):
        return ctx.t("d_" + kind)
    return ctx.t("d_other").format(k=kind)


def exhibits_section(ctx: Ctx) -> list[Flowable]:
    out: list[Flowable] = [PageBreak(), ctx.heading("exhibits"), *withheld_pieces(ctx)]
    for i, ex in enumerate(ctx.exhibits):
        ctx.tick(i, ex.title)
        out += exhibit(ctx, ex)
    return out


def withheld_pieces(ctx: Ctx) -> list[Flowable]:
    """Which pieces were left out because they are intimate images of a minor, and why."""
    lines: dict[str, WithheldImage] = {}
    for ex in ctx.exhibits:
        attached = tuple(int(i) for i in (ex.message or {}).get("attachments") or [])
        for image in ctx.withheld.related(ex.item.id, attached):
            lines.setdefault(ctx.t("withheld_line").format(n=ex.number, name=image.name,
                                                           sha=image.sha256), image)
    if not lines:
        return []
    s = ctx.styles
    listed: list[Flowable] = []
    for line, image in lines.items():
        listed += [ctx.u(line, s.small), ctx.p(withheld_date(ctx, image), s.small)]
    law = [] if ctx.moroccan else [ctx.p(ctx.t("withheld_law"))]
    return [ctx.p(ctx.t("withheld_title"), s.h3), ctx.p(ctx.t("withheld_text")), *law, *listed,
            ctx.p(ctx.t("withheld_help_ma" if ctx.moroccan else "withheld_help"), s.strong)]


def withheld_date(ctx: Ctx, image: WithheldImage) -> str:
    """Which date made it a minor's image, and the dates that say otherwise."""
    if image.used is None:
        return ctx.t("withheld_no_date")
    text = ctx.t("withheld_date").format(kind=ctx.t("ev_" + image.used.kind),
                                         day=f"{image.used.day:%Y-%m-%d}")
    if image.adult_dates:
        others = "; ".join(f"{ctx.t('ev_' + f.kind)}, {f.day:%Y-%m-%d}" for f in image.adult_dates)
        text += " " + ctx.t("withheld_disagree").format(dates=others)
    return text


def annex(ctx: Ctx) -> list[Flowable]:
    s = ctx.styles
    log = ctx.vault.custody
    seq, head = log.head()
    out: list[Flowable] = [PageBreak(), ctx.heading("annex"), ctx.p(ctx.t("annex_text")),
                           ctx.p(ctx.t("annex_standards"))]
    out.append(ctx.p(ctx.t("annex_custody").format(n=seq, root=log.merkle_root(), head=head),
                     s.body))
    out.append(ctx.p(ctx.t("annex_log_anchor"), s.small))
    out.append(ctx.p(f"{ctx.t('vault_id')}{sep(ctx)}{ctx.vault.vault_id}", s.small))
    manifest = ctx.request.bundle_manifest_sha256
    out.append(ctx.p(ctx.t("annex_manifest").format(h=manifest) if manifest
                     else ctx.t("annex_no_bundle"), s.strong))
    if annex_timestamp(ctx):
        out.append(ctx.p(annex_timestamp(ctx)))
    out += [ctx.p(ctx.t("annex_check")),
            ctx.u("sha256sum -c SHA256SUMS\nopenssl pkeyutl -verify -pubin -inkey signing-key.pem "
                  "-rawin -in manifest.json -sigfile manifest.sig", s.mono),
            ctx.p(ctx.t("annex_hashes"), s.h3)]
    rows: list[list[Any]] = [[ctx.t("col_piece"), ctx.t("sha256"), ctx.t("imported")]]
    for ex in ctx.exhibits:
        o = ex.item.original
        rows.append([str(ex.number), ctx.p(o.sha256 if o else "—", s.mono),
                     local(ctx, o.imported_at, utc=True) if o else "—"])
    out.append(table(ctx, rows, [0.8, 5.4, 2.8]))
    return out + key_pages.signature_block(ctx) + key_pages.attestation(ctx)
