"""The chronology of the facts: one row per act, ordered by when it happened.

Each message chosen as an exhibit is a row of its own; a whole conversation is one row at its
first message, followed by a summary (first and last message, how many came from the presumed
author, per day or per week) so that the repetition harassment requires (C. pén. 222-33-2-2)
shows at a glance. An exhibit with no date of the facts goes last, its import time given only as
such.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import TableStyle
from reportlab.platypus.flowables import Flowable

from evidencekit.core.db import Connection
from evidencekit.core.timeutil import parse_iso
from evidencekit.dossier.date_labels import date_value, event_line, export_reading, sep
from evidencekit.dossier.event_dates import EventDate, event_of, first_message, last_message
from evidencekit.dossier.exhibits import Exhibit
from evidencekit.dossier.pdf import Ctx
from evidencekit.dossier.sections import cut, has_messages, nature, table

SUMMARY_BG = colors.HexColor("#F4F6F8")
DAYS_MAX = 31  # beyond this many days with messages, counts go per week
BUCKETS_MAX = 60  # weeks listed before going per month; beyond (500 years) the rest is said


@dataclass(frozen=True)
class ChatCounts:
    """Who wrote how much, and when, in one conversation."""

    total: int
    per_sender: dict[str, int]
    presumed: tuple[str, ...]  # senders recognised as the presumed author(s)
    buckets: list[tuple[str, int]]  # (day, week start or month, messages of the author)
    period: str  # "day", "week" or "month"

    @property
    def weekly(self) -> bool:
        return self.period == "week"


def _aliases(ctx: Ctx, ex: Exhibit) -> set[str]:
    names = {ex.item.annotations.author}
    for author in ctx.info.authors:
        names.add(author.name)
        for part in author.pseudonyms.replace(";", ",").split(","):
            names.add(part)
    return {n.strip().casefold() for n in names if n.strip()}


def chat_counts(conn: Connection, item_id: int, tz: ZoneInfo, aliases: set[str]) -> ChatCounts:
    rows = conn.execute("SELECT sender, COALESCE(sent_at, sent_at_utc) FROM messages"
                        " WHERE item_id = ? AND kind != 'system'", (item_id,)).fetchall()
    per_sender = Counter(str(r[0] or "—") for r in rows)
    presumed = tuple(s for s in per_sender if s.strip().casefold() in aliases)
    counted = [r for r in rows if not presumed or str(r[0] or "—") in presumed]
    days: Counter[datetime] = Counter()
    for _sender, stamp in counted:
        try:
            moment = parse_iso(str(stamp))
            moment = moment if moment.tzinfo else moment.replace(tzinfo=tz)
            here = moment.astimezone(tz)
        except (ValueError, OverflowError):
            continue
        days[datetime(here.year, here.month, here.day)] += 1
    # Per day while it fits; per week, then per month for long conversations, so that the
    # whole span is listed (the last acts matter as much as the first).
    period, fmt, grouped = "day", "%Y-%m-%d", days
    if len(days) > DAYS_MAX:
        period, grouped = "week", _regroup(days, lambda d: d - timedelta(days=d.weekday()))
    if len(grouped) > BUCKETS_MAX:
        period, fmt = "month", "%Y-%m"
        grouped = _regroup(days, lambda d: datetime(d.year, d.month, 1))
    buckets = [(f"{d:{fmt}}", n) for d, n in sorted(grouped.items())]
    return ChatCounts(len(rows), dict(per_sender), presumed, buckets, period)


def _regroup(counts: Counter[datetime], key: Callable[[datetime], datetime]) -> Counter[datetime]:
    grouped: Counter[datetime] = Counter()
    for day, n in counts.items():
        grouped[key(day)] += n
    return grouped


def chat_summary(ctx: Ctx, ex: Exhibit, first: EventDate | None) -> str:
    counts = chat_counts(ctx.conn, ex.item.id, ctx.tz, _aliases(ctx, ex))
    last = last_message(ctx.conn, ex.item.id, ctx.tz)
    parts: list[str] = []
    if first is not None and last is not None:
        parts.append(ctx.t("chat_span").format(n=counts.total,
                                               first=date_value(ctx, first, brief=True),
                                               last=date_value(ctx, last, brief=True)) + ".")
    if counts.presumed:
        who = ", ".join(counts.presumed)
        n = sum(counts.per_sender[s] for s in counts.presumed)
        parts.append(ctx.t("chat_author").format(who=who, n=n) + ".")
    else:
        listed = ", ".join(f"{s} {n}" for s, n in sorted(counts.per_sender.items(),
                                                          key=lambda kv: -kv[1])[:12])
        parts.append(ctx.t("chat_no_author").format(list=listed) + ".")
    if counts.buckets:
        shown = counts.buckets[:BUCKETS_MAX]
        listing = " ; ".join(f"{d} : {n}" if ctx.lang == "fr" else f"{d}: {n}" for d, n in shown)
        if len(counts.buckets) > BUCKETS_MAX:
            listing += " " + ctx.t("chat_more").format(n=len(counts.buckets) - BUCKETS_MAX)
        head = ctx.t("chat_per_" + counts.period)
        if not counts.presumed:  # then the counts are of every sender's messages
            head = f"{ctx.t('chat_all')} {head}"
        parts.append(f"{head[:1].upper()}{head[1:]}{sep(ctx)}{listing}.")
    reading = export_reading(ctx, ex.item.id)
    if reading is not None and reading[1]:  # times read in another zone than the case's
        parts.append(reading[0])
    return " ".join(parts)


def _is_chat(ctx: Ctx, ex: Exhibit) -> bool:
    return ex.message is None and has_messages(ctx, ex.item.id)


def chronology(ctx: Ctx) -> list[Flowable]:
    """The chronology section: the zone note, then the acts in time order."""
    entries: list[tuple[datetime, int, list[Any], str]] = []
    for ex in ctx.exhibits:
        a = ex.item.annotations
        chat = _is_chat(ctx, ex)
        ev = first_message(ctx.conn, ex.item.id, ctx.tz) if chat else None
        ev = ev or event_of(ctx.conn, ex, ctx.tz)
        key = ev.sort_key(ctx.tz) if ev is not None else datetime.max.replace(tzinfo=ctx.tz)
        sender = str(ex.message.get("sender") or "") if ex.message else ""
        stamp = f"{ctx.t('ev_sent')}{sep(ctx)}{date_value(ctx, ev, brief=True)}" \
            if chat and ev is not None else event_line(ctx, ex)
        cells: list[Any] = [cut(stamp, 240), cut(a.platform, 60), cut(sender or a.author, 80),
                            nature(ctx, ex), cut(a.url, 300), str(ex.number)]
        entries.append((key, ex.number, cells, chat_summary(ctx, ex, ev) if chat else ""))
    entries.sort(key=lambda e: (e[0], e[1]))
    rows: list[list[Any]] = [[ctx.t(k) for k in ("col_when", "col_platform", "col_pseudo",
                                                  "col_nature", "col_url", "col_piece")]]
    spans: list[int] = []
    summary_style = ParagraphStyle("chat-summary", parent=ctx.styles.cell, leftIndent=8,
                                   rightIndent=8)
    for _key, _n, cells, summary in entries:
        rows.append(cells)
        if summary:
            spans.append(len(rows))
            para = ctx.p(cut(summary, 4000), summary_style)
            # A span shows its first cell; in Arabic `table` mirrors the row, so it goes last.
            blank: list[Any] = [""] * 5
            rows.append(blank + [para] if ctx.lang == "ar" else [para, *blank])
    tbl = table(ctx, rows, [3.3, 1.3, 1.5, 1.6, 3.1, 0.7])
    if spans:
        tbl.setStyle(TableStyle([cmd for r in spans for cmd in (
            ("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), SUMMARY_BG))]))
    note = ctx.p(ctx.t("zone_note").format(zone=ctx.tz.key), ctx.styles.small)
    return [ctx.heading("chronology"), note, tbl]
