"""Translations in the dossier: beside each original, labelled as the victim's, and what lacks one.

Which texts need a translation depends on who reads the dossier, not on its language: a French
officer reading an Arabic-language dossier still needs darija in French, and a Moroccan court
reads Arabic (darija written in Arabic letters is readable there) but may need French text in
Arabic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Table, TableStyle
from reportlab.platypus.flowables import Flowable

from evidencekit.core.blobreader import open_reader
from evidencekit.core.evidence import derived_data, latest_derived
from evidencekit.core.translations import message_translations, translation_of
from evidencekit.dossier.date_labels import comma
from evidencekit.dossier.exhibits import Exhibit
from evidencekit.dossier.pdf import Ctx

TEXT_MAX = 20_000
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")
# Darija in Latin letters ("arabizi") writes ع, ح, ق… as 3, 7, 9 inside words: "n7ot", "3la".
_ARABIZI = re.compile(r"\b(?:[a-z]+[23579][a-z]+|[23579][a-z]{2,})\b", re.IGNORECASE)
_LATIN_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]{3,}")


def _without_addresses(text: str) -> str:
    # Word by word, not with a regex like \S+://\S+: on a 1 MB message without spaces that
    # backtracks from every position (quadratic: a dossier took hours). The first TEXT_MAX
    # characters are enough to tell the language.
    return " ".join(word for word in text[:TEXT_MAX].split()
                    if "://" not in word and "@" not in word and not word.startswith("www."))


def needs_translation(text: str, moroccan: bool) -> bool:
    """Whether a text is unreadable to the recipient without a translation."""
    text = _without_addresses(text)
    if moroccan:
        return not _ARABIC.search(text) and len(_LATIN_WORD.findall(text)) >= 2 \
            and not _ARABIZI.search(text)
    return bool(_ARABIC.search(text) or _ARABIZI.search(text))


@dataclass(frozen=True)
class PieceTranslation:
    number: int
    needing: int  # texts of the piece that need a translation
    lacking: int  # of those, how many have none yet
    translated: int  # texts of the piece with a translation (needed or not)

    @property
    def missing(self) -> bool:
        return self.lacking > 0


def _item_text(ctx: Ctx, ex: Exhibit) -> str:
    """The words of a non-chat piece: its text file or journal, else the OCR of its image."""
    item, o = ex.item, ex.item.original
    if o is None or item.removal is not None:
        return ""
    if item.kind in ("journal", "paste") or o.media_type.startswith("text/"):
        with open_reader(ctx.conn, item.id) as stream:
            return stream.read(TEXT_MAX * 4).decode("utf-8", "replace")
    ocr = latest_derived(ctx.conn, item.id, "ocr")
    return derived_data(ctx.conn, ocr.id).decode("utf-8", "replace") if ocr is not None else ""


def piece_status(ctx: Ctx, ex: Exhibit) -> PieceTranslation:
    moroccan = ctx.moroccan
    item_id = ex.item.id
    if ex.message is not None:
        done = bool(translation_of(ctx.conn, item_id, int(ex.message["id"])))
        need = needs_translation(str(ex.message.get("text") or ""), moroccan)
        return PieceTranslation(ex.number, int(need), int(need and not done), int(done))
    done_msgs = message_translations(ctx.conn, item_id)
    needing = lacking = count = 0
    # System lines ("Messages are end-to-end encrypted", "<Media omitted>") are the app's words,
    # not the evidence's: they never need a translation.
    for mid, text, kind in ctx.conn.execute("SELECT id, text, kind FROM messages"
                                            " WHERE item_id = ?", (item_id,)):
        count += 1
        if kind != "message":
            continue
        if needs_translation(str(text), moroccan):
            needing += 1
            lacking += int(int(mid) not in done_msgs)
    own = bool(translation_of(ctx.conn, item_id))
    # A chat's file is read through its messages; its raw text is not a second text to translate.
    if not count and needs_translation(_item_text(ctx, ex), moroccan):
        needing += 1
        lacking += int(not own)
    return PieceTranslation(ex.number, needing, lacking, len(done_msgs) + int(own))


def beside(ctx: Ctx, original: Flowable, translation: str, width: float) -> Flowable:
    """The original and the victim's translation side by side (mirrored in Arabic)."""
    label = ctx.p(ctx.t("translation_label"), ctx.styles.small)
    text = ctx.p(translation, ctx.styles.cell)
    cells: list[Any] = [original, [label, text]]
    if ctx.lang == "ar":
        cells.reverse()
    tbl = Table([cells], colWidths=[width / 2, width / 2], splitInRow=1)
    tbl.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBEFORE", (1, 0), (1, 0), 0.4, colors.HexColor("#B8C2CC")),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return tbl


def item_translation(ctx: Ctx, ex: Exhibit) -> list[Flowable]:
    """Below a piece's content: the victim's translation of the item itself, when there is one."""
    if ex.message is not None:
        return []
    text = translation_of(ctx.conn, ex.item.id)
    if not text:
        return []
    return [ctx.p(ctx.t("translation_label"), ctx.styles.h3), ctx.p(text)]


def quoted(ctx: Ctx, ex: Exhibit) -> str:
    """The translation to add after a quoted piece in a fiche ("" when none)."""
    mid = int(ex.message["id"]) if ex.message is not None else None
    text = translation_of(ctx.conn, ex.item.id, mid)
    return f" — {ctx.t('translation_label')} : « {text} »" if text else ""


def translations_section(ctx: Ctx) -> list[Flowable]:
    """Which pieces carry a translation and which still lack one; nothing when none concerns it."""
    from evidencekit.dossier.sections import table

    statuses = [piece_status(ctx, ex) for ex in ctx.exhibits]
    shown = [s for s in statuses if s.needing or s.translated]
    if not shown:
        return []
    note = "translations_note_ma" if ctx.moroccan else "translations_note_fr"
    out: list[Flowable] = [ctx.heading("translations"), ctx.p(ctx.t(note), ctx.styles.strong)]
    rows: list[list[Any]] = [[ctx.t("col_piece"), ctx.t("col_to_translate"),
                              ctx.t("col_translated"), ctx.t("col_lacking")]]
    rows += [[str(s.number), str(s.needing), str(s.translated), str(s.lacking)] for s in shown]
    missing = [str(s.number) for s in statuses if s.missing]
    bold = frozenset(r for r, s in enumerate(shown, 1) if s.missing)
    out.append(table(ctx, rows, [1, 2, 2, 2], bold_rows=bold))
    pieces = comma(ctx).join(missing)
    out.append(ctx.p(ctx.t("missing_translations").format(pieces=pieces) if missing
                     else ctx.t("no_missing_translations"), ctx.styles.strong))
    return out
