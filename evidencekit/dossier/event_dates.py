"""What each date of an exhibit is — published, sent, incident, captured by the device, seen,
imported — read in the case's time zone.

A dossier that dates a message by the day it was imported hands the defence an argument: every
date here keeps its kind, and the import time is never an event (it only ever shows as such).
The case's zone: the vault's zone when it names a place; a vault created on a machine set to UTC
(a server, a live USB) says nothing about where the victim lives, so French recipients then get
Europe/Paris and Moroccan ones Africa/Casablanca.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from evidencekit.core.db import Connection
from evidencekit.core.message_notes import clock_label
from evidencekit.core.timeutil import parse_iso, zone
from evidencekit.dossier.exhibits import Exhibit
from evidencekit.dossier.legal import parse_when
from evidencekit.dossier.request import MOROCCAN

# Precedence of the event that dates an exhibit (the brief: publication, else message time,
# else the victim's dated account, else EXIF capture, else when it was seen).
EVENT_KINDS = ("published", "sent", "occurred", "captured", "seen")
IMPORTED = "imported"
DEFAULT_ZONES = {"fr": "Europe/Paris", "ma": "Africa/Casablanca"}

_MONTHS = {
    "janvier": 1, "janv": 1, "january": 1, "jan": 1, "février": 2, "fevrier": 2, "févr": 2,
    "fevr": 2, "february": 2, "feb": 2, "mars": 3, "march": 3, "mar": 3, "avril": 4, "avr": 4,
    "april": 4, "apr": 4, "mai": 5, "may": 5, "juin": 6, "june": 6, "jun": 6, "juillet": 7,
    "juil": 7, "july": 7, "jul": 7, "août": 8, "aout": 8, "august": 8, "aug": 8, "septembre": 9,
    "sept": 9, "september": 9, "sep": 9, "octobre": 10, "oct": 10, "october": 10, "novembre": 11,
    "nov": 11, "november": 11, "décembre": 12, "decembre": 12, "déc": 12, "dec": 12,
    "december": 12,
}
_DAY_MONTH = re.compile(r"^\s*(\d{1,2})(?:er)?\s+([a-zéèûô]+)\.?,?\s+(\d{4})\b", re.I)
_MONTH_DAY = re.compile(r"^\s*([a-zéèûô]+)\.?\s+(\d{1,2}),?\s+(\d{4})\b", re.I)
# "il y a 2 h", "2 h", "3 j", "2 sem", "5 min", "3 days ago", "2h": how platforms show age.
_RELATIVE = re.compile(r"^\s*(?:il y a\s+)?(\d{1,3})\s*(min|minutes?|h|heures?|hours?|j|jours?"
                       r"|d|days?|sem|semaines?|w|weeks?|mois|months?|ans?|years?|y)\.?"
                       r"(?:\s+ago)?\s*$", re.I)
# Months and years are taken long (31 and 366 days): the earliest possible day is what counts.
_UNITS = {"min": timedelta(minutes=1), "h": timedelta(hours=1), "j": timedelta(days=1),
          "d": timedelta(days=1), "sem": timedelta(weeks=1), "w": timedelta(weeks=1),
          "mo": timedelta(days=31), "a": timedelta(days=366), "y": timedelta(days=366)}
_UNIT_ORDER = ("min", "mo", "sem", "h", "j", "d", "w", "a", "y")
# "hier à 21:05", "Yesterday at 9:05 PM" is not read (12-hour clocks vary); "aujourd'hui à …".
_DAY_WORD = re.compile(r"^\s*(hier|yesterday|aujourd'hui|aujourd’hui|today)\s*(?:à|at)?\s*"
                       r"(\d{1,2})[:h](\d{2})\s*$", re.I)
_EXIF = re.compile(r"^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?")
_OFFSET = re.compile(r"^([+-])(\d{2}):?(\d{2})$")


def case_zone(vault_zone: str, recipient: str, chosen: str | None = None) -> ZoneInfo:
    """The zone every date of a dossier is shown in (see the module's docstring); `chosen`, a
    zone the user picked for this export, wins (the caller checks it with `known_zone`)."""
    if chosen:
        return ZoneInfo(chosen)
    if _names_a_place(vault_zone):
        return zone(vault_zone)
    return ZoneInfo(DEFAULT_ZONES["ma" if recipient in MOROCCAN else "fr"])


def known_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return False
    return True


def _names_a_place(name: str) -> bool:
    # "Etc/UTC", "UTC", "UTC+01:00" (the device fallback) name no place; "Europe/Paris" does.
    if "/" not in name or name.startswith(("Etc/", "SystemV/")):
        return False
    try:
        ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return False
    return True


@dataclass(frozen=True)
class EventDate:
    """One dated fact about an exhibit."""

    kind: str  # one of EVENT_KINDS, or IMPORTED
    moment: datetime | None  # aware instant, when the time of day is known
    day: date | None  # the day in the case's zone (set alone when only the day is known)
    shown_as: str = ""  # the platform's own text when it is not an ISO instant ("il y a 2 h")
    approx: bool = False  # read from a relative display: `moment` is the earliest possible
    until: datetime | None = None  # with `approx`, the latest possible moment
    zone_guessed: bool = False  # a naive time (EXIF without offset) read in the case's zone

    def sort_key(self, tz: ZoneInfo) -> datetime:
        if self.moment is not None:
            return self.moment
        if self.day is not None:
            return datetime.combine(self.day, time(0), tz)
        return datetime.max.replace(tzinfo=UTC)


YEARS = range(1900, 2201)  # outside this, a date is a typo or an attack, not a fact to print


def _plausible(found: EventDate | None) -> bool:
    if found is None:
        return True
    return all(d is None or d.year in YEARS for d in (found.moment, found.until, found.day))


def read_display(kind: str, text: str, tz: ZoneInfo,
                 seen: datetime | None = None) -> EventDate | None:
    """A date as typed or displayed: ISO, `12/03/2026 21:05`, `12 mars 2026`, or `il y a 2 h`
    (relative to `seen`). None when there is no text; the text alone when nothing dates it."""
    try:
        found = _read_display(kind, text, tz, seen)
    except (OverflowError, ValueError):
        found = None
    else:
        if _plausible(found):
            return found
    return EventDate(kind, None, None, text.strip()) if text.strip() else None


def _read_display(kind: str, text: str, tz: ZoneInfo, seen: datetime | None) -> EventDate | None:
    text = text.strip()
    if not text:
        return None
    iso = "T" in text and text[:4].isdigit()
    moment = parse_when(text)
    shown_as = "" if iso else text
    if moment is not None:
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=tz)
        if not iso and not re.search(r"\d[:h]\d", text):
            return EventDate(kind, None, moment.date(), shown_as)  # a day without an hour
        # A platform shows times in the viewer's zone: read in the case's zone, said once in
        # the chronology's note (not flagged like a camera clock).
        return EventDate(kind, moment, moment.astimezone(tz).date(), shown_as)
    day = _named_month(text)
    if day is not None:
        return EventDate(kind, None, day, shown_as)
    named = _DAY_WORD.match(text)
    if named and seen is not None:
        back = 1 if named[1].lower() in ("hier", "yesterday") else 0
        day = seen.astimezone(tz).date() - timedelta(days=back)
        try:
            moment = datetime.combine(day, time(int(named[2]), int(named[3])), tz)
        except ValueError:
            return EventDate(kind, None, None, shown_as)
        return EventDate(kind, moment, day, shown_as)
    rel = _RELATIVE.match(text)
    if rel and seen is not None:
        unit = _UNITS[next(k for k in _UNIT_ORDER if rel[2].lower().startswith(k))]
        # "2 h" means between 2 and 3 hours before: the earliest possible moment is kept, so a
        # deadline counted from it is never later than the real one.
        earliest = seen - (int(rel[1]) + 1) * unit
        return EventDate(kind, earliest, earliest.astimezone(tz).date(), shown_as, approx=True,
                         until=seen - int(rel[1]) * unit)
    return EventDate(kind, None, None, shown_as)


def _named_month(text: str) -> date | None:
    m = _DAY_MONTH.match(text)
    parts = (m[1], m[2], m[3]) if m else None
    if parts is None:
        m = _MONTH_DAY.match(text)
        parts = (m[2], m[1], m[3]) if m else None
    if parts is None:
        return None
    month = _MONTHS.get(parts[1].lower().rstrip("."))
    if month is None:
        return None
    try:
        return date(int(parts[2]), month, int(parts[0]))
    except ValueError:
        return None


def exif_capture(facts: dict[str, Any], tz: ZoneInfo) -> EventDate | None:
    """EXIF DateTimeOriginal (with OffsetTimeOriginal when the device wrote it); None when
    absent or implausible (EXIF is written by whoever made the file)."""
    try:
        found = _exif_capture(facts, tz)
    except (OverflowError, ValueError):
        return None
    return found if _plausible(found) else None


def _exif_capture(facts: dict[str, Any], tz: ZoneInfo) -> EventDate | None:
    m = _EXIF.match(str(facts.get("exif_datetime_original") or ""))
    if not m:
        return None
    try:
        naive = datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6] or 0))
    except ValueError:
        return None
    off = _OFFSET.match(str(facts.get("exif_offset_time_original") or "").strip())
    if off:
        delta = timedelta(hours=int(off[2]), minutes=int(off[3]))
        moment = naive.replace(tzinfo=timezone(delta if off[1] == "+" else -delta))
        return EventDate("captured", moment, moment.astimezone(tz).date())
    moment = naive.replace(tzinfo=tz)
    return EventDate("captured", moment, moment.date(), zone_guessed=True)


def _message_time(msg: dict[str, Any], tz: ZoneInfo) -> EventDate | None:
    try:
        found = _message_time_of(msg, tz)
    except (OverflowError, ValueError):
        return None
    return found if _plausible(found) else None


def _message_time_of(msg: dict[str, Any], tz: ZoneInfo) -> EventDate | None:
    for key in ("sent_at", "sent_at_utc"):
        text = str(msg.get(key) or "")
        if text:
            try:
                moment = parse_iso(text)
            except ValueError:
                continue
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=tz)
            # A phone database's milliseconds were never displayed to anyone: not "shown as".
            shown = str(msg.get("sent_at_source") or "")
            return EventDate("sent", moment, moment.astimezone(tz).date(),
                             "" if shown.isdigit() else shown)
    source = str(msg.get("sent_at_source") or "")
    return read_display("sent", source, tz) if source else None


def first_message(conn: Connection, item_id: int, tz: ZoneInfo, *,
                  last: bool = False) -> EventDate | None:
    """The time of a conversation's first (or last) dated message, system notices left out."""
    row = conn.execute(
        "SELECT sent_at, sent_at_utc, sent_at_source FROM messages WHERE item_id = ?"
        " AND kind != 'system' AND (sent_at IS NOT NULL OR sent_at_utc IS NOT NULL)"
        " ORDER BY COALESCE(sent_at_utc, sent_at) " + ("DESC" if last else "ASC") + " LIMIT 1",
        (item_id,)).fetchone()
    if row is None:
        return None
    return _message_time({"sent_at": row[0], "sent_at_utc": row[1], "sent_at_source": row[2]},
                         tz)


def last_message(conn: Connection, item_id: int, tz: ZoneInfo) -> EventDate | None:
    return first_message(conn, item_id, tz, last=True)


def _seen(text: str, tz: ZoneInfo) -> datetime | None:
    moment = parse_when(text)
    if moment is None or moment.year not in YEARS:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def event_dates(conn: Connection, ex: Exhibit, tz: ZoneInfo) -> list[EventDate]:
    """Every event date known for an exhibit, in the order of EVENT_KINDS (no import time)."""
    a = ex.item.annotations
    if ex.message is not None:
        # A chosen message is dated by itself; the conversation's annotations describe the
        # whole export, so only when it was seen is kept as a fallback.
        return [d for d in (_message_time(ex.message, tz), read_display("seen", a.seen_at, tz))
                if d is not None]
    seen_moment = _seen(a.seen_at, tz)
    found: list[EventDate | None] = [read_display("published", a.published_at, tz, seen_moment),
                                     first_message(conn, ex.item.id, tz),
                                     read_display("occurred", a.occurred_at, tz)]
    if ex.item.original is not None:
        found.append(exif_capture(ex.item.original.facts, tz))
    found.append(read_display("seen", a.seen_at, tz))
    return [d for d in found if d is not None]


def event_of(conn: Connection, ex: Exhibit, tz: ZoneInfo) -> EventDate | None:
    """The event that places an exhibit in time: the first kind with a usable date."""
    for found in event_dates(conn, ex, tz):
        if found.day is not None:
            return found
    return None


def imported_of(ex: Exhibit, tz: ZoneInfo) -> EventDate:
    text = ex.item.original.imported_at if ex.item.original else ex.item.created_at
    moment = parse_iso(text)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return EventDate(IMPORTED, moment, moment.astimezone(tz).date())


def clock(moment: datetime, tz: ZoneInfo) -> str:
    """`2026-03-12 21:45 (UTC+01:00)`: local time in the case's zone with its offset (the
    viewer's notes use the same form, from core.message_notes)."""
    return clock_label(moment, tz)


def utc_clock(moment: datetime) -> str:
    """The technical annex's form: `2026-03-12 20:45:00 UTC`."""
    try:
        return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"
    except (OverflowError, ValueError):
        return moment.isoformat(timespec="seconds")
