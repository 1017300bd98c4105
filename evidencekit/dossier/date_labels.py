"""Dates as a dossier prints them: what the date is, local time in the case's zone, its offset.

`2026-03-12 21:45 (UTC+01:00)`; a day alone when the platform showed no hour; what the platform
displayed ("il y a 2 h") beside its reading. UTC alone is for the technical annex.
"""

from __future__ import annotations

import re

from evidencekit.dossier.event_dates import (
    EventDate,
    clock,
    event_dates,
    event_of,
    exif_capture,
    imported_of,
    last_message,
    read_display,
)
from evidencekit.dossier.exhibits import Exhibit
from evidencekit.dossier.pdf import Ctx
from evidencekit.dossier.reread_note import reread_pairs


def sep(ctx: Ctx) -> str:
    return " : " if ctx.lang == "fr" else ": "


def comma(ctx: Ctx) -> str:
    """Between the items of a list: Arabic has its own comma (a Latin one reads as foreign)."""
    return "، " if ctx.lang == "ar" else ", "


def date_value(ctx: Ctx, ev: EventDate, *, brief: bool = False) -> str:
    """The date itself: local time with offset, or the day, with what the source displayed
    (first, when not `brief`: the platform's words are the fact, our reading comes after)."""
    notes: list[str] = []
    if ev.approx and ev.moment is not None and ev.until is not None:
        # "il y a 2 h" seen at 10:12 means between 07:12 and 08:12: a range, not a minute.
        start, end = clock(ev.moment, ctx.tz), clock(ev.until, ctx.tz)
        if start[:10] == end[:10] and start[16:] == end[16:]:  # same day, same offset
            main = ctx.t("ev_between_times").format(day=start[:10], a=start[11:16],
                                                    b=end[11:16], off=start[17:])
        else:
            main = ctx.t("ev_between").format(a=start, b=end)
        notes.append(ctx.t("ev_relative").format(t=ev.shown_as))
    elif ev.moment is not None:
        main = clock(ev.moment, ctx.tz)
    elif ev.day is not None:
        main = f"{ev.day:%Y-%m-%d} ({ctx.t('ev_day_only')})"
    else:
        return ctx.t("ev_as_displayed").format(t=ev.shown_as)
    if ev.zone_guessed:
        notes.append(ctx.t("ev_zone_guessed"))
    text = main + (f" — {' ; '.join(notes)}" if notes else "")
    if ev.shown_as and not ev.approx and not brief:
        text = f"{ctx.t('ev_as_displayed').format(t=ev.shown_as)} — {text}"
    return text


def labelled(ctx: Ctx, ev: EventDate, *, brief: bool = False) -> str:
    """`publication : 2026-03-12 …`: every date says what it is."""
    return f"{ctx.t('ev_' + ev.kind)}{sep(ctx)}{date_value(ctx, ev, brief=brief)}"


def event_line(ctx: Ctx, ex: Exhibit, *, brief: bool = True) -> str:
    """The exhibit's event, labelled; with none, says so and gives the import only as such."""
    ev = event_of(ctx.conn, ex, ctx.tz)
    if ev is not None:
        return labelled(ctx, ev, brief=brief)
    return f"{ctx.t('ev_unknown')} — {labelled(ctx, imported_of(ex, ctx.tz))}"


def fiche_date_pairs(ctx: Ctx, ex: Exhibit, *, is_chat: bool) -> list[tuple[str, str]]:
    """(heading key, value) rows of an exhibit fiche for each kind of date, import last."""
    a, o, tz = ex.item.annotations, ex.item.original, ctx.tz
    na = ctx.t("not_given")
    seen = read_display("seen", a.seen_at, tz)
    seen_at = seen.moment if seen else None
    pairs: list[tuple[str, str]] = []
    if ex.message is not None:
        sent = event_of_message(ctx, ex)
        pairs.append(("row_sent", date_value(ctx, sent) if sent else na))
    else:
        published = read_display("published", a.published_at, tz, seen_at)
        if published is not None or not is_chat:  # a conversation is dated by its messages
            pairs.append(("published", date_value(ctx, published) if published else na))
        if is_chat:
            first = next((e for e in _dates(ctx, ex) if e.kind == "sent"), None)
            last = last_message(ctx.conn, ex.item.id, tz)
            if first is not None and last is not None:
                pairs.append(("row_first_last", f"{date_value(ctx, first, brief=True)} → "
                                                f"{date_value(ctx, last, brief=True)}"))
    occurred = read_display("occurred", a.occurred_at, tz)
    if occurred is not None:
        pairs.append(("row_occurred", date_value(ctx, occurred)))
    captured = exif_capture(o.facts, tz) if o else None
    if captured is not None:
        pairs.append(("row_captured", date_value(ctx, captured)))
    if is_chat or ex.message is not None:
        reading = export_reading(ctx, ex.item.id)
        if reading is not None:
            pairs.append(("row_time_rule", reading[0]))
        pairs += reread_pairs(ctx, ex.item.id)
    pairs.append(("seen", date_value(ctx, seen) if seen else na))
    pairs.append(("imported", date_value(ctx, imported_of(ex, tz))))
    return pairs


def event_of_message(ctx: Ctx, ex: Exhibit) -> EventDate | None:
    return next((e for e in _dates(ctx, ex) if e.kind == "sent"), None)


def _dates(ctx: Ctx, ex: Exhibit) -> list[EventDate]:
    return event_dates(ctx.conn, ex, ctx.tz)


def pharos_date_rows(ctx: Ctx, ex: Exhibit) -> list[list[str]]:
    """The form's "date de publication (telle qu'affichée)": the platform's text, never the seen
    or import time in its place; when it was seen, on a row of its own."""
    a, tz = ex.item.annotations, ctx.tz
    seen = read_display("seen", a.seen_at, tz)
    published = read_display("published", a.published_at, tz, seen.moment if seen else None)
    na = ctx.t("not_given")
    rows = [[ctx.t("published"), date_value(ctx, published) if published else na]]
    rows.append([ctx.t("seen"), date_value(ctx, seen) if seen else na])
    return rows


def bordereau_date(ctx: Ctx, ex: Exhibit) -> str:
    """`12/03/2026 (publication)`: the day of the facts and what it is; empty when unknown (the
    import day is not the date of a piece)."""
    ev = event_of(ctx.conn, ex, ctx.tz)
    if ev is None or ev.day is None:
        return ""
    return f"{ev.day:%d/%m/%Y} ({ctx.t('ev_' + ev.kind)})"


# How an importer read the naive times of an export (messages.time_rule, in English).
_RULE_ZONE = re.compile(r"read (?:as local time )?in ([A-Za-z][\w+\-/:]*)")
_UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/GMT", "GMT", "Etc/Universal", "Universal", "Zulu"})


def export_reading(ctx: Ctx, item_id: int) -> tuple[str, bool] | None:
    """How the export's naive times were read at import, and whether that zone differs from
    the case's (then every time shown may be off by the difference)."""
    rows = ctx.conn.execute("SELECT DISTINCT time_rule FROM messages WHERE item_id = ?"
                            " LIMIT 20", (item_id,)).fetchall()
    zones = sorted({m[1] for r in rows if (m := _RULE_ZONE.search(str(r[0] or "")))})
    if not zones:
        return None
    read = "UTC" if zones[0] in _UTC_NAMES else zones[0]
    if read == ctx.tz.key:
        return ctx.t("rule_read_in").format(zone=read), False
    return ctx.t("rule_mismatch").format(zone=read, case=ctx.tz.key, id=item_id), True
